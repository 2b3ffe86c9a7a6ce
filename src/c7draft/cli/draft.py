"""The draft's commands: build the Word document, validate the folder, count it against the
limits, preview it as Markdown.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from ..languages import LANGUAGES
from ..wording import plural
from .shared import AGAINST, ALSO, BANDS, app, parse_bands, print_result, working_on


@app.command(short_help="Build the Word document from a submission folder.")
def build(
    folder: Path = typer.Argument(
        ..., metavar="FOLDER", help="Folder holding submission.yaml and the entities' records files."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE.docx",
        help="Where to write the .docx, or a folder to write c7-input-cstdNN.docx into "
        "(default: c7-input-cstdNN.docx in the current folder).",
    ),
    check: bool = typer.Option(
        True,
        "--check/--no-check",
        help="Compare bullets with prior submissions and add Word comments on recycled text.",
    ),
    against: list[Path] | None = AGAINST,
    also: list[Path] | None = ALSO,
    bands: str | None = BANDS,
    reference: Path | None = typer.Option(
        None,
        "--reference",
        metavar="STYLES.docx",
        help="A .docx whose styles the draft takes (default: the shipped "
        "templates/reference.docx). Restyle a copy in Word.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace the output even if it was edited after c7draft wrote it."
    ),
    lang: str | None = typer.Option(
        None,
        "--lang",
        metavar="LANG",
        help=f"Proofing language of the text: {', '.join(LANGUAGES)} "
        "(default: submission.yaml's `language:`, else en-GB).",
    ),
) -> None:
    """Assemble the submission in FOLDER into a Word document with real footnotes.

    Example: c7draft build sample_inputs/2025 -o out/c7-input-cstd29.docx
    """
    if lang is not None and lang not in LANGUAGES:
        raise typer.BadParameter(f"use one of {', '.join(LANGUAGES)}", param_hint="--lang")
    from ..build import build_submission

    working_on(folder)
    result = build_submission(
        folder,
        output,
        check=check,
        against=against,
        also=also,
        force=force,
        thresholds=parse_bands(bands),
        reference=reference,
        progress=sys.stderr.isatty(),
        language=lang,
        parallel=True,
    )
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if result.style_warnings:
        typer.echo(
            f"{plural(result.style_warnings, 'house-style warning')}: run c7draft validate {folder}", err=True
        )
    typer.echo(
        f"Wrote {result.output.resolve()} ({plural(result.footnotes, 'footnote')}; "
        f"{plural(result.flagged, 'comment')} on recycled text)"
    )


class ProblemFormat(str, Enum):
    text = "text"
    json = "json"


@app.command(short_help="Report every error and warning of a folder at once.")
def validate(
    folder: Path = typer.Argument(
        ..., metavar="FOLDER", help="Folder holding submission.yaml and the entities' records files."
    ),
    fmt: ProblemFormat = typer.Option(
        ProblemFormat.text, "--format", help="How to write the problems: text, or json for scripts."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when there are warnings (and no errors)."),
) -> None:
    """Report every error and warning of FOLDER in one run: YAML and markup errors,
    consistency checks and UN house style, sorted by file and line.

    Exit 0 without errors, 2 with errors, 1 under --strict with warnings only.

    Example: c7draft validate sample_inputs/2025 --format json
    """
    from ..validate import exit_code, render_json, render_text
    from ..validate import validate as validate_folder

    working_on(folder)
    problems = validate_folder(folder)
    print_result(render_json(problems) if fmt is ProblemFormat.json else render_text(problems))
    code = exit_code(problems, strict)
    if code:
        raise typer.Exit(code)


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


@app.command(short_help="Count bullets, words and footnotes against the limits.")
def stats(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="Folder holding submission.yaml."),
    fmt: StatsFormat = typer.Option(
        StatsFormat.table, "--format", help="How to write the counts: a table, or json for scripts."
    ),
) -> None:
    """Count bullets, words and footnotes per agency and per Part, against `word_limit:`
    (per bullet, default 120) and `part_word_budget:` in submission.yaml.

    Example: c7draft stats sample_inputs/2025
    """
    from ..validate.stats import render_json as stats_json
    from ..validate.stats import render_table, stats_for

    working_on(folder)
    result = stats_for(folder)
    typer.echo(stats_json(result) if fmt is StatsFormat.json else render_table(result))


@app.command(short_help="Print the assembled submission as Markdown.")
def preview(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="Folder holding submission.yaml."),
    check: bool = typer.Option(
        True,
        "--check/--no-check",
        help="Compare with prior submissions and show each finding as a note [^check-N] after its sentence.",
    ),
    against: list[Path] | None = AGAINST,
    also: list[Path] | None = ALSO,
) -> None:
    """Print the assembled submission as Markdown, footnotes and findings included, without writing a .docx.

    Example: c7draft preview sample_inputs/2025 | less
    """
    from ..assemble import load_draft
    from ..build import add_findings
    from ..preview import to_markdown

    working_on(folder)
    draft = load_draft(folder)
    if check:
        _, notes = add_findings(draft, against=against, also=also, name=folder.resolve().name)
        for note in notes:
            typer.echo(f"note: {note}", err=True)
    for warning in draft.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(to_markdown(draft), nl=False)
