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


def test_a_pdf_restricted_by_its_owner_reads_and_one_locked_by_a_password_is_named_so(tmp_path):
    from pypdf import PdfWriter

    from c7draft.documents.pdf import read_pdf_converted
    from c7draft.errors import DocumentReadError

    def encrypted(password: str) -> Path:
        writer = PdfWriter(clone_from=PDF_2026)
        writer.encrypt(user_password=password, owner_password="owner")
        out = tmp_path / f"encrypted-{password or 'none'}.pdf"
        with out.open("wb") as f:
            writer.write(f)
        return out

    assert read_pdf_converted(encrypted("")).footnotes == read_pdf_converted(PDF_2026).footnotes
    with pytest.raises(DocumentReadError, match="the PDF is encrypted: it needs a password to open"):
        read_pdf_converted(encrypted("secret"))


def test_what_pypdf_repairs_in_a_pdf_is_not_printed(tmp_path):
    from helpers import c7draft

    damaged = tmp_path / "draft.pdf"
    damaged.write_bytes(b"junk\n" + PDF_2026.read_bytes())  # pypdf: "invalid pdf header", and reads it
    run = c7draft("check", damaged, "--format", "json", cache=tmp_path / "cache")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


def test_a_pdf_page_in_another_space_reads_the_same():
    """The height of a line is the text's, then the page's transformation: a page drawn at
    half size and moved up, or with a literal "*" in its text, is read as the plain one."""
    from c7draft.documents.pdf import _page_text

    pieces = [
        ("Part 2", 700, "/A+Sans-Bold"),
        ("\n", 0, None),
        ("A first ", 680, "/A+Sans"),
        ("line", 680, "/A+Sans-Italic"),
        ("\n", 0, None),
        ("its second", 667, "/A+Sans"),
        ("\n", 0, None),
        ("and its third.", 654, "/A+Sans"),
        ("\n", 0, None),
        ("Next * paragraph.", 627, "/A+Sans"),
    ]
    plain = _page_text(_Page(pieces))
    assert plain.split("\n") == [
        "Part 2",
        "",
        "A first *line*",
        "its second",
        "and its third.",
        "",
        "Next * paragraph.",
    ]

    class Scaled(_Page):  # cm: half size, 100 points up
        def extract_text(self, visitor_text):
            for text, y, font in self.pieces:
                visitor_text(text, [0.5, 0, 0, 0.5, 0, 100], [1, 0, 0, 1, 72, y], {"/BaseFont": font}, 11)
            return "".join(p[0] for p in self.pieces)

    assert _page_text(Scaled(pieces)) == plain

    class Moved(_Page):  # each line drawn at double size, every other one moved 300 points up
        def extract_text(self, visitor_text):
            line = 0
            for text, y, font in self.pieces:
                line += text == "\n"
                up = 300 * (line % 2)
                visitor_text(
                    text, [2, 0, 0, 2, 0, up], [1, 0, 0, 1, 72, (y - up) / 2], {"/BaseFont": font}, 11
                )
            return "".join(p[0] for p in self.pieces)

    assert _page_text(Moved(pieces)) == plain


def test_a_pdf_page_reads_down_whichever_way_its_heights_run():
    """The text runs from the page's top to its foot: its heights grow up the page (PDF's
    own space) or down it (a page drawn flipped), whatever lines side by side (a table's
    cells, at one height) or a column's top in between do. A gap exactly 1.3 times the
    usual is not yet a paragraph's; a line's height is its longest piece's, the first of
    equal ones."""
    from c7draft.documents.pdf import _lines, _paragraphs_apart

    # heights growing down the page, three lines at one height first
    ys = [500, 500, 500, 500, 513, 526, 546]
    lines = [f"line {k}" for k in range(len(ys))]
    assert _paragraphs_apart(lines, ys) == [*lines[:6], "", lines[6]]
    # growing up, with a second column's top (a step up the page) between
    ys = [200, 187, 174, 200, 187, 174, 144, 131]
    lines = [f"line {k}" for k in range(len(ys))]
    assert _paragraphs_apart(lines, ys) == [*lines[:6], "", *lines[6:]]
    # 13 is 1.3 times 10: no gap yet; 13.5 is one
    assert _paragraphs_apart(["a", "b", "c", "d"], [100, 90, 80, 67]) == ["a", "b", "c", "d"]
    assert _paragraphs_apart(["a", "b", "c", "d"], [100, 90, 80, 66.5]) == ["a", "b", "c", "", "d"]
    # of two spacings as common, the first down the page is the usual one
    assert _paragraphs_apart(list("abcde"), [100, 90, 80, 66, 52]) == ["a", "b", "c", "", "d", "", "e"]
    # the usual spacing as measured (12.8), not rounded down: 16 is under 1.3 times it
    assert _paragraphs_apart(["a", "b", "c", "d", "e"], [100, 87.2, 74.4, 61.6, 45.6]) == [
        "a",
        "b",
        "c",
        "d",
        "e",
    ]
    assert _lines([("ab", 103, False), ("cd", 100, False), ("\n", 0, False), ("e", 90, False)]) == (
        ["abcd", "e"],
        [103, 90],
    )


