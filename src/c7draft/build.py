"""`c7draft build` as a library call: load, assemble, check for recycled text, write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any


@dataclass
class BuildResult:
    """What a build wrote: the output, its footnotes and the findings flagged in it."""

    output: Path
    footnotes: int
    flagged: int  # Word comments added, one per finding of the recycled-text check
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. a Part with nothing written yet
    style_warnings: int = 0  # house-style warnings: counted here, listed by `c7draft validate`


def default_output(session: int) -> Path:
    return Path(f"c7-input-cstd{session}.docx")


def add_findings(
    draft,
    *,
    against: list[Path] | None = None,
    also: list[Path] | None = None,
    thresholds=None,
    progress: bool = False,
    name: str = "this draft",
) -> tuple[int, list[str]]:
    """Check ``draft`` for recycled text and put one Word comment per finding on its
    sentence. Returns (comments added, the check's notes)."""
    from .check import annotate, check_draft
    from .check.report import grouped_notes

    report = check_draft(
        draft, against=against, thresholds=thresholds, progress=progress, name=name, also=also
    )
    notes = grouped_notes(report.notes, report.priors, more="c7draft check --verbose lists all")
    return annotate(draft, report), notes


def build_submission(
    folder: Path,
    output: Path | None = None,
    *,
    check: bool = True,
    against: list[Path] | None = None,
    also: list[Path] | None = None,
    force: bool = False,
    thresholds=None,
    reference: Path | None = None,
    progress: bool = False,
    language: str | None = None,
    parallel: bool = False,
) -> BuildResult:
    """Build the .docx; ``language`` (one of model.LANGUAGES) overrides submission.yaml's.

    ``parallel`` (the CLI's choice): read, assemble, check and warn in a forked child while
    this process imports python-docx (``c7draft.forked``); the same .docx and messages."""
    from .forked import Forked

    options = {"against": against, "also": also, "thresholds": thresholds, "progress": progress}
    steps = partial(_reading, Path(folder), language, check, options)
    with Forked(steps, fork=None if parallel else False) as made:
        results = iter(made)
        from . import docx_io  # imported while the child reads the inputs

        draft = next(results)
        output = Path(output) if output else default_output(draft.session)
        if output.is_dir():  # `-o out/`: the usual name, in that folder
            output = output / default_output(draft.session)
        existing = docx_io.ensure_docx_output(output, force=force)
        flagged, notes = 0, []
        if check:
            flagged, notes, comments = next(results)
            for block, found in zip(draft.blocks, comments, strict=True):
                block.comments = found  # the child's, or (made here) the same lists
        docx_io.write_docx(draft, output, reference=reference, replacing=existing)
        warnings, style_warnings = next(results)
    notes += [lock] if (lock := docx_io.word_lock_note(output)) else []
    warnings += [among] if (among := _among_priors(output, against, also, draft.priors)) else []
    return BuildResult(
        output, len(draft.footnotes), flagged, notes, list(draft.warnings) + warnings, style_warnings
    )


def _reading(folder: Path, language: str | None, check: bool, options: dict) -> Iterator[Any]:
    """What a build makes of its inputs, a step at a time: the draft; with the check, its
    findings (comments added, the check's notes, each block's comments); then the lines of
    warnings `build` prints and its count of house-style warnings. ``build_submission``
    writes the .docx between the last two, so a child of ``Forked`` warns meanwhile."""
    from .assemble import assemble
    from .inputs import load_submission

    loaded = load_submission(folder)
    draft = assemble(loaded)
    draft.language = language or draft.language
    yield draft
    if check:
        flagged, notes = add_findings(draft, **options, name=folder.resolve().name)
        yield flagged, notes, [block.comments for block in draft.blocks]
    from .validate import for_build, warnings_for

    yield for_build(warnings_for(loaded, draft))


def _among_priors(output: Path, against, also, listed) -> str | None:
    """A warning when ``output`` lands where `check` reads prior submissions (the seeds
    folder, `priors:`, --against, --also): the next check would count this draft as a prior."""
    from .fileio import input_holding
    from .resources import prior_sources

    try:
        held = input_holding(output, prior_sources(against, also or (), listed), (".docx",))
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11, 3.12)
        return None
    if held is None:
        return None
    where = f"into {held}, a folder" if held.is_dir() else "over a prior submission"
    return (
        f"{output} was written {where} that check reads prior submissions from: the next check "
        "will compare drafts with it as a prior; build into another folder with -o"
    )
