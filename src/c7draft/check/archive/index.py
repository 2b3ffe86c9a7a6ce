"""The archive index: ``PriorIndex`` with its columns as numpy arrays, and its candidate
searches batched: every draft sentence searched at once, in vectorised passes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np

from ..index import PriorIndex
from ..tables import PassageRows, TableParts, documents_of
from ..vocabulary import SHINGLE_MAX_DF, Vocabulary, char_id, shingles
from . import storage
from .arrays import Column, codes, counted, distinct, flat, rare_at, spans, weighed
from .bitplanes import BitCount, count_at, next_too, reaching
from .build import build_arrays

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from ..cache import Cache


def _lcs(x: list[str], y: list[str], need: np.ndarray) -> np.ndarray:
    """Whether each pair (x[i], y[i]) shares ``need[i]`` characters in order (rapidfuzz's LCS)."""
    from rapidfuzz.distance import LCSseq
    from rapidfuzz.process import cpdist

    if not x:
        return np.zeros(0, bool)
    return cpdist(x, y, scorer=LCSseq.similarity, dtype=np.int32) >= need


class ArchiveIndex(PriorIndex):
    """A ``PriorIndex`` whose columns are numpy arrays (see the module's docstring)."""

    ON_ARRAYS = True

    def __init__(self, arrays: dict[str, np.ndarray], words: list[str], documents: list):
        columns: dict[str, object] = {name: arrays[name] for name in PriorIndex.ARRAYS}
        columns["enc"] = Column(arrays["enc"], arrays["enc_off"], "utf-32-le")
        columns["sorted_enc"] = Column(arrays["sorted_enc"], arrays["enc_off"], "utf-32-le")
        columns["cenc"] = Column(arrays["cenc"], arrays["cenc_off"], "utf-32-le")
        columns["texts"] = Column(arrays["texts"], arrays["texts_off"], "utf-8")
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
        text = self.arrays["cenc"][spans(lo, hi)[0]].tobytes().decode("utf-32-le")
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
        q, tok, n = flat([draft[k].ids for k in rows])
        need = np.ceil(t * n / (2 - t) - 1e-9).astype(np.int64)
        width = max(len(self.df), int(tok.max(initial=0))) + 1  # (a joined index's new words)
        code, times, _ = counted(q * width + tok)
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
        q, tok, n = flat([draft[k].ids for k in rows])
        nq, ly = n[cq], self.lengths[cs].astype(np.int64)
        ok = (ly >= t * nq / (2 - t) - 1e-9) & (ly <= (2 - t) * nq / t + 1e-9)
        ok &= 200 * bound >= (cutoff - 1e-6) * (nq + ly)
        cq, cs, nq, ly = cq[ok], cs[ok], nq[ok], ly[ok]
        width = max(len(self.df), int(tok.max(initial=0))) + 1  # (a joined index's new words)
        shared = self._shared(cq, cs, codes(q, tok, width), self.tok, self.arrays["enc_off"], width)
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
        carry-save adders (``BitCount``): a word costs a few operations on 64 sentences at
        a time, however many sentences hold it. Its rarer words (without a bitmap: in fewer
        than 1/512 of the sentences) are read from their postings, and each sentence they
        reach gets its common words' count from the bit planes. A sentence none of them
        reaches must hold the bar with the common words alone: the places where the planes'
        count reaches it (``at_least``, ``reaching``). Nothing is sampled or estimated."""
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
            spots, owner = spans(self.post_off[sw].astype(np.int64), self.post_off[sw + 1].astype(np.int64))
            pq, sid, pw = cq[~dense][owner], self.post_ids[spots].astype(np.int64), cwt[~dense][owner]
            count = BitCount([np.empty((b - a, bits.shape[1]), np.uint64)])
            either = BitCount(count.pool)  # the windows': the words of sentence c or c + 1
            for j in range(table.shape[1]):
                v = np.take(bits, table[:, j], axis=0, out=count.buffer())
                if window_need is not None:
                    either.add(next_too(v, either.buffer()))
                count.add(v)
            planes = count.planes()
            # the sentences: the rarer words' weight where their postings reach, plus the planes'
            reached, rare = weighed(pq * n + sid, pw)
            held = rare + (count_at(planes, reached // n, reached % n) if planes else 0)
            for need, out in zip(needs, found, strict=False):
                code, bar = reaching(reached, held, planes, need[a:b], n)
                out.append((code // n + a, code % n, bar))
            if window_need is None:
                continue
            # a window holds the common words either sentence holds, and at most the rarer
            # words' weight in both (a word of both counts twice)
            planes = either.planes()
            wcode = distinct(np.concatenate([reached - 1, reached]))
            held = rare_at(reached, rare, wcode) + rare_at(reached, rare, wcode + 1)
            held += count_at(planes, wcode // n, wcode % n) if planes else 0
            wcode, held = reaching(wcode, held, planes, window_need[a:b], n)
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
        spots, owner = spans(lo[ok], hi[ok])
        code, counts, _ = counted(q[ok][owner] * len(self.lengths) + self.sh_ids[spots])
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
        from ..score import condensed_need, content_enc, window_need

        cx = {k: content_enc(draft[k]) for k in rows}
        need_of = {k: condensed_need(len(cx[k]), th) for k in rows}
        every, rows = rows, [k for k in rows if cx[k] and len(cx[k]) >= need_of[k]]
        if not rows:
            return self._ratio_pairs(draft, every, cutoff) if cutoff is not None else set()
        q, words, size = flat([[char_id(ch) for ch in cx[k]] for k in rows])
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
        code, times, _ = counted(q * width + words)
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
            spots, owner = spans(off[cs[a:b]].astype(np.int64), off[cs[a:b] + 1].astype(np.int64))
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
        """The index of ``tables`` (``build.build_arrays``)."""
        return cls(*build_arrays(tables, digests, words, parts))

    def save(self, cache: Cache, key: str) -> None:
        """Best effort (``storage.save``): the arrays, then an entry naming them."""
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
        }
        storage.save(cache, key, self.arrays, meta)

    @classmethod
    def load(cls, cache: Cache, key: str) -> ArchiveIndex | None:
        """The saved index, memory-mapped; None (with a note when damaged) to rebuild it."""

        def make(arrays: dict[str, np.ndarray], meta: dict) -> ArchiveIndex:
            index = cls(arrays, meta["words"], documents_of(meta["documents"], meta["digests"]))
            index.unread = {int(k): v for k, v in meta["unread"].items()}
            return index

        return storage.load(cache, key, make)
