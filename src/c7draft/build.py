"""`c7draft build` as a library call: load, assemble, check for recycled text, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .assemble import assemble
from .inputs import load_submission


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
) -> BuildResult:
    """Build the .docx; ``language`` (one of model.LANGUAGES) overrides submission.yaml's."""
    from . import docx_io
    from .validate import for_build, warnings_for

    loaded = load_submission(Path(folder))
    draft = assemble(loaded)
    draft.language = language or draft.language
    found = warnings_for(loaded, draft)
    output = Path(output) if output else default_output(draft.session)
    if output.is_dir():  # `-o out/`: the usual name, in that folder
        output = output / default_output(draft.session)
    existing = docx_io.ensure_docx_output(output, force=force)
    notes: list[str] = []
    flagged = 0
    if check:
        flagged, notes = add_findings(
            draft,
            against=against,
            also=also,
            thresholds=thresholds,
            progress=progress,
            name=Path(folder).resolve().name,
        )
    docx_io.write_docx(draft, output, reference=reference, replacing=existing)
    notes += [lock] if (lock := docx_io.word_lock_note(output)) else []
    warnings, style_warnings = for_build(found)
    warnings += [among] if (among := _among_priors(output, against, also, draft.priors)) else []
    return BuildResult(
        output, len(draft.footnotes), flagged, notes, list(draft.warnings) + warnings, style_warnings
    )


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
