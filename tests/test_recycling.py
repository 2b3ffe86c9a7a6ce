"""Recycled-text detection: labelled pairs, segmentation, normalisation, index, reports."""

from __future__ import annotations

import json
import pickle
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from c7draft import recycling as r
from c7draft.priors import Document, Passage

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
    assert {"year swapped", "numbers updated", "agency renamed", "punctuation and case", "list reordered",
            "clause dropped", "clause added", "sentence lifted", "words swapped", "same topic",
            "shared name only", "short generic"} <= kinds


@pytest.mark.parametrize("draft, prior, band", [
    ("The UPU hosted a regional forum on postal e-commerce for operators from twelve countries in Africa.",
     "The UPU hosted a regional forum on postal e-commerce for operators from twelve countries in Africa.",
     r.Band.VERBATIM),
    ("The UPU hosted a regional forum on postal e-commerce for operators from 14 countries in Africa.",
     "The UPU hosted a regional forum on postal e-commerce for operators from 12 countries in Africa.",
     r.Band.NEAR_VERBATIM),
    ("UN Trade & Development hosted a regional forum on e-commerce for policymakers from Asia.",
     "The United Nations Conference on Trade and Development hosted a regional forum on e-commerce "
     "for policymakers from Asia.", r.Band.VERBATIM),
    ("UNCTAD hosted a regional forum on e-commerce for policymakers from South Asia.",
     "UNCTAD hosted a regional forum on e-commerce for policymakers from Asia.", r.Band.NEAR_VERBATIM),
    ("UNCTAD hosted a regional forum on e-commerce for ministers and regulators from Africa and the Pacific.",
     "UNCTAD hosted a regional forum on e-commerce for policymakers and regulators from Asia and the Pacific.",
     r.Band.LIGHT_EDIT),
])
def test_bands(draft, prior, band):
    assert r.compare_texts(draft, prior).band is band


# --------------------------------------------------------------------------- normalisation, sentences


def test_tokens_see_through_names_numbers_and_punctuation():
    a = r.tokens("UN Trade & Development’s “eWeek 2025” – the 8th edition")
    b = r.tokens('UNCTAD\'s "eWeek 2023" - the sixth edition')
    assert a == b == ["unctad", "eweek", "0", "the", "0", "edition"]
    assert r.tokens("International Trade Centre and Universal Postal Union") == ["itc", "and", "upu"]
    assert r.tokens("Action line C7 in G20 countries")[2] == "c7"


@pytest.mark.parametrize("text, expected", [
    ("UNCTAD trained officials, e.g. from Peru. It also met.", ["UNCTAD trained officials, e.g. from Peru.", "It also met."]),
    ("This is digitally ordered trade (i.e. e-commerce). Then more.", ["This is digitally ordered trade (i.e. e-commerce).", "Then more."]),
    ("The U.S. Government and the U.K. joined. Others did not.", ["The U.S. Government and the U.K. joined.", "Others did not."]),
    ("See Resolution No. 5 of the Council. It was adopted.", ["See Resolution No. 5 of the Council.", "It was adopted."]),
    ("The session attracted 300 participants.¹ The session delivered.", ["The session attracted 300 participants.¹", "The session delivered."]),
    ("Bottlenecks, delivery networks etc. Powered by AI agents, it helps.", ["Bottlenecks, delivery networks etc.", "Powered by AI agents, it helps."]),
    ("Skills (training, coaching etc.) and finance matter. Yes.", ["Skills (training, coaching etc.) and finance matter.", "Yes."]),
    ("It grew by 2.5 per cent in 2023. Within this framework., the UPU acted.", ["It grew by 2.5 per cent in 2023.", "Within this framework., the UPU acted."]),
    ('He said "it works." Then left? Yes! 2024 was good.', ['He said "it works."', "Then left?", "Yes!", "2024 was good."]),
    ("Report by J. Smith and A. B. Jones was released.", ["Report by J. Smith and A. B. Jones was released."]),
])
def test_split_sentences(text, expected):
    assert r.split_sentences(text) == expected


