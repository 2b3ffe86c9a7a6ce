"""`c7draft import`: turn a prior submission (.docx, .pdf, .md, .txt) back into an inputs folder.

The document is read by ``documents.read_paragraphs`` (as ``check`` reads it), then taken apart: the front matter gives
the session, dates, venue, entities and their spellings, the lead and the action line;
the Part headings and prompts give the outline (a shipped one when they match, else a
local outline file); Part 1 gives the executive summary; each bullet becomes a record in
its section, with its footnotes, italics and links in place, given to the agency its text
names. Records no agency can be told for go to ``unassigned.yaml``. ``order:`` keeps the
document's order, so building the folder gives the same document back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..assemble import PLACEHOLDER, default_disclaimer
from ..documents import Paragraph, Piece, read_paragraphs
from ..documents.converted_text import PART_HEADING, PROMPT, names_after
from ..documents.pieces import plain
from ..errors import DocumentReadError
from ..fileio import refuse_non_empty, write_new_folder
from ..inputs import SUBMISSION_FILE, UNASSIGNED, UNASSIGNED_FILE, Outline, load_outline, shipped_outlines
from ..inputs.schema import FOLDER_SCHEMA, folder_records_schema, modeline
from ..inputs.writer import comment_block, records_file_name, yaml_text
from ..limits import collecting_notes
from ..markup import escape_markdown
from ..resources import known_agencies
from ..session import MONTH_NAME, MONTHS, Session, ordinal_number, session_year
from ..wording import plural
from . import TODO_DATE, outline_yaml, placeholder_dates
from .commonmark import to_markup

LOCAL_OUTLINE = "outline.yaml"  # the questionnaire, when it matches no shipped outline
LONG_NOTE = 120  # notes longer than this (in characters of markup) go under `footnotes:`


@dataclass
class ImportResult:
    folder: Path
    session: int
    outline: str
    records: dict[str, int] = field(default_factory=dict)  # records file -> number of records
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- front matter

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
class _Front:
    session: int
    opens: date | None
    closes: date | None
    venue: str
    action_line: dict
    entities: list[dict]
    lead: str
    input_heading: str
    lead_from_disclaimer: bool = True


def _front_matter(paras: list[Paragraph], path: Path) -> _Front:
    from ..documents import detect_session

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
    return _Front(session, opens, closes, venue, action_line, entities, lead, heading, disclaimer is not None)


def _spellings(agency: dict) -> list[str]:
    return [agency["name"], *agency.get("spellings", [])]


def _entities(names: str, co_facilitators: list[str]) -> list[dict]:
    """The entities named in "Submission by", in order; known spellings are kept whole
    ("United Nations Conference on Trade and Development" has an "and" of its own)."""
    agencies = [a for a in known_agencies() if a.get("role") != "named"]  # named: only for `check`
    found: list[tuple[int, str, dict | None]] = []
    rest = names
    for agency in agencies:
        for spelling in sorted(_spellings(agency), key=len, reverse=True):
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
                known = [e["name"], *_spellings(agencies.get(e["short"], {"name": e["name"]}))]
                if plain in known or plain == e["short"]:
                    return e["short"], said
    shorts = [e["short"] for e in entities]
    return ("UNCTAD" if "UNCTAD" in shorts else shorts[0]), None


def _lead_note(lead: str, entities: list[dict]) -> str:
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


def _unused_front_lines(paras: list[Paragraph], front: _Front) -> list[str]:
    """The front matter's lines that the rebuilt one will not have (a title typed above the
    masthead, say): c7draft writes its own from templates/front_matter.md.j2, so each is
    named in the notes rather than dropped silently."""
    from types import SimpleNamespace

    from rapidfuzz import fuzz

    from ..assemble import front_matter_text, front_matter_values

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
    written = [_norm(x) for x in (*re.split(r"\\?\n", text), *paragraphs) if x.strip()]

    def kept(line: str) -> bool:
        return max(fuzz.ratio(_norm(line), w) for w in written) >= 90

    unused = []
    for p in paras:
        if not kept(p.text):  # a paragraph, or each of its lines (a line break of Word's)
            unused += [
                line for line in (" ".join(x.split()) for x in p.text.split("\n")) if line and not kept(line)
            ]
    return unused


# Bullets typed as paragraphs in a hand-made file: "• ", "- ", "–", "•\t", "·". A hyphen or
# asterisk needs a space after it ("-5 per cent" is not a bullet); the other signs do not.
_TYPED_SIGN = re.compile(r"^[ \t]*(?:[•·▪‣◦●–—]|[-*](?=[ \t\u00a0]))[ \t\u00a0]*")


def _without_typed_sign(p: Paragraph) -> Paragraph:
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


# ----------------------------------------------------------------------------- body


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


def _body(paras: list[Paragraph]) -> tuple[str, list[Paragraph], list[_Part]]:
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


def _outline_of(
    parts: list[_Part], summary_title: str, heading: str, session: int
) -> tuple[str | None, Outline]:
    """The shipped outline whose Parts and prompts these are, or a new one."""

    def shape(o: Outline) -> list:
        return [
            (p.number, _norm(p.title), [(s.id, _norm(s.prompt or "")) for s in p.sections]) for p in o.parts
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
            and _norm(shipped.summary_title) == _norm(summary_title)
            and (not heading or _norm(_heading(shipped, session)) == _norm(heading))
        ):
            return path.stem, shipped
    return None, outline


def _heading(outline: Outline, session: int) -> str:
    """A shipped outline's heading for ``session``, rendered as ``build`` renders it."""
    from ..templating import render

    year = session_year(session)
    return render(
        outline.input_heading, Session(session, date(year, 4, 1), date(year, 4, 1), "Geneva").words()
    )


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


