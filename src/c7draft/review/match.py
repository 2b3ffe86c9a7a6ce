"""Built paragraphs <-> what they were built from: by mark, then by text against the base.

A paragraph of a c7draft-built .docx normally carries its mark (``docx_io.marks``), which
names the stored base item (``model.BaseItem``) it came from. A reviewer may retype a
bullet or paste over it, or a re-save may drop a mark: such a paragraph is matched by its
text against the base items no mark claimed, compared as ``check`` compares sentences
(``check.text.tokens``: case, quotes, dashes, agencies' names and numbers normalised). A
match must be clearly the best, or the paragraph is reported as unmatched with the items
it may be: it is never guessed into a wrong record.

    matching = match_paragraphs(content.paragraphs, content.base)
    for m in matching.paragraphs: m.how, m.item, m.paragraph.text
    matching.missing  # base items that no paragraph stands for any more (deleted in Word)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..docx_io import DocxParagraph
from ..model import BaseItem, BuildBase

# Scores are rapidfuzz ratios (0-100) of the normalised texts.
SURE = 85  # at or above: the same paragraph, edited
MARGIN = 10  # ... and this far above any other candidate
# At or above (and not sure), by the better of the ratio and the partial ratio (a paragraph
# cut down to part of itself): reported as unmatched, never guessed. Two different
# paragraphs of the samples score at most 57 (2026) and 53 (2024); bench/match_scores.py.
RELATED = 65


@dataclass
class Matched:
    """One non-empty paragraph of the document and the base item it stands for.

    ``how``: "mark" (its own mark), "text" (its text, the mark lost), "new" (like nothing
    in the base: added in Word) or "unmatched" (like one or more items, none clearly:
    ``candidates`` lists them, best first)."""

    index: int  # position among DocxContent.paragraphs
    paragraph: DocxParagraph
    item: BaseItem | None
    how: str
    candidates: list[BaseItem] = field(default_factory=list)


@dataclass
class Matching:
    base: BuildBase
    paragraphs: list[Matched]  # document order
    missing: list[BaseItem]  # base order: items no paragraph stands for

    def by_key(self) -> dict[str, Matched]:
        return {m.item.key: m for m in self.paragraphs if m.item is not None}


def base_text(item: BaseItem) -> str:
    """The text a reader saw for ``item`` when it was built (footnotes left out)."""
    if item.kind == "derived":
        return item.text
    return _plain(item.text, item.notes)


@lru_cache(maxsize=4096)
def _plain(markup: str, notes: tuple[tuple[str, str], ...]) -> str:
    from ..errors import InputError
    from ..markup import parse_paragraph
    from ..model import LineBreak, Run

    try:
        inlines = parse_paragraph(markup, lambda: 1, file="", line=1, notes=dict(notes))
    except InputError:  # never the case for a base c7draft built; compare the raw text then
        return markup
    return "".join(
        i.text if isinstance(i, Run) else "\n" if isinstance(i, LineBreak) else "" for i in inlines
    )


def normalised(text: str) -> str:
    """The text as ``check`` compares it."""
    from ..check.text import tokens

    return " ".join(tokens(text))


def similarity(a: str, b: str) -> float:
    """0-100: how alike two texts are once normalised."""
    from rapidfuzz import fuzz

    na, nb = normalised(a), normalised(b)
    if na == nb:
        return 100.0
    return fuzz.ratio(na, nb)


def relatedness(a: str, b: str) -> float:
    """0-100: the better of ``similarity`` and how well the shorter text fits in the longer."""
    from rapidfuzz import fuzz

    na, nb = normalised(a), normalised(b)
    return max(fuzz.ratio(na, nb), fuzz.partial_ratio(na, nb)) if na != nb else 100.0


def match_paragraphs(paragraphs: list[DocxParagraph], base: BuildBase) -> Matching:
    """Match each non-empty paragraph to a base item: by its mark, then by its text."""
    items = {it.key: it for it in base.items}
    claimed: set[str] = set()
    found: list[Matched] = []
    unmarked: list[Matched] = []
    for index, para in enumerate(paragraphs):
        if not para.text.strip() and not para.footnote_ids:
            continue
        keys = [k for k in dict.fromkeys(para.marks) if k in items and k not in claimed]
        if len(keys) > 1:  # two paragraphs joined: the one whose text it still is
            scored = sorted(((similarity(para.text, base_text(items[k])), k) for k in keys), reverse=True)
            keys = [scored[0][1]] if scored[0][0] - scored[1][0] >= MARGIN else []
        if keys:
            claimed.add(keys[0])
            found.append(Matched(index, para, items[keys[0]], "mark"))
        else:
            found.append(m := Matched(index, para, None, "new"))
            unmarked.append(m)
    _release_moved_marks(found, unmarked, claimed)
    free = [it for it in base.items if it.key not in claimed]
    _match_by_text(unmarked, free)
    matched = {m.item.key for m in found if m.item is not None}
    return Matching(base, found, [it for it in base.items if it.key not in matched])


def _release_moved_marks(found: list[Matched], unmarked: list[Matched], claimed: set[str]) -> None:
    """A mark on a paragraph unlike its own text, while an unmarked paragraph surely is that
    text, went with the wrong half of a split paragraph (Enter typed at the start of a
    bullet, then a new bullet): the mark is not trusted, and both are matched by text."""
    if not unmarked:  # every paragraph kept its mark (no text compared: check is not imported)
        return
    for m in found:
        if m.how != "mark" or m.item is None or m.item.kind == "derived":
            continue
        own = base_text(m.item)
        if relatedness(m.paragraph.text, own) >= RELATED:
            continue
        if any(similarity(u.paragraph.text, own) >= SURE for u in unmarked):
            claimed.discard(m.item.key)
            m.item, m.how = None, "new"
            unmarked.append(m)
    unmarked.sort(key=lambda m: m.index)


def _match_by_text(unmarked: list[Matched], free: list[BaseItem]) -> None:
    """Sure matches claim their item, the best first; a paragraph whose best item went to
    a better paragraph, or that is only like some items, is unmatched."""
    if not unmarked:
        return
    texts = {it.key: base_text(it) for it in free}
    ranked: dict[int, list[tuple[float, BaseItem]]] = {}
    related: dict[int, list[BaseItem]] = {}
    for m in unmarked:
        scores = sorted(
            ((similarity(m.paragraph.text, texts[it.key]), it) for it in free), key=lambda s: -s[0]
        )
        ranked[m.index] = scores
        close = sorted(
            ((relatedness(m.paragraph.text, texts[it.key]), it) for it in free), key=lambda s: -s[0]
        )
        related[m.index] = [it for score, it in close if score >= RELATED]
    sure = [
        (r[0][0], m)
        for m in unmarked
        if (r := ranked[m.index]) and r[0][0] >= SURE and (len(r) == 1 or r[0][0] - r[1][0] >= MARGIN)
    ]
    taken: set[str] = set()
    for _, m in sorted(sure, key=lambda s: -s[0]):
        item = ranked[m.index][0][1]
        if item.key not in taken:
            taken.add(item.key)
            m.item, m.how = item, "text"
    for m in unmarked:
        if m.item is None and related[m.index]:
            m.how = "unmatched"
            m.candidates = related[m.index]


def pair_by_text(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Records renamed between two versions (`diff`): new id -> old id, for each new text
    that is surely one old text (SURE, and MARGIN above any other), the best pairs first;
    the rest stay unpaired (added and removed)."""
    sure: list[tuple[float, str, str]] = []
    for new_id, text in new.items():
        scores = sorted(((similarity(text, t), old_id) for old_id, t in old.items()), reverse=True)
        if scores and scores[0][0] >= SURE and (len(scores) == 1 or scores[0][0] - scores[1][0] >= MARGIN):
            sure.append((scores[0][0], new_id, scores[0][1]))
    pairs: dict[str, str] = {}
    for _, new_id, old_id in sorted(sure, reverse=True):
        if new_id not in pairs and old_id not in pairs.values():
            pairs[new_id] = old_id
    return pairs
