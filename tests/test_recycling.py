"""Recycled-text detection: labelled pairs, segmentation, normalisation, index, reports."""

from __future__ import annotations

import dataclasses
import json
import pickle
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from c7draft import check as r
from c7draft.documents import Document, Passage

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SEEDS = ROOT / "seeds"
SEED_2024 = SEEDS / "cstd27-2024-c7-submission.txt"
SEED_2026 = SEEDS / "cstd29-2026-c7-submission.txt"
PAIRS = YAML(typ="safe").load((DATA / "labelled_pairs.yaml").read_text(encoding="utf-8"))["pairs"]


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))


# --------------------------------------------------------------------------- labelled pairs


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{i}-{p['kind']}" for i, p in enumerate(PAIRS)])
def test_labelled_pair(pair):
    match = r.compare_texts(pair["draft"], pair["prior"])
    got = "recycled" if match else "not"
    assert got == pair["expected"], match


def test_labelled_precision_and_recall():
    tp = fp = fn = 0
    for pair in PAIRS:
        flagged = r.compare_texts(pair["draft"], pair["prior"]) is not None
        recycled = pair["expected"] == "recycled"
        tp += flagged and recycled
        fp += flagged and not recycled
        fn += recycled and not flagged
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95


def test_every_kind_is_labelled():
    kinds = {p["kind"] for p in PAIRS}
    assert {
        "year swapped",
        "numbers updated",
        "agency renamed",
        "punctuation and case",
        "list reordered",
        "clause dropped",
        "clause added",
        "sentence lifted",
        "words swapped",
        "same topic",
        "shared name only",
        "short generic",
        "condensed rewrite",
        "same topic, shared names",
    } <= kinds
    counts = Counter(p["kind"] for p in PAIRS)
    assert counts["condensed rewrite"] >= 10 and counts["same topic, shared names"] >= 10
    assert counts["short condensed rewrite"] >= 8 and counts["short same topic"] >= 8
    assert counts["two-sentence condensed rewrite"] >= 8 and counts["two-sentence same topic"] >= 8


def test_the_issues_short_condensed_rewrite_is_flagged_and_the_rule_is_what_flags_it():
    pair = next(p for p in PAIRS if p["kind"] == "short condensed rewrite")
    assert pair["draft"].startswith("UNCTAD kept assessing the e-commerce environment")
    m = r.compare_texts(pair["draft"], pair["prior"])
    assert m.band is r.Band.CONDENSED and m.order_share == 71  # 10 of 14 content words, by stems
    assert r.compare_texts(pair["draft"], pair["prior"], r.Thresholds(short_condensed=101)) is None


def test_the_issues_sentence_against_the_real_two_sentence_bullet_is_flagged_only_as_a_window():
    """Issue 17: the 2024 bullet says it in two sentences; against either alone the draft
    sentence is not flagged, against the two read as one window it is."""
    pair = next(p for p in PAIRS if p["kind"] == "two-sentence condensed rewrite")
    assert pair["draft"].startswith("UNCTAD kept assessing the e-commerce environment")
    first, second = r.split_sentences(pair["prior"])
    assert SEED_2024.read_text(encoding="utf-8").count(f"{first} {second}") == 1  # as published
    assert r.compare_texts(pair["draft"], first) is None and r.compare_texts(pair["draft"], second) is None
    m = r.compare_texts(pair["draft"], pair["prior"])
    assert m.prior_text == pair["prior"] and m.band.at_or_above(r.Band.CONDENSED)


def test_the_window_rules_guards_keep_the_2026_sentences_unflagged():
    """Two sentences of the published 2026 text, labelled same topic, each kept out by one of
    the window rule's guards: 65 per cent of the draft's words in order (the IGE session
    sentence keeps 58) and 20 per cent of the window's (the cooperation sentence keeps 6 of
    its 46 words, scattered)."""
    pairs = [p for p in PAIRS if p["kind"] == "two-sentence same topic"]
    ige = next(p for p in pairs if p["draft"].startswith("The 8th session"))
    cooperation = next(p for p in pairs if p["draft"].startswith("Such cooperation"))
    assert SEED_2026.read_text(encoding="utf-8").count(cooperation["draft"]) == 1
    assert not any(r.compare_texts(p["draft"], p["prior"]) for p in pairs)
    assert r.compare_texts(ige["draft"], ige["prior"], r.Thresholds(short_condensed=55)).order_share == 58
    assert r.compare_texts(cooperation["draft"], cooperation["prior"], r.Thresholds(window_kept=0))


def test_no_short_same_topic_pair_comes_near_the_short_rule():
    from c7draft.check.score import short_share
    from c7draft.check.text import make_sentences

    for pair in (p for p in PAIRS if p["kind"] == "short same topic"):
        x = make_sentences([(-1, 0, pair["draft"])])[0]
        y = make_sentences([(0, 0, pair["prior"])], names=False)[0]
        assert short_share(x, y, r.Thresholds(short_condensed=0)) <= 60


def test_the_issues_condensed_rewrite_is_flagged_in_its_own_band():
    pair = next(p for p in PAIRS if p["kind"] == "condensed rewrite")
    assert pair["draft"].startswith("Evidence-based policy analysis, effective technical cooperation")
    m = r.compare_texts(pair["draft"], pair["prior"])
    assert m.band is r.Band.CONDENSED and m.score < 75 and m.order_share >= 55
    assert r.Band.MODERATE_EDIT.at_or_above(r.Band.CONDENSED) and not r.Band.CONDENSED.at_or_above(
        r.Band.MODERATE_EDIT
    )


BACKDROP_2024 = (
    "Action line C7 (e-business) in 2023 was implemented against the backdrop of a sluggish recovery "
    "from the economic downfall caused by the COVID-19 pandemic, growing geo-economic fragmentation, "
    "and new technological disruptions such as the market entry of generative AI."
)


def test_the_stock_opening_alone_does_not_flag_a_sentence():
    new = (
        "Action line C7 (e-business) in 2026 was implemented against the backdrop of rising trade tensions, "
        "new rules on cross-border data flows and a boom in small parcels ordered online."
    )
    assert r.compare_texts(new, BACKDROP_2024) is None
    # what follows the opening still counts: the same sentence with only the year changed is flagged
    same = BACKDROP_2024.replace("in 2023", "in 2025")
    assert r.compare_texts(same, BACKDROP_2024).band.at_or_above(r.Band.NEAR_VERBATIM)


