"""Two drafts side by side: which paragraph of OLD each paragraph of NEW stands for.

Bullets are paired by record id, then, for records renamed between the two sides, by
text (``match.pair_by_text``). Every other paragraph (the front matter, headings, the
executive summary) is paired by where it stands: the drafts are aligned on their texts,
and where they differ, paragraphs of one kind are paired in order. A pair whose bullet is
no longer where it was among the others is a move.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from ..model import Block, Draft, FootnoteRef


@dataclass(frozen=True)
class Pair:
    """A paragraph of OLD and the one of NEW it became; ``None`` on the side it is missing
    from. A moved bullet is two pairs: (old, None) where it was, (None, new) where it is."""

    old: Block | None
    new: Block | None
    moved: bool = False
    partner: Block | None = None  # a move's block on the other side

    @property
    def kind(self) -> str:
        """added, removed, moved, edited or same."""
        if self.moved:
            return "moved"
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "same" if content(self.old) == content(self.new) else "edited"


def content(block: Block) -> tuple:
    """What a reader sees of a block: its runs and its notes' texts, not the notes' numbers
    (a note added earlier in the document renumbers every later one)."""
    return (block.kind, tuple(i.content if isinstance(i, FootnoteRef) else i for i in block.inlines))


def record_id(block: Block) -> str | None:
    return block.source.record_id if block.source and block.kind == "bullet" else None


def compare(old: Draft, new: Draft) -> list[Pair]:
    """The pairs in reading order of the redline: NEW's order, with what OLD had and NEW
    does not where OLD had it."""
    from .match import pair_by_text

    old_ids = {rid: b for b in old.blocks if (rid := record_id(b))}
    new_ids = {rid: b for b in new.blocks if (rid := record_id(b))}
    renamed = pair_by_text(
        {i: b.text for i, b in old_ids.items() if i not in new_ids},
        {i: b.text for i, b in new_ids.items() if i not in old_ids},
    )  # new id -> old id

    def key(block: Block, side: str) -> tuple:
        rid = record_id(block)
        if rid is None:
            return (block.kind, block.text)
        if side == "new":
            rid = renamed.get(rid, rid)
        return ("record", rid)

    a = [key(b, "old") for b in old.blocks]
    b = [key(b, "new") for b in new.blocks]
    shared = {k for k in a if k[0] == "record"} & {k for k in b if k[0] == "record"}
    sides = {k: blk for k, blk in zip(a, old.blocks, strict=True) if k in shared}
    sides |= {("new",) + k: blk for k, blk in zip(b, new.blocks, strict=True) if k in shared}
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs += [Pair(o, n) for o, n in zip(old.blocks[i1:i2], new.blocks[j1:j2], strict=True)]
        else:
            pairs += _region(old.blocks[i1:i2], a[i1:i2], new.blocks[j1:j2], b[j1:j2], shared)
    for n, p in enumerate(pairs):
        if p.moved and p.old is not None:
            pairs[n] = replace(p, partner=sides[("new",) + key(p.old, "old")])
        elif p.moved and p.new is not None:
            pairs[n] = replace(p, partner=sides[key(p.new, "new")])
    return pairs


def _region(olds: list[Block], a: list[tuple], news: list[Block], b: list[tuple], shared: set) -> list[Pair]:
    """Where the two sides differ: a bullet found on both sides (but not here on both) is
    a move; other paragraphs of one kind pair up in order; the rest are removed or added."""
    pairs: list[Pair] = []
    i = j = 0
    while i < len(olds) or j < len(news):
        if i < len(olds) and a[i] in shared:
            pairs.append(Pair(olds[i], None, moved=True))
            i += 1
        elif j < len(news) and b[j] in shared:
            pairs.append(Pair(None, news[j], moved=True))
            j += 1
        elif i < len(olds) and j < len(news) and a[i][0] == b[j][0] != "record":
            pairs.append(Pair(olds[i], news[j]))
            i += 1
            j += 1
        elif i < len(olds) and (j == len(news) or not any(k[0] == a[i][0] != "record" for k in b[j:])):
            pairs.append(Pair(olds[i], None))
            i += 1
        else:
            pairs.append(Pair(None, news[j]))
            j += 1
    return pairs
