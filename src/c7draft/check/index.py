"""The prior index: prior sentences with a token index (exact candidates) and a shingle
index (passages), and its cache."""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .score import Thresholds, score_pair
from .text import STOPWORDS, Sentence, make_sentences

if TYPE_CHECKING:  # pragma: no cover
    from .readers import Document


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

    @staticmethod
    def char(i: int) -> str:
        cp = 0x100 + i
        return chr(cp + 0x800 if cp >= 0xD800 else cp)  # skip the surrogate range

    def encode(self, toks: Sequence[str], add: bool = True) -> tuple[list[int], str]:
        ids = [self.id(t, add) for t in toks]
        return ids, "".join(self.char(i) for i in ids)

# --------------------------------------------------------------------------- index

_SHINGLE = 4           # words per shingle for finding recycled passages
_SHINGLE_MAX_DF = 200  # a 4-word phrase in more prior sentences than this is idiom, not recycling


def _shingles(ids: Sequence[int], toks: Sequence[str]) -> set[int]:
    """Hashes of the 4-word runs that are not all stopwords. (A tuple of ints hashes the
    same in every run of one Python version, which is part of the index's cache key.)"""
    stop = [t in STOPWORDS for t in toks]
    return {hash(tuple(ids[k:k + _SHINGLE])) for k in range(len(ids) - _SHINGLE + 1)
            if not all(stop[k:k + _SHINGLE])}


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

    def __init__(self, documents: list["Document"]):
        self.documents = documents
        self.unread: dict[int, str] = {}  # set by load_prior_index: prior no. -> why it was left out
        self.notes: list[str] = []         # load_prior_index's "skipped X: <problem>" notes
        self.vocab = Vocabulary()
        sentences = make_sentences(
            ((d, p, passage.text) for d, doc in enumerate(documents) for p, passage in enumerate(doc.passages)),
            names=False)
        df: Counter[int] = Counter()
        for s in sentences:
            s.ids, s.enc = self.vocab.encode(s.toks)
            df.update(set(s.ids))
        self.df = array("I", (df.get(i, 0) for i in range(len(self.vocab.words))))
        # Token postings as CSR: the sentences holding token i are post_ids[off[i]:off[i+1]],
        # sorted by post_key = -(the largest threshold t for which token i is still in the
        # sentence's prefix; see ``candidates``).
        df_ = self.df
        rank = array("I", [0]) * len(df_)  # place of each token in the global order
        for place, i in enumerate(sorted(range(len(df_)), key=lambda i: (df_[i], i))):
            rank[i] = place
        keys_of: list[list[float]] = [[] for _ in range(len(df_))]
        sids_of: list[list[int]] = [[] for _ in range(len(df_))]
        sh_hashes: list[int] = []
        sh_sids: list[int] = []
        for sid, s in enumerate(sentences):
            n = len(s.ids)
            seen: set[int] = set()
            for pos, i in enumerate(sorted(s.ids, key=rank.__getitem__)):
                if i not in seen:
                    seen.add(i)
                    keys_of[i].append(-2 * (n - pos) / (2 * n - pos))
                    sids_of[i].append(sid)
            found = _shingles(s.ids, s.toks)
            sh_hashes.extend(found)
            sh_sids.extend([sid] * len(found))
        off = array("I", [0])
        keys, post = array("d"), array("I")
        for k, ids in zip(keys_of, sids_of):
            order = sorted(range(len(k)), key=k.__getitem__)
            keys.extend([k[j] for j in order])
            post.extend([ids[j] for j in order])
            off.append(len(post))
        self.post_off, self.post_ids, self.post_key = off, post, keys
        order = sorted(range(len(sh_hashes)), key=sh_hashes.__getitem__)
        self.sh_keys = array("q", [sh_hashes[j] for j in order])
        self.sh_ids = array("I", [sh_sids[j] for j in order])
        # Sentences as columns: far quicker to cache and load than 100,000 objects.
        self.texts = [s.text for s in sentences]
        self.where = array("I", [v for s in sentences for v in (s.doc, s.passage)])
        self.enc = [s.enc for s in sentences]
        self.sorted_enc = ["".join(sorted(s.enc)) for s in sentences]
        self.raw = [" ".join(s.raw) for s in sentences]
        self.content = array("H", [min(s.content, 65535) for s in sentences])
        self.lengths = array("H", [min(len(s.ids), 65535) for s in sentences])

    def __len__(self) -> int:
        return len(self.texts)

    def sentence(self, c: int) -> Sentence:
        return Sentence(self.texts[c], self.where[2 * c], self.where[2 * c + 1], [],
                        self.raw[c].split(), self.content[c], self.enc[c])

    def encode(self, sentences: list[Sentence]) -> None:
        """Give draft sentences ids in this index's vocabulary (unknown words never match)."""
        probe = Vocabulary(self.vocab.words)
        probe.ids = self.vocab.ids  # shared, read-only: new words get ids past the end
        for s in sentences:
            s.ids = [probe.ids.get(t, len(self.df)) for t in s.toks]
            s.enc = "".join(Vocabulary.char(i) for i in s.ids)

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
        for i in set(rarest[:n - need + 1]):
            if i < vocab:
                lo = self.post_off[i]
                hi = bisect_right(self.post_key, limit, lo, self.post_off[i + 1])
                found.update(self.post_ids[lo:hi])
        lo, hi = t * n / (2 - t) - 1e-9, (2 - t) * n / t + 1e-9
        lengths = self.lengths
        return {c for c in found if lo <= lengths[c] <= hi}

    def passage_candidates(self, x: Sentence, min_shared: int = 2) -> set[int]:
        """Prior sentences sharing at least ``min_shared`` uncommon 4-word phrases with x."""
        counts: Counter[int] = Counter()
        keys = self.sh_keys
        for k in _shingles(x.ids, x.toks):
            lo = bisect_left(keys, k)
            hi = bisect_right(keys, k, lo)
            if 0 < hi - lo <= _SHINGLE_MAX_DF:
                counts.update(set(self.sh_ids[lo:hi]))
        return {c for c, n in counts.items() if n >= min_shared}

    def search(self, draft: list[Sentence], th: Thresholds) -> list[tuple[int, int, int, bool]]:
        """(draft sentence no., prior sentence id, score, is_passage) for every pair at or
        above ``th.moderate_edit``."""
        from rapidfuzz import fuzz, process

        t = th.moderate_edit / 100
        out = []
        for k, x in enumerate(draft):
            if x.content < th.min_words or not x.ids:
                continue
            found = list(self.candidates(x, t))
            sorted_enc = self.sorted_enc
            cands = {found[j] for _, _, j in process.extract(
                "".join(sorted(x.enc)), [sorted_enc[c] for c in found], scorer=fuzz.ratio,
                score_cutoff=th.moderate_edit, limit=None)}
            cands |= self.passage_candidates(x)
            for c in cands:
                score, part = score_pair(x, self.sentence(c), th)
                if score >= th.moderate_edit:
                    out.append((k, c, score, part))
        return out

    def ratio_search(self, draft_encoded: list[str], cutoff: float) -> set[tuple[int, int]]:
        """Pairs whose plain token ``fuzz.ratio`` >= cutoff: the bench's exactness check."""
        from rapidfuzz import fuzz

        t = cutoff / 100
        out = set()
        for k, enc in enumerate(draft_encoded):
            x = Sentence("", -1, -1, [], [], 0, enc, [_char_id(c) for c in enc])
            for c in self.candidates(x, t):
                if fuzz.ratio(enc, self.enc[c], score_cutoff=cutoff):
                    out.add((k, c))
        return out


