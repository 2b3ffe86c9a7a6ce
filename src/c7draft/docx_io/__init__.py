"""Write a ``Draft`` as a Word .docx with real footnotes, and read any .docx back.

This package is the one place that knows python-docx and OOXML: everything else in c7draft
works on ``model.Draft`` or on the plain ``DocxContent`` returned by ``read_docx``.

- ``writer``: the draft into a .docx, starting from a reference .docx whose styles are
  addressed by NAME only (``styles``), so a user can restyle that reference in Word without
  touching code, and saved with reproducible metadata (``saving``);
- ``footnotes``: the footnotes part python-docx lacks;
- ``stamp``: the "written by c7draft" hash, so an edited output is never replaced unasked;
- ``reader``: any .docx back as paragraphs, footnotes, comments and properties; a reviewed
  one with its tracked changes accepted or rejected (``revisions``) and comment replies;
- ``marks``: the hidden bookmarks that tie a built paragraph to what it was built from,
  and that base, stored in the .docx for `pull`.
"""

from typing import TYPE_CHECKING, Any

from ..languages import DEFAULT_LANGUAGE
from .saving import build_time, save_docx
from .stamp import ExistingOutput, ensure_docx_output, ensure_replaceable, word_lock_note
from .styles import ensure_styles, set_language
from .writer import write_docx
from .xmltext import clean_xml_text

__all__ = [
    "write_docx",
    "read_docx",
    "read_reviewed",
    "TrackedChange",
    "ensure_replaceable",
    "ensure_docx_output",
    "ExistingOutput",
    "word_lock_note",
    "ensure_styles",
    "clean_xml_text",
    "DocxContent",
    "DocxParagraph",
    "DocxFootnote",
    "DocxComment",
    "save_docx",
    "set_language",
    "build_time",
    "DEFAULT_LANGUAGE",
]

if TYPE_CHECKING:
    from .reader import DocxComment, DocxContent, DocxFootnote, DocxParagraph, read_docx, read_reviewed
    from .revisions import TrackedChange

_READ = {"DocxComment", "DocxContent", "DocxFootnote", "DocxParagraph", "read_docx", "read_reviewed"}


def __getattr__(name: str) -> Any:
    """The reader's names, imported on first use: a build writes a .docx and reads none (the
    reader and its tracked changes are ~6 ms of imports on a loaded machine)."""
    if name in _READ:
        from . import reader

        return getattr(reader, name)
    if name == "TrackedChange":
        from .revisions import TrackedChange

        return TrackedChange
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