def test_band_parse_and_thresholds():
    assert r.Band.parse("light edit") is r.Band.parse("light-edit") is r.Band.parse("LIGHT_EDIT") is r.Band.LIGHT_EDIT
    assert r.Band.parse("near-verbatim") is r.Band.NEAR_VERBATIM and r.Band.parse("moderate") is r.Band.MODERATE_EDIT
    with pytest.raises(ValueError, match="choose one of"):
        r.Band.parse("heavy")
    th = r.Thresholds()
    assert [th.band(s) for s in (100, 99, 95, 94, 85, 84, 75, 74)] == [
        r.Band.VERBATIM, r.Band.NEAR_VERBATIM, r.Band.NEAR_VERBATIM, r.Band.LIGHT_EDIT,
        r.Band.LIGHT_EDIT, r.Band.MODERATE_EDIT, r.Band.MODERATE_EDIT, None]
    with pytest.raises(ValueError):
        r.Thresholds(light_edit=99, near_verbatim=90)


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
    index = r.PriorIndex([Document("a", None, [Passage(t, "x") for t in texts])])
    sentences = r.make_sentences([(-1, 0, t) for t in draft])
    index.encode(sentences)
    encoded = [s.enc for s in sentences]
    for cutoff in (60, 75, 90):
        brute = {(k, c) for k, e in enumerate(encoded) for c in range(len(index))
                 if fuzz.ratio(e, index.enc[c], score_cutoff=cutoff)}
        assert index.ratio_search(encoded, cutoff) == brute
        assert brute  # the test means something


# --------------------------------------------------------------------------- check on real documents


def test_seed_2026_against_2024_finds_the_known_recycled_pairs():
    report = r.check_path(SEED_2026)
    assert any("cstd29-2026" in n and "draft itself" in n for n in report.notes)
    for start in ("Action line C7 (e-business) in 2025 was", "Large disparities persist in countries'",
                  "To help improve the availability of robust"):
        assert any(m.draft_text.startswith(start) for m in report.matches), start
    for m in report.matches:
        assert m.prior_source == SEED_2024.name and m.prior_year == 2024 and m.prior_session == 27
        assert m.score >= 75 and m.band is not None


def test_later_or_same_session_priors_are_skipped():
    report = r.check_path(SEED_2024, against=[SEEDS])
    assert [m for m in report.matches if m.kind == "prior"] == []
    assert any("cstd29-2026" in n and "not before" in n for n in report.notes)


def test_prior_with_unknown_session_is_included(tmp_path):
    prior = tmp_path / "old.txt"
    prior.write_text("Part 2: Overview\n\n- Large disparities persist in countries' readiness to engage in "
                     "and benefit from the fast-evolving data-driven digital economy.\n", encoding="utf-8")
    report = r.check_path(SEED_2026, against=[prior])
    assert any("could not be told" in n for n in report.notes)
    assert report.matches and report.matches[0].prior_session is None


def test_sample_2025_build_comments_recycled_bullets_not_front_matter():
    from c7draft.assemble import load_draft

    draft = load_draft(ROOT / "sample_inputs" / "2025")
    report = r.check_draft(draft)
    assert r.annotate(draft, report) >= 2
    commented = [b for b in draft.blocks if b.comments]
    assert all(not b.boilerplate for b in commented)
    assert any(b.kind == "bullet" and b.text.startswith("To help improve the availability") for b in commented)
    comment = next(b for b in commented if b.kind == "bullet").comments[0]
    assert comment.startswith("Recycled (moderate edit, 84) from the 2024 submission (27th session), Part 2")


def test_within_draft_flags_two_agencies_saying_the_same_thing():
    text = ("The co-facilitators organised a joint session at the WSIS Forum on how postal networks can "
            "help small businesses sell online across borders.")
    draft = Document("d", 29, [
        Passage(text, "Part 2, bullet 1", "UNCTAD", 5),
        Passage("ITC trained women entrepreneurs in Kenya on digital marketing and online payments.",
                "Part 2, bullet 2", "ITC", 6),
        Passage("In addition, " + text[0].lower() + text[1:], "Part 2, bullet 3", "UPU", 7),
        Passage(text, "Part 2, bullet 4", "UNCTAD", 8),  # same agency: not this check's business
    ])
    found = r.within_draft(draft, r.Thresholds())
    pairs = {frozenset((m.draft_location, m.prior_location)) for m in found}
    assert pairs == {frozenset(("Part 2, bullet 1 (UNCTAD)", "Part 2, bullet 3 (UPU)")),
                     frozenset(("Part 2, bullet 3 (UPU)", "Part 2, bullet 4 (UNCTAD)"))}
    assert all(m.kind == "within draft" for m in found)


