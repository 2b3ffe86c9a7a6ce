"""Bands, thresholds and the score of a pair of sentences."""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .text import Sentence, content_words, is_content, register_positions

# --------------------------------------------------------------------------- bands


class Band(enum.Enum):
    """Fuzzy-match bands, from the most to the least similar."""

    VERBATIM = "verbatim"
    NEAR_VERBATIM = "near-verbatim"
    LIGHT_EDIT = "light edit"
    MODERATE_EDIT = "moderate edit"
    CONDENSED = "condensed"  # the prior's skeleton kept in order, words cut or swapped

    @property
    def label(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """4 for verbatim down to 0 for condensed: higher is more similar."""
        return len(Band) - 1 - list(Band).index(self)

    def at_or_above(self, other: Band) -> bool:
        """True if this band is as similar as ``other`` or more (verbatim >= ... >= condensed)."""
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> Band:
        """Accept "light edit", "light-edit", "light_edit", "LIGHT_EDIT" or just "light"."""
        key = re.sub(r"[\s_-]+", "", str(text).lower())
        for band in cls:
            if key in (re.sub(r"[\s_-]+", "", band.value), band.value.split()[0].replace("-", "")):
                return band
        choices = ", ".join(b.label for b in cls)
        raise ValueError(f"unknown band {text!r}; choose one of: {choices}")


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs (0-100) of the bands and the minimum sizes of a comparable text.

    The defaults follow translation-memory fuzzy bands (100 / 95-99 / 85-94 / 75-84) and
    were checked against tests/data/labelled_pairs.yaml (see docs/check.md).
    """

    near_verbatim: int = 95
    light_edit: int = 85
    moderate_edit: int = 75
    min_words: int = 6  # content words (not "the", "of", ...) a sentence needs
    min_passage: int = 10  # matched words a recycled passage inside a new sentence needs
    condensed: int = 55  # per cent of the draft's content words found in the prior, in order
    min_condensed: int = 10  # content words such a condensed rewrite must share, in order
    # A short condensed rewrite (fewer than min_condensed words in common): per cent of the
    # draft's content words kept in order when words count by their first five letters
    # ("assess"/"assessing"), at least min_words of them and at least half not names.
    short_condensed: int = 65
    # A condensed rewrite of two adjacent prior sentences (a window, at any length: the short
    # rule, with words kept from both sentences): per cent of the two sentences' content
    # words it must keep, so that a few words scattered over a long pair are not one.
    window_kept: int = 20

    def __post_init__(self) -> None:
        if not 0 < self.moderate_edit <= self.light_edit <= self.near_verbatim <= 100:
            raise ValueError(
                "thresholds must satisfy 0 < moderate_edit <= light_edit <= near_verbatim <= 100"
            )

    @classmethod
    def parse(cls, text: str) -> Thresholds:
        """'95,85,75': the lowest scores of near-verbatim, light edit and moderate edit."""
        try:
            near, light, moderate = (int(part) for part in text.split(","))
            return cls(near_verbatim=near, light_edit=light, moderate_edit=moderate)
        except ValueError:
            raise ValueError("give three scores, highest first, e.g. 95,85,75") from None

    def band(self, score: int) -> Band | None:
        if score >= 100:
            return Band.VERBATIM
        if score >= self.near_verbatim:
            return Band.NEAR_VERBATIM
        if score >= self.light_edit:
            return Band.LIGHT_EDIT
        if score >= self.moderate_edit:
            return Band.MODERATE_EDIT
        return None

    def floor(self, band: Band) -> int:
        """The lowest score in ``band`` (bench/labelled_figures.py sweeps the bands with it)."""
        return {
            Band.VERBATIM: 100,
            Band.NEAR_VERBATIM: self.near_verbatim,
            Band.LIGHT_EDIT: self.light_edit,
            Band.MODERATE_EDIT: self.moderate_edit,
            Band.CONDENSED: 0,
        }[band]


def _blend(ex: str, ey: str) -> float:
    """Mean of the ratio in word order and the ratio of the sorted words (0-100)."""
    from rapidfuzz import fuzz

    return (fuzz.ratio(ex, ey) + fuzz.ratio("".join(sorted(ex)), "".join(sorted(ey)))) / 2


# How a pair was found: the whole sentence, a recycled passage inside a new sentence, or a
# condensed rewrite (the prior's skeleton kept in order).
SENTENCE, PASSAGE, CONDENSED = "", "passage", "condensed"


def score_pair(x: Sentence, y: Sentence, th: Thresholds) -> tuple[int, str]:
    """(score, how) for two encoded sentences; score 0 when not comparable.

    The score is always a real similarity (0-100): of the whole sentences, or of the
    recycled passage when ``how`` is "passage". A condensed rewrite keeps its (low) whole
    score; ``order_share`` says how much of the skeleton it kept.
    """
    if x.content < th.min_words or y.content < th.min_words:
        return 0, SENTENCE
    if x.enc == y.enc:
        return (100 if _raw(x) == _raw(y) else 99), SENTENCE
    whole = min(_blend(x.enc, y.enc), 99.0)
    if whole >= th.light_edit:
        return int(whole), SENTENCE
    part = min(_passage_score(x, y, th), 99.0)
    if part > whole:
        return int(part), PASSAGE
    if whole < th.moderate_edit and order_share(x, y, th) >= th.condensed:
        return int(whole), CONDENSED
    return int(whole), SENTENCE


def _raw(s: Sentence) -> list[str]:
    """The sentence's tokens with numbers as written (an index keeps only masked ones)."""
    if not s.raw:
        from .text import raw_tokens, remove_stock_phrases

        s.raw = remove_stock_phrases(raw_tokens(s.text))
    return s.raw


def content_enc(s: Sentence) -> str:
    """The encoded sentence with only its content words (see ``is_content``)."""
    if not s.cenc and s.toks:
        s.cenc = "".join(c for c, t in zip(s.enc, s.toks, strict=False) if is_content(t))
    return s.cenc


def order_share(x: Sentence, y: Sentence, th: Thresholds) -> int:
    """Per cent of x's content words found in y in the same order (a longest common
    subsequence over content words), or 0 when too few are shared: at least
    ``th.min_condensed``, or for a short rewrite the ``short_share``."""
    from rapidfuzz.distance import LCSseq

    cx, cy = content_enc(x), content_enc(y)
    shared = LCSseq.similarity(cx, cy)
    if y.first:  # a window of two prior sentences
        return short_share(x, y, th) if shared >= window_need(len(cx), th) else 0
    if shared >= th.min_condensed:
        return 100 * shared // len(cx)
    return short_share(x, y, th) if shared >= condensed_need(len(cx), th) else 0


def condensed_need(n: int, th: Thresholds) -> int:
    """The content words a draft sentence of ``n`` content words must share in order, word
    for word, with a prior one to be a condensed rewrite: ``condensed`` per cent and at
    least ``min_condensed``; or, for a short one, half of them and at least ``min_words``
    (the index's candidates are the prior sentences sharing that many)."""
    long = max(th.min_condensed, math.ceil(th.condensed * n / 100 - 1e-9))
    return min(long, max(th.min_words, math.ceil(n / 2)))


def window_need(n: int, th: Thresholds) -> int:
    """The content words a draft sentence of ``n`` content words must keep in order, word for
    word, from a window of two prior sentences to be a condensed rewrite of it:
    ``short_condensed`` per cent, and at least ``min_words`` (the index's window candidates)."""
    return max(th.min_words, math.ceil(th.short_condensed * n / 100 - 1e-9))


def short_share(x: Sentence, y: Sentence, th: Thresholds) -> int:
    """A short condensed rewrite ("UNCTAD kept assessing ... through eTrade Readiness
    Assessments" of "UNCTAD continued to assess ... through eTrade Readiness Assessments"):
    the per cent of x's content words kept in y in order when words count by their first
    five letters, if it reaches ``th.short_condensed`` with at least ``th.min_words`` words
    of which at least half are not names (a shared programme name alone is the same topic,
    not recycling); else 0. For a window of two prior sentences (``y.first``), the rule of
    any condensed rewrite of it: words kept from each sentence (else it is one sentence's
    match), and at least ``th.window_kept`` per cent of the two's content words."""
    from rapidfuzz.distance import LCSseq

    wx = [t for t in _tokens(x) if is_content(t)]
    wy = [t for t in _tokens(y) if is_content(t)]
    stems: dict[str, str] = {}
    ex = "".join(stems.setdefault(t[:5], chr(0x4E00 + len(stems))) for t in wx)
    ey = "".join(stems.setdefault(t[:5], chr(0x4E00 + len(stems))) for t in wy)
    ops = LCSseq.editops(ex, ey)
    dropped = {op.src_pos for op in ops if op.tag in ("delete", "replace")}
    kept = [wx[i] for i in range(len(wx)) if i not in dropped]
    share = 100 * len(kept) // len(wx) if wx else 0
    named = sum(1 for t in kept if t in x.names)
    ok = share >= th.short_condensed and len(kept) >= th.min_words and 2 * named <= len(kept)
    if ok and y.first:
        added = {op.dest_pos for op in ops if op.tag in ("insert", "replace")}
        from_first = sum(1 for j in range(min(y.first, len(wy))) if j not in added)
        ok = 0 < from_first < len(kept) and 100 * len(kept) >= th.window_kept * len(wy)
    return share if ok else 0


def _tokens(s: Sentence) -> list[str]:
    """The sentence's tokens; a prior sentence from an index keeps only their codes (and a
    window of two, ``PriorIndex.sentence(~c)``, is two sentences' tokens)."""
    if s.toks:
        return s.toks
    from .text import sentence_tokens

    return [t for *_, toks in sentence_tokens([(0, 0, s.text)]) for t in toks]


@lru_cache(maxsize=4096)
def _register(toks: tuple[str, ...]) -> frozenset[int]:
    """``register_positions``, once per draft sentence rather than once per pair it is in."""
    return frozenset(register_positions(toks))


def _passage_score(x: Sentence, y: Sentence, th: Thresholds) -> float:
    """The best blend score of an aligned region holding >= min_passage matched words."""
    from rapidfuzz.distance import Indel

    blocks = [
        (op.src_start, op.src_end, op.dest_start, op.dest_end)
        for op in Indel.opcodes(x.enc, y.enc)
        if op.tag == "equal"
    ]
    best = 0.0
    floor = th.moderate_edit / 100 - 0.1
    register = _register(tuple(x.toks))
    for p in range(len(blocks)):
        matched = own = 0
        for q in range(p, len(blocks)):
            matched += blocks[q][1] - blocks[q][0]
            own += sum(1 for i in range(blocks[q][0], blocks[q][1]) if i not in register)
            if own < th.min_passage:
                continue
            i1, i2, j1, j2 = blocks[p][0], blocks[q][1], blocks[p][2], blocks[q][3]
            if 2 * matched / (i2 - i1 + j2 - j1) < floor:
                continue
            region = x.toks[i1:i2]
            # enough words, and not just a shared name ("Intergovernmental Group of Experts
            # on E-commerce and the Digital Economy"): some plain lower-case words too
            if (
                content_words(region) < th.min_words
                or content_words(t for t in region if t not in x.names) < (th.min_words + 1) // 2
            ):
                continue
            best = max(best, _blend(x.enc[i1:i2], y.enc[j1:j2]))
    return best if best >= th.moderate_edit else 0.0