def test_stock_phrases_are_removed_before_scoring_and_each_has_a_reason():
    from c7draft.check.text import remove_stock_phrases
    from c7draft.resources import templates_dir

    lines = (templates_dir() / "stock_phrases.txt").read_text(encoding="utf-8").splitlines()
    phrases = [(k, ln) for k, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    assert {
        "Action line C7 (e-business) in YEAR was implemented against the backdrop of",
        "continued to support",
    } <= {ln for _, ln in phrases}
    for k, _ in phrases:
        assert lines[k - 1].startswith("#"), "each stock phrase has a comment on why"
    assert remove_stock_phrases(r.raw_tokens("UNCTAD continued to support Fiji")) == ["unctad", "fiji"]


@pytest.mark.parametrize(
    "draft, prior, band",
    [
        (
            "The UPU hosted a regional forum on postal e-commerce for operators from twelve countries in Africa.",
            "The UPU hosted a regional forum on postal e-commerce for operators from twelve countries in Africa.",
            r.Band.VERBATIM,
        ),
        (
            "The UPU hosted a regional forum on postal e-commerce for operators from 14 countries in Africa.",
            "The UPU hosted a regional forum on postal e-commerce for operators from 12 countries in Africa.",
            r.Band.NEAR_VERBATIM,
        ),
        (
            "UN Trade & Development hosted a regional forum on e-commerce for policymakers from Asia.",
            "The United Nations Conference on Trade and Development hosted a regional forum on e-commerce "
            "for policymakers from Asia.",
            r.Band.VERBATIM,
        ),
        (
            "UNCTAD hosted a regional forum on e-commerce for policymakers from South Asia.",
            "UNCTAD hosted a regional forum on e-commerce for policymakers from Asia.",
            r.Band.NEAR_VERBATIM,
        ),
        (
            "UNCTAD hosted a regional forum on e-commerce for ministers and regulators from Africa and the Pacific.",
            "UNCTAD hosted a regional forum on e-commerce for policymakers and regulators from Asia and the Pacific.",
            r.Band.LIGHT_EDIT,
        ),
    ],
)
def test_bands(draft, prior, band):
    assert r.compare_texts(draft, prior).band is band


# --------------------------------------------------------------------------- normalisation, sentences


def test_tokens_see_through_names_numbers_and_punctuation():
    a = r.tokens("UN Trade & Development’s “eWeek 2025” – the 8th edition")
    b = r.tokens('UNCTAD\'s "eWeek 2023" - the sixth edition')
    assert a == b == ["unctad", "eweek", "0", "the", "0", "edition"]
    assert r.tokens("International Trade Centre and Universal Postal Union") == ["itc", "and", "upu"]
    assert r.tokens("Action line C7 in G20 countries")[2] == "c7"
    assert r.tokens("5G networks in the 2020s") == ["5g", "networks", "in", "the", "0"]  # a name, a decade


def test_the_before_an_agency_is_dropped_and_only_there():
    assert r.raw_tokens("work with the UPU") == ["work", "with", "upu"]
    assert r.raw_tokens("the UPU's work and the ITC") == ["upu", "work", "and", "itc"]
    assert r.raw_tokens("UPU, the work of the") == ["upu", "the", "work", "of", "the"]


def test_stock_phrases_and_short_sentences_leave_the_sentence_tokens():
    from c7draft.check.text import make_sentences, sentence_tokens

    text = "Action line C7 (e-business) in 2025 was implemented against the backdrop of rising trade costs."
    assert list(sentence_tokens([(0, 1, text)])) == [
        (0, 1, text, ["rising", "trade", "costs"], ["rising", "trade", "costs"])
    ]
    kept = make_sentences([(0, 0, "Trade grew fast. Trade grew. Then 5 more came.")])
    assert [(s.text, s.toks) for s in kept] == [
        ("Trade grew fast.", ["trade", "grew", "fast"]),
        ("Then 5 more came.", ["then", "0", "more", "came"]),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "UNCTAD trained officials, e.g. from Peru. It also met.",
            ["UNCTAD trained officials, e.g. from Peru.", "It also met."],
        ),
        (
            "This is digitally ordered trade (i.e. e-commerce). Then more.",
            ["This is digitally ordered trade (i.e. e-commerce).", "Then more."],
        ),
        (
            "The U.S. Government and the U.K. joined. Others did not.",
            ["The U.S. Government and the U.K. joined.", "Others did not."],
        ),
        (
            "See Resolution No. 5 of the Council. It was adopted.",
            ["See Resolution No. 5 of the Council.", "It was adopted."],
        ),
        (
            "The session attracted 300 participants.¹ The session delivered.",
            ["The session attracted 300 participants.¹", "The session delivered."],
        ),
        (
            "Bottlenecks, delivery networks etc. Powered by AI agents, it helps.",
            ["Bottlenecks, delivery networks etc.", "Powered by AI agents, it helps."],
        ),
        (
            "Skills (training, coaching etc.) and finance matter. Yes.",
            ["Skills (training, coaching etc.) and finance matter.", "Yes."],
        ),
        (
            "Skills (training, coaching etc.) Finance matters too.",
            ["Skills (training, coaching etc.) Finance matters too."],
        ),
        (
            "The study was led by UNCTAD. The report followed.",
            ["The study was led by UNCTAD.", "The report followed."],
        ),
        (
            "The U.S.A. Government acted. Others did not.",
            ["The U.S.A. Government acted.", "Others did not."],
        ),
        (
            "It grew by 2.5 per cent in 2023. Within this framework., the UPU acted.",
            ["It grew by 2.5 per cent in 2023.", "Within this framework., the UPU acted."],
        ),
        (
            'He said "it works." Then left? Yes! 2024 was good.',
            ['He said "it works."', "Then left?", "Yes!", "2024 was good."],
        ),
        (
            "Report by J. Smith and A. B. Jones was released.",
            ["Report by J. Smith and A. B. Jones was released."],
        ),
    ],
)
def test_split_sentences(text, expected):
    assert r.split_sentences(text) == expected


def test_band_parse_and_thresholds():
    assert (
        r.Band.parse("light edit")
        is r.Band.parse("light-edit")
        is r.Band.parse("LIGHT_EDIT")
        is r.Band.LIGHT_EDIT
    )
    assert (
        r.Band.parse("near-verbatim") is r.Band.NEAR_VERBATIM
        and r.Band.parse("moderate") is r.Band.MODERATE_EDIT
    )
    with pytest.raises(ValueError, match="choose one of"):
        r.Band.parse("heavy")
    th = r.Thresholds()
    assert [th.band(s) for s in (100, 99, 95, 94, 85, 84, 75, 74)] == [
        r.Band.VERBATIM,
        r.Band.NEAR_VERBATIM,
        r.Band.NEAR_VERBATIM,
        r.Band.LIGHT_EDIT,
        r.Band.LIGHT_EDIT,
        r.Band.MODERATE_EDIT,
        r.Band.MODERATE_EDIT,
        None,
    ]
    with pytest.raises(ValueError):
        r.Thresholds(light_edit=99, near_verbatim=90)


def test_bands_must_stay_above_zero():
    with pytest.raises(ValueError, match="highest first"):
        r.Thresholds.parse("95,85,0")
    assert r.Thresholds.parse("95,85,1").moderate_edit == 1


@pytest.mark.parametrize(
    "bands, accepted",
    [("100,85,75", True), ("101,85,75", False), ("90,90,90", True), ("95,80,85", False)],
)
def test_bands_may_meet_but_not_cross_or_pass_100(bands, accepted):  # check --bands
    if accepted:
        assert r.Thresholds.parse(bands).near_verbatim == int(bands.split(",")[0])
    else:
        with pytest.raises(ValueError, match="highest first"):
            r.Thresholds.parse(bands)


def test_thresholds_cannot_change_once_made():  # one Thresholds is shared by a whole check
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.Thresholds().condensed = 50


@pytest.mark.parametrize("band", list(r.Band))
def test_a_band_is_at_or_above_itself_and_the_bands_below_it(band):  # what --fail-on asks
    order = list(r.Band)  # verbatim first
    assert [band.at_or_above(other) for other in order] == [
        order.index(other) >= order.index(band) for other in order
    ]


# Twenty content words, and twenty others to weave between them: how many of the first stay
# in order decides a condensed rewrite.
_KEPT = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango".split()
_OTHER = "uniform victor whiskey xray yankee zulu amber beige cobalt dune ember fjord grape heron ivory jade karma lotus maple nectar".split()


