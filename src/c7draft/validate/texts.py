"""The texts of a loaded submission in document order, each able to say on which YAML line
and column any character of it stands (``inputs.positions``, from the lines the loader read).

`validate`'s consistency checks and the house-style rules read the Markdown as written
(``^[...]`` markers and all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..assemble import ordered_records
from ..inputs import LoadedSubmission
from ..inputs.positions import WrittenText


@dataclass(frozen=True)
class Text(WrittenText):
    """One paragraph of the submission as written: a summary paragraph, a record's text or
    a labelled footnote's text."""

    kind: str = "bullet"  # "summary", "bullet" or "footnote"
    part: int = 1  # 1 for the executive summary, else the outline's Part number
    entity: str | None = None
    record_id: str | None = None

    @cached_property
    def running(self) -> str:
        """The source with link targets, addresses and footnote labels blanked out (offsets
        unchanged): a label is a name, not prose (`[^1]` is not the figure 1, `[^WTO]` not a
        use of the acronym)."""
        return blank(self.source, [m.span() for m in _NOT_PROSE.finditer(self.source)])

    @cached_property
    def body(self) -> str:
        """``running`` with the footnote markers and inline notes blanked out too."""
        return blank(self.running, footnote_spans(self.source))


def _text(written: WrittenText, kind: str, part: int, entity=None, record_id=None) -> Text:
    return Text(written.source, written.file, written.line, written.lines, kind, part, entity, record_id)


def texts_of(loaded: LoadedSubmission) -> list[Text]:
    """Every paragraph of the submission's own text, in the order of the document."""
    texts = [_text(written, "summary", 1) for written in loaded.summary_texts()]
    for part in loaded.outline.parts:
        for section in part.sections:
            for rec in ordered_records(loaded, section.id):
                assert rec.written is not None  # the loader records where every text is
                who = (rec.entity.short, rec.record.id)
                texts.append(_text(rec.written.text, "bullet", part.number, *who))
                texts += [_text(note, "footnote", part.number, *who) for note in rec.written.notes.values()]
    return texts


# --- Markdown spans that the checks skip or treat apart ------------------------------

_LABEL_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_NOT_PROSE = re.compile(
    r"<[a-zA-Z][\w+.-]*:[^>\s]*>|\]\([^)\s]*\)|\b(?:https?://|mailto:|www\.)[^\s)>\]]+"  # addresses
    r"|\[\^[^\]\s]+\]"  # footnote labels, where a note is marked and where it is written
)


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


def urls(source: str) -> list[tuple[int, str]]:
    """(offset, address) of every web address in ``source``."""
    found = []
    for m in re.finditer(r"https?://[^\s)>\]]+", source):
        found.append((m.start(), m.group().rstrip(".,;:")))
    return found
