"""Each explanation of a YAML file that does not parse, at its exact line and column: what a
person typed, what c7draft says. `inputs/syntax_errors.py` turns the parser's error into
these; tests/test_input_problems.py has the same mistakes inside whole submissions."""

from __future__ import annotations

from pathlib import Path

import pytest

from c7draft.errors import InputError
from c7draft.inputs.yamlfile import read_yaml

RECORD = "entity: ITC\nrecords:\n  - id: a\n"  # lines 1-3; the cases start on line 4

CASES = {
    "a quote never closed, up to the end of the file": (
        RECORD + '    section: 3a\n    text: "Since 2025 more\n',
        (5, 11, "yaml-unclosed-quote", "the quote opened on line 5 is never closed"),
    ),
    "a quote never closed, a blank line before the next key": (
        RECORD + '    text: "Since 2025 more\n\n    section: 3a\n',
        (4, 11, "yaml-unclosed-quote", "the quote opened on line 4 is never closed"),
    ),
    "a single quote never closed, with a doubled quote inside": (
        RECORD + "    text: 'UNCTAD''s report\n    section: 3a\n",
        (4, 11, "yaml-unclosed-quote", "the quote opened on line 4 is never closed"),
    ),
    "a single-quoted part closed after a doubled quote, then more text": (
        RECORD + "    text: 'UNCTAD''s report' and more\n    section: 3a\n",
        (
            4,
            11,
            "yaml-text-start",
            "the text on line 4 starts with a quoted part (`'UNCTAD'`) and goes on after it: a value "
            "that starts with a quote ends at its closing quote",
        ),
    ),
    "an empty quoted part, then text": (
        RECORD + '    text: "" and more\n',
        (
            4,
            11,
            "yaml-text-start",
            'the text on line 4 starts with a quoted part (`""`) and goes on after it: a value that '
            "starts with a quote ends at its closing quote",
        ),
    ),
    "text on the line of `|-`": (
        RECORD + "    text: |- Since 2025\n",
        (
            4,
            11,
            "yaml-text-start",
            "the text on line 4 follows `|` on the same line: a block's text starts on the next line",
        ),
    ),
    "a paragraph of the executive summary that starts with `[`": (
        "executive_summary:\n  - >-\n    The first paragraph.\n  - [Draft] the second paragraph\n",
        (
            4,
            5,
            "yaml-text-start",
            "the text on line 4 starts with `[`, which YAML reads as the start of a list",
        ),
    ),
    "a paragraph of the executive summary that starts with a quoted title": (
        'executive_summary:\n  - "Outlook 2025" found that ...\n',
        (
            2,
            5,
            "yaml-text-start",
            'the text on line 2 starts with a quoted part (`"Outlook 2025"`) and goes on after it: a value '
            "that starts with a quote ends at its closing quote",
        ),
    ),
    "a paragraph of the executive summary on the line of its `>-`": (
        "executive_summary:\n  - >- The first paragraph.\n",
        (
            2,
            5,
            "yaml-text-start",
            "the text on line 2 follows `>` on the same line: a block's text starts on the next line",
        ),
    ),
    "what no rule explains, with no context: the parser's own words": (
        "%YAML 1.1\n%YAML 1.1\n---\na: b\n",
        (2, 1, "yaml-syntax", "YAML syntax error: found duplicate %YAML directive"),
    ),
    "a colon in a text, a tab two lines below the error": (
        RECORD + "    text: Since 2025: more\n    section: 3a\n\tid: b\n",
        (
            4,
            21,
            "yaml-colon-in-text",
            "the text on line 4 contains `: `, which YAML reads as the start of a new key",
        ),
    ),
    "a colon in a text on the file's last line": (
        RECORD + "    section: 3a\n    text: Since 2025: more",
        (
            5,
            21,
            "yaml-colon-in-text",
            "the text on line 5 contains `: `, which YAML reads as the start of a new key",
        ),
    ),
    "a colon in a text on the file's first line": (
        "title: Digital: more\nentity: ITC\n",
        (
            1,
            15,
            "yaml-colon-in-text",
            "the text on line 1 contains `: `, which YAML reads as the start of a new key",
        ),
    ),
    "a quoted title holding a colon, then more text": (
        RECORD + '    text: "Outlook: 2025" provided evidence\n',
        (
            4,
            11,
            "yaml-text-start",
            'the text on line 4 starts with a quoted part (`"Outlook: 2025"`) and goes on after it: a '
            "value that starts with a quote ends at its closing quote",
        ),
    ),
    "italics first on the file's first line": (
        "title: *Digital* more\nentity: ITC\n",
        (
            1,
            8,
            "yaml-text-start",
            "the text on line 1 starts with `*`, which YAML reads as a reference to an anchor, not as italics",
        ),
    ),
    "italics first, after spaces": (
        RECORD + "    text:   *Outlook* provided\n",
        (
            4,
            13,
            "yaml-text-start",
            "the text on line 4 starts with `*`, which YAML reads as a reference to an anchor, not as italics",
        ),
    ),
    "a quoted part and one letter after it": (
        RECORD + '    text: "ITC"s\n    section: 3a\n',
        (
            4,
            11,
            "yaml-text-start",
            'the text on line 4 starts with a quoted part (`"ITC"`) and goes on after it: a value that '
            "starts with a quote ends at its closing quote",
        ),
    ),
    "a hashtag cut, a blank line below it": (
        RECORD + "    text: ITC's #SheTrades grew\n\n      in 2025.\n",
        (
            4,
            17,
            "yaml-text-cut",
            "the text on line 4 is cut at `#SheTrades`: after a space, YAML reads # as the start of a "
            "comment, so the lines below it no longer belong to the text",
        ),
    ),
    "a list item on the last line, under one text": (
        "executive_summary: >-\n  First.\n- Second.\n",
        (
            3,
            1,
            "yaml-list-after-text",
            "line 3 starts a list item, but `executive_summary:` on line 1 holds one text, not a list",
        ),
    ),
    "a list item right under a key that holds one text": (
        "executive_summary: >-\n- >-\n  First paragraph.\n",
        (
            2,
            1,
            "yaml-list-after-text",
            "line 2 starts a list item, but `executive_summary:` on line 1 holds one text, not a list",
        ),
    ),
    "a key two spaces out, less than the keys above": (
        "a:\n    b: 1\n    c: 2\n  d: 3\n",
        (4, 3, "yaml-indent", "line 4 is indented by 2 spaces; the key above it uses 4"),
    ),
    "a key three spaces less than the keys above, at no level of its own": (
        "a:\n     b: 1\n     c: 2\n  d: 3\n",
        (4, 3, "yaml-indent", "line 4 is indented by 2 spaces; the key above it uses 5"),
    ),
    "a key further in under a key whose value is on its line, below a parent key": (
        RECORD + "    section: 3a\n    footnotes:\n      a: note\n         b: other\n",
        (7, 10, "yaml-indent", "line 7 is indented by 9 spaces; the key above it uses 6"),
    ),
    "a text line indented less, on the file's last line": (
        RECORD + "    section: 3a\n    text: >-\n      Some text\n     more text\n",
        (7, 6, "yaml-text-indent", "line 7 is indented less than the text above it (5 spaces, not 6)"),
    ),
    "a key out of line, the error on the line below it": (
        RECORD + "    section: 3a\n   text: x\n    id: b\n",
        (5, 4, "yaml-indent", "line 5 is indented by 3 spaces; the other keys of this record use 4"),
    ),
    "a quote left open, closed by the next key's quote": (
        RECORD + '    text: "Since 2025 more\n    section: "3a"\n',
        (4, 11, "yaml-unclosed-quote", "the quote opened on line 4 is never closed"),
    ),
    "a quote left open, closed by a later one, a blank line between": (
        RECORD + '    text: "Since 2025 more\n\n    section: "3a"\n',
        (4, 11, "yaml-unclosed-quote", "the quote opened on line 4 is never closed"),
    ),
    "a single quote left open with a doubled one inside, closed by a later one": (
        RECORD + "    text: 'UNCTAD''s report\n    section: '3a'\n",
        (4, 11, "yaml-unclosed-quote", "the quote opened on line 4 is never closed"),
    ),
    "a bad escape just before a good one": (
        RECORD + '    text: "a \\q\\n b"\n',
        (4, 14, "yaml-bad-escape", "`\\q` in the quoted text on line 4 is not an escape YAML knows"),
    ),
    "a bad escape first on a line of quoted text": (
        'text: "first\n\\q second"\n',
        (2, 1, "yaml-bad-escape", "`\\q` in the quoted text on line 2 is not an escape YAML knows"),
    ),
    # One line out of place, named where it is, though the parser stops at a line after it:
    "the first line of a text further in than the lines after it": (
        RECORD + "    section: 3a\n    text: >-\n        Some text\n      more text\n      and more.\n",
        (
            6,
            9,
            "yaml-text-indent",
            "line 6, the first of the text of `text:` on line 5, is indented more than the lines after "
            "it (8 spaces, not 6)",
        ),
    ),
    "the first of two text lines further in (the second where a text usually stands)": (
        RECORD + "    section: 3a\n    text: >-\n       Some text\n      more text.\n",
        (
            6,
            8,
            "yaml-text-indent",
            "line 6, the first of the text of `text:` on line 5, is indented more than the lines after "
            "it (7 spaces, not 6)",
        ),
    ),
    "the first line of a list item's text further in": (
        "executive_summary:\n  - >-\n     First line\n    second line\n    third.\n",
        (
            3,
            6,
            "yaml-text-indent",
            "line 3, the first of the text of the list item on line 2, is indented more than the lines "
            "after it (5 spaces, not 4)",
        ),
    ),
    "a record's dash line out of line with its keys below": (
        "entity: ITC\nrecords:\n   - id: a\n    section: 3a\n    text: x\n",
        (
            3,
            6,
            "yaml-indent",
            "line 3 is out of line with the keys below it: its key stands at column 6, theirs at column 5",
        ),
    ),
    "the file's first key indented": (
        " entity: ITC\nrecords: []\n",
        (
            1,
            2,
            "yaml-indent",
            "line 1 is out of line with the keys below it: its key stands at column 2, theirs at column 1",
        ),
    ),
    "a key further in than its own text": (
        RECORD + "    section: 3a\n    text: x\n    footnotes:\n         a: >-\n        Note.\n",
        (
            8,
            9,
            "yaml-text-indent",
            "line 8 is the text of `a:` on line 7, but is not indented more than that key (8 spaces; the key, 9)",
        ),
    ),
    "a key at no level of the keys above": (
        RECORD + "    section: 3a\n text: x\n",
        (5, 2, "yaml-indent", "line 5 is indented by 1 space; the other keys of this record use 4"),
    ),
    "a list item's dash out of line with the item above": (
        RECORD + "    section: 3a\n- id: b\n  section: 3b\n",
        (5, 1, "yaml-indent", "line 5 starts a list item at column 1; the items beside it start at column 3"),
    ),
    "the first item's dash out of line, the items after it agreeing": (
        "records:\n   - id: a\n     section: 3a\n  - id: b\n    section: 3b\n  - id: c\n    section: 3c\n",
        (2, 4, "yaml-indent", "line 2 starts a list item at column 4; the items beside it start at column 3"),
    ),
    "a list item's dash three columns out, the most explained": (
        "records:\n    - id: a\n      section: 3a\n - id: b\n",
        (4, 2, "yaml-indent", "line 4 starts a list item at column 2; the items beside it start at column 5"),
    ),
    "the last item's dash out of line, on the file's last line": (
        "records:\n  - id: a\n    section: 3a\n- id: b\n",
        (4, 1, "yaml-indent", "line 4 starts a list item at column 1; the items beside it start at column 3"),
    ),
    "a key two spaces out of line": (
        RECORD + "    section: 3a\n      text: x\n",
        (5, 7, "yaml-indent", "line 5 is indented by 6 spaces; the other keys of this record use 4"),
    ),
    "a key further in under a key whose value is on its line": (
        RECORD + "    section: 3a\n       text: x\n",
        (5, 8, "yaml-indent", "line 5 is indented by 7 spaces; the other keys of this record use 4"),
    ),
    "a key one space out, after block text": (
        RECORD + "    text: >-\n      Some text\n     section: 3a\n",
        (6, 6, "yaml-indent", "line 6 is indented by 5 spaces; the other keys of this record use 4"),
    ),
    "an escape YAML does not know, at its backslash": (
        RECORD + '    text: "a \\q b"\n',
        (4, 14, "yaml-bad-escape", "`\\q` in the quoted text on line 4 is not an escape YAML knows"),
    ),
    "the last of the surrogates": (
        RECORD + '    text: "a \\uDFFF b"\n',
        (
            4,
            14,
            "yaml-bad-escape",
            "`\\uDFFF` in the quoted text on line 4 is half of a UTF-16 surrogate pair, not a character",
        ),
    ),
    "an escape past the last character": (
        RECORD + '    text: "a \\UFFFFFFFF b"\n',
        (
            4,
            14,
            "yaml-bad-escape",
            "`\\UFFFFFFFF` in the quoted text on line 4 is not a valid character escape",
        ),
    ),
    "a hashtag cuts a text on its first line": (
        RECORD + "    text: ITC's #SheTrades initiative grew\n      in 2025.\n",
        (
            4,
            17,
            "yaml-text-cut",
            "the text on line 4 is cut at `#SheTrades`: after a space, YAML reads # as the start of a "
            "comment, so the lines below it no longer belong to the text",
        ),
    ),
    "a second paragraph as a list item under one text": (
        "executive_summary: >-\n  First paragraph.\n- >-\n  Second paragraph.\n",
        (
            3,
            1,
            "yaml-list-after-text",
            "line 3 starts a list item, but `executive_summary:` on line 1 holds one text, not a list",
        ),
    ),
}


