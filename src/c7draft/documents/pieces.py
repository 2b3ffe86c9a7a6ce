"""A paragraph's inline markup as pieces, in reading order: ("text", chunk, italic, url or
None) and ("note", key). Word files give them as ``docx_io`` reads them; converted text
(text, Markdown, PDF) keeps which words were italic and where notes were, and no links but
bare web addresses."""

from __future__ import annotations

import re

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"  # footnote markers as converted text and PDFs show them
_URL = r"(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?’”'\"]"  # compiled on first use: a build reads no file

Piece = tuple  # ("text", chunk, italic, url or None) or ("note", key)


def split_run_on_notes(notes: dict[int, str]) -> dict[int, str]:
    """A PDF's footnotes may come out as one line: "... 2025, UPU.2 World Investment ...".
    Split at the next note's number after a sentence's end when that note is missing."""
    notes = dict(notes)
    for n in sorted(notes):
        text = notes[n]
        while (m := re.search(rf"(?<=[.)”\"])\s*{n + 1}\s+(?=\S)", text)) and n + 1 not in notes:
            notes[n], notes[n + 1] = text[: m.start()].strip(), text[m.end() :].strip()
            n, text = n + 1, notes[n + 1]
    return notes


def pieces_of(marked: str, italic_spans: list[str]) -> list[Piece]:
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
    return linked(pieces)


def linked(pieces: list[Piece]) -> list[Piece]:
    """Bare web addresses in text become links (a .txt or PDF keeps no link)."""
    out: list[Piece] = []
    for piece in pieces:
        if piece[0] != "text" or piece[3]:
            out.append(piece)
            continue
        _, text, italic, _ = piece
        last = 0
        for m in re.finditer(_URL, text):
            out.append(("text", text[last : m.start()], italic, None))
            out.append(
                ("text", m.group(), italic, m.group() if "://" in m.group() else "https://" + m.group())
            )
            last = m.end()
        out.append(("text", text[last:], italic, None))
    return [p for p in out if p[0] == "note" or p[1]]


def trimmed(pieces: list[Piece]) -> list[Piece]:
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


def plain(pieces: list[Piece]) -> str:
    """The text of ``pieces``, without markup or notes."""
    return "".join(p[1] for p in pieces if p[0] == "text")