def test_pdf_text_without_gaps_keeps_its_older_clues():
    """A PDF whose paragraphs have no space between them (no blank lines from
    ``_page_text``): a short line ending a sentence ends its paragraph, a heading or a prompt
    stands alone and keeps a line it wraps onto in lower case, page numbers at the top and
    the foot go (and nothing else), Windows line ends read as others, "econo-" + "mies"
    is one word. Markers come in order: a decimal ("version 2.1 of") is none, a full stop
    after a year and before a new sentence has one."""
    from c7draft.documents.converted_text import parse_converted_text
    from c7draft.documents.pdf import pdf_text_to_converted

    full = "UNCTAD supported the design of national strategies in many countries across the world"
    pages = [
        "2\r\nPart 2: Analytical overview of trends\r\nThe econo-\r\nmies grew.\r\n"
        f"{full} ever since.1\r\nThat was all.\r\n"
        f"a) What policies and programmes have been undertaken by the stakeholders\r\n"
        "to implement the outcomes?\r\n"
        "UNCTAD acted in version 2.1 of the plan, on 7 July 2023.2 Then it\r\n"
        f"grew.4 {full}\r\n"
        "b) What future actions or initiatives are foreseen by all of the stakeholders\r\n"
        "UNCTAD will act.\r\n"
        "1 A note.\r\n2 Another note.\r\n3",
    ]
    converted = parse_converted_text(pdf_text_to_converted(pages))
    assert [p.marked_text for p in converted.paragraphs] == [
        "Part 2: Analytical overview of trends",
        "The economies grew.",
        f"{full} ever since.[^1] That was all.",
        "a) What policies and programmes have been undertaken by the stakeholders to implement the outcomes?",
        f"UNCTAD acted in version 2.1 of the plan, on 7 July 2023.[^2] Then it grew.[^4] {full}",
        "b) What future actions or initiatives are foreseen by all of the stakeholders",
        "UNCTAD will act.",
    ]
    assert converted.footnotes == {1: "A note.", 2: "Another note."}


def test_pdf_markers_come_in_the_notes_order():
    """A footnote marker is the next note's number, or one of the two after it (a marker
    may have been missed); after a year, only the next: a number again, or too far on, is
    text."""
    from c7draft.documents.converted_text import parse_converted_text
    from c7draft.documents.pdf import pdf_text_to_converted

    full = "UNCTAD supported the design of national strategies in many countries across the world"
    pages = [f"It rose.1 Then fell.1 Then grew.5 Then rose.4 In all 20226 and 20215 firms. {full}\n"]
    [paragraph] = parse_converted_text(pdf_text_to_converted(pages)).paragraphs
    assert paragraph.marked_text == (
        f"It rose.[^1] Then fell.1 Then grew.5 Then rose.[^4] In all 20226 and 2021[^5] firms. {full}"
    )


def test_a_short_heading_on_a_page_with_gaps_keeps_the_line_after_it_apart():
    """On a page with blank lines between paragraphs, a heading's line followed with no gap
    by a line starting with a capital was wrapped only when it is a full line: a short one
    ends there."""
    from c7draft.documents.converted_text import parse_converted_text
    from c7draft.documents.pdf import pdf_text_to_converted

    full = "UNCTAD supported the design of national strategies in many countries across the world"
    pages = [f"Part 2: Overview\nUNCTAD acted in many places of the world, {full}\nand more.\n\n{full}.\n"]
    paragraphs = parse_converted_text(pdf_text_to_converted(pages)).paragraphs
    assert [p.text for p in paragraphs] == [
        "Part 2: Overview",
        f"UNCTAD acted in many places of the world, {full} and more.",
        f"{full}.",
    ]


def test_a_line_four_fifths_of_a_full_one_counts_as_full():
    """Where a heading wrapped (on a page with gaps) and where a short line ending a
    sentence ends its paragraph, a line of 80% of a full line's length counts as full."""
    from c7draft.documents.converted_text import parse_converted_text
    from c7draft.documents.pdf import pdf_text_to_converted

    full = "UNCTAD supported the design of national e-commerce strategies in many developing countries"
    heading = "a) What policies and programmes were undertaken by the stakeholders now?"
    ends = "UNCTAD supported the design of national strategies in many regions, too."
    assert len(heading) == len(ends) == 0.8 * len(full)  # 72 of 90 characters
    pages = [f"{full}\n{full}\n{full}\n\n{heading}\nAny new commitments?\n\n{ends}\nThen more.\n"]
    paragraphs = parse_converted_text(pdf_text_to_converted(pages)).paragraphs
    assert [p.text for p in paragraphs][1:] == [f"{heading} Any new commitments?", f"{ends} Then more."]
