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

import hashlib
import json
import math
import os
import shutil
import tempfile
from typing import TYPE_CHECKING

import numpy as np

from .index import _SHINGLE, _SHINGLE_MAX_DF, SHINGLE_BASE, PriorIndex, Vocabulary, _char_id, _shingles, documents_of
from .text import STOPWORDS, is_content

if TYPE_CHECKING:  # pragma: no cover
    from .cache import Cache

_ARRAYS = ("df", "post_off", "post_ids", "post_key", "sh_keys", "sh_ids", "where", "content", "lengths",
           "tok", "enc", "enc_off", "sorted_enc", "ctok", "cenc", "cenc_off", "texts", "texts_off")


class _Column:
    """Row c of a string column kept as one array of code points (or UTF-8 bytes) and offsets."""

    def __init__(self, data: np.ndarray, off: np.ndarray, encoding: str):
        self.data, self.off, self.encoding = data, off, encoding

    def __len__(self) -> int:
        return len(self.off) - 1

    def __getitem__(self, c: int) -> str:
        return self.data[self.off[c]:self.off[c + 1]].tobytes().decode(self.encoding)

    def __iter__(self):
        return (self[c] for c in range(len(self)))


def _checksum(a: np.ndarray) -> str:
    return hashlib.sha256(memoryview(np.ascontiguousarray(a)).cast("B")).hexdigest()