def _woven(kept: int) -> str:
    """The twenty other words with the first ``kept`` of _KEPT woven between them, in order."""
    return " ".join(w for i in range(20) for w in ((_KEPT[i], _OTHER[i]) if i < kept else (_OTHER[i],))) + "."


_NAMES = "the Alpha Bravo Charlie Delta Golf Hotel India Juliet Kilo alliance"
_AROUND = "Separately, officials in several distant provinces said that {}, while donors, farmers and traders across many more regions will meet again next spring."


@pytest.mark.parametrize(
    "draft, prior, expected",
    [
        # numbers alone differ: 99, not verbatim
        (
            "The UPU hosted a regional forum on postal e-commerce for operators from 14 countries in Africa.",
            "The UPU hosted a regional forum on postal e-commerce for operators from 12 countries in Africa.",
            (99, r.Band.NEAR_VERBATIM, None, False),
        ),
        # four words in the middle replaced: the best passage is the whole sentence, a sentence match
        (
            " ".join(_KEPT) + ".",
            " ".join(_KEPT[:8] + _OTHER[:4] + _KEPT[12:]) + ".",
            (80, r.Band.MODERATE_EDIT, None, False),
        ),
        # 11 of 20 content words kept in order is the documented 55%: a condensed rewrite; 10 is not
        (" ".join(_KEPT) + ".", _woven(11), (None, r.Band.CONDENSED, 55, False)),
        (" ".join(_KEPT) + ".", _woven(10), None),
        # exactly ``min_condensed`` (10) content words, all kept in order
        (
            " ".join(_KEPT[:10]) + ".",
            " ".join(f"{k} {o} {p}" for k, o, p in zip(_KEPT[:10], _OTHER[:10], _OTHER[10:], strict=True))
            + ".",
            (None, r.Band.CONDENSED, 100, False),
        ),
        # ten content words kept in order make a condensed rewrite, names among them or not
        (
            "the Bravo Charlie Delta Echo Foxtrot Golf hotel india juliet kilo.",
            " ".join(f"{k} {o} {p}" for k, o, p in zip(_KEPT[1:11], _OTHER[:10], _OTHER[10:], strict=True))
            + ".",
            (None, r.Band.CONDENSED, 100, False),
        ),
        # a short rewrite (8 content words) kept in order is condensed unless most of it is names
        (
            "The Bravo Charlie team reviewed delta echo foxtrot golf.",
            "bravo uniform charlie victor team whiskey reviewed xray delta yankee echo zulu foxtrot amber golf beige.",
            (None, r.Band.CONDENSED, 100, False),
        ),
        (  # exactly ``min_words`` (6) content words, all kept: condensed
            "The alpha bravo charlie delta echo foxtrot.",
            "alpha uniform bravo victor charlie whiskey delta xray echo yankee foxtrot zulu.",
            (None, r.Band.CONDENSED, 100, False),
        ),
        (  # half of it names: still condensed
            "The Bravo Charlie Delta Echo team reviewed foxtrot golf.",
            "bravo uniform charlie victor delta whiskey echo xray team yankee reviewed zulu foxtrot amber golf beige.",
            (None, r.Band.CONDENSED, 100, False),
        ),
        (
            "The Bravo Charlie Delta Echo Foxtrot team reviewed golf.",
            "bravo uniform charlie victor delta whiskey echo xray foxtrot yankee team zulu reviewed amber golf beige.",
            None,
        ),
        # a sentence of exactly ``min_words`` (6) content words is compared; of 5, not
        (
            "Alpha bravo charlie delta echo foxtrot.",
            "Alpha bravo charlie delta echo foxtrot.",
            (100, r.Band.VERBATIM, None, False),
        ),
        ("Alpha bravo charlie delta echo.", "Alpha bravo charlie delta echo.", None),
        ("Alpha bravo charlie delta echo foxtrot.", "Alpha bravo charlie delta echo.", None),  # the prior's 5
        # a recycled passage needs three ordinary content words beside the names; two are not enough
        (
            _AROUND.format(f"{_NAMES} reviewed funding"),
            f"{_NAMES} reviewed funding.",
            (99, r.Band.NEAR_VERBATIM, None, True),
        ),
        (_AROUND.format(f"{_NAMES} reviewed"), f"{_NAMES} reviewed.", None),
        # a passage of exactly ``min_words`` (6) content words among its ten and more words
        (
            _AROUND.format("alpha of the bravo and the charlie in the delta for the echo to foxtrot"),
            "alpha of the bravo and the charlie in the delta for the echo to foxtrot.",
            (99, r.Band.NEAR_VERBATIM, None, True),
        ),
    ],
)
def test_scores_at_their_boundaries(draft, prior, expected):
    m = r.compare_texts(draft, prior)
    found = None if m is None else (m.score if expected[0] else None, m.band, m.order_share, m.passage)
    assert found == expected


def _halves_swapped(k: int) -> str:
    """_KEPT with the two blocks of ``k`` words after its second swapped: 20 - k in order."""
    return " ".join(_KEPT[:2] + _KEPT[2 + k : 2 + 2 * k] + _KEPT[2 : 2 + k] + _KEPT[2 + 2 * k :]) + "."


@pytest.mark.parametrize(
    "kept, expected",
    [
        (13, (82, r.Band.MODERATE_EDIT, None, True)),  # 13 of 20 in order (65%): a recycled passage
        (12, None),  # 12 (60%): its words alone, reordered, are not last year's passage
    ],
)
@pytest.mark.parametrize("prior_opening", ["", "In 2024 the secretariat noted that "])
def test_a_passage_keeps_most_of_its_words_in_order(kept, expected, prior_opening):
    # a new sentence (six words of its own) carrying the prior's twenty, two blocks of them swapped
    # (where the passage stands in the prior sentence does not matter)
    m = r.compare_texts(" ".join(_OTHER[:6] + _KEPT) + ".", prior_opening + _halves_swapped(20 - kept))
    assert (None if m is None else (m.score, m.band, m.order_share, m.passage)) == expected


def test_a_lower_condensed_threshold_flags_the_rewrites_it_admits():
    # a library caller's condensed=40: 12 of 30 content words kept in order is a condensed
    # rewrite (fewer than half, so the index must look for the prior sentence at 12, not 15)
    draft = " ".join(_KEPT + "acorn birch cedar dahlia elm fern ginger hazel iris juniper".split()) + "."
    assert r.compare_texts(draft, _woven(12)) is None
    m = r.compare_texts(draft, _woven(12), r.Thresholds(condensed=40))
    assert m is not None and (m.band, m.order_share) == (r.Band.CONDENSED, 40)
    assert r.compare_texts(draft, _woven(11), r.Thresholds(condensed=40)) is None


def test_a_short_rewrite_keeping_exactly_65_per_cent_is_condensed():
    # 13 of 20 content words kept in order, 10 word for word and 3 by their first five letters.
    # At the defaults a short rewrite has at most 18 content words, where no share is 65; a
    # library caller's min_condensed=11 lets 20 words take the short rule
    draft = " ".join(_KEPT) + "."
    prior = (
        " ".join([w for k, o in zip(_KEPT[:10], _OTHER, strict=False) for w in (k, o)])
        + " novembers quebecs sierras."
    )
    assert r.compare_texts(draft, prior) is None  # 10 of 20 word for word: 50%, not condensed
    m = r.compare_texts(draft, prior, r.Thresholds(min_condensed=11))
    assert m is not None and (m.band, m.order_share) == (r.Band.CONDENSED, 65)


