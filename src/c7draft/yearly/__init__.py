"""`c7draft init`: start next year's submission from last year's inputs, or from scratch.

The new folder builds at once into a skeleton for the new session: entities, their
spellings, `lead`, `action_line` and the outline's shape are carried over; dates are
placeholders marked `# TODO`; agency files hold no records (one commented-out example);
the executive summary is a commented placeholder and `order:` is empty; last year's
folder becomes a prior for `check`.

The yearly cycle's other half, `c7draft import` (an old .docx, .pdf, .md or .txt back into
an inputs folder), is ``importer`` (reading through ``documents``, writing inline markup
with ``commonmark``); ``inputs.writer`` gives the YAML of both, and ``fileio`` writes their
new folders, atomically and never into a non-empty one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..errors import InputError
from ..fileio import refuse_non_empty, write_new_folder
from ..inputs import (
    SUBMISSION_FILE,
    UNASSIGNED_FILE,
    Entity,
    Outline,
    load_outline,
    load_submission,
    shipped_outlines,
)
from ..inputs.schema import FOLDER_SCHEMA, FOLDER_SCHEMAS, folder_schemas, modeline
from ..inputs.writer import comment_block, records_file_name, yaml_text
from ..resources import known_agencies
from ..session import ordinal_number, session_year

TODO_DATE = "# TODO: placeholder date, set the real one"
USUAL_MONTH = 4  # the CSTD meets in April (27th: 15-19, 28th: 7-11, 29th: 20-24 April)


@dataclass
class InitResult:
    folder: Path
    session: int
    outline: str  # shipped outline name or local file name
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def placeholder_dates(session: int, like: tuple[date, date] | None = None) -> tuple[date, date]:
    """Dates in the session's year and usual month: the weekday nearest last year's
    opening day (and the same length), or the third Monday of April to the Friday."""
    year = session_year(session)
    if like is None:
        first = date(year, USUAL_MONTH, 1)
        opens = first + timedelta(days=(7 - first.weekday()) % 7 + 14)
        return opens, opens + timedelta(days=4)
    last_opens, last_closes = like
    try:
        guess = last_opens.replace(year=year)
    except ValueError:  # 29 February
        guess = last_opens.replace(year=year, day=28)
    shift = (last_opens.weekday() - guess.weekday() + 3) % 7 - 3
    opens = guess + timedelta(days=shift)
    return opens, opens + (last_closes - last_opens)


def init_submission(folder: Path, *, last: Path | None = None, session: int | None = None) -> InitResult:
    """Write next year's inputs into the new ``folder`` (see the module doc)."""
    folder = Path(folder)
    refuse_non_empty(folder)  # before any work, and again just before the folder appears
    if session is not None and not 1 <= session <= 200:
        raise InputError(f"--session {session} is not a CSTD session number", hint="e.g. --session 30")
    if last is not None:
        loaded = load_submission(Path(last))
        sub = loaded.submission
        session = session or sub.session + 1
        entities = sub.entities
        dates = placeholder_dates(session, (sub.opens, sub.closes))
        venue, lead, action_line = sub.venue, sub.lead, sub.action_line.model_dump()
        outline, previous = loaded.outline, f"{Path(last).name}/{SUBMISSION_FILE}"
        priors = [_relative(Path(last), folder)] + [_relative(p, folder) for p in loaded.priors]
    elif session is not None:
        agencies = [a for a in known_agencies() if a.get("role") == "co-facilitator"]
        entities = [
            Entity(
                short=a["short"],
                name=a["name"],
                disclaimer_name=a.get("disclaimer_name"),
                records=f"{a['short'].lower()}.yaml",
            )
            for a in agencies
        ]
        dates = placeholder_dates(session)
        venue, lead, action_line = "Geneva", "UNCTAD", {"code": "C7", "name": "e-business"}
        shipped = sorted(shipped_outlines(), key=lambda p: load_outline(p).session or 0)
        before = [p for p in shipped if (load_outline(p).session or 0) <= session]
        outline, previous = load_outline((before or shipped)[-1]), None
        priors = []
    else:
        raise InputError(
            "say which year to start",
            hint="give last year's inputs folder with "
            "--from LAST_DIR, or the new session number with --session N",
        )

    files: dict[str, str] = {}
    outline_name = f"cstd{session}"
    shipped_by_name = {p.stem: p for p in shipped_outlines()}
    if outline_name in shipped_by_name:
        outline_ref, outline = outline_name, load_outline(shipped_by_name[outline_name])
    else:
        outline_ref = f"outline-cstd{session}.yaml"
        files[outline_ref] = outline_yaml(outline, session, folder / outline_ref)
    # Records files are named by the entity, inside the new folder, whatever last year's paths were
    # (`records: ../2025/itc.yaml` must not make init write over last year's file).
    taken = {SUBMISSION_FILE, UNASSIGNED_FILE, outline_ref}
    entities = [Entity(**{**e.model_dump(), "records": records_file_name(e.short, taken)}) for e in entities]
    files[SUBMISSION_FILE] = _submission_yaml(
        folder, session, dates, venue, action_line, outline_ref, lead, entities, priors, previous
    )
    files.update(folder_schemas(outline_ref, outline))
    for entity in entities:
        files[entity.records] = _records_yaml(
            folder / entity.records, entity, session, outline.parts[0].sections[0].id
        )
    write_new_folder(folder, files)
    notes = [
        f"the dates are placeholders ({dates[0].isoformat()} to {dates[1].isoformat()}): set the real "
        f"ones in {SUBMISSION_FILE}"
    ]
    if outline_ref.endswith(".yaml"):
        notes.append(f"{outline_ref} is a copy of last year's questionnaire: paste in the CSTD's new prompts")
    return InitResult(folder, session, outline_ref, sorted(files), notes)


