"""`c7draft validate`: every problem of a folder in one run, at the YAML line of the
fragment; consistency warnings; UN house style, each rule switchable off; exit codes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from c7draft.validate import exit_code, render_json, render_text, validate
from c7draft.validate.style import RULE_IDS
from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"
SAMPLE_2025 = ROOT / "sample_inputs" / "2025"


def planted(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """A copy of the minimal inputs with each (file, old, new) replacement made."""
    folder = tmp_path / "inputs"
    if not folder.exists():
        shutil.copytree(MINIMAL, folder)
    for file, old, new in edits:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def at(folder: Path, file: str, fragment: str) -> int:
    """The line of ``file`` where ``fragment`` first stands (fixtures may gain header lines)."""
    lines = (folder / file).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


def found(folder: Path, rule: str) -> list[tuple[str, int, int | None]]:
    return [(Path(p.file).name, p.line, p.column) for p in validate(folder) if p.rule == rule]


# --- the slips really in the published 2025 text ---------------------------------------


@pytest.mark.parametrize(
    "rule, file, line, column, fragment",
    [
        ("style-per-cent", "unctad.yaml", 25, 11, "56%"),
        ("style-acronym-possessive", "unctad.yaml", 92, 7, "UNCTAD's"),
        ("style-footnote-after-punctuation", "upu.yaml", 27, 79, "^[State of the"),
    ],
)
def test_sample_2025_slips_are_found_at_their_own_line(rule, file, line, column, fragment):
    problems = [p for p in validate(SAMPLE_2025) if p.rule == rule and p.file.endswith(file)]
    assert (line, column) in [(p.line, p.column) for p in problems]
    raw = (SAMPLE_2025 / file).read_text(encoding="utf-8").splitlines()[line - 1]
    assert raw[column - 1 :].startswith(fragment), raw  # the column points at the fragment itself
    p = next(p for p in problems if p.line == line)
    assert p.severity == "warning" and "UN Editorial Manual" in p.message


def test_sample_2025_marker_message_says_what_to_write():
    p = next(p for p in validate(SAMPLE_2025) if p.rule == "style-footnote-after-punctuation")
    assert p.message.startswith("the footnote marker stands before the “.” after “processes”")
    assert p.hint == "put the marker after the punctuation: `processes.^[...]`"


def test_samples_validate_without_errors_and_without_flooding():
    for year in ("2023", "2025"):
        problems = validate(ROOT / "sample_inputs" / year)
        assert problems and all(p.severity == "warning" for p in problems)
        assert len(problems) < 30  # two pages of text: a finding per slip, not per word
        keys = [(p.file, p.line, p.column or 0) for p in problems]
        assert keys == sorted(keys)


def test_docs_show_the_real_findings_on_both_samples():
    """docs/validate.md pastes `c7draft validate` on both samples: it must stay the real output."""
    doc = (ROOT / "docs" / "validate.md").read_text(encoding="utf-8")
    for year in ("2023", "2025"):
        output = c7draft("validate", f"sample_inputs/{year}", cwd=ROOT).stdout.strip()
        assert output in doc, f"docs/validate.md is stale for sample_inputs/{year}"
    assert c7draft("stats", "sample_inputs/2025", cwd=ROOT).stdout.strip() in doc


# --- house style: each rule fires, and `style:` switches it off -------------------------

STYLE_CASES = {
    # rule: (file, old, new, the fragment on the line expected)
    "style-footnote-after-punctuation": (
        "itc.yaml",
        "evidence.^[See\n      <https://intracen.org/sme-outlook>]",
        "evidence^[See\n      <https://intracen.org/sme-outlook>].",
        "evidence^[",
    ),
    "style-per-cent": ("itc.yaml", "for SMEs.", "for 40% of SMEs.", "40%"),
    "style-numbers-in-words": ("unctad.yaml", "UNCTAD helped.", "UNCTAD helped 4 countries.", "4 countries"),
    "style-acronym-possessive": (
        "unctad.yaml",
        "UNCTAD will implement",
        "UNCTAD's team will implement",
        "UNCTAD's",
    ),
    "style-acronym-first-use": ("unctad.yaml", "the Global Digital Compact.", "the GDC.", "the GDC."),
    "style-oxford-spelling": (
        "unctad.yaml",
        "UNCTAD will implement",
        "UNCTAD will organise and implement",
        "organise",
    ),
    "style-bullet-full-stop": (
        "unctad.yaml",
        "the Global Digital Compact.",
        "the Global Digital Compact",
        "Compact",
    ),
    "style-mixed-quotes": (  # one of each: the straight one, on a tie, is flagged
        "unctad.yaml",
        "the Global Digital Compact.",
        'the “Global Digital Compact” and the "Pact for the Future".',
        '"Pact',
    ),
}


def test_every_style_rule_has_a_case():
    assert set(STYLE_CASES) == set(RULE_IDS)


@pytest.mark.parametrize("rule", STYLE_CASES)
def test_style_rule_fires_and_can_be_switched_off(tmp_path, rule):
    file, old, new, fragment = STYLE_CASES[rule]
    folder = planted(tmp_path, (file, old, new))
    hits = found(folder, rule)
    assert [h[:2] for h in hits] == [(file, at(folder, file, fragment))], hits
    planted(tmp_path, ("submission.yaml", "order:", f"style:\n  {rule}: false\norder:"))
    assert found(folder, rule) == []
    assert validate(folder) == []  # nothing else fired on the planted slip


def test_style_keys_may_leave_out_the_prefix_and_unknown_ones_are_named(tmp_path):
    folder = planted(
        tmp_path,
        ("itc.yaml", "for SMEs.", "for 40% of SMEs."),
        ("submission.yaml", "order:", "style:\n  per-cent: false\n  oxford-speling: false\norder:"),
    )
    problems = validate(folder)
    assert [(p.rule, p.line) for p in problems] == [
        ("unknown-style-rule", at(folder, "submission.yaml", "oxford-"))
    ]
    assert problems[0].message == "`style:` names `oxford-speling`, which is not a house-style rule"
    assert problems[0].hint.startswith("did you mean `style-oxford-spelling`?")


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("in 3 countries", True),
        ("on 3 May 2025", False),
        ("from 8 to 12 October", False),
        ("under Objective 2 of the Compact", False),
        ("a 3% rise", False),  # per cent: the per-cent rule's business
        ("3.5 million people", False),
        ("USD 5 million", False),
        ("the G20 and 5G", False),
        ("*Web 3 Report*", False),  # a title in italics
        ("in 5-10 firms", False),  # a range
        ("in 5 to 10 firms", False),
        ("for 5 000 firms", False),  # thousands set off by a space
        ("for 5\u00a0000 firms", False),
        ("for 5 firms in 2025", True),
    ],
)
def test_numbers_rule_exceptions(tmp_path, text, flagged):
    folder = planted(tmp_path, ("unctad.yaml", "UNCTAD helped.", f"UNCTAD helped {text}."))
    assert bool(found(folder, "style-numbers-in-words")) is flagged


def test_a_name_joined_by_an_ampersand_is_not_an_acronym(tmp_path):
    folder = planted(tmp_path, ("itc.yaml", "for SMEs.", "for SMEs, with AT&T and R&D partners."))
    assert found(folder, "style-acronym-first-use") == []
    folder = planted(tmp_path / "b", ("itc.yaml", "for SMEs.", "for SMEs, with ABCD & partners."))
    assert len(found(folder, "style-acronym-first-use")) == 1  # "ABCD" beside a spaced "&" still is


def test_acronym_spelled_out_at_first_use_is_not_flagged_and_late_definition_is_named(tmp_path):
    folder = planted(
        tmp_path, ("unctad.yaml", "the Global Digital Compact.", "the Global Digital Compact (GDC).")
    )
    assert found(folder, "style-acronym-first-use") == []
    folder = planted(tmp_path, ("itc.yaml", "for SMEs.", "for SMEs and the GDC."))
    problems = [p for p in validate(folder) if p.rule == "style-acronym-first-use"]
    assert [(Path(p.file).name, p.line) for p in problems] == [
        ("itc.yaml", at(folder, "itc.yaml", "the GDC"))
    ]
    assert problems[0].message.startswith(
        "“GDC” is not spelled out at its first use; it is spelled out "
        f"only later, at unctad.yaml:{at(folder, 'unctad.yaml', '(GDC)')}"
    )


# --- consistency warnings ---------------------------------------------------------------

CONSISTENCY_CASES = {
    # rule: (edits, expected file and the fragment on the line expected)
    "session-dates": (
        [("submission.yaml", "closes: 2026-04-24", "closes: 2027-04-24")],
        ("submission.yaml", "closes:"),
    ),
    "placeholder-date": (
        [("submission.yaml", "opens: 2026-04-20", "opens: 2026-04-20   # TODO: placeholder date")],
        ("submission.yaml", "opens:"),
    ),
    "activity-year": (
        [("unctad.yaml", "UNCTAD will implement", "In November 2024, UNCTAD will implement")],
        ("unctad.yaml", "November"),
    ),
    "summary-year": (
        [("submission.yaml", "(e-business) in 2025 was", "(e-business) in 2024 was")],
        ("submission.yaml", "in 2024 was"),
    ),
    "duplicate-footnote-url": (
        [
            (
                "unctad.yaml",
                "UNCTAD will implement the Global Digital Compact.",
                "UNCTAD will implement the Global Digital Compact.^[See <https://intracen.org/sme-outlook/>]",
            )
        ],
        ("unctad.yaml", "sme-outlook/"),
    ),
    "comment-in-text": (
        [
            (
                "unctad.yaml",
                "Report 2021[^der] and",
                "Report 2021[^der]\n      # TODO: the 2024 report?\n      and",
            )
        ],
        ("unctad.yaml", "# TODO"),
    ),
    "empty-section": ([("itc.yaml", "section: 3a", "section: 3b")], ("submission.yaml", "outline:")),
    "unordered-record": (
        [("submission.yaml", '"2": [unctad-der, itc-outlook]', '"2": [unctad-der]')],
        ("submission.yaml", '"2":'),
    ),
    "former-entity-name": (
        [
            (
                "unctad.yaml",
                "UNCTAD will implement",
                "The United Nations Conference on Trade and Development will implement",
            )
        ],
        ("unctad.yaml", "United Nations Conference"),
    ),
    "word-limit": ([("submission.yaml", "order:", "word_limit: 10\norder:")], ("unctad.yaml", "Building on")),
    "part-word-budget": (
        [("submission.yaml", "order:", "part_word_budget: 16\norder:")],
        ("submission.yaml", "part_word_budget"),
    ),
}


@pytest.mark.parametrize("rule", CONSISTENCY_CASES)
def test_consistency_warning(tmp_path, rule):
    edits, (file, fragment) = CONSISTENCY_CASES[rule]
    folder = planted(tmp_path, *edits)
    problems = validate(folder)
    where = (file, at(folder, file, fragment))
    assert [(Path(p.file).name, p.line) for p in problems if p.rule == rule] == [where], render_text(problems)
    assert all(p.severity == "warning" for p in problems)


@pytest.mark.parametrize(
    "old, new, flagged",
    [
        ("UNCTAD helped.", "UNCTAD helped.\n      # check the figure\n      More.", True),  # a folded block
        (
            "text: UNCTAD will implement the Global Digital Compact.",
            "text: |-\n      UNCTAD will implement it.\n      #\n      More.",  # a bare `#`, a literal block
            True,
        ),
        (
            "text: UNCTAD will implement the Global Digital Compact.",
            "text: >-\n      # TODO: the date\n      UNCTAD will implement it.",  # the block's first line
            True,
        ),
        ("UNCTAD helped.", "UNCTAD helped # 5 firms.", False),  # a `#` within a line is the text's own
        ("UNCTAD helped.", "UNCTAD helped.\n      #eTradeForWomen was used.", False),  # a hashtag
    ],
)
def test_a_comment_inside_a_text_block_is_named_where_it_stands(tmp_path, old, new, flagged):
    folder = planted(tmp_path, ("unctad.yaml", old, new))
    problems = [p for p in validate(folder) if p.rule == "comment-in-text"]
    assert [(p.line, p.column) for p in problems] == (
        [(at(folder, "unctad.yaml", "      #"), 7)] if flagged else []
    )
    if flagged:
        assert problems[0].message.startswith("“#")
        assert "not a comment" in problems[0].message and "- id:" in problems[0].hint


def test_summary_year_names_the_clause_and_the_reporting_year(tmp_path):
    folder = planted(tmp_path, ("submission.yaml", "C7 (e-business) in 2025", "C7 (e-business)\n    in 2026"))
    [problem] = [p for p in validate(folder) if p.rule == "summary-year"]
    assert problem.message == (
        "the executive summary says “Action line C7 (e-business) in 2026”, but the 29th session reports on 2025"
    )
    assert problem.hint == "write “in 2025”, and check that the paragraph is this year's"
    line = at(folder, "submission.yaml", "in 2026")
    assert (problem.line, problem.column) == (line, 8)
    # the reporting year itself, a year elsewhere in the summary, or the clause in a bullet
    # (looking back on last year's work) is not this rule's
    folder = planted(
        tmp_path / "b",
        ("submission.yaml", "new backdrop.", "new backdrop, as in 2024."),
        (
            "unctad.yaml",
            "UNCTAD will implement",
            "As Action line C7 (e-business) in 2024 showed, UNCTAD will implement",
        ),
    )
    assert [p for p in validate(folder) if p.rule == "summary-year"] == []


def test_word_limit_and_budget_messages(tmp_path):
    folder = planted(tmp_path, ("submission.yaml", "order:", "word_limit: 10\npart_word_budget: 12\norder:"))
    messages = {p.message for p in validate(folder)}
    assert "record `unctad-der` has 14 words, over the limit of 10" in messages
    assert "Part 2 has 22 words, over the budget of 12" in messages


def test_unordered_record_goes_last_with_a_warning_not_a_print(tmp_path):
    folder = planted(tmp_path, ("submission.yaml", '"2": [unctad-der, itc-outlook]', '"2": [unctad-der]'))
    result = c7draft("build", folder, "-o", tmp_path / "d.docx", "--no-check")
    assert result.returncode == 0, result.stderr
    line, record_line = at(folder, "submission.yaml", '"2":'), at(folder, "itc.yaml", "- id: itc-outlook")
    assert (
        f"warning: {folder / 'submission.yaml'}:{line}: record `itc-outlook` (itc.yaml:{record_line}) is not in "
        "`order:` for section 2; it goes last"
    ) in result.stderr.splitlines()


# --- the command: output, JSON, exit codes, build -------------------------------------


def test_clean_folder_exits_0(tmp_path):
    result = c7draft("validate", MINIMAL)
    assert (result.returncode, result.stdout) == (0, "0 errors, 0 warnings\n")


def test_warnings_exit_0_and_1_under_strict(tmp_path):
    folder = planted(tmp_path, ("itc.yaml", "for SMEs.", "for 40% of SMEs."))
    plain, strict = c7draft("validate", folder), c7draft("validate", folder, "--strict")
    assert (plain.returncode, strict.returncode) == (0, 1)
    first = plain.stdout.splitlines()[0]
    assert first == (
        f"{folder / 'itc.yaml'}:{at(folder, 'itc.yaml', '40%')}:89: warning: “40%”: write “40 per cent” in running text "
        "(UN Editorial Manual, Numbers, dates and time: Numbers expressed in figures (percentages)) "
        "[style-per-cent]"
    )
    assert "0 errors, 1 warning" in plain.stdout


def test_errors_and_warnings_together_exit_2_in_json(tmp_path):
    folder = planted(
        tmp_path,
        ("itc.yaml", "^[See\n      <https://intracen.org/sme-outlook>]", "^[ ]"),
        ("unctad.yaml", "UNCTAD will implement", "UNCTAD's team will implement"),
    )
    result = c7draft("validate", folder, "--format", "json", "--strict")
    assert result.returncode == 2
    problems = json.loads(result.stdout)["problems"]
    assert all(set(p) == {"file", "line", "column", "severity", "rule", "message", "hint"} for p in problems)
    summary = [(Path(p["file"]).name, p["line"], p["severity"], p["rule"]) for p in problems]
    error = ("itc.yaml", at(folder, "itc.yaml", "^[ ]"), "error")
    warning = ("unctad.yaml", at(folder, "unctad.yaml", "UNCTAD's"), "warning", "style-acronym-possessive")
    assert [s[:3] for s in summary].count(error) == 1 and warning in summary
    assert [s[:3] for s in summary].index(error) < summary.index(warning)


def test_load_error_is_reported_with_exit_2(tmp_path):
    folder = planted(tmp_path, ("submission.yaml", "venue: Geneva", "venu: Geneva"))
    result = c7draft("validate", folder)
    assert result.returncode == 2
    first, hint = result.stdout.splitlines()[:2]
    assert first.startswith(
        f"{folder / 'submission.yaml'}:{at(folder, 'submission.yaml', 'venu:')}:1: error: unknown key `venu`"
    )
    assert hint.startswith("  hint: did you mean `venue`?")


def test_build_prints_the_count_of_style_warnings_and_each_other_warning(tmp_path):
    out = tmp_path / "draft.docx"
    result = c7draft("build", "sample_inputs/2025", "-o", out, "--no-check", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    err = result.stderr.splitlines()
    assert "19 house-style warnings: run c7draft validate sample_inputs/2025" in err
    assert (
        # file:line:column, as validate says it (errors.location)
        "warning: sample_inputs/2025/unctad.yaml:157:61: “November 2024” is before the reporting year 2025 "
        "(for information)"
    ) in err
    assert not any("56%" in line for line in err)  # style warnings are counted, not listed


def test_build_stops_on_errors_and_writes_nothing(tmp_path):
    folder = planted(tmp_path, ("itc.yaml", "^[See\n      <https://intracen.org/sme-outlook>]", "^[ ]"))
    out = tmp_path / "draft.docx"
    result = c7draft("build", folder, "-o", out, "--no-check")
    assert result.returncode == 2 and not out.exists()
    assert f"itc.yaml:{at(folder, 'itc.yaml', '^[ ]')}" in result.stderr and "has no text" in result.stderr


@pytest.mark.parametrize(
    "text, message",
    [
        ("supported digitalisation", "“digitalisation”: UN spelling is “digitalization”"),
        ("Organised the work", "“Organised”: UN spelling is “Organized”"),
        ("ran a program", "“program”: UN spelling is “programme”"),
        ("wrote a computer program", None),
        ("helped analyse data and advise", None),  # -yse and a root -ise are UN spelling
        ("with the Organisation for Economic Co-operation and Development", None),  # a proper name
    ],
)
def test_oxford_spelling_word_list(tmp_path, text, message):
    folder = planted(tmp_path, ("unctad.yaml", "UNCTAD helped.", f"UNCTAD {text}."))
    messages = [
        p.message.split(" (UN Editorial")[0] for p in validate(folder) if p.rule == "style-oxford-spelling"
    ]
    assert messages == ([message] if message else [])


@pytest.mark.parametrize(
    "written, column",
    [
        ('    text: "ITC helped 40% of SMEs."\n', 23),  # quoted, on the key's line
        ("    text: ITC helped\n      many firms, 40% of SMEs.\n", 19),  # plain, over two lines
        ("    text: |-\n      ITC helped many firms,\n      40% of SMEs.\n", 7),  # literal block
        ('    text: "ITC \\"helped\\" 40% of SMEs."\n', 27),  # escaped quotes
        ("    text: 'It''s 40% of SMEs.'\n", 18),  # a doubled quote
    ],
)
def test_positions_point_at_the_fragment_however_the_text_is_written(tmp_path, written, column):
    folder = planted(
        tmp_path,
        (
            "itc.yaml",
            "    text: ITC launched a [Digital Innovation Accelerator](https://intracen.org/dia) for SMEs.\n",
            written,
        ),
    )
    assert found(folder, "style-per-cent") == [("itc.yaml", at(folder, "itc.yaml", "40%"), column)]


def test_a_missing_folder_is_one_error_without_a_place():
    result = c7draft("validate", "no-such-folder")
    assert result.returncode == 2
    assert result.stdout.startswith("error: input folder not found: no-such-folder [")


def test_former_names_are_the_published_ones_and_the_year_of_the_name_counts():
    from c7draft.validate import former_names

    seeds = ROOT / "seeds"
    assert former_names() == {"UNCTAD": [(2024, "United Nations Conference on Trade and Development")]}
    for _, name in former_names()["UNCTAD"]:
        assert name in (seeds / "cstd27-2024-c7-submission.txt").read_text(encoding="utf-8")
        assert name not in (seeds / "cstd29-2026-c7-submission.txt").read_text(encoding="utf-8")
    # The 2023 sample reports on 2023, before the rename, and uses the old name as its `name:`.
    assert not [p for p in validate(ROOT / "sample_inputs" / "2023") if p.rule == "former-entity-name"]


def test_a_footnote_label_is_a_name_not_a_figure_or_an_acronym(tmp_path):
    """`[^1]` is not the figure 1, `[^ABCD]` is not a use of the acronym: whether the note is marked
    in the text, defined in `footnotes:`, or written Markdown's way inside the text."""
    folder = planted(
        tmp_path,
        ("unctad.yaml", "Report 2021[^der] and", "Report 2021[^1] and"),
        ("unctad.yaml", "      der: See", "      '1': See"),
        (
            "unctad.yaml",
            "UNCTAD will implement the Global Digital Compact.",
            "UNCTAD will help 4 firms.[^ABCD]\n\n      [^ABCD]: See the report.",
        ),
        ("unctad.yaml", "    text: UNCTAD will help", "    text: >-\n      UNCTAD will help"),
    )
    assert found(folder, "style-acronym-first-use") == []
    assert [line for _, line, _ in found(folder, "style-numbers-in-words")] == [
        at(folder, "unctad.yaml", "4 firms")
    ]
    assert "See the report" in c7draft("preview", str(folder)).stdout  # the note is a note


