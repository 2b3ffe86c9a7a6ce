"""A draft written with Word tracked changes: what `c7draft diff -o` writes.

The comparing is done elsewhere (``review.redline``); this module only knows how a change
looks in WordprocessingML (ISO/IEC 29500-1 §17.13.5):
- inserted runs sit in ``w:ins``, deleted ones in ``w:del`` with their text in ``w:delText``;
- a paragraph added or removed whole also has its paragraph mark inserted or deleted
  (``w:pPr/w:rPr/w:ins|w:del``), so accepting or rejecting leaves no empty bullet behind;
- a bullet moved, unchanged, is ``w:moveFrom`` where it was and ``w:moveTo`` where it is
  (runs and paragraph mark), inside a named pair of move ranges;
- italic or bold switched on or off is ``w:rPrChange`` holding the old run properties;
- a footnote's text is tracked the same way inside footnotes.xml.
Every change is by "c7draft", at the build time (SOURCE_DATE_EPOCH or now). Revision ids
are unique across the package, apart from the comment and bookmark ids. Tracking stays
off, so the reader's own edits are not tracked unasked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from ..model import Block, Draft, LineBreak, Run, inline_length
from . import footnotes as fn
from .saving import build_time
from .stamp import ExistingOutput
from .writer import DraftWriter, write_with
from .xmltext import clean_xml_text

AUTHOR = "c7draft"

Change = Literal["ins", "del", "moveFrom", "moveTo"] | None


@dataclass(frozen=True)
class TrackedNote:
    """A footnote whose reference and text are tracked."""

    content: tuple[TrackedInline, ...]


@dataclass(frozen=True)
class TrackedInline:
    """A run, line break or footnote, inserted, deleted or kept; ``was`` is a kept run's
    old formatting when its italic or bold changed."""

    item: Run | LineBreak | TrackedNote
    change: Change = None
    was: Run | None = None


@dataclass
class TrackedBlock(Block):
    """A paragraph of the redline: ``inlines`` are NEW's (for comments), ``tracked`` what
    is written; ``whole`` is set when the whole paragraph, its mark too, is added, removed or
    moved (``move`` names the move, the same on both sides)."""

    tracked: list[TrackedInline] = field(default_factory=list)
    whole: Change = None
    move: str = ""


_REVISIONS = ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange")
_MOVE_RANGES = ("w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd")
# Annotations whose w:id a revision id must not repeat.
_ANNOTATIONS = (
    "w:commentRangeStart",
    "w:commentRangeEnd",
    "w:commentReference",
    "w:bookmarkStart",
    "w:bookmarkEnd",
)


class _RedlineWriter(DraftWriter):
    def write(self, draft: Draft) -> None:
        self.when = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_note = 1
        super().write(draft)
        settings = self.doc.settings.element
        for on in settings.findall(qn("w:trackRevisions")):
            settings.remove(on)
        for view in settings.findall(qn("w:revisionView")):  # one that hides the markup
            settings.remove(view)
        self._number_revisions()

    def _block(self, block: Block) -> None:
        if not isinstance(block, TrackedBlock):
            return super()._block(block)
        p = self._paragraph(block)
        if block.whole in ("moveFrom", "moveTo"):
            start = self._revision(f"w:{block.whole}RangeStart")
            start.set(qn("w:name"), block.move)
            p.find(qn("w:pPr")).addnext(start)
        if block.whole:
            rpr = OxmlElement("w:rPr")
            rpr.append(self._revision(f"w:{block.whole}"))
            p.find(qn("w:pPr")).append(rpr)  # rPr comes after pStyle (and before sectPr, never here)
        cuts = {c for m in block.comments for c in (m.start, m.end) if c is not None}
        self._tracked(p, _cut(block.tracked, cuts), self.doc.part)
        if block.whole in ("moveFrom", "moveTo"):
            p.append(OxmlElement(f"w:{block.whole}RangeEnd", attrs={qn("w:id"): "0"}))
        self._comments(p, block)

    def _revision(self, tag: str):
        return OxmlElement(tag, attrs={qn("w:id"): "0", qn("w:author"): AUTHOR, qn("w:date"): self.when})

    def _tracked(self, p, items: list[TrackedInline], part) -> None:
        """Append the items to ``p``; a link's runs go in one w:hyperlink, which holds the
        w:ins and w:del (the schema puts no hyperlink inside a w:ins)."""
        i = 0
        while i < len(items):
            item = items[i]
            if isinstance(item.item, Run) and item.item.url:
                url = item.item.url
                j = i
                while j < len(items) and _url(items[j]) == url:
                    j += 1
                r_id = part.relate_to(clean_xml_text(url), RT.HYPERLINK, is_external=True)
                link = OxmlElement("w:hyperlink", attrs={qn("r:id"): r_id, qn("w:history"): "1"})
                for x in items[i:j]:
                    self._add(link, self._tracked_run(x, self.styles["Hyperlink"]), x.change)
                p.append(link)
                i = j
                continue
            if isinstance(item.item, Run):
                element = self._tracked_run(item)
            elif isinstance(item.item, LineBreak):
                element = OxmlElement("w:r")
                element.append(OxmlElement("w:br"))
            else:
                element = self._tracked_footnote(item.item)
            self._add(p, element, item.change)
            i += 1

    def _add(self, container, run, change: Change) -> None:
        """Append ``run`` to ``container``, inside a w:ins or w:del for a change (joining
        the one just before it when it is the same change)."""
        if change is None:
            container.append(run)
            return
        if change == "del":
            for t in run.iter(qn("w:t")):
                t.tag = qn("w:delText")
        last = container[-1] if len(container) else None
        if last is None or last.tag != qn(f"w:{change}"):
            last = self._revision(f"w:{change}")
            container.append(last)
        last.append(run)

    def _tracked_run(self, item: TrackedInline, style_id: str | None = None):
        run = item.item
        assert isinstance(run, Run)
        r = self._run(run, style_id)
        if item.was is not None:
            rpr = r.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                r.insert(0, rpr)
            change = self._revision("w:rPrChange")
            old = OxmlElement("w:rPr")  # schema order: rStyle, b, i
            if style_id:
                old.append(OxmlElement("w:rStyle", attrs={qn("w:val"): style_id}))
            if item.was.bold:
                old.append(OxmlElement("w:b"))
            if item.was.italic:
                old.append(OxmlElement("w:i"))
            change.append(old)
            rpr.append(change)  # last in CT_RPr
        return r

    def _tracked_footnote(self, note: TrackedNote):
        """The note's text into footnotes.xml; returns the body run that references it."""
        number, self.next_note = self.next_note, self.next_note + 1
        note_p = self._notes().add_footnote(
            number, self.styles["footnote text"], self.styles["footnote reference"]
        )
        self._tracked(note_p, list(note.content), self.notes)
        ref = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): self.styles["footnote reference"]}))
        ref.append(rpr)
        ref.append(OxmlElement("w:footnoteReference", attrs={qn("w:id"): str(number)}))
        return ref

    def _notes(self) -> fn.FootnotesPart:
        assert self.notes is not None  # footnotes_part creates it
        return self.notes

    def _number_revisions(self) -> None:
        """Give every revision a w:id of its own, after the annotation ids in any part."""
        parts = [self.doc.part.element, self._notes().element]
        taken = [
            int(e.get(qn("w:id")))
            for root in parts
            for tag in _ANNOTATIONS
            for e in root.iter(qn(tag))
            if (e.get(qn("w:id")) or "").lstrip("-").isdigit()
        ]
        next_id = max(taken, default=0) + 1
        for root in parts:
            for e in root.iter(*map(qn, _REVISIONS)):
                e.set(qn("w:id"), str(next_id))
                next_id += 1
            # a move range's start and end share one id: each start takes a new one, and the
            # end that follows it (in the same paragraph) the same
            for e in root.iter(*map(qn, _MOVE_RANGES)):
                if e.tag.endswith("RangeStart"):
                    range_id, next_id = next_id, next_id + 1
                e.set(qn("w:id"), str(range_id))


