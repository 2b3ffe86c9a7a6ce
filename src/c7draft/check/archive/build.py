"""Building an archive index's arrays with numpy from the per-file sentence tables: the
postings, shingles, encoded sentences and bitmaps ``PriorIndex.__init__`` builds in Python."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..tables import TableParts, documents_of
from ..text import STOPWORDS, is_content
from ..vocabulary import SHINGLE, code_point, shingle_hash
from .arrays import stable_argsort
from .bitplanes import word_bitmaps


def build_arrays(
    tables: list[dict],
    digests: list[str],
    words: Sequence[str] = (),
    parts: TableParts | None = None,
) -> tuple[dict[str, np.ndarray], list[str], list]:
    """The arrays ``PriorIndex.__init__`` would build, computed with numpy, the
    vocabulary's words and the documents: what ``ArchiveIndex`` is made of. ``words``
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
    so = stable_argsort(h)  # hs is ascending already: ties stay in sentence order
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
    return arrays, words, documents_of(tables, digests)
