"""What a person gets wrong when typing the inputs by hand, and what c7draft says: broken
markup, YAML mistakes in plain words at the line to fix, every problem of a folder in one
run, and hostile input refused fast and clearly (exit 2, nothing written)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from c7draft.assemble import load_draft
from c7draft.errors import InputError, Problem
from helpers import c7draft, edited

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"
SAMPLE = ROOT / "sample_inputs" / "2025"


def raised(folder: Path) -> list[Problem]:
    """The problems a build of ``folder`` stops with."""
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    return caught.value.problems


def said(p: Problem) -> str:
    """'itc.yaml:5:14: message', as a person reads it."""
    return f"{Path(p.file).name}:{p.line}:{p.column}: {p.message}"


def problems_of(folder: Path) -> list[str]:
    return [said(p) for p in raised(folder)]


# --- Broken markup: exit 2 at file:line:column, the fragment quoted, nothing written -------

ITC_TEXT = "    text: ITC launched a [Digital Innovation Accelerator](https://intracen.org/dia) for SMEs."
MARKUP = {
    # name: (new text line of itc.yaml line 11, location, words of the message, words of the hint)
    "unclosed footnote": (
        "    text: ITC launched an accelerator^[State of the Postal Sector 2025, UPU..",
        "itc.yaml:11:38",
        "the footnote `^[State of the Postal Sector 2025, UPU..` is never closed",
        "end the note's text with `]`",
    ),
    "unclosed italics": (
        "    text: ITC launched the *Digital Innovation Accelerator for SMEs.",
        "itc.yaml:11:28",
        "`*Digital Innovation Accelerato…`: the `*` opens italics that are never closed",
        "write a literal `*` as `\\*`",
    ),
    "unclosed underscore italics": (
        "    text: ITC launched the _Digital Innovation Accelerator for SMEs.",
        "itc.yaml:11:28",
        "`_Digital Innovation Accelerato…`: the `_` opens italics that are never closed",
        "put the other `_` where the italics end",
    ),
    "closing star without its opening": (
        "    text: ITC launched the Digital Innovation Accelerator* for SMEs.",
        "itc.yaml:11:58",
        "`…igital Innovation Accelerator*`: the `*` closes italics that were never opened",
        "put the other `*` where the italics start",
    ),
    "unclosed bold": (
        "    text: ITC launched the **Digital Innovation Accelerator for SMEs.",
        "itc.yaml:11:28",
        "`**Digital Innovation Accelerat…`: the `**` opens bold text that is never closed",
        "`**Report title**`",
    ),
    "unclosed link": (
        "    text: ITC launched a [Digital Innovation Accelerator](https://intracen.org/dia for SMEs.",
        "itc.yaml:11:26",
        "the link `[Digital Innovation Accelerator](https:/…` has no closing `)`",
        "[words](https://address)",
    ),
    "label without note": (
        "    text: ITC launched an accelerator.[^dia]",
        "itc.yaml:11:39",
        "footnote reference [^dia] has no text",
        "footnotes:\n      dia: The note's text.",
    ),
    "javascript link": (
        "    text: ITC launched [x](javascript:alert(1)) for SMEs.",
        "itc.yaml:11:28",
        "the link to `javascript:alert(1)` uses `javascript:`: only http, https and mailto links are allowed",
        "https://",
    ),
    "file link": (
        "    text: See [the file](file:///etc/passwd).",
        "itc.yaml:11:26",
        "the link to `file:///etc/passwd` uses `file:`",
        "https://",
    ),
    "smb autolink": (
        "    text: See <smb://server/share> for SMEs.",
        "itc.yaml:11:16",
        "the link to `smb://server/share` uses `smb:`",
        "https://",
    ),
    "ms-msdt link": (
        "    text: See [help](ms-msdt:/id%20PCWDiagnostic).",
        "itc.yaml:11:22",
        "the link to `ms-msdt:/id%20PCWDiagnostic` uses `ms-msdt:`",
        "https://",
    ),
    "search-ms link": (
        "    text: See [files](search-ms:query=report).",
        "itc.yaml:11:23",
        "the link to `search-ms:query=report` uses `search-ms:`",
        "https://",
    ),
    "address without scheme": (
        "    text: See [the site](www.intracen.org).",
        "itc.yaml:11:26",
        "the link to `www.intracen.org` does not start with https://",
        "https://",
    ),
}


@pytest.mark.parametrize("name", MARKUP)
def test_broken_markup_is_an_error_at_its_line_and_nothing_is_written(tmp_path, name):
    new, where, problem, hint = MARKUP[name]
    folder = edited(tmp_path, MINIMAL, "itc.yaml", ITC_TEXT, new)
    out = tmp_path / "draft.docx"
    run = c7draft("build", folder, "-o", out, "--no-check")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    first, hint_line = run.stderr.splitlines()[:2]
    assert first.startswith("error: ") and f"{where}: {problem}" in first, run.stderr
    assert hint in run.stderr.split("hint: ", 1)[1], run.stderr
    assert not out.exists()


def test_note_with_no_reference_is_an_error_at_the_note(tmp_path):
    folder = edited(tmp_path, MINIMAL, "unctad.yaml", "      der: See", "      der: See")
    edited(tmp_path, MINIMAL, "unctad.yaml", "      der: See", "      gdc: See")
    edited(tmp_path, MINIMAL, "unctad.yaml", "Report 2021[^der]", "Report 2021")
    assert problems_of(folder) == ["unctad.yaml:9:7: footnote `gdc` is never placed in the text"]


def test_legitimate_literals_and_links_pass(tmp_path):
    folder = edited(
        tmp_path,
        MINIMAL,
        "itc.yaml",
        ITC_TEXT,
        r"    text: 'A 5 \* 3 grid, 2 * 2, e_commerce, [sic], mailto: [us](mailto:a@b.org) and <http://x.org/a_b>.'",
    )
    bullet = next(
        b for b in load_draft(folder).blocks if b.source and b.source.record_id == "itc-accelerator"
    )
    assert bullet.text == "A 5 * 3 grid, 2 * 2, e_commerce, [sic], mailto: us and http://x.org/a_b."


def test_every_markup_problem_of_the_folder_in_one_run(tmp_path):
    folder = edited(tmp_path, MINIMAL, "itc.yaml", ITC_TEXT, "    text: ITC launched the *Accelerator.")
    edited(tmp_path, MINIMAL, "unctad.yaml", "UNCTAD will implement", "UNCTAD ^[will implement")
    assert problems_of(folder) == [
        "itc.yaml:11:28: `*Accelerator.`: the `*` opens italics that are never closed",
        "unctad.yaml:12:18: the footnote `^[will implement the Global Digital Comp…` is never closed",
    ]


# --- All the problems of a folder in one run, sorted by file and line ------------------


def test_three_errors_in_three_files_are_all_reported_by_one_run(tmp_path):
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "venue: Geneva", "venu: Geneva")
    edited(tmp_path, MINIMAL, "itc.yaml", "    section: 3a", "    section: 3a\n    txet: oops")
    edited(tmp_path, MINIMAL, "unctad.yaml", "  - id: unctad-gdc", "  - id: unctad gdc")
    run = c7draft("build", folder, "-o", tmp_path / "draft.docx", "--no-check")
    assert run.returncode == 2
    located = [
        line.removeprefix("error: ").split(": ", 1)[0].rsplit("/", 1)[1]
        for line in run.stderr.splitlines()
        if line.startswith("error: ")
    ]
    assert located == ["itc.yaml:11:5", "submission.yaml:6:1", "unctad.yaml:10:9"], run.stderr
    assert all(line.startswith(("error: ", "  hint: ")) for line in run.stderr.splitlines()), run.stderr
    assert "unknown key `txet`" in run.stderr and "did you mean `text`?" in run.stderr
    assert "unknown key `venu`" in run.stderr
    assert "record `unctad gdc` (line 10)" in run.stderr


@pytest.mark.parametrize(
    "entity",
    [
        "{short: ITC, name: Trade, Markets, and Exports Centre, records: itc.yaml}",
        "{short: ITC, records: itc.yaml, name: Trade, Markets, and Exports Centre}",  # the last entry
    ],
)
def test_two_commas_in_a_value_between_braces_are_one_value_cut_twice(tmp_path, entity):
    folder = edited(
        tmp_path,
        MINIMAL,
        "submission.yaml",
        "  - short: ITC\n    name: International Trade Centre\n    records: itc.yaml",
        f"  - {entity}",
    )
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    found = [(p.message, p.hint) for p in caught.value.problems if p.rule == "schema-unknown-key"]
    meant = 'put the whole value in quotes: `name: "Trade, Markets, and Exports Centre"`'
    assert found == [
        ("unknown key `Markets`: between { } a comma ends a value, so `name:` stops before it", meant),
        (
            "unknown key `and Exports Centre`: between { } a comma ends a value, so `name:` stops before it",
            meant,
        ),
    ]


def test_a_section_not_in_the_outline_is_said_once_at_the_record_not_again_at_order(tmp_path):
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "    section: 2\n", "    section: 2b\n")
    assert problems_of(folder) == ["itc.yaml:5:14: section `2b` is not in outline `cstd29`"]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "    footnotes:\n      der: See",
            "    footnotes:\n      - der: See",
            "unctad.yaml:9:7: `footnotes` of record `unctad-der` (line 4) is written as a list (with `- `), "
            "where `name: value` entries are expected",
        ),
        (
            "    footnotes:\n      der: See",
            "    footnote:\n      der: See",
            "unctad.yaml:8:5: unknown key `footnote`",
        ),
        (
            "      der: See <https://unctad.org/webflyer/digital-economy-report-2021>",
            "      der: [See, the report]",
            "unctad.yaml:9:12: `footnotes.der` of record `unctad-der` (line 4) must be text, not a list",
        ),
        (
            "    footnotes:\n      der: See",
            "    footnotes: See",
            "unctad.yaml:8:16: `footnotes` of record `unctad-der` (line 4) holds one text, where `name: value` "
            "entries are expected",
        ),
    ],
)
def test_footnotes_that_did_not_load_are_not_also_called_missing_at_the_marker(tmp_path, old, new, expected):
    folder = edited(tmp_path, MINIMAL, "unctad.yaml", old, new)
    assert problems_of(folder) == [expected]  # not also "footnote reference [^der] has no text"


@pytest.mark.parametrize("typed", ["[der]", "^[der]"])
def test_a_note_whose_marker_lost_its_caret_is_named_with_the_marker_to_write(tmp_path, typed):
    folder = edited(tmp_path, MINIMAL, "unctad.yaml", "2021[^der]", f"2021{typed}")
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    assert [(p.rule, p.hint) for p in caught.value.problems] == [
        ("unplaced-footnote", f"the text has `{typed}`, which is not its marker: write `[^der]`")
    ]


@pytest.mark.parametrize("written", ["3(a)", "Part 3a", "3 A", "3a)", "3c"])
def test_a_section_written_as_the_questionnaire_prints_it_gets_its_id(tmp_path, written):
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "    section: 3a", f"    section: {written}")
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    assert caught.value.hint == "did you mean `3a`? Sections: 2, 3a, 3b"


def test_a_broken_submission_yaml_still_lets_the_records_files_be_checked(tmp_path):
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "session: 29", "session: twenty-nine")
    edited(tmp_path, MINIMAL, "itc.yaml", "    section: 3a", "    sectoin: 3a")
    assert [p.split(": ")[0] for p in problems_of(folder)] == ["itc.yaml:10:5", "submission.yaml:3:10"]


# --- YAML mistakes in plain words, at the line to fix ----------------------------------

UPU_SECTION = '  - id: digital-panorama-2025\n    section: "2"\n    text: >-\n'
YAML_MISTAKES = {
    "tab": (
        "upu.yaml",
        UPU_SECTION,
        '  - id: digital-panorama-2025\n\tsection: "2"\n    text: >-\n',
        "upu.yaml:44:1: line 44 is indented with a tab: use spaces",
        "spaces",
    ),
    "tab after spaces": (
        "upu.yaml",
        UPU_SECTION,
        '  - id: digital-panorama-2025\n  \tsection: "2"\n    text: >-\n',
        "upu.yaml:44:3: line 44 is indented with a tab: use spaces",
        "spaces",
    ),
    "tab inside a line is not an indent": (  # the quote left open below is the mistake
        "upu.yaml",
        '    section: "2"\n    text: >-\n      Since',
        '    section: "2\n    text: >-\n      Since\tthe',
        "upu.yaml:22:14: the quote opened on line 22 is never closed",
        'closing "',
    ),
    "non-breaking space": (
        "upu.yaml",
        UPU_SECTION,
        '  - id: digital-panorama-2025\n    section: "2"\n\u00a0   text: >-\n',
        "upu.yaml:45:1: line 45 starts with a non-breaking space (pasted from Word?): "
        "retype the indent with spaces",
        "type them again",
    ),
    "unclosed quote": (
        "upu.yaml",
        '    section: "2"\n',
        '    section: "2\n',
        "upu.yaml:22:14: the quote opened on line 22 is never closed",
        'closing "',
    ),
    "indented by 3": (
        "upu.yaml",
        UPU_SECTION,
        '  - id: digital-panorama-2025\n   section: "2"\n    text: >-\n',
        "upu.yaml:44:4: line 44 is indented by 3 spaces; the other keys of this record use 4",
        "indent `section:` by 4 spaces",
    ),
    "indented by 5": (
        "upu.yaml",
        UPU_SECTION,
        '  - id: digital-panorama-2025\n    section: "2"\n     text: >-\n',
        "upu.yaml:45:6: line 45 is indented by 5 spaces; the other keys of this record use 4",
        "indent `text:` by 4 spaces",
    ),
    "colon in plain text": (
        "upu.yaml",
        "    text: >-\n      Since the COVID-19",
        "    text: Since: the COVID-19",
        "upu.yaml:23:16: the text on line 23 contains `: `, which YAML reads as the start of a new key",
        "`text: >-`",
    ),
    "dash without space": (
        "upu.yaml",
        "  - id: digital-transformation-assessments",
        "  -id: digital-transformation-assessments",
        "upu.yaml:30:3: line 30 starts a list item without a space after the `-`",
        "`- `",
    ),
    "text line not indented": (
        "upu.yaml",
        "      Kyrgyzstan.\n",
        "Kyrgyzstan.\n",
        "upu.yaml:39:3: line 39 (`Kyrgyzstan.`) is neither `key: value` nor a list item",
        "indent it like the text above it",
    ),
    "stray word at the end of the file": (
        "upu.yaml",
        "      logistics of cross-border e-commerce.\n",
        "      logistics of cross-border e-commerce.\nx\n",
        "upu.yaml:94:1: line 94 (`x`) is neither `key: value` nor a list item",
        "add the `:`",
    ),
    "text line indented less": (
        "upu.yaml",
        "operational\n      complexity",
        "operational\n     complexity",
        "upu.yaml:26:6: line 26 is indented less than the text above it (5 spaces, not 6)",
        "indent line 26 by 6 spaces",
    ),
    "summary line indented less": (
        "submission.yaml",
        "\n    uneven investment",
        "\n   uneven investment",
        "submission.yaml:36:4: line 36 is indented less than the text above it (3 spaces, not 4)",
        "by 4 spaces",
    ),
    "key indented in submission.yaml": (
        "submission.yaml",
        "venue: Geneva\n",
        " venue: Geneva\n",
        "submission.yaml:6:2: line 6 is indented by 1 space; the key above it uses 0",
        "start `venue:` at the beginning of the line",
    ),
    "unclosed bracket": (
        "submission.yaml",
        "[unctad-der, itc-outlook]",
        "[unctad-der, itc-outlook",
        "submission.yaml:24:8: the `[` opened on line 24 is never closed",
        "closing `]`",
    ),
    "text starting with italics": (
        "upu.yaml",
        "    text: >-\n      Since the COVID-19",
        "    text: *Since* the COVID-19",
        "upu.yaml:23:11: the text on line 23 starts with `*`, which YAML reads as a reference to an "
        "anchor, not as italics",
        "put the text in a block: `text: >-` with the text indented on the next lines",
    ),
    "text starting with a bracket": (
        "upu.yaml",
        "    text: >-\n      Since the COVID-19",
        "    text: [Draft] Since the COVID-19",
        "upu.yaml:23:11: the text on line 23 starts with `[`, which YAML reads as the start of a list",
        "`text: >-`",
    ),
    "text starting with a quoted title": (
        "upu.yaml",
        "    text: >-\n      Since the COVID-19",
        "    text: 'Since' the COVID-19",
        "upu.yaml:23:11: the text on line 23 starts with a quoted part (`'Since'`) and goes on after "
        "it: a value that starts with a quote ends at its closing quote",
        "`text: >-`",
    ),
    "text starting with a dash": (
        "upu.yaml",
        "    text: >-\n      Since the COVID-19",
        "    text: - Since the COVID-19",
        "upu.yaml:23:11: the text on line 23 starts with `- `, which YAML reads as a list item",
        "c7draft makes each record a bullet, so drop the `- `",
    ),
    "text starting with an at sign": (
        "upu.yaml",
        "    text: >-\n      Since the COVID-19",
        "    text: @UPU Since the COVID-19",
        "upu.yaml:23:11: the text on line 23 starts with `@`, which YAML does not allow at the start of a value",
        "`text: >-`",
    ),
    "text on the line of its block sign": (
        "upu.yaml",
        "    text: >-\n      Since the COVID-19",
        "    text: >- Since the COVID-19",
        "upu.yaml:23:11: the text on line 23 follows `>` on the same line: a block's text starts on the next line",
        "move the text to the next line, indented under `text:`",
    ),
    "text starting with an ampersand": (  # YAML reads `&name` as an anchor and drops it: no parse error
        "upu.yaml",
        "    text: >-\n      Since the COVID-19",
        "    text: &Since the COVID-19",
        "upu.yaml:23:11: the text on line 23 starts with `&Since`, which YAML reads as an anchor (a name "
        "for the value) and leaves out of the text",
        "put the text in a block",
    ),
    "a hashtag cuts a text of several lines": (
        "upu.yaml",
        "    text: >-\n      Since the COVID-19 pandemic",
        "    text: Since the #COVID19 pandemic",
        "upu.yaml:23:21: the text on line 23 is cut at `#COVID19`: after a space, YAML reads # as the "
        "start of a comment, so the lines below it no longer belong to the text",
        "put the text in a block: `text: >-` with the text indented on the next lines",
    ),
    "no space after a key's colon": (
        "upu.yaml",
        '    section: "2"\n    text: >-\n      Since',
        '    section:"2"\n    text: >-\n      Since',
        'upu.yaml:22:13: line 22 (`section:"2"`) has no space after the `:`',
        'write `section: "2"`: YAML needs a space after the colon of a key',
    ),
    "a bullet from Word for the list item's dash": (
        "upu.yaml",
        "  - id: digital-transformation-assessments",
        "  • id: digital-transformation-assessments",
        "upu.yaml:30:3: line 30 starts a list item with `•`: YAML's list items start with `- `",
        "replace the `•` with a hyphen `-`",
    ),
    "a second record without its dash": (
        "upu.yaml",
        "  - id: digital-transformation-assessments",
        "    id: digital-transformation-assessments",
        "upu.yaml:30:5: the key `id` appears twice here (also on line 21)",
        "to start another record, write `- id: ...` (a dash and a space first)",
    ),
    "a second paragraph as a list item under one text": (
        "submission.yaml",
        "executive_summary:       # Part 1, one item per paragraph\n  - >-\n    Action line C7 (e-business) "
        "in 2025 was implemented against the backdrop of growing but\n    uneven",
        "executive_summary: >-\n    Action line C7 (e-business) in 2025 was implemented against the "
        "backdrop of growing but\n    uneven",
        "submission.yaml:39:3: line 39 starts a list item, but `executive_summary:` on line 33 holds one "
        "text, not a list",
        "for a list, put `- >-` on its own line under `executive_summary:` before the first text too",
    ),
    "what no rule explains: the parser's words and where it was": (
        "submission.yaml",
        "venue: Geneva\n",
        "venue: Geneva\n- Paris\n",
        "submission.yaml:7:1: YAML syntax error: did not find expected key (while parsing a block "
        "mapping on line 3)",
        "check indentation and quoting on this line or the one before",
    ),
    "duplicate key": (
        "submission.yaml",
        "venue: Geneva\n",
        "venue: Geneva\nvenue: Paris\n",
        "submission.yaml:7:1: the key `venue` appears twice here (also on line 6)",
        "keep one",
    ),
    "impossible date": (
        "submission.yaml",
        "opens: 2026-04-20",
        "opens: 2026-02-30",
        "submission.yaml:4:8: `opens`: `2026-02-30` is not a date of the calendar (day is out of range for month)",
        "YYYY-MM-DD",
    ),
}


@pytest.mark.parametrize("name", YAML_MISTAKES)
def test_yaml_mistake_in_plain_words_at_its_line(tmp_path, name):
    file, old, new, message, hint = YAML_MISTAKES[name]
    folder = edited(
        tmp_path, MINIMAL if file == "submission.yaml" and "uneven" not in old else SAMPLE, file, old, new
    )
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    first, _, rest = str(caught.value).partition("\n")
    assert first.endswith(message), first
    assert hint in rest, rest


# --- Schema errors that name what the person sees -------------------------------------

SCHEMA = {
    "id with a space": (
        "unctad.yaml",
        "  - id: unctad-gdc",
        "  - id: unctad gdc",
        "unctad.yaml:10:9: `id` of record `unctad gdc` (line 10): an id may contain only letters, "
        "digits and the signs - _ . (no spaces), starting with a letter or digit, got 'unctad gdc'",
        "e.g. `id: unctad-gdc`",
    ),
    "missing text": (
        "unctad.yaml",
        "    text: UNCTAD will implement the Global Digital Compact.\n",
        "",
        "unctad.yaml:10:5: missing `text` in record `unctad-gdc` (line 10)",
        "add `text: ",
    ),
    "missing text and id": (
        "unctad.yaml",
        "  - id: unctad-gdc\n    section: 3b\n    text: UNCTAD will implement the Global Digital Compact.\n",
        "  - section: 3b\n",
        "unctad.yaml:10:5: missing `id` in the record on line 10",
        "add `id: ige-8`",
    ),
    "date in words": (
        "submission.yaml",
        "opens: 2026-04-20",
        "opens: 20 April 2026",
        "submission.yaml:4:8: `opens` must be a date written like 2026-04-20, got '20 April 2026'",
        "write the date as YYYY-MM-DD, e.g. `opens: 2026-04-20`",
    ),
    "date with a time": (
        "submission.yaml",
        "opens: 2026-04-20",
        "opens: 2026-04-20 10:00:00",
        "submission.yaml:4:8: `opens` must be a date written like 2026-04-20, got '2026-04-20 10:00:00'",
        "YYYY-MM-DD",
    ),
    "a top-level key missing": (
        "submission.yaml",
        "session: 29\n",
        "",
        "submission.yaml:1:1: missing `session`",
        "add `session: 29`",
    ),
    "a key missing under another": (
        "submission.yaml",
        "  code: C7\n",
        "",
        "submission.yaml:7:1: missing `code` in `action_line`",
        "add `code: C7`",
    ),
    "a date where a number goes": (
        "submission.yaml",
        "session: 29",
        "session: 2026-02-30",
        "submission.yaml:3:10: `session` must be a whole number written in figures, got '2026-02-30'",
        "e.g. `session: 29`",
    ),
    "a value left empty": (
        "submission.yaml",
        "venue: Geneva",
        "venue:",
        "submission.yaml:6:7: `venue` has no value",
        "write it after the colon, e.g. `venue: Geneva`",
    ),
    "one paragraph where a list of them is expected": (
        "submission.yaml",
        "executive_summary:\n  - >-\n",
        "executive_summary: >-\n",
        "submission.yaml:21:5: `executive_summary` holds one text, where a list is expected",
        "put each item on its own line under `executive_summary:`, starting with `- ` (for a text, `- >-`)",
    ),
    "entity role": (
        "submission.yaml",
        "    records: itc.yaml",
        "    records: itc.yaml\n    role: observer",
        "submission.yaml:16:11: `role` of entity `ITC` (line 13): input should be 'co-facilitator' "
        "or 'contributor', got 'observer'",
        "e.g. `role: co-facilitator`",
    ),
}


@pytest.mark.parametrize("name", SCHEMA)
def test_schema_error_names_the_record_and_says_the_rule_in_words(tmp_path, name):
    file, old, new, message, hint = SCHEMA[name]
    folder = edited(tmp_path, MINIMAL, file, old, new)
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    first, _, rest = str(caught.value).partition("\n")
    assert first.endswith(message), first
    assert hint in rest, rest


def test_new_submission_keys_are_accepted(tmp_path):
    folder = edited(
        tmp_path,
        MINIMAL,
        "submission.yaml",
        "order:",
        "priors: [old.docx]\nstyle: {style-per-cent: false}\nword_limit: 150\npart_word_budget: 2000\norder:",
    )
    edited(
        tmp_path,
        MINIMAL,
        "submission.yaml",
        "    records: itc.yaml",
        "    records: itc.yaml\n    role: contributor",
    )
    from c7draft.inputs import load_submission

    sub = load_submission(folder).submission
    assert (sub.priors, sub.style, sub.word_limit, sub.part_word_budget) == (
        ["old.docx"],
        {"style-per-cent": False},
        150,
        2000,
    )
    assert [e.role for e in sub.entities] == ["contributor", "co-facilitator"]


# --- Hostile input ends fast and clearly -----------------------------------------------


def run_build(folder: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    run = c7draft("build", folder, "-o", tmp_path / "draft.docx", "--no-check")
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "draft.docx").exists()
    return run


def test_alias_bomb_is_refused(tmp_path):
    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "entity: ITC\n", "entity: ITC\n" + "\n".join(bomb) + "\n")
    run = run_build(folder, tmp_path)
    assert "itc.yaml:2:1: this file expands to more than 250,000 values through its aliases" in run.stderr


def test_deep_nesting_is_refused(tmp_path):
    folder = edited(
        tmp_path, MINIMAL, "itc.yaml", "entity: ITC\n", "entity: ITC\ndeep: " + "[" * 3000 + "]" * 3000 + "\n"
    )
    run = run_build(folder, tmp_path)
    assert "itc.yaml:3:" in run.stderr and "nested more than 50 levels deep" in run.stderr


def test_file_over_5_mb_is_refused(tmp_path):
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "entity: ITC\n", "entity: ITC\n" + "# padding\n" * 600_000)
    run = run_build(folder, tmp_path)
    assert (
        "itc.yaml:1: this YAML file is larger than 5 MB (6,000,370 bytes), the most c7draft reads"
        in run.stderr
    )


@pytest.mark.parametrize("records", ["../secret.yaml", "/etc/c7draft.yaml"])
def test_records_path_outside_the_folder_is_refused(tmp_path, records):
    (tmp_path / "secret.yaml").write_text("entity: ITC\nrecords: []\n", encoding="utf-8")
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "records: itc.yaml", f"records: {records}")
    run = run_build(folder, tmp_path)
    assert f"submission.yaml:15:14: `records: {records}` is outside the submission folder" in run.stderr


def test_outline_path_outside_the_folder_is_refused(tmp_path):
    shutil.copy(ROOT / "templates" / "outlines" / "cstd29.yaml", tmp_path / "outline.yaml")
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "outline: cstd29", "outline: ../outline.yaml")
    run = run_build(folder, tmp_path)
    assert "submission.yaml:10:10: `outline: ../outline.yaml` is outside the submission folder" in run.stderr


def test_a_shipped_outline_name_cannot_lead_out_of_the_templates(tmp_path):
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "outline: cstd29", "outline: ../outlines/cstd29")
    assert problems_of(folder) == ["submission.yaml:10:10: outline `../outlines/cstd29` not found"]


def test_a_hashtag_that_cuts_a_one_line_text_is_refused_where_a_comment_is_not(tmp_path):
    """On the text's last line YAML parses the cut text and drops the rest: nothing would say so."""
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "for SMEs.", "for SMEs #SheTrades, in 12 countries.")
    assert problems_of(folder) == [
        "itc.yaml:11:94: the text is cut at `#SheTrades,`: after a space, YAML reads # as the start of a "
        "comment, and leaves the rest of the line out of the text"
    ]
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    assert caught.value.hint.endswith("(if it is a comment, write a space after the #)")
    fine = edited(tmp_path / "b", MINIMAL, "itc.yaml", "    section: 3a", "    section: 3a #moved from 2")
    edited(tmp_path / "b", MINIMAL, "itc.yaml", "for SMEs.", "for SMEs.  # to check")
    assert "for SMEs." in c7draft("preview", fine).stdout  # a comment is a comment