# --------------------------------------------------------------------------- the index is exact


def test_index_finds_every_pair_an_exhaustive_search_finds():
    from rapidfuzz import fuzz

    rng = random.Random(7)
    words = [f"w{i}" for i in range(60)] + ["the", "of", "and"] * 10
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 20))) + "." for _ in range(400)]
    draft = []
    for t in texts[:60]:  # edited copies: a few words dropped, swapped or added
        w = t[:-1].split()
        for _ in range(rng.randint(0, 4)):
            op = rng.randrange(3)
            k = rng.randrange(len(w))
            if op == 0 and len(w) > 3:
                del w[k]
            elif op == 1:
                w[k] = rng.choice(words)
            else:
                w.insert(k, rng.choice(words))
        draft.append(" ".join(w) + ".")
    index = r.PriorIndex.from_sentences([Document("a", None, [Passage(t, "x") for t in texts])])
    sentences = r.make_sentences([(-1, 0, t) for t in draft])
    index.encode(sentences)
    encoded = [s.enc for s in sentences]
    for cutoff in (60, 75, 90):
        brute = {
            (k, c)
            for k, e in enumerate(encoded)
            for c in range(len(index))
            if fuzz.ratio(e, index.enc[c], score_cutoff=cutoff)
        }
        assert index.ratio_search(encoded, cutoff) == brute
        assert brute  # the test means something


# --------------------------------------------------------------------------- check on real documents


def test_seed_2026_against_2024_finds_the_known_recycled_pairs():
    report = r.check_path(SEED_2026)
    assert [p["reason"] for p in report.priors if p["name"].startswith("cstd29-2026")] == [
        "it is the draft itself"
    ]
    for start in (
        "Large disparities persist in countries'",
        "To help improve the availability of robust",
        "Evidence-based policy analysis, effective technical cooperation",
    ):
        assert any(m.draft_text.startswith(start) for m in report.matches), start
    # the stock opening is removed before scoring: the rest of that sentence is new
    assert not any(m.draft_text.startswith("Action line C7 (e-business) in 2025 was") for m in report.matches)
    condensed = next(m for m in report.matches if m.band is r.Band.CONDENSED)
    assert condensed.draft_text.startswith("Evidence-based policy analysis") and condensed.order_share >= 55
    for m in report.matches:
        assert m.prior_name == SEED_2024.name and m.prior_year == 2024 and m.prior_session == 27
        assert (m.score >= 75 or m.band is r.Band.CONDENSED) and m.band is not None


def test_later_or_same_session_priors_are_skipped():
    report = r.check_path(SEED_2024, against=[SEEDS])
    assert [m for m in report.matches if m.kind == "prior"] == []
    [later] = [p for p in report.priors if p["name"].startswith("cstd29-2026")]
    assert later["skipped"] and "not before the draft's 27th session" in later["reason"]
    assert not any("cstd29-2026" in n for n in report.notes)  # no note on every run


def test_of_two_equal_matches_in_one_prior_the_first_is_quoted(tmp_path):
    """A bullet published twice in one prior: the draft's copy is reported once, against the
    first (bullet 2), not whichever the search met last."""
    bullet = (
        "UNCTAD supported ten developing countries in assessing their readiness for electronic "
        "commerce through rapid eTrade assessments."
    )
    prior = tmp_path / "old.txt"
    prior.write_text(
        "Part 2: Overview\n\n- Another bullet about postal logistics and data flows in the region.\n"
        f"- {bullet}\n- The UPU trained customs officers in three regions on electronic advance data.\n"
        f"- {bullet}\n",
        encoding="utf-8",
    )
    draft = tmp_path / "draft.txt"
    draft.write_text(f"Part 2: Overview\n\n- {bullet}\n", encoding="utf-8")
    report = r.check_path(draft, against=[prior])
    assert [(m.score, m.prior_location) for m in report.matches] == [(100, "Part 2, bullet 2")]


def test_a_draft_whose_session_cannot_be_told_is_checked_against_every_prior_with_a_note(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "Part 2: Overview\n\n- Large disparities persist in countries' readiness to engage in and "
        "benefit from the fast-evolving data-driven digital economy.\n",
        encoding="utf-8",
    )
    report = r.check_path(draft)
    assert (
        "draft.txt: the draft's CSTD session could not be told; checked against every prior" in report.notes
    )
    assert not any(p["skipped"] for p in report.priors)  # the 2026 seed too: no session to be after


@pytest.mark.parametrize("call", ["check_path", "check_records_file", "check_draft", "check_document"])
def test_the_library_draws_no_progress_bar_unless_asked(tmp_path, monkeypatch, call):
    """`check` asks for the bar (on a terminal, after a second); a program calling the library
    gets none by default. Each entry point passes its default on to the priors' reading."""
    from c7draft.assemble import load_draft
    from c7draft.check import loader
    from c7draft.documents.readers import document_from_draft

    asked: list[bool] = []
    real = loader.delayed_progress

    def recording(enabled, *args, **kwargs):
        asked.append(enabled)
        return real(enabled, *args, **kwargs)

    monkeypatch.setattr(loader, "delayed_progress", recording)
    folder = ROOT / "sample_inputs" / "2025"
    draft = {
        "check_path": lambda: r.check_path(folder),
        "check_records_file": lambda: r.check_records_file(folder / "itc.yaml"),
        "check_draft": lambda: r.check_draft(load_draft(folder)),
        "check_document": lambda: r.check_document(document_from_draft(load_draft(folder), "2025")),
    }
    draft[call]()
    assert asked == [False]  # the seeds read (a fresh cache), and no bar asked for


def test_prior_with_unknown_session_is_included(tmp_path):
    prior = tmp_path / "old.txt"
    prior.write_text(
        "Part 2: Overview\n\n- Large disparities persist in countries' readiness to engage in "
        "and benefit from the fast-evolving data-driven digital economy.\n",
        encoding="utf-8",
    )
    report = r.check_path(SEED_2026, against=[prior])
    assert any("could not be told" in n for n in report.notes)
    assert report.matches and report.matches[0].prior_session is None


def test_sample_2025_build_comments_recycled_bullets_not_front_matter():
    from c7draft.assemble import load_draft

    draft = load_draft(ROOT / "sample_inputs" / "2025")
    report = r.check_draft(draft)
    assert r.annotate(draft, report) == len(report.matches) == 3
    commented = [b for b in draft.blocks if b.comments]
    assert all(not b.boilerplate for b in commented)
    assert any(
        b.kind == "bullet" and b.text.startswith("To help improve the availability") for b in commented
    )
    comment = next(b for b in commented if b.kind == "bullet").comments[0]
    assert comment.text.startswith(
        "Recycled (light edit passage, score 86) from the 27th session's submission "
        "(CSTD 2024, reporting on 2023), cstd27-2024-c7-submission.txt, Part 2 b), bullet 7"
    )
    block = next(b for b in commented if b.kind == "bullet")
    assert block.text[comment.start : comment.end] == report.matches[1].draft_text


