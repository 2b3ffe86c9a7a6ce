"""The marks `pull` finds records by change nothing a reader sees.

A build is compared with the same draft written without marks or stored base: the body
with c7draft's bookmarks taken out, the styles, numbering, footnotes and settings are the
same bytes, pandoc reads the same document, and the bookmarks are hidden ones (a name
starting with "_", at most 40 characters, as Word keeps them). The base reads back as it
was built, and LibreOffice's re-save keeps every mark and the base (slow)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from c7draft.assemble import load_draft
from c7draft.docx_io import read_docx, write_docx
from helpers import libreoffice_convert, reader

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
BOOKMARK = re.compile(r'<w:bookmark(?:Start|End) w:id="\d+"(?: w:name="_c7r_[^"]*")?/>')


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("marks")
    draft = load_draft(SAMPLE)
    plain = dataclasses.replace(
        draft, base=None, blocks=[dataclasses.replace(b, mark="") for b in draft.blocks]
    )
    write_docx(draft, folder / "marked.docx")
    write_docx(plain, folder / "plain.docx")
    return draft, folder / "marked.docx", folder / "plain.docx"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_body_is_the_same_once_the_bookmarks_are_taken_out(builds):
    _, marked, plain = builds
    body = _parts(marked)["word/document.xml"].decode()
    assert len(BOOKMARK.findall(body)) == 2 * len(re.findall("_c7r_", body)) > 0
    assert BOOKMARK.sub("", body) == _parts(plain)["word/document.xml"].decode()


def test_styles_numbering_footnotes_and_settings_are_the_same_bytes(builds):
    _, marked, plain = builds
    a, b = _parts(marked), _parts(plain)
    for name in ("word/styles.xml", "word/numbering.xml", "word/footnotes.xml", "word/settings.xml"):
        assert a[name] == b[name], name
    assert set(a) - set(b) == {
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
        "customXml/_rels/item1.xml.rels",
    }


def test_every_mark_is_a_hidden_bookmark_word_keeps(builds):
    draft, marked, _ = builds
    names = re.findall(r'w:name="([^"]*)"', _parts(marked)["word/document.xml"].decode())
    assert names and all(n.startswith("_c7r_") and len(n) <= 40 for n in names)
    assert len(names) == len(set(names)) == len(draft.blocks)
    ids = re.findall(
        r'<w:(?:bookmarkStart|commentRangeStart) w:id="(\d+)"', _parts(marked)["word/document.xml"].decode()
    )
    assert len(ids) == len(set(ids))  # unique across comments and bookmarks


def test_every_paragraph_reads_back_with_its_mark_and_the_base_as_built(builds):
    draft, marked, plain = builds
    content = read_docx(marked)
    assert [p.marks for p in content.paragraphs] == [[b.mark] for b in draft.blocks]
    assert content.base == draft.base
    assert content.base.session == 29 and content.base.entities == ("ITC", "UNCTAD", "UPU")
    by_id = {it.record_id: it for it in content.base.items if it.kind == "bullet"}
    assert by_id["etready-2025"].file == "unctad.yaml"
    assert dict(by_id["etready-2025"].notes)["etready-countries"].startswith("eT Readies concluded")
    assert [p.text for p in content.paragraphs] == [p.text for p in read_docx(plain).paragraphs]


@pytest.mark.slow
def test_pandoc_reads_the_same_document(builds):
    pandoc = reader("pandoc")
    _, marked, plain = builds
    for to in ("json", "markdown"):
        a, b = (
            subprocess.run([pandoc, str(p), "-t", to], capture_output=True, check=True).stdout
            for p in (marked, plain)
        )
        assert a == b


@pytest.mark.slow
def test_a_libreoffice_resave_keeps_every_mark_and_the_base(builds, tmp_path):
    draft, marked, _ = builds
    libreoffice_convert([marked], "docx", tmp_path / "out", tmp_path / "lo")
    content = read_docx(tmp_path / "out" / "marked.docx")
    assert [p.marks for p in content.paragraphs] == [[b.mark] for b in draft.blocks]
    assert content.base == draft.base


@pytest.mark.slow
def test_the_pages_libreoffice_prints_are_the_same(builds, tmp_path):
    from pypdf import PdfReader

    _, marked, plain = builds
    texts = []
    for path in (marked, plain):
        out = tmp_path / path.stem
        libreoffice_convert([path], "pdf", out, tmp_path / "lo")
        texts.append([page.extract_text() for page in PdfReader(out / f"{path.stem}.pdf").pages])
    assert texts[0] == texts[1] and len(texts[0]) > 1