@pytest.mark.parametrize(
    "new, message",
    [
        ("records: !t", "itc.yaml:3:10: the tag `!t` is not allowed in c7draft's files"),
        (
            "records: !!python/object:os.system",
            "the tag `tag:yaml.org,2002:python/object:os.system` is not allowed",
        ),
        ("records:\n  - &a {id: x, section: 3a, text: loop, more: *a}", "itc.yaml:4"),
        (
            "base: &b {section: 3a}\nrecords:\n  - <<: *b\n    id: x",
            "itc.yaml:5:5: `<<:` (a YAML merge key) is not supported",
        ),
    ],
)
def test_tags_and_odd_yaml_become_input_errors_naming_the_file(tmp_path, new, message):
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "records:", new + "\nrest:")
    run = run_build(folder, tmp_path)
    assert message in run.stderr


def test_markup_errors_come_with_the_other_problems_of_the_folder(tmp_path):
    folder = edited(tmp_path, SAMPLE, "upu.yaml", "Postal Sector 2025, UPU.].", "Postal Sector 2025, UPU..")
    edited(tmp_path, SAMPLE, "submission.yaml", "opens: 2026-04-20", "opens: 20 April 2026")
    assert problems_of(folder) == [
        "submission.yaml:9:8: `opens` must be a date written like 2026-04-20, got '20 April 2026'",
        "upu.yaml:27:79: the footnote `^[State of the Postal Sector 2025, UPU..` is never closed",
    ]