def test_a_list_items_text_is_told_to_go_in_a_block_of_its_own(tmp_path):
    """The hint of a list item's text names the item's block, `- >-`, not a key's."""
    for text, hint in [
        ("executive_summary:\n  - [Draft] the second paragraph\n", "put the text in a block: `- >-`"),
        (
            "executive_summary:\n  - >- The first paragraph.\n",
            "move the text to the next line, indented under `-`",
        ),
        ("records:\n  - id: a\n    text: [Draft] the text\n", "put the text in a block: `text: >-`"),
    ]:
        path = tmp_path / "submission.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            read_yaml(path)
        assert caught.value.problems[0].hint.startswith(hint), text


@pytest.mark.parametrize("name", CASES)
def test_a_yaml_mistake_is_named_at_its_line_and_column(tmp_path, name):
    text, expected = CASES[name]
    path = tmp_path / "itc.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.column, problem.rule, problem.message) == expected


@pytest.mark.parametrize(
    "text",
    [
        RECORD + "    section: 3a\n    text: >\n      Since 2025\n",  # a block sign alone on its line
        RECORD + '    text: "Since" \n    section: 3a\n',  # a quoted text and a space after it
        RECORD + "    text: two words # a comment\n",  # a comment, with its space
        RECORD + "    text: >-\n      UNCTAD's #SheTrades\n      grew.\n",  # a hashtag inside a block
        "a: &x shared text\nb: *x\n",  # an anchor that an alias uses
    ],
)
def test_what_is_not_a_mistake_reads(tmp_path, text):
    path = tmp_path / "itc.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_yaml(path)


