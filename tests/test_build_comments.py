"""`c7draft build` checks for recycled text by default and leaves a Word comment on each
recycled bullet or paragraph; the front matter, which repeats by design, gets none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.docx_io import read_docx

ROOT = Path(__file__).resolve().parents[1]
COMMENT = re.compile(r'^Recycled \((verbatim|near-verbatim|light edit|moderate edit), (\d+)\) from the 2024 '
                     r'submission \(27th session\), Part [123]( [ab]\))?(, (bullet|paragraph) \d+)?: ".+"$', re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("build")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("C7DRAFT_CACHE_DIR", str(tmp / "cache"))
        result = build_submission(ROOT / "sample_inputs" / "2025", tmp / "draft.docx")
    return result, read_docx(tmp / "draft.docx")


def test_recycled_bullets_get_comments(built):
    result, docx = built
    commented = {c.anchored_text for c in docx.comments}
    assert result.flagged == len(commented) >= 2  # one or more comments on each flagged block
    anchored = " ".join(c.anchored_text for c in docx.comments)
    assert "To help improve the availability of robust, comparable, and timely" in anchored
    assert "Large disparities persist in countries' readiness" in anchored
    for comment in docx.comments:
        assert COMMENT.match(comment.text), comment.text


def test_no_comment_on_front_matter_headings_or_prompts(built):
    _, docx = built
    part1 = next(i for i, p in enumerate(docx.paragraphs) if p.text.startswith("Part 1"))
    front = [p.text for p in docx.paragraphs[:part1]]
    headings = [p.text for p in docx.paragraphs if p.style.startswith("Heading")]
    for comment in docx.comments:
        assert not any(comment.anchored_text and comment.anchored_text in t for t in front + headings)


def test_no_check_means_no_comments(tmp_path):
    build_submission(ROOT / "sample_inputs" / "2025", tmp_path / "d.docx", check=False)
    assert read_docx(tmp_path / "d.docx").comments == []