def test_any_failure_of_the_yaml_library_is_an_input_error_naming_the_file(tmp_path, monkeypatch):
    from c7draft.inputs import yamlfile

    def overlap(text):
        raise NotImplementedError("overlap in comment")

    monkeypatch.setattr(yamlfile, "_compose", overlap)
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "entity: ITC", "entity: ITC")
    assert problems_of(folder) == [
        "submission.yaml:1:None: this YAML file cannot be read: NotImplementedError: overlap in comment"
    ]


def test_every_problem_has_a_rule_id_the_docs_name(tmp_path):
    docs = (ROOT / "docs" / "input-format.md").read_text(encoding="utf-8")
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "venue: Geneva", "venu: Geneva")
    edited(tmp_path, MINIMAL, "itc.yaml", ITC_TEXT, "    text: ITC launched the *Accelerator [x](smb://a/b).")
    edited(tmp_path, MINIMAL, "unctad.yaml", "\n    text: UNCTAD will", "\n    text: |-\n      - UNCTAD will")
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    rules = [p.rule for p in caught.value.problems]
    assert rules == ["unclosed-emphasis", "link-scheme", "schema-unknown-key", "markup-block"]
    assert all(f"`{rule}`" in docs for rule in rules)


def test_a_misspelt_key_in_an_outlines_section_lists_a_sections_keys(tmp_path):
    """The keys a hint offers are those of the mapping the key is in: a section's, two lists
    deep in the outline (parts, then sections), not a Part's."""
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "outline: cstd29", "outline: outline.yaml")
    outline = (ROOT / "templates" / "outlines" / "cstd29.yaml").read_text(encoding="utf-8")
    (folder / "outline.yaml").write_text(
        outline.replace("        prompt:", "        promt:", 1), encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    [problem] = caught.value.problems
    assert (problem.message, problem.hint) == (
        "unknown key `promt`",
        "did you mean `prompt`? Allowed keys here: id, prompt.",
    )


@pytest.mark.parametrize("length, shown", [(60, "a" * 60), (61, "a" * 57 + "…")])
def test_a_long_wrong_value_is_quoted_by_its_start(tmp_path, length, shown):
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "session: 29", "session: " + "a" * length)
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    assert caught.value.problems[0].message.endswith(f", got '{shown}'")


