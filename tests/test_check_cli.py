"""`c7draft check` as a user and a CI job meet it: the JSON contract, the HTML report,
--fail-on exit codes, and drafts given as YAML, .docx, .md, .txt."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
SEED_2024 = ROOT / "seeds" / "cstd27-2024-c7-submission.txt"


@pytest.fixture
def c7draft(tmp_path):
    env_cache = str(tmp_path / "cache")

    def run(*args) -> subprocess.CompletedProcess:
        import os

        return subprocess.run(
            [sys.executable, "-m", "c7draft", *map(str, args)],
            capture_output=True,
            text=True,
            env={**os.environ, "C7DRAFT_CACHE_DIR": env_cache},
        )

    return run


def test_json_contract(c7draft):
    run = c7draft("check", SAMPLE, "--format", "json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert len(report["matches"]) >= 3
    for match in report["matches"]:
        for key in (
            "draft_text",
            "prior_text",
            "prior_source",
            "score",
            "band",
            "draft_location",
            "prior_location",
            "prior_year",
        ):
            assert key in match
        assert 0 <= match["score"] <= 100
    scores = [m["score"] for m in report["matches"]]
    assert scores == sorted(scores, reverse=True)
    first = report["matches"][0]
    assert first["prior_source"] == SEED_2024.name and first["prior_year"] == 2024
    # the 2026 seed is skipped, said in the list of priors and not as a note on every run
    [skipped] = [p for p in report["priors"] if p["skipped"]]
    assert skipped["name"].startswith("cstd29") and "not before the draft's 29th session" in skipped["reason"]
    assert not any("cstd29" in n for n in report["notes"])
    for match in report["matches"]:  # each finding is traced to the YAML line holding its text
        source = match["draft_source"]
        assert set(source) == {"file", "line", "entity", "record_id"}
        lines = Path(source["file"]).read_text(encoding="utf-8").splitlines()
        held = " ".join(ln.strip() for ln in lines[source["line"] - 1 : source["line"] + 12])
        assert " ".join(match["draft_text"].split()[:6]) in held, (source, match["draft_text"])


def test_one_agency_file_is_checked_on_its_own(c7draft):
    run = c7draft("check", SAMPLE / "unctad.yaml", "--format", "json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["matches"] and report["draft_session"] == 29
    assert {Path(m["draft_source"]["file"]).name for m in report["matches"]} == {"unctad.yaml"}
    assert {m["draft_source"]["entity"] for m in report["matches"]} == {"UNCTAD"}
    table = c7draft("check", SAMPLE / "unctad.yaml").stdout
    assert "Part 2, bullet 13, unctad.yaml:113 (record statistics-workshops-2025)" in table
    assert c7draft("check", SAMPLE / "itc.yaml", "--format", "json").returncode == 0


@pytest.mark.parametrize(
    "band, code", [("condensed", 1), ("moderate-edit", 1), ("near-verbatim", 1), ("verbatim", 0)]
)
def test_fail_on(c7draft, band, code):
    assert c7draft("check", SAMPLE, "--fail-on", band).returncode == code


def test_fail_on_unknown_band_is_a_usage_error(c7draft):
    run = c7draft("check", SAMPLE, "--fail-on", "heavy")
    assert run.returncode == 2 and "Traceback" not in run.stderr and "light-edit" in run.stderr


def test_html_report_is_self_contained_and_names_prior_and_year(c7draft, tmp_path):
    out = tmp_path / "report.html"
    run = c7draft("check", SAMPLE, "--format", "html", "-o", out)
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "<script src=" not in html and "<link " not in html  # nothing fetched from elsewhere
    assert SEED_2024.name in html and "2024" in html
    assert "<mark" in html  # shared words highlighted
    title = "WSIS Action Line C7 (e-business): input to the CSTD twenty-ninth session (2026)"
    assert f"<title>c7draft check: {title}</title>" in html and f"<h1>Recycled text in {title}</h1>" in html


def test_table_is_readable(c7draft):
    run = c7draft("check", SAMPLE)
    assert run.returncode == 0
    assert (
        "the 27th session's submission (CSTD 2024, reporting on 2023), cstd27-2024-c7-submission.txt"
        in run.stdout
    )
    assert "light edit passage" in run.stdout and "condensed, 60% in order" in run.stdout
    for band in ("verbatim:", "near-verbatim:", "light edit:", "moderate edit:", "condensed:", "passage:"):
        assert band in run.stdout  # the legend explains every band and "passage"


@pytest.mark.parametrize("fmt", ["docx", "md", "txt"])
def test_finished_drafts_in_other_formats(c7draft, tmp_path, fmt):
    """Many drafts are written straight in Word: check reads them as well as YAML folders."""
    if fmt == "docx":
        draft = tmp_path / "draft.docx"
        assert c7draft("build", SAMPLE, "-o", draft, "--no-check").returncode == 0
    else:
        draft = tmp_path / f"draft.{fmt}"
        draft.write_text(c7draft("preview", SAMPLE).stdout, encoding="utf-8")
    report = json.loads(c7draft("check", draft, "--format", "json").stdout)
    drafts = " ".join(m["draft_text"] for m in report["matches"])
    assert "To help improve the availability of robust, comparable, and timely" in drafts
    assert "Large disparities persist" in drafts
    # preview's notes ("[^check-1]: Recycled ... quoting the prior") are notes, not body text
    assert not any(
        "[^" in m["draft_text"] or m["draft_text"].startswith("Recycled (") for m in report["matches"]
    )


def test_against_replaces_the_seeds_and_missing_path_is_a_clear_error(c7draft, tmp_path):
    run = c7draft("check", SAMPLE, "--against", SEED_2024, "--format", "json")
    assert {m["prior_source"] for m in json.loads(run.stdout)["matches"]} == {SEED_2024.name}
    run = c7draft("check", SAMPLE, "--against", tmp_path / "missing")
    assert run.returncode == 2 and "Traceback" not in run.stderr and "missing" in run.stderr


def test_bands_are_configurable(c7draft):
    strict = json.loads(c7draft("check", SAMPLE, "--format", "json", "--bands", "99,99,99").stdout)
    assert [m["band"] for m in strict["matches"]] == ["condensed"]  # a signal of its own
    assert strict["thresholds"]["moderate edit"] == 99
    run = c7draft("check", SAMPLE, "--bands", "75,85,95")
    assert run.returncode == 2 and "highest first" in run.stderr and "Traceback" not in run.stderr


def test_a_records_file_outside_a_submission_folder_is_a_clear_error(c7draft, tmp_path):
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "unctad.yaml").write_text("records: []\n", encoding="utf-8")
    run = c7draft("check", lone / "unctad.yaml")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"error: {lone / 'unctad.yaml'}: there is no submission.yaml beside this file" in run.stderr
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    (folder / "notes.yaml").write_text("records: []\n", encoding="utf-8")
    run = c7draft("check", folder / "notes.yaml")
    assert run.returncode == 2 and "this file is not one of the submission's records files" in run.stderr


def test_a_condensed_two_sentence_bullet_is_flagged_naming_the_2024_prior(c7draft, tmp_path):
    """Issue 17's example: one sentence condensing a 2024 bullet's first two sentences
    ("... through eTrade Readiness Assessments (eT Readies). In 2023, the assessments of
    Mongolia and Peru were finalized."), written into last year's record as a drafter
    would, is flagged against the shipped seeds, naming the 2024 submission, the bullet and
    both of its sentences, and the record's file and line."""
    from helpers import edited

    folder = edited(
        tmp_path,
        SAMPLE,
        "unctad.yaml",
        "UNCTAD eTrade Readiness Assessments (eT Ready) continued to support developing\n"
        "      countries in enhancing their preparedness to benefit from the digital economy through\n"
        "      new e-commerce strategies and assistance for their implementation.[^etready-countries]",
        "UNCTAD kept assessing the e-commerce environment in developing countries through eTrade\n"
        "      Readiness Assessments; in 2026 the assessments of Nepal and Senegal were\n"
        "      finalized.[^etready-countries]",
    )
    line = next(
        n
        for n, text in enumerate((folder / "unctad.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if text.strip() == "- id: etready-2025"
    )
    run = c7draft("check", folder, "--format", "json")
    assert run.returncode == 0, run.stderr
    [match] = [m for m in json.loads(run.stdout)["matches"] if m["draft_text"].startswith("UNCTAD kept")]
    assert match["prior_source"] == SEED_2024.name and match["prior_year"] == 2024
    assert match["prior_location"] == "Part 2 b), bullet 1"
    assert match["prior_text"] == (
        "UNCTAD continued to assess the state-of-play of the e-commerce enabling environment in "
        "developing countries through eTrade Readiness Assessments (eT Readies). In 2023, the "
        "assessments of Mongolia and Peru were finalized."
    )
    assert Path(match["draft_source"]["file"]).name == "unctad.yaml" and match["draft_source"]["line"] > line
    assert match["draft_source"]["record_id"] == "etready-2025"
    table = " ".join(c7draft("check", folder).stdout.split())  # (its lines wrapped)
    at = table.index("prior text: UNCTAD continued")
    entry = table[:at][table[:at].rindex(f"{match['score']} {match['band']}") :]
    assert (
        f"draft at: Part 2, bullet 5, unctad.yaml:{match['draft_source']['line']} (record etready-2025)"
        in entry
    )
    assert "cstd27-2024-c7-submission.txt, Part 2 b), bullet 1 draft text: UNCTAD kept assessing" in entry
    assert "Readies). In 2023, the assessments of Mongolia and Peru were finalized." in table[at : at + 300]
