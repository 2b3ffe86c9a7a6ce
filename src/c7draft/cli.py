"""The c7draft command line: parse arguments, call the library, print, set the exit code.

Every user error is a C7DraftError; ``main`` prints its message and exits 2, never a
traceback. Start-up time matters (`c7draft --help` should feel instant): this module
imports typer and nothing heavy; each command imports what it needs when it runs.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from enum import Enum
from pathlib import Path

# A run is short and makes little cyclic garbage, but imports allocate hundreds of thousands
# of objects: the default threshold (700) runs a young collection hundreds of times before
# any work starts. A higher one saves ~12 ms per command (bench/build_speed.py); cycles are
# still collected, only less often.
gc.set_threshold(100_000, 50, 100)

import typer  # after the collector's threshold: typer's imports are the first big ones (E402: pyproject)

from . import __version__
from .errors import C7DraftError
from .languages import LANGUAGES
from .wording import plural

app = typer.Typer(
    help="Draft the joint WSIS Action Line C7 input to the CSTD as a Word document, "
    "and flag text recycled from earlier submissions.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich's boxes cost ~45 ms of imports and print Python type names.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"c7draft {__version__}")
        raise typer.Exit()


# What the running command works on, named when an unexpected error ends it.
_target: Path | None = None
_debug = False


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_show_version, help="Print c7draft's version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="On an unexpected error (a bug), print the full traceback."
    ),
) -> None:
    global _debug
    _debug = debug


AGAINST_HELP = (
    "Prior submissions to check against, instead of the shipped "
    "seeds and the submission's `priors:`; repeatable."
)
ALSO_HELP = (
    "A prior submission (file, folder, or last year's inputs folder) to check against "
    "in addition to the others; repeatable."
)


BANDS_HELP = (
    "Lowest scores of the near-verbatim, light-edit and moderate-edit bands; "
    "below the last, nothing is flagged."
)


def _thresholds(bands: str | None):
    if not bands:  # the check's module is not imported where no check runs (--no-check)
        return None
    from .check import Thresholds

    try:
        return Thresholds.parse(bands)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--bands") from None


class Format(str, Enum):
    table = "table"
    json = "json"
    html = "html"


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
        help="Where to write the .docx (default: c7-input-cstdNN.docx in the current folder).",
    ),
    check: bool = typer.Option(
        True,
        "--check/--no-check",
        help="Compare bullets with prior submissions and add Word comments on recycled text.",
    ),
    against: list[Path] | None = typer.Option(
        None,
        "--against",
        metavar="PATH",
        help=AGAINST_HELP,
    ),
    also: list[Path] | None = typer.Option(None, "--also", metavar="PATH", help=ALSO_HELP),
    bands: str | None = typer.Option(None, "--bands", metavar="95,85,75", help=BANDS_HELP),
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
    from .build import build_submission

    _working_on(folder)
    result = build_submission(
        folder,
        output,
        check=check,
        against=against,
        also=also,
        force=force,
        thresholds=_thresholds(bands),
        reference=reference,
        progress=sys.stderr.isatty(),
        language=lang,
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
    also: list[Path] | None = typer.Option(None, "--also", metavar="PATH", help=ALSO_HELP),
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
    bands: str | None = typer.Option(None, "--bands", metavar="95,85,75", help=BANDS_HELP),
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

    Example: c7draft check sample_inputs/2025 --format html -o report.html --fail-on light-edit
    """
    from .check import Band, DraftsReport, check_paths, report
    from .fileio import write_text_atomically

    _working_on(drafts[0])
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
        thresholds=_thresholds(bands),
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
        _print(text)
    if threshold is not None and result.has_band_at_least(threshold):
        raise typer.Exit(1)


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
    from .validate import exit_code, render_json, render_text
    from .validate import validate as validate_folder

    _working_on(folder)
    problems = validate_folder(folder)
    _print(render_json(problems) if fmt is ProblemFormat.json else render_text(problems))
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
    from .validate.stats import render_json as stats_json
    from .validate.stats import render_table, stats_for

    _working_on(folder)
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
    against: list[Path] | None = typer.Option(
        None,
        "--against",
        metavar="PATH",
        help=AGAINST_HELP,
    ),
    also: list[Path] | None = typer.Option(None, "--also", metavar="PATH", help=ALSO_HELP),
) -> None:
    """Print the assembled submission as Markdown, footnotes and findings included, without writing a .docx.

    Example: c7draft preview sample_inputs/2025 | less
    """
    from .assemble import load_draft
    from .build import add_findings
    from .preview import to_markdown

    _working_on(folder)
    draft = load_draft(folder)
    if check:
        _, notes = add_findings(draft, against=against, also=also, name=folder.resolve().name)
        for note in notes:
            typer.echo(f"note: {note}", err=True)
    for warning in draft.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(to_markdown(draft), nl=False)


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

    from .review.diff import compare_sides, render_table, write_changes

    _working_on(new)
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
    from .yearly import init_submission

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
    from .yearly.importer import import_submission

    result = import_submission(source, output)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    counts = ", ".join(f"{name} ({n})" for name, n in result.records.items())
    typer.echo(
        f"Wrote {result.folder} for the {_ordinal(result.session)} session, outline {result.outline}: "
        f"records in {counts}"
    )


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
    from .review.pull import pull as pull_review
    from .review.report import render_json, render_table

    _working_on(reviewed)
    accept = tracked is TrackedMode.accept
    result = pull_review(reviewed, folder, write=write, accept=accept)
    if fmt is PullFormat.json:
        typer.echo(render_json(result))
    else:
        typer.echo(render_table(result, colour=sys.stdout.isatty(), write=write, accept=accept))
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def _ordinal(number: int) -> str:
    from .session import ordinal_number

    return ordinal_number(number)


