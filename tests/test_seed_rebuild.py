"""Building each sample rebuilds its published seed: same text in the same order, the same
footnotes with the same numbers after the same words, the same italic titles, and
clickable footnote links. The .docx is read back as a reader (or pandoc) would see it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.documents.converted_text import read_converted_text
from c7draft.docx_io import read_docx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {
    "2023": ROOT / "seeds" / "cstd27-2024-c7-submission.txt",
    "2025": ROOT / "seeds" / "cstd29-2026-c7-submission.txt",
}
# Where the rebuilt document must differ from the published one, on purpose.
CORRECTIONS = {
    # The 2024 header's slip: the session met in April, as its own header says.
    "2023": [
        (
            "For the CSTD twenty-seventh session in March 2024",
            "For the CSTD twenty-seventh session in April 2024",
        )
    ],
    "2025": [],
}
URL = re.compile(r"https?://[^\s>)]+")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module", params=sorted(SAMPLES))
def rebuilt(request, tmp_path_factory):
    year = request.param
    out = tmp_path_factory.mktemp(year) / "draft.docx"
    build_submission(ROOT / "sample_inputs" / year, out, check=False)
    return year, read_docx(out), read_converted_text(SAMPLES[year])


def test_same_text_in_same_order_with_footnote_markers_in_place(rebuilt):
    year, docx, seed = rebuilt
    expected = flat(" ".join(p.marked_text for p in seed.paragraphs))
    for wrong, right in CORRECTIONS[year]:
        assert wrong in expected
        expected = expected.replace(wrong, right)
    actual = flat(" ".join(p.marked_text for p in docx.paragraphs))
    if actual != expected:  # show where they part, not two pages of text
        at = (
            next(i for i, (a, b) in enumerate(zip(actual, expected, strict=False)) if a != b)
            if any(a != b for a, b in zip(actual, expected, strict=False))
            else min(len(actual), len(expected))
        )
        pytest.fail(
            f"differs at {at}:\n rebuilt: ...{actual[max(0, at - 80) : at + 80]}\n"
            f"    seed: ...{expected[max(0, at - 80) : at + 80]}"
        )


def test_header_is_consistent(rebuilt):
    year, docx, _ = rebuilt
    text = flat(" ".join(p.text for p in docx.paragraphs))
    month = re.search(r"Geneva, \d+-\d+ (\w+ \d{4})", text).group(1)
    assert f"session in {month}" in text
    assert text.count("session in ") == 1  # one session month, the right one


def test_same_footnotes_with_the_same_numbers(rebuilt):
    _, docx, seed = rebuilt
    assert sorted(docx.footnotes) == sorted(seed.footnotes) == list(range(1, len(seed.footnotes) + 1))
    for number, text in seed.footnotes.items():
        assert flat(docx.footnotes[number].text) == flat(text), f"footnote {number}"


def test_footnote_urls_are_live_hyperlinks(rebuilt):
    _, docx, seed = rebuilt
    for number, text in seed.footnotes.items():
        assert docx.footnotes[number].urls == URL.findall(text), f"footnote {number}"


def test_same_italic_titles(rebuilt):
    _, docx, seed = rebuilt
    assert [flat(s) for p in docx.paragraphs for s in p.italic_spans] == [
        flat(s) for p in seed.paragraphs for s in p.italic_spans
    ]


def test_bullets_are_list_paragraphs_and_prompts_are_headings(rebuilt):
    _, docx, seed = rebuilt
    prompt = re.compile(r"^[ab]\) ")
    seed_bullets = [p for p in seed.paragraphs if p.is_bullet and not prompt.match(p.text)]
    docx_bullets = [p for p in docx.paragraphs if p.is_list]
    assert [flat(p.text) for p in docx_bullets] == [flat(p.text) for p in seed_bullets]
    assert all(p.style.startswith("Heading") for p in docx.paragraphs if prompt.match(p.text))
    assert all(p.style.startswith("Heading") for p in docx.paragraphs if p.text.startswith("Part "))
