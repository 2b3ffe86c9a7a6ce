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


@pytest.mark.parametrize(
    "pdf, seed", [(PDF_2024, "cstd27-2024-c7-submission.txt"), (PDF_2026, "cstd29-2026-c7-submission.txt")]
)
def test_pdf_footnotes_are_the_published_ones(pdf, seed):
    """pypdf gives some pages' footnotes as one line ("... UPU.2 World Investment ...",
    "... cross-border-data-flows4 See https://..."): each note is cut out at the next one's
    number, and a note wrapped at "e-" + "commerce" keeps its hyphen, so the notes are the
    published ones, word for word."""
    from c7draft.documents.converted_text import parse_converted_text
    from c7draft.documents.pdf import read_pdf_converted

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    published = parse_converted_text((seeds / seed).read_text(encoding="utf-8")).footnotes
    assert read_pdf_converted(pdf).footnotes == published


def test_pdf_footnotes_cut_only_at_the_next_number_after_an_end():
    from c7draft.documents.pdf import pdf_text_to_converted

    page = (
        "Trade grew.1 Posts grew.2 Figures fell.3\n"
        "1 Seen in 5.6 million parcels, 2 of them lost.2 See https://a.org/x-20213 Forthcoming.\n"
    )
    notes = [line for line in pdf_text_to_converted([page]).splitlines() if line.startswith(("¹", "²", "³"))]
    assert notes == [
        "¹ Seen in 5.6 million parcels, 2 of them lost.",
        "² See https://a.org/x-2021",
        "³ Forthcoming.",
    ]


def test_pdf_draft_against_pdf_prior_matches_the_yaml_check():
    from_pdf = check_path(PDF_2026, against=[PDF_2024])
    from_yaml = check_path(SAMPLE_2025, against=[PDF_2024])
    assert summary(from_pdf) == summary(from_yaml)
    assert [m.prior_location for m in from_pdf.matches].count("Part 2 b), bullet 7") == 1
    assert len(from_pdf.matches) == 3


class _Page:
    """A PDF page as pypdf's text extraction sees it: pieces of text, each with its height
    on the page and its font, given to the visitor in order."""

    def __init__(self, pieces, text=None):
        self.pieces, self.text = pieces, text

    def extract_text(self, visitor_text):
        for text, y, font in self.pieces:
            visitor_text(text, [1, 0, 0, 1, 0, 0], [1, 0, 0, 1, 72, y], {"/BaseFont": font}, 11)
        return self.text if self.text is not None else "".join(p[0] for p in self.pieces)


def test_a_pdf_page_gets_its_paragraph_gaps_and_italics():
    from c7draft.documents.pdf import _page_text

    pieces = [
        ("Part 2", 700, "/A+Sans-Bold"),
        ("\n", 0, None),
        ("The ", 680, "/A+Sans"),
        ("Digital Report", 680, "/A+Serif-Italic"),
        (" was read and ", 680, "/A+Sans"),
        ("\n", 0, None),
        ("Gap ", 667, "/A+Sans-Oblique"),
        ("\n", 0, None),
        ("analysis", 654, "/A+Sans-Oblique"),
        (" came.", 654, "/A+Sans"),
        ("\n", 0, None),
        ("Next paragraph, ", 635, "/A+Sans"),
        ("in italics ", 635, "/A+Sans-Oblique"),
    ]
    assert _page_text(_Page(pieces)).split("\n") == [
        "Part 2",
        "",  # 20 points above, against the usual 13
        "The *Digital Report* was read and ",
        "*Gap ",
        "analysis* came.",
        "",
        "Next paragraph, *in italics* ",
    ]
    # a page whose y grows down it (a flipped space) reads the same
    flipped = [(text, 1000 - y if y else y, font) for text, y, font in pieces]
    assert _page_text(_Page(flipped)) == _page_text(_Page(pieces))
    # pieces that are not the page's text (another pypdf): its text as it is
    assert _page_text(_Page(pieces, text="Part 2\nThe Digital")) == "Part 2\nThe Digital"