# --- The folder's own rules: one slip each in the minimal folder, at its line and column ---

FOLDER_RULES = {
    # rule: (file, old, new, the problem as file:line:column: message)
    "session-dates": (
        "submission.yaml",
        "closes: 2026-04-24",
        "closes: 2026-04-19",
        "submission.yaml:5:9: `closes:` is before `opens:`",
    ),
    "lead-not-entity": (
        "submission.yaml",
        "lead: UNCTAD",
        "lead: UPU",
        "submission.yaml:11:7: `lead: UPU` is not one of the entities",
    ),
    "entity-twice": (
        "submission.yaml",
        "    records: itc.yaml\n",
        "    records: itc.yaml\n  - short: ITC\n    name: ITC again\n    records: itc2.yaml\n",
        "submission.yaml:16:5: entity `ITC` is listed twice",
    ),
    "records-entity": (
        "itc.yaml",
        "entity: ITC",
        "entity: UPU",
        "itc.yaml:2:9: this file is listed for ITC but says `entity: UPU`",
    ),
    "order-section": (
        "submission.yaml",
        '  "2": [unctad-der, itc-outlook]',
        '  "2": [unctad-der, itc-outlook]\n  "3c": [itc-accelerator]',
        "submission.yaml:25:3: `order:` names section `3c`, which is not in outline `cstd29`",
    ),
    "order-twice": (
        "submission.yaml",
        '  "2": [unctad-der, itc-outlook]',
        '  "2": [unctad-der, itc-outlook, unctad-der]',
        "submission.yaml:24:34: `unctad-der` is listed twice in `order:`",
    ),
}