def _relative(path: Path, folder: Path) -> str:
    """``path`` as `priors:` lists it: relative to the new submission.yaml where possible."""
    target = Path(path).resolve()
    try:
        relative = Path(os.path.relpath(target, Path(folder).resolve()))
    except ValueError:  # another drive on Windows
        return str(target)
    # A neighbour ("../2025") moves with its archive; anything farther is clearer absolute.
    return relative.as_posix() if relative.parts[:3].count("..") <= 2 else str(target)


def outline_yaml(outline: Outline, session: int, file: Path, *, header: str | None = None) -> str:
    """A local outline for ``session``: the given one's Parts and prompts, session set."""
    data = {
        "session": session,
        "input_heading": outline.input_heading,
        "summary_title": outline.summary_title,
        "parts": [
            {
                "number": p.number,
                "title": " ".join(p.title.split()),
                "sections": [
                    {"id": s.id, **({"prompt": " ".join(s.prompt.split())} if s.prompt else {})}
                    for s in p.sections
                ],
            }
            for p in outline.parts
        ],
    }
    header = header or (
        f"Questionnaire outline for the CSTD's {ordinal_number(session)} session: a copy of last year's.\n"
        "Paste in the CSTD's new questionnaire prompts (each `prompt:` below) and Part titles when the\n"
        "secretariat sends them. Section ids are what records' `section:` and `order:` refer to."
    )
    return (
        modeline("outline", file, file.parent / FOLDER_SCHEMAS["outline"])
        + "\n"
        + comment_block(header)
        + yaml_text(data)
    )


def _submission_yaml(
    folder: Path,
    session: int,
    dates: tuple[date, date],
    venue: str,
    action_line: dict,
    outline_ref: str,
    lead: str,
    entities: list[Entity],
    priors: list[str],
    previous: str | None,
) -> str:
    opens, closes = dates
    origin = f"Started with `c7draft init` from {previous}." if previous else "Started with `c7draft init`."
    entity_data = [
        {
            k: v
            for k, v in e.model_dump().items()
            if v is not None and not (k == "role" and v == "co-facilitator")
        }
        for e in entities
    ]
    return (
        modeline("submission", folder / SUBMISSION_FILE, folder / FOLDER_SCHEMAS["submission"])
        + "\n"
        + comment_block(
            f"The joint C7 input to the CSTD's {ordinal_number(session)} session, reporting on "
            f"{session_year(session) - 1}.\n{origin}\n"
            "The session's wording, the reporting year and the header are derived from these lines."
        )
        + f"session: {session}\n"
        + f"opens: {opens.isoformat()}    {TODO_DATE}\n"
        + f"closes: {closes.isoformat()}   {TODO_DATE}\n"
        + yaml_text({"venue": venue, "action_line": action_line})
        + f"outline: {outline_ref}"
        + (
            "   # the questionnaire; see `c7draft outlines`\n"
            if not outline_ref.endswith(".yaml")
            else "   # a local copy: paste the CSTD's new prompts into it\n"
        )
        + yaml_text({"lead": lead, "entities": entity_data})
        + "\nexecutive_summary:       # Part 1, one item per paragraph; until then the .docx says [to be written]\n"
        + comment_block(
            "- >-\n  Action line C7 (e-business) in ... was implemented against the backdrop of ...", "  "
        )
        + '\norder:                   # the final order of bullets per section, e.g. "2": [record-id, ...]\n'
        + "\n"
        + comment_block(
            "Prior submissions `check` compares with, in addition to the shipped seeds:\n"
            "files or inputs folders, absolute or relative to this file."
        )
        + (yaml_text({"priors": priors}) if priors else "priors:\n")
    )


EXAMPLE_RECORD = (  # (key line, what it means)
    ("- id: example-activity-{year}", "a unique name for the record, used by `order:`"),
    ('  section: "{section}"', "the outline section it goes under (see `c7draft outlines`)"),
    ("  text: >-", "the bullet: *titles*, [words](https://...), ^[a footnote] in place"),
    ("    {short} launched ...", ""),
    ("  footnotes:", "optional: long notes, placed in the text as [^label]"),
    ("    label: The note's text.", ""),
)


def _records_yaml(file: Path, entity: Entity, session: int, section: str) -> str:
    lines = [
        (key.format(year=session_year(session) - 1, section=section, short=entity.short), note)
        for key, note in EXAMPLE_RECORD
    ]
    width = max(len(key) for key, _ in lines) + 2
    example = "\n".join(f"{key:<{width}}# {note}" if note else key for key, note in lines)
    return (
        modeline("records", file, file.parent / FOLDER_SCHEMA)
        + "\n"
        + comment_block(
            f"{entity.short} records of the joint C7 input to the CSTD's {ordinal_number(session)} "
            f"session, reporting on {session_year(session) - 1}.\n"
            "No records yet. One record per bullet: to add one, copy the example below\n"
            "under `records:` and remove the leading '# ' of each line."
        )
        + f"entity: {entity.short}\n"
        + "records:\n"
        + comment_block(example, "  ")
    )
