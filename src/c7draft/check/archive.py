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
import math
import zlib
from collections.abc import Sequence
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
    return {"cword_off": cword_off, "cword_ids": sid[keep]}


def _runs(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """data[starts[0]:ends[0]], data[starts[1]:ends[1]], ... as one array."""
    lens = ends - starts
    return data[np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens - starts, lens)]


_BITS = np.array([bin(b).count("1") for b in range(256)], np.int64)  # set bits of each byte


def _counted(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(a, return_counts=True)`` by a sort: numpy 2's hashing unique costs far
    more on the few word ids of one sentence."""
    a = np.sort(a)
    first = np.flatnonzero(np.concatenate([[len(a) > 0], a[1:] != a[:-1]]))
    return a[first], np.diff(np.append(first, len(a)))


def _popcount(a: np.ndarray) -> np.ndarray:
    """The set bits of each uint64 (numpy 2's ``bitwise_count``, else by bytes)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(a).astype(np.int64)
    return _BITS[a.view(np.uint8)].reshape(-1, 8).sum(axis=1, dtype=np.int64)


_HITS = 4  # see ArchiveIndex.condensed_candidates (3-6 measured alike; 2 reads 4x as many rows)


class ArchiveIndex(PriorIndex):
    """A ``PriorIndex`` whose columns are numpy arrays (see the module's docstring)."""

    def contents(self, rows):
        """``PriorIndex.contents``, decoded at once (a window's two sentences are adjacent)."""
        rows = np.asarray(rows, np.int64)
        first = np.where(rows >= 0, rows, ~rows)
        off = self.arrays["cenc_off"]
        starts, ends = off[first], off[first + 1 + (rows < 0)]
        text = _runs(self.arrays["cenc"], starts, ends).tobytes().decode("utf-32-le")
        cut = np.concatenate([[0], np.cumsum(ends - starts)]).tolist()
        return [text[a:b] for a, b in zip(cut, cut[1:], strict=False)]

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

    # The candidate searches of PriorIndex, vectorised: same sets, no per-sentence Python.

    def _postings(self, ids: np.ndarray, limit: float | None = None) -> np.ndarray:
        """Sentences in the postings of tokens ``ids`` (only those keyed <= limit, if given)."""
        ids = ids[ids < len(self.df)]
        lo, hi = self.post_off[ids], self.post_off[ids + 1]
        if limit is not None:
            hi = np.array(
                [
                    lo_ + np.searchsorted(self.post_key[lo_:hi_], limit, "right")
                    for lo_, hi_ in zip(lo.tolist(), hi.tolist(), strict=False)
                ],
                dtype=np.int64,
            ).reshape(-1)
        if not len(lo):
            return np.zeros(0, np.int64)
        found = np.concatenate([self.post_ids[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=False)])
        if len(found) * 64 < len(self.lengths):  # few: sorting them is quicker than a bitmap
            return np.unique(found)
        seen = np.zeros(len(self.lengths), bool)  # the distinct ones, ascending (as np.unique) without a sort
        seen[found] = True
        return np.flatnonzero(seen).astype(found.dtype)

    def _gather(self, rows: np.ndarray, data: np.ndarray, off: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(values, row number in ``rows``) of rows ``rows`` of a column kept as data + offsets."""
        starts, ends = off[rows], off[rows + 1]
        return _runs(data, starts, ends), np.repeat(np.arange(len(rows)), ends - starts)

    def _overlap(self, x_ids: list[int], rows: np.ndarray, data: np.ndarray, off: np.ndarray) -> np.ndarray:
        """For each row, how many of its tokens are among x's: at least the multiset overlap
        of the two (equal to it when no token repeats), so a filter on it keeps every pair."""
        vals, which = self._gather(rows, data, off)
        x = np.asarray(x_ids, dtype=np.int64)
        among = np.zeros(max(len(self.df), int(x.max(initial=-1)) + 1), bool)  # word id -> in x
        among[x] = True
        return np.bincount(which[among[vals]], minlength=len(rows))

    def sorted_ratio_candidates(self, x, cutoff: float) -> set[int]:
        n = len(x.ids)
        if n == 0:
            return set()
        t = cutoff / 100
        need = math.ceil(t * n / (2 - t) - 1e-9)
        vocab = len(self.df)
        ids = np.asarray(x.ids, dtype=np.int64)
        rarity = np.where(ids < vocab, self.df[np.minimum(ids, vocab - 1)], 0)
        prefix = n - need + 1
        probe, weight = np.unique(ids[np.lexsort((ids, rarity))][:prefix], return_counts=True)
        rows = self._postings(probe, -t + 1e-9)
        ly = self.lengths[rows].astype(np.int64)
        rows = rows[(ly >= t * n / (2 - t) - 1e-9) & (ly <= (2 - t) * n / t + 1e-9)]
        if not len(rows):
            return set()
        # Each of x's prefix places counts at most 1 towards the overlap, and only if its token
        # is in y; the other n - prefix places at most 1 each. So overlap <= hits + n - prefix:
        # most rows share one rare word with x and are dropped before their tokens are read.
        weight, probe = weight[probe < vocab], probe[probe < vocab]
        lo, hi = self.post_off[probe], self.post_off[probe + 1]
        every = np.concatenate([self.post_ids[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=False)])
        hits = np.bincount(every, weights=np.repeat(weight, hi - lo))[rows]  # (rows are among every)
        ly = self.lengths[rows].astype(np.int64)
        rows = rows[200 * (hits + n - prefix) >= cutoff * (n + ly) - 1e-6]
        if not len(rows):
            return set()
        ratio = 200 * self._overlap(x.ids, rows, self.tok, self.arrays["enc_off"]) / (n + self.lengths[rows])
        # this bounds the sorted-token ratio from above: rapidfuzz then keeps the real ones
        rows = rows[ratio >= cutoff - 1e-6].tolist()
        from rapidfuzz import fuzz, process

        return {
            rows[j]
            for _, _, j in process.extract(
                "".join(sorted(x.enc)),
                [self.sorted_enc[c] for c in rows],
                scorer=fuzz.ratio,
                score_cutoff=cutoff,
                limit=None,
            )
        }

    def passage_candidates(self, x, min_shared: int = 2) -> set[int]:
        keys = np.fromiter(shingles(x.ids, x.toks), np.uint64)
        if not len(keys):
            return set()
        lo, hi = np.searchsorted(self.sh_keys, keys, "left"), np.searchsorted(self.sh_keys, keys, "right")
        ok = (hi > lo) & (hi - lo <= SHINGLE_MAX_DF)
        if not ok.any():
            return set()
        found = np.concatenate(
            [self.sh_ids[a:b] for a, b in zip(lo[ok].tolist(), hi[ok].tolist(), strict=False)]
        )
        rows, counts = np.unique(found, return_counts=True)
        return set(rows[counts >= min_shared].tolist())

    def condensed_candidates(self, x, th) -> set[int]:
        """Every prior sentence that can hold ``need`` of x's content words in order (the
        set ``PriorIndex.condensed_candidates`` gives), at a cost that does not grow with
        how common the shared words are: only x's rarer words' postings are read.

        Such an order drops at most ``len(x) - need`` of x's words, so of x's
        ``len(x) - need + HITS`` rarest words (fewest sentences first, then id) the prior
        sentence holds at least HITS. Counting those words' postings (one ``np.unique``)
        keeps the sentences holding that many; x's commonest words, in most sentences of a
        field's texts, are never read. The few sentences left are checked for ``need``
        shared words, then given to rapidfuzz's LCS. Exact: tests/test_condensed_search.py
        and bench/archive_check.py compare it with an exhaustive rapidfuzz pass."""
        from rapidfuzz import process
        from rapidfuzz.distance import LCSseq

        from .score import condensed_need, content_enc

        cx = content_enc(x)
        need = condensed_need(len(cx), th)
        if len(cx) < need:
            return set()
        ids = np.asarray([char_id(ch) for ch in cx], dtype=np.int64)
        vocab = len(self.df)
        rarity = np.where(ids < vocab, self.df[np.minimum(ids, vocab - 1)], 0)
        hits = min(_HITS, need)
        probe = set(ids[np.lexsort((ids, rarity))][: len(cx) - need + hits].tolist())
        # a word x holds twice is one posting list (its second place lowers the bar by one);
        # a word no prior sentence holds has none (and is never held)
        off, post = self.arrays["cword_off"], self.arrays["cword_ids"]
        held = np.concatenate([post[off[w] : off[w + 1]] for w in probe if w < vocab] + [post[:0]])
        rows, counts = np.unique(held, return_counts=True)
        rows = rows[counts >= hits - (len(cx) - need + hits - len(probe))]
        if not len(rows):
            return set()
        # an order keeping ``need`` words needs that many shared: drop the rest before decoding
        rows = rows[self._overlap(ids.tolist(), rows, self.arrays["ctok"], self.arrays["cenc_off"]) >= need]
        rows = rows.tolist()
        return {
            rows[j]
            for _, _, j in process.extract(
                cx, [self.cenc[c] for c in rows], scorer=LCSseq.similarity, score_cutoff=need, limit=None
            )
        }

    def window_candidates(self, x, th) -> set[int]:
        """Every window (``~c``: two adjacent sentences of one bullet) that can keep
        ``score.window_need`` of x's content words in order: ``condensed_candidates``'s
        search, with a window's count of probed words the sum of its two sentences' (at
        least its own), then x's words it holds (``_window_overlap``), then rapidfuzz's LCS."""
        from rapidfuzz import process
        from rapidfuzz.distance import LCSseq

        from .score import content_enc, window_need

        cx = content_enc(x)
        need = window_need(len(cx), th)
        if len(cx) < need:
            return set()
        ids = np.asarray([char_id(ch) for ch in cx], dtype=np.int64)
        vocab = len(self.df)
        rarity = np.where(ids < vocab, self.df[np.minimum(ids, vocab - 1)], 0)
        hits = min(_HITS, need)
        probe = set(ids[np.lexsort((ids, rarity))][: len(cx) - need + hits].tolist())
        off, post = self.arrays["cword_off"], self.arrays["cword_ids"]
        found = np.concatenate([post[off[w] : off[w + 1]] for w in probe if w < vocab] + [post[:0]])
        bar = hits - (len(cx) - need + hits - len(probe))
        starts = self._held_by_windows(found, bar)
        if not len(starts):
            return set()
        found = (~starts[self._window_overlap(ids, starts) >= need]).tolist()
        return {
            found[j]
            for _, _, j in process.extract(
                cx, self.contents(found), scorer=LCSseq.similarity, score_cutoff=need, limit=None
            )
        }

    def _held_by_windows(self, found: np.ndarray, bar: int) -> np.ndarray:
        """The windows (their first sentences, ascending) whose two sentences appear ``bar``
        times or more in ``found`` (postings, each sentence once per word): counted over
        every sentence at once, quicker than sorting even a few hundred postings."""
        held = np.bincount(found, minlength=len(self.lengths))
        return np.flatnonzero((held[:-1] + held[1:] >= bar) & self._paired())

    def _paired(self) -> np.ndarray:
        """For each sentence c but the last, whether c and c + 1 are one bullet's (a window)."""
        if self._pairs is None:
            doc, passage = self.where[0::2], self.where[1::2]
            self._pairs = (doc[:-1] == doc[1:]) & (passage[:-1] == passage[1:])
        return self._pairs

    def _window_overlap(self, ids: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """For each window, at least how many of x's content words (``ids``) it can keep:
        x's words it holds, each counted as often as x holds it (a word both sentences hold
        counts once, which ``_overlap`` of each would count twice)."""
        words, times = _counted(ids)
        off = self.arrays["cenc_off"]
        if len(words) > 64:  # (one bit per word below): the plain count, a looser bound
            data = self.arrays["ctok"]
            return self._overlap(ids.tolist(), starts, data, off) + self._overlap(
                ids.tolist(), starts + 1, data, off
            )
        bit = np.zeros(max(len(self.df), int(words[-1]) + 1), np.uint64)
        bit[words] = np.left_shift(np.uint64(1), np.arange(len(words), dtype=np.uint64))
        lo, hi = off[starts], off[starts + 2]  # a window's content words are one run
        found = bit[_runs(self.arrays["ctok"], lo, hi)]
        held = np.zeros(len(starts), np.uint64)
        some = hi > lo
        if some.any():  # OR of each run's bits: the words of x the window holds
            held[some] = np.bitwise_or.reduceat(found, (np.cumsum(hi - lo) - (hi - lo))[some])
        kept = _popcount(held)
        for j in np.flatnonzero(times > 1).tolist():  # a word x holds twice or more
            kept += (int(times[j]) - 1) * ((held >> np.uint64(j)) & np.uint64(1)).astype(np.int64)
        return kept

    @classmethod
    def build(cls, tables: list[dict], digests: list[str], words: Sequence[str] = ()) -> ArchiveIndex:
        """The arrays ``PriorIndex.__init__`` would build, computed with numpy. ``words``
        start the vocabulary (a ``JoinedIndex``'s new files share the saved index's ids)."""
        first_seen: dict[str, None] = dict.fromkeys(words)
        for t in tables:  # the archive's words, first seen first (dict.fromkeys runs in C)
            first_seen.update(dict.fromkeys(table_words(t)))
        words = list(first_seen)
        vocab = {w: i for i, w in enumerate(words)}
        parts = []
        for t in tables:  # each table's own word ids -> the archive's
            local = np.fromiter(map(vocab.__getitem__, table_words(t)), np.int32)
            parts.append(local[np.frombuffer(base64.b64decode(t.pop("ids")), dtype="<i4")])
            del t["words"]
        n_words = len(words)
        tok = np.concatenate(parts) if parts else np.zeros(0, np.int64)
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

    def search(self, draft, th, windows=False):
        return self.base.search(draft, th, windows) + [
            (k, c + self.n if c >= 0 else ~(~c + self.n), score, how)
            for k, c, score, how in self.delta.search(draft, th, windows)
        ]

    def ratio_search(self, draft_encoded, cutoff):
        return self.base.ratio_search(draft_encoded, cutoff) | {
            (k, c + self.n) for k, c in self.delta.ratio_search(draft_encoded, cutoff)
        }
