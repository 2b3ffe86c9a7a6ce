"""`c7draft import`: turn a prior submission (.docx, .pdf, .md, .txt) back into an inputs folder.

The document is read by ``documents.read_paragraphs`` (as ``check`` reads it), then taken apart: the front matter gives
the session, dates, venue, entities and their spellings, the lead and the action line;
the Part headings and prompts give the outline (a shipped one when they match, else a
local outline file); Part 1 gives the executive summary; each bullet becomes a record in
its section, with its footnotes, italics and links in place, given to the agency its text
names. Records no agency can be told for go to ``unassigned.yaml``. ``order:`` keeps the
document's order, so building the folder gives the same document back.

- ``front_matter``: the session, dates, venue, action line, entities and lead, and the
  front matter's lines the rebuilt one will not have;
- ``body``: the Parts, sections and bullets, and the outline their headings and prompts match;
- ``records``: each bullet as a record (its id, markup and footnotes), and the agency it names;
- ``folder``: the YAML of the new folder's submission.yaml and records files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...documents import read_paragraphs
from ...documents.converted_text import PART_HEADING
from ...documents.pieces import plain
from ...errors import DocumentReadError
from ...fileio import refuse_non_empty, write_new_folder
from ...inputs import SUBMISSION_FILE, UNASSIGNED, UNASSIGNED_FILE
from ...inputs.schema import folder_schemas
from ...limits import collecting_notes
from ...session import ordinal_number
from ...wording import plural
from .. import outline_yaml
from ..commonmark import to_markup
from .body import LOCAL_OUTLINE, body_of, outline_of, without_typed_sign
from .folder import records_yaml, submission_yaml
from .front_matter import front_matter_of, lead_note, unused_front_lines
from .records import LONG_NOTE, guess_entity, note_pieces, record_id_from, record_of

__all__ = [
    "LOCAL_OUTLINE",
    "LONG_NOTE",
    "ImportResult",
    "guess_entity",
    "import_submission",
    "record_id_from",
]


@dataclass
class ImportResult:
    folder: Path
    session: int
    outline: str
    records: dict[str, int] = field(default_factory=dict)  # records file -> number of records
    notes: list[str] = field(default_factory=list)


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
    front = front_matter_of(read.paragraphs[:first_part], source)
    summary_title, summary, parts = body_of([without_typed_sign(p) for p in read.paragraphs[first_part:]])
    if not parts:
        raise DocumentReadError(
            'only Part 1 was found, no "Part 2", "Part 3" ... headings: there are no bullets to import',
            file=source,
            hint="".join(f"{note}; " for note in limits) + "import the whole submission as sent to the CSTD",
        )
    outline_name, outline = outline_of(parts, summary_title, front.input_heading, front.session)

    notes: list[str] = list(limits)
    notes += [
        f"“{line}” is not a line of the front matter c7draft writes (templates/front_matter.md.j2): not imported"
        for line in unused_front_lines(read.paragraphs[:first_part], front)
    ]
    if not front.lead_from_disclaimer:
        notes.append(lead_note(front.lead, front.entities))
    missing: list = []
    executive_summary = [
        to_markup(p.pieces, lambda k: f"^[{to_markup(note_pieces(read.notes, k, missing))}]") for p in summary
    ]
    taken: set[str] = set()
    files: dict[str, list[dict]] = {e["records"]: [] for e in front.entities}
    files[UNASSIGNED_FILE] = []
    order: dict[str, list[str]] = {}
    for part in parts:
        for section in part.sections:
            for bullet in section.bullets:
                record = record_of(bullet, section.id, read.notes, taken, missing)
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
    texts[SUBMISSION_FILE] = submission_yaml(folder, source, front, outline_ref, executive_summary, order)
    texts.update(folder_schemas(outline_ref, outline))
    for entity in front.entities:
        texts[entity["records"]] = records_yaml(
            folder / entity["records"], entity["short"], source, files[entity["records"]]
        )
    if n := len(files[UNASSIGNED_FILE]):
        texts[UNASSIGNED_FILE] = records_yaml(
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