class ArchiveIndex(PriorIndex):
    """A ``PriorIndex`` whose columns are numpy arrays (see the module's docstring)."""

    def __init__(self, arrays: dict[str, np.ndarray], words: list[str], documents: list):
        self.arrays = arrays
        for name in ("df", "post_off", "post_ids", "post_key", "sh_keys", "sh_ids", "where", "content", "lengths"):
            setattr(self, name, arrays[name])
        self.enc = _Column(arrays["enc"], arrays["enc_off"], "utf-32-le")
        self.sorted_enc = _Column(arrays["sorted_enc"], arrays["enc_off"], "utf-32-le")
        self.cenc = _Column(arrays["cenc"], arrays["cenc_off"], "utf-32-le")
        self.texts = _Column(arrays["texts"], arrays["texts_off"], "utf-8")
        self.tok = arrays["tok"]
        self.vocab = Vocabulary(words)
        self.documents = documents
        self.unread: dict[int, str] = {}
        self.notes: list[str] = []

    def sentences_per_document(self) -> list[int]:
        return np.bincount(self.where[::2], minlength=len(self.documents)).tolist()

    # The candidate searches of PriorIndex, vectorised: same sets, no per-sentence Python.

    def _postings(self, ids: np.ndarray, limit: float | None = None) -> np.ndarray:
        """Sentences in the postings of tokens ``ids`` (only those keyed <= limit, if given)."""
        ids = ids[ids < len(self.df)]
        lo, hi = self.post_off[ids], self.post_off[ids + 1]
        if limit is not None:
            hi = np.array([lo_ + np.searchsorted(self.post_key[lo_:hi_], limit, "right")
                           for lo_, hi_ in zip(lo.tolist(), hi.tolist())], dtype=np.int64).reshape(-1)
        if not len(lo):
            return np.zeros(0, np.int64)
        return np.unique(np.concatenate([self.post_ids[a:b] for a, b in zip(lo.tolist(), hi.tolist())]))

    def _gather(self, rows: np.ndarray, data: np.ndarray, off: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(values, row number in ``rows``) of rows ``rows`` of a column kept as data + offsets."""
        starts, ends = off[rows], off[rows + 1]
        lens = ends - starts
        which = np.repeat(np.arange(len(rows)), lens)
        first = np.cumsum(lens) - lens
        return data[np.arange(int(lens.sum())) - first[which] + starts[which]], which

    def _overlap(self, x_ids: list[int], rows: np.ndarray, data: np.ndarray, off: np.ndarray) -> np.ndarray:
        """Multiset overlap of x's tokens with each row's (both as token ids)."""
        ux, cx = np.unique(np.asarray(x_ids, dtype=np.int64), return_counts=True)
        vals, which = self._gather(rows, data, off)
        keep = np.isin(vals, ux)
        vals, which = vals[keep].astype(np.int64), which[keep]
        pairs, cy = np.unique(which * (len(self.df) + 1) + vals, return_counts=True)
        tok = pairs % (len(self.df) + 1)
        both = np.minimum(cy, cx[np.searchsorted(ux, tok)])
        return np.bincount(pairs // (len(self.df) + 1), weights=both, minlength=len(rows))

    def sorted_ratio_candidates(self, x, cutoff: float) -> set[int]:
        n = len(x.ids)
        if n == 0:
            return set()
        t = cutoff / 100
        need = math.ceil(t * n / (2 - t) - 1e-9)
        vocab = len(self.df)
        ids = np.asarray(x.ids, dtype=np.int64)
        rarity = np.where(ids < vocab, self.df[np.minimum(ids, vocab - 1)], 0)
        probe = np.unique(ids[np.lexsort((ids, rarity))][:n - need + 1])
        rows = self._postings(probe, -t + 1e-9)
        ly = self.lengths[rows].astype(np.int64)
        rows = rows[(ly >= t * n / (2 - t) - 1e-9) & (ly <= (2 - t) * n / t + 1e-9)]
        if not len(rows):
            return set()
        ratio = 200 * self._overlap(x.ids, rows, self.tok, self.arrays["enc_off"]) / (n + self.lengths[rows])
        return set(rows[ratio >= cutoff - 1e-6].tolist())  # a sorted-token ratio is exactly this

    def passage_candidates(self, x, min_shared: int = 2) -> set[int]:
        keys = np.fromiter(_shingles(x.ids, x.toks), np.uint64)
        if not len(keys):
            return set()
        lo, hi = np.searchsorted(self.sh_keys, keys, "left"), np.searchsorted(self.sh_keys, keys, "right")
        ok = (hi > lo) & (hi - lo <= _SHINGLE_MAX_DF)
        if not ok.any():
            return set()
        found = np.concatenate([self.sh_ids[a:b] for a, b in zip(lo[ok].tolist(), hi[ok].tolist())])
        rows, counts = np.unique(found, return_counts=True)
        return set(rows[counts >= min_shared].tolist())

    def condensed_candidates(self, x, th) -> set[int]:
        from rapidfuzz import process
        from rapidfuzz.distance import LCSseq

        from .score import content_enc

        cx = content_enc(x)
        need = max(th.min_condensed, math.ceil(th.condensed * len(cx) / 100 - 1e-9))
        if len(cx) < need:
            return set()
        ids = np.asarray([_char_id(ch) for ch in cx], dtype=np.int64)
        vocab = len(self.df)
        rarity = np.where(ids < vocab, self.df[np.minimum(ids, vocab - 1)], 0)
        rows = self._postings(np.unique(ids[np.lexsort((ids, rarity))][:len(cx) - need + 1]))
        if not len(rows):
            return set()
        # an order keeping ``need`` words needs that many shared: drop the rest before decoding
        rows = rows[self._overlap(ids.tolist(), rows, self.arrays["ctok"], self.arrays["cenc_off"]) >= need]
        rows = rows.tolist()
        return {rows[j] for _, _, j in process.extract(
            cx, [self.cenc[c] for c in rows], scorer=LCSseq.similarity, score_cutoff=need, limit=None)}

    @classmethod
    def build(cls, tables: list[dict], digests: list[str]) -> "ArchiveIndex":
        """The arrays ``PriorIndex.__init__`` would build, computed with numpy."""
        vocab: dict[str, int] = {}
        parts = []
        for t in tables:  # each table's own word ids -> the archive's
            local = np.fromiter((vocab.setdefault(w, len(vocab)) for w in t["words"]), np.int64, len(t["words"]))
            parts.append(local[np.asarray(t["ids"], dtype=np.int64)])
        words = list(vocab)
        n_words = len(words)
        tok = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        lens = np.asarray([n for t in tables for n in t["len"]], dtype=np.int64)
        n = len(lens)
        off = np.zeros(n + 1, np.int64)
        np.cumsum(lens, out=off[1:])
        sid = np.repeat(np.arange(n), lens)
        pos = np.arange(len(tok)) - off[sid]

        pairs = np.unique(sid * max(n_words, 1) + tok)  # distinct (sentence, token)
        df = np.bincount(pairs % max(n_words, 1), minlength=n_words)
        rank = np.empty(n_words, np.int64)
        rank[np.lexsort((np.arange(n_words), df))] = np.arange(n_words)
        # postings, keyed as in PriorIndex: a token's place among its sentence's tokens, rarest first
        o = np.lexsort((rank[tok], sid))
        st, ssid = tok[o], sid[o]
        p = np.arange(len(st)) - off[ssid]
        first = np.ones(len(st), bool)
        first[1:] = (st[1:] != st[:-1]) | (ssid[1:] != ssid[:-1])
        ln = lens[ssid]
        key = (-2 * (ln - p)).astype(np.float64) / (2 * ln - p)
        pt, pk, ps = st[first], key[first], ssid[first]
        o = np.lexsort((ps, pk, pt))
        post_off = np.zeros(n_words + 1, np.int64)
        np.cumsum(np.bincount(pt, minlength=n_words), out=post_off[1:])
        # shingles: every 4-word run inside a sentence that is not all stopwords
        stop = np.fromiter((w in STOPWORDS for w in words), bool, n_words)
        ok = pos <= (lens[sid] - _SHINGLE)
        k = np.nonzero(ok)[0]
        h = np.zeros(len(k), np.uint64)
        all_stop = np.ones(len(k), bool)
        base = np.uint64(SHINGLE_BASE)
        for j in range(_SHINGLE):
            h = h * base + tok[k + j].astype(np.uint64)
            all_stop &= stop[tok[k + j]]
        sh = np.unique(np.stack([h[~all_stop], sid[k][~all_stop].astype(np.uint64)], axis=1), axis=0)
        # encoded sentences: token i as code point 0x100 + i (past the surrogates)
        cp = (tok + 0x100).astype(np.uint32)
        cp[cp >= 0xD800] += 0x800
        sorted_cp = cp[np.lexsort((cp, sid))]
        content_tok = np.fromiter((is_content(w) for w in words), bool, n_words)[tok]
        cenc_off = np.zeros(n + 1, np.int64)
        np.cumsum(np.bincount(sid[content_tok], minlength=n), out=cenc_off[1:])
        texts = [s.encode("utf-8") for t in tables for s in t["text"]]
        texts_off = np.zeros(n + 1, np.int64)
        np.cumsum([len(b) for b in texts], out=texts_off[1:])
        doc = np.repeat(np.arange(len(tables)), [len(t["text"]) for t in tables])
        passage = np.asarray([q for t in tables for q in t["passage"]], dtype=np.int64)
        arrays = {
            "df": df.astype(np.uint32), "post_off": post_off.astype(np.uint32),
            "post_ids": ps[o].astype(np.uint32), "post_key": pk[o], "sh_keys": sh[:, 0].copy(),
            "sh_ids": sh[:, 1].astype(np.uint32),
            "where": np.stack([doc, passage], axis=1).ravel().astype(np.uint32),
            "content": np.minimum(np.diff(cenc_off), 65535).astype(np.uint16),
            "lengths": np.minimum(lens, 65535).astype(np.uint16),
            "tok": tok.astype(np.uint32), "ctok": tok[content_tok].astype(np.uint32),
            "enc": cp, "enc_off": off, "sorted_enc": sorted_cp, "cenc": cp[content_tok], "cenc_off": cenc_off,
            "texts": np.frombuffer(b"".join(texts), np.uint8), "texts_off": texts_off,
        }
        return cls(arrays, words, documents_of(tables, digests))

    def save(self, cache: "Cache", key: str) -> None:
        """Best effort: the arrays in a folder of .npy files, then a checksummed entry naming
        them (written last, so a half-written folder is never used)."""
        if not cache.usable:
            return
        folder = cache.path("indexes", key)
        try:
            folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = tempfile.mkdtemp(prefix=f".{key}.", dir=folder.parent)
            for name in _ARRAYS:
                np.save(os.path.join(tmp, f"{name}.npy"), self.arrays[name], allow_pickle=False)
                os.chmod(os.path.join(tmp, f"{name}.npy"), 0o600)
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        except OSError:
            return
        meta = {"words": self.vocab.words, "unread": {str(k): v for k, v in self.unread.items()},
                "documents": [{"name": d.name, "session": d.session, "path": d.path,
                               "passages": [[p.location, p.is_bullet] for p in d.passages]} for d in self.documents],
                "digests": [d.digest for d in self.documents],
                "checksums": {name: _checksum(self.arrays[name]) for name in _ARRAYS}}
        cache.write("indexes", f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def load(cls, cache: "Cache", key: str) -> "ArchiveIndex | None":
        """The saved index, memory-mapped; None (with a note when damaged) to rebuild it."""
        payload = cache.read("indexes", f"{key}.json")
        if payload is None:
            return None
        folder = cache.path("indexes", key)
        try:
            meta = json.loads(payload)
            arrays = {}
            for name in _ARRAYS:
                path = folder / f"{name}.npy"
                if not cache.check_file(path):
                    return None
                # a plain ndarray view of the mapped file: indexing it is cheaper than a memmap's
                arrays[name] = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
                if _checksum(arrays[name]) != meta["checksums"][name]:
                    raise ValueError(name)
            index = cls(arrays, meta["words"], documents_of(meta["documents"], meta["digests"]))
            index.unread = {int(k): v for k, v in meta["unread"].items()}
            return index
        except (OSError, ValueError, KeyError, TypeError):
            cache.notes.append(f"cache entry {key} was damaged; rebuilt")
            return None
