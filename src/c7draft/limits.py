"""Limits on what c7draft reads from drafts and prior submissions, so that a hostile or
broken file ends fast with a message naming the limit, never a hang or MemoryError.

The readers (``documents``, ``docx_io``) call these with one line each:
``read_file_bytes`` for a file's bytes, ``check_zip`` before python-docx opens a package,
``read_zip_member`` for a member's bytes, and ``pdf_pages`` for the pages of a PDF.
A PDF cut at the page limit is read anyway, with a note collected by ``collecting_notes``.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import IO

from .errors import DocumentReadError

MB = 2**20
MAX_FILE_BYTES = 100 * MB  # a prior or draft file (the published ones are under 2 MB)
MAX_MEMBER_BYTES = 64 * MB  # one part of a .docx, unpacked (a long document.xml is ~5 MB)
MAX_PACKAGE_BYTES = 256 * MB  # all parts of a .docx together, unpacked
MAX_PDF_PAGES = 500  # a submission is 2-10 pages; an annual report ~300

_notes: ContextVar[list[str] | None] = ContextVar("c7draft_limit_notes", default=None)


@contextmanager
def collecting_notes() -> Iterator[list[str]]:
    """Collect the notes of the limits met while reading (e.g. a PDF cut at the page limit)."""
    notes: list[str] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


def _note(text: str) -> None:
    notes = _notes.get()
    if notes is not None:
        notes.append(text)


def _unreadable(path: Path, exc: OSError) -> DocumentReadError:
    return DocumentReadError(
        f"cannot read the file: {exc.strerror or exc}",
        file=path,
        hint="check the path and that the file is readable",
    )


_ZIP_BOMB_HINT = "open it in Word and save a copy without embedded files"


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} bytes"


def check_file(path: Path) -> int:
    """The size of ``path``, a regular file within MAX_FILE_BYTES; else DocumentReadError.

    Symlinks are followed: a link to /dev/zero is refused as a device, never read.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(st.st_mode)
            else "a FIFO (named pipe)"
            if stat.S_ISFIFO(st.st_mode)
            else "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a socket"
        )
        raise DocumentReadError(
            f"this is {kind}, not a regular file (the regular-files-only limit)",
            file=path,
            hint="give a .docx, .pdf, .md or .txt file",
        )
    if st.st_size > MAX_FILE_BYTES:
        raise DocumentReadError(
            f"the file is {_mb(st.st_size)}, over the file size limit of {_mb(MAX_FILE_BYTES)}",
            file=path,
            hint="check only the submission itself, not a whole archive in one file",
        )
    return st.st_size


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file within MAX_FILE_BYTES."""
    check_file(path)
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None


def check_zip(path: Path) -> None:
    """Refuse a .docx whose parts would unpack past the limits, by their declared sizes,
    before python-docx reads any of them (a zip bomb is refused without unpacking it)."""
    check_file(path)
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip at all: the reader says so in its own words
    total = 0
    for info in infos:
        _check_declared(info, path)
        total += info.file_size
    if total > MAX_PACKAGE_BYTES:
        raise DocumentReadError(
            f"its parts would unpack to {_mb(total)}, over the limit of "
            f"{_mb(MAX_PACKAGE_BYTES)} for a whole .docx (a zip bomb?)",
            file=path,
            hint=_ZIP_BOMB_HINT,
        )


def _check_declared(info: zipfile.ZipInfo, path) -> None:
    if info.file_size > MAX_MEMBER_BYTES:
        raise DocumentReadError(
            f"its part {info.filename} would unpack to {_mb(info.file_size)}, over the "
            f"limit of {_mb(MAX_MEMBER_BYTES)} per part (a zip bomb?)",
            file=path,
            hint=_ZIP_BOMB_HINT,
        )


def read_zip_member(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path | str | IO | None = None) -> bytes:
    """A member's bytes, checked by declared size first, then read with a cap on its real size."""
    path = path if isinstance(path, (str, Path)) else z.filename
    _check_declared(info, path)
    with z.open(info) as fh:
        data = fh.read(MAX_MEMBER_BYTES + 1)  # zipfile also stops at the declared size and checks the CRC
    if len(data) > MAX_MEMBER_BYTES:
        raise DocumentReadError(
            f"its part {info.filename} unpacks to more than {_mb(MAX_MEMBER_BYTES)}, "
            "the limit per part (a zip bomb?)",
            file=path,
            hint=_ZIP_BOMB_HINT,
        )
    return data


def pdf_pages(reader, path: Path) -> list:
    """The first MAX_PDF_PAGES pages of a pypdf reader, with a note when the PDF is cut."""
    count = len(reader.pages)
    if count > MAX_PDF_PAGES:
        _note(
            f"{Path(path).name}: read only its first {MAX_PDF_PAGES} of {count:,} pages (the PDF page limit)"
        )
    return [reader.pages[i] for i in range(min(count, MAX_PDF_PAGES))]
