"""review.match: which record a paragraph of a reviewed .docx stands for, by its mark, then
by its text; and `diff`'s pairing of renamed records. Built from paragraphs and base items
made here, with texts whose scores are known exactly, so each bar is tested at its value:
a paragraph is never guessed into a record it is not clearly the best match for."""

from __future__ import annotations

import pytest

from c7draft.docx_io import DocxParagraph
from c7draft.model import BaseItem, BuildBase
from c7draft.review.match import (
    MARGIN,
    RELATED,
    SURE,
    base_text,
    match_paragraphs,
    pair_by_text,
    relatedness,
    similarity,
)

# One word of 20 letters, and the same with letters replaced: each one replaced takes 5 off
# the similarity. Normalised text is lower case, so "z" and "Z" are the same letter.
TEXT = "abcdefghijklmnopqrst"


def edited(replaced: int, start: int = 0) -> str:
    """TEXT with ``replaced`` letters replaced, at every second place from ``start``."""
    letters = list(TEXT)
    for i in range(start, start + 2 * replaced, 2):
        letters[i] = "z"
    return "".join(letters)


AT_RELATED = "azczezgzizkzmzopqrst"  # 65 by similarity and by relatedness, found by search
BELOW_RELATED = "azczezgzizkzmzozqrst"  # 60


def para(text: str, *marks: str, notes: tuple[int, ...] = ()) -> DocxParagraph:
    return DocxParagraph(text, "List Bullet", True, footnote_ids=list(notes), marks=list(marks))


def bullet(key: str, text: str) -> BaseItem:
    return BaseItem(key, "bullet", text, record_id=key)


def matching(paragraphs: list[DocxParagraph], *items: BaseItem):
    found = match_paragraphs(paragraphs, BuildBase(29, ("ITC",), list(items)))
    return [(m.how, m.item.key if m.item else None, [c.key for c in m.candidates]) for m in found.paragraphs]


def test_the_texts_score_as_the_tests_need():
    assert [similarity(TEXT, edited(n)) for n in (0, 1, 2, 3, 4)] == [100.0, 95.0, 90.0, 85.0, 80.0]
    assert similarity(TEXT, edited(3)) == SURE and 95.0 - SURE == MARGIN
    assert relatedness(TEXT, AT_RELATED) == RELATED and relatedness(TEXT, BELOW_RELATED) < RELATED


def test_texts_equal_once_normalised_are_100():
    # case, curly quotes and numbers are normalised as `check` compares sentences
    assert similarity("UNCTAD’s 5 reports.", "unctad's 7 Reports.") == 100.0
    assert relatedness("UNCTAD’s 5 reports.", "unctad's 7 Reports.") == 100.0


def test_a_bullets_base_text_is_its_text_without_markup_and_a_derived_ones_as_it_was():
    item = BaseItem("k", "bullet", "The *SME Outlook*^[A note.] and [a link](https://a.org).")
    assert base_text(item) == "The SME Outlook and a link."
    derived = BaseItem("h", "derived", "Part *2*: [heading]")
    assert base_text(derived) == "Part *2*: [heading]"


# ---------------------------------------------------------------- by text: the bars at their values
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (edited(3), [("text", "a", [])]),  # exactly SURE: the same paragraph, edited
        (edited(4), [("unmatched", None, ["a"])]),  # under SURE, but related: reported, never guessed
        (AT_RELATED, [("unmatched", None, ["a"])]),  # exactly RELATED
        (BELOW_RELATED, [("new", None, [])]),  # under RELATED: added in Word
    ],
)
def test_a_paragraph_that_lost_its_mark_against_one_record(text, expected):
    assert matching([para(text)], bullet("a", TEXT)) == expected


def test_the_best_record_must_lead_the_next_by_the_margin():
    close, far, farther = (
        bullet("close", edited(1)),
        bullet("far", edited(3, 1)),
        bullet("farther", edited(2, 1)),
    )
    # 95 against 85: exactly MARGIN apart, sure
    assert matching([para(TEXT)], close, far) == [("text", "close", [])]
    # 95 against 90: not sure, and both are named, the best first
    assert matching([para(TEXT)], farther, close) == [("unmatched", None, ["close", "farther"])]


