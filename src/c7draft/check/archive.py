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

import json
import os
import zlib
from collections.abc import Sequence
from itertools import chain
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
from .tables import PassageRows, TableParts, documents_of
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
    "cenc",
    "cenc_off",
    "texts",
    "texts_off",
    "bit_row",
    "bits",
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


def _status(path) -> list[int] | None:
    """What a saved array's file looks like from outside: size, modification and change
    times (ns), inode, device. Every write changes the change time, which no program can
    set back, so a file whose status is the one it had when saved holds the bytes that were
    saved and summed, short of damage no write made (a failing disk): its CRC-32 is not
    summed again on load. The checksums still catch a file written since, however its
    size and modification time were put back."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


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


_DENSE = 512  # a word in at least 1/512 of the sentences may have a bitmap (``word_bitmaps``)


def word_bitmaps(post_off: np.ndarray, post_ids: np.ndarray, df: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """The candidate searches' bitmaps (``ArchiveIndex._held``): for each common word, a row
    of ``bits`` with one bit per sentence (sentence s is bit s % 64 of word s // 64), and
    ``bit_row``, each word's row (0: an all-zero row, for the rarer words, read from their
    postings). The common words are those in at least 1/512 of the sentences, commonest
    first, at most as many as make the bitmaps twice the bytes of all the postings (a
    bitmap is n / 8 bytes, a posting 4): one field's ~1,000 shared words all have one."""
    m = (n + 63) // 64
    rows = 64 * int(post_off[-1]) // max(n, 1)  # 2 * 4 bytes a posting / (n / 8) bytes a row
    dense = np.argsort(-df.astype(np.int64), kind="stable")[:rows]
    dense = np.sort(dense[(df[dense].astype(np.int64) * _DENSE >= n) & (df[dense] > 0)])
    bit_row = np.zeros(len(df), np.uint32)
    bit_row[dense] = np.arange(1, len(dense) + 1)
    bits = np.zeros((len(dense) + 1, m), np.uint64)
    step = max(1, 2**23 // (64 * m))  # words per pass: a table of 8 MB
    for a in range(0, len(dense), step):
        words = dense[a : a + step]
        spots, owner = _spans(post_off[words].astype(np.int64), post_off[words + 1].astype(np.int64))
        table = np.zeros((len(words), 64 * m), bool)
        table[owner, post_ids[spots]] = True
        bits[1 + a : 1 + a + len(words)] = np.packbits(table, axis=1, bitorder="little").view("<u8")
    return {"bit_row": bit_row, "bits": bits}


class _BitCount:
    """A sum of bitmaps kept as bit planes (plane k: bit k of each place's count), added
    with carry-save adders: five operations for two bitmaps at each level of the count,
    in place, on buffers taken from and given back to ``pool``."""

    def __init__(self, pool: list[np.ndarray]):
        self.sums: list[np.ndarray] = []  # sums[k] + waiting[k], each of weight 2**k: the total
        self.waiting: list[np.ndarray | None] = []
        self.pool = pool  # spare buffers of the bitmaps' shape (never empty: see ``buffer``)

    def buffer(self) -> np.ndarray:
        """A spare buffer (a new one if the pool holds only its last)."""
        return self.pool.pop() if len(self.pool) > 1 else np.empty_like(self.pool[0])

    def add(self, v: np.ndarray, k: int = 0) -> None:
        """Add bitmap ``v`` (a buffer the count keeps) of weight 2**k."""
        sums, waiting = self.sums, self.waiting
        while True:
            if k == len(sums):
                sums.append(v)
                waiting.append(None)
                return
            a = waiting[k]
            if a is None:
                waiting[k] = v
                return
            waiting[k] = None
            s = sums[k]
            u = self.buffer()
            np.bitwise_xor(s, a, out=u)
            np.bitwise_and(s, a, out=s)
            np.bitwise_and(u, v, out=a)
            np.bitwise_or(s, a, out=a)  # the carry, of weight 2**(k + 1)
            np.bitwise_xor(u, v, out=s)  # the sum's bit k
            self.pool += [u, v]
            v, k = a, k + 1

    def planes(self) -> list[np.ndarray]:
        """The count's bit planes (the inputs left waiting added with half adders)."""
        sums, waiting = self.sums, self.waiting
        k = 0
        while k < len(sums):
            v, waiting[k] = waiting[k], None
            j = k
            while v is not None:
                if j == len(sums):
                    sums.append(v)
                    waiting.append(None)
                    break
                carry = self.buffer()
                np.bitwise_and(sums[j], v, out=carry)
                np.bitwise_xor(sums[j], v, out=sums[j])
                self.pool.append(v)
                v, j = carry, j + 1
            k += 1
        return sums


_ONES = np.uint64(0xFFFFFFFFFFFFFFFF)


def _at_least(planes: list[np.ndarray], need: np.ndarray) -> np.ndarray:
    """The places (bits) whose count (``_BitCount``'s planes, one row a query) reaches the
    row's ``need``: the carry out of adding 2**B − need to the B-bit count."""
    size = max(len(planes), int(need.max(initial=1)).bit_length())
    add = 2**size - need  # (need >= 1: fits in ``size`` bits)
    carry = np.zeros(planes[0].shape, np.uint64)
    t = np.empty_like(carry)
    for b in range(size):
        bit = (((add >> b) & 1).astype(np.uint64) * _ONES)[:, None]  # add's bit b, in every bit
        if b < len(planes):
            p = planes[b]
            np.bitwise_xor(p, bit, out=t)
            carry &= t
            np.bitwise_and(p, bit, out=t)
            carry |= t
        else:  # (a plane of zeros)
            carry &= bit
    return carry


def _ones(bitmap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, place) of every bit set in a table of bitmaps, ascending."""
    at = np.flatnonzero(bitmap)
    r, m = np.divmod(at, bitmap.shape[1])
    b = np.unpackbits(
        bitmap.ravel()[at].astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little"
    )
    i, j = np.nonzero(b)
    return r[i], m[i] * 64 + j


def _count_at(planes: list[np.ndarray], r: np.ndarray, s: np.ndarray) -> np.ndarray:
    """The count of place s in row r of ``_BitCount``'s planes."""
    out = np.zeros(len(r), np.int64)
    word, bit = s >> 6, (s & 63).astype(np.uint64)
    for b, plane in enumerate(planes):
        out += ((plane[r, word] >> bit) & np.uint64(1)).astype(np.int64) << b
    return out


def _next_too(v: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Bitmaps of windows: place c set when place c or c + 1 of ``v`` is. (Row by row, as
    one run of bits: a row's last place takes the next row's first, and is never a window:
    past the last sentence, or the last sentence itself.)"""
    np.right_shift(v, np.uint64(1), out=out)
    out |= v
    flat = out.reshape(-1)
    flat[:-1] |= v.reshape(-1)[1:] << np.uint64(63)
    return out


def _reaching(code, held, planes: list[np.ndarray], bar: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(query * n + place, held), ascending, of every place whose held weight reaches its
    query's ``bar``: those the rarer words' postings reach (``code``, their whole ``held``
    given: the planes' count and theirs), and those the planes' count alone takes there.
    Exact: a place the postings reach and ``held`` drops has a planes' count below the bar
    too (it is at most its ``held``), so every place the planes give that is not among those
    kept is one the postings never reach, whose whole held weight is the planes' count."""
    keep = held >= bar[code // n]
    code, held = code[keep], held[keep]
    if planes:
        r, s = _ones(_at_least(planes, bar))
        r, s = r[s < n], s[s < n]  # (a bitmap's last word has places past the last sentence)
        more = r * n + s
        new = ~np.isin(more, code, assume_unique=True)
        code = np.concatenate([code, more[new]])
        held = np.concatenate([held, _count_at(planes, r[new], s[new])])
        o = np.argsort(code, kind="stable")
        code, held = code[o], held[o]
    return code, held


def _rare_at(code: np.ndarray, held: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The ``held`` of each of ``at`` among the ascending ``code`` (0 where absent)."""
    if not len(code):
        return np.zeros(len(at), np.int64)
    i = np.minimum(np.searchsorted(code, at), len(code) - 1)
    return np.where(code[i] == at, held[i], 0)


def _weighed(code: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct codes, ascending; the sum of each one's weights)."""
    o = np.argsort(code, kind="stable")
    code = code[o]
    starts = np.flatnonzero(np.diff(code, prepend=-1))
    return code[starts], np.add.reduceat(weight[o], starts) if len(code) else weight[:0]


def _lcs(x: list[str], y: list[str], need: np.ndarray) -> np.ndarray:
    """Whether each pair (x[i], y[i]) shares ``need[i]`` characters in order (rapidfuzz's LCS)."""
    from rapidfuzz.distance import LCSseq
    from rapidfuzz.process import cpdist

    if not x:
        return np.zeros(0, bool)
    return cpdist(x, y, scorer=LCSseq.similarity, dtype=np.int32) >= need


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
        self, draft: list, rows: list[int], th, windows: bool = False, among=None
    ) -> list[tuple[int, int]]:
        """(draft sentence no., prior sentence id) of every candidate of ``PriorIndex.search``,
        ascending: the sorted-ratio, passage and condensed searches over all ``rows`` at once
        (with ``windows``, the condensed search's windows ``~c`` too). ``among`` (a hint) is
        not used here: ``search``'s ``keep`` leaves out the other documents' pairs."""
        found = self._passage_pairs(draft, rows)
        found |= self._condensed_pairs(draft, rows, th, windows, th.moderate_edit)
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
        """Every (k, prior sentence) whose sorted-token ratio reaches ``cutoff``, k in ``rows``.

        The ratio is ``200·|x∩y| / (|x|+|y|)`` over token multisets, so such a y shares at
        least ``t·|x|/(2−t)`` of x's tokens (t = cutoff/100; docs/check.md): ``_held`` finds
        every sentence holding that many (each of x's words counted as often as x holds it,
        an upper bound of the overlap), then bounds that only drop pairs below the cutoff
        (lengths; the overlap bounded by what y holds, then counted), then rapidfuzz."""
        t = cutoff / 100
        rows = [k for k in rows if draft[k].ids]
        if not rows:
            return set()
        q, tok, n = _flat([draft[k].ids for k in rows])
        need = np.ceil(t * n / (2 - t) - 1e-9).astype(np.int64)
        width = max(len(self.df), int(tok.max(initial=0))) + 1  # (a joined index's new words)
        code, times, _ = _counted(q * width + tok)
        cq, cs, held = self._held(code // width, code % width, times, [need])[0]
        return self._ratio_checked(draft, rows, cq, cs, held, cutoff)

    def _ratio_checked(
        self, draft: list, rows: list[int], cq, cs, bound, cutoff: float
    ) -> set[tuple[int, int]]:
        """The pairs (draft sentence ``rows[cq]``, prior sentence ``cs``; ``cq`` ascending)
        whose sorted-token ratio reaches ``cutoff``, given an upper ``bound`` of each pair's
        token overlap: bounds that only drop pairs below it (lengths, the bound, the
        overlap counted over y's tokens), then rapidfuzz on the few left."""
        from rapidfuzz import fuzz
        from rapidfuzz.process import cpdist

        t = cutoff / 100
        q, tok, n = _flat([draft[k].ids for k in rows])
        nq, ly = n[cq], self.lengths[cs].astype(np.int64)
        ok = (ly >= t * nq / (2 - t) - 1e-9) & (ly <= (2 - t) * nq / t + 1e-9)
        ok &= 200 * bound >= (cutoff - 1e-6) * (nq + ly)
        cq, cs, nq, ly = cq[ok], cs[ok], nq[ok], ly[ok]
        width = max(len(self.df), int(tok.max(initial=0))) + 1  # (a joined index's new words)
        shared = self._shared(cq, cs, _codes(q, tok, width), self.tok, self.arrays["enc_off"], width)
        keep = 200 * shared >= (cutoff - 1e-6) * (nq + ly)
        # this bounds the sorted-token ratio from above: rapidfuzz then keeps the real ones
        cq, cs = cq[keep].tolist(), cs[keep].tolist()
        if not cq:
            return set()
        xs = {a: "".join(sorted(draft[rows[a]].enc)) for a in set(cq)}
        ratio = cpdist(
            [xs[a] for a in cq], [self.sorted_enc[c] for c in cs], scorer=fuzz.ratio, score_cutoff=cutoff
        )
        return {(rows[a], c) for a, c, r in zip(cq, cs, ratio.tolist(), strict=True) if r}

    def _held(self, q, words, weight, needs: list, window_need=None) -> list[tuple]:
        """The sentences (and windows) holding enough of each query's words, found at a cost
        that does not grow with how common the words are.

        Queries ``0 .. Q - 1`` hold ``words`` (``q`` ascending, each (query, word) once),
        each of ``weight``. Returns [(query, sentence, held)], one for each bar ``need`` in
        ``needs`` (Q values each, at least 1): exactly the sentences whose held weight (of
        the query's words they hold) reaches ``need[query]``, ascending. With
        ``window_need``, then the windows (sentence c and c + 1 of one bullet) reaching
        ``window_need[query]`` with the common words either sentence holds and the rarer
        words each holds (a rarer word both hold counts twice): every window holding that
        many of the query's words, and a few more, for the caller's exact check.

        A query's common words (those with a row of ``bits``: ``word_bitmaps``) are summed
        over every sentence at once as bitmaps, a few dozen queries at a time, with
        carry-save adders (``_BitCount``): a word costs a few operations on 64 sentences at
        a time, however many sentences hold it. Its rarer words (without a bitmap: in fewer
        than 1/512 of the sentences) are read from their postings, and each sentence they
        reach gets its common words' count from the bit planes. A sentence none of them
        reaches must hold the bar with the common words alone: the places where the planes'
        count reaches it (``_at_least``, ``_reaching``). Nothing is sampled or estimated."""
        n, vocab = len(self.lengths), len(self.df)
        known = words < vocab  # a word no prior sentence holds is never held
        q, words, weight = q[known], words[known], weight[known]
        bits, row = self.arrays["bits"], self.arrays["bit_row"][words].astype(np.int64)
        found: list[list[tuple]] = [[] for _ in range(len(needs) + (window_need is not None))]
        # queries with as many bitmap rows in one pass (a row as often as its weight)
        dense = row > 0
        columns = np.bincount(q[dense], weights=weight[dense], minlength=len(needs[0])).astype(np.int64)
        order = np.argsort(columns, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        o = np.argsort(rank[q], kind="stable")
        q, words, weight, row = rank[q][o], words[o], weight[o], row[o]
        needs = [need[order] for need in needs]
        window_need = window_need[order] if window_need is not None else None
        step = max(1, 2**16 // bits.shape[1])  # queries per pass: bitmaps of 512 KB
        for a in range(0, len(order), step):
            b = min(len(order), a + step)
            lo, hi = np.searchsorted(q, [a, b])
            cq, cw, cwt, crow = q[lo:hi] - a, words[lo:hi], weight[lo:hi], row[lo:hi]
            dense = crow > 0
            # each query's bitmap rows, a row as often as its weight, in columns (row 0: none)
            dq, drow = np.repeat(cq[dense], cwt[dense]), np.repeat(crow[dense], cwt[dense])
            table = np.zeros((b - a, int(columns[order[b - 1]])), np.int64)
            table[dq, np.arange(len(dq)) - np.searchsorted(dq, dq)] = drow
            sw = cw[~dense]
            spots, owner = _spans(self.post_off[sw].astype(np.int64), self.post_off[sw + 1].astype(np.int64))
            pq, sid, pw = cq[~dense][owner], self.post_ids[spots].astype(np.int64), cwt[~dense][owner]
            count = _BitCount([np.empty((b - a, bits.shape[1]), np.uint64)])
            either = _BitCount(count.pool)  # the windows': the words of sentence c or c + 1
            for j in range(table.shape[1]):
                v = np.take(bits, table[:, j], axis=0, out=count.buffer())
                if window_need is not None:
                    either.add(_next_too(v, either.buffer()))
                count.add(v)
            planes = count.planes()
            # the sentences: the rarer words' weight where their postings reach, plus the planes'
            reached, rare = _weighed(pq * n + sid, pw)
            held = rare + (_count_at(planes, reached // n, reached % n) if planes else 0)
            for need, out in zip(needs, found, strict=False):
                code, bar = _reaching(reached, held, planes, need[a:b], n)
                out.append((code // n + a, code % n, bar))
            if window_need is None:
                continue
            # a window holds the common words either sentence holds, and at most the rarer
            # words' weight in both (a word of both counts twice)
            planes = either.planes()
            wcode = _distinct(np.concatenate([reached - 1, reached]))
            held = _rare_at(reached, rare, wcode) + _rare_at(reached, rare, wcode + 1)
            held += _count_at(planes, wcode // n, wcode % n) if planes else 0
            wcode, held = _reaching(wcode, held, planes, window_need[a:b], n)
            ok = wcode % n < n - 1
            ok[ok] = self._paired()[wcode[ok] % n]
            found[-1].append((wcode[ok] // n + a, wcode[ok] % n, held[ok]))
        results = []
        for parts in found:  # in the callers' query numbers, ascending
            cq, cs, held = (
                (np.concatenate(part) for part in zip(*parts, strict=True))
                if parts
                else [np.zeros(0, np.int64)] * 3
            )
            cq = order[cq]
            o = np.lexsort((cs, cq))
            results.append((cq[o], cs[o], held[o]))
        return results

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
        self, draft: list, rows: list[int], th, windows: bool = False, cutoff: float | None = None
    ) -> set[tuple[int, int]]:
        """Every (k, prior sentence) where the prior can hold ``need`` of x's content words in
        order, k in ``rows``, at a cost that does not grow with how common the shared words
        are. Such a sentence holds at least ``need`` of x's content words (an order keeping
        them shares them), each counted as often as x holds it: ``_held`` gives exactly the
        sentences holding that many, and rapidfuzz's LCS checks each. Exact:
        tests/test_condensed_search.py and bench/archive_check.py compare it with an
        exhaustive rapidfuzz pass.

        With ``windows``, also every (k, ``~c``) where sentence c and the next of its bullet
        can hold ``score.window_need`` of x's words in order (``PriorIndex.windows``): such
        a window holds that many of x's words in its two sentences, which ``_held`` counts
        in the same pass.

        With ``cutoff``, also ``_ratio_pairs``'s pairs. A y whose sorted-token ratio with x
        reaches it shares ``t·|x|/(2−t)`` of x's tokens (t = cutoff/100), so at least that
        many less x's other tokens (``stop``) of its content words: where that bar is close
        to ``need`` (one field's texts), the same count gives the ratio's candidates, and
        no pass over x's other tokens is made; the other draft sentences have one."""
        from .score import condensed_need, content_enc, window_need

        cx = {k: content_enc(draft[k]) for k in rows}
        need_of = {k: condensed_need(len(cx[k]), th) for k in rows}
        every, rows = rows, [k for k in rows if cx[k] and len(cx[k]) >= need_of[k]]
        if not rows:
            return self._ratio_pairs(draft, every, cutoff) if cutoff is not None else set()
        q, words, size = _flat([[char_id(ch) for ch in cx[k]] for k in rows])
        needs = [np.asarray([need_of[k] for k in rows], np.int64)]
        wneed = np.asarray([window_need(len(cx[k]), th) for k in rows], np.int64)
        if cutoff is not None:
            t = cutoff / 100
            tokens = np.asarray([len(draft[k].ids) for k in rows], np.int64)
            stop = tokens - size
            bar = np.ceil(t * tokens / (2 - t) - 1e-9).astype(np.int64) - stop
            bounded = bar >= needs[0] - 2  # (else a few of x's content words would do)
            needs.append(np.where(bounded, bar, size + 1))  # (size + 1: never reached)
        width = max(len(self.df), int(words.max(initial=0))) + 1
        code, times, _ = _counted(q * width + words)
        held = self._held(code // width, code % width, times, needs, wneed if windows else None)
        ids = np.asarray(rows)
        cq, cs, _ = held[0]
        kept = _lcs([cx[rows[a]] for a in cq.tolist()], self.contents(cs), needs[0][cq])
        found = set(zip(ids[cq[kept]].tolist(), cs[kept].tolist(), strict=True))
        if windows:
            cq, cs, _ = held[-1]
            kept = _lcs([cx[rows[a]] for a in cq.tolist()], self.contents(~cs), wneed[cq])
            found.update(zip(ids[cq[kept]].tolist(), (~cs[kept]).tolist(), strict=True))
        if cutoff is not None:
            cq, cs, content = held[1]  # x's other tokens held: at most all of them
            found |= self._ratio_checked(draft, rows, cq, cs, content + stop[cq], cutoff)
            done = set(ids[bounded].tolist())
            found |= self._ratio_pairs(draft, [k for k in every if k not in done], cutoff)
        return found

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
    def build(
        cls,
        tables: list[dict],
        digests: list[str],
        words: Sequence[str] = (),
        parts: TableParts | None = None,
    ) -> ArchiveIndex:
        """The arrays ``PriorIndex.__init__`` would build, computed with numpy. ``words``
        start the vocabulary (a ``JoinedIndex``'s new files share the saved index's ids);
        ``parts``: the first tables already added (``TableParts``), the rest are added here."""
        parts = parts or TableParts(words)
        for t in tables[len(parts.tok) :]:
            parts.add(t)
        tok = np.zeros(0, np.int32)
        if parts.tok:  # each table's token ids -> the archive's (``TableParts.tok``; C ints: int32 here)
            tok = np.concatenate([np.frombuffer(a, np.intc)[np.frombuffer(i, np.intc)] for a, i in parts.tok])
            tok = tok.astype(np.int32, copy=False)
        parts.tok.clear()
        words = list(parts.vocab)
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
            # (the same float64 division as pk's, so each key is one of these values, bit for bit)
            key_values, lut[codes] = np.unique(
                -2 * (codes // top - codes % top) / (2 * (codes // top) - codes % top), return_inverse=True
            )
            key_rank = lut[code]
            del code, present, lut
        else:  # a sentence of thousands of words: rank the keys themselves
            key_values, key_rank = np.unique(pk, return_inverse=True)
        del p, ln, first
        keys = int(key_rank.max(initial=0)) + 1
        post_off = np.zeros(n_words + 1, np.int64)
        np.cumsum(np.bincount(pt, minlength=n_words), out=post_off[1:])
        if n_words * keys * max(n, 1) < 2**62:
            # (token, key, sentence) as one code, each unique: the codes sorted themselves (4-5
            # times quicker than arg-sorting them) are the order, and each posting's sentence
            # and key are read back from its code
            code = (pt.astype(np.int64) * keys + key_rank) * max(n, 1) + ps
            code.sort()
            post_ids = (code % max(n, 1)).astype(np.uint32)
            post_key = key_values[(code // max(n, 1)) % keys]
            del code
        else:
            o = np.argsort(pt.astype(np.int64) * keys + key_rank, kind="stable")
            post_ids, post_key = ps[o].astype(np.uint32), pk[o]
            del o
        del pt, pk, ps, st, ssid  # (st and ssid are pt and ps under their first names)
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
        texts = b"".join(parts.texts)
        parts.texts.clear()
        texts_off = np.zeros(n + 1, np.int64)
        np.cumsum(np.frombuffer(b"".join(parts.text_bytes), np.int64), out=texts_off[1:])
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
            "enc": cp,
            "enc_off": off,
            "sorted_enc": sorted_cp,
            "cenc": cp[content_tok],
            "cenc_off": cenc_off,
            "texts": np.frombuffer(texts, np.uint8),
            "texts_off": texts_off,
        }
        # what the arrays hold copies of goes before the last step: the build's peak is here
        del tok, sid, h, hs, keep, so, texts, doc, passage, content_tok
        arrays.update(word_bitmaps(post_off, post_ids, df, n))
        return cls(arrays, words, documents_of(tables, digests))

    def save(self, cache: Cache, key: str) -> None:
        """Best effort: the arrays in a folder of .npy files, then a checksummed entry naming
        them (written last, so a half-written folder is never used)."""
        if not cache.usable or not cache.check_folder(cache.root / "indexes"):
            return
        from concurrent.futures import ThreadPoolExecutor

        # the checksums are summed on two threads while the arrays are written (zlib and the
        # writes both let go of the GIL): ~0.06 s of a cold run's ~0.3 s save
        with ThreadPoolExecutor(2) as pool:
            sums = pool.map(_checksum, (self.arrays[name] for name in ARRAYS))
            try:
                with atomic_folder(cache.path("indexes", key), replace=True, private=True) as tmp:
                    for name in ARRAYS:
                        np.save(tmp / f"{name}.npy", self.arrays[name], allow_pickle=False)
            except (OSError, OutputError):
                return
            checksums = dict(zip(ARRAYS, sums, strict=True))
        folder = cache.path("indexes", key)
        meta = {
            "status": {name: _status(folder / f"{name}.npy") for name in ARRAYS},
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
            "checksums": checksums,
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
            saved = meta.get("status") if isinstance(meta, dict) else None
            arrays, changed = {}, {}
            for name in ARRAYS:
                path = folder / f"{name}.npy"
                if not cache.check_file(path):
                    return None
                # a plain ndarray view of the mapped file: indexing it is cheaper than a memmap's
                arrays[name] = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
                if not isinstance(saved, dict) or saved.get(name) != _status(path):
                    changed[name] = arrays[name]
            # only the arrays whose files changed since they were saved are summed (the whole
            # index's ~110 MB: ~0.1 s of CPU on every warm run; see ``_status``)
            if _checksums(changed) != {name: meta["checksums"][name] for name in changed}:
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

    def search(self, draft, th, windows=False, keep=None, among=None):  # (``among``, a hint: not used)
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
