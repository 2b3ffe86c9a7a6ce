"""Bad input gets one clear message naming file:line:column and the fix, exit code 2, no
traceback, and the previous .docx survives. One small broken folder per failure mode."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from c7draft.assemble import load_draft
from c7draft.errors import InputError

MINIMAL = Path(__file__).parent / "data" / "minimal"


def broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


CASES = {
    # name: (file, old, new, expected location, words in the message, words in the hint)
    "yaml syntax": ("itc.yaml", "    section: 3a\n", "    section: 3a\n   bad: [unclosed\n",
                    "itc.yaml:10:4", "YAML syntax error", "indentation"),
    "unknown key": ("submission.yaml", "venue: Geneva", "venu: Geneva",
                    "submission.yaml:5:1", "unknown key `venu`", "did you mean `venue`?"),
    "unknown record key": ("unctad.yaml", "    section: 3b", "    sectoin: 3b",
                           "unctad.yaml:10:5", "unknown key `sectoin`", "did you mean `section`?"),
    "missing field": ("submission.yaml", "venue: Geneva\n", "",
                      "submission.yaml:1:1", "missing `venue`", "add `venue: Geneva`"),
    "missing record text": ("unctad.yaml", "    text: UNCTAD will implement the Global Digital Compact.\n", "",
                            "unctad.yaml:9:5", "missing `text` in `records.1`", "add `text:"),
    "wrong type": ("submission.yaml", "session: 29", "session: twenty-nine",
                   "submission.yaml:2:10", "`session` input should be a valid integer", "e.g. `session: 29`"),
    "bad date": ("submission.yaml", "opens: 2026-04-20", "opens: 20 April 2026",
                 "submission.yaml:3:8", "`opens`", "YYYY-MM-DD"),
    "session year mismatch": ("submission.yaml", "session: 29", "session: 28",
                              "submission.yaml:3:8", "28th session meets in 2025", "agree"),
    "footnote without text": ("unctad.yaml", "    footnotes:\n      der: See <https://unctad.org/webflyer/digital-economy-report-2021>\n", "",
                              "unctad.yaml:6", "footnote reference [^der] has no text", "footnotes:"),
    "empty inline footnote": ("itc.yaml", "^[See\n      <https://intracen.org/sme-outlook>]", "^[ ]",
                              "itc.yaml:6", "footnote 2 has no text", "^[...]"),
    "unknown section": ("itc.yaml", "section: 3a", "section: 3c",
                        "itc.yaml:9:14", "section `3c` is not in outline `cstd29`", "did you mean `3a`?"),
    "order names unknown record": ("submission.yaml", "[unctad-der, itc-outlook]", "[unctad-dr, itc-outlook]",
                                   "submission.yaml:23:9", "no record has id `unctad-dr`", "did you mean `unctad-der`?"),
    "unknown outline": ("submission.yaml", "outline: cstd29", "outline: cstd99",
                        "submission.yaml:9:10", "outline `cstd99` not found", "cstd27, cstd29"),
    "records file missing": ("submission.yaml", "records: itc.yaml", "records: itc-records.yaml",
                             "submission.yaml:14:14", "records file not found: itc-records.yaml", "create"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_message(tmp_path, name):
    file, old, new, where, problem, hint = CASES[name]
    folder = broken(tmp_path, file, old, new)
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    message = str(caught.value)
    first_line, _, hint_part = message.partition("\n")
    assert where in first_line, message
    assert problem in first_line, message
    assert hint in hint_part, message


def test_missing_input_folder(tmp_path):
    with pytest.raises(InputError, match="input folder not found"):
        load_draft(tmp_path / "nowhere")


def test_control_characters_never_reach_the_model_unhandled(tmp_path):
    folder = broken(tmp_path, "unctad.yaml", "UNCTAD will implement", "UNCTAD\x07 will implement")
    # YAML itself refuses most control characters: that is a clear error, not a broken file.
    with pytest.raises(InputError, match=r"unctad.yaml:11:17: character U\+0007 is not allowed"):
        load_draft(folder)
