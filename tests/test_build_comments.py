"""`c7draft build` checks for recycled text by default and leaves one Word comment per
finding, anchored on the sentence that matched; the front matter, which repeats by
design, gets none. `preview` shows the same findings as notes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.check import check_path
from c7draft.docx_io import read_docx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
SEED_2024 = ROOT / "seeds" / "cstd27-2024-c7-submission.txt"
COMMENT = re.compile(
    r"^Recycled \((verbatim|near-verbatim|light edit|moderate edit|condensed)( passage)?, score (\d+)"
    r"(, \d+% of its content words in order)?\) from the 27th session's submission \(CSTD 2024, reporting on 2023\), "
    r'cstd27-2024-c7-submission\.txt, Part [123]( [ab]\))?, (bullet|paragraph) \d+: ".+"$',
    re.S,
)


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("build")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("C7DRAFT_CACHE_DIR", str(tmp / "cache"))
        result = build_submission(SAMPLE, tmp / "draft.docx")
        report = check_path(SAMPLE)
    return result, read_docx(tmp / "draft.docx"), report


def test_one_comment_per_finding_on_its_sentence(built):
    result, docx, report = built
    assert len(report.matches) == 3
    assert result.flagged == len(docx.comments) == len(report.matches)
    anchored = sorted(c.anchored_text for c in docx.comments)
    assert anchored == sorted(m.draft_text for m in report.matches)  # the sentence, not the paragraph
    for comment in docx.comments:
        assert COMMENT.match(comment.text), comment.text
    prior_sentences = {m.prior_text[:150] for m in report.matches}
    assert all(any(p in c.text for p in prior_sentences) for c in docx.comments)  # quotes the prior


def test_no_comment_on_front_matter_headings_or_prompts(built):
    _, docx, _ = built
    part1 = next(i for i, p in enumerate(docx.paragraphs) if p.text.startswith("Part 1"))
    front = [p.text for p in docx.paragraphs[:part1]]
    headings = [p.text for p in docx.paragraphs if p.style.startswith("Heading")]
    assert len(docx.comments) == 3
    for comment in docx.comments:
        assert comment.anchored_text
        assert not any(comment.anchored_text in t for t in front + headings)


def test_no_check_means_no_comments(tmp_path):
    build_submission(SAMPLE, tmp_path / "d.docx", check=False)
    assert read_docx(tmp_path / "d.docx").comments == []


TWO_PRIOR_SENTENCES = (
    "UNCTAD continued to assess the state-of-play of the e-commerce enabling environment in developing "
    "countries through eTrade Readiness Assessments (eT Readies). New assessments commenced in Algeria, "
    "Ghana, Mauritania, Timor-Leste and Zimbabwe, with Trinidad and Tobago in the planning."
)


def _folder_with_bullet(tmp_path: Path, text: str, entity_file: str = "upu.yaml") -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    path = folder / entity_file
    lines = path.read_text(encoding="utf-8")
    lines += f'\n  - id: planted-two-sentences\n    section: "2"\n    text: >-\n      {text}\n'
    path.write_text(lines, encoding="utf-8")
    return folder


def test_a_bullet_repeating_two_prior_sentences_gets_two_comments(tmp_path):
    folder = _folder_with_bullet(tmp_path, TWO_PRIOR_SENTENCES)
    build_submission(folder, tmp_path / "d.docx", against=[SEED_2024])
    docx = read_docx(tmp_path / "d.docx")
    planted = [c for c in docx.comments if c.anchored_text in TWO_PRIOR_SENTENCES]
    assert len(planted) == 2
    assert planted[0].anchored_text.startswith("UNCTAD continued to assess")
    assert planted[0].anchored_text.endswith("(eT Readies).")
    assert planted[1].anchored_text.startswith("New assessments commenced")
    assert all(c.text.startswith("Recycled (") for c in planted)


def test_within_draft_finding_names_the_other_agencys_record(tmp_path):
    bullet = (
        "UNCTAD eTrade Readiness Assessments (eT Ready) continued to support developing countries in "
        "enhancing their preparedness to benefit from the digital economy through new e-commerce "
        "strategies and assistance for their implementation."
    )
    folder = _folder_with_bullet(tmp_path, bullet, "itc.yaml")
    build_submission(folder, tmp_path / "d.docx", against=[SEED_2024])
    within = [c for c in read_docx(tmp_path / "d.docx").comments if c.text.startswith("Repeats ")]
    assert len(within) == 2  # one on each side
    assert any("itc.yaml:" in c.text and "(record planted-two-sentences)" in c.text for c in within)
    assert any("unctad.yaml:" in c.text and "(record etready-2025)" in c.text for c in within)


def test_preview_shows_findings_as_notes_after_their_sentence():
    from typer.testing import CliRunner

    from c7draft.cli import app

    run = CliRunner().invoke(app, ["preview", str(SAMPLE)])
    assert run.exit_code == 0, run.output
    out = run.stdout
    assert "digital economy, including digital trade.[^check-" in out
    notes = re.findall(r"^\[\^check-(\d+)\]: (.*)$", out, re.M)
    assert len(notes) == 3 and all(n.startswith("Recycled (") for _, n in notes)
    for number, _ in notes:
        assert out.count(f"[^check-{number}]") == 2  # a marker in the text and its note


def test_build_prints_no_note_and_never_loads_numpy(tmp_path):
    """The 2026 seed (the draft's own session) is listed as skipped in the report, not
    announced on every build; numpy belongs to the archive path only."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "C7DRAFT_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(
        [sys.executable, "-m", "c7draft", "build", str(SAMPLE), "-o", str(tmp_path / "d.docx")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert "3 comments on recycled text" in run.stdout and "note:" not in run.stderr
    code = (
        "import sys; from pathlib import Path; from c7draft.build import build_submission\n"
        "build_submission(Path(sys.argv[1]), Path(sys.argv[2]), force=True)\n"
        "print('numpy' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLE), str(tmp_path / "d.docx")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"