# --------------------------------------------------------------------------- reports


def test_reports_render_every_match():
    from c7draft import report as rp

    report = r.check_path(SEED_2026)
    data = json.loads(rp.render_json(report))
    m = data["matches"][0]
    assert {"draft_text", "prior_text", "prior_source", "score", "band", "draft_location", "prior_location",
            "prior_year", "prior_session", "draft_year", "draft_session"} <= m.keys()
    assert [x["score"] for x in data["matches"]] == sorted((x["score"] for x in data["matches"]), reverse=True)
    html = rp.render_html(report)
    assert html.count("<mark>") > 10 and "the 2024 submission (27th session)" in html
    assert "cstd27-2024-c7-submission.txt" in html
    hostile = r.CheckReport([r.Match("A <script>alert(1)</script> & <b>bullet</b>", "<script>x</script> prior",
                                     "<i>p</i>.txt", 27, "Part 2, bullet 1", "Part 2, bullet 1", 90, r.Band.LIGHT_EDIT)])
    escaped = rp.render_html(hostile)  # the texts hold markup: escaping off, this fails
    assert "<script" not in escaped and "<b>bullet" not in escaped and "<i>p</i>" not in escaped
    assert "&lt;script&gt;" in escaped and "&amp;" in escaped
    table = rp.render_table(report, width=100)
    assert "moderate edit" in table and "Part 2, bullet 13" in table


def test_report_max_band():
    report = r.CheckReport([], [])
    assert report.max_band() is None and not report.has_band_at_least(r.Band.MODERATE_EDIT)
    m = r.Match("a", "b", "p", 27, "x", "y", 90, r.Band.LIGHT_EDIT)
    assert m.prior_year == 2024 and m.to_json_dict()["prior_year"] == 2024
    report = r.CheckReport([m])
    assert report.max_band() is r.Band.LIGHT_EDIT
    assert report.has_band_at_least(r.Band.MODERATE_EDIT) and not report.has_band_at_least(r.Band.NEAR_VERBATIM)
    assert r.Band.VERBATIM.at_or_above(r.Band.LIGHT_EDIT) and not r.Band.MODERATE_EDIT.at_or_above(r.Band.LIGHT_EDIT)


def test_second_run_uses_the_cache(monkeypatch):
    r.check_path(SEED_2026)
    from c7draft import priors

    monkeypatch.setattr(priors, "_READERS", {})  # any re-read would now fail
    assert len(r.check_path(SEED_2026).matches) == 3


def _index_files():
    from c7draft import priors

    return list((priors.cache_dir() / "indexes").iterdir())


@pytest.mark.parametrize("damage", [
    b"\x80\x05\x8e" + (2 ** 62).to_bytes(8, "little"),  # garbage that makes pickle raise MemoryError
    pickle.dumps({"documents": []}),                      # a pickle of the wrong type
    b"",                                                  # truncated to nothing
])
def test_damaged_index_cache_is_rebuilt(damage):
    first = r.check_path(SEED_2026)
    [target] = _index_files()
    target.write_bytes(damage)
    again = r.check_path(SEED_2026)
    assert [m.to_json_dict() for m in again.matches] == [m.to_json_dict() for m in first.matches]
    with open(target, "rb") as fh:
        assert isinstance(pickle.load(fh), r.PriorIndex)  # rewritten


def test_caches_are_written_atomically_and_leave_no_temp_files(monkeypatch):
    from c7draft import fileio, priors

    written = []

    def recording(path):
        written.append(Path(path).parent.name)
        return atomic_output(path)

    atomic_output = fileio.atomic_output
    monkeypatch.setattr(fileio, "atomic_output", recording)
    monkeypatch.setattr(priors, "atomic_output", recording)
    r.check_path(SEED_2026)
    assert sorted(set(written)) == ["documents", "indexes"]
    leftovers = [p for p in priors.cache_dir().rglob("*") if p.is_file() and p.suffix == ".tmp"]
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
    from c7draft.priors import read_document

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
