"""A .docx opened with python-docx, checked against the size limits first; a part's related
XML. The writer opens its reference with these, the reader any .docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import docx
from docx.document import Document
from docx.opc.part import Part, XmlPart

from ..errors import DocumentReadError
from ..limits import check_zip


def related_xml(part: Part, reltype: str) -> Any:
    """The XML root of the part that ``part`` relates to by ``reltype`` (comments, numbering:
    python-docx loads both as XmlParts); KeyError when there is none."""
    return cast(XmlPart, part.part_related_by(reltype)).element


def open_docx(path: Path, what: str) -> Document:
    """python-docx's Document of ``path`` (``what`` names it in errors), its zip parts
    checked against the size limits first; a missing or damaged file raises DocumentReadError."""
    if not path.is_file():
        raise DocumentReadError(f"{what} not found", file=path, hint="check the path and the file name")
    try:
        check_zip(path)  # part sizes within the limits before python-docx reads any
        return docx.Document(str(path))
    except DocumentReadError:
        raise
    except OSError as e:
        raise DocumentReadError(
            f"cannot read the {what} ({e.strerror or e})", file=path, hint="check that the file is readable"
        ) from e
    except Exception as e:  # zipfile, lxml and python-docx raise many types on a damaged file
        kind = _kind_of(path)
        raise DocumentReadError(
            f"{what} is {kind}, not a Word .docx file"
            if kind
            else f"{what} is not a valid Word .docx file ({type(e).__name__}: {e})",
            file=path,
            hint="open it in Word or LibreOffice and save it as 'Word Document (.docx)'; "
            ".doc, .odt and .pdf files must be converted first",
        ) from e


# What a file sent as the .docx often is instead, by its first bytes.
_OTHER_FORMATS = {
    b"%PDF": "a PDF",
    b"\xd0\xcf\x11\xe0": "an old Word .doc (Word 97-2003) or another old Office file",
    b"{\\rtf": "an RTF file",
}


def _kind_of(path: Path) -> str:
    """What ``path`` is by its first bytes ("a PDF" and so on), or "" when no other format
    of _OTHER_FORMATS starts so."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError:
        return ""
    return next((kind for magic, kind in _OTHER_FORMATS.items() if head.startswith(magic)), "")
