"""The converted-text reader: both seeds, and small PDF-like cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from c7draft.documents.converted_text import (
    ConvertedText,
    TextParagraph,
    parse_converted_text,
    read_converted_text,
)
from c7draft.errors import DocumentReadError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seed2024() -> ConvertedText:
    return read_converted_text(SEEDS / "cstd27-2024-c7-submission.txt")


@pytest.fixture(scope="module")
def seed2026() -> ConvertedText:
    return read_converted_text(SEEDS / "cstd29-2026-c7-submission.txt")


def find(doc: ConvertedText, needle: str) -> TextParagraph:
    hits = [p for p in doc.paragraphs if needle in p.text]
    assert len(hits) == 1, f"{needle!r} is in {len(hits)} paragraphs"
    return hits[0]


# ---------------------------------------------------------------- the 2024 seed


def test_2024_footnotes(seed2024):
    assert sorted(seed2024.footnotes) == list(range(1, 14))
    assert seed2024.footnotes[7] == "Forthcoming."
    assert seed2024.footnotes[1] == (
        "See https://unctad.org/meeting/"
        "intergovernmental-group-experts-e-commerce-and-digital-economy-sixth-session"
    )
    assert seed2024.footnotes[4] == "See https://unctad.org/webflyer/digital-economy-report-2021"
    # notes 8 and 9 have no "See" in the original
    assert seed2024.footnotes[8] == "https://unctad.org/news/new-strategy-set-boost-e-commerce-west-africa"
    assert seed2024.footnotes[13] == "See https://www.broadbandcommission.org/working-groups/msmes/"


def test_2024_footnote_lines_are_not_body_text(seed2024):
    for p in seed2024.paragraphs:
        assert "https://" not in p.text
        assert not p.text.startswith(("See ", "Forthcoming"))


def test_2024_every_footnote_is_referenced_once_in_order(seed2024):
    numbers = [n for p in seed2024.paragraphs for n in p.footnote_numbers]
    assert numbers == list(range(1, 14))


def test_2024_footnote_4_sits_right_after_the_title(seed2024):
    p = find(seed2024, "Building on the Digital Economy Report 2021")
    assert p.marked_text.startswith("Building on the Digital Economy Report 2021[^4] and support to")
    assert p.text.startswith("Building on the Digital Economy Report 2021 and support to the G20")
    assert p.footnote_numbers == [4]
    assert p.is_bullet and p.line == 46


def test_2024_markers_after_punctuation_and_words(seed2024):
    ige = find(seed2024, "The 6th session of the Intergovernmental Group of Experts")
    assert "private sector and academia.[^1] The session delivered" in ige.marked_text
    assert "private sector and academia. The session delivered" in ige.text
    review = find(seed2024, "COVID-19 and E-commerce: Global Review")
    assert "Global Review[^10], UNCTAD, ECLAC" in review.marked_text
    assert "Global Review, UNCTAD, ECLAC" in review.text


def test_2024_pacific_bullet_is_joined_across_the_footnote_block(seed2024):
    p = find(seed2024, "Digital Economy Report: Pacific Edition")
    assert p.is_bullet and p.line == 47
    assert "unique challenges and opportunities for digital development, and although" in p.text
    assert p.text.endswith("build inclusive digital economies in the region.")
    assert p.footnote_numbers == [5]
    assert p.italic_spans == ["Digital Economy Report: Pacific Edition"]
    assert not any(q.text.startswith("development, and although") for q in seed2024.paragraphs)


def test_2024_other_page_break_splits_are_joined(seed2024):
    aid = find(seed2024, "The 35 partners of the UNCTAD-led eTrade for all initiative")
    assert "transparency in aid for e-commerce and the digital economy, thus helping" in aid.text
    better = find(seed2024, "Available statistics on digital trade")
    assert "especially developing countries. Better statistics on the value of e-commerce" in better.text
    assert better.footnote_numbers == []


def test_2024_bullets_and_prompts(seed2024):
    bullets = [p for p in seed2024.paragraphs if p.is_bullet]
    # 32 activity bullets plus the two "- a) ..." prompt lines
    assert len(bullets) == 34
    assert bullets[0].text.startswith("a) Trends in implementation, monitoring and cooperation")
    eweek = find(seed2024, "The UNCTAD eWeek 2023")
    assert eweek.is_bullet and eweek.line == 44  # an indented " - " bullet
    assert "Within this framework., the UPU" in eweek.text  # quirks are kept
    assert "“Shaping the future of the digital economy”.[^2] As the" in eweek.marked_text


def test_2024_lost_link_and_escapes(seed2024):
    p = find(seed2024, "What future actions or initiatives are foreseen")
    assert p.text == (
        "b) What future actions or initiatives are foreseen by stakeholders "
        "(regional/international) to facilitate/implement the action line? "
        "Any new commitments?"
    )
    assert not p.is_bullet


def test_2024_bold_masthead_across_lines(seed2024):
    texts = [p.text for p in seed2024.paragraphs]
    assert texts[0] == "COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT (CSTD)"
    assert texts[1] == "Twenty-seventh session Geneva, 15-19 April 2024"
    assert seed2024.paragraphs[0].line == 3


def test_2024_italic_titles(seed2024):
    spans = [s for p in seed2024.paragraphs for s in p.italic_spans]
    assert spans == [
        "G20 Members’ Regulations of Cross-Border Data Flows",
        "Digital Economy Report: Pacific Edition",
        "Handbook on Measuring Digital Trade",
        "Measuring the value of e-commerce",
    ]


# ---------------------------------------------------------------- the 2026 seed


def test_2026_footnotes(seed2026):
    assert sorted(seed2026.footnotes) == list(range(1, 8))
    assert seed2026.footnotes[1] == "State of the Postal Sector 2025, UPU."
    assert seed2026.footnotes[2] == "World Investment Report 2025, UNCTAD."
    assert seed2026.footnotes[7].startswith("The course was delivered in collaboration with UNCTAD's")
    numbers = [n for p in seed2026.paragraphs for n in p.footnote_numbers]
    assert numbers == list(range(1, 8))


def test_2026_logistics_bullet_is_joined_across_the_blank_line(seed2026):
    p = find(seed2026, "fragmentation of international logistics")
    assert p.is_bullet and p.line == 37
    assert p.marked_text.endswith(
        "costs, and delivery delays. In addition, the proliferation of non-standardized data "
        "formats in shipments complicates customs processes[^1]."
    )
    assert p.text.endswith("complicates customs processes.")
    assert not any(q.text.startswith("and delivery delays") for q in seed2026.paragraphs)


def test_2026_global_digital_trade_title_is_one_italic_span(seed2026):
    p = find(seed2026, "ITC also launched the")
    assert p.italic_spans == ["Global Digital Trade Development Report 2025"]
    assert (
        "ITC also launched the Global Digital Trade Development Report 2025, which examines shifts in markets"
    ) in p.text
    assert p.text.endswith("relevant to e-business development.")
    assert "ITC– Hangzhou Centre" in p.text  # as published
    assert not any(q.text.startswith("Development Report 2025") for q in seed2026.paragraphs)


def test_2026_lost_links_become_plain_words(seed2026):
    p = find(seed2026, "eTrade Readiness Assessments (eT Ready)")
    assert p.text.startswith("UNCTAD eTrade Readiness Assessments (eT Ready) continued")
    assert "implementation.[^3] The e-business" in p.marked_text
    panorama = find(seed2026, "flagship Digital Panorama Report 2025 maps")
    assert "[" not in panorama.text and "(#)" not in panorama.text


def test_2026_hyphen_quirk_stays(seed2026):
    p = find(seed2026, "Implementation Support Mechanism for eTrade policy reforms")
    assert "in Africa, Asia- Pacific, and Latin America" in p.text


def test_2026_italics_and_bullets(seed2026):
    pacific = find(seed2026, "In the Pacific, the Digital Economy Report")
    assert pacific.italic_spans == [
        "Digital Economy Report: Pacific Edition 2024",
        "Gap analysis of Cyberlaws in Pacific Small Island Developing States (SIDS)",
    ]
    partners = find(seed2026, "partners continued to actively contribute")
    assert partners.italic_spans == ["eTrade for all"]
    assert partners.text.startswith("eTrade for all partners continued")
    bullets = [p for p in seed2026.paragraphs if p.is_bullet]
    assert len(bullets) == 25  # 23 activity bullets and two "- a)"/"- b)" prompts
    last = seed2026.paragraphs[-1]
    assert last.is_bullet and last.line == 85
    assert last.text.startswith("The e-business action line facilitators will continue")


def test_2026_masthead_lines_join(seed2026):
    p = find(seed2026, "WSIS Action Line")
    assert p.text == "WSIS Action Line C7 e-business Co-facilitators: ITC, UNCTAD, UPU"
    assert p.line == 18


# ---------------------------------------------------------------- synthetic cases


PDF_LIKE = """\
Part 2: Overview

