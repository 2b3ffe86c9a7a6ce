"""The archive index: the prior index of a large archive as numpy arrays on disk.

``index.PriorIndex`` builds its postings in Python, which is fine for the shipped seeds
but slow for a secretariat archive of 1,000 submissions (100,000 sentences). Here the same
arrays (token postings sorted for prefix filtering, 4-word shingles, encoded sentences)
are built with numpy from the per-file sentence tables, saved with ``np.save`` (no
pickle) and loaded with ``mmap_mode="r"`` on later runs, so a warm check reads only the
pages it touches. The search itself is ``PriorIndex``'s: only the storage differs.
numpy is imported here only, on the archive path; ``build`` against the seeds never loads it.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterable, Sequence
from itertools import chain, count
from typing import TYPE_CHECKING, cast

import numpy as np

from ..errors import OutputError
from ..fileio import atomic_folder
from .index import (
    SHINGLE,
    SHINGLE_MAX_DF,
    PriorIndex,
    Vocabulary,
    char_id,
    code_point,
    shingle_hash,
    shingles,
)
from .tables import PassageRows, documents_of, table_words
from .text import STOPWORDS, is_content

if TYPE_CHECKING:  # pragma: no cover
    from .cache import Cache

# The arrays saved of an archive index: the in-memory index's, then its string columns as
# code points (or UTF-8 bytes) with offsets, and its tokens.
ARRAYS = PriorIndex.ARRAYS + (
    "tok",
    "enc",
    "enc_off",
    "sorted_enc",
    "ctok",
    "cenc",
    "cenc_off",
    "texts",
    "texts_off",
    "cword_off",
    "cword_ids",
    "csig",
    "tsig",
)


class _Column:
    """Row c of a string column kept as one array of code points (or UTF-8 bytes) and offsets."""

    def __init__(self, data: np.ndarray, off: np.ndarray, encoding: str):
        self.data, self.off, self.encoding = data, off, encoding

    def __len__(self) -> int:
        return len(self.off) - 1

    def __getitem__(self, c: int) -> str:
        return self.data[self.off[c] : self.off[c + 1]].tobytes().decode(self.encoding)

    def __iter__(self):
        return (self[c] for c in range(len(self)))


def _checksum(a: np.ndarray) -> str:
    """CRC-32 of an array's bytes: against damage (tampering is the owner/mode guard's job),
    and twice as fast as sha256 over the ~70 MB of a 100,000-sentence archive."""
    return f"crc32:{zlib.crc32(np.ascontiguousarray(a).data.cast('B')):08x}"


def _checksums(arrays: dict[str, np.ndarray]) -> dict[str, str]:
    """``_checksum`` of each array, on two threads (zlib releases the GIL while it sums)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(arrays, pool.map(_checksum, arrays.values()), strict=False))


def _stable_argsort(a: np.ndarray) -> np.ndarray:
    """``np.argsort(a, kind="stable")``, quicker when few values repeat (a shingle's hash):
    the quick unstable sort, then each run of equal values put back in index order."""
    o = np.argsort(a)
    v = a[o]
    same = v[1:] == v[:-1]  # same[i]: places i and i + 1 hold one value
    if not same.any():
        return o
    tied = np.zeros(len(a), bool)
    tied[1:] = same
    tied[:-1] |= same
    starts = np.zeros(len(a), bool)
    starts[0] = True
    starts[1:] = ~same
    at = np.flatnonzero(tied)
    run = np.cumsum(starts)[at]  # which run of equal values each tied place is in
    o[at] = np.sort(run.astype(np.int64) * len(a) + o[at]) % len(a)
    return o


def content_postings(ctok: np.ndarray, cenc_off: np.ndarray, n_words: int) -> dict[str, np.ndarray]:
    """The condensed search's postings (``ArchiveIndex.condensed_candidates``): for each word,
    the sentences holding it among their content words, each once, ascending (CSR:
    ``cword_ids[cword_off[i]:cword_off[i + 1]]``)."""
    n = len(cenc_off) - 1
    # a stable sort by word keeps each word's sentences ascending; 32-bit where it can (the
    # build's peak memory is the archive path's limit)
    o = np.argsort(ctok, kind="stable")
    word = ctok[o]
    sid = np.repeat(np.arange(n, dtype=np.uint32), np.diff(cenc_off))[o]
    del o
    keep = np.ones(len(word), bool)  # each (word, sentence) once
    keep[1:] = (word[1:] != word[:-1]) | (sid[1:] != sid[:-1])
    cword_off = np.zeros(n_words + 1, np.int64)
    np.cumsum(np.bincount(word[keep], minlength=n_words), out=cword_off[1:])
    return {
        "cword_off": cword_off,
        "cword_ids": sid[keep],
        "csig": signatures(ctok, np.diff(cenc_off)),
    }


_HITS = 2  # see ArchiveIndex._condensed_pairs (with the signatures' bound, 2 measured quicker than 1, 3, 4)
_CHUNK = 500_000  # postings read per pass of the batched search (its memory: ~60 MB)


