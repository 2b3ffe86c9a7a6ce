"""The body: which Parts, sections and bullets follow the front matter, and which outline
their Part headings and prompts match (a shipped one, else a new one)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ...assemble import PLACEHOLDER
from ...documents import Paragraph
from ...documents.converted_text import PART_HEADING, PROMPT
from ...inputs import Outline, load_outline, shipped_outlines
from ...session import Session, session_year

LOCAL_OUTLINE = "outline.yaml"  # the questionnaire, when it matches no shipped outline

# Bullets typed as paragraphs in a hand-made file: "• ", "- ", "–", "•\t", "·". A hyphen or
# asterisk needs a space after it ("-5 per cent" is not a bullet); the other signs do not.
_TYPED_SIGN = re.compile(r"^[ \t]*(?:[•·▪‣◦●–—]|[-*](?=[ \t\u00a0]))[ \t\u00a0]*")


def without_typed_sign(p: Paragraph) -> Paragraph:
    """A paragraph that starts with a typed bullet sign, as a bullet without it (the sign and
    its space may be runs of their own: "•", "\tITC trained ...")."""
    sign = _TYPED_SIGN.match(p.text)
    if not sign:
        return p
    drop, pieces = sign.end(), []
    for piece in p.pieces:
        if drop and piece[0] == "text":
            cut = min(drop, len(piece[1]))
            drop -= cut
            piece = (piece[0], piece[1][cut:], *piece[2:])
            if not piece[1]:
                continue
        pieces.append(piece)
    return replace(p, text=p.text[sign.end() :], is_bullet=True, word_pieces=pieces)


@dataclass
class _Section:
    id: str
    prompt: str | None
    bullets: list[Paragraph] = field(default_factory=list)


@dataclass
class _Part:
    number: int
    title: str
    sections: list[_Section] = field(default_factory=list)


def body_of(paras: list[Paragraph]) -> tuple[str, list[Paragraph], list[_Part]]:
    """Part 1's title and paragraphs, and Parts 2.. with their sections and bullets."""
    summary_title, summary, parts = "Executive Summary", [], []
    for p in paras:
        text = " ".join(p.text.split())
        heading = PART_HEADING.match(text)
        if heading and len(text) < 200:
            number = int(heading.group(1))
            title = re.sub(r"^\W*Part\s+\d+\s*[:.\-–]?\s*", "", text)
            if number == 1:
                summary_title = title or summary_title
            else:
                parts.append(_Part(number, title))
            continue
        if text == PLACEHOLDER:
            continue
        if not parts:
            summary.append(p)
            continue
        part = parts[-1]
        prompt = PROMPT.match(text)
        if prompt and (p.heading or not any(piece[0] == "note" for piece in p.pieces)):
            part.sections.append(_Section(f"{part.number}{prompt.group(1)}", text))
            continue
        if not part.sections:
            part.sections.append(_Section(str(part.number), None))
        part.sections[-1].bullets.append(p)
    for part in parts:
        if not part.sections:
            part.sections.append(_Section(str(part.number), None))
    return summary_title, summary, parts


def outline_of(
    parts: list[_Part], summary_title: str, heading: str, session: int
) -> tuple[str | None, Outline]:
    """The shipped outline whose Parts and prompts these are, or a new one."""

    def shape(o: Outline) -> list:
        return [
            (p.number, norm(p.title), [(s.id, norm(s.prompt or "")) for s in p.sections]) for p in o.parts
        ]

    reporting_year = str(session_year(session) - 1)
    outline = Outline(
        session=session,
        summary_title=summary_title,
        input_heading=heading.replace(reporting_year, "{{ reporting_year }}")
        if heading
        else "Input for the CSTD report on WSIS follow-up",
        parts=[
            {
                "number": p.number,
                "title": p.title,
                "sections": [{"id": s.id, "prompt": s.prompt} for s in p.sections],
            }
            for p in parts
        ],
    )
    for path in shipped_outlines():
        shipped = load_outline(path)
        if (
            shape(shipped) == shape(outline)
            and norm(shipped.summary_title) == norm(summary_title)
            and (not heading or norm(_heading(shipped, session)) == norm(heading))
        ):
            return path.stem, shipped
    return None, outline


def _heading(outline: Outline, session: int) -> str:
    """A shipped outline's heading for ``session``, rendered as ``build`` renders it."""
    from ...templating import render

    year = session_year(session)
    return render(
        outline.input_heading, Session(session, date(year, 4, 1), date(year, 4, 1), "Geneva").words()
    )


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()
