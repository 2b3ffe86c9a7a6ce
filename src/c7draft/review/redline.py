"""NEW's document with Word tracked changes against OLD: what `c7draft diff -o` writes.

Paragraphs are paired by ``compare``; within a pair the inline content is diffed word by
word (``worddiff``): a token is a word, a space or a footnote, and it keeps the formatting
of each of its characters. Equal tokens whose italic or bold differ become formatting
changes; a footnote kept in place has its own text diffed inside footnotes.xml. A
paragraph added or removed, and each side of a move, is one whole-paragraph insertion or
deletion (docs/review.md says why moves are not Word's move markup).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby

from ..docx_io.redline import Change, TrackedBlock, TrackedInline, TrackedNote
from ..model import Draft, FootnoteRef, Inline, LineBreak, Run
from .compare import Pair, compare, content
from .worddiff import diff_tokens, tokens


@dataclass(frozen=True)
class _Token:
    """A word, space, line break or footnote, with the runs (one per formatting) it is made of."""

    key: tuple
    parts: tuple[Run | LineBreak | FootnoteRef, ...]


def _tokens(inlines: list[Inline] | tuple[Inline, ...]) -> list[_Token]:
    out: list[_Token] = []
    runs: list[Run] = []

    def flush() -> None:
        text = "".join(r.text for r in runs)
        # each character's run, to cut the tokens back into runs
        owner = [r for r in runs for _ in r.text]
        pos = 0
        for token in tokens(text):
            parts: list[Run] = []
            for k, ch in enumerate(token):
                run = owner[pos + k]
                if parts and (parts[-1].italic, parts[-1].bold, parts[-1].url) == (
                    run.italic,
                    run.bold,
                    run.url,
                ):
                    parts[-1] = replace(parts[-1], text=parts[-1].text + ch)
                else:
                    parts.append(replace(run, text=ch))
            # the key holds where each link starts and ends in the token: a link is not a
            # formatting Word can track (w:rPrChange), so a token whose links moved is changed
            links = groupby(run.url for run in owner[pos : pos + len(token)])
            out.append(_Token((token, tuple((url, len(list(n))) for url, n in links)), tuple(parts)))
            pos += len(token)
        runs.clear()

    for item in inlines:
        if isinstance(item, Run):
            runs.append(item)
            continue
        flush()
        out.append(_Token((0,) if isinstance(item, LineBreak) else (1,), (item,)))
    flush()
    return out


def _whole(inlines, change: Change) -> list[TrackedInline]:
    """Every inline of a paragraph (or note) added, removed or moved whole; a moved
    paragraph's notes are deleted and inserted (a move range holds body text only)."""
    in_note: Change = "del" if change == "moveFrom" else "ins" if change == "moveTo" else change
    return [
        TrackedInline(
            TrackedNote(tuple(_whole(i.content, in_note))) if isinstance(i, FootnoteRef) else i, change
        )
        for i in inlines
    ]


def _same_format(a: Run, b: Run) -> bool:
    return (a.italic, a.bold) == (b.italic, b.bold)


def _kept(old: _Token, new: _Token) -> list[TrackedInline]:
    """An equal token: NEW's runs, each with its old formatting where that changed."""
    if isinstance(new.parts[0], FootnoteRef):
        before, after = old.parts[0], new.parts[0]
        assert isinstance(before, FootnoteRef) and isinstance(after, FootnoteRef)
        return [TrackedInline(TrackedNote(tuple(tracked_inlines(before.content, after.content))))]
    if isinstance(new.parts[0], LineBreak):
        return [TrackedInline(new.parts[0])]
    # cut both sides at every formatting boundary of either, then compare piece by piece
    cuts, pos = set(), 0
    for side in (old.parts, new.parts):
        pos = 0
        for part in side:
            assert isinstance(part, Run)
            pos += len(part.text)
            cuts.add(pos)
    out: list[TrackedInline] = []
    start = 0
    for end in sorted(cuts):
        before, after = _run_at(old.parts, start, end), _run_at(new.parts, start, end)
        assert isinstance(before, Run) and isinstance(after, Run)
        out.append(TrackedInline(after, None, None if _same_format(before, after) else before))
        start = end
    return out


