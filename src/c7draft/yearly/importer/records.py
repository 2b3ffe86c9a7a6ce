"""The records: which record each bullet becomes (its id, its text in markup with its
footnotes) and which agency its text names."""

from __future__ import annotations

import re

from ...documents import Paragraph, Piece
from ...documents.pieces import plain
from ...markup import escape_markdown
from ...resources import known_agencies
from ..commonmark import to_markup
from .front_matter import spellings

LONG_NOTE = 120  # notes longer than this (in characters of markup) go under `footnotes:`

_STOP = {
    "the",
    "a",
    "an",
    "of",
    "and",
    "in",
    "to",
    "for",
    "on",
    "with",
    "by",
    "its",
    "their",
    "at",
    "as",
    "from",
    "also",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "this",
    "that",
}


def record_id_from(text: str, taken: set[str]) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP][:4] or ["record"]
    base = "-".join(words)[:40].strip("-") or "record"
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    taken.add(rid)
    return rid


def guess_entity(text: str, notes: str, entities: list[dict]) -> str | None:
    """The entity a bullet names most (the first named on a tie): its short name, its
    names or aliases as whole words ("UNCTAD-led" counts); the footnotes decide when the
    text names none."""
    agencies = {a["short"]: a for a in known_agencies()}
    for where in (text, notes):
        score: dict[str, tuple[int, int]] = {}
        for e in entities:
            agency = agencies.get(e["short"], {})
            words = (
                {e["short"], e["name"], *agency.get("aliases", []), *spellings(agency)}
                if agency
                else {e["short"], e["name"]}
            )
            hits = [m.start() for w in words for m in re.finditer(rf"(?<![\w-]){re.escape(w)}(?!\w)", where)]
            if hits:
                score[e["short"]] = (len(hits), -min(hits))
        if score:
            return max(score, key=lambda short: score[short])
    return None


def note_pieces(notes: dict, key, missing: list) -> list[Piece]:
    """A footnote's pieces; one whose text the reader did not find keeps its place with a
    visible TO DO (a PDF may lose a note's text), so nothing is dropped silently."""
    if plain(notes.get(key, [])).strip():
        return notes[key]
    missing.append(key)
    return [("text", f"TO DO: the text of footnote {key} was not found in the source document", False, None)]


def record_of(bullet: Paragraph, section: str, notes: dict, taken: set[str], missing: list) -> dict:
    long_notes: dict[str, str] = {}

    def note(key) -> str:
        markup = to_markup(note_pieces(notes, key, missing))
        if len(markup) <= LONG_NOTE:
            return f"^[{markup}]"
        label = f"note-{len(long_notes) + 1}"
        long_notes[label] = markup
        return f"[^{label}]"

    text = to_markup(bullet.pieces, note)
    record: dict[str, str | dict[str, str]] = {
        "id": record_id_from(bullet.text, taken),
        "section": section,
        "text": text,
    }
    if long_notes:
        record["footnotes"] = long_notes
    if not _builds(text, long_notes):  # never write a record that would not build
        record = {
            "id": record["id"],
            "section": section,
            "text": escape_markdown(" ".join(bullet.text.split())),
        }
    return record


def _builds(text: str, notes: dict[str, str]) -> bool:
    import itertools

    from ...errors import MarkupError
    from ...markup import parse_paragraph

    try:
        parse_paragraph(text, itertools.count(1).__next__, file="", line=1, notes=notes)
        return True
    except MarkupError:
        return False
