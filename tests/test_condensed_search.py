"""The archive index's condensed-rewrite search is bounded, and still exact: on a generated
archive whose sentences all draw on one small shared vocabulary (one field's texts, where
the same few words are in most sentences), it finds exactly the pairs an exhaustive
rapidfuzz pass over every draft x archive pair finds."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from c7draft.check import Thresholds, make_sentences
from c7draft.check.archive import ArchiveIndex
from c7draft.check.readers import Document, Passage
from c7draft.check.score import condensed_need, content_enc
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

    documents, pool = [], []
    for d in range(docs):
        sentences = [sentence() for _ in range(per_doc)]
        pool += sentences
        passages = [
            Passage(" ".join(s).capitalize() + ".", f"Part 2, bullet {k + 1}")
            for k, s in enumerate(sentences)
        ]
        documents.append(Document(f"prior-{d}.txt", 20, passages))
    draft = []
    for s in rng.sample(pool, 30):  # condensed: a third to a half of the words cut
        cut = set(rng.sample(range(len(s)), len(s) * rng.randint(30, 50) // 100))
        draft.append([w for k, w in enumerate(s) if k not in cut])
    for s in rng.sample(pool, 10):  # light edits
        s = list(s)
        s[rng.randrange(len(s))] = rng.choice(vocab)
        draft.append(s)
    draft += [sentence() for _ in range(60)]
    return documents, [" ".join(s).capitalize() + "." for s in draft]


@pytest.fixture(scope="module")
def searched():
    documents, texts = _archive()
    tables = [json.loads(sentence_table(doc)) for doc in documents]
    index = ArchiveIndex.build(tables, [f"digest{d}" for d in range(len(tables))])
    sentences = make_sentences((-1, k, text) for k, text in enumerate(texts))
    index.encode(sentences)
    return index, sentences, Thresholds()


def test_the_shared_words_are_in_most_sentences(searched):
    index, _, _ = searched
    assert len(index) == 2000
    for word in FIELD:
        assert index.df[index.vocab.ids[word]] > 0.6 * len(index)


def test_condensed_candidates_are_exactly_the_exhaustive_lcs_pairs(searched):
    index, sentences, th = searched
    rows = [k for k, x in enumerate(sentences) if x.content >= th.min_words and x.ids]
    cx = [content_enc(sentences[k]) for k in rows]
    need = np.array([condensed_need(len(c), th) for c in cx])  # a short rewrite's too
    lcs = process.cdist(cx, list(index.cenc), scorer=LCSseq.similarity, dtype=np.int32)
    exhaustive = {(rows[a], c) for a, c in zip(*np.nonzero(lcs >= need[:, None]), strict=True)}
    bounded = {(k, c) for k in rows for c in index.condensed_candidates(sentences[k], th)}
    assert len(exhaustive) >= 30  # the planted rewrites, at least
    assert bounded == exhaustive


def test_search_returns_the_exhaustive_passs_matches(searched):
    """What ``check`` reports: the search's matches against scoring every pair an exhaustive
    pass keeps (sorted-token ratio at the threshold, or ``condensed_need`` content words in
    order: a pair below both can match neither way). Passages, a heuristic channel with no
    such guarantee, are left out on both sides."""
    from rapidfuzz import fuzz

    from c7draft.check import score_pair

    index, sentences, th = searched
    rows = [k for k, x in enumerate(sentences) if x.content >= th.min_words and x.ids]
    cx = [content_enc(sentences[k]) for k in rows]
    lcs = process.cdist(cx, list(index.cenc), scorer=LCSseq.similarity, dtype=np.int32)
    need = np.array([condensed_need(len(c), th) for c in cx])
    ratio = process.cdist(
        ["".join(sorted(sentences[k].enc)) for k in rows], list(index.sorted_enc), scorer=fuzz.ratio
    )
    exhaustive = set()
    for a, c in zip(*np.nonzero((lcs >= need[:, None]) | (ratio >= th.moderate_edit)), strict=True):
        k = rows[a]
        score, how = score_pair(sentences[k], index.sentence(int(c)), th)
        if how != "passage" and (score >= th.moderate_edit or (how == "condensed" and score > 0)):
            exhaustive.add((k, int(c), score, how))
    found = {hit for hit in index.search(sentences, th) if hit[3] != "passage"}
    assert sum(how == "condensed" for *_, how in found) >= 3 and len(found) >= 15
    assert found == exhaustive