def _flat(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(list no. of each value, the values, each list's length) of lists of ints."""
    n = np.fromiter(map(len, lists), np.int64, len(lists))
    values = np.fromiter(chain.from_iterable(lists), np.int64, int(n.sum()))
    return np.repeat(np.arange(len(lists)), n), values, n


def _codes(q: np.ndarray, values: np.ndarray, width: int) -> np.ndarray:
    """(query, value) pairs as sorted distinct codes q * width + value, for membership tests."""
    return _distinct(q * width + values)


def _distinct(code: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (``np.unique``, whose hash table is slower here)."""
    code = np.sort(code)
    keep = np.ones(len(code), bool)
    keep[1:] = code[1:] != code[:-1]
    return code[keep]


def _spans(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every index of the spans [lo[i], hi[i]), concatenated, and the span each is from."""
    lens = hi - lo
    owner = np.repeat(np.arange(len(lo)), lens)
    return np.arange(int(lens.sum())) - (np.cumsum(lens) - lens - lo)[owner], owner


def _counted(code: np.ndarray, flag: np.ndarray | None = None):
    """(distinct codes ascending, how often each occurs, whether any occurrence had ``flag``):
    one sort of the codes with the flag as their lowest bit."""
    key = code.astype(np.int64) * 2 + (flag if flag is not None else 0)
    key.sort()
    last = np.ones(len(key), bool)  # the last of each run of one code
    last[:-1] = (key[1:] >> 1) != (key[:-1] >> 1)
    ends = np.flatnonzero(last)
    counts = np.diff(ends, prepend=-1)
    return key[ends] >> 1, counts, (key[ends] & 1).astype(bool)


def signatures(words: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Each of ``len(sizes)`` word sets (``sizes[i]`` words each, one set after the other in
    ``words``) as 256 bits, four rows of uint64 (row j: bits 64j-64j+63 of every set): the
    bit of a word is its id's Fibonacci hash. Of x's words, those a sentence holds are at
    most popcount(sig & x's sig) plus how many of x's words share a bit with another of
    x's (``_held_at_most``). A million words at a time: the build's peak memory is the
    archive path's limit."""
    sig = np.zeros((4, len(sizes)), np.uint64)
    ends = np.cumsum(sizes)
    a = 0
    while a < len(sizes):
        b = max(a + 1, int(np.searchsorted(ends, ends[a] - sizes[a] + 2**20, "right")))
        some = a + np.flatnonzero(sizes[a:b])  # the sets with words: their first word's place
        first = ends[a] - sizes[a]
        part = words[first : ends[b - 1]].astype(np.uint64)
        part *= np.uint64(0x9E3779B97F4A7C15)
        bit = (part >> np.uint64(56)).astype(np.uint8)
        value = np.left_shift(np.uint64(1), (bit & 63).astype(np.uint64))
        for j in range(4 if len(some) else 0):  # each set's bits OR-ed in one pass
            chosen = np.where(bit >> 6 == j, value, np.uint64(0))
            sig[j, some] = np.bitwise_or.reduceat(chosen, (ends - sizes)[some] - first)
        a = b
    return sig


def _signed(sig: np.ndarray) -> np.ndarray:
    """The bits set in each set of ``signatures``."""
    return np.bitwise_count(sig).sum(axis=0, dtype=np.int64)


def _held_at_most(sig: np.ndarray, cs: np.ndarray, mask: np.ndarray, cq: np.ndarray) -> np.ndarray:
    """For each (query cq, sentence cs): the query's words whose bit the sentence's
    signature has (before ``signatures``' correction); row by row, as gathering each row of
    a column-major table is several times quicker than gathering 4-word rows."""
    out = np.zeros(len(cs), np.int64)
    for j in range(4):
        out += np.bitwise_count(sig[j][cs] & mask[j][cq])
    return out


def _bisect_right(a: np.ndarray, lo: np.ndarray, hi: np.ndarray, value: float) -> np.ndarray:
    """For each sorted span a[lo[i]:hi[i]], the first index whose value exceeds ``value``
    (``searchsorted(..., "right")`` of every span at once)."""
    lo, hi = lo.copy(), hi.copy()
    while (active := lo < hi).any():
        mid = (lo + hi) // 2
        right = active & (a[np.minimum(mid, len(a) - 1)] <= value)
        lo = np.where(right, mid + 1, lo)
        hi = np.where(active & ~right, mid, hi)
    return lo


def _chunks(q: np.ndarray, sizes: np.ndarray, queries: int = 0):
    """Slices of the probes (ordered by query) holding about ``_CHUNK`` postings each (and
    probes of at most ``queries`` queries, if given), never splitting one query's probes."""
    if not len(q):
        return
    total = np.cumsum(sizes)
    starts = np.flatnonzero(np.diff(q, prepend=-1))  # each query's first probe
    start = 0
    while start < len(q):
        stop = np.searchsorted(total, (total[start - 1] if start else 0) + _CHUNK, "right")
        if queries:
            stop = min(stop, np.searchsorted(q, q[start] + max(1, queries)))
        after = starts[starts > max(stop - 1, start)]
        stop = int(after[0]) if len(after) else len(q)
        yield slice(start, stop)
        start = stop


class _Ids(dict):
    """Word -> id, each new word given the next id when first looked up."""

    def __init__(self, words: Iterable[str]):
        super().__init__(zip(words, count()))

    def __missing__(self, word: str) -> int:
        k = self[word] = len(self)
        return k


class ArchiveIndex(PriorIndex):
    """A ``PriorIndex`` whose columns are numpy arrays (see the module's docstring)."""

    def __init__(self, arrays: dict[str, np.ndarray], words: list[str], documents: list):
        columns: dict[str, object] = {name: arrays[name] for name in PriorIndex.ARRAYS}
        columns["enc"] = _Column(arrays["enc"], arrays["enc_off"], "utf-32-le")
        columns["sorted_enc"] = _Column(arrays["sorted_enc"], arrays["enc_off"], "utf-32-le")
        columns["cenc"] = _Column(arrays["cenc"], arrays["cenc_off"], "utf-32-le")
        columns["texts"] = _Column(arrays["texts"], arrays["texts_off"], "utf-8")
        super().__init__(documents, Vocabulary(words), columns)
        self.arrays = arrays
        self.tok = arrays["tok"]
        self._pairs: np.ndarray | None = None  # ``_paired``'s, made when first asked for

    def sentences_per_document(self) -> list[int]:
        return np.bincount(self.where[::2], minlength=len(self.documents)).tolist()

    # The candidate searches of PriorIndex, batched: every draft sentence searched at once,
    # in vectorised passes over the postings (no per-sentence numpy calls), the same pairs.

    def candidate_pairs(
        self, draft: list, rows: list[int], th, windows: bool = False
    ) -> list[tuple[int, int]]:
        """(draft sentence no., prior sentence id) of every candidate of ``PriorIndex.search``,
        ascending: the sorted-ratio, passage and condensed searches over all ``rows`` at once
        (with ``windows``, the condensed search's windows ``~c`` too)."""
        found = self._ratio_pairs(draft, rows, th.moderate_edit)
        found |= self._passage_pairs(draft, rows)
        found |= self._condensed_pairs(draft, rows, th, windows)
        return sorted(found)

    def sorted_ratio_candidates(self, x, cutoff: float) -> set[int]:
        return {c for _, c in self._ratio_pairs([x], [0], cutoff)}

    def passage_candidates(self, x, min_shared: int = 2) -> set[int]:
        return {c for _, c in self._passage_pairs([x], [0], min_shared)}

    def window_candidates(self, x, th) -> set[int]:
        return {c for _, c in self._condensed_pairs([x], [0], th, windows=True) if c < 0}

    def contents(self, rows):
        """``PriorIndex.contents``, decoded at once (a window's two sentences are adjacent)."""
        rows = np.asarray(rows, np.int64)
        first = np.where(rows >= 0, rows, ~rows)
        off = self.arrays["cenc_off"]
        lo, hi = off[first], off[first + 1 + (rows < 0)]
        text = self.arrays["cenc"][_spans(lo, hi)[0]].tobytes().decode("utf-32-le")
        cut = np.concatenate([[0], np.cumsum(hi - lo)]).tolist()
        return [text[a:b] for a, b in zip(cut, cut[1:], strict=False)]

    def _paired(self) -> np.ndarray:
        """For each sentence c but the last, whether c and c + 1 are one bullet's (a window)."""
        if self._pairs is None:
            doc, passage = self.where[0::2], self.where[1::2]
            self._pairs = (doc[:-1] == doc[1:]) & (passage[:-1] == passage[1:])
        return self._pairs

    def condensed_candidates(self, x, th) -> set[int]:
        """Every prior sentence that can hold ``need`` of x's content words in order (the
        set ``PriorIndex.condensed_candidates`` gives), at a cost that does not grow with
        how common the shared words are: see ``_condensed_pairs``."""
        return {c for _, c in self._condensed_pairs([x], [0], th)}

    def _ratio_pairs(self, draft: list, rows: list[int], cutoff: float) -> set[tuple[int, int]]:
        """Every (k, prior sentence) whose sorted-token ratio reaches ``cutoff``, k in ``rows``:
        ``PriorIndex.candidates``'s prefix filtering (x's prefix tokens, in y's prefix), then
        bounds that only drop pairs below it (lengths; the overlap bounded by the token
        signatures, then counted), then rapidfuzz on the few left."""
        from rapidfuzz import fuzz

        t = cutoff / 100
        rows = [k for k in rows if draft[k].ids]
        if not rows:
            return set()
        q, tok, n = _flat([draft[k].ids for k in rows])
        need = np.ceil(t * n / (2 - t) - 1e-9).astype(np.int64)
        pq, ptok, weight = self._rarest(q, tok, n - need + 1, len(self.df))
        lo = self.post_off[ptok].astype(np.int64)
        hi = _bisect_right(self.post_key, lo, self.post_off[ptok + 1].astype(np.int64), -t + 1e-9)
        width = max(len(self.df), int(tok.max(initial=0))) + 1  # (a joined index's new words)
        x_words = _codes(q, tok, width)
        known = tok < len(self.df)  # a token no prior sentence holds is never shared
        mask = signatures(tok[known], np.bincount(q[known], minlength=len(rows)))
        extra = np.bincount(q[known], minlength=len(rows)) - _signed(mask)
        shortest, longest = t * n / (2 - t) - 1e-9, (2 - t) * n / t + 1e-9
        found: set[tuple[int, int]] = set()
        big = len(self.lengths)
        for part in _chunks(pq, hi - lo, 2**24 // big):
            spots, owner = _spans(lo[part], hi[part])
            sid = self.post_ids[spots]
            cq = pq[part][owner]
            ly = self.lengths[sid]
            ok = (ly >= shortest[cq]) & (ly <= longest[cq])
            # each (query, sentence) once: marked in a table of the chunk's queries (no sort)
            first = int(pq[part][0])
            seen = np.zeros((int(pq[part][-1]) + 1 - first) * big, bool)
            seen[(cq[ok] - first) * big + sid[ok]] = True
            code = np.flatnonzero(seen)
            cq, cs = code // big + first, code % big
            nq, ly = n[cq], self.lengths[cs].astype(np.int64)
            if len(cs) * 20 > len(seen):  # many a query (a field's shared words): a bound first
                # each of x's prefix places counts at most 1 towards the overlap, and only if its
                # token is in y; the other n - prefix places at most 1 each
                hits = self._prefix_held(cq, cs, pq[part], ptok[part], weight[part])
                ok = 200 * (hits + need[cq] - 1) >= cutoff * (nq + ly) - 1e-6
                cq, cs, nq, ly = cq[ok], cs[ok], nq[ok], ly[ok]
            # the overlap is at most the x tokens whose bit y's signature has (see ``signatures``)
            held = _held_at_most(self.arrays["tsig"], cs, mask, cq) + extra[cq]
            ok = 200 * held >= (cutoff - 1e-6) * (nq + ly)
            cq, cs, nq, ly = cq[ok], cs[ok], nq[ok], ly[ok]
            shared = self._shared(cq, cs, x_words, self.tok, self.arrays["enc_off"], width)
            keep = 200 * shared >= (cutoff - 1e-6) * (nq + ly)
            # this bounds the sorted-token ratio from above: rapidfuzz then keeps the real ones
            for a, c in zip(cq[keep].tolist(), cs[keep].tolist(), strict=True):
                x = draft[rows[a]]
                if fuzz.ratio("".join(sorted(x.enc)), self.sorted_enc[c], score_cutoff=cutoff):
                    found.add((rows[a], c))
        return found

    def _prefix_held(self, cq, cs, pq, ptok, weight) -> np.ndarray:
        """For each (query, sentence) pair (``cq`` ascending), how many of the query's prefix
        places (tokens ``ptok`` of queries ``pq``, ``weight`` places each) the sentence holds:
        their whole postings counted, a few queries at a time in a table of 16 MB."""
        big = len(self.lengths)
        out = np.zeros(len(cq))
        group = max(1, 2**21 // big)
        for g in range(int(pq[0]), int(pq[-1]) + 1, group):
            a, b = np.searchsorted(pq, [g, g + group])
            c, d = np.searchsorted(cq, [g, g + group])
            if a == b or c == d:
                continue
            lo, hi = self.post_off[ptok[a:b]].astype(np.int64), self.post_off[ptok[a:b] + 1].astype(np.int64)
            spots, owner = _spans(lo, hi)
            code = (pq[a:b][owner] - g) * big + self.post_ids[spots]
            counts = np.bincount(code, weights=weight[a:b][owner], minlength=group * big)
            out[c:d] = counts[(cq[c:d] - g) * big + cs[c:d]]
        return out

    def _passage_pairs(self, draft: list, rows: list[int], min_shared: int = 2) -> set[tuple[int, int]]:
        """Every (k, prior sentence) sharing ``min_shared`` uncommon 4-word phrases, k in ``rows``."""
        keys = [np.fromiter(shingles(draft[k].ids, draft[k].toks), np.uint64) for k in rows]
        q = np.repeat(np.arange(len(rows)), [len(k) for k in keys])
        if not len(q):
            return set()
        h = np.concatenate(keys)
        lo, hi = np.searchsorted(self.sh_keys, h, "left"), np.searchsorted(self.sh_keys, h, "right")
        ok = (hi > lo) & (hi - lo <= SHINGLE_MAX_DF)
        spots, owner = _spans(lo[ok], hi[ok])
        code, counts, _ = _counted(q[ok][owner] * len(self.lengths) + self.sh_ids[spots])
        code = code[counts >= min_shared]
        ks, cs = np.asarray(rows)[code // len(self.lengths)], code % len(self.lengths)
        return set(zip(ks.tolist(), cs.tolist(), strict=True))

    def _condensed_pairs(
        self, draft: list, rows: list[int], th, windows: bool = False
    ) -> set[tuple[int, int]]:
        """Every (k, prior sentence) where the prior can hold ``need`` of x's content words in
        order, k in ``rows``, at a cost that does not grow with how common the shared words
        are: only x's rarer words' postings are read.

        Such an order drops at most ``len(x) - need`` of x's words, so of x's
        ``len(x) - need + HITS`` rarest words (fewest sentences first, then id) the prior
        sentence holds at least HITS. Counting those words' postings keeps the sentences
        holding that many; x's commonest words, in most sentences of a field's texts, are
        never read. The few sentences left are checked for ``need`` shared words, then given
        to rapidfuzz's LCS. Exact: tests/test_condensed_search.py and bench/archive_check.py
        compare it with an exhaustive rapidfuzz pass.

        With ``windows``, also every (k, ``~c``) where sentence c and the next of its bullet
        can hold ``score.window_need`` of x's words in order (``PriorIndex.windows``), from
        the same postings: such a window holds at least ``window_need - need`` more of the
        probed places than ``need`` asks (``_window_hits``)."""
        from rapidfuzz.distance import LCSseq

        from .score import condensed_need, content_enc, window_need

        cx = {k: content_enc(draft[k]) for k in rows}
        need_of = {k: condensed_need(len(cx[k]), th) for k in rows}
        rows = [k for k in rows if cx[k] and len(cx[k]) >= need_of[k]]
        if not rows:
            return set()
        q, words, n = _flat([[char_id(ch) for ch in cx[k]] for k in rows])
        need = np.asarray([need_of[k] for k in rows], np.int64)
        hits = np.minimum(_HITS, need)
        vocab = len(self.df)
        # a word x holds twice is one posting list (its second place lowers the bar by one);
        # a word no prior sentence holds has none (and is never held)
        pq, probe, _ = self._rarest(q, words, n - need + hits, vocab, keep_unknown=True)
        bar = hits - (n - need + hits - np.bincount(pq, minlength=len(rows)))
        pq, probe = pq[probe < vocab], probe[probe < vocab]
        off, post = self.arrays["cword_off"], self.arrays["cword_ids"]
        lo, hi = off[probe].astype(np.int64), off[probe + 1].astype(np.int64)
        width = max(vocab, int(words.max(initial=0))) + 1
        x_words = _codes(q, words, width)
        known = words < vocab  # a word no prior sentence holds is never shared
        mask = signatures(words[known], np.bincount(q[known], minlength=len(rows)))
        extra = np.bincount(q[known], minlength=len(rows)) - _signed(mask)
        wneed = np.asarray([window_need(len(cx[k]), th) for k in rows], np.int64)
        wbar = np.where(n >= wneed, bar + wneed - need, n + 1)  # (n + 1: never)
        found: set[tuple[int, int]] = set()
        for part in _chunks(pq, hi - lo):
            spots, owner = _spans(lo[part], hi[part])
            code, counts, _ = _counted(pq[part][owner] * len(self.lengths) + post[spots])
            if windows and len(code) and len(self.lengths) > 1:
                wq, ws = self._window_hits(code, counts, wbar, wneed, mask, extra, x_words, width)
                for a, c, text in zip(wq.tolist(), ws.tolist(), self.contents(~ws), strict=True):
                    if LCSseq.similarity(cx[rows[a]], text, score_cutoff=int(wneed[a])) >= wneed[a]:
                        found.add((rows[a], ~c))
            cq, cs = code // len(self.lengths), code % len(self.lengths)
            keep = counts >= bar[cq]
            cq, cs = cq[keep], cs[keep]
            # an order keeping ``need`` words needs that many shared: first by the signatures
            # (an upper bound, in a few operations a pair), then counted, before decoding
            keep = _held_at_most(self.arrays["csig"], cs, mask, cq) + extra[cq] >= need[cq]
            cq, cs = cq[keep], cs[keep]
            keep = self._shared(cq, cs, x_words, self.arrays["ctok"], self.arrays["cenc_off"], width)
            keep = keep >= need[cq]
            for a, c in zip(cq[keep].tolist(), cs[keep].tolist(), strict=True):
                k = rows[a]
                if LCSseq.similarity(cx[k], self.cenc[c], score_cutoff=need_of[k]) >= need_of[k]:
                    found.add((k, c))
        return found

    def _window_hits(self, code, counts, bar, need, mask, extra, x_words, width: int) -> tuple:
        """(query, window's first sentence) of the windows among the counted postings
        ``code`` (query * sentences + sentence, ascending; ``counts`` each) that hold ``bar``
        probed words and can hold ``need`` of the query's: ``_condensed_pairs``'s filters, a
        window holding what either of its two sentences holds."""
        held_codes, held_counts = code, counts
        big = len(self.lengths)
        # a window's count is the sum of its two sentences' (at most), so one of the two
        # counts at least half the bar: only those sentences' windows are counted
        strong = code[counts >= (bar[code // big] + 1) // 2]
        code = _distinct(np.concatenate([strong - 1, strong]))
        cq, cs = code // big, code % big
        code = code[(code >= 0) & (cs < big - 1)]
        total = np.zeros(len(code), np.int64)
        for shift in (0, 1):  # each sentence's count (none: 0) by a binary search
            at = np.minimum(np.searchsorted(held_codes, code + shift), len(held_codes) - 1)
            total += np.where(held_codes[at] == code + shift, held_counts[at], 0)
        cq, cs = code // big, code % big
        keep = (total >= bar[cq]) & self._paired()[cs]
        cq, cs = cq[keep], cs[keep]
        sig = self.arrays["csig"]
        held = extra[cq].copy()  # x's words with a bit in either sentence's signature
        for j in range(4):
            held += np.bitwise_count((sig[j][cs] | sig[j][cs + 1]) & mask[j][cq])
        cq, cs = cq[held >= need[cq]], cs[held >= need[cq]]
        ctok, coff = self.arrays["ctok"], self.arrays["cenc_off"]
        shared = self._shared(cq, cs, x_words, ctok, coff, width)
        shared += self._shared(cq, cs + 1, x_words, ctok, coff, width)
        return cq[shared >= need[cq]], cs[shared >= need[cq]]

    def _rarest(self, q, tok, take, vocab: int, keep_unknown: bool = False):
        """Each query's ``take[q]`` rarest tokens (fewest sentences first, then id; a word
        no prior sentence holds first of all), once each: (query, token, places it took)."""
        rarity = np.where(tok < vocab, self.df[np.minimum(tok, vocab - 1)], 0)
        order = np.lexsort((tok, rarity, q))
        q, tok = q[order], tok[order]
        place = np.arange(len(q)) - np.searchsorted(q, q, "left")
        q, tok = q[place < take[q]], tok[place < take[q]]
        code, counts, _ = _counted(q * (vocab + 1) + np.minimum(tok, vocab))
        pq, ptok = code // (vocab + 1), code % (vocab + 1)
        if keep_unknown:
            return pq, ptok, counts
        known = ptok < vocab
        return pq[known], ptok[known], counts[known]

    def _shared(self, cq, cs, x_words, data, off, width: int) -> np.ndarray:
        """For each (query, sentence) pair (``cq`` ascending), how many of the sentence's
        tokens are among the query's (``x_words``: query * width + token, distinct): at least
        the multiset overlap of the two (equal to it when no token repeats), so a filter on it
        keeps every pair."""
        out = np.zeros(len(cq), np.int64)
        step = max(1, 2**24 // width)  # queries per pass: a lookup table of 16 MB at most
        if not len(cq):
            return out
        cut = np.searchsorted(cq, np.arange(int(cq[0]), int(cq[-1]) + 1 + step, step))
        cut = np.union1d(cut, np.arange(0, len(cq), 2**16))  # and 65,536 pairs at most
        for a, b in zip(cut[:-1].tolist(), cut[1:].tolist(), strict=False):
            if a == b:
                continue
            q, first = cq[a:b], int(cq[a])
            lo, hi = np.searchsorted(x_words, [first * width, (int(q[-1]) + 1) * width])
            among = np.zeros((int(q[-1]) + 1 - first) * width, bool)  # (query, token) -> among x's
            among[x_words[lo:hi] - first * width] = True
            spots, owner = _spans(off[cs[a:b]].astype(np.int64), off[cs[a:b] + 1].astype(np.int64))
            out[a:b] = np.bincount(owner[among[(q[owner] - first) * width + data[spots]]], minlength=b - a)
        return out

    @classmethod
    def build(cls, tables: list[dict], digests: list[str], words: Sequence[str] = ()) -> ArchiveIndex:
        """The arrays ``PriorIndex.__init__`` would build, computed with numpy. ``words``
        start the vocabulary (a ``JoinedIndex``'s new files share the saved index's ids)."""
        # the archive's words, first seen first: a new word gets the next id as it is met
        vocab = _Ids(dict.fromkeys(words))
        tok = np.empty(sum(sum(t["len"]) for t in tables), np.int32) if tables else np.zeros(0, np.int64)
        at = 0
        for t in tables:  # each table's own word ids -> the archive's (the lookups run in C)
            archive_id = np.fromiter(map(vocab.__getitem__, table_words(t)), np.int32)
            local = np.frombuffer(base64.b64decode(t.pop("ids")), dtype="<i4")
            tok[at : at + len(local)] = archive_id[local]
            at += len(local)
            del t["words"]
        words = list(vocab)
        n_words = len(words)
        lens = np.asarray([n for t in tables for n in t["len"]], dtype=np.int64)
        n = len(lens)
        off = np.zeros(n + 1, np.int64)
        np.cumsum(lens, out=off[1:])
        sid = np.repeat(np.arange(n, dtype=np.int32), lens)

        # each sentence's tokens, rarest first (PriorIndex's global order: df, then id);
        # df counts a token once per sentence: the first of its run in that order
        first_of = np.ones(len(tok), bool)
        pair = sid.astype(np.int64) * max(n_words, 1) + tok
        pair.sort()  # ties are equal values: any order will do
        first_of[1:] = np.diff(pair) != 0
        df = np.bincount(pair[first_of] % max(n_words, 1), minlength=n_words)
        # each sentence's tokens in id order: as code points (increasing with the id),
        # each sentence's encoded tokens sorted (``sorted_enc``)
        sorted_cp = code_point(pair % max(n_words, 1)).astype(np.uint32)
        del pair, first_of
        by_rank = np.lexsort((np.arange(n_words), df))
        rank = np.empty(n_words, np.int64)
        rank[by_rank] = np.arange(n_words)
        # sorting the (sentence, rank) codes themselves: ties are the same token, equal codes
        code = np.sort(sid.astype(np.int64) * max(n_words, 1) + rank[tok])
        st, ssid = by_rank[code % max(n_words, 1)], code // max(n_words, 1)
        del code
        p = np.arange(len(st)) - off[ssid]
        first = np.ones(len(st), bool)
        first[1:] = (st[1:] != st[:-1]) | (ssid[1:] != ssid[:-1])
        p, st, ssid = p[first], st[first], ssid[first]
        ln = lens[ssid]
        pt, pk, ps = st, (-2 * (ln - p)).astype(np.float64) / (2 * ln - p), ssid
        # order by token, then key, then sentence (as PriorIndex): the key depends only on
        # (length, place), so it is ranked among its few distinct values and one stable
        # integer sort does what a two-key lexsort would
        top = int(ln.max(initial=0)) + 1
        if top <= 4096:
            code = ln.astype(np.int64) * top + p
            present = np.zeros(top * top, bool)
            present[code] = True
            codes = np.nonzero(present)[0]
            lut = np.zeros(top * top, np.int64)
            lut[codes] = np.unique(
                -2 * (codes // top - codes % top) / (2 * (codes // top) - codes % top), return_inverse=True
            )[1]
            key_rank = lut[code]
            del code, present, lut
        else:  # a sentence of thousands of words: rank the keys themselves
            key_rank = np.unique(pk, return_inverse=True)[1]
        del p, ln, first
        keys = int(key_rank.max(initial=0)) + 1
        if n_words * keys * max(n, 1) < 2**62:  # (token, key, sentence) as one code: codes are
            # unique, so the quicker unstable sort gives the stable sort's order
            o = np.argsort((pt.astype(np.int64) * keys + key_rank) * max(n, 1) + ps)
        else:
            o = np.argsort(pt.astype(np.int64) * keys + key_rank, kind="stable")
        post_off = np.zeros(n_words + 1, np.int64)
        np.cumsum(np.bincount(pt, minlength=n_words), out=post_off[1:])
        post_ids, post_key = ps[o].astype(np.uint32), pk[o]
        del o, pt, pk, ps, st, ssid  # (st and ssid are pt and ps under their first names)
        # shingles: every 4-word run inside a sentence that is not all stopwords
        stop = np.fromiter((w in STOPWORDS for w in words), bool, n_words)
        k = np.nonzero(np.arange(len(tok)) - off[sid] <= (lens[sid] - SHINGLE))[0].astype(np.int32)
        all_stop = np.ones(len(k), bool)
        for j in range(SHINGLE):
            all_stop &= stop[tok[k + j]]
        h = shingle_hash(*(tok[k + j].astype(np.uint64) for j in range(SHINGLE)))
        h, hs = h[~all_stop], sid[k][~all_stop]
        del k, all_stop
        so = _stable_argsort(h)  # hs is ascending already: ties stay in sentence order
        h, hs = h[so], hs[so]
        keep = np.ones(len(h), bool)
        keep[1:] = (h[1:] != h[:-1]) | (hs[1:] != hs[:-1])
        cp = code_point(tok).astype(np.uint32)  # the encoded sentences
        content_tok = np.fromiter((is_content(w) for w in words), bool, n_words)[tok]
        cenc_off = np.zeros(n + 1, np.int64)
        np.cumsum(np.bincount(sid[content_tok], minlength=n), out=cenc_off[1:])
        texts = [s.encode("utf-8") for t in tables for s in t["text"]]
        texts_off = np.zeros(n + 1, np.int64)
        np.cumsum([len(b) for b in texts], out=texts_off[1:])
        doc = np.repeat(np.arange(len(tables)), [len(t["text"]) for t in tables])
        passage = np.asarray([q for t in tables for q in t["passage"]], dtype=np.int64)
        arrays = {
            "df": df.astype(np.uint32),
            "post_off": post_off.astype(np.uint32),
            "post_ids": post_ids,
            "post_key": post_key,
            "sh_keys": h[keep],
            "sh_ids": hs[keep].astype(np.uint32),
            "where": np.stack([doc, passage], axis=1).ravel().astype(np.uint32),
            "content": np.minimum(np.diff(cenc_off), 65535).astype(np.uint16),
            "lengths": np.minimum(lens, 65535).astype(np.uint16),
            "tok": tok.astype(np.uint32),
            "ctok": tok[content_tok].astype(np.uint32),
            "enc": cp,
            "enc_off": off,
            "sorted_enc": sorted_cp,
            "cenc": cp[content_tok],
            "cenc_off": cenc_off,
            "texts": np.frombuffer(b"".join(texts), np.uint8),
            "texts_off": texts_off,
        }
        # what the arrays hold copies of goes before the last step: the build's peak is here
        del tok, sid, h, hs, keep, so, texts, doc, passage, content_tok
        arrays.update(content_postings(arrays["ctok"], cenc_off, n_words))
        arrays["tsig"] = signatures(arrays["tok"], lens)
        return cls(arrays, words, documents_of(tables, digests))

    def save(self, cache: Cache, key: str) -> None:
        """Best effort: the arrays in a folder of .npy files, then a checksummed entry naming
        them (written last, so a half-written folder is never used)."""
        if not cache.usable or not cache.check_folder(cache.root / "indexes"):
            return
        try:
            with atomic_folder(cache.path("indexes", key), replace=True, private=True) as tmp:
                for name in ARRAYS:
                    np.save(tmp / f"{name}.npy", self.arrays[name], allow_pickle=False)
        except (OSError, OutputError):
            return
        meta = {
            "words": self.vocab.words,
            "unread": {str(k): v for k, v in self.unread.items()},
            "documents": [
                {
                    "name": d.name,
                    "session": d.session,
                    "path": d.path,
                    "notes": d.notes,
                    "passages": cast(PassageRows, d.passages).rows,  # made by documents_of
                }
                for d in self.documents
            ],
            "digests": [d.digest for d in self.documents],
            "checksums": _checksums({name: self.arrays[name] for name in ARRAYS}),
        }
        cache.write("indexes", f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def load(cls, cache: Cache, key: str) -> ArchiveIndex | None:
        """The saved index, memory-mapped; None (with a note when damaged) to rebuild it."""
        payload = cache.read("indexes", f"{key}.json")
        if payload is None:
            return None
        folder = cache.path("indexes", key)
        if not cache.check_folder(folder):
            return None
        try:
            meta = json.loads(payload)
            arrays = {}
            for name in ARRAYS:
                path = folder / f"{name}.npy"
                if not cache.check_file(path):
                    return None
                # a plain ndarray view of the mapped file: indexing it is cheaper than a memmap's
                arrays[name] = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
            if _checksums(arrays) != {name: meta["checksums"][name] for name in ARRAYS}:
                raise ValueError("checksum")
            index = cls(arrays, meta["words"], documents_of(meta["documents"], meta["digests"]))
            index.unread = {int(k): v for k, v in meta["unread"].items()}
            return index
        # EOFError: an empty .npy (a full disk, a killed write); RecursionError: JSON nested deep
        except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, RecursionError):
            cache.notes.append(f"cache entry {key} was damaged; rebuilt")
            return None


class _Joined:
    """Rows of two columns (or ``where`` pairs) read as one: the second's after the first's."""

    def __init__(self, first, second, shift: int = 0, step: int = 1):
        self.first, self.second, self.shift, self.step = first, second, shift, step
        self.n = len(first)

    def __len__(self) -> int:
        return self.n + len(self.second)

    def __getitem__(self, i):
        if i < self.n:
            return self.first[i]
        value = self.second[i - self.n]
        return value + self.shift if self.shift and (i - self.n) % self.step == 0 else value

    def __iter__(self):
        return (self[i] for i in range(len(self)))


class JoinedIndex(PriorIndex):
    """The saved index of an archive and a small index of the files added since, searched
    as one: adding a file to a large archive does not rebuild the whole index. The small
    index starts from the saved one's vocabulary, so a draft sentence is encoded once."""

    JOINED = ("texts", "enc", "sorted_enc", "cenc", "content", "lengths")  # row by row

    def __init__(self, base: ArchiveIndex, delta: ArchiveIndex):
        self.base, self.delta = base, delta
        self.n, self.d = len(base), len(base.documents)
        where = _Joined(base.where, delta.where, shift=self.d, step=2)
        where.n = 2 * self.n
        columns = {name: _Joined(getattr(base, name), getattr(delta, name)) for name in self.JOINED}
        # its postings and shingles are its parts': ``search`` and ``ratio_search`` go to them
        super().__init__(
            base.documents + delta.documents, delta.vocab, {**columns, "where": where, "df": delta.df}
        )

    def __len__(self) -> int:
        return self.n + len(self.delta)

    def sentence(self, c: int):
        if (c if c >= 0 else ~c) < self.n:  # (a window ``~c`` lies in one part)
            return self.base.sentence(c)
        from dataclasses import replace

        # kept by the delta index: a copy with the doc moved
        s = self.delta.sentence(c - self.n if c >= 0 else ~(~c - self.n))
        return replace(s, doc=s.doc + self.d)

    def sentences_per_document(self) -> list[int]:
        return self.base.sentences_per_document() + self.delta.sentences_per_document()

    def search(self, draft, th, windows=False, keep=None):
        from dataclasses import replace

        moved = None if keep is None else lambda k, y: keep(k, replace(y, doc=y.doc + self.d))
        return self.base.search(draft, th, windows, keep) + [
            (k, c + self.n if c >= 0 else ~(~c + self.n), score, how)
            for k, c, score, how in self.delta.search(draft, th, windows, moved)
        ]

    def ratio_search(self, draft_encoded, cutoff):
        return self.base.ratio_search(draft_encoded, cutoff) | {
            (k, c + self.n) for k, c in self.delta.ratio_search(draft_encoded, cutoff)
        }
