"""Loading a submission folder: submission.yaml, the records file of each entity and the
outline, every problem collected so that one run reports them all; the records that load
checked against the outline, `order:` and their markup."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, MarkupError, Problem, location, problem_order
from ..session import Session, ordinal_number, session_year
from ..wording import closest, did_you_mean
from .folder import SUBMISSION_FILE, UNASSIGNED, UNASSIGNED_FILE, Problems, inside
from .loaded import LoadedRecord, LoadedSubmission
from .outlines import named_outline, render_heading
from .positions import ParagraphTexts, WrittenText
from .schema_errors import locate, value_at
from .validation import validate
from .yamlfile import read_yaml

if TYPE_CHECKING:  # the models import pydantic, which a build only needs when there is a problem
    from .models import Entity, Record, RecordsFile, Submission


def _check_submission(sub: Submission, data: Any, file: Path, problems: Problems) -> None:
    expected_year = session_year(sub.session)
    if sub.opens.year != expected_year:
        problems.add(
            f"the CSTD's {ordinal_number(sub.session)} session meets in {expected_year}, "
            f"but `opens:` is {sub.opens.isoformat()}",
            file=file,
            at=value_at(data, ("opens",)),
            rule="session-year",
            hint="correct the session number or the dates so that they agree",
        )
    if sub.closes < sub.opens:
        problems.add(
            "`closes:` is before `opens:`",
            file=file,
            at=value_at(data, ("closes",)),
            rule="session-dates",
            hint="give the session's last day in `closes:`",
        )
    shorts = [e.short for e in sub.entities]
    for i, entity in enumerate(sub.entities):
        if entity.short in shorts[:i]:
            problems.add(
                f"entity `{entity.short}` is listed twice",
                file=file,
                at=locate(data, ("entities", i)),
                rule="entity-twice",
                hint="list each entity once",
            )
    if sub.lead not in shorts:
        problems.add(
            f"`lead: {sub.lead}` is not one of the entities",
            file=file,
            at=value_at(data, ("lead",)),
            rule="lead-not-entity",
            hint=f"use one of: {', '.join(shorts)}",
        )


def _records_files(
    folder: Path, file: Path, data: Any, sub: Submission | None, problems: Problems
) -> list[tuple[Entity | None, Path]]:
    """Each entity's records file; when submission.yaml is broken, the ones it names anyway,
    so that their own problems are reported in the same run."""
    if sub is not None:
        named: list[tuple[Entity | None, str, tuple[str, int, str]]]
        named = [(e, e.records, ("entities", i, "records")) for i, e in enumerate(sub.entities)]
    else:
        entities = data.get("entities") if isinstance(data, dict) else None
        named = [
            (None, e["records"], ("entities", i, "records"))
            for i, e in enumerate(entities or [])
            if isinstance(entities, list) and isinstance(e, dict) and isinstance(e.get("records"), str)
        ]
    found: list[tuple[Entity | None, Path]] = []
    for entity, name, loc in named:
        at = value_at(data, loc)
        example = f"`records: {entity.short.lower()}.yaml`" if entity else "`records: unctad.yaml`"
        path = inside(folder, name)
        if path is None:
            problems.add(
                f"`records: {name}` is outside the submission folder",
                file=file,
                at=at,
                rule="path-outside-folder",
                hint=f"put the records file in {folder} and name it relative to {file.name}, e.g. {example}",
            )
        elif not path.is_file():
            problems.add(
                f"`records: {name}` is a folder, not a YAML file"
                if path.is_dir()
                else f"records file not found: {name}",
                file=file,
                at=at,
                rule="records-not-found",
                hint=f"name the entity's records file, e.g. {example}, relative to {file.name}",
            )
        else:
            found.append((entity, path))
    if sub is not None and (folder / UNASSIGNED_FILE).is_file():  # records `import` could not place
        if inside(folder, UNASSIGNED_FILE) is None:  # a symbolic link out of the folder
            problems.add(
                f"{UNASSIGNED_FILE} is a link to a file outside the submission folder",
                file=folder / UNASSIGNED_FILE,
                at=(None, None),
                rule="path-outside-folder",
                hint=f"copy the file into {folder} instead of linking to it",
            )
        else:
            found.append((UNASSIGNED, folder / UNASSIGNED_FILE))
    return found


def load_submission(folder: Path) -> LoadedSubmission:
    """Load and check a submission folder; raise one InputError listing every problem found."""
    loaded, problems = load_what_loads(folder)
    if problems or loaded is None:
        raise InputError(problems=problems)
    return loaded


def load_what_loads(folder: Path) -> tuple[LoadedSubmission | None, list[Problem]]:
    """Every problem of a submission folder, and the submission as far as it loads: the
    records that are valid, checked against the outline and `order:` (None when
    submission.yaml or its outline cannot be read). ``validate`` runs its warnings on it, so
    one run reports everything; ``load_submission`` accepts it only without problems."""
    folder = Path(folder)
    document = folder.suffix.lower() in (".docx", ".pdf", ".md", ".txt")
    if folder.is_file():
        raise InputError(
            f"{folder} is a {'document' if document else 'file'}: this needs an inputs folder, "
            "the one holding submission.yaml",
            hint=(
                "give the inputs folder; `build FOLDER -o draft.docx` names the .docx to write. "
                "To check a finished document use `c7draft check`; to turn it into YAML, `c7draft import`"
                if document
                else "give the folder that holds submission.yaml, not a file in it"
            ),
            rule="not-a-folder",
        )
    if not folder.is_dir():
        hint = "check the path; it should be a folder holding submission.yaml" + (
            " (a .docx is what `build` writes, with -o)" if document else ""
        )
        raise InputError(f"input folder not found: {folder}", hint=hint, rule="folder-not-found")
    file = folder / SUBMISSION_FILE
    if not file.is_file():
        raise InputError(
            f"no {SUBMISSION_FILE} in {folder}",
            rule="no-submission-file",
            hint="create it (see docs/input-format.md) or give the right folder",
        )
    problems = Problems()
    lines: dict[Path, list[str]] = {}
    data = problems.attempt(read_yaml, file, lines)
    sub: Submission | None = None if problems else problems.attempt(validate, "Submission", data, file)
    outline_name = sub.outline if sub else data.get("outline") if isinstance(data, dict) else None
    outline_found = None
    if sub is not None:
        _check_submission(sub, data, file, problems)
    if isinstance(outline_name, str):  # also when another key of submission.yaml is wrong
        outline_found = named_outline(outline_name, folder, file, data, problems)
    if sub is not None and outline_found and outline_found[0].session not in (None, sub.session):
        problems.add(
            f"outline `{sub.outline}` is for session {outline_found[0].session}, not {sub.session}",
            file=file,
            at=value_at(data, ("outline",)),
            rule="outline-session",
            hint=(
                f"name an outline of session {sub.session}: for a new questionnaire, a copy next to "
                f"submission.yaml with `session: {sub.session}` and the new prompts (`c7draft init` "
                "writes one; `c7draft outlines` says where to copy one from), e.g. "
                f"`outline: outline-cstd{sub.session}.yaml`"
            ),
        )
    section_ids = [s.id for p in outline_found[0].parts for s in p.sections] if outline_found else None

    records: list[LoadedRecord] = []
    seen: dict[str, LoadedRecord] = {}
    unloaded: set[str] = set()  # ids of records with a problem of their own: `order:` may name them
    texts: list[ParagraphTexts] = []  # every text whose markup to check if the load fails
    summary_lines = (
        [value_at(data, ("executive_summary", i))[0] or 0 for i in range(len(sub.executive_summary))]
        if sub
        else []
    )
    texts += (
        [
            ParagraphTexts(WrittenText(text, file, line, lines.get(file, [])))
            for text, line in zip(sub.executive_summary, summary_lines, strict=False)
        ]
        if sub
        else []
    )
    partial, ids_known = False, True
    for entity, path in _records_files(folder, file, data, sub, problems):
        before = len(problems)
        rdata = problems.attempt(read_yaml, path, lines)
        if len(problems) > before:  # unreadable: which ids it holds is not known
            partial, ids_known = True, False
            continue
        parsed: RecordsFile | None = problems.attempt(validate, "RecordsFile", rdata, path)
        valid = (
            list(enumerate(parsed.records))
            if parsed
            else _valid_records(rdata, path, texts, unloaded, lines.get(path, []))
        )
        partial = partial or parsed is None
        declared = parsed.entity if parsed else rdata.get("entity") if isinstance(rdata, dict) else None
        if entity is UNASSIGNED and declared != UNASSIGNED.short:
            problems.add(
                f"{UNASSIGNED_FILE} holds records no agency claims yet, so it must say "
                f"`entity: {UNASSIGNED.short}`",
                file=path,
                at=value_at(rdata, ("entity",)),
                rule="records-entity",
                hint="move its records into the agencies' files, then delete it",
            )
        elif entity is not None and isinstance(declared, str) and declared != entity.short:
            problems.add(
                f"this file is listed for {entity.short} but says `entity: {declared}`",
                file=path,
                at=value_at(rdata, ("entity",)),
                rule="records-entity",
                hint=f"write `entity: {entity.short}` or fix `records:` in {file.name}",
            )
        for j, record in valid:
            start = locate(rdata, ("records", j))
            text_line = value_at(rdata, ("records", j, "text"))[0] or start[0]
            written = _written(record, path, text_line, rdata, j, lines.get(path, []))
            texts.append(written)
            if section_ids is not None and record.section not in section_ids:
                partial = True  # the section it was meant for is not known
                problems.add(
                    f"section `{record.section}` is not in outline `{outline_name}`",
                    file=path,
                    at=value_at(rdata, ("records", j, "section")),
                    rule="unknown-section",
                    hint=_section_meant(record.section, section_ids) + f"Sections: {', '.join(section_ids)}",
                )
            if record.id in seen:
                other = seen[record.id]
                problems.add(
                    f"record id `{record.id}` is used twice (also {location(other.file.name, other.line)})",
                    file=path,
                    at=start,
                    rule="duplicate-id",
                    hint="give each record its own id",
                )
                continue
            if entity is not None:
                # a record read from this file always has its lines (the 1s are never used)
                loaded = LoadedRecord(record, entity, path, start[0] or 1, text_line or 1, written)
                seen[record.id] = loaded
                records.append(loaded)

    if problems or sub is None or outline_found is None:
        _check_markup(texts, problems)  # so that one run reports these too; else assembling does
    if sub is None or outline_found is None:
        return None, sorted(problems, key=problem_order)
    order_lines = _check_order(sub, data, file, records, section_ids or [], unloaded, ids_known, problems)
    outline, outline_file = outline_found
    session = Session(sub.session, sub.opens, sub.closes, sub.venue)
    input_heading = problems.attempt(render_heading, outline, outline_file, session) or ""
    loaded_submission = LoadedSubmission(
        sub, session, input_heading, outline, records, file, summary_lines, order_lines, data, partial, lines
    )
    return loaded_submission, sorted(problems, key=problem_order)


def _valid_records(
    rdata: Any, path: Path, texts: list[ParagraphTexts], unloaded: set[str], lines: list[str]
) -> list[tuple[int, Record]]:
    """The records of a file that failed its schema which are valid on their own (its problems
    are reported already). The text of each other record is still checked for its markup."""
    from pydantic import ValidationError

    from .models import Record

    items = rdata.get("records") if isinstance(rdata, dict) else None
    valid = []
    for j, item in enumerate(items if isinstance(items, list) else []):
        try:
            valid.append((j, Record.model_validate(item)))
        except ValidationError:
            if not isinstance(item, dict):
                continue
            unloaded.add(str(item.get("id")))
            notes = item.get("footnotes")
            if isinstance(item.get("text"), str):
                line = value_at(rdata, ("records", j, "text"))[0]
                # `footnotes:` written as a list, or misspelt (`footnote:`): its labels are not known
                known = (
                    isinstance(notes, dict) and all(isinstance(v, str) for v in notes.values())
                    if "footnotes" in item
                    else set(item) <= set(Record.model_fields)
                )
                notes = (
                    {k: v for k, v in notes.items() if isinstance(v, str)} if isinstance(notes, dict) else {}
                )
                written = _paragraph_texts(item["text"], notes, path, line, rdata, j, lines)
                texts.append(dataclasses.replace(written, notes_known=known))
    return valid


def _written(
    record: Record, path: Path, text_line: int | None, rdata: Any, j: int, lines: list[str]
) -> ParagraphTexts:
    """A record's text and footnotes as written, from the positions the loader recorded."""
    return _paragraph_texts(record.text, record.footnotes, path, text_line, rdata, j, lines)