# ----------------------------------------------------------------------------- records

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
                {e["short"], e["name"], *agency.get("aliases", []), *_spellings(agency)}
                if agency
                else {e["short"], e["name"]}
            )
            hits = [m.start() for w in words for m in re.finditer(rf"(?<![\w-]){re.escape(w)}(?!\w)", where)]
            if hits:
                score[e["short"]] = (len(hits), -min(hits))
        if score:
            return max(score, key=lambda short: score[short])
    return None


def import_submission(source: Path, folder: Path) -> ImportResult:
    """Write an inputs folder rebuilt from the prior submission ``source`` (see the module doc)."""
    source, folder = Path(source), Path(folder)
    refuse_non_empty(folder)
    if not source.is_file():
        raise DocumentReadError(
            "no such file", file=source, hint="give the path of a .docx, .pdf, .md or .txt file"
        )
    with collecting_notes() as limits:  # e.g. a PDF cut at the page limit
        read = read_paragraphs(source, "import")
    first_part = next(
        (
            i
            for i, p in enumerate(read.paragraphs)
            if PART_HEADING.match(p.text.strip()) and len(p.text) < 200
        ),
        None,
    )
    if first_part is None:
        raise DocumentReadError(
            'no "Part 1", "Part 2" ... headings found: this does not look like a CSTD submission',
            file=source,
            hint="import the submission as sent to the CSTD",
        )
    front = _front_matter(read.paragraphs[:first_part], source)
    summary_title, summary, parts = _body([_without_typed_sign(p) for p in read.paragraphs[first_part:]])
    if not parts:
        raise DocumentReadError(
            'only Part 1 was found, no "Part 2", "Part 3" ... headings: there are no bullets to import',
            file=source,
            hint="".join(f"{note}; " for note in limits) + "import the whole submission as sent to the CSTD",
        )
    outline_name, outline = _outline_of(parts, summary_title, front.input_heading, front.session)

    notes: list[str] = list(limits)
    notes += [
        f"“{line}” is not a line of the front matter c7draft writes (templates/front_matter.md.j2): not imported"
        for line in _unused_front_lines(read.paragraphs[:first_part], front)
    ]
    if not front.lead_from_disclaimer:
        notes.append(_lead_note(front.lead, front.entities))
    missing: list = []
    executive_summary = [
        to_markup(p.pieces, lambda k: f"^[{to_markup(_note_pieces(read.notes, k, missing))}]")
        for p in summary
    ]
    taken: set[str] = set()
    files: dict[str, list[dict]] = {e["records"]: [] for e in front.entities}
    files[UNASSIGNED_FILE] = []
    order: dict[str, list[str]] = {}
    for part in parts:
        for section in part.sections:
            for bullet in section.bullets:
                record = _record(bullet, section.id, read.notes, taken, missing)
                note_text = " ".join(plain(read.notes.get(p[1], [])) for p in bullet.pieces if p[0] == "note")
                owner = guess_entity(bullet.text, note_text, front.entities)
                target = next((e["records"] for e in front.entities if e["short"] == owner), UNASSIGNED_FILE)
                files[target].append(record)
                order.setdefault(section.id, []).append(record["id"])

    outline_ref = outline_name or LOCAL_OUTLINE
    texts: dict[str, str] = {}
    if outline_name is None:
        texts[outline_ref] = outline_yaml(
            outline,
            front.session,
            folder / outline_ref,
            header=(
                f"The questionnaire of the CSTD's {ordinal_number(front.session)} session, as found in "
                f"{source.name}\n(it matches no outline shipped with c7draft)."
            ),
        )
        notes.append(f"the questionnaire matches no shipped outline: written as {outline_ref}")
    texts[SUBMISSION_FILE] = _submission_yaml(folder, source, front, outline_ref, executive_summary, order)
    texts[FOLDER_SCHEMA] = folder_records_schema(outline_ref, outline)
    for entity in front.entities:
        texts[entity["records"]] = _records_yaml(
            folder / entity["records"], entity["short"], source, files[entity["records"]]
        )
    if n := len(files[UNASSIGNED_FILE]):
        texts[UNASSIGNED_FILE] = _records_yaml(
            folder / UNASSIGNED_FILE, UNASSIGNED.short, source, files[UNASSIGNED_FILE], unassigned=True
        )
        notes.append(
            f"{plural(n, 'record')} {'names' if n == 1 else 'name'} no agency: "
            f"{'it is' if n == 1 else 'they are'} in {UNASSIGNED_FILE}, "
            "to be moved into the agencies' files"
        )
    if missing:
        notes.append(
            f"the text of footnote{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))} "
            "was not found: each says TO DO where the text goes"
        )
    if front.opens is None:
        notes.append("no session dates found: placeholders marked TODO were written")
    write_new_folder(folder, texts)
    return ImportResult(
        folder,
        front.session,
        outline_ref,
        {name: len(records) for name, records in files.items() if name in texts},
        notes,
    )