UNCTAD's first report¹ highlighted that the region faces unique challenges for digital
¹ See <https://example.org/report>
² Forthcoming.
development, and although connectivity remains a problem,² e-commerce is growing.

- The Handbook³ was published.
"""


def test_footnote_block_inside_a_paragraph_without_blank_lines():
    doc = parse_converted_text(PDF_LIKE)
    assert [p.text for p in doc.paragraphs] == [
        "Part 2: Overview",
        "UNCTAD's first report highlighted that the region faces unique challenges for digital "
        "development, and although connectivity remains a problem, e-commerce is growing.",
        "The Handbook was published.",
    ]
    body = doc.paragraphs[1]
    assert body.footnote_numbers == [1, 2]
    assert body.marked_text.startswith("UNCTAD's first report[^1] highlighted")
    assert "remains a problem,[^2] e-commerce" in body.marked_text
    assert body.line == 3 and not body.is_bullet
    assert doc.footnotes == {1: "See https://example.org/report", 2: "Forthcoming."}
    assert doc.paragraphs[2].footnote_numbers == [3] and doc.paragraphs[2].is_bullet


def test_capitalised_continuation_after_an_unfinished_sentence():
    doc = parse_converted_text(
        "- A bullet cut before the name of the\n\n¹ A note.\n\nGlobal Forum, which met.¹\n"
    )
    assert [p.text for p in doc.paragraphs] == [
        "A bullet cut before the name of the Global Forum, which met."
    ]
    assert doc.paragraphs[0].italic_spans == []


def test_finished_paragraph_is_not_joined_to_the_next_one():
    doc = parse_converted_text("- First bullet ends here.¹\n\n¹ A note.\n\nA new paragraph, not a bullet.\n")
    assert [p.text for p in doc.paragraphs] == ["First bullet ends here.", "A new paragraph, not a bullet."]


def test_part_heading_and_prompt_after_a_footnote_block_are_not_joined():
    doc = parse_converted_text(
        "- A bullet cut mid\n\n¹ A note.\n\nPart 3: Innovations\n\n"
        "- Another cut mid\n\n² Note.\n\nb) Technical assistance\n"
    )
    assert [p.text for p in doc.paragraphs] == [
        "A bullet cut mid",
        "Part 3: Innovations",
        "Another cut mid",
        "b) Technical assistance",
    ]


def test_italic_title_cut_by_a_page_break_is_one_span():
    doc = parse_converted_text(
        "- ITC also launched the *Global Digital Trade*\n\n¹ A note.\n\n"
        "Development Report 2025, which examines shifts.\n"
    )
    p = doc.paragraphs[0]
    assert p.italic_spans == ["Global Digital Trade Development Report 2025"]
    assert (
        p.text == "ITC also launched the Global Digital Trade Development Report 2025, which examines shifts."
    )


def test_italic_merge_is_narrow():
    # a lower-case continuation joins the paragraph but does not extend the title
    doc = parse_converted_text("- We read *The Title*\n\n¹ Note.\n\nin depth, twice.\n")
    assert doc.paragraphs[0].italic_spans == ["The Title"]
    assert doc.paragraphs[0].text == "We read The Title in depth, twice."
    # a finished sentence is not continued at all
    doc = parse_converted_text("- We read *The Title*.\n\n¹ Note.\n\nNext Words, here.\n")
    assert [p.italic_spans for p in doc.paragraphs] == [["The Title"], []]


def test_blank_line_page_break_without_footnotes():
    doc = parse_converted_text(
        "- It raised costs,\n\nand delivery delays.\n\nSubmission by\n\nInternational Trade Centre\n"
    )
    assert [p.text for p in doc.paragraphs] == [
        "It raised costs, and delivery delays.",
        "Submission by",
        "International Trade Centre",
    ]


def test_bullet_starts_a_new_paragraph_without_a_blank_line():
    doc = parse_converted_text("Intro line\n- one\n - two\n- a) a prompt\nb) not a bullet\n")
    assert [(p.text, p.is_bullet, p.line) for p in doc.paragraphs] == [
        ("Intro line", False, 1),
        ("one", True, 2),
        ("two", True, 3),
        ("a) a prompt b) not a bullet", True, 4),
    ]


def test_pdf_hyphen_wraps_are_repaired_conservatively():
    text = (
        "For example, this is a test.\n\n"
        "One exam-\nple of data-\ndriven work in low-\nand middle-income countries in Asia-\nPacific.\n\n"
        "Asia- Pacific stays.\n"
    )
    doc = parse_converted_text(text)
    assert doc.paragraphs[1].text == (
        "One example of data-driven work in low- and middle-income countries in Asia-Pacific."
    )
    assert doc.paragraphs[2].text == "Asia- Pacific stays."


def test_superscript_at_line_start_inside_a_paragraph_is_a_marker():
    doc = parse_converted_text("The Report\n² and more text.\n\n² The note.\n")
    assert doc.paragraphs[0].text == "The Report and more text."
    assert doc.paragraphs[0].marked_text == "The Report [^2] and more text."
    assert doc.footnotes == {2: "The note."}


def test_markup_is_removed():
    doc = parse_converted_text(
        "**Bold\nheader**\n\n- A [lost link](#) and [a link](https://x.org) and <https://y.org/a> "
        "and *Italic Title*¹⁰ and \\(escaped\\).\n\n¹⁰ See <https://z.org>\n"
    )
    assert doc.paragraphs[0].text == "Bold header"
    p = doc.paragraphs[1]
    assert p.text == "A lost link and a link and https://y.org/a and Italic Title and (escaped)."
    assert p.marked_text.endswith("Italic Title[^10] and (escaped).")
    assert p.italic_spans == ["Italic Title"]
    assert doc.footnotes == {10: "See https://z.org"}


def test_crlf_and_bom(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("\ufeff- one,\r\n\r\nand two.¹\r\n\r\n¹ Note.\r\n".encode("utf-8"))
    doc = read_converted_text(path)
    assert [p.text for p in doc.paragraphs] == ["one, and two."]
    assert doc.footnotes == {1: "Note."}


def test_not_utf8_is_a_document_read_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("First line\nCôte d'Ivoire\n".encode("cp1252"))
    with pytest.raises(DocumentReadError) as info:
        read_converted_text(path)
    err = info.value
    assert err.file == str(path) and err.line == 2 and err.column == 2
    assert "UTF-8" in str(err) and err.hint


def test_missing_file_is_a_document_read_error(tmp_path):
    with pytest.raises(DocumentReadError) as info:
        read_converted_text(tmp_path / "nope.txt")
    assert info.value.file == str(tmp_path / "nope.txt") and info.value.hint


def test_the_names_after_submission_by():
    from c7draft.documents.converted_text import names_after

    front = ["Twenty-ninth session", "Submission by", "ITC,  UNCTAD and UPU", "This submission was prepared"]
    assert names_after(front, "Submission by") == "ITC, UNCTAD and UPU"
    assert names_after(["Submission by ITC and UPU", "Next"], "Submission by") == "ITC and UPU"
    assert names_after(["A title", "Submission by"], "Submission by") == ""  # nothing after it
    assert names_after(["Submission by", "ITC"], "Submission by") == "ITC"  # the last paragraph
    assert names_after(["Submissions by the entities"], "Submission by") == ""


def test_markdown_notes_and_windows_line_ends_are_read_as_the_text_they_carry():
    """A Markdown draft (as `c7draft preview` writes it) keeps its notes out of the body; a
    file saved with Windows or old Mac line ends reads as one with Unix ones."""
    notes = parse_converted_text("UNCTAD acted.[^1] Then\nmore.\n\n[^1]: A note.\n\nNext one.\n")
    assert [p.text for p in notes.paragraphs] == ["UNCTAD acted. Then more.", "Next one."]
    unix = "First line\nsecond line.\n\nNext paragraph.\n"
    for ends in ("\r\n", "\r"):
        converted = parse_converted_text(unix.replace("\n", ends))
        assert [p.text for p in converted.paragraphs] == ["First line second line.", "Next paragraph."]


def test_a_paragraph_is_its_lines_whatever_they_start_with():
    assert [p.text for p in parse_converted_text("The report by\nUNCTAD was read.\n").paragraphs] == [
        "The report by UNCTAD was read."
    ]


def test_a_footnote_block_may_open_the_text():
    converted = parse_converted_text("¹ A note at the top.\n\nBody text.¹\n")
    assert converted.footnotes == {1: "A note at the top."}
    assert [p.marked_text for p in converted.paragraphs] == ["Body text.[^1]"]


def test_only_a_title_closed_at_a_page_break_takes_the_words_after_the_notes():
    """The title repair needs the cut paragraph to end on a closed italic title: not on
    plain words after an earlier title, nor on a lone star after an odd count of them."""
    plain = parse_converted_text(
        "- The *Report* was cited by the Member States of the\n\n¹ A note.\n\nDevelopment Partners, which met.\n"
    )
    assert [(p.text, p.italic_spans) for p in plain.paragraphs] == [
        ("The Report was cited by the Member States of the Development Partners, which met.", ["Report"])
    ]
    odd = parse_converted_text(
        "- A rate of 5 * 3 in the *Report*\n\n¹ A note.\n\nDevelopment Partners, which met.\n"
    )
    assert odd.paragraphs[0].italic_spans == ["Report"]


def test_a_bold_span_holds_its_lines_even_a_dash_line():
    converted = parse_converted_text("**Part A** and **the rest of the\n- header** here.\n")
    assert [p.text for p in converted.paragraphs] == ["Part A and the rest of the - header here."]


def test_a_marker_in_a_links_words_makes_its_note_a_note():
    converted = parse_converted_text("- UNCTAD's [eTrade for Women²](#) grew.\n² A note.\n")
    assert converted.footnotes == {2: "A note."}
    assert [p.text for p in converted.paragraphs] == ["UNCTAD's eTrade for Women grew."]


def test_a_title_keeps_no_marker():
    converted = parse_converted_text("The *Digital Report¹* was read.\n\n¹ A note.\n")
    assert converted.paragraphs[0].italic_spans == ["Digital Report"]
