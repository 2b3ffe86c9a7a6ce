"""A small index is searched by comparing each draft sentence with every prior sentence in
rapidfuzz (``PriorIndex._compared``), a larger one by probing its postings (``_probed``).
Both must give the same search: the same pairs, scores and order. Checked on the shipped
seeds with the 2025 sample draft (the build's check, and its ``within_draft`` search) and on
generated indexes of one small shared vocabulary, with condensed rewrites, light edits,
recycled passages and rewrites of two adjacent sentences."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from c7draft.check import Thresholds, index, make_sentences, vocabulary
from c7draft.check.index import PriorIndex
from c7draft.check.readers import Document, Passage

ROOT = Path(__file__).resolve().parents[1]


def _both(monkeypatch, idx: PriorIndex, sentences, th: Thresholds, windows: bool, keep=None, among=None):
    """The search probed, then compared (``among``: the documents ``keep`` keeps, a hint the
    probes do not take); their candidate pairs (unscored) must agree too, without ``among``."""
    out, pairs = [], []
    rows = [k for k, x in enumerate(sentences) if x.content >= th.min_words]
    for most in (0, len(idx)):
        monkeypatch.setattr(index, "COMPARED_MAX", most)
        idx.encode(sentences)
        pairs.append(list(idx.candidate_pairs(sentences, rows, th, windows)))
        out.append(idx.search(sentences, th, windows=windows, keep=keep, among=among))
    assert pairs[1] == pairs[0]
    return out


def test_the_seeds_compared_give_the_probed_search(tmp_path, monkeypatch):
    """The build's check: the 2025 sample against the shipped seeds, and its own bullets."""
    from c7draft.assemble import load_draft
    from c7draft.check.loader import load_prior_index
    from c7draft.check.readers import prior_paths
    from c7draft.documents import document_from_draft

    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    priors = load_prior_index(prior_paths(None, (), ()))
    assert type(priors) is PriorIndex and len(priors) <= index.COMPARED_MAX  # a build compares them
    draft = document_from_draft(load_draft(ROOT / "sample_inputs" / "2025"))
    sentences = make_sentences((0, p, passage.text) for p, passage in enumerate(draft.passages))
    th = Thresholds()
    probed, compared = _both(monkeypatch, priors, sentences, th, windows=True)
    assert len(probed) >= 50 and any(c < 0 for _, c, *_ in probed)
    assert compared == probed
    # as check_document searches them: the 2026 seed is the draft's session's, left out
    assert [d.session for d in priors.documents] == [27, 29]
    probed, compared = _both(
        monkeypatch, priors, sentences, th, windows=True, keep=lambda k, y: y.doc == 0, among=[0]
    )
    assert compared == probed and len(probed) >= 3
    own = PriorIndex.from_sentences([draft], sentences)
    probed, compared = _both(monkeypatch, own, sentences, th, windows=False)
    assert sum(k == c for k, c, *_ in probed) >= 50  # (each sentence finds itself, at least)
    assert compared == probed


