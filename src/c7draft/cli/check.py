"""`c7draft check`: one draft or many against the prior submissions, and against each other."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from ..wording import plural
from .shared import ALSO, BANDS, app, parse_bands, print_result, working_on


class Format(str, Enum):
    table = "table"
    json = "json"
    html = "html"


@app.command(short_help="Flag bullets recycled from earlier submissions.")
def check(
    drafts: list[Path] = typer.Argument(
        ...,
        metavar="DRAFT...",
        help="A YAML inputs folder, one agency's records file "
        "(FOLDER/agency.yaml), or a draft in .docx, .md, .txt or .pdf; several, or a folder of "
        "drafts, are checked in one run, against the priors and against each other.",
    ),
    against: list[Path] | None = typer.Option(
        None,
        "--against",
        metavar="PATH",
        help="Prior submissions (files or folders) instead of the shipped "
        "seeds and the submission's `priors:`; repeatable.",
    ),
    also: list[Path] | None = ALSO,
    fmt: Format = typer.Option(Format.table, "--format", help="How to write the report."),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write the report here instead of the terminal."
    ),
    fail_on: str | None = typer.Option(
        None,
        "--fail-on",
        metavar="BAND",
        help="Exit 1 if any match (of any draft) is at or above BAND: verbatim, near-verbatim, "
        "light-edit, moderate-edit.",
    ),
    bands: str | None = BANDS,
    force: bool = typer.Option(
        False,
        "--force",
        help="Let the report (-o) replace an existing file that is not an earlier report "
        "of this format. A report never replaces what check reads.",
    ),
    verbose: bool = typer.Option(
        False, "--verbose", help="Print every note; by default a note repeated for many priors is one line."
    ),
) -> None:
    """Flag bullets recycled from earlier submissions, verbatim or lightly edited.

    Exit 0, or 1 under --fail-on when a match reaches the band; 2 on errors (among several
    drafts, one that cannot be read is named at the end, and the others are still checked).

    Example: c7draft check sample_inputs/2025 --format html -o report.html --fail-on light-edit
    """
    from ..check import Band, DraftsReport, check_paths, report
    from ..errors import InputError
    from ..fileio import write_text_atomically

    working_on(drafts[0])
    try:
        threshold = Band.parse(fail_on) if fail_on else None
    except ValueError:
        raise typer.BadParameter(
            "use verbatim, near-verbatim, light-edit or moderate-edit", param_hint="--fail-on"
        ) from None
    result = check_paths(
        drafts,
        against=against,
        also=also,
        thresholds=parse_bands(bands),
        progress=sys.stderr.isatty(),
    )
    if output is not None:
        report.ensure_report_target(output, fmt.value, result, draft=drafts, force=force)
    reports = result.reports if isinstance(result, DraftsReport) else [result]
    run_notes = result.notes if isinstance(result, DraftsReport) else []
    notes = dict.fromkeys([*run_notes, *(n for r in reports for n in r.notes)])  # every draft's, once
    # the table's "Priors:" lines say which were skipped and why
    shown = [n for n in notes if not (fmt is Format.table and n.startswith("skipped "))]
    for note in report.grouped_notes(shown, [p for r in reports for p in r.priors], verbose):
        typer.echo(f"note: {report.printable(note)}", err=True)
    render = {
        Format.table: report.render_table,
        Format.json: report.render_json,
        Format.html: report.render_html,
    }[fmt]
    text = render(result)
    if output is not None:
        write_text_atomically(output, text)
        found = (
            sum(len(r.matches) for r in result.reports) + len(result.across)
            if isinstance(result, DraftsReport)
            else len(result.matches)
        )
        typer.echo(f"Wrote {output} ({plural(found, 'match', 'matches')})", err=True)
    else:
        print_result(text)
    if isinstance(result, DraftsReport) and result.problems:  # drafts not checked: after the report
        raise InputError(problems=result.problems)
    if threshold is not None and result.has_band_at_least(threshold):
        raise typer.Exit(1)
