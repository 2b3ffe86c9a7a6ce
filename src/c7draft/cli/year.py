"""Starting a year: next year's inputs folder (`init`), or one made from a prior submission
(`import`).
"""

from __future__ import annotations

from pathlib import Path

import typer

from .shared import app


@app.command(short_help="Start next year's inputs folder.")
def init(
    folder: Path = typer.Argument(
        ..., metavar="NEW_DIR", help="The new inputs folder (must not exist, or be empty)."
    ),
    last: Path | None = typer.Option(
        None,
        "--from",
        metavar="LAST_DIR",
        help="Last year's inputs folder: entities, spellings, lead and outline carry over.",
    ),
    session: int | None = typer.Option(
        None,
        "--session",
        metavar="N",
        help="The new CSTD session (default: last year's + 1; required without --from).",
    ),
) -> None:
    """Start next year's submission: a folder that builds at once into a skeleton .docx.

    Example: c7draft init inputs/2026 --from inputs/2025
    """
    from ..yearly import init_submission

    result = init_submission(folder, last=last, session=session)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"Wrote {result.folder} for the {_ordinal(result.session)} session: {', '.join(result.files)}")


@app.command(name="import", short_help="Turn a prior submission into an inputs folder.")
def import_(
    source: Path = typer.Argument(..., metavar="FILE", help="A prior submission: .docx, .pdf, .md or .txt."),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        metavar="NEW_DIR",
        help="The inputs folder to write (must not exist, or be empty).",
    ),
) -> None:
    """Turn a prior submission back into an inputs folder that builds the same document.

    Example: c7draft import c7-input-cstd27.docx -o inputs/2023
    """
    from ..yearly.importer import import_submission

    result = import_submission(source, output)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    counts = ", ".join(f"{name} ({n})" for name, n in result.records.items())
    typer.echo(
        f"Wrote {result.folder} for the {_ordinal(result.session)} session, outline {result.outline}: "
        f"records in {counts}"
    )


def _ordinal(number: int) -> str:
    from ..session import ordinal_number

    return ordinal_number(number)