@pytest.mark.parametrize(
    "old, new, word, marker",
    [
        ("Report 2021[^der] and", "Report 2021 [^der] and", "2021", "[^der]"),
        (
            "the Global Digital Compact.",
            "the Global Digital Compact. ^[See the Compact.]",
            "Compact.",
            "^[...]",
        ),
        ("Report 2021[^der] and", "Report 2021\n      [^der] and", "2021", "[^der]"),  # a folded line end
    ],
)
def test_a_space_before_a_footnote_marker_is_flagged(tmp_path, old, new, word, marker):
    folder = planted(tmp_path, ("unctad.yaml", old, new))
    problems = [p for p in validate(folder) if p.rule == "style-footnote-after-punctuation"]
    assert [(p.message, p.hint) for p in problems] == [
        (
            f"a space stands between “{word}” and its footnote marker (UN Editorial Manual, Footnotes and "
            "other references, IX. Footnote indicators, B. Placement of indicators in the text)",
            f"write the marker straight after it: `{word}{marker}`",
        )
    ]


def test_a_labelled_footnote_marker_before_a_comma_is_flagged_too(tmp_path):
    folder = planted(tmp_path, ("unctad.yaml", "Report 2021[^der] and", "Report 2021[^der], and"))
    problems = [p for p in validate(folder) if p.rule == "style-footnote-after-punctuation"]
    assert [(p.line, p.hint) for p in problems] == [
        (at(folder, "unctad.yaml", "[^der],"), "put the marker after the punctuation: `2021,[^der]`")
    ]


