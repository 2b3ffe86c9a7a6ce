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
    from .recycling import Thresholds

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
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if result.style_warnings:
        count = result.style_warnings
        typer.echo(f"{count} house-style warning{'s' if count != 1 else ''}: run c7draft validate {folder}", err=True)
    typer.echo(f"Wrote {result.output.resolve()} ({result.footnotes} footnotes; "
               f"{result.flagged} bullets or paragraphs commented as recycled)")


@app.command()
def check(
    draft: Path = typer.Argument(..., metavar="DRAFT", help="A YAML inputs folder, or a draft in .docx, .md, .txt or .pdf."),
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
    from . import recycling, report
    from .fileio import write_text_atomically

    try:
        threshold = recycling.Band.parse(fail_on) if fail_on else None
    except ValueError:
        raise typer.BadParameter("use verbatim, near-verbatim, light-edit or moderate-edit",
                                 param_hint="--fail-on") from None
    result = recycling.check_path(draft, against=against, thresholds=_thresholds(bands),
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


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def validate(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="Folder holding submission.yaml and the entities' records files."),
    fmt: ProblemFormat = typer.Option(ProblemFormat.text, "--format", help="text or json."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when there are warnings (and no errors)."),
) -> None:
    """Report every error and warning of FOLDER in one run: YAML and markup errors,
    consistency checks and UN house style, sorted by file and line.

    Exit 0 without errors, 2 with errors, 1 under --strict with warnings only.

    Example: c7draft validate sample_inputs/2025 --format json
    """
    from .validate import exit_code, render_json, render_text, validate as validate_folder

    problems = validate_folder(folder)
    typer.echo(render_json(problems) if fmt is ProblemFormat.json else render_text(problems))
    code = exit_code(problems, strict)
    if code:
        raise typer.Exit(code)


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def stats(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="Folder holding submission.yaml."),
    fmt: StatsFormat = typer.Option(StatsFormat.table, "--format", help="table or json."),
) -> None:
    """Count bullets, words and footnotes per agency and per Part, against `word_limit:`
    (per bullet, default 120) and `part_word_budget:` in submission.yaml.

    Example: c7draft stats sample_inputs/2025
    """
    from .stats import render_json as stats_json, render_table, stats_for

    result = stats_for(folder)
    typer.echo(stats_json(result) if fmt is StatsFormat.json else render_table(result))


@app.command()
def preview(folder: Path = typer.Argument(..., metavar="FOLDER", help="Folder holding submission.yaml.")) -> None:
    """Print the assembled submission as Markdown, footnotes included, without writing a .docx.

    Example: c7draft preview sample_inputs/2025 | less
    """
    from .assemble import load_draft
    from .preview import to_markdown

    typer.echo(to_markdown(load_draft(folder)), nl=False)


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
