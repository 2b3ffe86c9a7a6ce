"""Hostile priors and drafts end fast with a message naming the limit: devices and FIFOs,
oversized files, zip bombs, and PDFs past the page limit."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from c7draft import limits
from c7draft.errors import DocumentReadError
from helpers import c7draft as run_c7draft
from helpers import pdf_with_pages

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"
SEED_2024 = ROOT / "seeds" / "cstd27-2024-c7-submission.txt"


def c7draft(*args, tmp_path: Path) -> subprocess.CompletedProcess:
    return run_c7draft(*args, cache=tmp_path / "cache", timeout=120)


def make_pdf(path: Path, pages: int) -> None:
    """A PDF with one line of text on each page."""
    pdf_with_pages(path, {n: [f"Page {n} of a long annual report."] for n in range(1, pages + 1)}, pages)


@pytest.mark.parametrize("name", ["zero.docx", "zero.txt", "zero.pdf"])
def test_a_draft_that_is_a_symlink_to_dev_zero_is_refused(tmp_path, name):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    run = c7draft("check", link, tmp_path=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith(
        f"error: {link}: this is a device, not a regular file (the regular-files-only limit)"
    )


def test_a_fifo_draft_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    run = c7draft("check", fifo, tmp_path=tmp_path)  # would block forever on open()
    assert run.returncode == 2
    assert "this is a FIFO (named pipe), not a regular file (the regular-files-only limit)" in run.stderr


def test_a_device_prior_is_skipped_with_a_note(tmp_path):
    link = tmp_path / "cstd27-prior.txt"
    link.symlink_to("/dev/zero")
    run = c7draft("check", MINIMAL, "--against", link, "--against", SEED_2024, tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (
        "  skipped: cstd27-prior.txt: this is a device, not a regular file (the regular-files-only limit)\n"
    ) in run.stdout  # the table's list of priors


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "cstd27-big.txt"
    with open(big, "wb") as fh:  # sparse: costs no disk
        fh.truncate(limits.MAX_FILE_BYTES + 1)
    run = c7draft("check", MINIMAL, "--against", big, "--against", SEED_2024, tmp_path=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "  skipped: cstd27-big.txt: the file is 100 MB, over the file size limit of 100 MB\n" in run.stdout
    run = c7draft("check", big, tmp_path=tmp_path)
    assert run.returncode == 2 and "over the file size limit of 100 MB" in run.stderr


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    """A .docx whose document.xml unpacks to 1 GiB (about 4.5 MB packed), written in a stream."""
    path = tmp_path_factory.mktemp("bomb") / "cstd27-bomb.docx"
    zeros = b"\0" * (16 * limits.MB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(64):
                fh.write(zeros)
    return path


def test_a_1_gib_zip_bomb_prior_is_skipped_with_a_note(zip_bomb, tmp_path):
    run = c7draft(
        "check", MINIMAL, "--against", zip_bomb, "--against", SEED_2024, "--format", "json", tmp_path=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert (
        "note: skipped cstd27-bomb.docx: its part word/document.xml would unpack to 1,024 MB, "
        "over the limit of 64 MB per part (a zip bomb?)\n"
    ) in run.stderr


def test_a_zip_bomb_draft_exits_2(zip_bomb, tmp_path):
    run = c7draft("check", zip_bomb, tmp_path=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "(a zip bomb?)" in run.stderr


def test_parts_together_over_the_package_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PACKAGE_BYTES", 1000)
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as z:
        for n in range(3):
            z.writestr(f"word/part{n}.xml", b"x" * 400)
    with pytest.raises(
        DocumentReadError,
        match="its parts would unpack to 1,200 bytes, over the limit of 1,000 bytes for a whole .docx",
    ):
        limits.check_zip(path)


def test_a_member_whose_real_size_passes_its_declared_size_is_never_read_past_it(tmp_path, monkeypatch):
    """A forged header (declares 100 bytes, holds 100,000) is read only up to the cap."""
    monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 1000)
    path = tmp_path / "forged.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", b"y" * 100_000)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("word/document.xml")
        info.file_size = 100  # what a forged header would say
        with pytest.raises(zipfile.BadZipFile):  # zipfile stops at 100 bytes and the CRC fails
            limits.read_zip_member(z, info)
        info.file_size = 100_000  # an honest header: refused before reading
        with pytest.raises(
            DocumentReadError, match="would unpack to 100,000 bytes, over the limit of 1,000 bytes"
        ):
            limits.read_zip_member(z, info)


def test_a_long_pdf_is_cut_at_the_page_limit_with_a_note(tmp_path):
    pdf = tmp_path / "annual-report.pdf"
    make_pdf(pdf, limits.MAX_PDF_PAGES + 1500)
    for _ in range(2):  # the second run reads the prior from the cache: the note stays
        run = c7draft("check", MINIMAL, "--against", pdf, tmp_path=tmp_path)
        assert run.returncode == 0, run.stderr
        assert (
            "note: annual-report.pdf: read only its first 500 of 2,000 pages (the PDF page limit)"
            in run.stderr
        )
        shutil.rmtree(tmp_path / "cache" / "indexes", ignore_errors=True)  # the document cache serves it


def test_a_cut_pdf_is_read_up_to_the_limit_and_a_short_one_whole(tmp_path):
    from c7draft.check.readers import read_document

    pdf = tmp_path / "report.pdf"
    make_pdf(pdf, limits.MAX_PDF_PAGES + 1)
    doc = read_document(pdf, use_cache=False)
    text = " ".join(p.text for p in doc.passages)
    assert text.endswith("Page 500 of a long annual report.") and "Page 501" not in text
    assert doc.notes == ["report.pdf: read only its first 500 of 501 pages (the PDF page limit)"]
    make_pdf(pdf, 3)
    doc = read_document(pdf, use_cache=False)
    assert " ".join(p.text for p in doc.passages).endswith("Page 3 of a long annual report.")
    assert doc.notes == []


def test_import_of_a_file_over_the_size_limit_exits_2(tmp_path):
    big = tmp_path / "cstd27-big.txt"
    with open(big, "wb") as fh:
        fh.truncate(limits.MAX_FILE_BYTES + 1)
    run = c7draft("import", big, "-o", tmp_path / "inputs", tmp_path=tmp_path)
    assert run.returncode == 2 and "over the file size limit of 100 MB" in run.stderr
    assert not (tmp_path / "inputs").exists()