def _paragraph_texts(
    text: str, notes: dict[str, str], path: Path, text_line: int | None, rdata: Any, j: int, lines: list[str]
) -> ParagraphTexts:
    at = ("records", j, "footnotes")
    return ParagraphTexts(
        WrittenText(text, path, text_line or 0, lines),
        {
            label: WrittenText(note, path, value_at(rdata, (*at, label))[0] or text_line or 0, lines)
            for label, note in notes.items()
        },
        {label: locate(rdata, (*at, label)) for label in notes},
    )


def _check_markup(texts: list[ParagraphTexts], problems: Problems) -> None:
    from ..markup import parse_paragraph

    for t in texts:
        try:
            parse_paragraph(
                t.text.source,
                lambda: 0,
                file=str(t.text.file),
                line=t.text.line,
                notes={label: note.source for label, note in t.notes.items()},
                written=t,
            )
        except MarkupError as exc:  # a note's marker without its note: said already if the notes did not load
            problems += [p for p in exc.problems if t.notes_known or p.rule != "footnote-without-note"]


def _section_meant(written: str, section_ids: list[str]) -> str:
    """ "did you mean `3a`? " for `3(a)`, `Part 3a`, `3 A` or `3c`: the section written as the
    questionnaire prints it, or one slip from an id (``wording.closest``)."""
    plain = re.sub(r"(?i)\bpart\b|[\s().]", "", written).lower()
    return next((f"did you mean `{s}`? " for s in section_ids if s.lower() == plain), None) or did_you_mean(
        written, section_ids
    )