@app.command(short_help="List the questionnaire outlines shipped with c7draft.")
def outlines() -> None:
    """List the questionnaire outlines shipped with c7draft: their sections and whole prompts."""
    import textwrap

    from .inputs import load_outline, shipped_outlines

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
    the folder's own records.schema.json; after changing the outline's sections, write it again.

    Example: c7draft schema records --folder inputs/2026 > inputs/2026/records.schema.json
    """
    from .inputs.schema import folder_records_schema, schema_text

    if folder is None:
        typer.echo(schema_text(kind.value), nl=False)
        return
    if kind is not FileKind.records:
        raise typer.BadParameter(
            "--folder goes with `records`: the other schemas are the same for every folder"
        )
    from .inputs import folder_outline

    _working_on(folder)
    typer.echo(folder_records_schema(*folder_outline(folder)), nl=False)


def _print(text: str) -> None:
    """Print a command's result; a reader that has gone (`| head -1`) does not change the exit
    code that tells what was found (validate's errors, check's --fail-on)."""
    try:
        typer.echo(text)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # nothing more can reach the reader; later output is dropped


def _working_on(path: Path) -> None:
    global _target
    _target = path


_STOPPED: dict[int, str] = {signal.SIGINT: "interrupted", signal.SIGTERM: "stopped (SIGTERM)"}
_stopped_by = 0


def _stop(signum, frame) -> None:
    """Ctrl-C and SIGTERM unwind the run like an error, so every ``finally`` removes what it
    was writing (fileio's temporary files and folders, the parse's worker processes); ``main``
    then prints one line and exits 128 + the signal (130, 143). A second signal while that
    clean-up runs is ignored: it must not stop the clean-up half-way."""
    global _stopped_by
    if _stopped_by:
        return
    _stopped_by = signum
    _unwind()


def _unwind(*_) -> None:
    """Raise the stop ``_stop`` recorded (SIGALRM's handler too: see ``_lost_stop``)."""
    if not _stopped_by:
        return
    if _stopped_by == signal.SIGINT:
        raise KeyboardInterrupt  # typer turns it into exit 130
    raise SystemExit(128 + _stopped_by)


def _lost_stop(unraisable) -> None:
    """``sys.unraisablehook``: ``_stop``'s exception raised inside a weakref callback or a
    ``__del__`` is lost (every import releases its module lock through such a callback):
    Python prints "Exception ignored in ..." and goes on, and the run would end only when
    its work was done. It is raised again a millisecond later, from SIGALRM, outside it."""
    lost = _stopped_by and isinstance(unraisable.exc_value, KeyboardInterrupt | SystemExit)
    if lost and hasattr(signal, "setitimer"):  # (not on Windows: there the run goes on, as before)
        signal.setitimer(signal.ITIMER_REAL, 0.001)
    else:
        sys.__unraisablehook__(unraisable)


def _only_the_command_named(first: list[str]) -> None:
    """Keep only the command the command line names first (`c7draft build ...`): typer builds
    every registered command's parameters (inspecting each signature) before it parses, and
    the others are never used. Anything else (an option first, no command, a typo) keeps them
    all, so `c7draft --help` and "No such command" read as before."""
    from typer.main import get_command_name

    named = [
        info
        for info in app.registered_commands
        if first and (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == first[0]
    ]
    if named:
        app.registered_commands[:] = named


def main() -> None:
    """Run the CLI; a user error prints its message and exits 2, with no traceback.

    Anything else is a bug: one line naming the file and where to report it (exit 70),
    and the traceback only under --debug.

    The console script ends with ``os._exit``: by then every output file is closed and
    renamed into place, and skipping the interpreter's teardown (freeing every module and
    lxml tree one by one) saves ~0.1 s per run. Tests call ``app`` and are unaffected.
    """
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _unwind)
    sys.unraisablehook = _lost_stop
    _only_the_command_named(sys.argv[1:2])
    try:
        app(prog_name="c7draft")  # standalone: click handles usage errors (exit 2) and typer.Exit
        code = 0
    except C7DraftError as exc:
        from .errors import render

        typer.echo(render(exc.problems, severity=True), err=True)
        code = exc.exit_code
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if isinstance(exc.code, str):
            typer.echo(exc.code, err=True)
        # On a closed pipe click wraps stdout in its (Pacify|_Pacify)FlushWrapper and exits 1;
        # `c7draft outlines | head -1` is a normal end: the reader has all it wanted.
        if type(sys.stdout).__name__.endswith("PacifyFlushWrapper"):
            code = 0
    except KeyboardInterrupt:  # before click's own handling of it (typer building the command)
        code = 130
    except Exception as exc:
        if _debug:
            raise
        from .errors import describe_bug

        typer.echo(describe_bug(exc, _target), err=True)
        code = 70  # EX_SOFTWARE
    if _stopped_by:  # every `finally` has run: temporary files removed, workers ended
        typer.echo(f"c7draft: {_STOPPED[_stopped_by]}", err=True)
        code = 128 + _stopped_by
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # `c7draft check ... | head`: the reader has gone
            pass
        except OSError:  # e.g. a full disk under `> report.txt`: as Python's own exit says
            code = code or 120
    os._exit(code)


if __name__ == "__main__":
    main()
