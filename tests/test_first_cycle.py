"""What a new user tripped over in a first real cycle (issue 17): the messages and labels of
build, validate and check, read as a person sees them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from c7draft.check.report import highlight
from c7draft.docx_io import read_docx
from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"


def test_build_given_a_docx_says_a_folder_is_needed(tmp_path):
    docx = tmp_path / "c7-input-cstd29.docx"
    assert c7draft("build", SAMPLE, "-o", docx, "--no-check").returncode == 0
    run = c7draft("build", docx)
    assert run.returncode == 2 and "not found" not in run.stderr
    first, hint = run.stderr.splitlines()[:2]
    assert (
        first == f"error: {docx} is a document: this needs an inputs folder, the one holding submission.yaml"
    )
    assert "`build FOLDER -o draft.docx` names the .docx to write" in hint and "c7draft check" in hint


def test_an_agency_without_records_is_named_by_build_and_validate(tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(ROOT / "tests" / "data" / "minimal", folder)
    text = (folder / "submission.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    records: itc.yaml\n",
        "    records: itc.yaml\n  - {short: UPU, name: Universal Postal Union, records: upu.yaml}\n",
    )
    (folder / "submission.yaml").write_text(text, encoding="utf-8")
    (folder / "upu.yaml").write_text("entity: UPU\nrecords: []\n", encoding="utf-8")
    build = c7draft("build", folder, "-o", tmp_path / "d.docx", "--no-check")
    assert build.returncode == 0, build.stderr
    assert f"warning: {folder / 'upu.yaml'}: UPU has no records yet" in build.stderr.splitlines()
    validate = c7draft("validate", folder)
    assert f"{folder / 'upu.yaml'}: warning: UPU has no records yet [entity-no-records]" in validate.stdout
    assert "ITC has no records" not in validate.stdout + build.stderr


def test_one_co_facilitator_is_the_facilitator(tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder)
    text = (folder / "submission.yaml").read_text(encoding="utf-8")
    for short in ("itc", "upu"):
        text = text.replace(
            f"    records: {short}.yaml\n", f"    records: {short}.yaml\n    role: contributor\n"
        )
    (folder / "submission.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "d.docx"
    assert c7draft("build", folder, "-o", out, "--no-check").returncode == 0
    lines = [line for p in read_docx(out).paragraphs for line in p.text.split("\n")]
    assert "Facilitator: UNCTAD" in lines and not any(line.startswith("Co-facilitators") for line in lines)
    run = c7draft("import", out, "-o", tmp_path / "again")
    assert run.returncode == 0, run.stderr
    again = (tmp_path / "again" / "submission.yaml").read_text(encoding="utf-8")
    assert again.count("role: contributor") == 2  # ITC and UPU, read back from "Facilitator: UNCTAD"


def test_changed_figures_are_marked_apart_from_shared_words():
    pieces = highlight(
        "In 2026 UNCTAD trained 25 officials from Kenya and Ghana on e-commerce law.",
        "In 2025 UNCTAD trained 23 officials from Kenya and Nigeria on e-commerce law.",
    )
    assert [text for text, kind in pieces if kind == "changed"] == ["2026", "25", "Ghana"]
    assert [text for text, kind in pieces if kind == "shared"] == [
        "In",
        "UNCTAD trained",
        "officials from Kenya and",
        "on e-commerce law.",
    ]
    # new words that replace a long stretch are new text, not a change of one word
    pieces = highlight(
        "UNCTAD trained officials, and a new platform for women traders opened in five countries.",
        "UNCTAD trained officials, with partners.",
    )
    assert not [text for text, kind in pieces if kind == "changed"]


def test_html_report_legend_and_labels(tmp_path):
    out = tmp_path / "r.html"
    run = c7draft(
        "check", SAMPLE, "--against", ROOT / "sample_inputs" / "2023", "--format", "html", "-o", out
    )
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert 'is <mark class="changed">marked apart</mark>, on both sides' in html
    assert "mark.changed {" in html
    assert re.search(r'<mark class="changed">[^<]+</mark>', html.split("<tbody>")[1])
    assert "draft at: Part 2, bullet 13, unctad.yaml:113 (record statistics-workshops-2025)" in html
    assert (
        "prior at: the 27th session&#39;s submission (CSTD 2024, reporting on 2023), folder 2023, "
        "Part 2 b), bullet 7" in html
    )


def test_table_labels_where_and_what_apart_and_names_the_years():
    run = c7draft("check", "sample_inputs/2025", "--against", "sample_inputs/2023", cwd=ROOT)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith(
        "Checked sample_inputs/2025, the 29th session's submission (CSTD 2026, reporting on 2025), against"
    )
    assert lines[2] == "  used:    the 27th session's submission (CSTD 2024, reporting on 2023), folder 2023"
    assert lines[4] == "   95  near-verbatim passage"
    labels = [line.split(":")[0].strip() for line in lines if re.match(r" {7}\S", line)]
    assert labels[:4] == ["draft at", "prior at", "draft text", "prior text"]


@pytest.mark.parametrize(
    "args",
    [
        ["outlines"],
        ["schema", "records"],
        ["stats", "sample_inputs/2025"],
        ["preview", "sample_inputs/2025", "--no-check"],
        ["validate", "sample_inputs/2025"],
        ["check", "sample_inputs/2025"],
        ["--help"],
    ],
)
def test_a_closed_pipe_is_a_normal_end(args):
    """`c7draft outlines | head -1`: the reader leaves before the output is written."""
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "c7draft", *args], stdout=write, stderr=subprocess.PIPE, cwd=ROOT
        )
    finally:
        os.close(write)
    assert (run.returncode, run.stderr) == (0, b"")


def test_a_closed_pipe_keeps_the_exit_code_that_tells_what_was_found():
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "c7draft", "validate", "sample_inputs/2025", "--strict"],
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
    finally:
        os.close(write)
    assert (run.returncode, run.stderr) == (1, b"")  # warnings under --strict
