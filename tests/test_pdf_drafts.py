"""Real PDFs, as LibreOffice prints the rebuilt 2024 and 2026 submissions (Symbol-font
bullet glyphs, wrapped headings and prompts, plain-digit footnote markers, footnotes at
each page's foot): `check` finds in them what it finds in the YAML drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from c7draft.check import check_path
from c7draft.check.readers import read_document

PDFS = Path(__file__).parent / "data" / "pdf"
PDF_2024 = PDFS / "cstd27-2024-rebuilt-libreoffice.pdf"
PDF_2026 = PDFS / "cstd29-2026-rebuilt-libreoffice.pdf"
SAMPLE_2025 = Path(__file__).resolve().parents[1] / "sample_inputs" / "2025"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))


def summary(report):
    """What was found where; a Part 1 paragraph's number is left out, because the PDF's text
    extraction joins the two short executive-summary paragraphs of the 2026 draft."""
    return sorted(
        (
            m.draft_location if m.draft_location.startswith("Part 2") else m.draft_location[:6],
            m.prior_location,
            m.band.label,
        )
        for m in report.matches
    )


def test_pdf_structure_is_recovered():
    doc = read_document(PDF_2026)
    assert doc.session == 29
    bullets = [p for p in doc.passages if p.is_bullet]
    assert len(bullets) == 23  # as many as sample_inputs/2025 has records
    assert not any("(regional/international)" in p.text for p in doc.passages)  # a wrapped prompt
    assert not any("State of the Postal Sector" in p.text for p in doc.passages)  # a footnote


def test_pdf_draft_against_pdf_prior_matches_the_yaml_check():
    from_pdf = check_path(PDF_2026, against=[PDF_2024])
    from_yaml = check_path(SAMPLE_2025, against=[PDF_2024])
    assert summary(from_pdf) == summary(from_yaml)
    assert [m.prior_location for m in from_pdf.matches].count("Part 2 b), bullet 7") == 1
    assert len(from_pdf.matches) == 3