@pytest.mark.parametrize(
    "word, mark",
    [("evidence", ":"), ("evidence", ";"), ("counterrevolutionaries", ",")],  # a long word whole
)
def test_a_footnote_marker_before_a_colon_or_semicolon_is_flagged(tmp_path, word, mark):
    old = "evidence.^[See\n      <https://intracen.org/sme-outlook>]"
    folder = planted(tmp_path, ("itc.yaml", old, old.replace("evidence.", word) + f"{mark} for SMEs."))
    problems = [p for p in validate(folder) if p.rule == "style-footnote-after-punctuation"]
    assert [p.hint for p in problems] == [f"put the marker after the punctuation: `{word}{mark}^[...]`"]


@pytest.mark.parametrize(
    "rule, text, flagged",
    [
        # "ACRONYM (Full Name)" spells it out too
        ("style-acronym-first-use", "UNCTAD will implement the GDC (Global Digital Compact).", False),
        # a closing quote after an acronym is no possessive; after a plural one it is
        ("style-acronym-possessive", "UNCTAD will implement the ‘GDC’ now.", False),
        ("style-acronym-possessive", "UNCTAD will meet the LDCs’ needs.", True),
        # a proper name keeps its spelling, even at the very start of a text
        (
            "style-oxford-spelling",
            "Organisation for Economic Co-operation and Development members met.",
            False,
        ),
    ],
)
def test_style_rule_cases(tmp_path, rule, text, flagged):
    folder = planted(tmp_path, ("unctad.yaml", "UNCTAD will implement the Global Digital Compact.", text))
    assert bool(found(folder, rule)) is flagged


