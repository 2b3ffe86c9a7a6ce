"""Priors that add up: `priors:` in submission.yaml and `--also` add to the shipped seeds;
`--against` replaces them all. The report says which were used and which were skipped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
SEEDS = ["cstd27-2024-c7-submission.txt", "cstd29-2026-c7-submission.txt"]


@pytest.fixture
def world(tmp_path):
    """The 2025 inputs, and an archive holding the missing year: a 28th-session submission
    that shares one bullet with the 2025 draft."""
    archive = tmp_path / "archive"
    archive.mkdir()
    bullet = (
        "Digital Transformation Assessments were carried out by the UPU, with a view to enabling "
        "posts to provide digital services, including e-commerce, particularly in underserved areas."
    )
    (archive / "c7-2025.txt").write_text(
        "Twenty-eighth session\n\nGeneva, 7-11 April 2025\n\nPart 1: Executive Summary\n\n"
        "The year went well.\n\nPart 2: Analytical overview\n\n- " + bullet + "\n",
        encoding="utf-8",
    )
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLE, inputs)
    return inputs, archive / "c7-2025.txt", tmp_path / "cache"


def used(report) -> list[str]:
    return [p["name"] for p in report["priors"] if not p["skipped"]]


def from_archive(report) -> list[dict]:
    return [m for m in report["matches"] if m["prior_source"] == "c7-2025.txt"]


def test_seeds_only_by_default(world):
    inputs, _, cache = world
    report = json.loads(c7draft("check", inputs, "--format", "json", cache=cache).stdout)
    assert [p["name"] for p in report["priors"]] == SEEDS and used(report) == SEEDS[:1]
    assert from_archive(report) == []


def test_priors_key_adds_to_the_seeds(world):
    inputs, prior, cache = world
    with open(inputs / "submission.yaml", "a", encoding="utf-8") as fh:
        fh.write(f"priors:\n  - ../archive/{prior.name}\n")  # relative to submission.yaml
    report = json.loads(c7draft("check", inputs, "--format", "json", cache=cache).stdout)
    assert used(report) == [SEEDS[0], "c7-2025.txt"]
    assert [m["score"] for m in from_archive(report)] == [100]
    assert from_archive(report)[0]["prior_year"] == 2025
    # build uses them too: the bullet gets a comment naming the 2025 submission
    out = inputs.parent / "d.docx"
    run = c7draft("build", inputs, "-o", out, cache=cache)
    assert run.returncode == 0, run.stderr
    from c7draft.docx_io import read_docx

    comments = [c.text for c in read_docx(out).comments]
    assert any(
        c.startswith(
            "Recycled (verbatim, score 100) from the 28th session's submission (CSTD 2025, reporting on 2024), c7-2025.txt"
        )
        for c in comments
    )


def test_also_adds_to_the_seeds(world):
    inputs, prior, cache = world
    report = json.loads(c7draft("check", inputs, "--also", prior, "--format", "json", cache=cache).stdout)
    assert used(report) == [SEEDS[0], "c7-2025.txt"] and len(from_archive(report)) == 1
    out = inputs.parent / "d.docx"
    assert c7draft("build", inputs, "-o", out, "--also", prior, cache=cache).returncode == 0
    from c7draft.docx_io import read_docx

    assert any(
        "from the 28th session's submission (CSTD 2025, reporting on 2024), c7-2025.txt" in c.text
        for c in read_docx(out).comments
    )


def test_against_replaces_the_seeds_and_the_priors_key(world):
    inputs, prior, cache = world
    with open(inputs / "submission.yaml", "a", encoding="utf-8") as fh:
        fh.write(f"priors: [{SEEDS[0]}]\n")
    report = json.loads(c7draft("check", inputs, "--against", prior, "--format", "json", cache=cache).stdout)
    assert [p["name"] for p in report["priors"]] == ["c7-2025.txt"] and len(from_archive(report)) == 1


def test_a_missing_listed_prior_is_skipped_and_said(world):
    inputs, _, cache = world
    with open(inputs / "submission.yaml", "a", encoding="utf-8") as fh:
        fh.write("priors: [../gone/old.docx]\n")
    run = c7draft("check", inputs, cache=cache)
    assert run.returncode == 0, run.stderr
    assert "  skipped: old.docx: cannot read the file: No such file or directory" in run.stdout
    assert (
        "  used:    the 27th session's submission (CSTD 2024, reporting on 2023), cstd27-2024-c7-submission.txt"
        in run.stdout
    )


def test_when_every_prior_is_skipped_the_report_says_nothing_was_compared(tmp_path):
    cache = tmp_path / "cache"
    run = c7draft("check", ROOT / "sample_inputs" / "2023", cache=cache)
    assert run.returncode == 0, run.stderr
    first, *rest = run.stdout.strip().splitlines()
    assert first == (
        f"Nothing was compared: {ROOT / 'sample_inputs' / '2023'}, the 27th session's submission (CSTD 2024, reporting on 2023), was checked "
        "against no prior document, because every prior was skipped (see below)."
    )
    assert "No recycled text found." not in run.stdout
    assert "note: skipped" not in run.stderr  # said once, in the table
    assert (
        rest[0] == "Priors:" and len(rest) == 3 and all(line.startswith("  skipped: ") for line in rest[1:])
    )
    report = json.loads(
        c7draft("check", ROOT / "sample_inputs" / "2023", "--format", "json", cache=cache).stdout
    )
    assert report["nothing_compared"] is True
    assert all(p["skipped"] and "cannot recycle itself" in p["reason"] for p in report["priors"])
    html = c7draft("check", ROOT / "sample_inputs" / "2023", "--format", "html", cache=cache).stdout
    assert (
        "Nothing was compared" in html
        and "Skipped: the 29th session&#39;s submission (CSTD 2026, reporting on 2025), cstd29-2026-c7-submission.txt (written for the 29th session (2026)"
        in html
    )


def test_also_with_a_missing_path_is_an_error(world):
    inputs, _, cache = world
    run = c7draft("check", inputs, "--also", inputs.parent / "nope.docx", cache=cache)
    assert run.returncode == 2
    assert (
        "nope.docx: no such file or folder" in run.stderr and "check the path given to --also" in run.stderr
    )


def test_one_submission_read_twice_gives_each_draft_sentence_one_match(tmp_path):
    """The 2023 inputs folder is the 2024 seed's submission: given with --also, the same
    sentences of the same session are in two priors, and each match is still reported once."""
    cache = tmp_path / "cache"
    alone = json.loads(c7draft("check", SAMPLE, "--format", "json", cache=cache).stdout)
    twice = json.loads(
        c7draft(
            "check", SAMPLE, "--also", ROOT / "sample_inputs" / "2023", "--format", "json", cache=cache
        ).stdout
    )
    assert used(twice) == [SEEDS[0], "2023"]
    drafted = [(m["draft_text"], m["score"]) for m in twice["matches"]]
    assert len(drafted) == len(set(drafted)) == len(alone["matches"]) == 3


def test_a_report_is_not_written_into_a_folder_that_priors_lists(world):
    """`priors:` naming a folder: the next check would read a report written there as a prior."""
    inputs, prior, cache = world
    with open(inputs / "submission.yaml", "a", encoding="utf-8") as fh:
        fh.write("priors:\n  - ../archive\n")
    run = c7draft("check", inputs, "-o", prior.parent / "report.txt", cache=cache)  # a .txt is a prior
    assert run.returncode == 2, run.stderr
    assert "the report would be written into" in run.stderr and "a folder that this check reads" in run.stderr
    assert not (prior.parent / "report.txt").exists()


def test_a_match_in_an_inputs_folder_names_the_prior_record(tmp_path):
    """Last year's inputs folder as a prior (`init --from` lists it): a match says which of its
    records the text is in, file:line and id, in the table, the JSON and the Word comment, read
    from the cache as from the YAML. The seed of the same session holds the same bullet: the
    match is reported once, with the prior that names its record."""
    from c7draft.docx_io import read_docx
    from c7draft.yearly import init_submission

    draft = tmp_path / "inputs"
    init_submission(draft, last=SAMPLE)
    (draft / "upu.yaml").write_text(
        "entity: UPU\nrecords:\n  - id: dta\n    section: 3a\n    text: >-\n"
        "      Digital Transformation Assessments were carried out by the UPU, with a view to\n"
        "      enabling posts to provide digital services, including e-commerce, particularly in\n"
        "      underserved areas.\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    record = {
        "file": str(SAMPLE / "upu.yaml"),
        "line": 33,  # its text's first line, where a draft's record is placed too
        "entity": "UPU",
        "record_id": "digital-transformation-assessments",
    }
    for run in ("cold", "warm"):
        report = json.loads(c7draft("check", draft, "--format", "json", cache=cache).stdout)
        assert used(report) == [*SEEDS, "2025"]
        [match] = report["matches"]
        assert (match["prior_source"], match["prior_record"]) == ("2025", record), run
    table = " ".join(c7draft("check", draft, cache=cache).stdout.split())
    place = "Part 2, bullet 8, upu.yaml:33 (record digital-transformation-assessments)"
    assert (
        f"prior at: the 29th session's submission (CSTD 2026, reporting on 2025), folder 2025, {place}"
        in table
    )

    out = tmp_path / "draft.docx"
    assert c7draft("build", draft, "-o", out, cache=cache).returncode == 0
    [comment] = [c.text for c in read_docx(out).comments]
    assert f"{place}: " in comment