def _note_pieces(notes: dict, key, missing: list) -> list[Piece]:
    """A footnote's pieces; one whose text the reader did not find keeps its place with a
    visible TO DO (a PDF may lose a note's text), so nothing is dropped silently."""
    if plain(notes.get(key, [])).strip():
        return notes[key]
    missing.append(key)
    return [("text", f"TO DO: the text of footnote {key} was not found in the source document", False, None)]


def _record(bullet: Paragraph, section: str, notes: dict, taken: set[str], missing: list) -> dict:
    long_notes: dict[str, str] = {}

    def note(key) -> str:
        markup = to_markup(_note_pieces(notes, key, missing))
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

    from ..errors import MarkupError
    from ..markup import parse_paragraph

    try:
        parse_paragraph(text, itertools.count(1).__next__, file="", line=1, notes=notes)
        return True
    except MarkupError:
        return False


def _submission_yaml(
    folder: Path,
    source: Path,
    front: _Front,
    outline_ref: str,
    summary: list[str],
    order: dict[str, list[str]],
) -> str:
    if front.opens is not None and front.closes is not None:
        dates, todo = (front.opens, front.closes), ""
    else:  # both are found or neither; a half-found pair is not written as "None"
        dates, todo = placeholder_dates(front.session), f"    {TODO_DATE}"
    head = yaml_text({"session": front.session})
    head += f"opens: {dates[0].isoformat()}{todo}\ncloses: {dates[1].isoformat()}{todo}\n"
    return (
        modeline("submission", folder / SUBMISSION_FILE)
        + "\n"
        + comment_block(
            f"Imported by `c7draft import` from {source.name}: the joint input to the CSTD's "
            f"{ordinal_number(front.session)} session.\n`order:` keeps the document's order "
            "of the bullets."
        )
        + head
        + yaml_text(
            {
                "venue": front.venue,
                "action_line": front.action_line,
                "outline": outline_ref,
                "lead": front.lead,
                "entities": front.entities,
            }
        )
        + yaml_text({"executive_summary": summary})
        + yaml_text({"order": order})
    )


def _records_yaml(file: Path, short: str, source: Path, records: list[dict], unassigned: bool = False) -> str:
    header = (
        f"TO DO: these records were imported from {source.name}, but their text names no agency.\n"
        "Move each one into its agency's records file (keep its id), then delete this file.\n"
        "Until then they build where `order:` puts them."
        if unassigned
        else f"{short} records imported by `c7draft import` from {source.name}."
    )
    return (
        modeline("records", file, file.parent / FOLDER_SCHEMA)
        + "\n"
        + comment_block(header)
        + yaml_text({"entity": short, "records": records})
    )
