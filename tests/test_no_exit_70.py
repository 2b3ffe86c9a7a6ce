"""No exit 70 from input (issue 16, case 7): each reproducer of the issue ends in a clear
exit 2 naming the file, what is wrong and what to change, never the "this is a bug" line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from helpers import MINIMAL, c7draft, pdf_with_pages

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "templates" / "reference.docx"


def refused(run, *words: str) -> str:
    said = run.stdout + run.stderr
    assert run.returncode == 2, said
    assert "Traceback" not in said and "This is a bug" not in said, said
    for w in words:
        assert w in said, said
    return said


def test_import_of_a_text_with_only_part_1(tmp_path):
    source = tmp_path / "part1.txt"
    source.write_text(
        "Twenty-ninth session\n\nPart 1: Executive Summary\n\nSome summary text.\n", encoding="utf-8"
    )
    run = c7draft("import", source, "-o", tmp_path / "out")
    refused(run, f'error: {source}: only Part 1 was found, no "Part 2", "Part 3" ... headings')
    assert not (tmp_path / "out").exists()


def test_import_of_a_5000_page_pdf_whose_parts_lie_past_the_page_limit(tmp_path):
    source = tmp_path / "long.pdf"
    first = ["Twenty-ninth session", "", "Part 1: Executive Summary", "", "Some summary text."]
    pdf_with_pages(source, {1: first, 5000: ["Part 2: Analytical overview", "", "- ITC did things."]}, 5000)
    run = c7draft("import", source, "-o", tmp_path / "out", timeout=300)
    refused(run, "only Part 1 was found", "read only its first 500 of 5,000 pages (the PDF page limit)")


def reference_with_outside(tmp_path: Path, part: str) -> Path:
    """The shipped reference.docx with the relationship to ``part`` pointing outside the file."""
    out = tmp_path / f"outside-{part}.docx"
    with zipfile.ZipFile(REFERENCE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                before = f'Target="{part}.xml"'.encode()
                assert before in data
                data = data.replace(
                    before, f'Target="http://example.org/{part}.xml" TargetMode="External"'.encode()
                )
            dst.writestr(item, data)
    return out


@pytest.mark.parametrize("part", ["styles", "numbering", "settings"])
def test_build_with_a_reference_whose_part_is_outside_the_file(tmp_path, part):
    reference = reference_with_outside(tmp_path, part)
    run = c7draft("build", MINIMAL, "--no-check", "--reference", reference, "-o", tmp_path / "x.docx")
    refused(
        run,
        f"error: {reference}: the reference .docx takes its {part} from outside the file "
        f"(http://example.org/{part}.xml)",
    )
    assert not (tmp_path / "x.docx").exists()


def test_a_big_yaml_without_aliases_is_refused_with_the_real_limit(inputs):
    record = "  - id: r{n}\n    section: 2\n    text: Record number {n} of many bullets.\n"
    text = "entity: ITC\nrecords:\n" + "".join(record.format(n=n) for n in range(58_000))
    assert 4_400_000 < len(text) < 5 * 1024 * 1024  # the 4.4 MB, under the 5 MB file limit
    (inputs / "itc.yaml").write_text(text, encoding="utf-8")
    said = refused(
        c7draft("validate", inputs),
        "itc.yaml:1:1: error: this file holds more than 250,000 values (keys, list items and texts), "
        "the limit for one YAML input file [yaml-too-many-values]",
    )
    assert "through its aliases" not in said


def test_an_alias_bomb_still_names_its_aliases(inputs):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join(['*' + chr(97 + k)] * 10)}]" for k in range(6)]
    (inputs / "itc.yaml").write_text("\n".join(bomb) + "\n", encoding="utf-8")
    refused(c7draft("validate", inputs), "expands to more than 250,000 values through its aliases")


@pytest.mark.parametrize(
    "escape, says",
    [
        (
            "\\uD800",
            "`\\uD800` in the quoted text on line 11 is half of a UTF-16 surrogate pair, not a character",
        ),
        ("\\uDE00", "`\\uDE00` in the quoted text on line 11 is half of a UTF-16 surrogate pair"),
        ("\\q", "`\\q` in the quoted text on line 11 is not an escape YAML knows"),
        ("\\UFFFFFFFF", "`\\UFFFFFFFF` in the quoted text on line 11 is not a valid character escape"),
    ],
)
def test_a_bad_escape_in_double_quotes_says_what_is_wrong(inputs, escape, says):
    path = inputs / "itc.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    text: ITC launched a [Digital Innovation Accelerator](https://intracen.org/dia) for SMEs."
    assert old in text
    path.write_text(text.replace(old, f'    text: "ITC launched {escape} for SMEs."'), encoding="utf-8")
    said = refused(c7draft("validate", inputs), "itc.yaml:11:", says, "[yaml-bad-escape]")
    assert "never closed" not in said