def _generated(seed: int, docs: int = 4, per_doc: int = 40, words: int = 120):
    """(prior documents, draft texts) over one small vocabulary most sentences share: the
    draft holds condensed rewrites (a third to a half of the words cut), light edits,
    passages of a prior sentence inside new ones, rewrites of two adjacent prior sentences
    (one bullet's), prior sentences with their words reordered, and new sentences."""
    rng = random.Random(seed)
    vocab = [f"w{i:03d}x" for i in range(words)] + ["the", "of", "and", "to", "in"]
    weights = [1 / (i + 1) ** 0.5 for i in range(len(vocab))]

    def sentence(n: int | None = None) -> list[str]:
        return rng.choices(vocab, weights, k=n or rng.randint(8, 28))

    documents, pool, pairs = [], [], []
    for d in range(docs):
        bullets = []
        while sum(map(len, bullets)) < per_doc:
            bullets.append([sentence() for _ in range(rng.randint(1, 3))])
        pool += [s for b in bullets for s in b]
        pairs += [b[k] + b[k + 1] for b in bullets for k in range(len(b) - 1)]
        passages = [
            Passage(" ".join(" ".join(s).capitalize() + "." for s in b), f"Part 2, bullet {k + 1}")
            for k, b in enumerate(bullets)
        ]
        documents.append(Document(f"prior-{d}.txt", 20 + d, passages))

    def cut(s: list[str]) -> list[str]:
        gone = set(rng.sample(range(len(s)), len(s) * rng.randint(30, 50) // 100))
        return [w for k, w in enumerate(s) if k not in gone]

    def edited(s: list[str]) -> list[str]:
        s = list(s)
        for _ in range(rng.randint(1, 3)):
            s[rng.randrange(len(s))] = rng.choice(vocab)
        return s

    draft = [cut(s) for s in rng.sample(pool, 12)]
    draft += [edited(s) for s in rng.sample(pool, 12)]
    draft += [sentence(6) + s[: rng.randint(10, 16)] + sentence(8) for s in rng.sample(pool, 8)]
    draft += [cut(s) for s in rng.sample(pairs, 10)]
    draft += [rng.sample(s, len(s)) for s in rng.sample(pool, 8)]  # reordered: the sorted-token ratio's
    draft += [sentence() for _ in range(20)]
    draft += draft[:6]  # the same sentence twice: ties of the draft's own search
    rng.shuffle(draft)
    return documents, [" ".join(s).capitalize() + "." for s in draft]


@pytest.mark.parametrize("moderate", [75, 60])
@pytest.mark.parametrize("seed", range(6))
def test_generated_small_indexes_compared_give_the_probed_search(seed, moderate, monkeypatch):
    documents, texts = _generated(seed)
    th = Thresholds(moderate_edit=moderate)
    priors = PriorIndex.from_sentences(documents)
    sentences = make_sentences((0, k // 2, text) for k, text in enumerate(texts))
    probed, compared = _both(monkeypatch, priors, sentences, th, windows=True)
    if moderate == 75:  # (at 60, a rewrite scores as a moderate edit more often than condensed)
        assert {"", "passage", "condensed"} <= {how for *_, how in probed}
        assert sum(c < 0 for _, c, *_ in probed) >= 3
    assert compared == probed
    # a prior left out, as check_document leaves one
    probed, compared = _both(
        monkeypatch, priors, sentences, th, windows=True, keep=lambda k, y: y.doc != 1, among=[0, 2, 3]
    )
    assert compared == probed and all(priors.sentence(c).doc != 1 for _, c, *_ in probed)
    # the draft against itself (``within_draft``'s search): every sentence's own index
    draft = Document("draft", 24, [Passage(t, f"Part 2, bullet {k}") for k, t in enumerate(texts)])
    mine = make_sentences((0, k, t) for k, t in enumerate(texts))
    own = PriorIndex.from_sentences([draft], mine)
    probed, compared = _both(monkeypatch, own, mine, th, windows=False)
    assert sum(score == 100 for *_, score, _ in probed) >= 6
    assert compared == probed


@pytest.mark.parametrize("seed", range(4))
def test_within_draft_indexes_the_bullets_alone_with_the_same_matches(seed, monkeypatch):
    """``within_draft`` indexes the draft's bullets only (only bullets are paired): the same
    matches, in the same order, as an index of every sentence, the paragraphs' included."""
    from c7draft.check import one_draft

    _, texts = _generated(seed)
    rng = random.Random(seed)
    texts = texts[:40] + rng.sample(texts[:40], 20)  # each of 20 sentences twice, most in other bullets
    passages = [
        Passage(
            " ".join(texts[k : k + 2]),
            f"Part 2, bullet {k}",
            entity=rng.choice(["UNCTAD", "ITC", None]),
            is_bullet=rng.random() < 0.8,
        )
        for k in range(0, len(texts), 2)
    ]
    draft = Document("draft", 24, passages)
    found = []
    for most in (one_draft.SHINGLE_MAX_DF, 0):  # 0: a draft long enough to index every sentence
        monkeypatch.setattr(one_draft, "SHINGLE_MAX_DF", most)
        found.append(one_draft.within_draft(draft, Thresholds()))
    assert found[0] == found[1] and len(found[0]) >= 5


def test_a_sentence_s_phrases_hash_as_the_archive_hashes_its_own():
    """``shingles`` (a draft sentence's phrases, inlined for speed) and ``shingle_hash`` (the
    archive's, over numpy arrays) must give the same hashes, or an archive would never find
    a recycled passage: the same 4-word runs, those of stopwords alone left out."""
    import numpy as np

    rng = random.Random(7)
    words = ["the", "of", "and", "trade", "digital", "e-commerce", "countries", "in"]
    for _ in range(200):
        toks = [rng.choice(words) for _ in range(rng.randrange(0, 30))]
        ids = [rng.randrange(0, 2**32) for _ in toks]
        expected = {
            int(vocabulary.shingle_hash(*(np.array([i], np.uint64) for i in ids[k : k + 4]))[0])
            for k in range(len(ids) - 3)
            if not all(t in vocabulary.STOPWORDS for t in toks[k : k + 4])
        }
        assert vocabulary.shingles(ids, toks) == expected
