"""Word-level diff of two texts, shared by `diff` and `pull`.

A text is cut into tokens that keep every character: words, the punctuation after them,
the whitespace between them, and inline markup signs (`*`, `[`, `](url)`, `^[`, `]`, `<`,
`>`), each a token of its own,
so an italic switched on shows as the two `*` that were added, not as changed words.
Joining the tokens gives the text back exactly, so the old text is the equal and deleted
pieces in order, and the new text the equal and inserted ones.

Two clean-ups keep the result readable:
- an equal stretch no longer than the changes on both sides of it (" the", " of", a space)
  is folded into them, as diff-match-patch's semantic clean-up does, so two nearby edits
  read as one phrase replaced rather than as confetti;
- a text whose kept share falls below ``REWRITE_BELOW`` was rewritten from scratch: it is
  one deletion plus one insertion.

difflib (the standard library) finds the matching tokens; the rules above are ours.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

# Below this share of the shorter text kept (characters, after the clean-up), a paragraph
# counts as rewritten. Measured on the two samples (bench/rewrite_threshold.py, quoted in
# docs/review.md): of the 910 pairs of a 2024 and a 2026 paragraph, the unrelated ones keep
# at most 0.26; the two that are one paragraph reworked a year later keep 0.45 and 0.47 and
# still read well as word changes; a one-word edit keeps over 0.9.
REWRITE_BELOW = 0.35

Kind = Literal["equal", "delete", "insert"]

# Markup signs first; then a word, with the punctuation inside it ("e-commerce", "1,200",
# "UNCTAD's", an address) but not after it; then any other sign; then whitespace.
_TOKEN = re.compile(r"\^\[|\]\([^)\s]*\)|\w+(?:[-'’.,/:@&=?#%+~]+\w+)*|[^\s\w]|\s+")


def tokens(text: str) -> list[str]:
    """``text`` cut into tokens; ``"".join(tokens(text)) == text``."""
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Span:
    """Tokens ``old[old_start:old_end]`` became ``new[new_start:new_end]``: equal ones, or
    deleted (nothing new), or inserted (nothing old)."""

    kind: Kind
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class Piece:
    """A stretch of text that is kept, deleted or inserted."""

    kind: Kind
    text: str


def diff_tokens(
    old: Sequence[Hashable],
    new: Sequence[Hashable],
    *,
    size=len,
    rewrite_below: float = REWRITE_BELOW,
) -> list[Span]:
    """The spans that turn ``old`` into ``new``, in order: equal, deleted, inserted (a
    deletion always before the insertion that replaces it). Tokens are compared by
    equality; ``size`` (characters of a token by default) weighs them for the clean-up
    and the rewrite threshold."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            spans.append(Span("equal", i1, i2, j1, j2))
        else:
            spans.append(Span("delete", i1, i2, j1, j1))
            spans.append(Span("insert", i2, i2, j1, j2))
    spans = _fold_small_equalities(spans, old, new, size)
    if _kept_share(spans, old, new, size) < rewrite_below:
        spans = [Span("delete", 0, len(old), 0, 0), Span("insert", len(old), len(old), 0, len(new))]
    return [s for s in spans if s.old_end > s.old_start or s.new_end > s.new_start]


def _kept_share(spans: list[Span], old, new, size) -> float:
    """The share of the shorter side that the equal spans keep: 1.0 for a text only added
    to or only cut, near 0 for one rewritten from scratch."""
    shorter = min(sum(map(size, old)), sum(map(size, new)))
    kept = sum(size(t) for s in spans if s.kind == "equal" for t in old[s.old_start : s.old_end])
    return kept / shorter if shorter else 1.0


def _fold_small_equalities(spans: list[Span], old, new, size) -> list[Span]:
    """Merge each equal span that is no longer than the change before it and the change
    after it into those changes, then join neighbouring spans of one kind."""

    def weight(span: Span) -> int:
        return sum(map(size, old[span.old_start : span.old_end])) + sum(
            map(size, new[span.new_start : span.new_end])
        )

    changed = True
    while changed:
        changed = False
        groups = _groups(spans)
        out: list[Span] = []
        for n, group in enumerate(groups):
            if (
                group[0].kind == "equal"
                and 0 < n < len(groups) - 1
                and weight(group[0]) / 2
                <= min(sum(map(weight, groups[n - 1])), sum(map(weight, groups[n + 1])))
            ):
                # dropped: `_join` makes the changes on both sides one stretch, which spans it
                changed = True
            else:
                out.extend(group)
        spans = _join(out)
    return spans


def _groups(spans: list[Span]) -> list[list[Span]]:
    """Spans grouped into runs: each equal span alone, each stretch of changes together."""
    groups: list[list[Span]] = []
    for span in spans:
        if groups and span.kind != "equal" and groups[-1][0].kind != "equal":
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _join(spans: list[Span]) -> list[Span]:
    """One delete then one insert per stretch of changes; neighbouring equal spans joined."""
    out: list[Span] = []
    for group in _groups(spans):
        first, last = group[0], group[-1]
        if first.kind == "equal":
            if out and out[-1].kind == "equal":
                prev = out.pop()
                first = Span("equal", prev.old_start, first.old_end, prev.new_start, first.new_end)
            out.append(first)
            continue
        old_start, old_end = first.old_start, last.old_end
        new_start, new_end = first.new_start, last.new_end
        out.append(Span("delete", old_start, old_end, new_start, new_start))
        out.append(Span("insert", old_end, old_end, new_start, new_end))
    return out


def diff_text(old: str, new: str, *, rewrite_below: float = REWRITE_BELOW) -> list[Piece]:
    """``old`` to ``new`` as kept, deleted and inserted pieces of text."""
    a, b = tokens(old), tokens(new)
    pieces = []
    for span in diff_tokens(a, b, rewrite_below=rewrite_below):
        if span.kind == "insert":
            pieces.append(Piece("insert", "".join(b[span.new_start : span.new_end])))
        else:
            pieces.append(Piece(span.kind, "".join(a[span.old_start : span.old_end])))
    return pieces


def kept_share(old: str, new: str) -> float:
    """The share of the shorter text that a word diff keeps (0..1), the measure the rewrite
    threshold is set on."""
    a, b = tokens(old), tokens(new)
    return _kept_share(diff_tokens(a, b, rewrite_below=0), a, b, len)


def is_rewrite(pieces: list[Piece]) -> bool:
    """Whether a diff is one deletion plus one insertion with nothing kept."""
    return [p.kind for p in pieces] == ["delete", "insert"]


# Red strike-through for deletions, green underline for insertions (ANSI SGR codes).
_COLOURS = {"delete": "\x1b[9;31m", "insert": "\x1b[4;32m"}
_RESET = "\x1b[0m"
# Piped or written to a file, the marks git's --word-diff=plain uses.
_MARKS = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}


def render(pieces: list[Piece], *, colour: bool) -> str:
    """The diff as one text: coloured for a terminal, or with ``[-deleted-]`` and
    ``{+inserted+}`` marks when ``colour`` is False (piped output, files)."""
    out = []
    for piece in pieces:
        if piece.kind == "equal":
            out.append(piece.text)
        elif colour:
            out.append(f"{_COLOURS[piece.kind]}{piece.text}{_RESET}")
        else:
            start, end = _MARKS[piece.kind]
            out.append(f"{start}{piece.text}{end}")
    return "".join(out)