def test_within_draft_flags_two_agencies_saying_the_same_thing():
    text = (
        "The co-facilitators organised a joint session at the WSIS Forum on how postal networks can "
        "help small businesses sell online across borders."
    )
    draft = Document(
        "d",
        29,
        [
            Passage(text, "Part 2, bullet 1", "UNCTAD", 5),
            Passage(
                "ITC trained women entrepreneurs in Kenya on digital marketing and online payments.",
                "Part 2, bullet 2",
                "ITC",
                6,
            ),
            Passage("In addition, " + text[0].lower() + text[1:], "Part 2, bullet 3", "UPU", 7),
            Passage(text, "Part 2, bullet 4", "UNCTAD", 8),  # same agency: not this check's business
        ],
    )
    found = r.within_draft(draft, r.Thresholds())
    pairs = {frozenset((m.draft_location, m.prior_location)) for m in found}
    assert pairs == {
        frozenset(("Part 2, bullet 1 (UNCTAD)", "Part 2, bullet 3 (UPU)")),
        frozenset(("Part 2, bullet 3 (UPU)", "Part 2, bullet 4 (UNCTAD)")),
    }
    assert all(m.kind == "within draft" and not m.passage for m in found)  # whole sentences, not passages


# --------------------------------------------------------------------------- reports


def test_reports_render_every_match():
    from c7draft.check import report as rp

    report = r.check_path(SEED_2026)
    data = json.loads(rp.render_json(report))
    m = data["matches"][0]
    assert {
        "draft_text",
        "prior_text",
        "prior_source",
        "score",
        "band",
        "draft_location",
        "prior_location",
        "prior_year",
        "prior_session",
        "draft_year",
        "draft_session",
    } <= m.keys()
    assert [x["score"] for x in data["matches"]] == sorted(
        (x["score"] for x in data["matches"]), reverse=True
    )
    html = rp.render_html(report)
    assert (
        html.count("<mark>") > 10
        and "the 27th session&#39;s submission (CSTD 2024, reporting on 2023), cstd27-2024-c7-submission.txt"
        in html
    )
    assert "<title>c7draft check: cstd29-2026-c7-submission.txt</title>" in html
    assert (
        "Skipped: " in html
        and "it is the draft itself" in html
        and "Used: the 27th session&#39;s submission (CSTD 2024" in html
    )
    for band in ("near-verbatim", "light edit", "moderate edit", "condensed", "passage"):
        assert f"<dt>{band}</dt>" in html  # the legend
    assert "<script" not in html
    hostile = r.CheckReport(
        [
            r.Match(
                "A <script>alert(1)</script> & <b>bullet</b>",
                "<script>x</script> prior",
                "<i>p</i>.txt",
                27,
                "Part 2, bullet 1",
                "Part 2, bullet 1",
                90,
                r.Band.LIGHT_EDIT,
            )
        ]
    )
    escaped = rp.render_html(hostile)  # the texts hold markup: escaping off, this fails
    assert "<script" not in escaped and "<b>bullet" not in escaped and "<i>p</i>" not in escaped
    assert "&lt;script&gt;" in escaped and "&amp;" in escaped
    table = rp.render_table(report, width=100)
    assert "light edit passage" in table and "Part 2, bullet 13" in table


def test_report_max_band():
    report = r.CheckReport([], [])
    assert report.max_band() is None and not report.has_band_at_least(r.Band.MODERATE_EDIT)
    m = r.Match("a", "b", "p", 27, "x", "y", 90, r.Band.LIGHT_EDIT)
    assert m.prior_year == 2024 and m.to_json_dict()["prior_year"] == 2024
    report = r.CheckReport([m])
    assert report.max_band() is r.Band.LIGHT_EDIT
    assert report.has_band_at_least(r.Band.MODERATE_EDIT) and not report.has_band_at_least(
        r.Band.NEAR_VERBATIM
    )
    assert r.Band.VERBATIM.at_or_above(r.Band.LIGHT_EDIT) and not r.Band.MODERATE_EDIT.at_or_above(
        r.Band.LIGHT_EDIT
    )


def test_second_run_uses_the_cache(monkeypatch):
    r.check_path(SEED_2026)
    from c7draft.documents import readers as documents

    monkeypatch.setattr(documents, "_READERS", {})  # any re-read would now fail
    assert len(r.check_path(SEED_2026).matches) == 3


def _cache_files(kind: str) -> list[Path]:
    from c7draft.check.cache import cache_dir

    return sorted(p for p in (cache_dir() / kind).rglob("*") if p.is_file())


def _same(a, b) -> bool:
    return [m.to_json_dict() for m in a.matches] == [m.to_json_dict() for m in b.matches]


def test_both_indexes_flag_the_two_sentence_rewrite_alike(tmp_path, monkeypatch):
    """The seeds' in-memory index and the archive's numpy one give the same window match."""
    from c7draft.check import loader

    draft = tmp_path / "draft-cstd29.md"
    pair = next(p for p in PAIRS if p["kind"] == "two-sentence condensed rewrite")
    draft.write_text(f"Twenty-ninth session\n\nPart 2\n\n- {pair['draft']}\n", encoding="utf-8")
    monkeypatch.setattr(loader, "ARCHIVE_MIN", 10**9)
    in_memory = r.check_path(draft, [SEED_2024])
    monkeypatch.setattr(loader, "ARCHIVE_MIN", 0)
    [match] = r.check_path(draft, [SEED_2024]).matches
    assert _same(in_memory, r.check_path(draft, [SEED_2024]))  # built, then mapped
    assert match.prior_text == pair["prior"] and match.prior_location == "Part 2 b), bullet 1"


@pytest.fixture
def archive(monkeypatch):
    """Index the two seeds as an archive would be: numpy arrays on disk."""
    from c7draft.check import loader

    monkeypatch.setattr(loader, "ARCHIVE_MIN", 0)


