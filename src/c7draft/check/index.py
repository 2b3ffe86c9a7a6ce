"""The prior index: prior sentences with a token index (exact candidates) and a shingle
index (passages), and its saved form (``loader`` decides when it is built or loaded)."""

from __future__ import annotations

import base64
import json
import math
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import accumulate, compress
from operator import eq
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .score import Thresholds, condensed_need, content_enc, score_pair, window_need
from .text import Sentence, make_sentences
from .vocabulary import SHINGLE_MAX_DF, Vocabulary, char_id, encoded, shingles

if TYPE_CHECKING:  # pragma: no cover
    from ..documents import Document


# An index of at most this many sentences is searched by comparing each draft sentence with
# every one in rapidfuzz (``PriorIndex._compared``), not by probing its postings in Python:
# a draft's own index in ``within_draft`` (~100 sentences) and the shipped seeds (~150).
COMPARED_MAX = 200


class PriorIndex:
    """Prior sentences with a token index (exact candidates) and a shingle index (passages).

    Exactness: the sentence score is at most ``d``, the ratio of the sorted token lists,
    which equals 200 * |x ∩ y| / (|x| + |y|) over token multisets. So a pair scoring at least
    t (as a fraction) shares at least ``ceil(t * |x| / (2 - t))`` tokens, and by pigeonhole
    at least one of the ``|x| - that + 1`` rarest tokens of x occurs in y. Probing the
    postings of those tokens, and keeping lengths within ``[t/(2-t), (2-t)/t] * |x|``,
    finds every such pair; candidates are then scored exactly. bench/archive_check.py
    confirms the match sets equal an exhaustive rapidfuzz ``process.cdist``.
    """

    ON_ARRAYS = False  # an archive's index (check/archive/): numpy is loaded, its batched search at hand

    # The columns by name: arrays (saved as bytes) and lists (of strings). Python arrays and
    # lists here; numpy arrays and views of them in an ``archive.ArchiveIndex``.
    ARRAYS = ("df", "post_off", "post_ids", "post_key", "sh_keys", "sh_ids", "where", "content", "lengths")
    LISTS = ("texts", "enc", "sorted_enc", "cenc")
    df: Any  # prior sentences holding each token
    post_off: Any  # token postings (see ``postings``)
    post_ids: Any
    post_key: Any
    sh_keys: Any  # shingle hashes, sorted, and the sentence of each
    sh_ids: Any
    where: Any  # (document, passage) of each sentence, flattened
    content: Any  # each sentence's content words, and all its words
    lengths: Any
    texts: Any  # each sentence's text, and encoded: its tokens, sorted, its content words
    enc: Any
    sorted_enc: Any
    cenc: Any

    def __init__(self, documents: list[Document], vocab: Vocabulary, columns: Mapping[str, Any]):
        self.documents = documents
        self.vocab = vocab
        for name in self.ARRAYS + self.LISTS:
            setattr(self, name, columns.get(name))
        self.unread: dict[int, str] = {}  # set by load_prior_index: prior no. -> why it was left out
        self.notes: list[str] = []  # load_prior_index's "skipped X: <problem>" notes
        self.unreadable: list[tuple[Path, str]] = []  # load_prior_index's (path, problem) of each
        self._made: dict[int, Sentence] = {}  # ``sentence``'s (and windows', under ``~c``)
        self._phrases: dict[int, tuple[int, ...]] | None = None  # ``passage_candidates``'
        self._unposted: list[list[int]] | None = None  # each sentence's token ids, until ``postings``
        self._compared_with: dict[frozenset[int] | None, tuple] = {}  # ``_columns``'

    @classmethod
    def from_sentences(cls, documents: list[Document], sentences: list[Sentence] | None = None) -> PriorIndex:
        """The index of these documents' sentences (made from their passages if not given)."""
        vocab = Vocabulary()
        if sentences is None:
            sentences = make_sentences(
                (
                    (d, p, passage.text)
                    for d, doc in enumerate(documents)
                    for p, passage in enumerate(doc.passages)
                ),
                names=False,
            )
        ids = vocab.ids  # (``vocab.encode``, inlined: a new word's id is the count so far)
        held: list[int] = []  # each sentence's distinct tokens
        for s in sentences:
            s.ids = [ids.setdefault(t, len(ids)) for t in s.toks]
            s.enc = encoded(s.ids)
            s.cenc = ""  # (of another index's vocabulary, if it was encoded for one before)
            content_enc(s)
            held += set(s.ids)
        vocab.words = list(ids)
        df = Counter(held)
        df_ = array("I", (df.get(i, 0) for i in range(len(vocab.words))))
        sh_hashes: list[int] = []
        sh_sids: list[int] = []
        for sid, s in enumerate(sentences):
            found = s.phrases = shingles(s.ids, s.toks)
            sh_hashes.extend(found)
            sh_sids.extend([sid] * len(found))
        order = sorted(range(len(sh_hashes)), key=sh_hashes.__getitem__)
        # Sentences as columns: far quicker to cache and load than 100,000 objects.
        columns = {
            "df": df_,
            "sh_keys": array("Q", [sh_hashes[j] for j in order]),
            "sh_ids": array("I", [sh_sids[j] for j in order]),
            "texts": [s.text for s in sentences],
            "where": array("I", [v for s in sentences for v in (s.doc, s.passage)]),
            "enc": [s.enc for s in sentences],
            "sorted_enc": ["".join(sorted(s.enc)) for s in sentences],
            "cenc": [s.cenc for s in sentences],
            "content": array("H", [min(s.content, 65535) for s in sentences]),
            "lengths": array("H", [min(len(s.ids), 65535) for s in sentences]),
        }
        index = cls(documents, vocab, columns)
        index._unposted = [s.ids for s in sentences]  # the token postings' makings (``postings``)
        return index

    def postings(self) -> tuple[Any, Any, Any]:
        """The token postings as CSR (post_off, post_ids, post_key): the sentences holding
        token i are post_ids[off[i]:off[i+1]], sorted by post_key = -(the largest threshold
        t for which token i is still in the sentence's prefix; see ``candidates``). An index
        built by ``from_sentences`` makes them when first asked for: a small one (a draft's
        own, in ``within_draft``) is compared whole (``_compared``), never probed."""
        if self.post_off is None and self._unposted is not None:
            df = self.df
            rank = array("I", [0]) * len(df)  # place of each token in the global order: df, then id
            for place, i in enumerate(sorted(range(len(df)), key=df.__getitem__)):
                rank[i] = place
            postings: list[tuple[int, float, int]] = []  # (token, key, sentence) of each sentence's tokens
            for sid, ids in enumerate(self._unposted):
                n = len(ids)
                seen: set[int] = set()
                for pos, i in enumerate(sorted(ids, key=rank.__getitem__)):
                    if i not in seen:
                        seen.add(i)
                        postings.append((i, -2 * (n - pos) / (2 * n - pos), sid))
            postings.sort()  # one sort: by token, then key, then sentence (each token's df entries)
            self.post_off = array("I", [0])
            self.post_off.extend(accumulate(df))
            self.post_ids = array("I", [sid for _, _, sid in postings])
            self.post_key = array("d", [key for _, key, _ in postings])
            self._unposted = None
        return self.post_off, self.post_ids, self.post_key

    def __len__(self) -> int:
        return len(self.texts)

    def saved(self) -> bytes:
        """The index as a cache entry (JSON, arrays little-endian in base64): loading it is
        a few times quicker than building it again from the sentence tables."""
        self.postings()
        data: dict[str, object] = {
            name: base64.b64encode(little_endian(getattr(self, name)).tobytes()).decode("ascii")
            for name in self.ARRAYS
        }
        data.update({name: getattr(self, name) for name in self.LISTS})
        data["types"] = {name: getattr(self, name).typecode for name in self.ARRAYS}
        data["words"] = self.vocab.words
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_saved(cls, documents: list[Document], payload: bytes) -> PriorIndex:
        """The index ``saved`` wrote, over ``documents``; ValueError, KeyError or TypeError
        when the payload is not one."""
        data = json.loads(payload)
        columns: dict[str, Any] = {
            name: little_endian(array(data["types"][name], base64.b64decode(data[name])))
            for name in cls.ARRAYS
        }
        columns.update({name: list(data[name]) for name in cls.LISTS})
        index = cls(documents, Vocabulary(data["words"]), columns)
        if not len(index.texts) == len(index.enc) == len(index.where) // 2:
            raise ValueError("a saved index whose columns disagree")
        return index

    def sentence(self, c: int) -> Sentence:
        """Prior sentence ``c``, made once: its raw tokens are worked out when first asked for.
        A negative ``c`` is the window ``~c`` (see ``windows``)."""
        made = self._made.get(c)
        if made is None and c < 0:
            first, second = self.sentence(~c), self.sentence(~c + 1)
            made = self._made[c] = Sentence(
                f"{first.text} {second.text}",
                first.doc,
                first.passage,
                [],
                [],
                first.content + second.content,
                first.enc + second.enc,
                cenc=first.cenc + second.cenc,
                first=len(first.cenc),
            )
        elif made is None:
            made = self._made[c] = Sentence(
                self.texts[c],
                int(self.where[2 * c]),
                int(self.where[2 * c + 1]),
                [],
                [],
                int(self.content[c]),
                self.enc[c],
                cenc=self.cenc[c],
            )
        return made

    def sentences_per_document(self) -> list[int]:
        counts = Counter(self.where[::2])
        return [counts[d] for d in range(len(self.documents))]

    def encode(self, sentences: list[Sentence]) -> None:
        """Give draft sentences ids in this index's vocabulary (unknown words never match)."""
        probe = Vocabulary(self.vocab.words)
        probe.ids = self.vocab.ids  # shared, read-only: new words get ids past the end
        for s in sentences:
            s.ids = [probe.ids.get(t, len(self.df)) for t in s.toks]
            s.enc = encoded(s.ids)
            s.cenc, s.phrases = "", None  # (of another index's vocabulary, if encoded for one before)

    def candidates(self, x: Sentence, t: float) -> set[int]:
        """Every prior sentence whose sorted-token ratio with x can reach t (0-1].

        Prefix filtering (as in AllPairs/PPJoin), exact: ratio(sorted x, sorted y) >= t
        means the token multisets share at least a = t(|x|+|y|)/2 tokens, and since
        |y| >= t|x|/(2-t), a >= t|x|/(2-t) and likewise a >= t|y|/(2-t). List each
        sentence's tokens rarest first (one global order); the first shared token then
        lies among the first |x| - ceil(t|x|/(2-t)) + 1 tokens of x *and* among the first
        |y| - ceil(t|y|/(2-t)) + 1 tokens of y. Token i at (0-based) place p of y is in that
        prefix iff t <= 2(|y|-p)/(2|y|-p): the postings are sorted on that bound, so one
        bisection keeps exactly the sentences whose prefix holds i.
        """
        n = len(x.ids)
        if n == 0:
            return set()
        df, vocab = self.df, len(self.df)
        need = math.ceil(t * n / (2 - t) - 1e-9)  # tokens any match must share
        rarest = sorted(x.ids, key=lambda i: (df[i] if i < vocab else 0, i))
        found: set[int] = set()
        limit = -t + 1e-9  # keys are -bound: keep key <= -t (with float slack: a superset)
        off, post, keys = self.postings()
        for i in set(rarest[: n - need + 1]):
            if i < vocab:
                lo = off[i]
                hi = bisect_right(keys, limit, lo, off[i + 1])
                found.update(post[lo:hi].tolist())
        shortest, longest = t * n / (2 - t) - 1e-9, (2 - t) * n / t + 1e-9
        lengths = self.lengths
        return {c for c in found if shortest <= lengths[c] <= longest}

    def passage_candidates(self, x: Sentence, min_shared: int = 2) -> set[int]:
        """Prior sentences sharing at least ``min_shared`` uncommon 4-word phrases with x."""
        if self._phrases is None:  # the sorted columns as a dict: quicker to ask than bisecting them
            keys, ids = self.sh_keys.tolist(), self.sh_ids.tolist()
            # most phrases are one sentence's: made in C, then those of several made again
            phrases: dict[int, tuple[int, ...]] = dict(zip(keys, zip(ids), strict=True))
            for h in {keys[j] for j in compress(range(1, len(keys)), map(eq, keys, keys[1:]))}:
                lo, hi = bisect_left(keys, h), bisect_right(keys, h)  # a phrase of several sentences
                phrases[h] = tuple(ids[lo:hi]) if hi - lo <= SHINGLE_MAX_DF else ()
            self._phrases = phrases
        holding: list[int] = []  # the sentences holding each shared phrase (each once: a set's)
        if x.phrases is None:  # (a draft sentence's, once per index it is encoded for)
            x.phrases = shingles(x.ids, x.toks)
        for h in x.phrases:
            holding += self._phrases.get(h, ())
        return {c for c, n in Counter(holding).items() if n >= min_shared}

    def windows(self, rows: Iterable[int]) -> list[int]:
        """The windows (``~c``: prior sentence c and the next one of its bullet or paragraph,
        read as one) holding one of these sentences, ascending by c. A draft sentence that
        condenses a two-sentence bullet ("... through eTrade Readiness Assessments (eT
        Readies). In 2023, the assessments of Mongolia and Peru were finalized.") keeps its
        order only across the two."""
        where, n = self.where, len(self)
        starts = sorted({s for c in rows for s in (c - 1, c) if 0 <= s < n - 1})
        return [
            ~s for s in starts if where[2 * s] == where[2 * s + 2] and where[2 * s + 1] == where[2 * s + 3]
        ]

    def contents(self, rows: Sequence[int]) -> list[str]:
        """The encoded content words of these sentences and windows (``~c``)."""
        cenc = self.cenc
        return [cenc[c] if c >= 0 else cenc[~c] + cenc[~c + 1] for c in rows]

    def window_candidates(self, x: Sentence, th: Thresholds) -> set[int]:
        """Every window (``~c``, see ``windows``) that can hold ``score.window_need`` of x's
        content words in order: as ``condensed_candidates``, one of its two sentences holds
        one of x's ``len - need + 1`` rarest."""
        cx = content_enc(x)
        return self._in_order(cx, window_need(len(cx), th), self.windows)

    def condensed_candidates(self, x: Sentence, th: Thresholds) -> set[int]:
        """Every prior sentence that can hold ``th.condensed`` per cent of x's content words
        in order (and at least ``th.min_condensed``). Such an order keeps ``need`` positions of
        x, so by pigeonhole one of any ``len - need + 1`` positions is kept: probing the
        rarest that many finds every such sentence; rapidfuzz's LCS then keeps the real ones."""
        cx = content_enc(x)
        return self._in_order(cx, condensed_need(len(cx), th), list)

    def _in_order(self, cx: str, need: int, rows_of) -> set[int]:
        """The rows (``rows_of`` the sentences found: themselves, or their windows) holding
        ``need`` of content words ``cx`` in order, by probing cx's ``len - need + 1`` rarest."""
        from rapidfuzz import process
        from rapidfuzz.distance import LCSseq

        if len(cx) < need:
            return set()
        df, vocab = self.df, len(self.df)
        ids = sorted((char_id(ch) for ch in cx), key=lambda i: (df[i] if i < vocab else 0, i))
        found: set[int] = set()
        off, post, _ = self.postings()
        for i in set(ids[: len(cx) - need + 1]):
            if i < vocab:
                found.update(post[off[i] : off[i + 1]].tolist())
        rows = rows_of(found)
        return {
            rows[j]
            for _, _, j in process.extract(
                cx, self.contents(rows), scorer=LCSseq.similarity, score_cutoff=need, limit=None
            )
        }

    def sorted_ratio_candidates(self, x: Sentence, cutoff: float) -> set[int]:
        """Every prior sentence whose sorted-token ratio with x reaches ``cutoff`` (exact):
        an upper bound of both the sentence score and the plain token ratio."""
        from rapidfuzz import fuzz, process

        found = list(self.candidates(x, cutoff / 100))
        sorted_enc = self.sorted_enc
        return {
            found[j]
            for _, _, j in process.extract(
                "".join(sorted(x.enc)),
                [sorted_enc[c] for c in found],
                scorer=fuzz.ratio,
                score_cutoff=cutoff,
                limit=None,
            )
        }

    def candidate_pairs(
        self,
        draft: list[Sentence],
        rows: list[int],
        th: Thresholds,
        windows: bool = False,
        among: Collection[int] | None = None,
    ):
        """(draft sentence no., prior sentence id) of every pair ``search`` scores: the
        sorted-ratio, passage and condensed candidates of each draft sentence in ``rows``
        (with ``windows``, its window candidates ``~c`` too), ascending as the archive
        index gives them (not a set's order, which hangs on how the set was built). A small
        index is compared whole (``_compared``), a larger one probed (``_probed``): the same
        pairs either way. ``among``: a hint that only these documents' sentences are wanted
        (``search``'s); a small index compares the draft with theirs alone."""
        if len(self) > COMPARED_MAX:
            for k in rows:
                yield from ((k, c) for c in sorted(self._probed(draft[k], th, windows)))
            return
        columns = self._columns(among)
        for k in rows:
            yield from ((k, c) for c in sorted(self._compared(draft[k], th, windows, columns)))

    def _probed(self, x: Sentence, th: Thresholds, windows: bool) -> set[int]:
        """x's candidates (see ``candidate_pairs``), from the postings."""
        cands = self.sorted_ratio_candidates(x, th.moderate_edit)
        cands |= self.passage_candidates(x)
        cands |= self.condensed_candidates(x, th)
        if windows:
            cands |= self.window_candidates(x, th)
        return cands

    def _columns(self, among: Collection[int] | None) -> tuple:
        """(the sentences of documents ``among`` (all: None), their sorted and content
        encodings, the windows of those sentences, and the windows' content encodings):
        what ``_compared`` compares a draft sentence with, made once per index."""
        key = None if among is None else frozenset(among)
        if key not in self._compared_with:
            where = self.where
            ids = [c for c in range(len(self)) if key is None or where[2 * c] in key]
            starts = self.windows(ids)  # (a window's two sentences are one passage's)
            sorted_enc, cenc = self.sorted_enc, self.cenc
            self._compared_with[key] = (
                ids,
                [sorted_enc[c] for c in ids],
                [cenc[c] for c in ids],
                starts,
                self.contents(starts),
                key,
            )
        return self._compared_with[key]

    def _compared(self, x: Sentence, th: Thresholds, windows: bool, columns: tuple) -> set[int]:
        """x's candidates, as ``_probed`` finds them (among the ``_columns`` given), by
        comparing x with every sentence (and window) in rapidfuzz's C loop: each of the
        probes keeps exactly the sentences that reach its bar (a sorted-token ratio, content
        words in order), so comparing with all of them finds the same ones. The passages'
        phrases are looked up as before."""
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import LCSseq

        def reaching(query: str, choices: list[str], scorer, bar: float) -> list[int]:
            return [
                j for *_, j in process.extract(query, choices, scorer=scorer, score_cutoff=bar, limit=None)
            ]

        ids, sorted_enc, cenc, starts, contents, among = columns
        cands = {ids[j] for j in reaching("".join(sorted(x.enc)), sorted_enc, fuzz.ratio, th.moderate_edit)}
        where = self.where
        cands.update(c for c in self.passage_candidates(x) if among is None or where[2 * c] in among)
        cx = content_enc(x)
        if len(cx) >= (need := condensed_need(len(cx), th)):
            cands.update(ids[j] for j in reaching(cx, cenc, LCSseq.similarity, need))
        if windows and len(cx) >= (need := window_need(len(cx), th)):
            cands.update(starts[j] for j in reaching(cx, contents, LCSseq.similarity, need))
        return cands

    def search(
        self,
        draft: list[Sentence],
        th: Thresholds,
        windows: bool = False,
        keep: Callable[[int, Sentence], bool] | None = None,
        among: Collection[int] | None = None,
    ) -> list[tuple[int, int, int, str]]:
        """(draft sentence no., prior sentence id, score, how) for every pair at or above
        ``th.moderate_edit``, and every condensed rewrite (``score.score_pair``). With
        ``windows``, also the two-sentence windows (id ``~c``, see ``windows``) that are
        window candidates (``window_candidates``). ``keep(k, prior sentence)`` false: that
        pair is left out unscored (a prior the draft is not compared with, a bullet's own
        sentences in ``within_draft``), and the others come in the same order. ``among``:
        the only prior documents ``keep`` keeps (a hint: the others' sentences need not be
        looked at; ``keep`` still decides)."""
        out = []
        rows = [k for k, x in enumerate(draft) if x.content >= th.min_words and x.ids]
        for k, c in self.candidate_pairs(draft, rows, th, windows, among):
            y = self.sentence(c)
            if keep is not None and not keep(k, y):
                continue
            score, how = score_pair(draft[k], y, th)
            if score >= th.moderate_edit or (how == "condensed" and score > 0):
                out.append((k, c, score, how))
        return out

    def ratio_search(self, draft_encoded: list[str], cutoff: float) -> set[tuple[int, int]]:
        """Pairs whose plain token ``fuzz.ratio`` >= cutoff: the bench's exactness check."""
        from rapidfuzz import fuzz

        out = set()
        for k, enc in enumerate(draft_encoded):
            x = Sentence("", -1, -1, [], [], 0, enc, [char_id(c) for c in enc])
            for c in self.sorted_ratio_candidates(x, cutoff):
                if fuzz.ratio(enc, self.enc[c], score_cutoff=cutoff):
                    out.add((k, c))
        return out


def little_endian(a: array) -> array:
    if sys.byteorder == "big":
        a = array(a.typecode, a)
        a.byteswap()
    return a