def _char_id(c: str) -> int:
    cp = ord(c)
    return (cp - 0x800 if cp >= 0xD800 + 0x800 else cp) - 0x100

def _progress_bar(progress: bool, total: int, what: str):
    """A rich progress bar on stderr when asked for and stderr is a terminal; else no-op."""
    import sys
    from contextlib import nullcontext

    if not (progress and total > 1 and sys.stderr.isatty()):
        return nullcontext(lambda: None)
    from rich.console import Console
    from rich.progress import Progress

    class _Bar:
        def __enter__(self):
            self.p = Progress(console=Console(stderr=True), transient=True)
            self.p.__enter__()
            self.task = self.p.add_task(what, total=total)
            return lambda: self.p.advance(self.task)

        def __exit__(self, *exc):
            return self.p.__exit__(*exc)

    return _Bar()


def load_prior_index(paths: list[Path], progress: bool = False) -> PriorIndex:
    """The index over these prior documents, from the cache when none of them changed.

    A prior that cannot be read is left out with a note in ``index.notes`` ("skipped X:
    <problem>"); ``index.documents`` holds the others, in the order given.
    """
    import hashlib
    import pickle
    import sys

    from ..errors import DocumentReadError, OutputError
    from ..fileio import atomic_output
    from .readers import cache_dir, cache_key, code_fingerprint, file_digest, read_document

    notes: dict[int, str] = {}
    readable: list[tuple[int, Path, str]] = []  # (place in paths, path, digest)
    for n, p in enumerate(paths):
        try:
            readable.append((n, p, file_digest(p)))
        except DocumentReadError as exc:
            notes[n] = f"skipped {p.name}: {exc.problem}"
    key = hashlib.sha256("\n".join(
        [code_fingerprint(), sys.version.split()[0], *(cache_key(d, p.name) for _, p, d in readable)]
    ).encode()).hexdigest()
    target = cache_dir() / "indexes" / f"{key}.pickle"
    index: PriorIndex | None = None
    try:  # the cache folder is the user's own, so its pickles are trusted (see docs/check.md)
        with open(target, "rb") as fh:
            index = pickle.load(fh)
    except Exception:  # missing, truncated, garbage (even MemoryError) or of another version
        index = None
    if not isinstance(index, PriorIndex):
        documents, unread = [], {}
        with _progress_bar(progress, len(readable), "Reading prior submissions") as advance:
            for k, (_, p, d) in enumerate(readable):
                try:
                    documents.append(read_document(p, digest=d))
                except DocumentReadError as exc:
                    unread[k] = exc.problem
                advance()
        index = PriorIndex(documents)
        index.unread = unread
        try:
            with atomic_output(target) as tmp, open(tmp, "wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, OutputError):
            pass  # a read-only cache only costs speed
    kept = []
    for k, (n, p, d) in enumerate(readable):
        if k in index.unread:
            notes[n] = f"skipped {p.name}: {index.unread[k]}"
        else:
            kept.append((p, d))
    for doc, (p, d) in zip(index.documents, kept):
        doc.name, doc.path, doc.digest = p.name, str(p), d
    index.notes = [notes[n] for n in sorted(notes)]
    return index
