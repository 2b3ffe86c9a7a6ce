"""The archive index's condensed-rewrite search is bounded, and still exact: on a generated
archive whose sentences all draw on one small shared vocabulary (one field's texts, where
the same few words are in most sentences), it finds exactly the pairs an exhaustive
rapidfuzz pass over every draft x archive pair finds."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import numpy as np
import pytest
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from c7draft.check import Thresholds, make_sentences
from c7draft.check.archive import ArchiveIndex, bitplanes
from c7draft.check.readers import Document, Passage
from c7draft.check.score import condensed_need, content_enc, window_need
from c7draft.check.tables import sentence_table

FIELD = ["digital", "online", "developing", "countries", "trade", "development"]


def _archive(seed: int = 18, docs: int = 40, per_doc: int = 50, words: int = 300):
    """(archive documents, draft sentences): every sentence from ``words`` made-up words
    plus the field's words, which most sentences hold; the draft holds condensed rewrites
    (words cut, the rest in order), light edits and new sentences."""
    rng = random.Random(seed)
    vocab = [f"w{i:03d}x" for i in range(words)]
    weights = [1 / (i + 1) ** 0.5 for i in range(words)]

    def sentence() -> list[str]:
        body = rng.choices(vocab, weights, k=rng.randint(10, 30))
        for w in FIELD:
            if rng.random() < 0.7:
                body.insert(rng.randrange(len(body) + 1), w)
        return body

    grouping = random.Random(seed + 1)  # (its own: the sentences are those of one per bullet)
    documents, pool, pairs = [], [], []
    for d in range(docs):
        sentences = [sentence() for _ in range(per_doc)]
        pool += sentences
        bullets: list[list[list[str]]] = []  # one to three sentences each
        while sum(map(len, bullets)) < per_doc:
            bullets.append(sentences[sum(map(len, bullets)) :][: grouping.randint(1, 3)])
        pairs += [b[k] + b[k + 1] for b in bullets for k in range(len(b) - 1)]
        passages = [
            Passage(" ".join(" ".join(s).capitalize() + "." for s in b), f"Part 2, bullet {k + 1}")
            for k, b in enumerate(bullets)
        ]
        documents.append(Document(f"prior-{d}.txt", 20, passages))
    draft = []

    def condensed(s: list[str], rng: random.Random) -> list[str]:  # a third to a half of the words cut
        cut = set(rng.sample(range(len(s)), len(s) * rng.randint(30, 50) // 100))
        return [w for k, w in enumerate(s) if k not in cut]

    draft += [condensed(s, rng) for s in rng.sample(pool, 30)]
    for s in rng.sample(pool, 10):  # light edits
        s = list(s)
        s[rng.randrange(len(s))] = rng.choice(vocab)
        draft.append(s)
    draft += [sentence() for _ in range(60)]
    draft += [condensed(s, grouping) for s in grouping.sample(pairs, 20)]  # of two adjacent sentences
    return documents, [" ".join(s).capitalize() + "." for s in draft]


# The searches count a draft sentence's common words with bitmaps and its rarer words from
# their postings (``ArchiveIndex._held``): each test runs with the index's own split, with
# bitmaps for only the commonest words, and with postings only.
SPLITS = {"bitmaps": bitplanes._DENSE, "some bitmaps": 8, "postings only": 0}


@pytest.fixture(scope="module", params=list(SPLITS))
def searched(request):
    documents, texts = _archive()
    tables = [json.loads(sentence_table(doc)) for doc in documents]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bitplanes, "_DENSE", SPLITS[request.param])
        index = ArchiveIndex.build(tables, [f"digest{d}" for d in range(len(tables))])
    rows = len(index.arrays["bits"]) - 1  # words with a bitmap (row 0 is none's)
    assert {"bitmaps": rows == len(index.df), "some bitmaps": 0 < rows < len(index.df) / 2}.get(
        request.param, rows == 0
    )
    sentences = make_sentences((-1, k, text) for k, text in enumerate(texts))
    index.encode(sentences)
    return index, sentences, Thresholds()


def test_bit_planes_count_and_compare_exactly():
    """The bitmap sum (``_BitCount``) and its comparison with each row's bar (``_at_least``)
    against numpy's count of the same bits, place by place."""
    rng = np.random.default_rng(18)
    rows, places, inputs = 7, 5 * 64, 23
    bars = rng.integers(1, inputs + 3, rows)
    bitmaps = rng.integers(0, 2**63, (inputs, rows, places // 64), dtype=np.int64).astype(np.uint64)
    bitmaps &= rng.integers(0, 2**63, bitmaps.shape, dtype=np.int64).astype(np.uint64) * np.uint64(2)
    count = bitplanes.BitCount([np.empty(bitmaps.shape[1:], np.uint64)])
    for v in bitmaps:
        count.add(v.copy())
    planes = count.planes()
    bits = np.unpackbits(bitmaps.view(np.uint8), axis=-1, bitorder="little")  # (input, row, place)
    expected = bits.sum(axis=0)
    r, s = np.nonzero(expected >= 0)
    assert np.array_equal(bitplanes.count_at(planes, r, s), expected[r, s])
    reached = bitplanes.ones(bitplanes.at_least(planes, bars))
    assert np.array_equal(np.stack(reached), np.stack(np.nonzero(expected >= bars[:, None])))


def test_the_shared_words_are_in_most_sentences(searched):
    index, _, _ = searched
    assert len(index) == 2000
    for word in FIELD:
        assert index.df[index.vocab.ids[word]] > 0.6 * len(index)


def _windows(index) -> list[int]:
    """Every window (``~c``: sentence c and the next of its bullet), by brute force."""
    return [
        ~c
        for c in range(len(index) - 1)
        if tuple(index.where[2 * c : 2 * c + 2]) == tuple(index.where[2 * c + 2 : 2 * c + 4])
    ]


def _exhaustive_lcs(index, sentences, th):
    """(draft rows, LCS over every draft x prior sentence and window, the content words each
    pair needs in order (``condensed_need``, a short rewrite's too; ``window_need`` of a
    window), the prior sentences and windows in the LCS's column order)."""
    rows = [k for k, x in enumerate(sentences) if x.content >= th.min_words and x.ids]
    cx = [content_enc(sentences[k]) for k in rows]
    columns = list(range(len(index))) + _windows(index)
    lcs = process.cdist(cx, index.contents(columns), scorer=LCSseq.similarity, dtype=np.int32)
    need = np.array(
        [
            [condensed_need(len(c), th)] * len(index)
            + [window_need(len(c), th)] * (len(columns) - len(index))
            for c in cx
        ]
    )
    return rows, lcs, need, columns


def test_condensed_candidates_are_exactly_the_exhaustive_lcs_pairs(searched):
    index, sentences, th = searched
    rows, lcs, need, columns = _exhaustive_lcs(index, sentences, th)
    exhaustive = {(rows[a], columns[c]) for a, c in zip(*np.nonzero(lcs >= need), strict=True)}
    bounded = {
        (k, c)
        for k in rows
        for c in index.condensed_candidates(sentences[k], th) | index.window_candidates(sentences[k], th)
    }
    assert len(_windows(index)) >= 500
    assert sum(c >= 0 for _, c in exhaustive) >= 30  # the planted rewrites, at least
    assert sum(c < 0 for _, c in exhaustive) >= 20  # and those of two sentences
    assert bounded == exhaustive
    assert {hit for hit in bounded if hit[1] >= 0} == {
        (k, c) for k in rows for c in index.condensed_candidates(sentences[k], th)
    }


def test_the_in_memory_index_finds_the_same_windows(searched):
    """``PriorIndex`` (the seeds' index) and ``ArchiveIndex`` give the same candidates."""
    from c7draft.check import PriorIndex

    index, sentences, th = searched
    small = PriorIndex.from_sentences(index.documents, make_sentences(_prior_texts(index)))
    for x in sentences:
        if x.content >= th.min_words and x.ids:
            probe = replace(x, ids=[], enc="", cenc="")
            small.encode([probe])
            assert small.condensed_candidates(probe, th) == index.condensed_candidates(x, th)
            assert small.window_candidates(probe, th) == index.window_candidates(x, th)


def _prior_texts(index):
    """(document, passage, text) of each prior sentence, in the index's order."""
    return [(int(index.where[2 * c]), int(index.where[2 * c + 1]), index.texts[c]) for c in range(len(index))]


def test_search_returns_the_exhaustive_passs_matches(searched):
    """What ``check`` reports: the search's matches against scoring every pair an exhaustive
    pass keeps (sorted-token ratio at the threshold, or ``condensed_need`` content words in
    order: a pair below both can match neither way). Passages, a heuristic channel with no
    such guarantee, are left out on both sides."""
    from rapidfuzz import fuzz

    from c7draft.check import score_pair

    index, sentences, th = searched
    rows, lcs, need, columns = _exhaustive_lcs(index, sentences, th)
    ratio = process.cdist(
        ["".join(sorted(sentences[k].enc)) for k in rows], list(index.sorted_enc), scorer=fuzz.ratio
    )
    ratio = np.pad(ratio, ((0, 0), (0, len(columns) - len(index))))  # (windows: by their LCS only)
    exhaustive = set()
    for a, j in zip(*np.nonzero((lcs >= need) | (ratio >= th.moderate_edit)), strict=True):
        k, c = rows[a], columns[j]
        score, how = score_pair(sentences[k], index.sentence(c), th)
        # a window's passage comes from the same exact channel as its other matches
        if (how != "passage" or c < 0) and (score >= th.moderate_edit or (how == "condensed" and score > 0)):
            exhaustive.add((k, c, score, how))
    found = {hit for hit in index.search(sentences, th, windows=True) if hit[3] != "passage" or hit[1] < 0}
    assert sum(how == "condensed" for *_, how in found) >= 3 and len(found) >= 15
    assert sum(c < 0 for _, c, *_ in found) >= 10  # windows matched
    assert found == exhaustive