class _Planted:
    """A pickle whose loading would create ``marker``: it must never be loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("kind", ["indexes", "tables", "documents"])
def test_a_planted_pickle_in_the_cache_runs_nothing(tmp_path, kind, archive):
    from c7draft.check.readers import read_document

    first = r.check_path(SEED_2026)
    read_document(SEED_2026)  # fills the documents cache too
    marker = tmp_path / "pwned"
    for target in _cache_files(kind):
        target.write_bytes(pickle.dumps(_Planted(marker)))
    with open(_cache_files(kind)[0], "rb") as fh:  # the plant works when someone unpickles it
        pickle.load(fh)
    assert marker.exists()
    marker.unlink()
    again = r.check_path(SEED_2026)
    read_document(SEED_2026)
    assert not marker.exists()
    assert _same(first, again)


def test_cache_folder_is_private(archive):
    import stat

    from c7draft.check.cache import cache_dir

    r.check_path(SEED_2026)
    folders = [cache_dir(), *(p for p in cache_dir().rglob("*") if p.is_dir())]
    assert len(folders) >= 4  # documents, tables, indexes and the index's arrays
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for entry in cache_dir().rglob("*"):
        if entry.is_file():
            assert stat.S_IMODE(entry.stat().st_mode) == 0o600, entry


@pytest.mark.parametrize("name", ["texts.npy", ".json"])
def test_a_damaged_index_entry_is_rebuilt_with_a_note(archive, name):
    first = r.check_path(SEED_2026)
    [target] = [p for p in _cache_files("indexes") if p.name.endswith(name) and p.name != "latest.json"]
    data = target.read_bytes()
    k = data.index(b"To help improve" if name == "texts.npy" else b"Part 2")  # still parses:
    target.write_bytes(data[:k] + data[k : k + 15].swapcase() + data[k + 15 :])  # only the checksum tells
    again = r.check_path(SEED_2026)
    assert any("damaged; rebuilt" in n for n in again.notes)
    assert _same(first, again)
    assert not any("damaged" in n for n in r.check_path(SEED_2026).notes)  # rewritten whole


def test_an_index_unchanged_since_saved_is_not_summed_again_and_a_rewritten_array_is(archive, monkeypatch):
    import os

    from c7draft.check.archive import storage

    first = r.check_path(SEED_2026)
    summed: list[str] = []  # the arrays a load sums
    crcs = storage.checksums
    monkeypatch.setattr(storage, "checksums", lambda arrays: summed.extend(arrays) or crcs(arrays))
    assert _same(first, r.check_path(SEED_2026)) and summed == []  # every file as saved: not summed
    [target] = [p for p in _cache_files("indexes") if p.name == "texts.npy"]
    st, data = target.stat(), target.read_bytes()
    k = data.index(b"To help improve")
    target.write_bytes(data[:k] + data[k : k + 15].swapcase() + data[k + 15 :])  # same size
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same modification time
    again = r.check_path(SEED_2026)
    assert summed == ["texts"]  # that file alone (its change time moved), and found damaged
    assert any("damaged; rebuilt" in n for n in again.notes)
    assert _same(first, again)


@pytest.mark.parametrize("damage", [b"", b"\x80\x05garbage", b"c7draft-cache 1 sha256=0\n{}"])
def test_garbage_in_any_entry_is_rebuilt_never_a_crash(damage, archive):
    first = r.check_path(SEED_2026)
    for kind in ("indexes", "tables", "documents"):
        for target in _cache_files(kind):
            target.write_bytes(damage)
    assert _same(first, r.check_path(SEED_2026))


@pytest.mark.parametrize("name", ["texts.npy", ".json"])
def test_a_cache_entry_others_can_write_is_refused(archive, name):
    first = r.check_path(SEED_2026)
    [target] = [p for p in _cache_files("indexes") if p.name.endswith(name) and p.name != "latest.json"]
    target.chmod(0o666)
    again = r.check_path(SEED_2026)
    assert any("is writable by other users; not used" in n for n in again.notes)
    assert _same(first, again)


@pytest.mark.skipif(
    not hasattr(__import__("os"), "getuid") or __import__("os").getuid() != 0,
    reason="changing a file's owner needs root",
)
@pytest.mark.parametrize("kind", ["indexes", "tables"])
def test_a_cache_entry_owned_by_another_user_is_refused(archive, kind):
    import os

    from c7draft.check.cache import cache_dir

    first = r.check_path(SEED_2026)
    if kind == "tables":  # read the tables again: no index of the whole set
        shutil.rmtree(cache_dir() / "indexes")
    for target in _cache_files(kind):
        os.chown(target, 4321, -1)
    again = r.check_path(SEED_2026)
    assert any("is owned by another user; not used" in n for n in again.notes)
    assert _same(first, again)


def test_a_cache_folder_others_can_write_is_not_used(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(shared))
    report = r.check_path(SEED_2026)
    assert any("is writable by other users; not used" in n for n in report.notes)
    assert list(shared.iterdir()) == []  # nothing written where others could plant


def test_the_archive_index_equals_the_in_memory_one(monkeypatch):
    """The numpy build of an archive gives the arrays the Python build gives, and the same matches."""

    from c7draft.check import loader
    from c7draft.check.archive import ArchiveIndex

    paths = [SEED_2024, SEED_2026]
    small = loader.load_prior_index(paths)
    cache = __import__("c7draft.check.cache", fromlist=["Cache"]).Cache()
    from c7draft.check.readers import cache_key, code_fingerprint, file_digest

    readable = [(n, p, file_digest(p)) for n, p in enumerate(paths)]
    tables, digests, _ = loader._tables(
        cache, readable, [cache_key(d, p.name) for _, p, d in readable], code_fingerprint(), False
    )
    big = ArchiveIndex.build(tables, digests)
    _same_arrays(small, big)
    from c7draft.check import one_draft

    among, batched = one_draft.among_drafts, []  # the draft's own bullets: the archive's batched search
    monkeypatch.setattr(one_draft, "among_drafts", lambda *a: batched.append(len(a[0])) or among(*a))
    # first, before an archive index is saved (a saved one is loaded whatever ARCHIVE_MIN says)
    in_memory = r.check_path(SEED_2026, [SEEDS])
    assert batched == []  # the in-memory index: Python's search, numpy never loaded
    monkeypatch.setattr(loader, "ARCHIVE_MIN", 0)
    built, mapped = r.check_path(SEED_2026, [SEEDS]), r.check_path(SEED_2026, [SEEDS])
    assert batched == [1, 1]
    assert _same(in_memory, built) and _same(built, mapped)


def test_the_archive_index_of_sentences_of_thousands_of_words_equals_the_in_memory_one(tmp_path):
    """Past 4,096 words a sentence's postings keys are ranked by ``np.unique`` itself, the
    build's other branch."""
    from c7draft.check import loader
    from c7draft.check.archive import ArchiveIndex
    from c7draft.check.cache import Cache
    from c7draft.check.readers import cache_key, code_fingerprint, file_digest

    rng = random.Random(3)
    words = [f"w{k}" for k in range(700)]
    paths = []
    for d in range(2):
        bullets = [" ".join(rng.choice(words) for _ in range(5000 if b == 0 else 12)) for b in range(20)]
        paths.append(tmp_path / f"prior-{d}-cstd2{d}.txt")
        paths[-1].write_text("".join(f"- {b.capitalize()}.\n" for b in bullets), encoding="utf-8")
    small = loader.load_prior_index(paths)
    readable = [(n, p, file_digest(p)) for n, p in enumerate(paths)]
    keys = [cache_key(d, p.name) for _, p, d in readable]
    tables, digests, _ = loader._tables(Cache(), readable, keys, code_fingerprint(), False)
    assert max(n for t in tables for n in t["len"]) > 4096
    _same_arrays(small, ArchiveIndex.build(tables, digests))


def _same_arrays(small, big) -> None:
    """The in-memory index ``small`` and the numpy one ``big`` hold the same columns."""
    import numpy as np

    for name in (
        "df",
        "post_off",
        "post_ids",
        "post_key",
        "sh_keys",
        "sh_ids",
        "where",
        "content",
        "lengths",
    ):
        assert np.array_equal(np.asarray(getattr(small, name)), np.asarray(getattr(big, name))), name
    assert (
        list(big.enc) == small.enc
        and list(big.sorted_enc) == small.sorted_enc
        and list(big.cenc) == small.cenc
    )
    assert list(big.texts) == small.texts


def test_adding_one_prior_reads_only_that_file(tmp_path, monkeypatch, archive):
    from c7draft.check import loader

    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SEED_2024, folder)
    r.check_path(SEED_2026, [folder])
    shutil.copy(SEED_2026, folder / "cstd29-copy.txt")
    parsed = []
    parse = loader._parse
    monkeypatch.setattr(loader, "_parse", lambda job: parsed.append(Path(job[0]).name) or parse(job))
    report = r.check_path(SEED_2026, [folder])
    assert parsed == ["cstd29-copy.txt"] and len(report.priors) == 2