@pytest.mark.parametrize(
    "end, flagged", [(";", True), (",", True), (".", False), (".*", False), ('."', False)]
)
def test_a_bullet_ends_with_a_full_stop(tmp_path, end, flagged):
    folder = planted(
        tmp_path, ("unctad.yaml", "the Global Digital Compact.", f"the Global Digital Compact{end}")
    )
    hits = found(folder, "style-bullet-full-stop")
    assert bool(hits) is flagged
    line = (folder / "unctad.yaml").read_text(encoding="utf-8").splitlines()[hits[0][1] - 1] if hits else ""
    assert [h[2] for h in hits] == ([line.rindex(end) + 1] if flagged else [])  # at the last character


def test_a_folder_fresh_from_init_warns_about_what_is_left_to_do(tmp_path):
    folder = tmp_path / "2026"
    assert c7draft("init", folder, "--from", SAMPLE_2025).returncode == 0
    problems = validate(folder)
    assert [(p.rule, p.line) for p in problems] == [
        ("entity-no-records", None),  # itc.yaml, sorted by file
        ("placeholder-date", at(folder, "submission.yaml", "opens:")),
        ("placeholder-date", at(folder, "submission.yaml", "closes:")),
        *[("empty-section", at(folder, "submission.yaml", "outline:"))] * 3,
        ("empty-summary", at(folder, "submission.yaml", "executive_summary:")),
        *[("entity-no-records", None)] * 2,  # unctad.yaml, upu.yaml
    ]
    build = c7draft("build", folder, "-o", tmp_path / "d.docx", "--no-check")
    warnings = [line for line in build.stderr.splitlines() if line.startswith("warning: ")]
    assert (
        sum("section" in w and "has no records" in w for w in warnings) == 3
    )  # once each, at the placeholder
    assert sum(w.endswith(" has no records yet") for w in warnings) == 3
    assert sum("placeholder date" in w for w in warnings) == 2


