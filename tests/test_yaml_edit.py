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
