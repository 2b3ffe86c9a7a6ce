"""`check -o` never writes a report onto what it reads, and replaces only an earlier report
of the same format unless --force is given."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"


def test_report_onto_an_input_yaml_exits_2_and_leaves_it(inputs, tmp_path):
    target = inputs / "itc.yaml"
    before = target.read_bytes()
    for extra in ([], ["--force"]):  # not even --force writes over an input
        run = c7draft("check", inputs, "-o", target, *extra, cache=tmp_path / "c")
        assert run.returncode == 2 and "Traceback" not in run.stderr
        assert run.stderr.startswith(
            f"error: {target}: the report would be written into {inputs}, a folder that this check reads"
        )
        assert target.read_bytes() == before


def test_report_onto_the_draft_it_reads_exits_2_and_leaves_it(inputs, tmp_path):
    draft = tmp_path / "draft.docx"
    assert c7draft("build", inputs, "-o", draft, "--no-check", cache=tmp_path / "c").returncode == 0
    before = draft.read_bytes()
    link = tmp_path / "same.docx"
    os.link(draft, link)  # the same file under another name
    for target in (draft, link):
        run = c7draft("check", draft, "--format", "html", "-o", target, "--force", cache=tmp_path / "c")
        assert run.returncode == 2, run.stderr
        assert "the report would be written over a file that this check reads" in run.stderr
    assert draft.read_bytes() == before


def test_report_onto_a_prior_exits_2(inputs, tmp_path):
    prior = tmp_path / "prior.txt"
    shutil.copy(ROOT / "seeds" / "cstd27-2024-c7-submission.txt", prior)
    run = c7draft("check", inputs, "--against", prior, "-o", prior, cache=tmp_path / "c")
    assert run.returncode == 2 and "over a file that this check reads" in run.stderr
    assert prior.read_bytes() == (ROOT / "seeds" / "cstd27-2024-c7-submission.txt").read_bytes()


@pytest.mark.parametrize("fmt, name", [("table", "r.txt"), ("json", "r.json"), ("html", "r.html")])
def test_a_report_replaces_an_earlier_report_of_its_format_only(inputs, tmp_path, fmt, name):
    out = tmp_path / name
    for _ in range(2):  # the second run replaces the first report without asking
        run = c7draft("check", inputs, "--format", fmt, "-o", out, cache=tmp_path / "c")
        assert run.returncode == 0, run.stderr
    other = "json" if fmt != "json" else "html"  # a report of another format is another kind
    before = out.read_bytes()
    run = c7draft("check", inputs, "--format", other, "-o", out, cache=tmp_path / "c")
    assert run.returncode == 2
    assert f"{name} exists and is not a c7draft {other} report" in run.stderr and "--force" in run.stderr
    assert out.read_bytes() == before


def test_a_users_file_is_replaced_only_with_force(inputs, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("My own notes: Checked the draft against nothing.\n", encoding="utf-8")
    run = c7draft("check", inputs, "-o", notes, cache=tmp_path / "c")
    assert run.returncode == 2 and "notes.txt exists and is not a c7draft table report" in run.stderr
    assert notes.read_text(encoding="utf-8").startswith("My own notes")
    run = c7draft("check", inputs, "-o", notes, "--force", cache=tmp_path / "c")
    assert run.returncode == 0, run.stderr
    assert notes.read_text(encoding="utf-8").startswith("Checked ")


@pytest.fixture
def hostile_prior(tmp_path) -> Path:
    """The 2024 seed with markup and terminal escapes in a bullet the 2025 sample recycles."""
    text = (ROOT / "seeds" / "cstd27-2024-c7-submission.txt").read_text(encoding="utf-8")
    assert "Nevertheless, persisting" in text
    prior = tmp_path / "cstd27-prior.txt"
    prior.write_text(
        text.replace(
            "Nevertheless, persisting",
            "Nevertheless, <script>alert(1)</script> \x1b]0;pwned\x07\x1b[2J persisting",
            1,
        ),
        encoding="utf-8",
    )
    return prior


def test_html_report_escapes_markup_from_a_prior(hostile_prior, tmp_path):
    out = tmp_path / "r.html"
    run = c7draft(
        "check",
        ROOT / "sample_inputs" / "2025",
        "--against",
        hostile_prior,
        "--format",
        "html",
        "-o",
        out,
        cache=tmp_path / "c",
    )
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the prior's text is in the report...
    assert "<script" not in html  # ...as text, never as markup


def test_table_report_never_sends_terminal_escapes(hostile_prior, tmp_path):
    run = c7draft("check", ROOT / "sample_inputs" / "2025", "--against", hostile_prior, cache=tmp_path / "c")
    assert run.returncode == 0, run.stderr
    assert "<script>alert(1)</script> \\x1b]0;pwned\\x07\\x1b[2J persisting" in run.stdout  # shown, escaped
    assert not any(ch in run.stdout + run.stderr for ch in "\x1b\x07")


def test_report_onto_a_prior_listed_in_submission_yaml_exits_2(inputs, tmp_path):
    prior = tmp_path / "cstd27-listed.txt"
    shutil.copy(ROOT / "seeds" / "cstd27-2024-c7-submission.txt", prior)
    with open(inputs / "submission.yaml", "a", encoding="utf-8") as fh:
        fh.write(f"priors:\n  - {prior}\n")
    run = c7draft("check", inputs, "-o", prior, "--force", cache=tmp_path / "c")
    assert run.returncode == 2 and "over a file that this check reads" in run.stderr, run.stderr
    assert prior.read_bytes() == (ROOT / "seeds" / "cstd27-2024-c7-submission.txt").read_bytes()


def test_a_report_path_in_a_symlink_loop_exits_2(inputs, tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    run = c7draft("check", inputs, "-o", tmp_path / "a.txt", cache=tmp_path / "c")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"error: {tmp_path / 'a.txt'}: cannot follow the report path (")
