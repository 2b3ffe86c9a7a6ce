"""inputs.edit: one value of a hand-written YAML file replaced, removed or added, every
other byte kept; the text folded in its own style at the file's width; read back as the
new value."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from c7draft.errors import OutputError
from c7draft.inputs.edit import YamlEdits, fold

RECORDS = """\
# a comment at the top
entity: ITC
records:
  # the first record
  - id: plain-one
    section: 2   # a comment after a value
    text: The ITC *SME Competitiveness Outlook 2025* provided evidence.
  - id: quoted
    section: 3a
    text: "A text in double quotes: with a colon."
  - id: literal
    section: 3b
    text: |
      A literal block
      on two lines.
  - id: folded
    section: "2"
    text: >-
      A folded block of text that is wrapped at a width of forty-two columns
      or so, as its author typed it.
"""


def _load(text: str):
    return YAML(typ="safe", pure=True).load(text)


def _changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_plain_text_stays_plain_and_nothing_else_moves():
    edits = YamlEdits(RECORDS, "itc.yaml")
    edits.set_text(("records", 0, "text"), "The ITC *SME Competitiveness Outlook 2026* gave evidence.")
    after = edits.result()
    assert _changed_lines(RECORDS, after) == [
        "-    text: The ITC *SME Competitiveness Outlook 2025* provided evidence.",
        "+    text: The ITC *SME Competitiveness Outlook 2026* gave evidence.",
    ]


def test_a_plain_text_that_would_need_quotes_becomes_a_folded_block():
    edits = YamlEdits(RECORDS, "itc.yaml")
    edits.set_text(("records", 0, "text"), "Note: a colon and space now.")
    after = edits.result()
    assert _load(after)["records"][0]["text"] == "Note: a colon and space now."
    assert "    text: >-\n      Note: a colon and space now.\n" in after


def test_quoted_literal_and_folded_texts_keep_their_style():
    edits = YamlEdits(RECORDS, "itc.yaml")
    edits.set_text(("records", 1, "text"), 'Still "quoted": yes.')
    edits.set_text(("records", 2, "text"), "A literal block, edited.")
    long = "A folded block of text that is wrapped at a width of forty-two columns or so, as its author typed it, and longer now."
    edits.set_text(("records", 3, "text"), long)
    after = edits.result()
    data = _load(after)["records"]
    assert data[1]["text"] == 'Still "quoted": yes.' and '    text: "Still \\"quoted\\": yes."' in after
    assert "    text: |\n      A literal block, edited." in after
    assert data[3]["text"] == long
    block = after.split("text: >-\n", 1)[1].splitlines()
    assert all(len(line) <= edits.width for line in block) and block[0].startswith("      A folded")
    assert after.startswith("# a comment at the top\n") and "# a comment after a value" in after


def test_removing_a_record_takes_its_comment_and_one_blank_line():
    edits = YamlEdits(RECORDS, "itc.yaml")
    edits.remove_item(("records", 0))
    after = edits.result()
    assert [r["id"] for r in _load(after)["records"]] == ["quoted", "literal", "folded"]
    assert "# the first record" not in after and after.startswith(
        "# a comment at the top\nentity: ITC\nrecords:\n  - id: quoted"
    )


def test_an_order_list_keeps_each_lines_comment_and_quoting():
    text = 'order:\n  "2":\n    - b   # second\n    - "2025"\n    - a\n  3a: [x, y]\n'
    edits = YamlEdits(text, "submission.yaml")
    edits.set_list(("order", "2"), ["a", "2025", "new", "b"])
    edits.set_list(("order", "3a"), ["y", "x", "z"])
    after = edits.result()
    assert after == 'order:\n  "2":\n    - a\n    - "2025"\n    - new\n    - b   # second\n  3a: [y, x, z]\n'


def test_an_edit_that_would_not_read_back_writes_nothing():
    edits = YamlEdits(RECORDS, "itc.yaml")
    edits.set_text(("records", 0, "text"), "x")
    edits.edits[-1].text = "[unclosed"
    with pytest.raises(OutputError, match="itc.yaml"):
        edits.result()


@pytest.mark.parametrize("text", ["one", "a b", "word " * 40 + "end", "x  y with two spaces " * 5])
def test_folding_gives_the_text_back(text):
    text = text.strip()
    lines = fold(text, 30)
    assert lines is not None and " ".join(lines) == text
    assert all(len(line) <= 30 or " " not in line.strip() for line in lines if "  " not in line)


# ---------------------------------------------------------------- lists: removing and adding
# Each case: the file, the edit, and the whole file after it, byte for byte.
SPACED = "records:\n  - id: a\n    text: A.\n\n  # about b\n  - id: b\n    text: B.\n\n  - id: c\n    text: C.\nnext: 1\n"
GLUED = "records:\n  - id: a\n    text: A.\n  - id: b\n    text: B.\n\n  # ---- Part 3 ----\n  - id: c\n    text: C.\n"
NEW = "  - id: n\n    text: N."


def _edited(text: str, *edits) -> str:
    yaml_edits = YamlEdits(text, "f.yaml")
    for name, *args in edits:
        getattr(yaml_edits, name)(*args)
    return yaml_edits.result()


@pytest.mark.parametrize(
    ("text", "edits", "after"),
    [
        pytest.param(  # the blank line below goes with it: b moves up under the key
            SPACED,
            [("remove_item", ("records", 0))],
            "records:\n  # about b\n  - id: b\n    text: B.\n\n  - id: c\n    text: C.\nnext: 1\n",
            id="first of several",
        ),
        pytest.param(  # its comment and one of the two blank lines beside it
            SPACED,
            [("remove_item", ("records", 1))],
            "records:\n  - id: a\n    text: A.\n\n  - id: c\n    text: C.\nnext: 1\n",
            id="between blank lines",
        ),
        pytest.param(  # no blank line above it: the one below still parts a from Part 3
            GLUED,
            [("remove_item", ("records", 1))],
            "records:\n  - id: a\n    text: A.\n\n  # ---- Part 3 ----\n  - id: c\n    text: C.\n",
            id="glued above, blank below",
        ),
        pytest.param(  # the file ends as it did, not on the blank line above the last item
            GLUED,
            [("remove_item", ("records", 2))],
            "records:\n  - id: a\n    text: A.\n  - id: b\n    text: B.\n",
            id="last of the file",
        ),
        pytest.param(  # the comment after the key stays after it; `records:` alone would be null
            "records:   # mine\n  # about a\n  - id: a\n    text: A.\n\nx: 1\n",
            [("remove_item", ("records", 0))],
            "records: []   # mine\n\nx: 1\n",
            id="the only item, the blank line under it kept",
        ),
        pytest.param(  # each dash alone on its line
            "records:\n  -\n    id: a\n    text: A.\n\n  -\n    id: b\n    text: B.\n",
            [("remove_item", ("records", 0))],
            "records:\n  -\n    id: b\n    text: B.\n",
            id="a dash on a line of its own",
        ),
        pytest.param(  # a heading comment not right above an item stays
            "records:\n  # ---- Part 2 ----\n\n  - id: a\n    text: A.\n\n  - id: b\n    text: B.\nx: 1\n",
            [("remove_item", ("records", 0)), ("remove_item", ("records", 1))],
            "records: []\n  # ---- Part 2 ----\n\nx: 1\n",
            id="every item",
        ),
        pytest.param(  # a file without a final line break keeps ending that way
            "records:\n  - id: a\n  - id: b",
            [("remove_item", ("records", 1))],
            "records:\n  - id: a",
            id="last of a file with no final line break",
        ),
        pytest.param(
            "order: [a, 'b', c]  # kept\n",
            [("remove_item", ("order", 1))],
            "order: [a, c]  # kept\n",
            id="flow",
        ),
    ],
)
def test_removing_an_item(text, edits, after):
    assert _edited(text, *edits) == after


@pytest.mark.parametrize(
    ("text", "after_item", "after"),
    [
        pytest.param(
            SPACED,
            None,
            SPACED.replace("next: 1", "\n" + NEW + "\nnext: 1"),
            id="at the end, a blank line as between the others",
        ),
        pytest.param(
            SPACED,
            0,
            SPACED.replace("\n\n  # about b", "\n\n" + NEW + "\n\n  # about b"),
            id="after the first, above the comment of the next",
        ),
        pytest.param(
            SPACED, -1, SPACED.replace("records:\n", "records:\n" + NEW + "\n\n"), id="before the first"
        ),
        pytest.param(
            GLUED, -1, GLUED.replace("records:\n", "records:\n" + NEW + "\n"), id="glued, before the first"
        ),
        pytest.param(
            GLUED,
            1,
            GLUED.replace("B.\n", "B.\n" + NEW + "\n"),
            id="glued, after the second",
        ),
        pytest.param(
            "records:\n  - id: a\n    text: A.\n\n  - id: b\n    text: B.\nx: 1\n",
            None,
            "records:\n  - id: a\n    text: A.\n\n  - id: b\n    text: B.\n\n" + NEW + "\nx: 1\n",
            id="at the end of two, spaced as they are",
        ),
        pytest.param(
            "records:\n  - id: a\n    text: A.\nx: 1\n",
            None,
            "records:\n  - id: a\n    text: A.\n" + NEW + "\nx: 1\n",
            id="after the only item",
        ),
        pytest.param(
            "records: []  # none yet\nx: 1\n",
            None,
            "records:  # none yet\n" + NEW + "\nx: 1\n",
            id="into []",
        ),
        pytest.param(  # as `init` writes it: an example in comments under the key
            "records:\n  # - id: example\nx: 1\n",
            None,
            "records:\n" + NEW + "\n  # - id: example\nx: 1\n",
            id="under a key with only comments",
        ),
    ],
)
def test_adding_a_record(text, after_item, after):
    assert _edited(text, ("insert_item", ("records",), after_item, NEW)) == after


@pytest.mark.parametrize("empty", ["records: []  # none yet", "records:\n  # - id: example"])
def test_two_records_added_to_an_empty_list_come_in_the_order_added(empty):
    after = _edited(
        empty + "\nx: 1\n",
        ("insert_item", ("records",), None, NEW),
        ("insert_item", ("records",), None, NEW.replace("n", "m")),
    )
    key, _, rest = empty.replace(" []", "").partition("\n")
    assert (
        after
        == key + "\n" + NEW + "\n" + NEW.replace("n", "m") + "\n" + (rest + "\n" if rest else "") + "x: 1\n"
    )


def test_adding_to_a_flow_list_keeps_it_flow():
    text = "order: [a, 'b', c]  # kept\n"
    assert _edited(text, ("insert_item", ("order",), None, "- n")) == "order: [a, 'b', c, n]  # kept\n"
    assert _edited(text, ("insert_item", ("order",), 0, "- n")) == "order: [a, n, 'b', c]  # kept\n"


def test_a_list_with_items_removed_and_added_reads_back_with_as_many_or_nothing_is_written():
    edits = YamlEdits(SPACED, "f.yaml")
    edits.remove_item(("records", 0))
    edits.insert_item(("records",), None, NEW)
    assert [r["id"] for r in _load(edits.result())["records"]] == ["b", "c", "n"]
    edits.edits[-1].text = ""  # an insertion lost: two items where three must be
    with pytest.raises(OutputError, match="would not read back with 3 items in records"):
        edits.result()


def test_two_edits_of_one_stretch_of_text_write_nothing():
    edits = YamlEdits(SPACED, "f.yaml")
    edits.remove_item(("records", 1))
    edits.set_text(("records", 1, "text"), "B again.")
    with pytest.raises(OutputError, match="would change one part of it twice"):
        edits.result()


# ---------------------------------------------------------------- keys and mappings
NOTES = """\
records:
  - id: a
    text: A.[^x] B.[^y]
    footnotes:
      # about x
      x: First.
      y: >-
        Second, folded.

  - id: b
    text: B.