def _run_at(parts, start: int, end: int):
    pos = 0
    for part in parts:
        if pos <= start < pos + len(part.text):
            return replace(part, text=part.text[start - pos : end - pos])
        pos += len(part.text)
    raise ValueError("offset outside the token")


def tracked_inlines(old, new) -> list[TrackedInline]:
    """``old`` to ``new`` (inlines of a paragraph or a footnote) as tracked inlines."""
    a, b = _tokens(old), _tokens(new)
    out: list[TrackedInline] = []
    for span in diff_tokens([t.key for t in a], [t.key for t in b], size=_size):
        if span.kind == "equal":
            for x, y in zip(a[span.old_start : span.old_end], b[span.new_start : span.new_end], strict=True):
                out += _kept(x, y)
        elif span.kind == "delete":
            out += _whole([p for t in a[span.old_start : span.old_end] for p in t.parts], "del")
        else:
            out += _whole([p for t in b[span.new_start : span.new_end] for p in t.parts], "ins")
    return _joined(out)


def _size(key: tuple) -> int:
    return len(key[0]) if isinstance(key[0], str) else 1


def _formats(run: Run | None) -> tuple | None:
    return None if run is None else (run.italic, run.bold, run.url)


def _joined(items: list[TrackedInline]) -> list[TrackedInline]:
    """Neighbouring runs with one change and one formatting joined, so Word gets one run
    per stretch rather than one per word."""
    out: list[TrackedInline] = []
    for item in items:
        last = out[-1] if out else None
        if (
            last is not None
            and isinstance(item.item, Run)
            and isinstance(last.item, Run)
            and last.change == item.change
            and replace(last.item, text="") == replace(item.item, text="")
            and _formats(last.was) == _formats(item.was)
        ):
            run = replace(last.item, text=last.item.text + item.item.text)
            was = (
                None
                if last.was is None or item.was is None
                else replace(last.was, text=last.was.text + item.was.text)
            )
            out[-1] = TrackedInline(run, item.change, was)
        else:
            out.append(item)
    return out


def _tracked_block(pair: Pair, move: str) -> TrackedBlock:
    """``move`` names the move when the pair is one side of a bullet moved unchanged."""
    whole: Change
    if pair.new is None:
        assert pair.old is not None
        whole = "moveFrom" if move else "del"
        base, tracked = pair.old, _whole(pair.old.inlines, whole)
        inlines: list[Inline] = []
        comments: list = []
    else:
        base, inlines, comments = pair.new, pair.new.inlines, pair.new.comments
        if pair.old is None:
            whole = "moveTo" if move else "ins"
            tracked = _whole(pair.new.inlines, whole)
        else:
            tracked, whole = tracked_inlines(pair.old.inlines, pair.new.inlines), None
    return TrackedBlock(
        kind=base.kind,
        inlines=list(inlines),
        location=base.location,
        boilerplate=base.boilerplate,
        source=base.source,
        comments=list(comments),
        tracked=tracked,
        whole=whole,
        move=move,
    )


def redline(old: Draft, new: Draft, pairs: list[Pair] | None = None) -> Draft:
    """NEW's draft whose blocks carry the tracked changes against OLD. It is not a build of
    a folder: it has no marks and no stored base, so `pull` and `diff` refuse it as input."""
    pairs = compare(old, new) if pairs is None else pairs
    moves: dict[int, str] = {}  # a move's name, by its OLD block

    def move(pair: Pair) -> str:
        """A bullet moved unchanged is Word's move; one moved and edited is a deletion where
        it was and an insertion where it is (a move would hide the edit)."""
        here = pair.old if pair.old is not None else pair.new
        if not pair.moved or pair.partner is None or here is None or content(pair.partner) != content(here):
            return ""
        old_block = pair.old if pair.old is not None else pair.partner
        return moves.setdefault(id(old_block), f"c7move{len(moves) + 1}")

    return replace(new, blocks=[_tracked_block(p, move(p)) for p in pairs], base=None)
