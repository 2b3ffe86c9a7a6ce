"""The c7draft command line: parse arguments, call the library, print, set the exit code.

Every user error is a C7DraftError; ``main`` prints its message and exits 2, never a
traceback. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .errors import C7DraftError

app = typer.Typer(
    help="Draft the joint WSIS Action Line C7 input to the CSTD as a Word document, "
         "and flag text recycled from earlier submissions.",
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
)


BANDS_HELP = ("Lowest scores of the near-verbatim, light-edit and moderate-edit bands; "
              "below the last, nothing is flagged.")


def _thresholds(bands: Optional[str]):
    from .check import Thresholds

    try:
        return Thresholds.parse(bands) if bands else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--bands") from None


class Format(str, Enum):
    table = "table"
    json = "json"
    html = "html"


@app.command()
def build(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="Folder holding submission.yaml and the entities' records files."),
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Where to write the .docx (default: c7-input-cstdNN.docx in the current folder)."),
    check: bool = typer.Option(True, "--check/--no-check",
                               help="Compare bullets with prior submissions and add Word comments on recycled text."),
    against: Optional[List[Path]] = typer.Option(None, "--against",
                                                 help="Prior submissions to check against, instead of the shipped seeds."),
    bands: Optional[str] = typer.Option(None, "--bands", metavar="95,85,75", help=BANDS_HELP),
    reference: Optional[Path] = typer.Option(None, "--reference", metavar="STYLES.docx",
                                             help="A .docx whose styles the draft takes (default: the shipped "
                                                  "templates/reference.docx). Restyle a copy in Word."),
    force: bool = typer.Option(False, "--force",
                               help="Replace the output even if it was edited after c7draft wrote it."),
) -> None:
    """Assemble the submission in FOLDER into a Word document with real footnotes.

    Example: c7draft build sample_inputs/2025 -o out/c7-input-cstd29.docx
    """
    from .build import build_submission

    result = build_submission(folder, output, check=check, against=against, force=force,
                              thresholds=_thresholds(bands), reference=reference,
                              progress=sys.stderr.isatty())
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(f"Wrote {result.output.resolve()} ({result.footnotes} footnotes; "
               f"{result.flagged} comment{'s' if result.flagged != 1 else ''} on recycled text)")


@app.command()
def check(
    draft: Path = typer.Argument(..., metavar="DRAFT", help="A YAML inputs folder, one agency's records file "
                                 "(FOLDER/agency.yaml), or a draft in .docx, .md, .txt or .pdf."),
    against: Optional[List[Path]] = typer.Option(None, "--against",
                                                 help="Prior submissions (files or folders) instead of the shipped seeds."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, json or html."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here instead of the terminal."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="BAND",
                                          help="Exit 1 if any match is at or above BAND: verbatim, "
                                               "near-verbatim, light-edit, moderate-edit."),
    bands: Optional[str] = typer.Option(None, "--bands", metavar="95,85,75", help=BANDS_HELP),
) -> None:
    """Flag bullets recycled from earlier submissions, verbatim or lightly edited.

    Example: c7draft check sample_inputs/2025 --format html -o report.html --fail-on light-edit
    """
    from .check import Band, check_path, report
    from .fileio import write_text_atomically

    try:
        threshold = Band.parse(fail_on) if fail_on else None
    except ValueError:
        raise typer.BadParameter("use verbatim, near-verbatim, light-edit or moderate-edit",
                                 param_hint="--fail-on") from None
    result = check_path(draft, against=against, thresholds=_thresholds(bands),
                                  progress=sys.stderr.isatty())
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    render = {Format.table: report.render_table, Format.json: report.render_json,
              Format.html: report.render_html}[fmt]
    text = render(result)
    if output is not None:
        write_text_atomically(output, text)
        typer.echo(f"Wrote {output} ({len(result.matches)} matches)", err=True)
    else:
        typer.echo(text)
    if threshold is not None and result.has_band_at_least(threshold):
        raise typer.Exit(1)


@app.command()
def preview(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="Folder holding submission.yaml."),
    check: bool = typer.Option(True, "--check/--no-check",
                               help="Compare with prior submissions and show each finding as a note "
                                    "[^check-N] after its sentence."),
    against: Optional[List[Path]] = typer.Option(None, "--against",
                                                 help="Prior submissions to check against, instead of the shipped seeds."),
) -> None:
    """Print the assembled submission as Markdown, footnotes and findings included, without writing a .docx.

    Example: c7draft preview sample_inputs/2025 | less
    """
    from .assemble import load_draft
    from .build import add_findings
    from .preview import to_markdown

    draft = load_draft(folder)
    if check:
        _, notes = add_findings(draft, against=against, name=folder.resolve().name)
        for note in notes:
            typer.echo(f"note: {note}", err=True)
    typer.echo(to_markdown(draft), nl=False)


@app.command()
def outlines() -> None:
    """List the questionnaire outlines shipped with c7draft and their sections."""
    from .inputs import load_outline, shipped_outlines

    for path in shipped_outlines():
        outline = load_outline(path)
        typer.echo(f"{path.stem} (session {outline.session})")
        for part in outline.parts:
            for section in part.sections:
                prompt = " ".join((section.prompt or "(no prompt)").split())
                typer.echo(f"  {section.id:<4} Part {part.number}: {prompt[:80]}")


def main() -> None:
    """Run the CLI; a user error prints its message and exits 2, with no traceback."""
    try:
        app()  # standalone: click handles usage errors (exit 2) and typer.Exit itself
    except C7DraftError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
