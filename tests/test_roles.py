"""A partner that contributes bullets without co-facilitating: named in "Submission by"
and the document's authors, never in "Co-facilitators:"."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from c7draft.docx_io import read_docx

ROOT = Path(__file__).resolve().parents[1]


def test_contributor_is_not_a_co_facilitator(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "sample_inputs" / "2025", inputs)
    with open(inputs / "submission.yaml", encoding="utf-8") as fh:
        text = fh.read()
    text = text.replace(
        "    records: upu.yaml\n",
        "    records: upu.yaml\n"
        "  - short: WTO\n    name: World Trade Organization\n    records: wto.yaml\n"
        "    role: contributor\n",
        1,
    )
    (inputs / "submission.yaml").write_text(text, encoding="utf-8")
    (inputs / "wto.yaml").write_text(
        "entity: WTO\nrecords:\n  - id: wto-ecommerce\n    section: 3b\n"
        "    text: The WTO Work Programme on Electronic Commerce continued.\n",
        encoding="utf-8",
    )
    out = tmp_path / "d.docx"
    run = subprocess.run(
        [sys.executable, "-m", "c7draft", "build", inputs, "-o", out, "--no-check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    docx = read_docx(out)
    lines = [line for p in docx.paragraphs for line in p.text.split("\n")]
    assert "Co-facilitators: ITC, UNCTAD, UPU" in lines
    assert (
        "International Trade Centre, UN Trade & Development, Universal Postal Union and World Trade "
        "Organization" in lines
    )
    assert docx.core["author"] == (
        "International Trade Centre; UN Trade & Development; Universal Postal Union; World Trade Organization"
    )
    assert "The WTO Work Programme on Electronic Commerce continued." in [
        p.text for p in docx.paragraphs if p.is_list
    ]
    # import tells the partner from the co-facilitators, and gives it its bullet
    run = subprocess.run(
        [sys.executable, "-m", "c7draft", "import", out, "-o", tmp_path / "again"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    from c7draft.inputs import load_submission

    again = load_submission(tmp_path / "again")
    assert [(e.short, e.role) for e in again.submission.entities] == [
        ("ITC", "co-facilitator"),
        ("UNCTAD", "co-facilitator"),
        ("UPU", "co-facilitator"),
        ("WTO", "contributor"),
    ]
    assert [r.record.text for r in again.records if r.entity.short == "WTO"] == [
        "The WTO Work Programme on Electronic Commerce continued."
    ]


def test_an_unknown_role_is_a_clear_error(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "tests" / "data" / "minimal", inputs)
    sub = inputs / "submission.yaml"
    sub.write_text(sub.read_text().replace("records: itc.yaml", "records: itc.yaml\n    role: partner", 1))
    run = subprocess.run(
        [sys.executable, "-m", "c7draft", "build", inputs, "--no-check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "role" in run.stderr and "co-facilitator" in run.stderr
