"""Bad input gets one clear message naming file:line:column and the fix, exit code 2, no
traceback, and the previous .docx survives. One small broken folder per failure mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from c7draft.assemble import load_draft
from c7draft.errors import InputError
from helpers import edited

MINIMAL = Path(__file__).parent / "data" / "minimal"


CASES = {
    # name: (file, old, new, expected location, words in the message, words in the hint)
    "yaml syntax": (
        "itc.yaml",
        "    section: 3a\n",
        "    section: 3a\n   bad: [unclosed\n",
        "itc.yaml:11:4",
        "line 11 is indented by 3 spaces; the other keys of this record use 4",
        "indent `bad:` by 4 spaces",
    ),
    "unknown key": (
        "submission.yaml",
        "venue: Geneva",
        "venu: Geneva",
        "submission.yaml:6:1",
        "unknown key `venu`",
        "did you mean `venue`?",
    ),
    "unknown record key": (
        "unctad.yaml",
        "    section: 3b",
        "    sectoin: 3b",
        "unctad.yaml:11:5",
        "unknown key `sectoin`",
        "did you mean `section`?",
    ),
    "comma in a value between braces": (
        "submission.yaml",
        "  - short: ITC\n    name: International Trade Centre\n    records: itc.yaml",
        "  - {short: ITC, name: International Trade Centre, Geneva, records: itc.yaml}",
        "submission.yaml:13:52",
        "unknown key `Geneva`: between { } a comma ends a value, so `name:` stops before it",
        'put the whole value in quotes: `name: "International Trade Centre, Geneva"`',
    ),
    "a misspelt key between braces is not a comma's doing": (
        "submission.yaml",
        "  - short: ITC\n    name: International Trade Centre\n    records: itc.yaml",
        "  - {short: ITC, nmae: International Trade Centre, records: itc.yaml}",
        "submission.yaml:13:18",
        "unknown key `nmae`",
        "did you mean `name`?",
    ),
    "key with no value in a block mapping": (  # a comma there is part of the value
        "submission.yaml",
        "    name: International Trade Centre\n",
        "    name: International Trade Centre, Geneva\n    Geneva:\n",
        "submission.yaml:15:5",
        "unknown key `Geneva`",
        "Allowed keys here: short, name,",
    ),
    "missing field": (
        "submission.yaml",
        "venue: Geneva\n",
        "",
        "submission.yaml:1:1",
        "missing `venue`",
        "add `venue: Geneva`",
    ),
    "missing record text": (
        "unctad.yaml",
        "    text: UNCTAD will implement the Global Digital Compact.\n",
        "",
        "unctad.yaml:10:5",
        "missing `text` in record `unctad-gdc` (line 10)",
        "add `text:",
    ),
    "wrong type": (
        "submission.yaml",
        "session: 29",
        "session: twenty-nine",
        "submission.yaml:3:10",
        "`session` must be a whole number written in figures, got 'twenty-nine'",
        "e.g. `session: 29`",
    ),
    "bad date": (
        "submission.yaml",
        "opens: 2026-04-20",
        "opens: 20 April 2026",
        "submission.yaml:4:8",
        "`opens`",
        "YYYY-MM-DD",
    ),
    "session year mismatch": (
        "submission.yaml",
        "session: 29",
        "session: 28",
        "submission.yaml:4:8",
        "28th session meets in 2025",
        "agree",
    ),
    "footnote without text": (
        "unctad.yaml",
        "    footnotes:\n      der: See <https://unctad.org/webflyer/digital-economy-report-2021>\n",
        "",
        "unctad.yaml:7",
        "footnote reference [^der] has no text",
        "footnotes:",
    ),
    "empty inline footnote": (
        "itc.yaml",
        "^[See\n      <https://intracen.org/sme-outlook>]",
        "^[ ]",
        "itc.yaml:7",
        "footnote 2 has no text",
        "^[...]",
    ),
    "empty inline footnote on the text's second line": (
        "itc.yaml",
        "evidence.^[See\n      <https://intracen.org/sme-outlook>]",
        "evidence.\n      More.^[ ]",
        "itc.yaml:8:",
        "footnote 2 has no text",
        "^[...]",
    ),
    # A broken fragment's start written earlier in the text: the error is where it breaks.
    "unclosed link after a bracket with the same start": (
        "itc.yaml",
        "text: ITC launched a [Digital Innovation Accelerator](https://intracen.org/dia) for SMEs.",
        "text: See [Trade data 1] and [Trade data 2](https://x.org for SMEs.",
        "itc.yaml:11:34:",
        "has no closing `)`",
        "[words](https://address)",
    ),
    "unclosed note after a note with the same start": (
        "itc.yaml",
        "text: ITC launched a [Digital Innovation Accelerator](https://intracen.org/dia) for SMEs.",
        "text: One.^[See the report.] Two.^[See the report, page 2.",
        "itc.yaml:11:38:",
        "is never closed",
        "end the note's text with `]`",
    ),
    "unknown section": (
        "itc.yaml",
        "section: 3a",
        "section: 3c",
        "itc.yaml:10:14",
        "section `3c` is not in outline `cstd29`",
        "did you mean `3a`?",
    ),
    "order names unknown record": (
        "submission.yaml",
        "[unctad-der, itc-outlook]",
        "[unctad-dr, itc-outlook]",
        "submission.yaml:24:9",
        "no record has id `unctad-dr`",
        "did you mean `unctad-der`?",
    ),
    "unknown outline": (
        "submission.yaml",
        "outline: cstd29",
        "outline: cstd99",
        "submission.yaml:10:10",
        "outline `cstd99` not found",
        "cstd27, cstd29",
    ),
    "records file missing": (
        "submission.yaml",
        "records: itc.yaml",
        "records: itc-records.yaml",
        "submission.yaml:15:14",
        "records file not found: itc-records.yaml",
        "`records: itc.yaml`",
    ),
    "records file is a list": (
        "itc.yaml",
        "entity: ITC\nrecords:\n",
        "- entity: ITC\n- records:\n",
        "itc.yaml:1",
        "must be a mapping of keys (key: value), not a list",
        "`entity: UNCTAD`",
    ),
    "records is a folder": (
        "submission.yaml",
        "records: itc.yaml",
        "records: .",
        "submission.yaml:15:14",
        "`records: .` is a folder",
        "`records: itc.yaml`",
    ),
    "control character escape": (
        "unctad.yaml",
        "    text: UNCTAD will implement the Global Digital Compact.",
        '    text: "UNCTAD\\a will implement"',
        "unctad.yaml:12:11",
        "this text contains the control character U+0007",
        "remove the escape",
    ),
    "session ordinal": (
        "submission.yaml",
        "session: 29",
        "session: 22",
        "submission.yaml:4:8",
        "22nd session meets in 2019",
        "agree",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_message(tmp_path, name):
    file, old, new, where, problem, hint = CASES[name]
    folder = edited(tmp_path, MINIMAL, file, old, new)
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    message = str(caught.value)
    first_line, _, hint_part = message.partition("\n")
    assert where in first_line, message
    assert problem in first_line, message
    assert hint in hint_part, message


def test_an_outline_of_another_session_says_how_to_make_this_sessions(tmp_path):
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "session: 29", "session: 30")
    path = folder / "submission.yaml"
    path.write_text(path.read_text().replace("2026-04-2", "2027-04-2"))
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.rule) == (10, 10, "outline-session")
    assert problem.message == "outline `cstd29` is for session 29, not 30"
    assert "with `session: 30` and the new prompts (`c7draft init` writes one" in problem.hint
    assert problem.hint.endswith("e.g. `outline: outline-cstd30.yaml`")


def test_missing_input_folder(tmp_path):
    with pytest.raises(InputError, match="input folder not found"):
        load_draft(tmp_path / "nowhere")


def test_control_characters_never_reach_the_model_unhandled(tmp_path):
    folder = edited(tmp_path, MINIMAL, "unctad.yaml", "UNCTAD will implement", "UNCTAD\x07 will implement")
    # YAML itself refuses most control characters: that is a clear error, not a broken file.
    with pytest.raises(InputError, match=r"unctad.yaml:12:17: character U\+0007 is not allowed"):
        load_draft(folder)


def test_not_utf8_names_line_and_column(tmp_path):
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "SMEs", "SMEs")
    path = folder / "itc.yaml"
    path.write_bytes(path.read_bytes().replace(b"for SMEs", b"for SMEs \x92quoted\x92"))
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    first, _, hint = str(caught.value).partition("\n")
    assert first.endswith(
        "itc.yaml:11:94: this YAML file is not UTF-8 text (byte 0x92 cannot be read: “’” in Windows' ANSI encoding)"
    ), first
    assert "UTF-8" in hint


def test_unquoted_number_as_order_key_is_accepted(tmp_path):
    folder = edited(
        tmp_path, MINIMAL, "submission.yaml", '"2": [unctad-der, itc-outlook]', "2: [itc-outlook, unctad-der]"
    )
    bullets = [
        b.source.record_id for b in load_draft(folder).blocks if b.kind == "bullet" and b.location == "Part 2"
    ]
    assert bullets == ["itc-outlook", "unctad-der"]


def test_outline_heading_template_error_points_at_the_outline(tmp_path):
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "outline: cstd29", "outline: my-outline.yaml")
    outline = (MINIMAL.parents[2] / "templates" / "outlines" / "cstd29.yaml").read_text(encoding="utf-8")
    (folder / "my-outline.yaml").write_text(
        outline.replace(
            "input_heading: Input for the CSTD report on WSIS follow-up",
            "input_heading: Input during {{ reporting_yaer }}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    first, _, hint = str(caught.value).partition("\n")
    assert "my-outline.yaml:5:16: `input_heading` cannot be filled in: 'reporting_yaer' is undefined" in first
    assert "reporting_year" in hint


def test_entity_names_are_text_not_markup(tmp_path):
    folder = edited(
        tmp_path,
        MINIMAL,
        "submission.yaml",
        "name: International Trade Centre",
        'name: "1. International *Trade* Centre & <Co> #1"',
    )
    text = "\n".join(b.text for b in load_draft(folder).blocks)
    assert "1. International *Trade* Centre & <Co> #1 and UN Trade & Development" in text