@pytest.mark.parametrize("rule", FOLDER_RULES)
def test_a_folder_rule_is_said_once_at_its_place(tmp_path, rule):
    file, old, new, expected = FOLDER_RULES[rule]
    folder = edited(tmp_path, MINIMAL, file, old, new)
    if rule == "entity-twice":
        shutil.copy(folder / "itc.yaml", folder / "itc2.yaml")
        (folder / "itc2.yaml").write_text(
            (folder / "itc.yaml").read_text(encoding="utf-8").replace("id: itc-", "id: itc2-"),
            encoding="utf-8",
        )
    assert [(p.rule, said(p)) for p in raised(folder)] == [(rule, expected)]


def test_a_session_may_open_and_close_on_one_day(tmp_path):
    folder = edited(tmp_path, MINIMAL, "submission.yaml", "closes: 2026-04-24", "closes: 2026-04-20")
    from c7draft.inputs import load_submission

    session = load_submission(folder).session
    assert session.opens == session.closes


def test_problems_of_several_files_are_listed_by_file_and_line(tmp_path):
    """By the CLI and by the library's `load_what_loads` (what `validate` builds on); the
    records file's problem is found after submission.yaml's."""
    from c7draft.inputs import load_what_loads

    edited(tmp_path, MINIMAL, "submission.yaml", "closes: 2026-04-24", "closes: 2026-04-19")
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "entity: ITC", "entity: UPU")
    expected = [
        "itc.yaml:2:9: this file is listed for ITC but says `entity: UPU`",
        "submission.yaml:5:9: `closes:` is before `opens:`",
    ]
    assert problems_of(folder) == expected
    loaded, problems = load_what_loads(folder)
    assert loaded is not None
    assert [said(p) for p in problems] == expected


