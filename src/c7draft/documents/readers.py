"""Read drafts and prior submissions of every format into passages.

A ``Document`` is a list of ``Passage``s (bullets and paragraphs of Parts 1-3, with a
location such as "Part 2, bullet 3") plus the CSTD session it was written for. Front
matter, Part headings and questionnaire prompts are left out: they repeat every year by
design.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentReadError
from ..limits import check_file, collecting_notes
from ..session import ordinal_words, session_for_reporting_year, session_year
from .pieces import Piece, linked, pieces_of, split_run_on_notes, trimmed

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Draft

FORMATS = (".docx", ".pdf", ".md", ".txt")


@dataclass
class Passage:
    """A bullet or paragraph of a document, with where it stands."""

    text: str
    location: str  # "Part 2, bullet 3", "Part 1, paragraph 2"
    entity: str | None = None  # "UNCTAD" when known (drafts built from YAML)
    block: int | None = None  # index in Draft.blocks (drafts built from YAML)
    is_bullet: bool = True  # False for a paragraph (Part 1, executive summary)
    source: dict | None = None  # {file, line, entity, record_id}: where a YAML draft's text is


@dataclass
class Document:
    """A document read for the recycled-text check: its passages and session."""

    name: str  # what reports call it: the file name
    session: int | None  # CSTD session, None when it cannot be told
    passages: Sequence[Passage] = field(default_factory=list)  # an index's priors: tables.PassageRows
    digest: str = ""  # sha256 of the file's bytes ("" for a Draft)
    path: str = ""
    notes: list[str] = field(default_factory=list)  # limits met while reading it
    submitted_by: str = ""  # the masthead's "Submission by" names, when it has them

    @property
    def year(self) -> int | None:
        """The year the session meets (the submission reports on the year before)."""
        return None if self.session is None else session_year(self.session)

    def same_bytes(self, other: Document) -> bool:
        """Both were read from the same bytes: one file named twice, or a copy of it."""
        return bool(self.digest) and self.digest == other.digest


# --------------------------------------------------------------------------- sessions


@lru_cache(maxsize=1)
def _session_words() -> tuple[dict[str, int], re.Pattern[str]]:
    """Ordinal words to sessions ("twenty-ninth" -> 29; the words come from the same function
    that writes them), and one pattern for every way a masthead names the session: "Twenty-ninth session", "(to
    the 29th session of the CSTD)", or the reporting year ("on their efforts in 2025", "WSIS
    follow-up during 2023"; the session meets the year after). Built on first use: a build
    never reads a masthead, and the 200-word alternation costs ~5 ms to compile."""
    ordinal_words_ = {ordinal_words(n): n for n in range(1, 100)}
    ordinal_words_.update({w.replace("-", " "): n for w, n in list(ordinal_words_.items()) if "-" in w})
    alternation = "|".join(sorted(map(re.escape, ordinal_words_), key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?:(?P<num>\d{{1,2}})(?:st|nd|rd|th)|(?P<word>{alternation}))\s+session\b"
        r"|\b(?:efforts in|follow-up during)\s+(?P<year>(?:19|20)\d\d)\b",
        re.I,
    )
    return ordinal_words_, pattern


_FILENAME_SESSION = r"cstd[-_ ]?(\d{1,2})(?!\d)"  # compiled on first use: a build's draft has no file name


def detect_session(masthead: str, file_name: str = "") -> int | None:
    """The CSTD session a submission was written for, from its masthead lines or file name.

    ``masthead`` is the text before "Part 1" (never a bullet: "the first session of the
    expert group" in a bullet says nothing about the submission). The first line naming a
    session or a reporting year wins; else a file name like "cstd29-....txt"; else None.
    """
    words, pattern = _session_words()
    for line in masthead.splitlines():
        m = pattern.search(line)
        if m:
            session = (
                int(m["num"])
                if m["num"]
                else words[m["word"].lower().replace("-", " ")]
                if m["word"]
                else session_for_reporting_year(int(m["year"]))
            )
            if 1 <= session <= 99:
                return session
    m = re.search(_FILENAME_SESSION, file_name, re.I)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- structure


def _structure(paras: Iterable[Paragraph], name: str) -> Document:
    """Give each body paragraph a location; keep front matter apart for session detection."""
    from .converted_text import PART_HEADING, PROMPT, names_after  # (a build's check reads no file)

    paras = [p for p in paras if p.text.strip()]
    has_parts = any(PART_HEADING.match(p.text) for p in paras)
    part: str | None = None if has_parts else ""
    section = ""
    counts: dict[tuple[str, str], int] = {}
    front: list[str] = []
    passages: list[Passage] = []
    for p in paras:
        text = p.text.strip()
        heading = PART_HEADING.match(text)
        if heading and len(text) < 200:
            part, section = heading.group(1), ""
            continue
        if part is None:
            front.append(text)
            continue
        prompt = PROMPT.match(text)
        if prompt or p.heading:
            if prompt:
                section = prompt.group(1)
            continue
        where = f"Part {part}" + (f" {section})" if section else "") if part else ""
        kind = "bullet" if p.is_bullet else "paragraph"
        counts[(where, kind)] = n = counts.get((where, kind), 0) + 1
        passages.append(
            Passage(text, f"{where}, {kind} {n}" if where else f"{kind} {n}", is_bullet=p.is_bullet)
        )
    if not has_parts:  # no Part headings: the masthead is what comes before the first bullet
        front = [p.text for p in itertools.takewhile(lambda p: not p.is_bullet, paras[:15])]
    doc = Document(name, detect_session("\n".join(front), name), passages)
    doc.submitted_by = names_after(front, "Submission by")
    return doc


def document_from_draft(draft: Draft, name: str = "this draft") -> Document:
    """The comparable blocks of an assembled draft: never front matter, headings or prompts."""
    passages = []
    counts: dict[tuple[str, str], int] = {}
    for i, block in enumerate(draft.blocks):
        if block.boilerplate or block.kind not in ("paragraph", "bullet"):
            continue
        where = block.location or ""
        counts[(where, block.kind)] = n = counts.get((where, block.kind), 0) + 1
        src = block.source
        source = (
            {"file": src.file, "line": src.line, "entity": src.entity, "record_id": src.record_id}
            if src
            else None
        )
        passages.append(
            Passage(
                block.text,
                f"{where}, {block.kind} {n}".lstrip(", "),
                src.entity if src else None,
                i,
                block.kind == "bullet",
                source,
            )
        )
    return Document(name, draft.session, passages)


# --------------------------------------------------------------------------- readers


@dataclass
class Paragraph:
    """A paragraph of any format: its text, whether it is a list item or a Word heading, and
    its ``pieces`` (text with italics and links, and footnote references)."""

    text: str
    is_bullet: bool
    heading: bool = False  # a Word heading or title style: never compared
    marked_text: str = ""  # (converted text) the text with "[^N]" where note N is referenced
    italic_spans: list[str] = field(default_factory=list)  # (converted text) the italic titles
    word_pieces: list[Piece] | None = None  # (Word) the pieces as docx_io read them

    @cached_property
    def pieces(self) -> list[Piece]:
        """Made when first asked for: ``check`` compares text and never needs them."""
        if self.word_pieces is not None:
            return self.word_pieces
        return pieces_of(self.marked_text, self.italic_spans)


@dataclass
class Content:
    """A file's paragraphs, and its footnotes (key -> pieces), read when first asked for."""

    paragraphs: list[Paragraph]
    read_notes: Callable[[], dict[int, list[Piece]]] = field(default=dict, repr=False)

    @cached_property
    def notes(self) -> dict[int, list[Piece]]:
        return self.read_notes()


def _read_pdf(path: Path) -> Content:
    from .pdf import read_pdf_converted

    return _converted(read_pdf_converted(path))


def _read_text(path: Path) -> Content:
    from .converted_text import read_converted_text

    return _converted(read_converted_text(path))


def _converted(converted) -> Content:
    return Content(
        [Paragraph(p.text, p.is_bullet, False, p.marked_text, p.italic_spans) for p in converted.paragraphs],
        lambda: {
            n: linked([("text", t, False, None)]) for n, t in split_run_on_notes(converted.footnotes).items()
        },
    )


def _read_word(path: Path) -> Content:
    from ..docx_io import read_docx

    content = read_docx(path)
    return Content(
        [
            Paragraph(
                p.text, p.is_list, p.style.lower().startswith(("heading", "title")), word_pieces=p.pieces
            )
            for p in content.paragraphs
            if p.text.strip() or p.footnote_ids
        ],
        lambda: {k: trimmed(n.pieces) for k, n in content.footnotes.items()},
    )


_READERS = {".pdf": _read_pdf, ".docx": _read_word, ".txt": _read_text, ".md": _read_text}


def read_paragraphs(path: Path, verb: str = "read") -> Content:
    """The paragraphs and footnotes of a .docx, .pdf, .md or .txt file, by its extension:
    the one place that picks a reader. ``verb`` names the command in the error an
    unknown extension gets ("cannot import a .odt file")."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DocumentReadError(
            f"cannot {verb} a {suffix or 'extension-less'} file",
            file=path,
            hint="give a .docx, .pdf, .md or .txt file",
        )
    check_file(path)  # a regular file within the size limit (not a FIFO or device)
    return _READERS[suffix](path)


def read_document(path: Path) -> Document:
    """Read one draft or prior submission (.docx, .pdf, .md, .txt, by its extension) into
    its passages; ``notes`` says what a limit cut (e.g. a PDF past the page limit)."""
    path = Path(path)
    with collecting_notes() as notes:  # e.g. a PDF cut at the page limit
        doc = _structure(read_paragraphs(path).paragraphs, path.name)
    doc.path, doc.notes = str(path), notes
    return doc
