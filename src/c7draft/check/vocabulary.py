"""Words as token ids, token ids as characters, and 4-word runs as hashes: the encoding
``PriorIndex`` and the archive index (``archive/``) share, so that a draft sentence and
an archive's sentences compare in the same terms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .text import STOPWORDS


def code_point(i):
    """The code point that stands for token id ``i`` in encoded text (rapidfuzz compares
    token sequences as strings): 0x100 + i, past the surrogate range. ``i`` is an int, or a
    numpy array of them (the archive index encodes all its tokens at once)."""
    cp = i + 0x100
    return cp + 0x800 * (cp >= 0xD800)


def char_id(c: str) -> int:
    """The token id of one character of encoded text (``code_point``'s inverse)."""
    cp = ord(c)
    return cp - 0x100 - 0x800 * (cp >= 0xD800 + 0x800)


def encoded(ids: Iterable[int]) -> str:
    """Token ids as encoded text, one character each."""
    return "".join(map(chr, map(code_point, ids)))


class Vocabulary:
    """Token <-> id, and each id as one character so rapidfuzz compares token sequences."""

    def __init__(self, words: Sequence[str] = ()):
        self.words: list[str] = list(words)
        self.ids: dict[str, int] = {w: i for i, w in enumerate(self.words)}

    def id(self, word: str, add: bool = True) -> int:
        i = self.ids.get(word)
        if i is None:
            i = len(self.words)
            if add:
                self.words.append(word)
                self.ids[word] = i
        return i

    def encode(self, toks: Sequence[str], add: bool = True) -> tuple[list[int], str]:
        ids = [self.id(t, add) for t in toks]
        return ids, encoded(ids)


# --------------------------------------------------------------------------- shingles

SHINGLE = 4  # words per shingle for finding recycled passages
SHINGLE_MAX_DF = 200  # a 4-word phrase in more prior sentences than this is idiom, not recycling
SHINGLE_BASE = 1_000_003
_MASK64 = (1 << 64) - 1


def shingle_hash(a, b, c, d):
    """The hash of ``SHINGLE`` token ids a, b, c, d: ((a*B + b)*B + c)*B + d modulo 2**64.
    Each may be an int, or a numpy uint64 array (the archive index hashes every shingle of
    the archive at once; its arithmetic wraps modulo 2**64 by itself)."""
    return (((a * SHINGLE_BASE + b) * SHINGLE_BASE + c) * SHINGLE_BASE + d) & _MASK64


def shingles(ids: Sequence[int], toks: Sequence[str]) -> set[int]:
    """Hashes of the 4-word runs that are not all stopwords (``shingle_hash``, inlined: this
    runs for every sentence a check indexes or searches)."""
    b = SHINGLE_BASE
    word = [t not in STOPWORDS for t in toks]
    return {
        (((i * b + j) * b + k) * b + m) & _MASK64
        for i, j, k, m, w, x, y, z in zip(
            ids, ids[1:], ids[2:], ids[3:], word, word[1:], word[2:], word[3:], strict=False
        )
        if w or x or y or z
    }
