"""Reading drafts and prior submissions of every format into comparable passages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from c7draft import check as recycling
from c7draft.check import readers as priors
from c7draft.documents import readers as documents
from c7draft.errors import DocumentReadError

ROOT = Path(__file__).resolve().parents[1]
SEED_2024 = ROOT / "seeds" / "cstd27-2024-c7-submission.txt"
SEED_2026 = ROOT / "seeds" / "cstd29-2026-c7-submission.txt"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize(
    "text, name, session",
    [
        ("**Twenty-seventh session\nGeneva, 15-19 April 2024**", "", 27),
        ("report (to the 29th session of the CSTD), in response", "", 29),
        ("For the CSTD twenty-ninth session in April 2026", "", 29),
        ("on their efforts in 2025 to implement the outcomes", "", 29),
        ("Input for the CSTD report on WSIS follow-up during 2023", "", 27),
        ("Thirtieth session", "", 30),
        ("no clue here", "c7-cstd28-final.pdf", 28),
        ("no clue here", "notes.txt", None),
    ],
)
def test_detect_session(text, name, session):
    assert documents.detect_session(text, name) == session


def test_seed_passages_leave_out_front_matter_headings_and_prompts():
    doc = priors.read_document(SEED_2024)
    assert doc.session == 27 and doc.year == 2024 and doc.digest
    texts = [p.text for p in doc.passages]
    assert texts[0].startswith("Action line C7 (e-business) in 2023")
    assert not any(
        t.startswith(("This submission was prepared", "DISCLAIMER", "Part ", "a) ", "b) ")) for t in texts
    )
    locations = [p.location for p in doc.passages]
    assert locations[:3] == ["Part 1, paragraph 1", "Part 1, paragraph 2", "Part 1, paragraph 3"]
    assert "Part 2 a), bullet 1" in locations and "Part 3 b), bullet 1" in locations
    # the bullet cut by a page break and a footnote block is one passage again
    cut = next(p for p in doc.passages if p.text.startswith("UNCTAD’s first Digital Economy Report"))
    assert "e-commerce is beginning to emerge" in cut.text and "See <https" not in cut.text


def test_markdown_reads_like_text(tmp_path):
    md = tmp_path / "cstd29.md"
    shutil.copy(SEED_2026, md)
    a, b = priors.read_document(SEED_2026), priors.read_document(md)
    assert [p.text for p in a.passages] == [p.text for p in b.passages] and b.session == 29


def test_cache_is_used_and_lives_where_told(tmp_path, monkeypatch):
    priors.read_document(SEED_2026)
    assert list((tmp_path / "cache" / "documents").glob("*.json"))
    monkeypatch.setattr(documents, "_READERS", {})  # a re-read would fail
    assert priors.read_document(SEED_2026).session == 29


def test_word_draft(tmp_path):
    from c7draft.assemble import load_draft
    from c7draft.docx_io import write_docx

    docx = tmp_path / "draft.docx"
    write_docx(load_draft(ROOT / "sample_inputs" / "2025"), docx)
    doc = priors.read_document(docx)
    assert doc.session == 29
    assert not any(
        "This submission was prepared" in p.text or p.text.startswith("Part ") for p in doc.passages
    )
    assert any(p.location.startswith("Part 2, bullet") for p in doc.passages)
    report = recycling.check_path(docx)
    assert {m.prior_name for m in report.matches} == {SEED_2024.name}
    assert any(m.draft_text.startswith("To help improve the availability") for m in report.matches)


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: one Helvetica text line per string, top to bottom."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        None,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        ops = ["BT /F1 10 Tf 14 TL 50 800 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>"
        )
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        body = obj if isinstance(obj, bytes) else obj.encode("latin-1")
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_page_breaks_footnotes_and_hyphenation(tmp_path):
    pdf = tmp_path / "c7-2024.pdf"
    pdf.write_bytes(
        _pdf(
            [
                [
                    "Twenty-seventh session",
                    "",
                    "Part 1: Executive Summary",
                    "",
                    "Large disparities persist in countries' readiness to engage in and benefit from the",
                    "data-driven digital economy.1 Developing countries need support to close the digital",
                    "divide and build inclusive digital econo-",
                    "mies in every region.",
                    "",
                    "Part 2: Analytical overview",
                    "",
                    "\u2022 UNCTAD delivered workshops on measuring e-commerce to producers of official statistics",
                    "in the Pacific, the Caribbean and",
                    "",
                    "1 See https://unctad.org/page",
                    "",
                    "3",
                ],
                [
                    "Latin America, with the support of several partners.",
                    "\u2022 The UPU hosted a forum in Abidjan.2",
                    "",
                    "2 See https://upu.int",
                ],
            ]
        )
    )
    doc = priors.read_document(pdf)
    assert doc.session == 27
    texts = [p.text for p in doc.passages]
    assert texts[0] == (
        "Large disparities persist in countries' readiness to engage in and benefit from the "
        "data-driven digital economy. Developing countries need support to close the digital "
        "divide and build inclusive digital economies in every region."
    )
    assert texts[1] == (
        "UNCTAD delivered workshops on measuring e-commerce to producers of official statistics "
        "in the Pacific, the Caribbean and Latin America, with the support of several partners."
    )
    assert texts[2] == "The UPU hosted a forum in Abidjan."
    assert [p.location for p in doc.passages] == [
        "Part 1, paragraph 1",
        "Part 2, bullet 1",
        "Part 2, bullet 2",
    ]


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("draft.odt", b"x", "cannot check a .odt file"),
        ("broken.pdf", b"%PDF-1.4 this is not a pdf", "cannot read the PDF"),
        ("broken.docx", b"PK not a zip", "not a valid Word .docx file"),
        ("latin1.txt", "Part 1: Résumé\n".encode("cp1252"), "not UTF-8"),
    ],
)
def test_unreadable_files_raise_document_read_error(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentReadError, match=problem) as info:
        priors.read_document(path)
    assert str(path) in str(info.value) and "hint:" in str(info.value)


def test_prior_paths(tmp_path):
    assert [p.name for p in priors.prior_paths(None)] == [SEED_2024.name, SEED_2026.name]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    assert [p.name for p in priors.prior_paths([tmp_path])] == ["b.pdf", "a.md"]
    with pytest.raises(DocumentReadError, match="no such file or folder"):
        priors.prior_paths([tmp_path / "missing"])
    with pytest.raises(DocumentReadError, match="cannot check against a .csv"):
        priors.prior_paths([tmp_path / "notes.csv"])


def test_missing_draft():
    with pytest.raises(DocumentReadError, match="no such file or folder"):
        recycling.check_path(Path("no/such/draft.docx"))


def test_renamed_file_is_not_served_a_stale_session_from_the_cache(tmp_path):
    body = "Part 1: Executive summary\n\nUNCTAD held a workshop on measuring e-commerce for statisticians.\n"
    old = tmp_path / "cstd27-c7.txt"
    old.write_text(body, encoding="utf-8")
    assert priors.read_document(old).session == 27
    new = old.rename(tmp_path / "cstd28-c7.txt")
    doc = priors.read_document(new)
    assert doc.session == 28 and doc.name == "cstd28-c7.txt"


def test_code_fingerprint_covers_the_docx_reader(monkeypatch):
    read: list[str] = []
    read_bytes = Path.read_bytes

    def recording(self):
        read.append(self.name)
        return read_bytes(self)

    priors.code_fingerprint.cache_clear()
    monkeypatch.setattr(Path, "read_bytes", recording)
    try:
        priors.code_fingerprint()
    finally:
        priors.code_fingerprint.cache_clear()
    assert {"readers.py", "converted_text.py", "index.py", "score.py", "text.py", "reader.py"} <= set(read)
    assert {"build.py", "bitplanes.py", "storage.py"} <= set(read)  # the archive index's arrays


def test_damaged_document_cache_entry_is_read_again(tmp_path):
    priors.read_document(SEED_2026)
    [entry] = (tmp_path / "cache" / "documents").glob("*.json")
    for damage in ("{not json", "[1, 2]", '{"name": "x"}'):
        entry.write_text(damage, encoding="utf-8")
        assert priors.read_document(SEED_2026).session == 29
    assert not [p for p in entry.parent.iterdir() if p.suffix == ".tmp"]


def test_pdf_warnings_are_not_printed(tmp_path, caplog):
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"garbage %PDF-1.4\n" + _pdf([["Part 1: Summary", "", "Some text here."]])[9:-6])
    with pytest.raises(DocumentReadError):
        priors.read_document(pdf)
    assert not [rec for rec in caplog.records if rec.name.startswith("pypdf")]


@pytest.mark.parametrize(
    "body",
    [
        "Part 1: Executive Summary\n\n- The first session of the working group on measurement met in May.\n",
        "- The first session of the working group on measurement met in May.\n\n- UNCTAD held its 3rd session of experts.\n",
    ],
)
def test_session_comes_from_the_masthead_never_from_a_bullet(tmp_path, body):
    path = tmp_path / "cstd27-c7.txt"
    path.write_text(body, encoding="utf-8")
    assert priors.read_document(path).session == 27  # the file name, not "first session"
    other = tmp_path / "archive-note.txt"
    other.write_text(body, encoding="utf-8")
    assert priors.read_document(other).session is None
