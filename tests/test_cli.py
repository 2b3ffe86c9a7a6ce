"""The CLI as a user meets it: exit codes, one clear message, no traceback, and the last
good .docx survives a failed build."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"


def test_build_writes_docx_and_says_where(inputs, tmp_path):
    out = tmp_path / "out" / "draft.docx"
    run = c7draft("build", inputs, "-o", out, "--no-check")
    assert run.returncode == 0, run.stderr
    assert f"Wrote {out}" in run.stdout and "2 footnotes" in run.stdout
    assert out.is_file()


def test_build_default_output_name_is_in_the_current_folder(inputs, tmp_path):
    run = c7draft("build", inputs, "--no-check", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "c7-input-cstd29.docx").is_file()


def test_build_into_a_folder_writes_the_usual_name_there(inputs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run = c7draft("build", inputs, "-o", out, "--no-check")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"Wrote {out / 'c7-input-cstd29.docx'} ")
    assert [p.name for p in out.iterdir()] == ["c7-input-cstd29.docx"]


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        ("submission.yaml", "venue: Geneva", "venu: Geneva", "submission.yaml:6:1: unknown key `venu`"),
        (
            "itc.yaml",
            "section: 3a",
            "section: [3a",
            "itc.yaml:10:14: the `[` opened on line 10 is never closed",
        ),
        (
            "unctad.yaml",
            "      der: See",
            "      dre: See",
            "unctad.yaml:7:50: footnote reference [^der] has no text",
        ),
    ],
)
def test_bad_input_exit_2_one_message_previous_docx_survives(inputs, tmp_path, file, old, new, message):
    out = tmp_path / "draft.docx"
    assert c7draft("build", inputs, "-o", out, "--no-check").returncode == 0
    before = out.read_bytes()
    path = inputs / file
    path.write_text(path.read_text().replace(old, new, 1))
    yaml_before = path.read_bytes()

    run = c7draft("build", inputs, "-o", out, "--no-check")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines[0].startswith("error: ") and message in lines[0], run.stderr
    assert lines[1].strip().startswith("hint: ")
    assert out.read_bytes() == before
    assert path.read_bytes() == yaml_before  # input is never rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx", "inputs"]  # no temp files


def test_missing_folder(tmp_path):
    run = c7draft("build", tmp_path / "nope")
    assert run.returncode == 2 and "input folder not found" in run.stderr and "Traceback" not in run.stderr


def test_output_must_be_docx(inputs, tmp_path):
    run = c7draft("build", inputs, "-o", tmp_path / "draft.pdf", "--no-check")
    assert run.returncode == 2 and "must be a .docx" in run.stderr


def test_a_docx_edited_after_build_is_not_overwritten_without_force(inputs, tmp_path):
    from docx import Document

    out = tmp_path / "draft.docx"
    assert c7draft("build", inputs, "-o", out, "--no-check").returncode == 0
    edited = Document(str(out))
    edited.add_paragraph("A reviewer's addition.")
    edited.core_properties.last_modified_by = "A. Reviewer"
    edited.save(str(out))
    before = out.read_bytes()

    run = c7draft("build", inputs, "-o", out, "--no-check")
    assert run.returncode == 2 and "--force" in run.stderr
    assert out.read_bytes() == before
    assert c7draft("build", inputs, "-o", out, "--no-check", "--force").returncode == 0
    assert out.read_bytes() != before


def test_a_file_that_is_not_c7draft_output_is_not_overwritten(inputs, tmp_path):
    out = tmp_path / "notes.docx"
    out.write_bytes(b"my own notes")
    run = c7draft("build", inputs, "-o", out, "--no-check")
    assert run.returncode == 2 and out.read_bytes() == b"my own notes"


def test_preview_and_outlines():
    run = c7draft("preview", MINIMAL)
    assert run.returncode == 0 and "[^1]: See" in run.stdout
    run = c7draft("outlines")
    assert run.returncode == 0 and "cstd27" in run.stdout and "3a" in run.stdout


def test_reference_docx_restyles_the_draft(inputs, tmp_path):
    """A user restyles a copy of the reference in Word; the draft takes its styles."""
    from docx import Document
    from docx.shared import Pt

    styled = tmp_path / "house-style.docx"
    reference = Document(str(ROOT / "templates" / "reference.docx"))
    reference.styles["Normal"].font.name = "Georgia"
    reference.styles["Normal"].font.size = Pt(12)
    reference.save(str(styled))
    out = tmp_path / "draft.docx"
    run = c7draft("build", inputs, "-o", out, "--no-check", "--reference", styled)
    assert run.returncode == 0, run.stderr
    normal = Document(str(out)).styles["Normal"].font
    assert (normal.name, normal.size) == ("Georgia", Pt(12))

    run = c7draft(
        "build", inputs, "-o", tmp_path / "x.docx", "--no-check", "--reference", tmp_path / "none.docx"
    )
    assert run.returncode == 2 and "reference .docx not found" in run.stderr


def test_a_new_years_outline_can_be_given_in_the_inputs(inputs):
    outline = (ROOT / "templates" / "outlines" / "cstd29.yaml").read_text(encoding="utf-8")
    (inputs / "cstd30-draft.yaml").write_text(
        outline.replace("session: 29", "session: null").replace(
            "Innovations and Future Initiatives", "Innovation and the road to 2030"
        ),
        encoding="utf-8",
    )
    sub = inputs / "submission.yaml"
    sub.write_text(sub.read_text().replace("outline: cstd29", "outline: cstd30-draft.yaml"))
    run = c7draft("preview", inputs)
    assert run.returncode == 0, run.stderr
    assert "# Part 3: Innovation and the road to 2030" in run.stdout
