"""A paragraph as a reader sees it, from a record's markup or from a reviewed .docx, and
back to markup as the YAML writes it.

Both sides become the same plain value (``Text``): a tuple of ``("t", text, italic, url)``
and ``("n", note)`` items, a note being such a tuple itself. Two paragraphs are "the same"
when their values are equal, whatever the markup's spelling (``<url>`` or ``[url](url)``,
``^[...]`` or ``[^label]``), so a record untouched in Word is never rewritten. Bold is left
out: the reader of a .docx does not report it and records do not use it.
"""

from __future__ import annotations

import itertools
import re

from ..documents.pieces import trimmed
from ..errors import InputError
from ..markup import escape_markdown, parse_paragraph
from ..model import FootnoteRef, LineBreak, Run
from ..yearly.commonmark import to_markup

Text = tuple


def _normal(items: list) -> Text:
    """Neighbouring text of one format joined; the ends stripped; empty text dropped."""
    out: list = []
    for item in items:
        if item[0] == "t" and out and out[-1][0] == "t" and out[-1][2:] == item[2:]:
            out[-1] = ("t", out[-1][1] + item[1], *item[2:])
        elif item[0] == "n" or item[1]:
            out.append(item)
    if out and out[0][0] == "t":
        out[0] = ("t", out[0][1].lstrip(), *out[0][2:])
    if out and out[-1][0] == "t":
        out[-1] = ("t", out[-1][1].rstrip(), *out[-1][2:])
    return tuple(i for i in out if i[0] == "n" or i[1])


def from_inlines(inlines) -> Text:
    items: list = []
    for i in inlines:
        if isinstance(i, Run):
            items.append(("t", i.text, i.italic, i.url))
        elif isinstance(i, LineBreak):
            items.append(("t", "\n", False, None))
        elif isinstance(i, FootnoteRef):
            items.append(("n", from_inlines(i.content)))
    return _normal(items)


def from_markup(markup: str, notes: dict[str, str] | None = None) -> Text | None:
    """The value of a record's text (None if its markup does not parse)."""
    try:
        return from_inlines(
            parse_paragraph(markup, itertools.count(1).__next__, file="", line=1, notes=notes)
        )
    except InputError:
        return None


def from_docx(pieces: list, footnotes: dict) -> Text:
    """The value of a reviewed paragraph: its pieces (docx_io.DocxParagraph.pieces) and the
    text of each footnote it references (DocxContent.footnotes)."""
    items: list = []
    for piece in pieces:
        if piece[0] == "note":
            note = footnotes.get(piece[1])
            inner = [("t", p[1], p[2], p[3]) for p in trimmed(note.pieces) if p[0] == "text"] if note else []
            items.append(("n", _normal(inner)))
        else:
            items.append(("t", piece[1], piece[2], piece[3]))
    return _normal(items)


def plain(text: Text) -> str:
    """The words of a value, footnotes left out."""
    return "".join(i[1] for i in text if i[0] == "t")


def notes_of(text: Text) -> list[Text]:
    return [i[1] for i in text if i[0] == "n"]


def note_labels(markup: str, notes: dict[str, str]) -> list[str | None]:
    """For each footnote of a record's text in order: its label (``[^label]``) or None (``^[...]``)."""
    from ..markup import markdown_parser

    definitions = "".join(f"\n\n[^{label}]: {' '.join(text.split())}" for label, text in notes.items())
    tokens = markdown_parser().parse(markup + definitions, {})
    return [
        t.meta.get("label")
        for tok in tokens
        if tok.type == "inline"
        for t in tok.children or []
        if t.type == "footnote_ref"
    ]


def _light_escape(text: str) -> str:
    """Only what CommonMark would read as markup: the reader of the YAML sees plain words."""
    text = re.sub(r"([\\`*\[\]<>])", r"\\\1", text)
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    text = re.sub(r"&(?=#|\w+;)", r"\\&", text)
    return re.sub(r"\^(?=\[)", r"\\^", text)


def _identity(text: str) -> str:
    return text


def to_record_markup(
    text: Text, labels: list[str | None], long_note: int | None = None
) -> tuple[str, dict[str, str]]:
    """Markup for ``text`` as the YAML writes it: *italics*, [words](url), each footnote at
    its words, as ``[^label]`` with its text under ``footnotes:`` where ``labels`` gives a
    label, else inline ``^[...]`` (or labelled ``note-N`` when longer than ``long_note``).
    The lightest escaping that reads back as ``text`` is chosen."""
    for escape in (_identity, _light_escape, escape_markdown):
        body, notes = _markup(text, labels, escape, long_note)
        if from_markup(body, notes) == text:
            return body, notes
    return body, notes


def _markup(
    text: Text, labels: list[str | None], escape, long_note: int | None
) -> tuple[str, dict[str, str]]:
    notes: dict[str, str] = {}
    pieces: list = []
    k = 0
    taken = {label for label in labels if label}
    for item in text:
        if item[0] == "t":
            pieces.append(("text", item[1], item[2], item[3]))
            continue
        inner = to_markup([("text", t[1], t[2], t[3]) for t in item[1]], escape=escape)
        label = labels[k] if k < len(labels) else None
        if label is None and long_note is not None and len(inner) > long_note:
            label = next(f"note-{n}" for n in itertools.count(1) if f"note-{n}" not in taken)
            taken.add(label)
        if label:
            notes[label] = inner
        pieces.append(("note", label or f"^[{inner}]"))
        k += 1
    body = to_markup(pieces, lambda key: key if key.startswith("^[") else f"[^{key}]", escape=escape)
    return body, notes
