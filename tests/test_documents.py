"""documents/ is the one reader of every format: check's passages and import's paragraphs
come from the same dispatch, and each format gives its inline markup as pieces."""

from __future__ import annotations

from pathlib import Path

import pytest

from c7draft import documents
from c7draft.documents.pieces import plain
from c7draft.errors import DocumentReadError

ROOT = Path(__file__).resolve().parents[1]
SEED_2026 = ROOT / "seeds" / "cstd29-2026-c7-submission.txt"


def test_passages_are_the_paragraphs_after_the_front_matter_headings_and_prompts():
    content = documents.read_paragraphs(SEED_2026)
    doc = documents.read_document(SEED_2026)
    texts = [p.text.strip() for p in content.paragraphs]
    assert [p.text for p in doc.passages] == [t for t in texts if t in {p.text for p in doc.passages}]
    assert len(doc.passages) < len(texts) and doc.session == 29


def test_converted_text_keeps_italics_and_note_references_as_pieces():
    content = documents.read_paragraphs(SEED_2026)
    bullet = next(p for p in content.paragraphs if p.text.startswith("In the Pacific, the Digital Economy"))
    italic = [piece[1] for piece in bullet.pieces if piece[0] == "text" and piece[2]]
    assert "Digital Economy Report: Pacific Edition 2024" in italic
    assert plain(bullet.pieces) == bullet.text
    noted = next(p for p in content.paragraphs if any(piece[0] == "note" for piece in p.pieces))
    key = next(piece[1] for piece in noted.pieces if piece[0] == "note")
    assert plain(content.notes[key])  # the footnote's text, by the key its reference gives


def test_a_word_file_gives_its_pieces_and_headings(tmp_path):
    from c7draft.assemble import load_draft
    from c7draft.docx_io import write_docx

    out = tmp_path / "built.docx"
    write_docx(load_draft(ROOT / "sample_inputs" / "2025"), out)
    content = documents.read_paragraphs(out)
    assert any(p.heading for p in content.paragraphs) and not all(p.heading for p in content.paragraphs)
    noted = next(p for p in content.paragraphs if any(piece[0] == "note" for piece in p.pieces))
    key = next(piece[1] for piece in noted.pieces if piece[0] == "note")
    assert plain(content.notes[key])  # a Word footnote, read with its pieces
    assert documents.read_document(out).passages  # the same paragraphs, structured


@pytest.mark.parametrize("verb", ["read", "import"])
def test_an_unknown_extension_names_the_command(tmp_path, verb):
    odt = tmp_path / "draft.odt"
    odt.write_bytes(b"x")
    with pytest.raises(DocumentReadError, match=f"cannot {verb} a .odt file") as info:
        documents.read_paragraphs(odt, verb)
    assert str(odt) in str(info.value) and ".docx, .pdf, .md or .txt" in str(info.value)
