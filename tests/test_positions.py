"""One way to say where: markup errors and validate's rules find a fragment's line and
column the same way (inputs.positions), in the text it was written in, from the lines the
loader read once."""

from __future__ import annotations

from pathlib import Path

import pytest

from c7draft.assemble import load_draft
from c7draft.errors import InputError
from c7draft.inputs import load_submission
from c7draft.inputs.positions import WrittenText
from c7draft.validate import validate
from helpers import edited

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"
DER = "      der: See <https://unctad.org/webflyer/digital-economy-report-2021>"


def where_in_file(folder: Path, name: str, fragment: str, after: str = "") -> tuple[int, int]:
    """Line and column of ``fragment`` in the file, searched from the line holding ``after``."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    start = next(n for n, raw in enumerate(lines) if after in raw)
    for n in range(start, len(lines)):
        if (column := lines[n].find(fragment)) >= 0:
            return n + 1, column + 1
    raise AssertionError(f"{fragment!r} not in {name}")


def problems_of(folder: Path) -> list[tuple[str, int | None, int | None, str]]:
    with pytest.raises(InputError) as caught:
        load_draft(folder)
    return [(Path(p.file).name, p.line, p.column, p.rule) for p in caught.value.problems]


def test_a_broken_note_is_found_in_the_note_not_in_the_text_before_it(tmp_path):
    # "*Digital" stands in the record's text (closed) and in its note (never closed)
    folder = edited(
        tmp_path,
        MINIMAL,
        "unctad.yaml",
        "Building on the Digital Economy Report",
        "Building on the *Digital* Economy Report",
    )
    edited(tmp_path, MINIMAL, "unctad.yaml", DER, "      der: See the *Digital Economy Report 2021.")
    line, column = where_in_file(folder, "unctad.yaml", "*Digital Economy", after="der:")
    assert problems_of(folder) == [("unctad.yaml", line, column, "unclosed-emphasis")]


def test_a_broken_inline_note_is_reported_once(tmp_path):
    folder = edited(
        tmp_path,
        MINIMAL,
        "unctad.yaml",
        "UNCTAD will implement the Global Digital Compact.",
        "UNCTAD will implement the Compact.^[See the *Compact text.]",
    )
    line, column = where_in_file(folder, "unctad.yaml", "*Compact text")
    assert problems_of(folder) == [("unctad.yaml", line, column, "unclosed-emphasis")]


def test_a_fragment_on_a_folded_line_is_found_on_its_own_line(tmp_path):
    folder = edited(
        tmp_path,
        MINIMAL,
        "itc.yaml",
        "      <https://intracen.org/sme-outlook>]",
        "      <https://intracen.org/sme-outlook>] It *also helped.",
    )
    line, column = where_in_file(folder, "itc.yaml", "*also")
    assert problems_of(folder) == [("itc.yaml", line, column, "unclosed-emphasis")]


def test_validate_and_markup_agree_on_where_a_fragment_stands(tmp_path):
    folder = edited(
        tmp_path,
        MINIMAL,
        "itc.yaml",
        "      <https://intracen.org/sme-outlook>]",
        "      <https://intracen.org/sme-outlook>] About 40% of firms took part.",
    )
    found = [(p.line, p.column) for p in validate(folder) if p.rule == "style-per-cent"]
    assert found == [where_in_file(folder, "itc.yaml", "40%")]
    loaded = load_submission(folder)
    assert list(loaded.lines) == [folder / name for name in ("submission.yaml", "itc.yaml", "unctad.yaml")]


@pytest.mark.parametrize(
    "lines, source, fragment, expected",
    [
        (['    text: "She said \\"yes\\" to *it"'], 'She said "yes" to *it', "*it", (1, 32)),
        (["    text: 'It''s *it'"], "It's *it", "*it", (1, 18)),
        (["    text: >-", "      One two", "      three *four"], "One two three *four", "*four", (3, 13)),
        (["  - note: See", "      *this"], "See *this", "*this", (2, 7)),
    ],
)
def test_a_written_text_knows_the_line_and_column_of_any_character(lines, source, fragment, expected):
    text = WrittenText(source, Path("x.yaml"), 1, lines)
    assert text.find(fragment) == expected
    assert text.find("not there") is None


def test_errors_location_is_the_only_formatter_of_file_line_column():
    import re

    src = Path(__file__).resolve().parents[1] / "src" / "c7draft"
    # "file:line" built by hand: an f-string joining a field to a line with ":", or ":".join
    # (YAML's `key:value` is not a location)
    pattern = re.compile(r"\}:\{[^}]*line|\":\"\.join")
    builders = sorted(
        str(p.relative_to(src)) for p in src.rglob("*.py") if pattern.search(p.read_text("utf-8"))
    )
    assert builders == ["errors.py"]
