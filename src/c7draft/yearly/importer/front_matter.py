"""The front matter: which session, dates, venue, action line, entities (and their
spellings) and lead the submission names, and which of its lines the rebuilt front
matter will not have."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ...assemble import default_disclaimer
from ...documents import Paragraph
from ...documents.converted_text import names_after
from ...errors import DocumentReadError
from ...inputs import SUBMISSION_FILE, UNASSIGNED_FILE
from ...inputs.writer import records_file_name
from ...resources import known_agencies
from ...session import MONTH_NAME, MONTHS, Session
from .. import placeholder_dates
from .body import LOCAL_OUTLINE, norm

_DATES = re.compile(
    rf"session\s+(?P<venue>[^,\n]+?),\s+(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{MONTH_NAME}))?(?:\s+(?P<y1>\d{{4}}))?"
    rf"(?:\s*[-–]\s*(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH_NAME}))?\s+(?P<y2>\d{{4}})"
)
_ACTION_LINE = re.compile(
    r"Action Line\s+(?P<code>C\d+)\s+(?P<name>[^\n]+?)\s*\n\s*(?:Co-facilitators|Facilitator):\s*(?P<co>[^\n]+)"
)
_DISCLAIMER = re.compile(r"of the United Nations or (?P<name>.+?)\.?$")
_FOR_SESSION = re.compile(r"^For the CSTD .* session in ", re.I)


@dataclass
class Front:
    session: int
    opens: date | None
    closes: date | None
    venue: str
    action_line: dict
    entities: list[dict]
    lead: str
    input_heading: str
    lead_from_disclaimer: bool = True


def front_matter_of(paras: list[Paragraph], path: Path) -> Front:
    from ...documents import detect_session

    texts = [p.text.strip() for p in paras]
    whole = "\n".join(texts)
    session = detect_session(whole, path.name)
    if session is None:
        raise DocumentReadError(
            "cannot tell which CSTD session this submission was for",
            file=path,
            hint='its front matter should say e.g. "Twenty-ninth session" or '
            '"(to the 29th session of the CSTD)"',
        )
    opens = closes = None
    venue = "Geneva"
    if m := _DATES.search(whole):
        venue = " ".join(m["venue"].split())
        month2 = MONTHS.index(m["m2"] or m["m1"]) + 1
        year = int(m["y2"])
        if m["d2"]:
            opens = date(int(m["y1"] or year), MONTHS.index(m["m1"] or m["m2"]) + 1, int(m["d1"]))
            closes = date(year, month2, int(m["d2"]))
        else:
            opens = closes = date(year, month2, int(m["d1"]))
    action = _ACTION_LINE.search(whole)
    action_line = (
        {"code": action["code"], "name": action["name"].strip()}
        if action
        else {"code": "C7", "name": "e-business"}
    )
    co_facilitators = [s.strip() for s in action["co"].split(",")] if action else []
    names = names_after(texts, "Submission by")
    entities = _entities(names, co_facilitators)
    lead, disclaimer = _lead(texts, entities)
    for e in entities:
        if e["short"] == lead and disclaimer and disclaimer != default_disclaimer(e["name"]):
            e["disclaimer_name"] = disclaimer
    heading = next((texts[i - 1] for i, t in enumerate(texts) if _FOR_SESSION.match(t) and i), "")
    return Front(session, opens, closes, venue, action_line, entities, lead, heading, disclaimer is not None)


def spellings(agency: dict) -> list[str]:
    return [agency["name"], *agency.get("spellings", [])]


def _entities(names: str, co_facilitators: list[str]) -> list[dict]:
    """The entities named in "Submission by", in order; known spellings are kept whole
    ("United Nations Conference on Trade and Development" has an "and" of its own)."""
    agencies = [a for a in known_agencies() if a.get("role") != "named"]  # named: only for `check`
    found: list[tuple[int, str, dict | None]] = []
    rest = names
    for agency in agencies:
        for spelling in sorted(spellings(agency), key=len, reverse=True):
            at = rest.find(spelling)
            if at >= 0:
                found.append((at, spelling, agency))
                rest = rest[:at] + "\0" * len(spelling) + rest[at + len(spelling) :]
                break
    for m in re.finditer(r"[^\0,]+", rest):
        for part in re.split(r"\s+and\s+", m.group()):
            if part.strip(" ,"):
                found.append((m.start() + m.group().find(part), part.strip(" ,"), None))
    entities, shorts = [], set()
    # Names come from the document: the records files are safe slugs, never another file's name.
    taken = {SUBMISSION_FILE, UNASSIGNED_FILE, LOCAL_OUTLINE}
    for _, name, known in sorted(found, key=lambda f: f[0]):
        short = known["short"] if known else "".join(w[0] for w in name.split() if w[:1].isupper()) or name
        while short in shorts:
            short += "X"
        shorts.add(short)
        entity = {"short": short, "name": name, "records": records_file_name(short, taken)}
        if co_facilitators and short not in co_facilitators:
            entity["role"] = "contributor"
        entities.append(entity)
    if not entities:
        entities = [
            {"short": a["short"], "name": a["name"], "records": records_file_name(a["short"], taken)}
            for a in agencies
            if a.get("role") == "co-facilitator"
        ]
    return entities


def _lead(texts: list[str], entities: list[dict]) -> tuple[str, str | None]:
    """The lead co-facilitator, from the disclaimer's "... the United Nations or the X."."""
    agencies = {a["short"]: a for a in known_agencies()}
    for t in texts:
        if t.startswith("DISCLAIMER") and (m := _DISCLAIMER.search(t)):
            said = m["name"].strip()
            plain = said[4:] if said.startswith("the ") else said
            for e in entities:
                known = [e["name"], *spellings(agencies.get(e["short"], {"name": e["name"]}))]
                if plain in known or plain == e["short"]:
                    return e["short"], said
    shorts = [e["short"] for e in entities]
    return ("UNCTAD" if "UNCTAD" in shorts else shorts[0]), None