def test_records_no_agency_claims_are_named_one_by_one(tmp_path):
    folder = planted(tmp_path)
    (folder / "unassigned.yaml").write_text(
        "entity: unassigned\nrecords:\n  - id: stray\n    section: 3b\n    text: A bullet nobody claimed.\n",
        encoding="utf-8",
    )
    problems = [p for p in validate(folder) if p.rule == "unassigned-record"]
    assert [(Path(p.file).name, p.line, p.message) for p in problems] == [
        ("unassigned.yaml", 3, "record `stray` is in unassigned.yaml: no agency claims it yet")
    ]


@pytest.mark.parametrize("command", ["validate", "stats"])
def test_help_is_plain_text_with_an_example(command):
    short, long = c7draft(command, "-h"), c7draft(command, "--help")
    assert short.returncode == 0 and short.stdout == long.stdout
    assert f"Example: c7draft {command} sample_inputs/2025" in short.stdout
    assert "--format <" in short.stdout and "╭" not in short.stdout


def test_three_errors_in_three_files_in_one_validate_run(tmp_path):
    folder = planted(
        tmp_path,
        ("submission.yaml", "venue: Geneva", "venu: Geneva"),
        ("itc.yaml", "    section: 3a", "    section: 3a\n    txet: oops"),
        ("unctad.yaml", "  - id: unctad-gdc", "  - id: unctad gdc"),
    )
    result = c7draft("validate", folder, "--format", "json")
    assert result.returncode == 2
    errors = [
        (Path(p["file"]).name, p["line"])
        for p in json.loads(result.stdout)["problems"]
        if p["severity"] == "error"
    ]
    assert errors == [
        ("itc.yaml", at(folder, "itc.yaml", "txet")),
        ("submission.yaml", at(folder, "submission.yaml", "venu:")),
        ("unctad.yaml", at(folder, "unctad.yaml", "unctad gdc")),
    ]


# --- everything in one run (issue 17) --------------------------------------------------


def _rules(folder: Path) -> list[tuple[str, str, int | None]]:
    return [(Path(p.file).name, p.rule, p.line) for p in validate(folder)]