def test_unassigned_yaml_must_say_it_is_unassigned(tmp_path):
    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    (folder / "unassigned.yaml").write_text(
        "entity: ITC\nrecords:\n  - id: orphan\n    section: 3b\n    text: A bullet no agency claims.\n",
        encoding="utf-8",
    )
    assert problems_of(folder) == [
        "unassigned.yaml:1:9: unassigned.yaml holds records no agency claims yet, so it must say `entity: unassigned`"
    ]


def test_a_record_id_used_twice_is_one_problem_not_also_one_of_order(tmp_path):
    """The second record of an id is not loaded: `order:` still finds the first, in its section."""
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "id: itc-accelerator", "id: itc-outlook")
    assert problems_of(folder) == ["itc.yaml:9:5: record id `itc-outlook` is used twice (also itc.yaml:4)"]


def test_the_ids_of_a_records_file_that_does_not_parse_are_not_reported_missing_from_order(tmp_path):
    """Nor is a section it alone fills (3a: ITC's accelerator) warned about as empty."""
    from c7draft.validate import validate

    folder = edited(tmp_path, MINIMAL, "itc.yaml", "entity: ITC\n", "entity: ITC\n  oops: [\n")
    found = problems_of(folder)
    assert len(found) == 1 and found[0].startswith("itc.yaml:3:"), found  # not `no record has id itc-outlook`
    assert [(p.rule, Path(p.file).name, p.line) for p in validate(folder)] == [("yaml-indent", "itc.yaml", 3)]