"""


def test_removing_a_footnote_takes_the_comment_right_above_it():
    assert _edited(NOTES, ("remove_key", ("records", 0, "footnotes", "x"))) == NOTES.replace(
        "      # about x\n      x: First.\n", ""
    )
    assert _edited(NOTES, ("remove_key", ("records", 0, "footnotes"))) == NOTES.replace(
        "    footnotes:\n      # about x\n      x: First.\n      y: >-\n        Second, folded.\n", ""
    )


def test_adding_a_footnote_and_a_footnotes_map():
    assert _edited(
        NOTES, ("append_to_mapping", ("records", 0, "footnotes"), "z", " >-\n        Third.")
    ) == NOTES.replace("Second, folded.\n", "Second, folded.\n      z: >-\n        Third.\n")
    assert (
        _edited(NOTES, ("append_to_mapping", ("records", 1), "footnotes", "\n      z: Third."))
        == NOTES + "    footnotes:\n      z: Third.\n"
    )


def test_an_order_map_added_or_filled_in():
    assert (
        _edited("session: 29\norder: {}\nlead: UNCTAD\n", ("replace_value", ("order",), '\n  "2": [a, b]'))
        == 'session: 29\norder:\n  "2": [a, b]\nlead: UNCTAD\n'
    )
    assert (
        _edited("session: 29\nlead: UNCTAD\n", ("append_to_mapping", (), "order", '\n  "2": [a, b]'))
        == 'session: 29\nlead: UNCTAD\norder:\n  "2": [a, b]\n'
    )


def test_paths_and_ids_are_read_from_the_file():
    edits = YamlEdits(NOTES + "flow: [x]\nscalar: 1\n", "f.yaml")
    assert edits.has(("records", 0, "footnotes", "y")) and edits.has(("records", 1))
    assert not edits.has(("records", 1, "footnotes")) and not edits.has(("records", 2))
    assert not edits.has(("records", 0, "text", "x")) and not edits.has(("missing",))
    assert (
        edits.ids(("records",)) == ["a", "b"]
        and edits.ids(("scalar",)) == []
        and edits.ids(("flow",)) == [None]
    )


# ---------------------------------------------------------------- new items, written like the others
def test_a_new_record_is_indented_and_folded_like_the_files_own():
    line = " ".join(["word"] * 12)  # 59 characters: the file's width is 63 with its indent
    text = f"records:\n- id: a\n  section: 2\n  text: >-\n    {line}\n    {line}\n    end.\n"
    edits = YamlEdits(text, "f.yaml")
    assert edits.width == 63
    record = {
        "id": "n",
        "section": "2",
        "text": "New " * 20 + "end.",
        "footnotes": {"n1": "Note " * 14 + "end."},
    }
    assert edits.record_lines(("records",), record) == (
        "- id: n\n"
        '  section: "2"\n'
        "  text: >-\n"
        "    New New New New New New New New New New New New New New New\n"
        "    New New New New New end.\n"
        "  footnotes:\n"
        "    n1: >-\n"
        "      Note Note Note Note Note Note Note Note Note Note Note\n"
        "      Note Note Note end."
    )
    # no record to copy: the dash at 2 and keys at 4, as the samples have them
    assert YamlEdits("records: []\n", "f").record_lines(
        ("records",), {"id": "n", "section": "3a", "text": "T."}
    ) == ("  - id: n\n    section: 3a\n    text: >-\n      T.")


def test_a_new_summary_paragraph_is_indented_like_the_first():
    edits = YamlEdits("executive_summary:\n    -   >-\n          First para.\n", "f.yaml")
    assert edits.text_item_lines(("executive_summary",), "Second.") == "    - >-\n          Second."
    edits = YamlEdits("executive_summary:\n  - First para, plain.\n", "f.yaml")
    assert edits.text_item_lines(("executive_summary",), "Second.") == "  - >-\n    Second."
    edits = YamlEdits("executive_summary: []\n", "f.yaml")
    assert edits.text_item_lines(("executive_summary",), "Second.") == "  - >-\n    Second."


def test_the_width_is_the_longest_inner_line_of_folded_text_and_an_address_says_nothing():
    text = "records:\n  - text: >-\n      a b c\n      https://example.org/" + "x" * 120 + "\n      end.\n"
    assert YamlEdits(text, "f.yaml").width == len("      a b c")
    assert YamlEdits("records:\n  - text: One line.\n", "f.yaml").width == 92  # nothing folded: the samples'


def test_a_set_text_or_list_that_would_not_read_back_writes_nothing():
    edits = YamlEdits(RECORDS, "itc.yaml")
    edits.set_text(("records", 0, "text"), "New words.")
    edits.edits[-1].text = "Other words."
    with pytest.raises(OutputError, match="would not read back as the new text"):
        edits.result()
    edits = YamlEdits('order:\n  "2":\n    - a\n    - b\n', "submission.yaml")
    edits.set_list(("order", "2"), ["b", "a"])
    edits.edits[-1].text = "    - a\n    - b\n"
    with pytest.raises(OutputError, match="would not read back as the new text"):
        edits.result()


def test_a_literal_block_edited_keeps_the_blank_lines_after_it():
    text = "records:\n  - text: |\n      Two\n      lines.\n\n\n  - text: B.\n"
    after = _edited(text, ("set_text", ("records", 0, "text"), "One line."))
    assert after == "records:\n  - text: |\n      One line.\n\n\n  - text: B.\n"
    # the spaces that ended its last line were its text: they go with it
    after = _edited(text.replace("lines.\n", "lines.  \n"), ("set_text", ("records", 0, "text"), "One line."))
    assert after == "records:\n  - text: |\n      One line.\n\n\n  - text: B.\n"


# ---------------------------------------------------------------- a text written in its style
SCALARS = 'records:\n  - id: a\n    text: Short plain.\n    note: "Short quoted."\n    empty: >-\n  - id: b\n'
LONG = "word " * 30 + "end."


def test_a_long_plain_or_quoted_text_folds_under_its_key_and_an_empty_block_is_filled():
    after = _edited(
        SCALARS,
        ("set_text", ("records", 0, "text"), LONG),
        ("set_text", ("records", 0, "note"), LONG),
        ("set_text", ("records", 0, "empty"), "Now filled."),
    )
    assert after == (
        "records:\n  - id: a\n"
        "    text: word word word word word word word word word word word word word word word word\n"
        "      word word word word word word word word word word word word word word end.\n"
        '    note: "word word word word word word word word word word word word word word word word\n'
        '      word word word word word word word word word word word word word word end."\n'
        "    empty: >-\n      Now filled.\n  - id: b\n"
    )


def test_a_plain_text_that_would_need_quotes_is_folded_at_the_files_width():
    after = _edited(SCALARS, ("set_text", ("records", 0, "text"), "Key: value " + LONG))
    assert after == SCALARS.replace(
        "    text: Short plain.\n",
        "    text: >-\n"
        "      Key: value word word word word word word word word word word word word word word word\n"
        "      word word word word word word word word word word word word word word word end.\n",
    )


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("aaa bbb", 7, ["aaa bbb"]),  # exactly the width: one line
        ("aaa bbb", 6, ["aaa", "bbb"]),
        ("unbreakable", 3, ["unbreakable"]),
        ("a\nb", 40, None),  # a line break, or a space at either end, a folded block cannot keep
        (" a", 40, None),
        ("a ", 40, None),
        ("", 40, None),
    ],
)
def test_fold_at_the_width_or_not_at_all(text, width, lines):
    assert fold(text, width) == lines


def test_a_removal_that_would_not_read_back_as_yaml_writes_nothing():
    edits = YamlEdits(SPACED, "f.yaml")
    edits.remove_item(("records", 2))
    edits.edits[-1].text = "  - [unclosed\n"
    with pytest.raises(OutputError, match="would not read back as YAML"):
        edits.result()


def test_a_file_with_windows_line_ends_keeps_them():
    edits = [
        ("remove_item", ("records", 1)),
        ("set_text", ("records", 0, "text"), "A, edited."),
        ("insert_item", ("records",), None, NEW),
    ]
    after = _edited(SPACED.replace("\n", "\r\n"), *edits)
    assert after == _edited(SPACED, *edits).replace("\n", "\r\n") and "  - id: n\r\n" in after


FLOW_RECORDS = (
    'records:\n  - {id: a, section: "2", text: Short plain.}\n  - {id: b, section: "2", text: B.}\n'
)


@pytest.mark.parametrize(
    ("new", "written"),
    [
        ("Plain, with a comma.", '"Plain, with a comma."'),  # plain would end the text at the comma
        ("Key: value.", '"Key: value."'),  # a folded block cannot stand inside { }
        ("A [link] and {braces}.", '"A [link] and {braces}."'),
        ("Still plain.", "Still plain."),
    ],
)
def test_a_record_written_as_a_flow_mapping_stays_one(new, written):
    after = _edited(FLOW_RECORDS, ("set_text", ("records", 0, "text"), new))
    assert after == FLOW_RECORDS.replace("text: Short plain.}", f"text: {written}}}")


def test_a_new_record_after_flow_mappings_is_a_block_at_their_dash():
    edits = YamlEdits(FLOW_RECORDS, "f.yaml")
    lines = edits.record_lines(("records",), {"id": "n", "section": "2", "text": "N."})
    assert lines == '  - id: n\n    section: "2"\n    text: >-\n      N.'


# ---------------------------------------------------------------- less common shapes a person may type
@pytest.mark.parametrize(
    ("text", "edits", "after"),
    [
        pytest.param(  # each item keeps the comment above it; no blank line opens the list
            'order:\n  "2":\n    - a\n\n    # about b\n    - b\n    - c\n',
            [("set_list", ("order", "2"), ["b", "c", "a"])],
            'order:\n  "2":\n    # about b\n    - b\n    - c\n    - a\n',
            id="an order list with a comment above an item",
        ),
        pytest.param(  # a blank line that sets a group apart stays above its first item
            'order:\n  "2":\n    - a\n    - b\n\n    - c\n    - d\n',
            [("set_list", ("order", "2"), ["a", "c", "b", "d"])],
            'order:\n  "2":\n    - a\n\n    - c\n    - b\n    - d\n',
            id="an order list in groups apart by blank lines",
        ),
        pytest.param(  # the same in a file saved with Windows line ends
            'order:\r\n  "2":\r\n    - a\r\n\r\n    - b\r\n',
            [("set_list", ("order", "2"), ["b", "a"])],
            'order:\r\n  "2":\r\n    - b\r\n    - a\r\n',
            id="an order list with a blank line, Windows line ends",
        ),
        pytest.param(
            "executive_summary: [One., Two., Three.]\n",
            [("remove_item", ("executive_summary", 0))],
            "executive_summary: [Two., Three.]\n",
            id="a paragraph removed from a flow list",
        ),
        pytest.param(
            "executive_summary: [One., Two., Three.]\n",
            [("set_text", ("executive_summary", 1), "Two, edited.")],
            'executive_summary: [One., "Two, edited.", Three.]\n',
            id="a paragraph of a flow list edited",
        ),
        pytest.param(
            "session: 29\norder: {}\n",
            [("replace_value", ("order",), '{"2": [a]}')],
            'session: 29\norder: {"2": [a]}\n',
            id="a value replaced on its key's line",
        ),
        pytest.param(
            "items:\n  - {}\n",
            [("replace_value", ("items", 0), "\n    a: 1")],
            "items:\n  -\n    a: 1\n",
            id="a block under a dash, no space left after it",
        ),
        pytest.param(  # the blank line above b goes with it, and does not open the list
            'order:\n  "2":\n    - a\n\n    - b\n    - c\n',
            [("set_list", ("order", "2"), ["b", "a", "c"])],
            'order:\n  "2":\n    - b\n    - a\n    - c\n',
            id="an order list with a blank line",
        ),
        pytest.param(
            "records:\n  -\n    id: a\n    text: A.\n",
            [("insert_item", ("records",), -1, NEW)],
            "records:\n" + NEW + "\n  -\n    id: a\n    text: A.\n",
            id="a record added above a dash on a line of its own",
        ),
        pytest.param(  # a blank line that holds spaces is a blank line
            "records:\n  - id: a\n    text: A.\n  \n  - id: b\n    text: B.\n",
            [("insert_item", ("records",), None, NEW)],
            "records:\n  - id: a\n    text: A.\n  \n  - id: b\n    text: B.\n\n" + NEW + "\n",
            id="items apart by a line of spaces",
        ),
        pytest.param(  # text that needs no escape is not escaped
            'records:\n  - text: "Old."\n',
            [("set_text", ("records", 0, "text"), "Côte d’Ivoire’s posts.")],
            'records:\n  - text: "Côte d’Ivoire’s posts."\n',
            id="double quotes, letters beyond ASCII",
        ),
        pytest.param(
            "records:\n  - text: 'Old.'\n",
            [("set_text", ("records", 0, "text"), "UNCTAD's work.")],
            "records:\n  - text: 'UNCTAD''s work.'\n",
            id="single quotes, an apostrophe doubled",
        ),
        pytest.param(
            "records :  # mine\n  - id: a\n    text: A.\n",
            [("remove_item", ("records", 0))],
            "records : []  # mine\n",
            id="a space before the key's colon",
        ),
    ],
)
def test_editing_other_shapes(text, edits, after):
    assert _edited(text, *edits) == after


def test_the_last_line_of_a_text_says_nothing_of_the_width():
    text = "records:\n  - text: |\n      a b\n      c d e f g h\nnext: 1\n"
    assert YamlEdits(text, "f.yaml").width == len("      a b")


@pytest.mark.parametrize(
    ("text", "newline"),
    [("a: 1\r\nb: 2\r\nc: 3\n", "\r\n"), ("a: 1\r\nb: 2\n", "\n")],
)
def test_a_file_with_both_line_ends_is_written_with_the_more_common(text, newline):
    after = _edited(text, ("set_text", ("b",), "x"))
    assert after == text.replace("\r\n", "\n").replace("2", "x").replace("\n", newline)


def test_a_plain_text_exactly_as_wide_as_the_file_stays_on_its_line():
    text = "records:\n  - text: >-\n      a b c d e f g\n      h\nnext: Old.\n"  # width 19
    assert YamlEdits(text, "f.yaml").width == 19  # a block of two lines: its first
    assert _edited(text, ("set_text", ("next",), "Newer one two")) == text.replace("Old.", "Newer one two")
    folded = _edited(text, ("set_text", ("next",), "Newer ones two"))  # 20 wide on one line
    assert folded == text.replace("next: Old.", "next: Newer ones\n  two")


def test_a_new_summary_paragraph_under_an_empty_block_is_indented_past_its_dash():
    edits = YamlEdits("executive_summary:\n  - >-\nx: 1\n", "f.yaml")
    assert edits.text_item_lines(("executive_summary",), "Second.") == "  - >-\n    Second."