def _check_order(
    sub: Submission,
    data: Any,
    file: Path,
    records: list[LoadedRecord],
    section_ids: list[str],
    unloaded: set[str],
    ids_known: bool,
    problems: Problems,
) -> dict[str, int]:
    """`order:` against the records that loaded; an id of a record with a problem of its own
    (an unknown key or section, say), or any id when a records file could not be read, is not
    reported again here."""
    by_id = {r.record.id: r for r in records}
    order_lines = {}
    for section, ids in sub.order.items():
        at = locate(data, ("order", section))
        order_lines[section] = at[0] or 0
        if section not in section_ids:
            problems.add(
                f"`order:` names section `{section}`, which is not in outline `{sub.outline}`",
                file=file,
                at=at,
                rule="order-section",
                hint=f"sections: {', '.join(section_ids)}",
            )
            continue
        for k, record_id in enumerate(ids):
            at = value_at(data, ("order", section, k))
            found = by_id.get(record_id)
            if found is None and (record_id in unloaded or not ids_known):
                continue
            if found is not None and found.record.section not in section_ids:
                continue  # `section: 3A`: said at the record, the one place to change
            if found is None or found.record.section != section:
                candidates = [r.record.id for r in records if r.record.section == section]
                best = closest(record_id, candidates)
                problems.add(
                    f"`{record_id}` is a record of section `{found.record.section}`, not `{section}`"
                    if found
                    else f"no record has id `{record_id}`",
                    file=file,
                    at=at,
                    rule="order-record",
                    hint=(
                        f"did you mean `{best}`?"
                        if best
                        else f"records of section {section}: {', '.join(candidates) or 'none'}"
                    ),
                )
            elif record_id in ids[:k]:
                problems.add(
                    f"`{record_id}` is listed twice in `order:`",
                    file=file,
                    at=at,
                    rule="order-twice",
                    hint="list each record once",
                )
    return order_lines