def test_caches_are_written_atomically_and_leave_no_temp_files(monkeypatch):
    from c7draft.check import cache

    written = []

    def recording(path):
        written.append(Path(path).parent.name)
        return atomic_output(path)

    def recording_many(folder, files):
        written.extend(Path(folder).name for _ in files)
        return write_entries(folder, files)

    atomic_output, write_entries = cache.atomic_output, cache.write_entries
    monkeypatch.setattr(cache, "atomic_output", recording)
    monkeypatch.setattr(cache, "write_entries", recording_many)  # the parsed tables, a batch at a time
    r.check_path(SEED_2026)
    assert sorted(set(written)) == ["documents", "files", "tables"]  # files: the priors' digests
    leftovers = [p for p in cache.cache_dir().rglob("*") if p.is_file() and p.suffix == ".tmp"]
    assert leftovers == []


def test_unreadable_prior_is_skipped_with_a_note(tmp_path, caplog):
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SEED_2024, folder)
    (folder / "broken.pdf").write_bytes(b"not a pdf at all")
    (folder / "broken.docx").write_bytes(b"PK not a zip")
    for _ in range(2):  # the second run uses the cached index and still says so
        report = r.check_path(SEED_2026, [folder])
        assert len(report.matches) == 3
        skipped = [n for n in report.notes if n.startswith("skipped broken")]
        assert len(skipped) == 2
        assert any(n.startswith("skipped broken.pdf: cannot read the PDF") for n in skipped)
        assert any(n.startswith("skipped broken.docx:") and "not a valid Word" in n for n in skipped)
        assert [p["name"] for p in report.priors if not p["skipped"]] == [SEED_2024.name]
        reasons = {p["name"]: p["reason"] for p in report.priors if p["skipped"]}
        assert reasons["broken.pdf"].startswith("cannot read the PDF")
        assert "not a valid Word" in reasons["broken.docx"]
    assert not [rec for rec in caplog.records if rec.name.startswith("pypdf")]


def test_unreadable_draft_still_raises(tmp_path):
    from c7draft.errors import DocumentReadError

    draft = tmp_path / "draft.pdf"
    draft.write_bytes(b"not a pdf at all")
    with pytest.raises(DocumentReadError, match="cannot read the PDF"):
        r.check_path(draft)


def test_renamed_prior_gets_the_session_of_its_new_name(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    from c7draft.check.readers import read_document

    bullet = next(p.text for p in read_document(SEED_2024).passages if p.text.startswith("To help improve"))
    body = f"Part 2: Overview\n\n- {bullet}\n"  # no front matter: the session comes from the name
    (folder / "cstd27-c7.txt").write_text(body, encoding="utf-8")
    assert r.check_path(SEED_2026, [folder]).priors[0]["session"] == 27
    (folder / "cstd27-c7.txt").rename(folder / "cstd25-c7.txt")
    report = r.check_path(SEED_2026, [folder])
    assert report.priors[0]["session"] == 25 and report.priors[0]["name"] == "cstd25-c7.txt"
    assert {m.prior_year for m in report.matches} == {2022}


def test_first_run_reads_each_prior_once_to_hash_it(tmp_path, monkeypatch):
    from c7draft.assemble import load_draft
    from c7draft.docx_io import write_docx

    folder = tmp_path / "archive"
    folder.mkdir()
    write_docx(load_draft(ROOT / "sample_inputs" / "2025"), folder / "cstd28-c7.docx")
    reads: Counter[str] = Counter()
    read_bytes = Path.read_bytes

    def counting(self):
        reads[self.name] += 1
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    r.check_path(SEED_2026, [folder])
    assert reads["cstd28-c7.docx"] == 1


def test_an_added_file_is_searched_beside_the_saved_index(tmp_path, archive):
    """Adding a file to a saved archive index joins a small index of it, with the same
    findings as a full rebuild."""
    from c7draft.check import loader
    from c7draft.check.archive import JoinedIndex
    from c7draft.check.cache import cache_dir
    from c7draft.check.readers import read_document

    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(10):
        shutil.copy(SEED_2024, folder / f"cstd27-copy{n}.txt")
    r.check_path(SEED_2026, [folder])
    bullet = next(
        p.text for p in read_document(SEED_2026).passages if p.text.startswith("UNCTAD eTrade Readiness")
    )
    (folder / "cstd28-added.txt").write_text(f"Part 2: Overview\n\n- {bullet}\n", encoding="utf-8")
    paths = sorted(folder.iterdir())
    assert isinstance(loader.load_prior_index(paths), JoinedIndex)
    joined = r.check_path(SEED_2026, [folder])
    assert any(m.prior_name == "cstd28-added.txt" and m.band is r.Band.VERBATIM for m in joined.matches)
    (cache_dir() / "indexes" / "latest.json").unlink()  # no saved index to join: a full rebuild
    assert not isinstance(loader.load_prior_index(paths), JoinedIndex)
    rebuilt = r.check_path(SEED_2026, [folder])
    assert sorted(map(str, (m.to_json_dict() for m in joined.matches))) == sorted(
        map(str, (m.to_json_dict() for m in rebuilt.matches))
    )
    assert sorted(map(str, joined.priors)) == sorted(map(str, rebuilt.priors))


def test_ascii_text_is_tokenised_as_the_regex_does():
    """``raw_tokens`` splits ASCII text with a translate table, other text with the regex
    (``[^\\W_]+`` over the NFKC-normalised, casefolded text): a no-break space at the end
    (no token, and not ASCII) sends the same text through the regex."""
    import random

    rng = random.Random(18)
    alphabet = [chr(i) for i in range(128)]
    words = ["UNCTAD's", "the", "UPU", "&", "ITC", "e-commerce", "2023", "6th", "a_b", "S", "Trade"]
    for _ in range(20_000):
        text = "".join(
            rng.choice(alphabet) if rng.random() < 0.3 else " " + rng.choice(words)
            for _ in range(rng.randint(0, 12))
        )
        assert r.raw_tokens(text) == r.raw_tokens(text + "\u00a0"), text


def test_collapsed_whitespace_is_the_regex_s():
    import re
    import sys

    from c7draft.documents.converted_text import _collapse

    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if re.fullmatch(r"\s", c))
    text = f"{spaces}a{spaces}b c\u00a0\u2003d{spaces}"
    assert _collapse(text) == re.sub(r"\s+", " ", text).strip() == "a b c d"


# The bounds of the scoring rules, each at its exact edge (the mutants of scripts/mutate.py
# that move a bound by one are caught here).

WINDOW_DRAFT = "Farmers sold honey abroad using mobile markets."  # 7 content words


