"""Documents of every format (.docx, .pdf, .md, .txt) read into one model.

The one place that knows how a submission looks in each format: ``check`` reads drafts and
prior submissions here, ``import`` reads the document it turns back into YAML, and the
review commands read reviewed drafts. Word files are read through ``docx_io`` (the one
package that knows OOXML); text and Markdown files, and the text pypdf extracts from a
PDF, through ``converted_text``.

The public API:

- ``read_document(path) -> Document``: the passages (bullets and paragraphs of Parts 1-3,
  each with a location such as "Part 2, bullet 3") and the CSTD session it was written for.
  Front matter, Part headings and questionnaire prompts are left out; ``Document.notes``
  says what a limit cut (a PDF past the page limit). Errors (an unknown extension, a
  damaged or encrypted file, a scan without text, a file past the size limit) raise
  ``errors.DocumentReadError`` naming the file and what to do. Nothing is cached here
  (``check`` keeps read documents in its cache).
- ``read_paragraphs(path, verb="read") -> Content``: every paragraph (``Paragraph``: its text,
  whether it is a list item or a Word heading, and its ``pieces``: text with italics and
  links, and footnote references) and the footnotes (``Content.notes``: key -> pieces), for
  a reader that keeps the inline markup (``import``). ``read_document`` reads through it:
  this is the one place that picks a reader by extension. A piece is ``("text", chunk,
  italic, url or None)`` or ``("note", key)``; ``pieces.plain(pieces)`` is their text.
- ``document_from_draft(draft, name) -> Document``: the same, for an assembled ``Draft``.
- ``detect_session(masthead, file_name) -> int | None``: the session a masthead or file
  name names.
- ``FORMATS``: the extensions read.
- ``converted_text``: ``PART_HEADING`` and ``PROMPT`` (the outline's headings as every
  format shows them), ``read_converted_text``/``parse_converted_text``.
"""

from .pieces import Piece
from .readers import (
    FORMATS,
    Content,
    Document,
    Paragraph,
    Passage,
    detect_session,
    document_from_draft,
    read_document,
    read_paragraphs,
)

__all__ = [
    "FORMATS",
    "Content",
    "Document",
    "Paragraph",
    "Passage",
    "Piece",
    "detect_session",
    "document_from_draft",
    "read_document",
    "read_paragraphs",
]
