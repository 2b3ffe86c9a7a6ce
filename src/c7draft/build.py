"""`c7draft build` as a library call: load, assemble, check for recycled text, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .assemble import load_draft
from .errors import OutputError


@dataclass
class BuildResult:
    output: Path
    footnotes: int
    flagged: int  # blocks that got a recycled-text comment
    notes: list[str] = field(default_factory=list)


def default_output(session: int) -> Path:
    return Path(f"c7-input-cstd{session}.docx")


def build_submission(folder: Path, output: Path | None = None, *, check: bool = True,
                     against: list[Path] | None = None, force: bool = False,
                     thresholds=None, reference: Path | None = None,
                     progress: bool = False) -> BuildResult:
    from . import docx_io

    draft = load_draft(Path(folder))
    output = Path(output) if output else default_output(draft.session)
    if output.suffix.lower() != ".docx":
        raise OutputError(f"the output must be a .docx file, not {output.name}", file=output,
                          hint=f"use -o {output.with_suffix('.docx')}")
    docx_io.ensure_replaceable(output, force=force)
    notes: list[str] = []
    flagged = 0
    if check:
        from .check import annotate, check_draft

        report = check_draft(draft, against=against, thresholds=thresholds, progress=progress)
        flagged = annotate(draft, report)
        notes = list(report.notes)
    docx_io.write_docx(draft, output, reference=reference)
    return BuildResult(output, len(draft.footnotes), flagged, notes)
