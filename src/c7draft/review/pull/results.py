"""What a pull reports: the changes it makes to the records, its conflicts, the reviewers'
comments and tracked edits, the edits of derived text, and the new text of each file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Change:
    """One thing pull does (or, as a conflict, does not do) to a record."""

    kind: str  # edited, added, removed, moved, conflict, unmatched
    file: str | None
    line: int | None
    record_id: str | None
    before: str = ""
    after: str = ""
    reason: str = ""  # why a conflict is one; where a record moved


@dataclass
class ReviewComment:
    author: str
    date: str
    text: str
    file: str | None
    line: int | None
    record_id: str | None
    replies: list[ReviewComment] = field(default_factory=list)
    done: bool = False


@dataclass
class TrackedEdit:
    author: str
    date: str
    kind: str
    text: str
    record_id: str | None


@dataclass
class DerivedEdit:
    """An edit of text c7draft derives (front matter, headings, prompts): reported only."""

    key: str  # the submission.yaml keys (or the outline, the template) that make it
    kind: str  # edited, added, removed
    before: str
    after: str


@dataclass
class PullResult:
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    tracked: list[TrackedEdit] = field(default_factory=list)
    front_matter: list[DerivedEdit] = field(default_factory=list)
    files: dict[Path, str] = field(default_factory=dict)  # the new text of each file that changes
    written: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.conflicts else 0


def shown(text: str, notes: dict[str, str]) -> str:
    """A record's text for the report, with each labelled note's text after it."""
    return text + "".join(f"\n[^{label}]: {note}" for label, note in notes.items())
