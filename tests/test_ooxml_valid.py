"""The .docx passes an independent OOXML check (issue 16, case 8): openxml-audit (PyPI, a
validator this project did not write: the ECMA-376 schemas plus semantic checks such as a
style referenced but not defined) reports no error on what c7draft writes: the sample
builds with comments on recycled text, the 2023 build with its links, an `init` skeleton,
`diff`'s tracked changes, and a build whose reference .docx comes from a Word in another
language, and the build after `pull --write`. Any error the validator reports fails the test."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from c7draft.docx_io import read_docx
from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def ooxml_errors(path: Path) -> list[str]:
    result = OpenXmlValidator(max_errors=0).validate(str(path))
    return [str(e) for e in result.errors]


def built(folder: Path, out: Path, *args) -> Path:
    run = c7draft("build", folder, "-o", out, *args, cache=out.parent / "cache", env=EPOCH)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def sample_2025(tmp_path_factory) -> Path:
    return built(ROOT / "sample_inputs" / "2025", tmp_path_factory.mktemp("s") / "c7-input-cstd29.docx")


def test_the_sample_build_with_comments_is_valid(sample_2025):
    assert len(read_docx(sample_2025).comments) == 3  # comments on recycled text, in their styles
    assert ooxml_errors(sample_2025) == []


def test_the_2023_build_with_links_is_valid(tmp_path):
    out = built(ROOT / "sample_inputs" / "2023", tmp_path / "c7-input-cstd27.docx")
    content = read_docx(out)
    assert any(p.hyperlinks for p in content.paragraphs) or any(n.urls for n in content.footnotes.values())
    assert ooxml_errors(out) == []


def test_an_init_skeleton_is_valid(tmp_path):
    run = c7draft("init", tmp_path / "2026", "--from", ROOT / "sample_inputs" / "2025")
    assert run.returncode == 0, run.stderr
    assert ooxml_errors(built(tmp_path / "2026", tmp_path / "skeleton.docx")) == []


def test_the_diff_redline_is_valid(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(ROOT / "sample_inputs" / "2025", new)
    unctad = new / "unctad.yaml"
    text = unctad.read_text(encoding="utf-8")
    for old, changed in (
        ("found that meaningful progress", "found that substantial progress"),  # a word
        ("for 21 women from four", "for 22 women from four"),  # a footnote
        ("the *Digital Economy Report: Pacific Edition 2024* cast", "the Digital Economy Report cast"),
    ):
        assert old in text
        text = text.replace(old, changed, 1)
    unctad.write_text(text, encoding="utf-8")
    out = tmp_path / "changes.docx"
    run = c7draft("diff", ROOT / "sample_inputs" / "2025", new, "-o", out, env=EPOCH)
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(out) as z:
        assert b"<w:ins " in z.read("word/document.xml") and b"<w:del " in z.read("word/document.xml")
    assert ooxml_errors(out) == []


def test_a_reference_from_another_language_s_word_keeps_comments_valid(tmp_path):
    """A French Word names the comment styles' ids Commentaire and Marquedecommentaire:
    comments take those ids, so that none is referenced without being defined."""
    reference = tmp_path / "reference-fr.docx"
    with (
        zipfile.ZipFile(ROOT / "templates" / "reference.docx") as src,
        zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="CommentText"', b'w:styleId="Commentaire"')
                data = data.replace(b'w:styleId="CommentReference"', b'w:styleId="Marquedecommentaire"')
            dst.writestr(item, data)
    out = built(ROOT / "sample_inputs" / "2025", tmp_path / "fr.docx", "--reference", reference)
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode()
        document = z.read("word/document.xml").decode()
    assert 'w:pStyle w:val="Commentaire"' in comments
    assert 'w:rStyle w:val="Marquedecommentaire"' in comments + document
    assert not re.search(r'w:val="Comment(Text|Reference)"', comments + document)
    assert ooxml_errors(out) == []


def test_the_validator_reports_what_it_should(sample_2025, tmp_path):
    """The check can fail: an element out of the schema and a style without a definition."""
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(sample_2025) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:pPr>", b"<w:pPr><w:bogus/>", 1)
            if item.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="CommentReference"', b'w:styleId="Gone"')
            dst.writestr(item, data)
    errors = ooxml_errors(broken)
    assert any("Unexpected element 'bogus'" in e for e in errors), errors
    assert any("Style 'CommentReference' referenced but not defined" in e for e in errors), errors


def test_a_build_after_pull_is_valid(tmp_path):
    """pull writes YAML, not a .docx: what it leads to is the rebuilt draft, checked here."""
    folder = tmp_path / "2025"
    shutil.copytree(ROOT / "sample_inputs" / "2025", folder)
    first = built(folder, tmp_path / "first.docx", "--no-check")
    reviewed = tmp_path / "reviewed.docx"
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(reviewed, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                assert b"meaningful progress" in data
                data = data.replace(b"meaningful progress", b"substantial progress", 1)
            dst.writestr(item, data)
    run = c7draft("pull", reviewed, folder, "--write")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "substantial progress" in (folder / "unctad.yaml").read_text(encoding="utf-8")
    assert ooxml_errors(built(folder, tmp_path / "after-pull.docx")) == []
