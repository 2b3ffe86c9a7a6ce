"""Pieces of a paragraph (``documents.pieces``) written as the CommonMark the records use."""

from __future__ import annotations

import re

from ..documents.pieces import Piece
from ..markup import escape_markdown


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