def test_two_paragraphs_sure_of_one_record_the_better_takes_it():
    # the first paragraph in the document is the worse: it is left unmatched, naming the record
    assert matching([para(edited(2)), para(edited(1))], bullet("a", TEXT)) == [
        ("unmatched", None, ["a"]),
        ("text", "a", []),
    ]


# ---------------------------------------------------------------- by mark
def test_empty_paragraphs_are_passed_over_but_one_holding_a_footnote_is_not():
    found = match_paragraphs([para(""), para(" "), para("", notes=(3,)), para(TEXT)], BuildBase(29, ()))
    assert [(m.index, m.how) for m in found.paragraphs] == [(2, "new"), (3, "new")]


def test_a_paragraph_copied_with_its_mark_does_not_take_the_record_twice():
    # Word copies the mark with the text: the first paragraph keeps the record, the copy is new
    a, b = bullet("a", TEXT), bullet("b", "something else entirely")
    assert matching([para(TEXT, "a"), para(TEXT, "a")], a, b) == [("mark", "a", []), ("new", None, [])]


def test_an_unknown_mark_is_passed_over_and_the_text_decides():
    assert matching([para(edited(1), "gone")], bullet("a", TEXT)) == [("text", "a", [])]


def test_two_paragraphs_joined_keep_the_mark_of_the_one_whose_text_it_is():
    a, b = bullet("a", edited(1)), bullet("b", edited(3, 1))
    # 95 against 85: exactly MARGIN apart, the better one's mark
    assert matching([para(TEXT, "b", "a")], a, b) == [("mark", "a", [])]
    # 95 against 90: neither mark is trusted; by text, it is like both
    c = bullet("c", edited(2, 1))
    assert matching([para(TEXT, "c", "a")], a, c) == [("unmatched", None, ["a", "c"])]


def test_a_mark_on_a_paragraph_unlike_its_text_goes_to_the_paragraph_that_is_its_text():
    """Enter typed at the start of a bullet, then a new bullet typed: the mark stays on the
    new text, and the old text below has none."""
    a, c = bullet("a", TEXT), bullet("c", "quite another bullet about postal services")
    # the marked paragraph is now another record's text: both are matched by text
    assert matching([para("quite another bullet about postal services!", "a"), para(TEXT)], a, c) == [
        ("text", "c", []),
        ("text", "a", []),
    ]
    # the marked paragraph is exactly RELATED to its own text: the mark is kept
    assert matching([para(AT_RELATED, "a"), para(TEXT)], a, c) == [("mark", "a", []), ("new", None, [])]
    # the unmarked one is exactly SURE of it: the mark is released
    assert matching([para(BELOW_RELATED, "a"), para(edited(3))], a, c) == [
        ("new", None, []),
        ("text", "a", []),
    ]


def test_a_released_paragraph_keeps_its_place_in_the_document():
    # the released paragraph comes first in the document: of two paragraphs as sure of one
    # record, it takes the record, as the first of equals does
    other = "quite another bullet about postal services"
    a, c = bullet("a", TEXT), bullet("c", other)
    found = matching([para(edited(1), "c"), para(other), para(edited(1, 1))], a, c)
    assert found == [("text", "a", []), ("text", "c", []), ("unmatched", None, ["a"])]


def test_by_key_names_only_matched_paragraphs():
    found = match_paragraphs(
        [para(TEXT, "a"), para("nothing like it")], BuildBase(29, (), [bullet("a", TEXT)])
    )
    assert list(found.by_key()) == ["a"] and found.missing == []


# ---------------------------------------------------------------- diff: records renamed
def test_a_renamed_record_is_paired_only_when_sure_and_clearly_the_best():
    assert pair_by_text({"old": TEXT}, {"new": edited(3)}) == {"new": "old"}  # exactly SURE, one old text
    assert pair_by_text({"old": TEXT}, {"new": edited(4)}) == {}
    assert pair_by_text({"o1": edited(1), "o2": edited(3, 1)}, {"new": TEXT}) == {"new": "o1"}  # MARGIN
    assert pair_by_text({"o1": edited(1), "o2": edited(2, 1)}, {"new": TEXT}) == {}


def test_two_new_texts_sure_of_one_old_text_the_better_is_paired():
    assert pair_by_text({"old": TEXT}, {"worse": edited(2), "better": edited(1)}) == {"better": "old"}
    assert pair_by_text({"old": TEXT}, {"better": edited(1), "worse": edited(2)}) == {"better": "old"}
