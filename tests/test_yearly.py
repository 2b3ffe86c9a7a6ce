"""`c7draft init`: next year's inputs from last year's, built at once into a skeleton .docx
read back as Word shows it; a folder that holds anything is refused and left untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from c7draft.docx_io import read_docx
from c7draft.inputs import load_submission
from c7draft.inputs.schema import schema_text
from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def next_year(tmp_path_factory):
    base = tmp_path_factory.mktemp("cycle")
    run = c7draft("init", base / "2026", "--from", SAMPLE)
    assert run.returncode == 0, run.stderr
    out = base / "skeleton.docx"
    build = c7draft("build", base / "2026", "-o", out, cache=base / "cache")
    assert build.returncode == 0, build.stderr
    return base / "2026", read_docx(out), run, build


def test_init_from_last_year_builds_a_30th_session_skeleton(next_year):
    _, docx, _, _ = next_year
    text = flat(" ".join(p.text for p in docx.paragraphs))
    for words in (
        "Thirtieth session",
        "efforts in 2026",
        "(to the 30th session of the CSTD)",
        "For the CSTD thirtieth session in April 2027",
        "Geneva, 19-23 April 2027",
        "Co-facilitators: ITC, UNCTAD, UPU",
        "International Trade Centre, UN Trade & Development and Universal Postal Union",
        "or the UN Trade and Development.",
    ):
        assert words in text, words
    assert not [p for p in docx.paragraphs if p.is_list]  # no 2025 bullets
    assert docx.footnotes == {}
    headings = [p.text for p in docx.paragraphs if p.style.startswith("Heading")]
    assert headings[0] == "Part 1: Executive Summary" and headings[-1].startswith("b) Future actions")
    # every Part and prompt is followed by the visible placeholder line
    after = [
        docx.paragraphs[i + 1].text
        for i, p in enumerate(docx.paragraphs)
        if p.style.startswith("Heading") and not p.text.startswith("Part 3")
    ]
    assert after == ["[to be written]"] * 4


def test_build_warns_about_each_empty_part(next_year):
    *_, build = next_year
    placeholder = 'the .docx says "[to be written]" there'
    assert [line for line in build.stderr.splitlines() if line.startswith("warning: Part")] == [
        f"warning: Part 1: `executive_summary` in submission.yaml is empty; {placeholder}",
        f"warning: Part 2: section 2 has no records yet; {placeholder}",
        f"warning: Part 3 a): section 3a has no records yet; {placeholder}",
        f"warning: Part 3 b): section 3b has no records yet; {placeholder}",
    ]


def test_init_writes_what_the_issue_lists(next_year):
    folder, _, run, _ = next_year
    assert sorted(p.name for p in folder.iterdir()) == [
        "itc.yaml",
        "outline-cstd30.yaml",
        "outline.schema.json",
        "records.schema.json",
        "submission.schema.json",
        "submission.yaml",
        "unctad.yaml",
        "upu.yaml",
    ]
    # Each file names the folder's own schema, so the editor finds it wherever the folder goes
    # (a path into this machine's installed c7draft would not be there on a colleague's).
    kinds = {"submission.yaml": "submission", "outline-cstd30.yaml": "outline"}
    for f in folder.glob("*.yaml"):
        kind = kinds.get(f.name, "records")
        assert f.read_text().splitlines()[0] == f"# yaml-language-server: $schema={kind}.schema.json"
    for kind in ("submission", "outline"):
        assert (folder / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)
    submission = (folder / "submission.yaml").read_text()
    assert "opens: 2027-04-19    # TODO: placeholder date, set the real one" in submission
    assert "closes: 2027-04-23   # TODO: placeholder date, set the real one" in submission
    loaded = load_submission(folder)
    sub = loaded.submission
    assert sub.session == 30 and sub.lead == "UNCTAD" and sub.order == {} and sub.executive_summary == []
    assert [(e.short, e.name, e.disclaimer_name) for e in sub.entities] == [
        ("ITC", "International Trade Centre", None),
        ("UNCTAD", "UN Trade & Development", "the UN Trade and Development"),
        ("UPU", "Universal Postal Union", None),
    ]
    assert loaded.records == []
    assert [p.resolve() for p in loaded.priors] == [SAMPLE.resolve()]
    assert "# - >-" in submission  # the commented placeholder summary
    itc = (folder / "itc.yaml").read_text()
    assert "records:\n  # - id: example-activity-2026" in itc and "#   section:" in itc
    outline = (folder / "outline-cstd30.yaml").read_text()
    assert "Paste in the CSTD's new questionnaire prompts" in outline
    assert loaded.outline.session == 30
    assert [s.prompt for p in loaded.outline.parts for s in p.sections][1].startswith(
        "a) Innovative policies"
    )
    assert "note: the dates are placeholders (2027-04-19 to 2027-04-23)" in run.stderr


def test_uncommenting_the_example_record_gives_a_record(next_year, tmp_path):
    import shutil

    folder = tmp_path / "edited"
    shutil.copytree(next_year[0], folder)
    itc = folder / "itc.yaml"
    itc.write_text(re.sub(r"(?m)^  # ", "  ", itc.read_text()))
    records = load_submission(folder).records
    assert [(r.record.id, r.record.section, r.record.footnotes) for r in records] == [
        ("example-activity-2026", "2", {"label": "The note's text."})
    ]
    assert records[0].record.text == "ITC launched ..."


def test_init_uses_last_year_as_a_prior_for_check(next_year):
    folder, *_ = next_year
    run = c7draft("check", folder, "--format", "json")
    assert run.returncode == 0, run.stderr
    used = [p["name"] for p in json.loads(run.stdout)["priors"] if not p["skipped"]]
    assert used == ["cstd27-2024-c7-submission.txt", "cstd29-2026-c7-submission.txt", "2025"]


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    run = c7draft("init", folder, "--from", SAMPLE)
    assert run.returncode == 2
    assert run.stderr == (
        f"error: {folder}: this folder is not empty; nothing was written\n"
        "  hint: give a new folder name (c7draft never writes into an existing inputs folder)\n"
    )
    assert [p.name for p in folder.iterdir()] == ["notes.txt"] and (
        folder / "notes.txt"
    ).read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["busy"]  # no staging folder left behind


def test_init_into_an_empty_folder_and_from_scratch(tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    run = c7draft("init", folder, "--session", "30")
    assert run.returncode == 0, run.stderr
    loaded = load_submission(folder)
    assert [(e.short, e.role) for e in loaded.submission.entities] == [
        ("ITC", "co-facilitator"),
        ("UNCTAD", "co-facilitator"),
        ("UPU", "co-facilitator"),
    ]
    assert (loaded.submission.opens.isoformat(), loaded.submission.priors) == ("2027-04-19", [])
    out = tmp_path / "s.docx"
    assert c7draft("build", folder, "-o", out, "--no-check").returncode == 0
    assert "Thirtieth session" in flat(" ".join(p.text for p in read_docx(out).paragraphs))


def test_init_uses_a_shipped_outline_for_the_session_where_one_exists(tmp_path):
    run = c7draft("init", tmp_path / "x", "--from", SAMPLE, "--session", "27")
    assert run.returncode == 0, run.stderr
    assert load_submission(tmp_path / "x").submission.outline == "cstd27"
    assert not (tmp_path / "x" / "outline-cstd27.yaml").exists()


def test_init_needs_a_session_or_last_year(tmp_path):
    run = c7draft("init", tmp_path / "x")
    assert run.returncode == 2 and "give last year's inputs folder with --from LAST_DIR" in run.stderr
    assert not (tmp_path / "x").exists()


def test_last_years_priors_carry_over_beside_last_year_itself(tmp_path):
    import shutil

    last = tmp_path / "inputs" / "2025"
    shutil.copytree(SAMPLE, last)
    archive = tmp_path / "archive" / "c7-input-cstd28.docx"
    archive.parent.mkdir()
    archive.write_bytes(b"")
    with open(last / "submission.yaml", "a", encoding="utf-8") as fh:
        fh.write("priors: [../../archive/c7-input-cstd28.docx]\n")
    run = c7draft("init", tmp_path / "inputs" / "2026", "--from", last)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "inputs" / "2026" / "submission.yaml").read_text()
    assert text.endswith("priors:\n  - ../2025\n  - ../../archive/c7-input-cstd28.docx\n")
    assert [p.resolve() for p in load_submission(tmp_path / "inputs" / "2026").priors] == [last, archive]
