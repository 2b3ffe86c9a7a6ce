"""The prior index: prior sentences with a token index (exact candidates) and a shingle
index (passages), and its cache."""

from __future__ import annotations

import base64
import json
import math
import os
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .score import Thresholds, score_pair
from .text import STOPWORDS, Sentence, is_content, make_sentences, sentence_tokens

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

_SHINGLE = 4  # words per shingle for finding recycled passages
_SHINGLE_MAX_DF = 200  # a 4-word phrase in more prior sentences than this is idiom, not recycling


SHINGLE_BASE = 1_000_003  # shingle hash: ((a*B + b)*B + c)*B + d modulo 2**64 (archive.py too)
_MASK64 = (1 << 64) - 1


def _shingles(ids: Sequence[int], toks: Sequence[str]) -> set[int]:
    """Hashes of the 4-word runs that are not all stopwords."""
    stop = [t in STOPWORDS for t in toks]
    out = set()
    for k in range(len(ids) - _SHINGLE + 1):
        if not all(stop[k : k + _SHINGLE]):
            a, b, c, d = ids[k : k + _SHINGLE]
            out.add((((a * SHINGLE_BASE + b) * SHINGLE_BASE + c) * SHINGLE_BASE + d) & _MASK64)
    return out


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

    def __init__(self, documents: list[Document], sentences: list[Sentence] | None = None):
        self.documents = documents
        self.unread: dict[int, str] = {}  # set by load_prior_index: prior no. -> why it was left out
        self.notes: list[str] = []  # load_prior_index's "skipped X: <problem>" notes
        self.vocab = Vocabulary()
        if sentences is None:
            sentences = make_sentences(
                (
                    (d, p, passage.text)
                    for d, doc in enumerate(documents)
                    for p, passage in enumerate(doc.passages)
                ),
                names=False,
            )
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
        for k, ids in zip(keys_of, sids_of, strict=False):
            order = sorted(range(len(k)), key=k.__getitem__)
            keys.extend([k[j] for j in order])
            post.extend([ids[j] for j in order])
            off.append(len(post))
        self.post_off, self.post_ids, self.post_key = off, post, keys
        order = sorted(range(len(sh_hashes)), key=sh_hashes.__getitem__)
        self.sh_keys = array("Q", [sh_hashes[j] for j in order])
        self.sh_ids = array("I", [sh_sids[j] for j in order])
        # Sentences as columns: far quicker to cache and load than 100,000 objects.
        self.texts = [s.text for s in sentences]
        self.where = array("I", [v for s in sentences for v in (s.doc, s.passage)])
        self.enc = [s.enc for s in sentences]
        self.sorted_enc = ["".join(sorted(s.enc)) for s in sentences]
        self.cenc = [
            "".join(ch for ch, t in zip(s.enc, s.toks, strict=False) if is_content(t)) for s in sentences
        ]
        self.content = array("H", [min(s.content, 65535) for s in sentences])
        self.lengths = array("H", [min(len(s.ids), 65535) for s in sentences])

    def __len__(self) -> int:
        return len(self.texts)

    _ARRAYS = ("df", "post_off", "post_ids", "post_key", "sh_keys", "sh_ids", "where", "content", "lengths")
    _LISTS = ("texts", "enc", "sorted_enc", "cenc")

    def saved(self) -> bytes:
        """The index as a cache entry (JSON, arrays little-endian in base64): loading it is
        a few times quicker than building it again from the sentence tables."""
        data = {
            name: base64.b64encode(_little_endian(getattr(self, name)).tobytes()).decode("ascii")
            for name in self._ARRAYS
        }
        data.update({name: getattr(self, name) for name in self._LISTS})
        data["types"] = {name: getattr(self, name).typecode for name in self._ARRAYS}
        data["words"] = self.vocab.words
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_saved(cls, documents: list[Document], payload: bytes) -> PriorIndex:
        """The index ``saved`` wrote, over ``documents``; ValueError, KeyError or TypeError
        when the payload is not one."""
        data = json.loads(payload)
        index = cls.__new__(cls)
        index.documents, index.unread, index.notes = documents, {}, []
        index.vocab = Vocabulary(data["words"])
        for name in cls._ARRAYS:
            setattr(index, name, _little_endian(array(data["types"][name], base64.b64decode(data[name]))))
        for name in cls._LISTS:
            setattr(index, name, list(data[name]))
        if not len(index.texts) == len(index.enc) == len(index.where) // 2:
            raise ValueError("a saved index whose columns disagree")
        return index

    def sentence(self, c: int) -> Sentence:
        """Prior sentence ``c``, made once: its raw tokens are worked out when first asked for."""
        cache = self.__dict__.setdefault("_made", {})  # ArchiveIndex does not run __init__
        made = cache.get(c)
        if made is None:
            made = cache[c] = Sentence(
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
        for i in set(rarest[: n - need + 1]):
            if i < vocab:
                lo = self.post_off[i]
                hi = bisect_right(self.post_key, limit, lo, self.post_off[i + 1])
                found.update(self.post_ids[lo:hi].tolist())
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
                counts.update(set(self.sh_ids[lo:hi].tolist()))
        return {c for c, n in counts.items() if n >= min_shared}

    def condensed_candidates(self, x: Sentence, th: Thresholds) -> set[int]:
        """Every prior sentence that can hold ``th.condensed`` per cent of x's content words
        in order (and at least ``th.min_condensed``). Such an order keeps ``need`` positions of
        x, so by pigeonhole one of any ``len - need + 1`` positions is kept: probing the
        rarest that many finds every such sentence; rapidfuzz's LCS then keeps the real ones."""
        from rapidfuzz import process
        from rapidfuzz.distance import LCSseq

        from .score import condensed_need, content_enc

        cx = content_enc(x)
        need = condensed_need(len(cx), th)
        if len(cx) < need:
            return set()
        df, vocab = self.df, len(self.df)
        ids = sorted((_char_id(ch) for ch in cx), key=lambda i: (df[i] if i < vocab else 0, i))
        found: set[int] = set()
        for i in set(ids[: len(cx) - need + 1]):
            if i < vocab:
                found.update(self.post_ids[self.post_off[i] : self.post_off[i + 1]].tolist())
        found_list = list(found)
        cenc = self.cenc
        return {
            found_list[j]
            for _, _, j in process.extract(
                cx, [cenc[c] for c in found_list], scorer=LCSseq.similarity, score_cutoff=need, limit=None
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

    def search(self, draft: list[Sentence], th: Thresholds) -> list[tuple[int, int, int, str]]:
        """(draft sentence no., prior sentence id, score, how) for every pair at or above
        ``th.moderate_edit``, and every condensed rewrite (``score.score_pair``)."""
        out = []
        for k, x in enumerate(draft):
            if x.content < th.min_words or not x.ids:
                continue
            cands = self.sorted_ratio_candidates(x, th.moderate_edit)
            cands |= self.passage_candidates(x)
            cands |= self.condensed_candidates(x, th)
            for c in cands:
                score, how = score_pair(x, self.sentence(c), th)
                if score >= th.moderate_edit or (how == "condensed" and score > 0):
                    out.append((k, c, score, how))
        return out

    def ratio_search(self, draft_encoded: list[str], cutoff: float) -> set[tuple[int, int]]:
        """Pairs whose plain token ``fuzz.ratio`` >= cutoff: the bench's exactness check."""
        from rapidfuzz import fuzz

        out = set()
        for k, enc in enumerate(draft_encoded):
            x = Sentence("", -1, -1, [], [], 0, enc, [_char_id(c) for c in enc])
            for c in self.sorted_ratio_candidates(x, cutoff):
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


ARCHIVE_MIN = 20_000  # prior sentences from which the index is the numpy one, kept on disk


def _sentence_table(doc: Document) -> bytes:
    """One prior file, parsed: the per-file cache entry (JSON). Its sentences' tokens are
    ids into the file's own ``words``, so joining a thousand tables costs little."""
    # (the tokens only: no Sentence objects for a table)
    sentences = list(sentence_tokens((0, p, passage.text) for p, passage in enumerate(doc.passages)))
    vocab: dict[str, int] = {}
    ids = array("i", [vocab.setdefault(t, len(vocab)) for s in sentences for t in s[4]])
    data = {
        "name": doc.name,
        "session": doc.session,
        "path": doc.path,
        "notes": doc.notes,
        "passages": [[p.location, p.is_bullet] for p in doc.passages],
        "text": [s[2] for s in sentences],
        "passage": [s[1] for s in sentences],
        "len": [len(s[4]) for s in sentences],
        "words": "\n".join(vocab),  # one string, not 1,000
        # int32 little-endian in base64: a thousand tables load without millions of ints
        "ids": base64.b64encode(_little_endian(ids).tobytes()).decode("ascii"),
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _little_endian(a: array) -> array:
    if sys.byteorder == "big":
        a = array(a.typecode, a)
        a.byteswap()
    return a


def table_ids(table: dict) -> array:
    """A sentence table's token ids (int32), as ``_sentence_table`` stored them."""
    return _little_endian(array("i", base64.b64decode(table["ids"])))


def _parse(job: tuple[str, str]) -> tuple[bytes | None, str]:
    """Read one prior file into its sentence table (run in a worker process on a cold run)."""
    from ..errors import DocumentReadError
    from .readers import read_document

    path, digest = job
    try:
        return _sentence_table(read_document(Path(path), use_cache=False, digest=digest)), ""
    except DocumentReadError as exc:
        return None, exc.problem


def _parse_all(jobs: list[tuple[str, str]], progress: bool, take) -> None:
    """Parse prior files, in parallel across the machine's cores when there are many;
    ``take(j, (table bytes or None, problem))`` gets each as it arrives, so caching and
    loading the first files overlaps with parsing the rest."""
    workers = min(os.cpu_count() or 1, len(jobs) // 8)
    with _progress_bar(progress, len(jobs), "Reading prior submissions") as advance:
        if workers < 2:
            results = map(_parse, jobs)
        else:
            from concurrent.futures import ProcessPoolExecutor

            pool = ProcessPoolExecutor(workers)
            results = pool.map(_parse, jobs, chunksize=max(1, len(jobs) // (8 * workers)))
        try:
            for j, result in enumerate(results):
                take(j, result)
                advance()
        finally:
            if workers >= 2:
                pool.shutdown()


class _Passages(Sequence):
    """A prior's passages as an index keeps them: location only, made when asked for
    (a 1,000-file archive has 100,000 of them and a check reads a few)."""

    def __init__(self, rows: list):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, k):
        from .readers import Passage

        location, is_bullet = self.rows[k]
        return Passage("", location, is_bullet=is_bullet)


def documents_of(tables: list[dict], digests: list[str]) -> list[Document]:
    """The prior documents of these tables; a passage keeps its location, not its text."""
    from .readers import Document

    return [
        Document(
            t["name"],
            t["session"],
            _Passages(t["passages"]),
            digest,
            t["path"],  # type: ignore[arg-type]
            t.get("notes", []),
        )
        for t, digest in zip(tables, digests, strict=False)
    ]


def _from_tables(tables: list[dict], digests: list[str]) -> PriorIndex:
    """The in-memory index (a few priors, such as the shipped seeds: no numpy)."""
    from .text import content_words

    sentences = []
    for d, t in enumerate(tables):
        words, ids, pos = t["words"].split("\n") if t["words"] else [], table_ids(t), 0
        for text, p, n in zip(t["text"], t["passage"], t["len"], strict=False):
            toks = [words[i] for i in ids[pos : pos + n]]
            pos += n
            sentences.append(Sentence(text, d, p, toks, [], content_words(toks)))
    return PriorIndex(documents_of(tables, digests), sentences)


def _small_index(cache, key: str, tables: list[dict], digests: list[str], unread: dict) -> PriorIndex:
    """The in-memory index of a few priors (the shipped seeds), kept beside their sentence
    tables as the tables joined and indexed, under the key an archive's index has (the
    code and every file); loaded on later runs (~2 ms instead of ~10 ms to build)."""
    name = f"{key}.index.json"
    payload = None if unread else cache.read("tables", name)
    if payload is not None:
        try:
            return PriorIndex.from_saved(documents_of(tables, digests), payload)
        except (ValueError, KeyError, TypeError):
            pass  # not one we wrote: build it again
    index = _from_tables(tables, digests)
    if not unread:
        cache.write("tables", name, index.saved())
    return index


def _tables(
    cache, readable: list[tuple[int, Path, str]], keys: list[str], fingerprint: str, progress: bool
) -> tuple[list[dict], list[str], dict[int, str]]:
    """Each readable prior's sentence table: from the cache, or parsed (in parallel) and
    cached. Returns (tables, their files' digests, {place in readable: why unread})."""

    def parse(payload: bytes) -> dict | str:
        try:
            return json.loads(payload)
        except ValueError:
            return "its cached table could not be read; run again"

    entries = [f"{k}.{fingerprint}.json" for k in keys]  # each table's file name in the cache
    found: list[dict | str | None] = []
    for entry in entries:
        payload = cache.read("tables", entry)
        found.append(None if payload is None else parse(payload))
    missing = [k for k, t in enumerate(found) if t is None]

    def take(j: int, result: tuple[bytes | None, str]) -> None:
        k, (table, problem) = missing[j], result
        found[k] = parse(table) if table is not None else problem
        if table is not None:
            cache.write("tables", entries[k], table)

    _parse_all([(str(readable[k][1]), readable[k][2]) for k in missing], progress, take)
    tables = [t for t in found if isinstance(t, dict)]
    digests = [readable[k][2] for k, t in enumerate(found) if isinstance(t, dict)]
    return tables, digests, {k: t for k, t in enumerate(found) if isinstance(t, str)}


def _joined_with_latest(
    cache, readable: list[tuple[int, Path, str]], keys: list[str], fingerprint: str, progress: bool
) -> PriorIndex | None:
    """The last saved archive index joined with an index of the files added since, when
    every file it holds is still here unchanged and the added ones are few (at most a
    tenth); None otherwise (then the whole index is rebuilt and saved)."""
    try:
        latest = json.loads(cache.read("indexes", "latest.json") or b"null")
        base_keys = set(latest["keys"])
    except (ValueError, KeyError, TypeError):
        return None
    added = [k for k, key in enumerate(keys) if key not in base_keys]
    if not base_keys <= set(keys) or not added or len(added) > max(1, len(keys) // 10):
        return None
    from .archive import ArchiveIndex, JoinedIndex

    base = ArchiveIndex.load(cache, latest["key"]) if cache.has("indexes", f"{latest['key']}.json") else None
    if base is None or base.unread:
        return None
    tables, digests, unread = _tables(
        cache, [readable[k] for k in added], [keys[k] for k in added], fingerprint, progress
    )
    if unread or not tables:
        return None
    return JoinedIndex(base, ArchiveIndex.build(tables, digests, base.vocab.words))


def load_prior_index(paths: list[Path], progress: bool = False) -> PriorIndex:
    """The index over these prior documents.

    The cache holds one sentence table per prior file (by content hash and name): adding,
    changing or removing one file re-reads only that file. An archive (``ARCHIVE_MIN``
    sentences or more) is indexed in numpy arrays kept on disk per set of files and
    memory-mapped on later runs (``archive.ArchiveIndex``); a few priors are indexed in
    memory, without numpy. A prior that cannot be read is left out with a note in
    ``index.notes`` ("skipped X: <problem>"); ``index.documents`` holds the others, in order.
    """
    import hashlib

    from ..errors import DocumentReadError
    from .cache import Cache
    from .readers import cache_key, code_fingerprint, file_digest

    cache = Cache()
    problems: dict[int, str] = {}  # place in paths -> why that prior is left out
    readable: list[tuple[int, Path, str]] = []  # (place in paths, path, digest)
    for n, p in enumerate(paths):
        try:
            readable.append((n, p, file_digest(p)))
        except DocumentReadError as exc:
            problems[n] = exc.problem
    fingerprint = code_fingerprint()
    keys = [cache_key(d, p.name) for _, p, d in readable]
    key = hashlib.sha256("\n".join([fingerprint, *keys]).encode()).hexdigest()
    index: PriorIndex | None = None
    if len(readable) >= 2 and cache.has("indexes", f"{key}.json"):
        from .archive import ArchiveIndex

        index = ArchiveIndex.load(cache, key)
    if index is None and len(readable) >= 2 and cache.has("indexes", "latest.json"):
        index = _joined_with_latest(cache, readable, keys, fingerprint, progress)
    if index is None:
        tables, digests, unread = _tables(cache, readable, keys, fingerprint, progress)
        if sum(len(t["text"]) for t in tables) >= ARCHIVE_MIN:
            from .archive import ArchiveIndex

            index = ArchiveIndex.build(tables, digests)
            index.unread = unread
            index.save(cache, key)
            if not unread:
                cache.write("indexes", "latest.json", json.dumps({"key": key, "keys": keys}).encode())
        else:
            index = _small_index(cache, key, tables, digests, unread)
            index.unread = unread
    for k, (n, _, _) in enumerate(readable):
        if k in index.unread:
            problems[n] = index.unread[k]
    by_key = {cache_key(d, p.name): (p, d) for _, p, d in readable}
    for doc in index.documents:  # by key: a joined index lists its added files last
        p, d = by_key[cache_key(doc.digest, doc.name)]
        doc.name, doc.path, doc.digest = p.name, str(p), d
    index.notes = [f"skipped {paths[n].name}: {problems[n]}" for n in sorted(problems)]
    index.unreadable = [(paths[n], problems[n]) for n in sorted(problems)]
    return index
