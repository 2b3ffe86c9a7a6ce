"""Assembly: derived front matter, footnote numbering and placement, inline markup, order."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from c7draft.assemble import load_draft
from c7draft.errors import MarkupError
from c7draft.markup import escape_markdown, parse_paragraph
from c7draft.model import FootnoteRef, Run
from c7draft.session import Session, date_range, ordinal_number
from helpers import edited

MINIMAL = Path(__file__).parent / "data" / "minimal"


def texts(draft, kind=None):
    return [b.text for b in draft.blocks if kind is None or b.kind == kind]


def test_front_matter_is_derived_from_session_and_dates():
    draft = load_draft(MINIMAL)
    front = "\n".join(b.text for b in draft.blocks if b.location == "front matter")
    assert "Twenty-ninth session\nGeneva, 20-24 April 2026" in front
    assert "on their efforts in 2025 to implement" in front
    assert "(to the 29th session of the CSTD)" in front
    assert "For the CSTD twenty-ninth session in April 2026" in front
    assert "International Trade Centre and UN Trade & Development" in front
    assert "the United Nations or the UN Trade and Development." in front
    assert "Co-facilitators: ITC, UNCTAD" in front
    assert all(b.boilerplate for b in draft.blocks if b.location == "front matter")


@pytest.mark.parametrize(
    "number, opens, closes, words",
    [
        (
            27,
            date(2024, 4, 15),
            date(2024, 4, 19),
            ("Twenty-seventh", "15-19 April 2024", "27th", "April 2024", 2023),
        ),
        (
            29,
            date(2026, 4, 20),
            date(2026, 4, 24),
            ("Twenty-ninth", "20-24 April 2026", "29th", "April 2026", 2025),
        ),
        (
            32,
            date(2029, 4, 30),
            date(2029, 5, 4),
            ("Thirty-second", "30 April-4 May 2029", "32nd", "April 2029", 2028),
        ),
    ],
)
def test_session_words(number, opens, closes, words):
    values = Session(number, opens, closes, "Geneva").words()
    assert (
        values["session_ordinal_title"],
        values["session_dates"],
        values["session_ordinal_number"],
        values["session_month_year"],
        values["reporting_year"],
    ) == words


def test_ordinals_past_a_hundred_follow_their_last_two_digits():
    assert [ordinal_number(n) for n in (111, 112, 113, 121, 211)] == [
        "111th",
        "112th",
        "113th",
        "121st",
        "211th",
    ]


def test_a_session_is_a_value():
    """Equal sessions are one (a key of a dict, a member of a set) and none is changed in
    place: every module that holds one sees the same dates."""
    import dataclasses
    from datetime import date

    a = Session(29, date(2026, 4, 20), date(2026, 4, 24), "Geneva")
    assert {a: 1}[Session(29, date(2026, 4, 20), date(2026, 4, 24), "Geneva")] == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.venue = "New York"


def test_ordinals_and_ranges():
    assert [ordinal_number(n) for n in (1, 2, 3, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]
    assert date_range(date(2026, 12, 30), date(2027, 1, 2)) == "30 December 2026-2 January 2027"


def test_footnotes_numbered_in_order_of_appearance_across_the_document():
    draft = load_draft(MINIMAL)
    # order: puts the UNCTAD bullet (labelled note) before the ITC one (inline note)
    notes = draft.footnotes
    assert [n.number for n in notes] == [1, 2]
    assert notes[0].text == "See https://unctad.org/webflyer/digital-economy-report-2021"
    assert notes[1].text == "See https://intracen.org/sme-outlook"
    bullet = next(b for b in draft.blocks if b.source and b.source.record_id == "unctad-der")
    marker = bullet.inlines.index(notes[0])
    assert bullet.inlines[marker - 1].text.endswith("Digital Economy Report 2021")
    assert bullet.inlines[marker + 1].text.startswith(" and support to the G20")


def test_inline_markup_italics_links_and_footnote_links():
    counter = iter(range(1, 10)).__next__
    inlines = parse_paragraph(
        "The *Digital Economy Report 2024* and the [eTrade for all platform](https://etradeforall.org)."
        "^[See <https://unctad.org/der>.]",
        counter,
        file="x.yaml",
        line=1,
    )
    assert Run("Digital Economy Report 2024", italic=True) in inlines
    assert Run("eTrade for all platform", url="https://etradeforall.org") in inlines
    note = inlines[-1]
    assert isinstance(note, FootnoteRef) and note.number == 1
    assert Run("https://unctad.org/der", url="https://unctad.org/der") in note.content


def test_record_with_two_paragraphs_is_an_error():
    with pytest.raises(MarkupError, match="must be one paragraph"):
        parse_paragraph("One.\n\nTwo.", iter(range(1, 5)).__next__, file="x.yaml", line=3)


def test_unused_labelled_footnote_is_an_error():
    with pytest.raises(MarkupError, match="never placed"):
        parse_paragraph("Text.", iter(range(1, 5)).__next__, file="x.yaml", line=3, notes={"a": "A note."})


def _inlines(source, notes=None):
    return parse_paragraph(source, iter(range(1, 9)).__next__, file="x.yaml", line=1, notes=notes)


@pytest.mark.parametrize(
    "source, text",
    [
        ("two\nlines", "two lines"),  # a line break inside the YAML text is a space
        ("See <https://x.org/_layouts/page>.", "See https://x.org/_layouts/page."),  # `_` in an autolink
        ("Exports grew by 5 *", "Exports grew by 5 *"),  # a lone `*` at the very end of a text
    ],
)
def test_markup_that_is_plain_text(source, text):
    assert "".join(i.text for i in _inlines(source) if isinstance(i, Run)) == text


@pytest.mark.parametrize(
    "source, runs",
    [
        ("**Report** 2025", [Run("Report", bold=True), Run(" 2025")]),
        (
            "*The **Digital** Report*",
            [Run("The ", italic=True), Run("Digital", italic=True, bold=True), Run(" Report", italic=True)],
        ),
        # a line break inside italics or bold is a space in them; one outside, a plain space
        ("*two\nlines* and\nmore", [Run("two lines", italic=True), Run(" and more")]),
        ("**two\nlines** and\nmore", [Run("two lines", bold=True), Run(" and more")]),
    ],
)
def test_bold_and_italic_runs(source, runs):
    assert _inlines(source) == runs


@pytest.mark.parametrize(
    "text",
    ["1. Item", "2) Item", "# Title", "> Quote", "- Item", "+ Item", "= Item", "A *5* & <b> [^x] ^[y]"],
)
def test_text_escaped_as_markdown_reads_back_as_itself(text):
    assert _inlines(escape_markdown(text)) == [Run(text)]


UNCLOSED_NOTE = ("unclosed-footnote", "the footnote `^[never closed` is never closed")
CLOSES = "`{}`: the `*` closes italics that were never opened"


@pytest.mark.parametrize(
    "source, notes, problems",
    [
        (
            "Text.[^a]",
            {"a": "One.\n\nTwo."},
            [("footnote-paragraphs", "footnote `a` has more than one paragraph")],
        ),
        # a reference without a note names that, not also the note whose label it misspells
        ("Text.[^b]", {"a": "A note."}, [("footnote-without-note", "footnote reference [^b] has no text")]),
        ("^[never closed", None, [UNCLOSED_NOTE]),  # at the very start of the text
        ("*Report*^[never closed", None, [UNCLOSED_NOTE]),  # right after markup
        # the unclosed note explains the stray `*` inside it: one message, not a second one
        (
            "Text ^[See the *Report 2024.",
            None,
            [("unclosed-footnote", "the footnote `^[See the *Report 2024.` is never closed")],
        ),
        # two stray marks in one text: the first is named, once
        (
            "ITC *launched the Accelerator **for SMEs.",
            None,
            [
                (
                    "unclosed-emphasis",
                    "`*launched the Accelerator **fo…`: the `*` opens italics that are never closed",
                )
            ],
        ),
        # a `*` after a word and before punctuation closes italics
        (
            "ITC launched the Accelerator*, for SMEs.",
            None,
            [
                (
                    "unclosed-emphasis",
                    "`ITC launched the Accelerator*`: the `*` closes italics that were never opened",
                )
            ],
        ),
        # a `*` right after the first character closes italics
        ("A* is the top grade.", None, [("unclosed-emphasis", CLOSES.format("A*"))]),
        # a `*` at the very end of a text, after a word, closes italics
        (
            "ITC launched the Accelerator*",
            None,
            [("unclosed-emphasis", CLOSES.format("ITC launched the Accelerator*"))],
        ),
        # a `*` after a space opens italics, even before punctuation
        (
            "Rated 5 *, the top grade.",
            None,
            [("unclosed-emphasis", "`*, the top grade.`: the `*` opens italics that are never closed")],
        ),
        # a closing `*` is shown with the 29 characters before it, cut with `…` only past them
        (
            "ITC launched the Accelerators*, for SMEs.",
            None,
            [("unclosed-emphasis", CLOSES.format("ITC launched the Accelerators*"))],
        ),
        (
            "ITC launched the Accelerator 2*, for SMEs.",
            None,
            [("unclosed-emphasis", CLOSES.format("…TC launched the Accelerator 2*"))],
        ),
        # a `*` right after a link starts its own text: it opens italics, it closes none
        (
            "[Report](https://x.org)*.",
            None,
            [("unclosed-emphasis", "`*.`: the `*` opens italics that are never closed")],
        ),
    ],
)
def test_markup_refused_with_one_message_each(source, notes, problems):
    with pytest.raises(MarkupError) as caught:
        _inlines(source, notes)
    assert [(p.rule, p.message) for p in caught.value.problems] == problems


@pytest.mark.parametrize(
    "source, message",
    [
        ("Text.\n- item", "x.yaml:6: this text holds a list, which cannot stand in the document: “- item”"),
        (
            "Text.\n\n```\ncode here\n```",
            "x.yaml:7: this text holds a fenced code block, which cannot stand in the document: “code here”",
        ),
        (
            "Text.\n\n    code",
            "x.yaml:7: this text holds an indented code block, which cannot stand in the document: “code”",
        ),
        (
            "Text.\n\n---",
            "x.yaml:7: this text holds a thematic break (a line of ---, *** or ___), which cannot stand "
            "in the document: “---”",
        ),
        (
            "# Digital Economy Report",
            "x.yaml:5: this text holds a heading, which a record's text cannot be: “Digital Economy Report”",
        ),
    ],
)
def test_a_block_in_a_text_made_in_memory_is_refused_at_its_line_in_the_text(source, message):
    # the text starts at line 5 and has no file to point into: the block's own line is named
    with pytest.raises(MarkupError) as caught:
        parse_paragraph(source, iter(range(1, 9)).__next__, file="x.yaml", line=5)
    assert str(caught.value).partition("\n")[0] == message


def test_a_heading_made_by_a_comment_in_a_text_block_says_where_a_comment_goes():
    with pytest.raises(MarkupError) as caught:
        parse_paragraph("Text.\n# TODO: check the date", iter(range(1, 9)).__next__, file="x.yaml", line=5)
    assert "heading" in str(caught.value)
    assert caught.value.hint.endswith("(a YAML comment cannot stand inside a text: move it above the record)")


def test_default_order_is_entities_then_file_order_and_order_key_wins(tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    sub = folder / "submission.yaml"
    sub.write_text(sub.read_text().replace('order:\n  "2": [unctad-der, itc-outlook]\n', ""))
    bullets = [b.source.record_id for b in load_draft(folder).blocks if b.kind == "bullet"]
    assert bullets == ["itc-outlook", "unctad-der", "itc-accelerator", "unctad-gdc"]

    bullets = [b.source.record_id for b in load_draft(MINIMAL).blocks if b.kind == "bullet"]
    assert bullets == ["unctad-der", "itc-outlook", "itc-accelerator", "unctad-gdc"]


def test_records_left_out_of_order_go_last_with_a_warning(tmp_path):
    from c7draft.validate import validate

    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    sub = folder / "submission.yaml"
    sub.write_text(sub.read_text().replace("[unctad-der, itc-outlook]", "[unctad-der]"))
    bullets = [
        b.source.record_id for b in load_draft(folder).blocks if b.location == "Part 2" and b.kind == "bullet"
    ]
    assert bullets == ["unctad-der", "itc-outlook"]
    assert [p.rule for p in validate(folder) if "record `itc-outlook`" in p.message] == ["unordered-record"]


def test_locations_and_boilerplate_flags():
    draft = load_draft(MINIMAL)
    kinds = [(b.kind, b.location, b.boilerplate) for b in draft.blocks if b.location != "front matter"]
    assert ("prompt", "Part 3 a)", True) in kinds
    assert ("bullet", "Part 3 b)", False) in kinds
    assert ("heading", "Part 2", True) in kinds
    assert ("paragraph", "Part 1", False) in kinds
    assert ("heading", "Part 1", True) in kinds


@pytest.mark.parametrize(
    "number, words",
    [
        (1, "first"),
        (2, "second"),
        (3, "third"),
        (5, "fifth"),
        (8, "eighth"),
        (9, "ninth"),
        (12, "twelfth"),
        (13, "thirteenth"),
        (20, "twentieth"),
        (21, "twenty-first"),
        (27, "twenty-seventh"),
        (29, "twenty-ninth"),
        (30, "thirtieth"),
        (42, "forty-second"),
        (100, "one hundredth"),
        (112, "one hundred and twelfth"),
        (999, "nine hundred and ninety-ninth"),
    ],
)
def test_ordinal_words(number, words):
    from c7draft.session import ordinal_words

    assert ordinal_words(number) == words


@pytest.mark.parametrize("number", [0, 1000])
def test_ordinal_words_only_for_numbers_it_can_spell(number):
    from c7draft.session import ordinal_words

    with pytest.raises(ValueError, match="out of range"):
        ordinal_words(number)


def test_masthead_lines_are_the_all_bold_paragraphs_and_their_style_carries_the_bold():
    front = [b for b in load_draft(MINIMAL).blocks if b.location == "front matter"]
    assert [b.kind for b in front] == ["masthead"] * 3 + ["paragraph"] * 4 + ["masthead"] * 3
    assert [b.text for b in front if b.kind == "paragraph"][0] == "Submission by"
    assert not [r for b in front for r in b.inlines if isinstance(r, Run) and r.bold]


def test_a_single_co_facilitator_is_named_facilitator(tmp_path):
    folder = edited(
        tmp_path,
        MINIMAL,
        "submission.yaml",
        "    records: itc.yaml",
        "    records: itc.yaml\n    role: contributor",
    )
    front = "\n".join(b.text for b in load_draft(folder).blocks if b.location == "front matter")
    assert "Facilitator: UNCTAD" in front and "Co-facilitators" not in front


def test_an_empty_summary_and_an_empty_section_say_so_on_the_page_and_in_warnings(tmp_path):
    summary = "  - >-\n    Action line C7 (e-business) in 2025 was implemented against a new backdrop.\n"
    edited(tmp_path, MINIMAL, "submission.yaml", f"executive_summary:\n{summary}", "executive_summary: []\n")
    folder = edited(tmp_path, MINIMAL, "unctad.yaml", "    section: 3b", "    section: 3a")
    draft = load_draft(folder)
    placeholders = [(b.location, b.kind, b.boilerplate) for b in draft.blocks if b.text == "[to be written]"]
    assert placeholders == [("Part 1", "paragraph", True), ("Part 3 b)", "paragraph", True)]
    assert draft.warnings == [
        'Part 1: `executive_summary` in submission.yaml is empty; the .docx says "[to be written]" there',
        'Part 3 b): section 3b has no records yet; the .docx says "[to be written]" there',
    ]
    made_by = {item.text: item.derived_from for item in draft.base.items if item.kind == "derived"}
    assert made_by["[to be written]"] == "placeholder"


def test_records_no_agency_claims_are_named_in_a_warning(tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    (folder / "unassigned.yaml").write_text(
        "entity: unassigned\nrecords:\n  - id: orphan\n    section: 3b\n    text: A bullet no agency claims.\n",
        encoding="utf-8",
    )
    assert load_draft(folder).warnings == [
        "unassigned.yaml holds 1 record no agency claims yet (orphan): move each into its agency's file"
    ]
    assert load_draft(MINIMAL).warnings == []


def test_the_stored_base_says_what_each_block_was_built_from():
    """What `pull` reads back: each block's mark, the record (file, entity, section, notes)
    or summary paragraph it came from, or what a derived line is made from."""
    draft = load_draft(MINIMAL)
    assert [b.mark for b in draft.blocks] == [str(n) for n in range(1, len(draft.blocks) + 1)]
    assert (draft.base.session, draft.base.entities) == (29, ("ITC", "UNCTAD"))
    template = "the template front_matter.md.j2"
    assert [(i.kind, i.derived_from or i.record_id or i.file, i.section) for i in draft.base.items] == [
        ("derived", template, None),
        ("derived", "session, opens, closes, venue", None),
        ("derived", "session", None),
        ("derived", template, None),
        ("derived", "entities (name)", None),
        ("derived", "session, opens, closes", None),
        ("derived", "lead, entities (disclaimer_name)", None),
        ("derived", "action_line, entities (role)", None),
        ("derived", "outline (input_heading)", None),
        ("derived", "session, opens, closes", None),
        ("derived", "outline (summary_title)", None),
        ("summary", "submission.yaml", None),
        ("derived", "outline", "2"),
        ("bullet", "unctad-der", "2"),
        ("bullet", "itc-outlook", "2"),
        ("derived", "outline", "3a"),
        ("derived", "outline", "3a"),
        ("bullet", "itc-accelerator", "3a"),
        ("derived", "outline", "3b"),
        ("bullet", "unctad-gdc", "3b"),
    ]
    [der] = [i for i in draft.base.items if i.record_id == "unctad-der"]
    assert (der.file, der.entity, der.text) == (
        "unctad.yaml",
        "UNCTAD",
        "Building on the Digital Economy Report 2021[^der] and support to the G20, UNCTAD helped.",
    )
    assert der.notes == (("der", "See <https://unctad.org/webflyer/digital-economy-report-2021>"),)
    [summary] = [i for i in draft.base.items if i.kind == "summary"]
    assert summary.text == "Action line C7 (e-business) in 2025 was implemented against a new backdrop."
    assert [i.text for i in draft.base.items if i.kind == "derived"] == [
        b.text for b in draft.blocks if b.source is None
    ]
