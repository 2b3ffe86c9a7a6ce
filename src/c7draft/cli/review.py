"""The review round's commands: what changed between two versions (`diff`), and the edits of
a reviewed .docx brought back into the YAML (`pull`).
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

import typer

from ..wording import plural
from .shared import app, working_on


class DiffFormat(str, Enum):
    table = "table"
    json = "json"


@app.command(short_help="What changed between two versions, per record or as Word tracked changes.")
def diff(
    old: Path = typer.Argument(
        ..., metavar="OLD", help="The earlier version: an inputs folder or a .docx c7draft built."
    ),
    new: Path = typer.Argument(
        ..., metavar="NEW", help="The later version: an inputs folder or a .docx c7draft built."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE.docx",
        help="Write NEW's document with Word tracked changes against OLD, instead of the report.",
    ),
    fmt: DiffFormat = typer.Option(
        DiffFormat.table, "--format", help="The report: a table with word diffs, or json for scripts."
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace the -o file even if it was edited after c7draft wrote it."
    ),
) -> None:
    """Show what changed from OLD to NEW, record by record, with a word-level diff of
    each changed paragraph (coloured in a terminal, [-deleted-]{+inserted+} when piped);
    with -o, write NEW's .docx with Word tracked changes against OLD.

    Example: c7draft diff sample_inputs/2025 drafts/2025 -o changes.docx
    """
    import json as json_module

    from ..review.diff import compare_sides, render_table, write_changes

    working_on(new)
    comparison = compare_sides(old, new)
    if output is not None:
        write_changes(comparison, output, (old, new), force=force)
        typer.echo(f"Wrote {output.resolve()} ({plural(len(comparison.changes), 'changed paragraph')})")
    elif fmt is DiffFormat.json:
        typer.echo(
            json_module.dumps(
                {"changes": [c.as_json() for c in comparison.changes]}, indent=2, ensure_ascii=False
            )
        )
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        typer.echo(render_table(comparison.changes, colour=colour), nl=False)


class TrackedMode(str, Enum):
    accept = "accept"
    reject = "reject"


class PullFormat(str, Enum):
    table = "table"
    json = "json"


@app.command(short_help="Bring the edits of a reviewed .docx back into the YAML.")
def pull(
    reviewed: Path = typer.Argument(
        ..., metavar="REVIEWED.docx", help="The .docx built by c7draft, as it came back from review."
    ),
    folder: Path = typer.Argument(..., metavar="FOLDER", help="The inputs folder it was built from."),
    write: bool = typer.Option(False, "--write", help="Apply the changes (without it, nothing is written)."),
    tracked: TrackedMode = typer.Option(
        TrackedMode.accept,
        "--tracked",
        help="Take tracked changes as accepted, or keep the original (reject).",
    ),
    fmt: PullFormat = typer.Option(PullFormat.table, "--format", help="table, or json for scripts."),
) -> None:
    """Show, record by record, what a reviewed .docx changes in the YAML: text edits, new,
    deleted and moved bullets, with a word diff; comments and tracked changes with their
    authors. --write applies it, to the changed records only.

    Exit 0 when applied (or nothing to do), 1 when some changes conflict with YAML edits
    made since the build (the rest is applied), 2 on errors.

    Example: c7draft pull reviewed.docx sample_inputs/2025 --write
    """
    from ..review.pull import pull as pull_review
    from ..review.report import render_json, render_table

    working_on(reviewed)
    accept = tracked is TrackedMode.accept
    result = pull_review(reviewed, folder, write=write, accept=accept)
    if fmt is PullFormat.json:
        typer.echo(render_json(result))
    else:
        typer.echo(render_table(result, colour=sys.stdout.isatty(), write=write, accept=accept))
    if result.exit_code:
        raise typer.Exit(result.exit_code)