def lead_note(lead: str, entities: list[dict]) -> str:
    """Why `lead:` is what it is when the document has no disclaimer to read it from."""
    why = (
        "UNCTAD has led the joint C7 input in the published submissions"
        if lead == "UNCTAD"
        else f"{lead} is the first entity named"
    )
    return (
        f"no disclaimer found to tell the lead co-facilitator: `lead: {lead}` was chosen because {why}; "
        "its name goes in the disclaimer, so set `lead:` in submission.yaml if another agency leads"
    )


def unused_front_lines(paras: list[Paragraph], front: Front) -> list[str]:
    """The front matter's lines that the rebuilt one will not have (a title typed above the
    masthead, say): c7draft writes its own from templates/front_matter.md.j2, so each is
    named in the notes rather than dropped silently."""
    from types import SimpleNamespace

    from rapidfuzz import fuzz

    from ...assemble import front_matter_text, front_matter_values

    opens, closes = (
        (front.opens, front.closes) if front.opens and front.closes else placeholder_dates(front.session)
    )
    entities = [
        SimpleNamespace(**{"role": "co-facilitator", "disclaimer_name": None, **e}) for e in front.entities
    ]
    values = front_matter_values(
        entities,
        front.lead,
        SimpleNamespace(**front.action_line),
        Session(front.session, opens, closes, front.venue),
        front.input_heading,
    )
    text = front_matter_text(values).replace("**", "")
    paragraphs = [re.sub(r"\\?\n", " ", p) for p in text.split("\n\n")]  # a line break's `\`
    written = [norm(x) for x in (*re.split(r"\\?\n", text), *paragraphs) if x.strip()]

    def kept(line: str) -> bool:
        return max(fuzz.ratio(norm(line), w) for w in written) >= 90

    unused = []
    for p in paras:
        if not kept(p.text):  # a paragraph, or each of its lines (a line break of Word's)
            unused += [
                line for line in (" ".join(x.split()) for x in p.text.split("\n")) if line and not kept(line)
            ]
    return unused