def test_a_key_with_no_value_on_the_error_line_is_explained_without_a_crash(tmp_path):
    """The explanations read the line the parser stopped on: a key with nothing after it
    (`records:`) has no first character to explain (it raised IndexError once)."""
    path = tmp_path / "itc.yaml"
    path.write_text("entity:!t  ITC\nrecords:\n  - id: a\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.rule) == (str(path), 2, "yaml-syntax")


def test_a_file_not_parsed_by_the_yaml_library_names_no_line_it_cannot_know(tmp_path):
    from c7draft.inputs.syntax_errors import syntax_error

    error = syntax_error("a: b\n", ValueError("odd"), Path("x.yaml"), max_depth=50)
    assert (error.problems[0].line, error.problems[0].rule) == (1, "yaml-syntax")
    assert str(error).startswith("x.yaml:1: this YAML file cannot be read: ValueError: odd")


def test_a_line_moved_in_or_out_in_the_samples_is_named_where_it_was_moved():
    """Every line of the sample inputs shifted by one to three spaces, one at a time, as a
    slip in an editor makes it. Of the shifts YAML refuses, c7draft explains most in words;
    of those it explains, it names the moved line itself in all but a few (where it names
    the line the parser stopped on, and both lines are in the message)."""
    from ruamel.yaml import YAML

    from c7draft.inputs.syntax_errors import _explain_syntax

    root = Path(__file__).resolve().parents[1] / "sample_inputs"
    refused, explained, named, parser_named = 0, 0, 0, 0
    for path in sorted(root.glob("*/*.yaml")):
        original = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(original):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            for shift in (-3, -2, -1, 1, 2, 3):
                indent = len(line) - len(line.lstrip()) + shift
                if indent < 0:
                    continue
                lines = [*original[:i], " " * indent + line.lstrip(), *original[i + 1 :]]
                try:
                    YAML(typ="safe").compose("\n".join(lines) + "\n")
                except Exception as exc:  # noqa: BLE001 - whatever the parser raises is explained
                    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
                    found = _explain_syntax(lines, exc, mark.line + 1) if mark else None
                    refused += 1
                    explained += found is not None
                    named += bool(found and found[0] == i + 1)
                    parser_named += bool(mark and mark.line == i)
    assert refused > 2000
    assert explained / refused > 0.95, (explained, refused)
    assert named / explained > 0.98, (named, explained)
    assert parser_named / refused < 0.85, (parser_named, refused)  # what the words add


@pytest.mark.parametrize("extra, refused", [(0, False), (1, True)])
def test_five_mebibytes_is_the_most_read(tmp_path, extra, refused):
    from c7draft.inputs.yamlfile import MAX_BYTES

    assert MAX_BYTES == 5 * 1024 * 1024
    head = "entity: ITC\nrecords: []\n"
    path = tmp_path / "itc.yaml"
    path.write_text(head + "#" * (MAX_BYTES - len(head) - 1 + extra) + "\n", encoding="utf-8")
    assert path.stat().st_size == MAX_BYTES + extra
    if refused:
        with pytest.raises(InputError, match="larger than 5 MB"):
            read_yaml(path)
    else:
        assert read_yaml(path) == {"entity": "ITC", "records": []}


@pytest.mark.parametrize("kind", ["mapping", "list"])
@pytest.mark.parametrize("levels, refused", [(49, False), (50, True)])
def test_fifty_levels_of_nesting_is_the_most_read(tmp_path, kind, levels, refused):
    value = "{a: " * levels + "1" + "}" * levels if kind == "mapping" else "[" * levels + "1" + "]" * levels
    path = tmp_path / "itc.yaml"
    path.write_text(f"x: {value}\n", encoding="utf-8")
    if refused:
        with pytest.raises(InputError) as caught:
            read_yaml(path)
        problem = caught.value.problems[0]
        assert (problem.rule, problem.message) == (
            "yaml-too-deep",
            "the data is nested more than 50 levels deep",
        )
    else:
        assert read_yaml(path)["x"]


def test_a_file_of_200_000_values_is_read(tmp_path):
    """Under the 250,000-value bound (each key, item and text counts once): accepted."""
    path = tmp_path / "itc.yaml"
    path.write_text("x: [" + ", ".join(["1"] * 200_000) + "]\n", encoding="utf-8")
    assert len(read_yaml(path)["x"]) == 200_000