def test_a_records_list_item_that_is_no_mapping_is_one_problem_and_the_others_are_checked(tmp_path):
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "records:\n", "records:\n  - just a sentence\n")
    edited(tmp_path, MINIMAL, "itc.yaml", "https://intracen.org/dia)", "https://intracen.org/dia")
    found = problems_of(folder)
    assert [p.split(": ")[0] for p in found] == ["itc.yaml:4:5", "itc.yaml:12:26"], found


def test_a_broken_submission_yaml_still_has_its_records_files_checked(tmp_path):
    """`entities:` with an item that is no mapping: submission.yaml fails its schema, and the
    records files its other items name are read all the same."""
    edited(tmp_path, MINIMAL, "submission.yaml", "entities:\n", "entities:\n  - UPU\n")
    folder = edited(tmp_path, MINIMAL, "itc.yaml", "entity: ITC", "entity: ITC\nextra: 1")
    found = problems_of(folder)
    assert [p.split(":")[0] for p in found] == ["itc.yaml", "submission.yaml"], found


@pytest.mark.parametrize(
    "old, new, expected, hint",
    [
        (  # `: ` in a paragraph: YAML reads `- Note: ...` as a mapping
            "  - >-\n    Action line C7",
            "  - Note: the second paragraph\n  - >-\n    Action line C7",
            "submission.yaml:21:5: item 1 of `executive_summary` (line 21) must be text, not a mapping: "
            "the `: ` after `Note` makes YAML read the words before it as a key",
            "put the text in a block: `- >-` with the text indented on the next lines, or in double quotes",
        ),
        (
            "  - >-\n    Action line C7",
            "  - [Draft]\n  - >-\n    Action line C7",
            "submission.yaml:21:5: item 1 of `executive_summary` (line 21) must be text, not a list",
            "write it as one text (in quotes if it starts with `[` or `{`)",
        ),
        (
            '  "2": [unctad-der, itc-outlook]',
            '  "2": [unctad-der, [itc-outlook]]',
            "submission.yaml:24:21: item 2 of `order.2` (line 24) must be text, not a list",
            "write it as one text (in quotes if it starts with `[` or `{`)",
        ),
    ],
)
def test_an_item_of_a_list_of_texts_is_named_by_its_place_in_the_list(tmp_path, old, new, expected, hint):
    """Not `executive_summary.0`, and the hint names no key `0:`."""
    folder = edited(tmp_path, MINIMAL, "submission.yaml", old, new)
    assert [(said(p), p.hint) for p in raised(folder)] == [(expected, hint)]


@pytest.mark.parametrize(
    "file, old, new, hint",
    [
        (  # a key with an example: the hint shows it
            "submission.yaml",
            "venue: Geneva",
            "venue: [Geneva]",
            "write it as one text after `venue:`, e.g. `venue: Geneva` (in quotes if it starts with `[` or `{`)",
        ),
        (  # a key under a key: named by its path
            "submission.yaml",
            "  code: C7",
            "  code: [C7]",
            "write it as one text after `code:`, e.g. `code: C7` (in quotes if it starts with `[` or `{`)",
        ),
        (  # a footnote's label has no example: none is made up
            "unctad.yaml",
            "      der: See <https://unctad.org/webflyer/digital-economy-report-2021>",
            "      der: [See, the report]",
            "write it as one text after `der:` (in quotes if it starts with `[` or `{`)",
        ),
    ],
)
def test_a_list_where_text_goes_is_told_to_be_one_text_with_an_example_where_there_is_one(
    tmp_path, file, old, new, hint
):
    folder = edited(tmp_path, MINIMAL, file, old, new)
    assert [p.hint for p in raised(folder) if p.rule == "schema-value"] == [hint]
