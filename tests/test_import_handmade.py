"""`import` of a Word file typed by hand (issue 17): bullets typed as paragraphs starting
with a sign, a title line c7draft does not write, no disclaimer, an agency named with "&".
Read back as a person would: the YAML records, the notes, and the rebuilt .docx."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from c7draft.docx_io import read_docx
from helpers import c7draft

PROMPT_A = (
    "a) Innovative policies, programmes and projects which have been undertaken by stakeholders to "
    "implement the outcomes. Where specific targets or strategies have been set, please report progress "
    "in achieving those targets."
)
PROMPT_B = (
    "b) Future actions or initiatives foreseen by stakeholders (regional/international) to facilitate "
    "the action line; new commitments."
)
# (paragraph text, or runs) as an officer types them in Word, without list styles
TYPED = [
    "Joint input of the co-facilitators",
    "COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT (CSTD)",
    "Twenty-ninth session\nGeneva, 20-24 April 2026",
    "Submissions from entities in the United Nations system, international organizations and other "
    "stakeholders on their efforts in 2025 to implement the outcomes of the WSIS",
    "Submission by",
    "International Trade Centre, UN Trade & Development and Universal Postal Union",
    "WSIS Action Line\nC7 e-business\nCo-facilitators: ITC, UNCTAD, UPU",
    "Input for the CSTD report on WSIS follow-up",
    "For the CSTD twenty-ninth session in April 2026",
    "Part 1: Executive Summary",
    "Action line C7 (e-business) in 2025 was implemented against the backdrop of change.",
    "Part 2: Analytical overview of trends and experiences in implementation at the national, regional "
    "and international levels",
    "• ITC trained 300 women entrepreneurs in e-commerce in 2025.",
    "- ITC and the WTO launched a new guide for small businesses.",
    "–UNCTAD completed eTrade Readiness Assessments of Nepal and Senegal.",
    ["•", "\tUPU helped 12 postal operators to connect to e-commerce platforms."],
    "·  UNCTAD held the eWeek 2025 in Geneva with 3,000 participants.",
    "Part 3: Innovations and Future Initiatives",
    PROMPT_A,
    "• UPU launched the Ecom@Africa initiative in three more countries.",
    PROMPT_B,
    "- ITC will open a new SME Trade Academy course in 2026.",
]
BULLETS = 7
SIGN = re.compile(r"^\s*(?:\\?[-*]|[•·–—])")


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("handmade")
    document = docx.Document()
    for typed in TYPED:
        paragraph = document.add_paragraph()
        for run in [typed] if isinstance(typed, str) else typed:
            paragraph.add_run(run)
    source = base / "typed.docx"
    document.save(source)
    run = c7draft("import", source, "-o", base / "inputs")
    assert run.returncode == 0, run.stderr
    return base / "inputs", run.stderr


def _records(folder: Path) -> list[str]:
    from c7draft.inputs import load_submission

    return [r.record.text for r in load_submission(folder).records]


def test_typed_bullet_signs_are_removed(imported):
    folder, _ = imported
    texts = _records(folder)
    assert len(texts) == BULLETS
    assert [t for t in texts if SIGN.match(t)] == []
    assert "UPU helped 12 postal operators to connect to e-commerce platforms." in texts
    for name in ("itc.yaml", "unctad.yaml", "upu.yaml"):
        yaml_text = (folder / name).read_text(encoding="utf-8")
        assert not re.search(r"text: *(?:\\-|•|·|–)", yaml_text), yaml_text


def test_the_rebuilt_document_has_no_doubled_bullet(imported, tmp_path):
    folder, _ = imported
    out = tmp_path / "again.docx"
    run = c7draft("build", folder, "-o", out, "--no-check")
    assert run.returncode == 0, run.stderr
    paragraphs = read_docx(out).paragraphs
    bullets = [p.text for p in paragraphs if p.is_list]
    assert len(bullets) == BULLETS and not [b for b in bullets if SIGN.match(b)]
    assert not [p.text for p in paragraphs if SIGN.match(p.text)]


def test_a_title_line_import_does_not_use_is_named_in_the_notes(imported):
    _, notes = imported
    assert (
        "note: “Joint input of the co-facilitators” is not a line of the front matter c7draft writes "
        "(templates/front_matter.md.j2): not imported"
    ) in notes.splitlines()
    assert notes.count("is not a line of the front matter") == 1  # the masthead's own lines are used


def test_without_a_disclaimer_import_says_which_lead_it_chose_and_why(imported):
    folder, notes = imported
    assert "lead: UNCTAD" in (folder / "submission.yaml").read_text(encoding="utf-8")
    assert (
        "note: no disclaimer found to tell the lead co-facilitator: `lead: UNCTAD` was chosen because "
        "UNCTAD has led the joint C7 input in the published submissions; its name goes in the disclaimer, "
        "so set `lead:` in submission.yaml if another agency leads"
    ) in notes.splitlines()


def test_the_disclaimer_of_an_agency_named_with_an_ampersand_reads_as_published(imported, tmp_path):
    folder, _ = imported
    assert "disclaimer_name" not in (folder / "submission.yaml").read_text(encoding="utf-8")
    out = tmp_path / "again.docx"
    assert c7draft("build", folder, "-o", out, "--no-check").returncode == 0
    disclaimer = next(p.text for p in read_docx(out).paragraphs if p.text.startswith("DISCLAIMER"))
    assert disclaimer.endswith("the United Nations or the UN Trade and Development.")