def _url(item: TrackedInline) -> str | None:
    return item.item.url if isinstance(item.item, Run) else None


def _cut(items: list[TrackedInline], cuts: set[int]) -> list[TrackedInline]:
    """Kept and inserted runs cut at these offsets of NEW's text (deleted text has no
    offset there), so a comment of NEW's starts and ends exactly at its characters."""
    if not cuts:
        return items
    from dataclasses import replace

    out: list[TrackedInline] = []
    pos = 0
    for item in items:
        gone = item.change in ("del", "moveFrom")  # not in NEW's text
        if gone or not isinstance(item.item, Run):
            out.append(item)
            pos += 0 if gone else inline_length(item.item) if isinstance(item.item, LineBreak) else 0
            continue
        text, start = item.item.text, 0
        for c in sorted(c - pos for c in cuts if pos < c < pos + len(text)) + [len(text)]:
            if c > start:
                out.append(replace(item, item=replace(item.item, text=text[start:c])))
            start = c
        pos += len(text)
    return out


def write_redline(
    draft: Draft, path: Path, reference: Path | None = None, *, replacing: ExistingOutput | None = None
) -> None:
    """Write ``draft``, whose blocks are TrackedBlocks (or plain Blocks, written as kept),
    to ``path`` atomically, as ``write_docx`` does."""
    write_with(_RedlineWriter, draft, path, reference, replacing=replacing)