def test_an_unknown_key_and_an_unclosed_footnote_in_one_file_come_out_together(tmp_path):
    folder = planted(
        tmp_path,
        ("unctad.yaml", "    section: 3b", "    secton: 3b"),
        ("unctad.yaml", "UNCTAD will implement the Global", "UNCTAD will implement^[the Global"),
    )
    assert _rules(folder) == [
        ("unctad.yaml", "schema-unknown-key", at(folder, "unctad.yaml", "secton")),
        ("unctad.yaml", "unclosed-footnote", at(folder, "unctad.yaml", "^[the Global")),
    ]  # and no "section 3b has no records": the record that did not load may be its


def test_a_duplicate_id_a_wrong_section_and_an_order_typo_come_out_together(tmp_path):
    folder = planted(
        tmp_path,
        ("unctad.yaml", "id: unctad-gdc", "id: unctad-der"),
        ("unctad.yaml", "section: 3b", "section: 9"),
        ("submission.yaml", "[unctad-der, itc-outlook]", "[unctad-der, itc-outlok]"),
    )
    assert _rules(folder) == [
        ("submission.yaml", "order-record", at(folder, "submission.yaml", "itc-outlok")),
        ("unctad.yaml", "duplicate-id", at(folder, "unctad.yaml", "id: unctad-der") + 6),
        ("unctad.yaml", "unknown-section", at(folder, "unctad.yaml", "section: 9")),
    ]  # and no "itc-outlook is not in order:": the typo is it


def test_warnings_run_on_what_loaded_beside_the_errors(tmp_path):
    folder = planted(
        tmp_path,
        ("itc.yaml", "    section: 3a", "    section: 3a\n    colour: blue"),
        ("unctad.yaml", "UNCTAD will implement", "UNCTAD's team will implement"),
    )
    rules = _rules(folder)
    assert ("itc.yaml", "schema-unknown-key", at(folder, "itc.yaml", "colour")) in rules
    assert ("unctad.yaml", "style-acronym-possessive", at(folder, "unctad.yaml", "UNCTAD's")) in rules


def test_an_order_id_of_a_record_that_did_not_load_is_not_reported_again(tmp_path):
    folder = planted(tmp_path, ("itc.yaml", "    section: 2\n", "    section: 2\n    colour: blue\n"))
    assert [r[:2] for r in _rules(folder)] == [("itc.yaml", "schema-unknown-key")]


@pytest.mark.parametrize(
    "quoted, shown",
    [
        ("Trade for all, a guide to online selling", "Trade for all, a guide to online selling"),  # 40: whole
        ("Trade for all, a guide to online selling.", "Trade for all, a guide to online sellin…"),  # 41: cut
    ],
)
def test_a_mixed_quotation_is_shown_whole_up_to_40_characters(tmp_path, quoted, shown):
    folder = planted(
        tmp_path,
        ("unctad.yaml", "the Global Digital Compact.", "the “Global Digital Compact” and “WSIS+20” reviews."),
        ("itc.yaml", "for SMEs.", f'for SMEs, with "{quoted}".'),
    )
    problems = [p for p in validate(folder) if p.rule == "style-mixed-quotes"]
    assert [p.message.split(" is in ")[0] for p in problems] == [f"“{shown}”"]


def test_on_a_tie_the_straight_quotations_are_flagged(tmp_path):
    folder = planted(
        tmp_path,
        ("unctad.yaml", "the Global Digital Compact.", "the “Global Digital Compact”."),
        ("itc.yaml", "for SMEs.", 'for SMEs, under the theme "Trade for all".'),
    )
    problems = [p for p in validate(folder) if p.rule == "style-mixed-quotes"]
    assert [(Path(p.file).name, p.message.split(";")[0]) for p in problems] == [
        ("itc.yaml", "“Trade for all” is in straight quotation marks")
    ]


def test_mixed_quotes_name_the_kind_used_less_and_the_sample_keeps_its_own(tmp_path):
    folder = planted(
        tmp_path,
        ("unctad.yaml", "the Global Digital Compact.", "the “Global Digital Compact” and “WSIS+20” reviews."),
        ("itc.yaml", "for SMEs.", 'for SMEs, under the theme "Trade for all".'),
    )
    problems = [p for p in validate(folder) if p.rule == "style-mixed-quotes"]
    assert [(Path(p.file).name, p.message.split(" (UN Editorial")[0], p.hint) for p in problems] == [
        (
            "itc.yaml",
            "“Trade for all” is in straight quotation marks; the document's other 2 quotations are in curly ones",
            "use one kind throughout: “…” here, as elsewhere",
        )
    ]
    # the published 2026 text mixes them (straight in Part 1, curly in a bullet): reported, not fixed
    sample = [(Path(p.file).name, p.line) for p in validate(SAMPLE_2025) if p.rule == "style-mixed-quotes"]
    assert sample == [("unctad.yaml", 43)]
    assert "titled “*Gap analysis of" in (SAMPLE_2025 / "unctad.yaml").read_text(encoding="utf-8")


def test_apostrophes_are_not_quotation_marks(tmp_path):
    """A straight apostrophe ("UNCTAD's", "countries'") or a single curly quote beside curly
    double quotations is not a mixed quotation: only double quotation marks are counted."""
    folder = planted(
        tmp_path,
        ("unctad.yaml", "the Global Digital Compact.", "UNCTAD's work on the “Global Digital Compact”."),
        ("itc.yaml", "for SMEs.", "for SMEs' ‘digital’ skills and ITC’s “SME Trade Academy”."),
    )
    assert [p for p in validate(folder) if p.rule == "style-mixed-quotes"] == []


