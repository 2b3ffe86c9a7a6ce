"""What loading a submission folder gives: each record with its entity and where it was
written, and the submission with its session, outline and records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..session import Session
from .positions import ParagraphTexts, WrittenText

if TYPE_CHECKING:  # the models import pydantic, which a build only needs when there is a problem
    from .models import Entity, Outline, Record, Submission


@dataclass
class LoadedRecord:
    """A record as loaded: with its entity and the file it came from."""

    record: Record
    entity: Entity
    file: Path
    line: int  # where the record starts
    text_line: int  # where its text starts
    written: ParagraphTexts | None = None  # its text and footnotes as written: where any part stands


@dataclass
class LoadedSubmission:
    """A folder's inputs, loaded and validated: what ``assemble`` builds from."""

    submission: Submission
    session: Session
    input_heading: str  # rendered from the outline's template
    outline: Outline
    records: list[LoadedRecord]
    file: Path
    summary_lines: list[int]
    order_lines: dict[str, int]  # line of each section's list under `order:`
    # submission.yaml's values with their positions: data.values_at["opens"] is (line, column)
    data: Any = None
    # some records (or records files) did not load: which sections they were for is not known
    partial: bool = False
    lines: dict[Path, list[str]] = field(default_factory=dict)  # each file read, read once

    def summary_texts(self) -> list[WrittenText]:
        """The executive summary's paragraphs as written."""
        return [
            WrittenText(text, self.file, line, self.lines.get(self.file, []))
            for text, line in zip(self.submission.executive_summary, self.summary_lines, strict=False)
        ]

    @property
    def priors(self) -> list[Path]:
        """`priors:` as paths: absolute, or relative to submission.yaml."""
        return [self.file.parent / Path(p).expanduser() for p in self.submission.priors]