def _window_prior(fillers: int) -> str:
    """Two sentences that hold the draft's 7 content words in order, 3 in the first and 4 in
    the second, among ``fillers`` other content words: 9 + fillers in all."""
    a = "rivers valleys mountains forests deserts glaciers lakes islands canyons plateaus meadows swamps beaches dunes"
    b = "copper silver nickel cobalt lithium zinc tin lead iron gold bauxite quartz granite"
    first, second = a.split()[: (fillers + 1) // 2], b.split()[: fillers // 2]
    return f"Farmers near {' '.join(first)} sold honey. Meanwhile {' '.join(second)} abroad using mobile markets."


def test_a_window_keeps_at_least_window_kept_per_cent_of_its_words():
    """7 words kept of the window's 35 is 20 per cent, the default bar: flagged; of 36, not."""
    at_bar = r.compare_texts(WINDOW_DRAFT, _window_prior(26))
    assert at_bar is not None and at_bar.band is r.Band.CONDENSED and at_bar.order_share == 100
    assert at_bar.prior_text == _window_prior(26)  # the two sentences, as one window
    assert r.compare_texts(WINDOW_DRAFT, _window_prior(26), r.Thresholds(window_kept=21)) is None
    assert r.compare_texts(WINDOW_DRAFT, _window_prior(27)) is None


def test_a_window_needs_one_kept_word_in_each_sentence_and_one_is_enough():
    from c7draft.check.score import short_share
    from c7draft.check.text import make_sentences

    th = r.Thresholds()
    x = make_sentences([(-1, 0, WINDOW_DRAFT)])[0]
    for prior, share in (
        ("Farmers gathered near the rivers. Cooperatives sold honey abroad using mobile markets.", 100),
        ("Herders gathered near the rivers. Farmers sold honey abroad using mobile markets.", 0),
        ("Farmers sold honey abroad using mobile markets. Herders gathered near the rivers.", 0),
    ):
        index = r.PriorIndex.from_sentences([Document("prior", None, [Passage(prior, "p")])])
        index.encode([x])
        window = index.sentence(~0)
        assert window.text == prior and window.first
        assert short_share(x, window, th) == share  # 1 word of each sentence kept, or none of one


def test_a_long_window_keeps_its_20_per_cent_to_the_word():
    """20 words kept of a window's 100 content words is 20 per cent; of 101 it is less."""
    from c7draft.check.score import short_share
    from c7draft.check.text import make_sentences

    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words = [a + b + "n" for a in syllables for b in syllables][:101]  # 101 stems of their own
    kept, others = words[:20], words[20:]
    x = make_sentences([(-1, 0, "We " + " ".join(kept) + ".")])[0]
    for fillers, share in ((80, 100), (81, 0)):
        first = "We " + " ".join(kept[:10] + others[: fillers // 2]) + "."
        second = "They " + " ".join(others[fillers // 2 : fillers] + kept[10:]) + "."
        index = r.PriorIndex.from_sentences([Document("prior", None, [Passage(f"{first} {second}", "p")])])
        index.encode([x])
        assert short_share(x, index.sentence(~0), r.Thresholds()) == share


def test_a_whole_sentence_at_the_light_edit_bar_is_a_light_edit_not_a_passage():
    """17 words kept whole in a prior of 23 is a ratio of exactly 85 (the light-edit bar): the
    whole sentence is the match. One word more and it is under the bar, and the recycled
    stretch inside the prior sentence is the match instead."""
    draft = "Women traders in border towns learned to sell woven baskets and dried fruit to buyers in cities."
    at_bar = r.compare_texts(draft, draft[:-1] + " through cooperative shops run by youth.")
    assert (at_bar.band, at_bar.score, at_bar.passage) == (r.Band.LIGHT_EDIT, 85, False)
    under = r.compare_texts(draft, draft[:-1] + " through cooperative shops run by local youth.")
    assert (under.band, under.score, under.passage) == (r.Band.NEAR_VERBATIM, 99, True)


# Pairs that tell each rule from the same rule with one bound or operator changed by one step
# (the survivors of `scripts/mutate.py --all check/score.py`). Each was found by scoring
# generated variants of the seeds' sentences (words dropped, swapped, inserted, a sentence
# cut or joined to another; for the passage floor, made-up words with blocks moved) with the
# rule and with its mutant, and keeping the first pair they scored differently. Expected: (band, score, passage, order share, the whole prior).
EDGE_PAIRS = [
    (  # score_pair: a whole score of exactly 75 is a moderate edit, not a condensed rewrite
        "targets or strategies have please report progress in achieving.",
        "Where specific targets or strategies have been set, please report progress in achieving those targets.",
        ("moderate edit", 75, False, None, True),
    ),
    (  # condensed_need: half of the draft's content words, not a third
        "⁷ The course global was training delivered in collaboration policy with UNCTAD's TrainForTrade "
        "countries also global Programme. policy trade.",
        "⁷ The course was delivered in collaboration with UNCTAD's TrainForTrade Programme.",
        None,
    ),
    (  # window_need: the window's candidates at 65 per cent exactly, not more or fewer
        "The event provided a training platform for trade businesses in the region to discuss deals with "
        "postal CEOs to further training have global market access through policy the support postal network.",
        "The event provided a platform for businesses in the region to discuss deals with postal CEOs to "
        "have market access through the postal network. A narrowing gap in digital connectivity worldwide, "
        "as evidenced by the estimated 0.9 billion additional people who joined the internet between 2019 "
        "and 2021, was welcome news in light of the reported halt in progress towards the attainment of "
        "the Sustainable Development Goals (SDGs).",
        ("near-verbatim", 99, True, None, True),
    ),
    (
        "Part training global 3: Innovations further and Future Initiatives - training a) regional What "
        "policies, programmes and projects have been policy undertaken by stakeholders to implement the outcomes?.",
        "The Business Session also offered a unique business networking opportunity during a reception "
        "attended by 250-300 participants. - The UPU hosted the African Postal Leaders Forum on 3 – 5 July "
        "2023 in Abidjan, Cote d'Ivoire. Part 3: Innovations and Future Initiatives - a) What policies, "
        "programmes and projects have been undertaken by stakeholders to implement the outcomes?",
        ("light edit", 87, False, None, False),
    ),
    (
        "The regional event provided a platform for digital support policy businesses in the regional region "
        "further policy to discuss deals with postal CEOs global to have market access through the postal network.",
        "The event provided a platform for businesses in the region to discuss deals with postal CEOs to have "
        "market access through the postal network. It was a unique opportunity for businesses, academia and "
        "development agencies, to have access to this data and showcase a variety of solutions to facilitate "
        "the green and sustainable development of e-commerce.",
        ("light edit", 85, False, None, False),
    ),
    (  # short_share: every stem its own character (the draft's and the prior's never collide)
        "National e-commerce strategies developed following an eT Ready: in 2024-25: Algeria, Indonesia, and Zimbabwe.",
        "National e-commerce strategies developed following an eT Ready: Ghana, Mauritania, Samoa, "
        "Timor-Leste, and Trinidad and Tobago.",
        ("condensed", 58, False, 70, True),
    ),
    (  # _passage_score: a region keeps 65 per cent of its words in order (its floor), not 64.3
        "We bozan bovon budon bavun bidin baden bamen boman bodin boson buben bazan bolen bokan biden "
        "budun boden bokon bisen bogen balin bikan bugin biman.",
        "We bavun bidin baden bamen bozan bovon budon boman bodin bokan biden budun boden boson buben "
        "bazan bogen balin bikan bugin bolen bokon bisen biman.",
        ("moderate edit", 82, False, None, True),
    ),
    (  # _passage_score: a passage scoring exactly 75 is one
        "The views are do not necessarily reflect the views position or the UN Trade Development.",
        "DISCLAIMER: The views presented here are the contributors' and do not necessarily reflect the "
        "views and position of the United Nations or the UN Trade and Development.",
        ("moderate edit", 75, True, None, True),
    ),
]


@pytest.mark.parametrize("draft, prior, expected", EDGE_PAIRS)
def test_a_pair_at_the_edge_of_a_scoring_rule(draft, prior, expected):
    m = r.compare_texts(draft, prior)
    got = None if m is None else (m.band.label, m.score, m.passage, m.order_share, m.prior_text == prior)
    assert got == expected
