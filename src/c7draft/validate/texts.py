"""The texts of a loaded submission in document order, each able to say on which YAML line
and column any character of it stands.

`validate`'s consistency checks and the house-style rules read the Markdown as written
(``^[...]`` markers and all). A record's text is usually a folded ``>-`` scalar: YAML joins
its lines, so an offset in the text no longer knows its line. Folding only changes
whitespace, so counting the non-space characters up to the offset and walking the file's
lines to the same count finds the line and column where the fragment really is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..assemble import ordered_records
from ..errors import InputError
from ..fileio import read_utf8
from ..inputs import LoadedSubmission

_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#:][^:#]*:(?:\s+|$)")


@dataclass
class Text:
    """One paragraph of the submission as written: a summary paragraph, a record's text or
    a labelled footnote's text."""

    source: str  # the Markdown as written in the YAML
    file: Path
    line: int  # the line where the text starts (or its key's line)
    kind: str  # "summary", "bullet" or "footnote"
    part: int  # 1 for the executive summary, else the outline's Part number
    lines: list[str]  # the file's lines, shared by the texts of one file
    entity: str | None = None
    record_id: str | None = None

    @cached_property
    def running(self) -> str:
        """The source with link targets and addresses blanked out (offsets unchanged)."""
        return without_urls(self.source)

    @cached_property
    def body(self) -> str:
        """``running`` with the footnote markers and inline notes blanked out too."""
        return blank(self.running, footnote_spans(self.source))

    def position(self, offset: int) -> tuple[int, int | None]:
        """Line and column (1-based) in the YAML file of character ``offset`` of the text."""
        before = [ch for ch in self.source[:offset] if not ch.isspace()]
        first_word = self.source.split(maxsplit=1)[0] if self.source.strip() else ""
        # The text starts at its first word, on the start line or (after `key: >-`) below it.
        for number in (self.line, self.line + 1):
            raw = self.lines[number - 1] if number <= len(self.lines) else ""
            key = _KEY.match(raw)
            skip = key.end() if key and not self.source.startswith(key.group().strip()) else 0
            start = raw.find(first_word, skip) if first_word else -1
            if start >= 0:
                break
        else:  # the first word is written with an escape: start after the key
            key = _KEY.match(self.lines[self.line - 1]) if self.line <= len(self.lines) else None
            number, start = self.line, key.end() if key else 0
        matched = 0
        first = number
        for number in range(first, len(self.lines) + 1):
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


def texts_of(loaded: LoadedSubmission) -> list[Text]:
    """Every paragraph of the submission's own text, in the order of the document."""
    files: dict[Path, list[str]] = {}

    def lines_of(path: Path) -> list[str]:
        if path not in files:
            files[path] = read_utf8(path, InputError, "YAML file").splitlines()
        return files[path]

    sub = loaded.submission
    texts = [
        Text(text, loaded.file, line, "summary", 1, lines_of(loaded.file))
        for text, line in zip(sub.executive_summary, loaded.summary_lines, strict=False)
    ]
    for part in loaded.outline.parts:
        for section in part.sections:
            for rec in ordered_records(loaded, section.id):
                lines = lines_of(rec.file)
                texts.append(
                    Text(
                        rec.record.text,
                        rec.file,
                        rec.text_line,
                        "bullet",
                        part.number,
                        lines,
                        rec.entity.short,
                        rec.record.id,
                    )
                )
                for label, note in rec.record.footnotes.items():
                    texts.append(
                        Text(
                            note,
                            rec.file,
                            _label_line(lines, rec.line, label),
                            "footnote",
                            part.number,
                            lines,
                            rec.entity.short,
                            rec.record.id,
                        )
                    )
    return texts


def _label_line(lines: list[str], start: int, label: str) -> int:
    """The line of ``label:`` under a record's `footnotes:` (the first at or after ``start``)."""
    pattern = re.compile(rf"^\s*['\"]?{re.escape(label)}['\"]?\s*:")
    return next((n for n in range(start, len(lines) + 1) if pattern.match(lines[n - 1])), start)


# --- Markdown spans that the checks skip or treat apart ------------------------------

_LABEL_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_URLS = re.compile(r"<[a-zA-Z][\w+.-]*:[^>\s]*>|\]\([^)\s]*\)|\b(?:https?://|mailto:|www\.)[^\s)>\]]+")


def footnote_spans(source: str) -> list[tuple[int, int]]:
    """(start, end) of each footnote marker in ``source``: ``^[inline note]`` and ``[^label]``."""
    spans = [m.span() for m in _LABEL_REF.finditer(source)]
    i = source.find("^[")
    while i >= 0:
        depth, j = 0, i + 1
        while j < len(source):
            ch = source[j]
            if ch == "\\":
                j += 1
            elif ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        spans.append((i, min(j + 1, len(source))))
        i = source.find("^[", j)
    return sorted(spans)


def blank(source: str, spans) -> str:
    """``source`` with the ``spans`` replaced by spaces: offsets stay where they were."""
    pieces, last = [], 0
    for start, end in sorted(spans):
        start = max(start, last)
        pieces += [source[last:start], " " * (end - start)]
        last = max(end, last)
    return "".join(pieces) + source[last:]


def without_urls(source: str) -> str:
    """``source`` with every link target and address blanked out."""
    return blank(source, [m.span() for m in _URLS.finditer(source)])


def urls(source: str) -> list[tuple[int, str]]:
    """(offset, address) of every web address in ``source``."""
    found = []
    for m in re.finditer(r"https?://[^\s)>\]]+", source):
        found.append((m.start(), m.group().rstrip(".,;:")))
    return found
