"""What c7draft ships, for reference: the questionnaire outlines and the input files' JSON Schemas."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .shared import app, working_on


@app.command(short_help="List the questionnaire outlines shipped with c7draft.")
def outlines() -> None:
    """List the questionnaire outlines shipped with c7draft: their sections and whole prompts."""
    import textwrap

    from ..inputs import load_outline, shipped_outlines

    wrap = textwrap.TextWrapper(width=96, initial_indent=" " * 6, subsequent_indent=" " * 6)
    for path in shipped_outlines():
        outline = load_outline(path)
        typer.echo(f"{path.stem} (session {outline.session}): `outline: {path.stem}` in submission.yaml")
        for part in outline.parts:
            typer.echo(f"  Part {part.number}: {' '.join(part.title.split())}")
            for section in part.sections:
                typer.echo(f"    section {section.id}")
                if section.prompt:
                    typer.echo(wrap.fill(" ".join(section.prompt.split())))
        typer.echo("")
    typer.echo(
        "For a session with a new questionnaire, use a local outline: `c7draft init` writes a copy\n"
        "of last year's next to submission.yaml (or copy one of the files in\n"
        f"{shipped_outlines()[0].parent}), paste in the new prompts, and point `outline:`\n"
        'at it, e.g. `outline: outline-cstd30.yaml`. See docs/input-format.md, "Outlines".'
    )


class FileKind(str, Enum):
    submission = "submission"
    records = "records"
    outline = "outline"


@app.command()
def schema(
    kind: FileKind = typer.Argument(..., metavar="KIND", help="submission, records or outline."),
    folder: Path | None = typer.Option(
        None,
        "--folder",
        metavar="FOLDER",
        help="records only: the schema of this inputs folder, whose `section:` takes only the "
        "section ids of its outline (its records.schema.json).",
    ),
) -> None:
    """Print the JSON Schema of an input file kind.

    Editors with a YAML extension use it to complete keys and underline mistakes as you type;
    the files in schemas/ are the same (see docs/input-format.md). `init` and `import` write
    each kind's into the folder (submission.schema.json, records.schema.json, and
    outline.schema.json for a local outline); after changing the outline's sections, or after
    upgrading c7draft, write them again.

    Example: c7draft schema records --folder inputs/2026 > inputs/2026/records.schema.json
    """
    from ..inputs.schema import folder_records_schema, schema_text

    if folder is None:
        typer.echo(schema_text(kind.value), nl=False)
        return
    if kind is not FileKind.records:
        raise typer.BadParameter(
            "--folder goes with `records`: the other schemas are the same for every folder"
        )
    from ..inputs import folder_outline

    working_on(folder)
    typer.echo(folder_records_schema(*folder_outline(folder)), nl=False)