def test_the_house_style_and_its_rules_cannot_be_changed_by_a_caller():
    """The word lists are read once and kept for every later check of the process (a
    library caller's too), and the rules are one table: neither is changed in place."""
    import dataclasses

    from c7draft.validate.style import RULES, words

    shared = words(["ITC"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        shared.proper_names = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES[0].check = None


# --- the folder's schema, as the editor checks the records files with it --------------------


def _sample_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE_2025, folder)
    return folder


def _first_line(path: Path, line: str | None) -> None:
    rest = path.read_text(encoding="utf-8").split("\n", 1)[1]
    path.write_text(rest if line is None else f"{line}\n{rest}", encoding="utf-8")


def test_a_stale_or_missing_folder_schema_is_named_once_with_the_command_that_mends_it(tmp_path):
    """All three records files name records.schema.json: an outdated one (an older outline's
    sections) is one warning, on the first file, and the command of its hint mends it."""
    folder = _sample_copy(tmp_path)
    assert found(folder, "editor-schema") == []
    schema = folder / "records.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace('"3a"', '"3c"'), encoding="utf-8")
    problems = [p for p in validate(folder) if p.rule == "editor-schema"]
    assert [(Path(p.file).name, p.line, p.severity) for p in problems] == [("itc.yaml", 1, "warning")]
    assert problems[0].message == (
        "records.schema.json, the schema your editor checks itc.yaml with, is not that of outline `cstd29`"
    )
    assert problems[0].hint == f"write it again: c7draft schema records --folder {folder} > {schema}"
    schema.write_text(c7draft("schema", "records", "--folder", folder).stdout, encoding="utf-8")
    assert found(folder, "editor-schema") == []
    schema.unlink()
    problems = [p for p in validate(folder) if p.rule == "editor-schema"]
    assert [p.message for p in problems] == [
        "records.schema.json, the schema your editor checks itc.yaml with, does not exist"
    ]


def test_a_schema_by_address_none_or_the_shipped_one_is_not_compared(tmp_path):
    """A schema given by address, none, or one outside the folder that is there (the shipped
    one, which takes every section id) is the editor's business, not the folder's."""
    folder = _sample_copy(tmp_path)
    (folder / "records.schema.json").write_text("{}\n", encoding="utf-8")
    _first_line(
        folder / "itc.yaml", "# yaml-language-server: $schema=https://example.org/records.schema.json"
    )
    _first_line(folder / "unctad.yaml", None)
    shipped = os.path.relpath(ROOT / "schemas" / "records.schema.json", folder)
    _first_line(folder / "upu.yaml", f"# yaml-language-server: $schema={shipped}")
    assert found(folder, "editor-schema") == []
    _first_line(folder / "upu.yaml", "# yaml-language-server: $schema=records.schema.json")
    assert found(folder, "editor-schema") == [("upu.yaml", 1, None)]


def test_a_folder_copied_where_its_schema_path_leads_nowhere_is_told_to_carry_its_own(tmp_path):
    """A folder made before `init` wrote the folder's schemas names the installed package's by
    a relative path: copied to another machine (or another depth), the path leads nowhere and
    the editor checks nothing ("Unable to load schema"). Said once per schema, with the
    command that writes the folder's own and the first line that names it."""
    folder = _sample_copy(tmp_path)
    gone = "../../../nowhere/schemas"
    _first_line(folder / "submission.yaml", f"# yaml-language-server: $schema={gone}/submission.schema.json")
    for name in ("itc.yaml", "upu.yaml"):
        _first_line(folder / name, f"# yaml-language-server: $schema={gone}/records.schema.json")
    problems = [p for p in validate(folder) if p.rule == "editor-schema"]
    assert [(Path(p.file).name, p.line, p.severity, p.message) for p in problems] == [
        (
            "itc.yaml",
            1,
            "warning",
            f"{gone}/records.schema.json, the schema your editor checks itc.yaml with, does not exist",
        ),
        (
            "submission.yaml",
            1,
            "warning",
            f"{gone}/submission.schema.json, the schema your editor checks submission.yaml with, "
            "does not exist",
        ),
    ]
    assert [p.hint for p in problems] == [
        f"give the folder its own, c7draft schema records --folder {folder} > {folder / 'records.schema.json'},"
        " and make the first line of itc.yaml `# yaml-language-server: $schema=records.schema.json`",
        f"give the folder its own, c7draft schema submission > {folder / 'submission.schema.json'}, and make"
        " the first line of submission.yaml `# yaml-language-server: $schema=submission.schema.json`",
    ]
    for name in ("submission.yaml", "itc.yaml", "upu.yaml"):  # doing what the hints say mends it
        kind = "submission" if name == "submission.yaml" else "records"
        _first_line(folder / name, f"# yaml-language-server: $schema={kind}.schema.json")
    assert found(folder, "editor-schema") == []


def test_the_folders_submission_and_outline_schemas_are_this_c7drafts(tmp_path):
    """The submission and outline schemas `init` writes into a folder are copies of this
    c7draft's: one an older c7draft wrote (a key since added) is stale, one deleted missing."""
    from c7draft.yearly import init_submission

    folder = tmp_path / "inputs"
    init_submission(folder, last=SAMPLE_2025)
    assert found(folder, "editor-schema") == []
    old = folder / "submission.schema.json"
    old.write_text(old.read_text(encoding="utf-8").replace('"priors"', '"prior"'), encoding="utf-8")
    (folder / "outline.schema.json").unlink()
    problems = [p for p in validate(folder) if p.rule == "editor-schema"]
    assert [(Path(p.file).name, p.message, p.hint) for p in problems] == [
        (
            "outline-cstd30.yaml",
            "outline.schema.json, the schema your editor checks outline-cstd30.yaml with, does not exist",
            f"write it again: c7draft schema outline > {folder / 'outline.schema.json'}",
        ),
        (
            "submission.yaml",
            "submission.schema.json, the schema your editor checks submission.yaml with, is not this c7draft's",
            f"write it again: c7draft schema submission > {old}",
        ),
    ]
    for kind in ("submission", "outline"):
        (folder / f"{kind}.schema.json").write_text(c7draft("schema", kind).stdout, encoding="utf-8")
    assert found(folder, "editor-schema") == []


@pytest.mark.parametrize(
    "error",
    [
        ("unctad.yaml", "section: 3b", "section: 9z"),  # the loader's error
        ("unctad.yaml", "Global Digital Compact.", "Global Digital Compact.^[]"),  # assembling's
    ],
    ids=["load", "assemble"],
)
def test_errors_and_warnings_are_listed_together_by_file_and_line(tmp_path, error):
    """An error in unctad.yaml, a warning in submission.yaml above it in the listing."""
    folder = planted(tmp_path, error, ("submission.yaml", "opens: 2026-04-20", "opens: 2026-04-20  # TODO"))
    problems = validate(folder)
    assert [(Path(p.file).name, p.severity) for p in problems] == [
        ("submission.yaml", "warning"),
        ("unctad.yaml", "error"),
    ], render_text(problems)
    assert render_text(problems).endswith("\n1 error, 1 warning")


def test_a_date_with_a_comment_of_its_own_is_no_placeholder(tmp_path):
    folder = planted(tmp_path, ("submission.yaml", "opens: 2026-04-20", "opens: 2026-04-20  # first day"))
    assert found(folder, "placeholder-date") == []


def test_a_footnote_address_cited_twice_names_both_places(tmp_path):
    """The warning stands at the second address, to the column, and names the line of the
    first (in itc.yaml, the address is on the line after the note's `^[`)."""
    url = "https://intracen.org/sme-outlook/"
    folder = planted(
        tmp_path, ("unctad.yaml", "Global Digital Compact.", f"Global Digital Compact.^[See <{url}>]")
    )
    [problem] = [p for p in validate(folder) if p.rule == "duplicate-footnote-url"]
    line = at(folder, "unctad.yaml", url)
    column = (folder / "unctad.yaml").read_text(encoding="utf-8").splitlines()[line - 1].index(url) + 1
    assert (problem.line, problem.column) == (line, column)
    first = at(folder, "itc.yaml", "<https://intracen.org/sme-outlook>")
    assert problem.message == f"{url} is also in a footnote at itc.yaml:{first}"


def test_addresses_of_long_footnotes_count_and_links_in_the_text_do_not(tmp_path):
    der = "https://unctad.org/webflyer/digital-economy-report-2021"  # unctad.yaml's `der:` note
    folder = planted(
        tmp_path / "a", ("itc.yaml", "(https://intracen.org/dia) for SMEs.", f"for SMEs.^[<{der}>]")
    )
    assert len(found(folder, "duplicate-footnote-url")) == 1
    folder = planted(tmp_path / "b", ("itc.yaml", "https://intracen.org/dia", der))  # a link, not a note
    assert found(folder, "duplicate-footnote-url") == []


FORMER = (
    "unctad.yaml",
    "UNCTAD will implement",
    "The United Nations Conference on Trade and Development will implement",
)


@pytest.mark.parametrize(
    "edits, warned",
    [
        # reporting on 2024, the year of the rename: the new name is due
        (
            [
                ("submission.yaml", "session: 29", "session: 28"),
                ("submission.yaml", "2026-04-2", "2025-04-2"),
                ("submission.yaml", "2026-04-2", "2025-04-2"),
            ],
            True,
        ),
        # reporting on 2023, before it: the old name was right, whatever `name:` says now
        (
            [
                ("submission.yaml", "session: 29", "session: 27"),
                ("submission.yaml", "2026-04-2", "2024-04-2"),
                ("submission.yaml", "2026-04-2", "2024-04-2"),
            ],
            False,
        ),
        # the disclaimer still words the agency by its old name: the text may too
        (
            [
                (
                    "submission.yaml",
                    "the UN Trade and Development",
                    "the United Nations Conference on Trade and Development",
                )
            ],
            False,
        ),
    ],
    ids=["year-of-the-rename", "before-it", "old-name-in-the-disclaimer"],
)
def test_a_former_name_is_flagged_from_the_year_of_the_rename(tmp_path, edits, warned):
    folder = planted(tmp_path, FORMER, *edits)
    assert bool(found(folder, "former-entity-name")) is warned


def test_a_part_at_its_budget_is_not_over_it(tmp_path):
    folder = planted(tmp_path, ("submission.yaml", "order:", "part_word_budget: 22\norder:"))
    assert not [p.message for p in validate(folder) if p.message.startswith("Part 2 has")]


def test_the_report_ends_with_its_counts_and_how_to_switch_a_rule_off():
    problems = validate(SAMPLE_2025)
    lines = render_text(problems).splitlines()
    assert lines[-2] == f"0 errors, {len(problems)} warnings"
    assert lines[-1] == (
        "House-style rules can be switched off in submission.yaml, e.g. `style: {style-per-cent: false}`."
    )
    assert "“56%”" in render_json(problems)  # as typed, not \u201c escapes
    assert (exit_code(problems), exit_code(problems, strict=True)) == (0, 1)  # warnings only


def test_no_acronym_is_said_unspelt_while_a_record_that_may_spell_it_out_did_not_load(tmp_path):
    folder = planted(
        tmp_path,
        ("itc.yaml", "for SMEs.", "for SMEs and the Global Digital Compact (GDC)."),
        ("unctad.yaml", "the Global Digital Compact.", "the GDC for 45 percent of firms."),
    )
    assert found(folder, "style-acronym-first-use") == []
    planted(
        tmp_path,
        ("itc.yaml", "  - id: itc-accelerator\n    section: 3a", "  - id: itc-accelerator\n    sectoin: 3a"),
    )
    problems = validate(folder)
    assert [p.rule for p in problems if p.severity == "error"] == ["schema-unknown-key"]
    assert [p for p in problems if p.rule == "style-acronym-first-use"] == []  # its (GDC) did not load
    assert [p.rule for p in problems if p.rule.startswith("style-")] == ["style-per-cent"]  # the others run
