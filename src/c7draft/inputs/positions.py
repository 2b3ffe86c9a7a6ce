"""Where a fragment of an input text stands in its YAML file: line and column.

Every caller asks here: markup errors, `validate`'s rules and, next, `pull`'s in-place
edits. The loader reads each file once and keeps its lines (``LoadedSubmission.lines``);
each text it loads (a summary paragraph, a record's text, a labelled footnote) comes with
the line where its value starts.

A record's text is usually a folded ``>-`` scalar: YAML joins its lines, so an offset in
the text no longer knows its line. Folding only changes whitespace (and quoting adds only
escapes), so counting the non-space characters up to the offset and walking the file's
lines to the same count finds the line and column where the fragment really is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#:][^:#]*:(?:\s+|$)")

Position = tuple[int, int | None]  # 1-based line and column; no column when it cannot be told


@dataclass(frozen=True)
class WrittenText:
    """A text value as written in an input file."""

    source: str  # the text as YAML gives it (the Markdown, ``^[...]`` markers and all)
    file: Path
    line: int  # the line where the text starts (or its key's line)
    lines: Sequence[str] = field(repr=False)  # the file's lines, shared by its texts

    def position(self, offset: int) -> Position:
        """Line and column (1-based) in the YAML file of character ``offset`` of the text."""
        before = [ch for ch in self.source[:offset] if not ch.isspace()]
        first_word = self.source.split(maxsplit=1)[0] if self.source.strip() else ""
        # The text starts at its first word, on the start line or (after `key: >-`) below it.
        for number in (self.line, self.line + 1):
            raw = self.lines[number - 1] if 0 < number <= len(self.lines) else ""
            key = _KEY.match(raw)
            skip = key.end() if key and not self.source.startswith(key.group().strip()) else 0
            start = raw.find(first_word, skip) if first_word else -1
            if start >= 0:
                break
        else:  # the first word is written with an escape: start after the key
            key = _KEY.match(self.lines[self.line - 1]) if 0 < self.line <= len(self.lines) else None
            number, start = self.line, key.end() if key else 0
        matched = 0
        first = number
        for number in range(max(first, 1), len(self.lines) + 1):
            raw = self.lines[number - 1]
            for column in range(start, len(raw)):
                ch = raw[column]
                if ch.isspace():
                    continue
                if matched == len(before):
                    return number, column + 1
                if ch == before[matched] or ch not in "\\\"'":
                    matched += 1
                # else: a quote's escape or doubling (\" or '') that the text does not hold
            start = 0
        return self.line, None

    def find(self, fragment: str) -> Position | None:
        """Where ``fragment`` first stands in the text; None if the text does not hold it."""
        offset = self.source.find(fragment)
        return self.position(offset) if offset >= 0 else None


@dataclass(frozen=True)
class ParagraphTexts:
    """A paragraph's text and its labelled footnotes (``footnotes:`` of a record), as written:
    what markup errors point into."""

    text: WrittenText
    notes: Mapping[str, WrittenText] = field(default_factory=dict)
    labels: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)  # each note's label
    notes_known: bool = True  # False: the record's `footnotes:` did not load (its own problem says why)

    def find(self, fragment: str, label: str | None = None) -> Position:
        """Where ``fragment`` stands in the text (or in the note ``label``). A fragment as
        markup saw it may differ from the source after its start (an escape, ``\\*``,
        resolved): then the longest start of it that is found."""
        text = self.notes.get(label, self.text) if label is not None else self.text
        for size in range(len(fragment), 1, -1):
            if (found := text.find(fragment[:size])) is not None:
                return found
        return text.line, None

    def label(self, label: str) -> tuple[int | None, int | None]:
        """Where the note ``label`` is written (its key under ``footnotes:``)."""
        return self.labels.get(label) or (
            self.notes[label].line if label in self.notes else self.text.line,
            None,
        )
