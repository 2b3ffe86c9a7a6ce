"""One error boundary: damaged .docx and PDF files end in a DocumentReadError naming the
file; anything unexpected is one line naming the file and where to report it, and the
traceback appears only under --debug."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from c7draft.check.readers import read_document
from c7draft.docx_io import write_docx
from c7draft.errors import DocumentReadError

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"
PDF = ROOT / "tests" / "data" / "pdf" / "cstd27-2024-rebuilt-libreoffice.pdf"

# The real CLI with a bug planted in the Markdown preview.
PLANTED_BUG = textwrap.dedent("""
    import sys
    from c7draft import cli, preview

    def to_markdown(draft):
        return [][0]

    preview.to_markdown = to_markdown
    sys.argv = ["c7draft", *sys.argv[1:]]
    cli.main()
""")


def test_an_unexpected_error_is_one_line_naming_the_file_and_where_to_report_it():
    run = subprocess.run(
        [sys.executable, "-c", PLANTED_BUG, "preview", MINIMAL], capture_output=True, text=True
    )
    assert run.returncode == 70 and "Traceback" not in run.stderr
    assert run.stderr == (
        f"error: c7draft stopped on an unexpected problem while working on {MINIMAL} (IndexError: list index "
        "out of range). This is a bug: please report it to the c7draft issue tracker (see 'Reporting a "
        "problem' in README.md), with the output of the same command run with --debug.\n"
    )


def test_debug_shows_the_traceback():
    run = subprocess.run(
        [sys.executable, "-c", PLANTED_BUG, "--debug", "preview", MINIMAL], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert (
        "Traceback (most recent call last)" in run.stderr
        and "IndexError: list index out of range" in run.stderr
    )


def test_an_os_error_names_its_own_file():
    from c7draft.errors import describe_bug

    line = describe_bug(PermissionError(13, "Permission denied", "/srv/archive/a.pdf"), "draft")
    assert "while working on /srv/archive/a.pdf (PermissionError: [Errno 13] Permission denied" in line


@pytest.fixture(scope="module")
def good_docx(tmp_path_factory) -> bytes:
    from c7draft.assemble import load_draft

    path = tmp_path_factory.mktemp("docx") / "draft.docx"
    write_docx(load_draft(MINIMAL), path)
    return path.read_bytes()


def _mutations(data: bytes, seed: int, count: int):
    """Truncations, flipped bytes and zeroed runs, at positions drawn from ``seed``."""
    rng = random.Random(seed)
    for _ in range(count):
        kind, at = rng.choice(["cut", "flip", "zero"]), rng.randrange(len(data))
        if kind == "cut":
            yield data[:at]
        elif kind == "flip":
            yield data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
        else:
            yield data[:at] + b"\0" * 64 + data[at + 64 :]


def _read_or_refuse(path: Path) -> None:
    try:
        read_document(path, use_cache=False)
    except DocumentReadError as exc:  # any other exception fails the test
        assert exc.file == str(path) and "Traceback" not in str(exc)


def test_damaged_docx_files_end_in_a_read_error_naming_the_file(good_docx, tmp_path):
    path = tmp_path / "damaged.docx"
    for data in _mutations(good_docx, seed=9, count=80):
        path.write_bytes(data)
        _read_or_refuse(path)


def test_damaged_docx_parts_end_in_a_read_error(good_docx, tmp_path):
    """Each part in turn truncated, so the XML inside a valid zip is broken."""
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(io.BytesIO(good_docx)) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    for name in parts:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for other, data in parts.items():
                z.writestr(other, data[: len(data) // 2] if other == name else data)
        path.write_bytes(buffer.getvalue())
        _read_or_refuse(path)


@pytest.mark.parametrize("flag_bits, compress_type", [(0x1, zipfile.ZIP_STORED), (0, 99)])
def test_encrypted_or_unknown_compression_parts_end_in_a_read_error(
    good_docx, tmp_path, flag_bits, compress_type
):
    """zipfile raises RuntimeError (encrypted) and NotImplementedError (method 99) on these."""
    path = tmp_path / "odd.docx"
    with zipfile.ZipFile(io.BytesIO(good_docx)) as src, zipfile.ZipFile(path, "w") as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info))
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")  # first central directory entry: flags at +8, method at +10
    data[at + 8] |= flag_bits
    if compress_type != zipfile.ZIP_STORED:
        data[at + 10 : at + 12] = compress_type.to_bytes(2, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentReadError) as err:
        read_document(path, use_cache=False)
    assert err.value.file == str(path) and "not a valid Word .docx file" in err.value.problem


def test_damaged_pdfs_end_in_a_read_error_naming_the_file(tmp_path):
    path = tmp_path / "damaged.pdf"
    for data in _mutations(PDF.read_bytes(), seed=7, count=25):
        path.write_bytes(data)
        _read_or_refuse(path)
