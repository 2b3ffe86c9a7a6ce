"""Read a prior submission (.docx, .pdf, .md, .txt) for ``import``: its paragraphs as
pieces of text (with italics and links) and footnote markers, and its footnotes; and
write pieces back as the CommonMark records use.

The readers are the ones ``check`` uses: ``docx_io.read_docx`` for Word files, and
``converted_text`` for text, Markdown and (through ``priors``) PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocumentReadError
from ..limits import check_file
from ..markup import escape_markdown

FORMATS = (".docx", ".pdf", ".md", ".txt")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?’”'\"]")

# A piece of a paragraph, in reading order: ("text", chunk, italic, url) or ("note", key).
Piece = tuple


@dataclass
class Paragraph:
    text: str
    pieces: list[Piece]
    is_bullet: bool
    heading: bool = False


@dataclass
class ReadSubmission:
    paragraphs: list[Paragraph]
    notes: dict  # key -> pieces of the footnote's text


def read_submission(path: Path) -> ReadSubmission:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DocumentReadError(
            f"cannot import a {suffix or 'extension-less'} file",
            file=path,
            hint="give a .docx, .pdf, .md or .txt file",
        )
    check_file(path)  # a regular file within the size limit (not a FIFO or device)
    if suffix == ".docx":
        from ..docx_io import read_docx

        content = read_docx(path)
        paras = [
            Paragraph(p.text, p.pieces, p.is_list, p.style.lower().startswith(("heading", "title")))
            for p in content.paragraphs
            if p.text.strip() or p.footnote_ids
        ]
        return ReadSubmission(paras, {k: trim_note(n.pieces) for k, n in content.footnotes.items()})
    if suffix == ".pdf":
        from ..check.readers import read_pdf_converted

        converted = read_pdf_converted(path)
    else:
        from ..check.converted_text import read_converted_text

        converted = read_converted_text(path)
    paras = [
        Paragraph(p.text, _pieces_of(p.marked_text, p.italic_spans), p.is_bullet)
        for p in converted.paragraphs
    ]
    notes = _split_run_on_notes(converted.footnotes)
    return ReadSubmission(paras, {n: _linked([("text", t, False, None)]) for n, t in notes.items()})


def _split_run_on_notes(notes: dict[int, str]) -> dict[int, str]:
    """A PDF's footnotes may come out as one line: "... 2025, UPU.2 World Investment ...".
    Split at the next note's number after a sentence's end when that note is missing."""
    notes = dict(notes)
    for n in sorted(notes):
        text = notes[n]
        while (m := re.search(rf"(?<=[.)”\"])\s*{n + 1}\s+(?=\S)", text)) and n + 1 not in notes:
            notes[n], notes[n + 1] = text[: m.start()].strip(), text[m.end() :].strip()
            n, text = n + 1, notes[n + 1]
    return notes


def _pieces_of(marked: str, italic_spans: list[str]) -> list[Piece]:
    """Pieces of a converted paragraph: its text with "[^N]" markers, and its italic titles
    found in order (converted text keeps which words were italic, not where)."""
    parts = re.split(r"\[\^(\d+)\]", marked)
    text = "".join(parts[0::2])
    italic = [False] * len(text)
    cursor = 0
    for span in italic_spans:
        at = text.find(span, cursor)
        if at < 0:
            continue
        italic[at : at + len(span)] = [True] * len(span)
        cursor = at + len(span)
    pieces: list[Piece] = []
    offset = 0
    for i, part in enumerate(parts):
        if i % 2:
            pieces.append(("note", int(part)))
            continue
        start = 0
        while start < len(part):
            flag = italic[offset + start]
            end = start
            while end < len(part) and italic[offset + end] == flag:
                end += 1
            pieces.append(("text", part[start:end], flag, None))
            start = end
        offset += len(part)
    return _linked(pieces)


def _linked(pieces: list[Piece]) -> list[Piece]:
    """Bare web addresses in text become links (a .txt or PDF keeps no link)."""
    out: list[Piece] = []
    for piece in pieces:
        if piece[0] != "text" or piece[3]:
            out.append(piece)
            continue
        _, text, italic, _ = piece
        last = 0
        for m in _URL.finditer(text):
            out.append(("text", text[last : m.start()], italic, None))
            out.append(
                ("text", m.group(), italic, m.group() if "://" in m.group() else "https://" + m.group())
            )
            last = m.end()
        out.append(("text", text[last:], italic, None))
    return [p for p in out if p[0] == "note" or p[1]]


def trim_note(pieces: list[Piece]) -> list[Piece]:
    """Drop the space Word puts between a footnote's number and its text, and any at its end."""
    pieces = list(pieces)
    while pieces and pieces[0][0] == "text" and not pieces[0][1].strip():
        pieces.pop(0)
    while pieces and pieces[-1][0] == "text" and not pieces[-1][1].strip():
        pieces.pop()
    if pieces and pieces[0][0] == "text":
        pieces[0] = ("text", pieces[0][1].lstrip(), *pieces[0][2:])
    if pieces and pieces[-1][0] == "text":
        pieces[-1] = ("text", pieces[-1][1].rstrip(), *pieces[-1][2:])
    return pieces


def to_markup(pieces: list[Piece], note_markup=None, escape=escape_markdown) -> str:
    """CommonMark for ``pieces``: *italic*, [words](url), <url>, and each note as
    ``note_markup(key)`` (``^[...]`` or ``[^label]``); ``escape`` makes text literal."""
    out: list[str] = []
    runs = _merge(pieces)
    for piece in runs:
        if piece[0] == "note":
            out.append(note_markup(piece[1]) if note_markup else "")
            continue
        _, text, italic, url = piece
        text = " ".join(text.split("\n")) if "\n" in text else text
        lead, core, tail = _split_space(text)
        if not core:
            out.append(text)
            continue
        body = escape(core)
        if italic:
            body = f"*{body}*"
        if url and core == url and not italic:
            body = f"<{url}>"
        elif url and not url.startswith("#"):
            body = f"[{body}]({_destination(url)})"
        out.append(lead + body + tail)
    return "".join(out).strip()


def _merge(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for p in pieces:
        if out and p[0] == "text" and out[-1][0] == "text" and out[-1][2:] == p[2:]:
            out[-1] = ("text", out[-1][1] + p[1], *p[2:])
        else:
            out.append(p)
    return out


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core) :]


def _destination(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def plain(pieces: list[Piece]) -> str:
    """The text of ``pieces``, without markup or notes."""
    return "".join(p[1] for p in pieces if p[0] == "text")
