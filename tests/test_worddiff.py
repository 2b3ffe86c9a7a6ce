"""review.worddiff: the word diff `diff` and `pull` share; and review.redline's diff of
inlines (runs, italics, links, line breaks, footnotes) built on it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from c7draft.docx_io.redline import TrackedNote
from c7draft.model import FootnoteRef, LineBreak, Run
from c7draft.review.redline import tracked_inlines
from c7draft.review.worddiff import (
    REWRITE_BELOW,
    Piece,
    Span,
    diff_text,
    diff_tokens,
    is_rewrite,
    kept_share,
    render,
    tokens,
)

ROOT = Path(__file__).resolve().parents[1]


def sides(pieces: list[Piece]) -> tuple[str, str]:
    old = "".join(p.text for p in pieces if p.kind != "insert")
    new = "".join(p.text for p in pieces if p.kind != "delete")
    return old, new


def changes(pieces: list[Piece]) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in pieces if p.kind != "equal"]


SENTENCE = (
    "UNCTAD's eTrade for Women initiative delivered masterclasses for female digital "
    "entrepreneurs and established a new regional community in South Asia."
)


def test_one_word_edit_is_that_word_only():
    pieces = diff_text(SENTENCE, SENTENCE.replace("delivered", "held"))
    assert changes(pieces) == [("delete", "delivered"), ("insert", "held")]


def test_a_word_added_or_removed_with_its_space():
    pieces = diff_text(SENTENCE, SENTENCE.replace("new regional", "regional"))
    assert changes(pieces) in ([("delete", "new ")], [("delete", " new")])
    pieces = diff_text(SENTENCE, SENTENCE + " It grew.")
    assert changes(pieces) == [("insert", " It grew.")]


def test_italics_on_show_as_the_added_marks():
    pieces = diff_text(SENTENCE, SENTENCE.replace("eTrade for Women", "*eTrade for Women*"))
    assert changes(pieces) == [("insert", "*"), ("insert", "*")]


def test_links_and_footnotes_are_tokens_of_their_own():
    assert tokens("see [the report](https://unctad.org/x)^[See <https://a.org>].") == [
        "see", " ", "[", "the", " ", "report", "](https://unctad.org/x)", "^[", "See", " ", "<",
        "https://a.org", ">", "]", ".",
    ]  # fmt: skip
    pieces = diff_text("see [the report](https://unctad.org/x).", "see [the report](https://unctad.org/y).")
    assert changes(pieces) == [("delete", "](https://unctad.org/x)"), ("insert", "](https://unctad.org/y)")]


def test_nearby_edits_read_as_one_phrase_not_confetti():
    old = "The IGE met in Geneva in a hybrid format and agreed on recommendations."
    new = "The IGE met in Geneva in May 2025 and adopted recommendations."
    pieces = diff_text(old, new)
    assert sides(pieces) == (old, new)
    # " and" between the two edits is folded into them: one deletion, one insertion
    assert changes(pieces) == [
        ("delete", "a hybrid format and agreed on"),
        ("insert", "May 2025 and adopted"),
    ]


def test_a_rewritten_paragraph_is_one_deletion_plus_one_insertion():
    old = "ITC trained 300 women entrepreneurs in e-commerce across Africa in the year."
    new = "The secretariat of the UPU led a new postal programme for the region of Asia."
    pieces = diff_text(old, new)
    assert is_rewrite(pieces) and changes(pieces) == [("delete", old), ("insert", new)]
    assert kept_share(old, new) < REWRITE_BELOW
    # text only added (or only cut) is never a rewrite, however much is added
    longer = SENTENCE + " " + new * 3
    assert kept_share(SENTENCE, longer) == 1.0 and not is_rewrite(diff_text(SENTENCE, longer))


def test_equal_texts_and_empty_sides():
    assert changes(diff_text(SENTENCE, SENTENCE)) == []
    assert changes(diff_text("", "New text.")) == [("insert", "New text.")]
    assert changes(diff_text("Old text.", "")) == [("delete", "Old text.")]


def test_one_word_changed_in_a_long_bullet_is_that_word_only():
    # difflib's "autojunk" would treat tokens found in over 1% of a text of 200 tokens or
    # more (every space, "the", "of") as junk, and the whole bullet would read as rewritten
    seed = (ROOT / "seeds" / "cstd29-2026-c7-submission.txt").read_text(encoding="utf-8")
    longest = max(seed.splitlines(), key=len)
    assert len(tokens(longest)) >= 200
    edited = longest.replace(" the ", " a ", 1)
    assert changes(diff_text(longest, edited)) == [("delete", "the"), ("insert", "a")]


def test_the_rewrite_threshold_is_a_share_kept_below_it():
    # 7 characters of the shorter side's 20 kept: exactly REWRITE_BELOW, so still word changes
    old, new = ["a" * 7, "b" * 13], ["a" * 7, "c" * 13]
    assert 7 / 20 == REWRITE_BELOW
    assert [s.kind for s in diff_tokens(old, new)] == ["equal", "delete", "insert"]
    old, new = ["a" * 6, "b" * 14], ["a" * 6, "c" * 14]  # 6 of 20: rewritten
    assert diff_tokens(old, new) == [Span("delete", 0, 2, 0, 0), Span("insert", 2, 2, 0, 2)]


def test_a_text_only_added_to_keeps_all_of_the_shorter_side():
    assert kept_share("", "New text.") == 1.0 and kept_share("Old text.", "") == 1.0
    assert kept_share("", "") == 1.0


def test_an_equal_stretch_is_folded_when_no_longer_than_the_changes_on_both_sides():
    # six equal characters between changes of 3 + 3 characters on each side: folded
    folded = diff_tokens(["xxx", "EEEEEE", "yyy"], ["ppp", "EEEEEE", "qqq"], rewrite_below=0)
    assert folded == [Span("delete", 0, 3, 0, 0), Span("insert", 3, 3, 0, 3)]
    # the change after it is 2 + 2 characters, shorter than the six: kept apart
    kept = diff_tokens(["xxx", "EEEEEE", "yy"], ["ppp", "EEEEEE", "qq"], rewrite_below=0)
    assert [(s.kind, s.old_start, s.old_end) for s in kept] == [
        ("delete", 0, 1),
        ("insert", 1, 1),
        ("equal", 1, 2),
        ("delete", 2, 3),
        ("insert", 3, 3),
    ]


def test_render_coloured_and_plain():
    pieces = diff_text(SENTENCE, SENTENCE.replace("delivered", "held"))
    plain = render(pieces, colour=False)
    assert "[-delivered-]{+held+}" in plain and "\x1b[" not in plain
    coloured = render(pieces, colour=True)
    assert "\x1b[9;31mdelivered\x1b[0m" in coloured and "\x1b[4;32mheld\x1b[0m" in coloured


words = st.sampled_from(["the", "UNCTAD", "*", "report", "[", "](https://a.org)", "^[", "]", "in", "2025."])
texts = st.lists(st.tuples(words, st.sampled_from([" ", "", "  ", "\n"])), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts)
)


@given(texts, texts)
def test_the_pieces_give_both_texts_back(old, new):
    assert "".join(tokens(old)) == old
    pieces = diff_text(old, new)
    assert sides(pieces) == (old, new)
    kinds = [p.kind for p in pieces]
    assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))  # neighbours differ


# ----------------------------------------------------------------------------- inlines (the redline's diff)

URL = "https://a.org"
run = st.builds(
    Run,
    st.sampled_from(["the ", "report", " ", "UNCTAD's", "2025.", "e-commerce ", "in Geneva"]),
    italic=st.booleans(),
    url=st.sampled_from([None, None, URL]),
)
inline = st.one_of(
    run,
    st.just(LineBreak()),
    st.builds(lambda runs: FootnoteRef(1, tuple(runs)), st.lists(run, min_size=1, max_size=4)),
)


def _chars(items, keep: str) -> list[tuple]:
    """Each character a reader sees after accepting ("ins") or rejecting ("del") every change:
    (character, italic, url), a note as its own list."""
    out: list[tuple] = []
    for t in items:
        if t.change not in (None, keep):
            continue
        if isinstance(t.item, TrackedNote):
            out.append(("note", tuple(_chars(t.item.content, keep))))
        elif isinstance(t.item, LineBreak):
            out.append(("br",))
        else:
            shown = t.was if keep == "del" and t.was is not None else t.item
            out += [(ch, shown.italic, t.item.url) for ch in t.item.text]
    return out


def _plain(inlines) -> list[tuple]:
    out: list[tuple] = []
    for i in inlines:
        if isinstance(i, FootnoteRef):
            out.append(("note", tuple(_plain(i.content))))
        elif isinstance(i, LineBreak):
            out.append(("br",))
        else:
            out += [(ch, i.italic, i.url) for ch in i.text]
    return out


@given(st.lists(inline, max_size=12), st.lists(inline, max_size=12))
@example(  # the same text and the same links in turn, but a link over other characters
    old=[FootnoteRef(1, (Run("the "), Run(" ", italic=True, url=URL), Run(" ", italic=True, url=URL)))],
    new=[FootnoteRef(1, (Run("the ", italic=True), Run(" ", italic=True), Run(" ", url=URL)))],
)
def test_accepting_the_tracked_inlines_gives_new_and_rejecting_gives_old(old, new):
    tracked = tracked_inlines(old, new)
    assert _chars(tracked, "ins") == _plain(new)
    assert _chars(tracked, "del") == _plain(old)


def test_a_formatting_boundary_moved_inside_a_word_is_a_format_change_of_the_letters_between():
    old = [Run("abc", italic=True), Run("d")]
    new = [Run("ab", italic=True), Run("cd")]
    assert [(t.item, t.change, t.was) for t in tracked_inlines(old, new)] == [
        (Run("ab", italic=True), None, None),
        (Run("c"), None, Run("c", italic=True)),  # was italic
        (Run("d"), None, None),
    ]


def test_a_footnote_weighs_one_character_in_the_rewrite_share():
    # kept: the note (1) and a space (1) of the shorter side's 6: a third, under the 35 per
    # cent of a rewrite, so the whole paragraph is deleted and inserted
    note = FootnoteRef(1, (Run("A note."),))
    tracked = tracked_inlines([note, Run(" xxxx")], [note, Run(" yyyy")])
    assert [(type(t.item).__name__, getattr(t.item, "text", ""), t.change) for t in tracked] == [
        ("TrackedNote", "", "del"),
        ("Run", " xxxx", "del"),
        ("TrackedNote", "", "ins"),
        ("Run", " yyyy", "ins"),
    ]
