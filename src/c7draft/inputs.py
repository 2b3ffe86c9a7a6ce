"""Load and validate a submission folder: submission.yaml, one records file per entity,
and the questionnaire outline.

ruamel.yaml keeps the line and column of every key and value, pydantic checks the
schema, and every problem becomes an InputError naming file:line:column and the fix.
Input files are only ever read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError
from .fileio import read_utf8
from .model import Language
from .resources import templates_dir
from .session import Session, ordinal_number, session_year

SUBMISSION_FILE = "submission.yaml"
UNASSIGNED_FILE = "unassigned.yaml"


class _Schema(BaseModel):
    # Officers write `section: 2`; accept the number as the string "2".
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


class ActionLine(_Schema):
    code: str = Field(description="C7", min_length=1)
    name: str = Field(description="e-business", min_length=1)


class Entity(_Schema):
    short: str = Field(description="UNCTAD", min_length=1)
    name: str = Field(description="UN Trade & Development", min_length=1)
    disclaimer_name: Optional[str] = Field(None, description="the UN Trade and Development")
    records: str = Field(description="unctad.yaml", min_length=1)
    # A partner that contributes bullets without co-facilitating (e.g. the WTO) is a
    # contributor: named in "Submission by", not in "Co-facilitators:".
    role: Literal["co-facilitator", "contributor"] = Field("co-facilitator", description="contributor")


class Submission(_Schema):
    session: int = Field(description="29", ge=1, le=200)
    opens: date = Field(description="2026-04-20")
    closes: date = Field(description="2026-04-24")
    venue: str = Field(description="Geneva", min_length=1)
    action_line: ActionLine = Field(description="{code: C7, name: e-business}")
    outline: str = Field(description="cstd29", min_length=1)
    lead: str = Field(description="UNCTAD", min_length=1)
    entities: list[Entity] = Field(description="a list of {short, name, records}", min_length=1)
    # Empty while the year's text is being written: build puts a "[to be written]" line.
    executive_summary: list[str] = Field(default_factory=list, description="a list of paragraphs")
    order: dict[str, list[str]] = Field(default_factory=dict, description='{"2": [record-id, ...]}')
    word_limit: Optional[int] = Field(None, description="120 (words per bullet; 120 if not given)", ge=1)
    part_word_budget: Optional[int] = Field(None, description="1500 (words per Part)", ge=1)
    style: dict[str, bool] = Field(default_factory=dict, description="{style-per-cent: false}")
    # Prior submissions `check` compares with, in addition to the shipped seeds: files or
    # folders (an inputs folder too), absolute or relative to submission.yaml.
    priors: list[str] = Field(default_factory=list, description="[../2025, archive/cstd28.docx]")
    language: Optional[Language] = Field(None, description="fr-FR")

    @field_validator("executive_summary", "order", "priors", mode="before")
    @classmethod
    def _nothing_is_empty(cls, value: Any, info) -> Any:
        """`order:` with nothing after it (comments only) is an empty mapping, not an error."""
        if value is None:
            return {} if info.field_name == "order" else []
        return value


class Record(_Schema):
    id: str = Field(description="ige-8", min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    section: str = Field(description='"2" or 3a', min_length=1)
    text: str = Field(description="the bullet's text", min_length=1)
    footnotes: dict[str, str] = Field(default_factory=dict, description="{label: note text}")


class RecordsFile(_Schema):
    entity: str = Field(description="UNCTAD", min_length=1)
    records: list[Record] = Field(description="a list of {id, section, text}")

    @field_validator("records", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class Section(_Schema):
    id: str = Field(description="3a", min_length=1)
    prompt: Optional[str] = Field(None, description="a) Innovative policies ...")


class Part(_Schema):
    number: int = Field(description="2", ge=2)
    title: str = Field(description="Innovations and Future Initiatives", min_length=1)
    sections: list[Section] = Field(description="a list of {id, prompt}", min_length=1)


class Outline(_Schema):
    session: Optional[int] = Field(None, description="29")
    input_heading: str = Field(description="Input for the CSTD report on WSIS follow-up")
    summary_title: str = Field("Executive Summary", description="Executive Summary")
    parts: list[Part] = Field(description="a list of {number, title, sections}", min_length=1)


# The owner of the records in unassigned.yaml: never named in the document.
UNASSIGNED = Entity(short="unassigned", name="(no agency yet)", records=UNASSIGNED_FILE,
                    role="contributor")


@dataclass
class LoadedRecord:
    record: Record
    entity: Entity
    file: Path
    line: int        # where the record starts
    text_line: int   # where its text starts


@dataclass
class LoadedSubmission:
    submission: Submission
    session: Session
    input_heading: str  # rendered from the outline's template
    outline: Outline
    records: list[LoadedRecord]
    file: Path
    summary_lines: list[int]
    order_lines: dict[str, int]  # line of each section's list under `order:`

    @property
    def priors(self) -> list[Path]:
        """`priors:` as paths: absolute, or relative to submission.yaml."""
        return [self.file.parent / Path(p).expanduser() for p in self.submission.priors]


# --- YAML with positions -------------------------------------------------------------

def _read_yaml(path: Path) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    text = read_utf8(path, InputError, "YAML file")
    try:
        data = YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "YAML syntax error").strip()
        if exc.context and exc.context_mark and exc.problem_mark \
                and exc.context_mark.line != exc.problem_mark.line:
            problem += f" ({exc.context.strip()} on line {exc.context_mark.line + 1})"
        raise InputError(
            f"YAML syntax error: {problem}", file=path,
            line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
            hint="check indentation and quoting on this line or the one before; text that "
                 "contains ': ' or starts with '*', '[' or '-' must go in a block, "
                 "e.g. `text: >-` with the text indented on the next lines",
        ) from None
    except ReaderError as exc:  # a character YAML does not allow, e.g. a control character
        before = text[: exc.position]
        raise InputError(
            f"character U+{exc.character:04X} is not allowed in YAML", file=path,
            line=before.count("\n") + 1, column=exc.position - (before.rfind("\n") + 1) + 1,
            hint="delete this invisible character (it often comes with text pasted from a PDF)",
        ) from None
    except YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file=path,
                         hint="check the file's YAML syntax") from None
    return data


def _position(node: Any, loc: tuple[Any, ...]) -> tuple[int, int] | None:
    """Line and column (0-based) of the deepest part of ``loc`` found in the YAML tree."""
    found = None
    for key in loc:
        try:
            key = _key(node, key)
            found = node.lc.key(key) if isinstance(node, dict) else node.lc.item(key)
            node = node[key]
        except (KeyError, TypeError, AttributeError, IndexError):
            break
    if found is None and hasattr(node, "lc"):
        found = (node.lc.line, node.lc.col)
    return found


def _locate(data: Any, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    pos = _position(data, loc)
    return (pos[0] + 1, pos[1] + 1) if pos else (None, None)


def _key(node: Any, key: Any) -> Any:
    """The key of ``node`` that ``key`` names: YAML `2:` is the int 2, pydantic says "2"."""
    if isinstance(node, dict):
        return next((k for k in node if str(k) == str(key)), key)
    return key


def _value_position(data: Any, loc: tuple[Any, ...]) -> tuple[int, int] | None:
    """Position (0-based) of the value at ``loc``; for block text, of its first line."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    node = data
    try:
        for key in loc[:-1]:
            node = node[_key(node, key)]
        last = _key(node, loc[-1])
        line, column = node.lc.value(last) if isinstance(node, dict) else node.lc.item(last)
        value = node[last]
    except (KeyError, TypeError, IndexError, AttributeError):
        return None
    if isinstance(value, (FoldedScalarString, LiteralScalarString)):
        return line + 1, column  # the text starts on the line after `>-` or `|`
    return line, column


def _example(model: type[BaseModel], field: str) -> str:
    info = model.model_fields.get(field)
    return info.description if info and info.description else "..."


def _validate(model: type[BaseModel], data: Any, path: Path) -> Any:
    if data is None:
        raise InputError(f"{path.name} is empty", file=path, line=1,
                         hint=f"see docs/input-format.md for what goes in {path.name}")
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "plain text"
        first = next(iter(model.model_fields))
        raise InputError(f"{path.name} must be a mapping of keys (key: value), not {kind}", file=path, line=1,
                         hint=f"start each top-level line with a key, e.g. `{first}: {_example(model, first)}`")
    _reject_control_characters(data, data, (), path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # A misspelt key shows up twice: as unknown, and its right name as missing. The
        # unknown one carries the "did you mean", so report it first.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        raise _explain(errors[0], model, data, path) from None


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _reject_control_characters(root: Any, node: Any, loc: tuple[Any, ...], path: Path) -> None:
    """YAML refuses a typed control character but lets one through as an escape in double
    quotes ("\\x07"). Word cannot hold it either: say where it is instead of dropping it."""
    if isinstance(node, str):
        if m := _CONTROL.search(node):
            line, column = (p + 1 for p in (_value_position(root, loc) or (0, 0)))
            raise InputError(f"`{'.'.join(map(str, loc))}` contains the control character "
                             f"U+{ord(m.group()):04X}", file=path, line=line, column=column,
                             hint="remove the escape (such as \\x07 or \\a) from the quoted text")
    elif isinstance(node, dict):
        for key, value in node.items():
            _reject_control_characters(root, value, (*loc, key), path)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _reject_control_characters(root, value, (*loc, i), path)


def _owner(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The schema class that owns the last key of ``loc``."""
    current = model
    for key in loc[:-1]:
        if isinstance(key, int) or current is None:
            continue
        info = current.model_fields.get(key)
        if info is None:
            return current
        annotation = info.annotation
        args = getattr(annotation, "__args__", ()) or ()
        inner = next((a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if inner is None:
            return current
        current = inner
    return current


def _explain(error: dict, model: type[BaseModel], data: Any, path: Path) -> InputError:
    from rapidfuzz import process

    loc = tuple(error["loc"])
    kind = error["type"]
    name = ".".join(str(p) for p in loc) or "(top level)"
    line, column = _locate(data, loc)
    owner = _owner(model, loc)
    key = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = list(owner.model_fields)
        best = process.extractOne(str(key), allowed, score_cutoff=60)
        hint = (f"did you mean `{best[0]}`?" if best else "") + \
               f" Allowed keys here: {', '.join(allowed)}."
        return InputError(f"unknown key `{key}`", file=path, line=line, column=column, hint=hint.strip())
    if kind == "missing":
        parent_line, parent_col = _locate(data, loc[:-1]) if len(loc) > 1 else (1, 1)
        where = f" in `{'.'.join(str(p) for p in loc[:-1])}`" if len(loc) > 1 else ""
        return InputError(f"missing `{key}`{where}", file=path, line=parent_line, column=parent_col,
                          hint=f"add `{key}: {_example(owner, str(key))}`")
    pos = _value_position(data, loc) if loc else None
    if pos:
        line, column = pos[0] + 1, pos[1] + 1
    got = error.get("input")
    got_text = f", got {got!r}" if not isinstance(got, (dict, list)) else ""
    expected = _example(owner, str(key)) if isinstance(key, str) else ""
    problem = f"`{name}` {error['msg'][0].lower()}{error['msg'][1:]}{got_text}"
    if kind.startswith("date"):
        hint = f"write the date as YYYY-MM-DD, e.g. `{key}: {expected}`"
    elif kind == "string_pattern_mismatch":
        hint = "use letters, digits, '-', '_' or '.', e.g. `id: ige-8`"
    else:
        hint = f"e.g. `{key}: {expected}`" if expected else "see docs/input-format.md"
    return InputError(problem, file=path, line=line, column=column, hint=hint)


# --- Loading a submission --------------------------------------------------------------

def shipped_outlines() -> list[Path]:
    return sorted((templates_dir() / "outlines").glob("*.yaml"))


def load_outline(path: Path) -> Outline:
    return _validate(Outline, _read_yaml(path), path)


def _outline(name: str, folder: Path, submission_file: Path, data: Any) -> tuple[Outline, Path]:
    path = (folder / name) if name.endswith((".yaml", ".yml")) else templates_dir() / "outlines" / f"{name}.yaml"
    if not path.is_file():
        line, column = (p + 1 for p in (_value_position(data, ("outline",)) or (0, 0)))
        available = ", ".join(p.stem for p in shipped_outlines())
        raise InputError(f"outline `{name}` not found", file=submission_file, line=line, column=column,
                         hint=f"use a shipped outline ({available}) or a path to a .yaml outline "
                              f"relative to {submission_file.name}")
    return load_outline(path), path


def _render_heading(outline: Outline, path: Path, session: Session) -> str:
    """The outline's `input_heading`, a jinja2 template over the session's values."""
    from .templating import TemplateProblem, render

    try:
        return " ".join(render(outline.input_heading, session.words()).split())
    except TemplateProblem as exc:
        pos = _value_position(_read_yaml(path), ("input_heading",)) or (0, 0)
        raise InputError(f"`input_heading` cannot be filled in: {exc.message}", file=path,
                         line=pos[0] + 1, column=pos[1] + 1,
                         hint=f"use {{{{ name }}}} with one of: {', '.join(session.words())}") from None


def load_submission(folder: Path) -> LoadedSubmission:
    folder = Path(folder)
    if not folder.is_dir():
        hint = ("give the folder that holds submission.yaml, not the file itself"
                if folder.is_file() else "check the path; it should be a folder holding submission.yaml")
        raise InputError(f"input folder not found: {folder}", hint=hint)
    file = folder / SUBMISSION_FILE
    if not file.is_file():
        raise InputError(f"no {SUBMISSION_FILE} in {folder}",
                         hint="create it (see docs/input-format.md) or give the right folder")
    data = _read_yaml(file)
    submission: Submission = _validate(Submission, data, file)

    def at(*loc: Any) -> tuple[int | None, int | None]:
        pos = _value_position(data, loc)
        return (pos[0] + 1, pos[1] + 1) if pos else (None, None)

    expected_year = session_year(submission.session)
    if submission.opens.year != expected_year:
        line, column = at("opens")
        raise InputError(
            f"the CSTD's {ordinal_number(submission.session)} session meets in {expected_year}, "
            f"but `opens:` is {submission.opens.isoformat()}",
            file=file, line=line, column=column,
            hint="correct the session number or the dates so that they agree")
    if submission.closes < submission.opens:
        line, column = at("closes")
        raise InputError("`closes:` is before `opens:`", file=file, line=line, column=column,
                         hint="give the session's last day in `closes:`")

    shorts = [e.short for e in submission.entities]
    for i, entity in enumerate(submission.entities):
        if entity.short in shorts[:i]:
            line, column = at("entities", i)
            raise InputError(f"entity `{entity.short}` is listed twice", file=file, line=line,
                             column=column, hint="list each entity once")
    if submission.lead not in shorts:
        line, column = at("lead")
        raise InputError(f"`lead: {submission.lead}` is not one of the entities", file=file, line=line,
                         column=column, hint=f"use one of: {', '.join(shorts)}")

    outline, outline_file = _outline(submission.outline, folder, file, data)
    if outline.session is not None and outline.session != submission.session:
        line, column = at("outline")
        raise InputError(f"outline `{submission.outline}` is for session {outline.session}, "
                         f"not {submission.session}", file=file, line=line, column=column,
                         hint="name the outline for this session, or copy and adapt one")
    section_ids = [s.id for p in outline.parts for s in p.sections]

    records: list[LoadedRecord] = []
    seen: dict[str, LoadedRecord] = {}
    files = [(entity, folder / entity.records) for entity in submission.entities]
    if (folder / UNASSIGNED_FILE).is_file():  # records `import` could not give to an agency
        files.append((UNASSIGNED, folder / UNASSIGNED_FILE))
    for i, (entity, records_path) in enumerate(files):
        if entity is not UNASSIGNED and not records_path.is_file():
            line, column = at("entities", i, "records")
            problem = (f"`records: {entity.records}` is a folder, not a YAML file" if records_path.is_dir()
                       else f"records file not found: {entity.records}")
            raise InputError(problem, file=file, line=line, column=column,
                             hint=f"name the entity's records file, e.g. `records: {entity.short.lower()}.yaml`, "
                                  f"relative to {file.name}")
        rdata = _read_yaml(records_path)
        parsed: RecordsFile = _validate(RecordsFile, rdata, records_path)
        if parsed.entity != entity.short and entity is UNASSIGNED:
            pos = _value_position(rdata, ("entity",)) or (0, 0)
            raise InputError(f"{UNASSIGNED_FILE} holds records no agency claims yet, so it must say "
                             f"`entity: {UNASSIGNED.short}`", file=records_path, line=pos[0] + 1,
                             column=pos[1] + 1, hint="move its records into the agencies' files, "
                             "then delete it")
        if parsed.entity != entity.short:
            pos = _value_position(rdata, ("entity",)) or (0, 0)
            raise InputError(f"this file is listed for {entity.short} but says `entity: {parsed.entity}`",
                             file=records_path, line=pos[0] + 1, column=pos[1] + 1,
                             hint=f"write `entity: {entity.short}` or fix `records:` in {file.name}")
        for j, record in enumerate(parsed.records):
            start = rdata["records"].lc.item(j)
            text_pos = _value_position(rdata, ("records", j, "text")) or start
            if record.section not in section_ids:
                from rapidfuzz import process

                pos = _value_position(rdata, ("records", j, "section")) or start
                best = process.extractOne(record.section, section_ids, score_cutoff=50)
                raise InputError(
                    f"section `{record.section}` is not in outline `{submission.outline}`",
                    file=records_path, line=pos[0] + 1, column=pos[1] + 1,
                    hint=(f"did you mean `{best[0]}`? " if best else "")
                    + f"Sections: {', '.join(section_ids)}")
            if record.id in seen:
                other = seen[record.id]
                raise InputError(
                    f"record id `{record.id}` is used twice (also {other.file.name}:{other.line})",
                    file=records_path, line=start[0] + 1, column=start[1] + 1,
                    hint="give each record its own id")
            loaded = LoadedRecord(record, entity, records_path, start[0] + 1, text_pos[0] + 1)
            seen[record.id] = loaded
            records.append(loaded)

    order_lines = {}
    for section, ids in submission.order.items():
        sline, scol = _locate(data, ("order", section))
        if section not in section_ids:
            raise InputError(f"`order:` names section `{section}`, which is not in outline "
                             f"`{submission.outline}`", file=file, line=sline, column=scol,
                             hint=f"sections: {', '.join(section_ids)}")
        for k, record_id in enumerate(ids):
            line, column = at("order", section, k)
            found = seen.get(record_id)
            if found is None or found.record.section != section:
                from rapidfuzz import process

                candidates = [r.record.id for r in records if r.record.section == section]
                best = process.extractOne(record_id, candidates, score_cutoff=60)
                problem = (f"`{record_id}` is a record of section `{found.record.section}`, not `{section}`"
                           if found else f"no record has id `{record_id}`")
                raise InputError(problem, file=file, line=line, column=column,
                                 hint=(f"did you mean `{best[0]}`?" if best else
                                       f"records of section {section}: {', '.join(candidates) or 'none'}"))
            if record_id in ids[:k]:
                raise InputError(f"`{record_id}` is listed twice in `order:`", file=file, line=line,
                                 column=column, hint="list each record once")
        order_lines[section] = sline or 0

    summary_lines = [(_value_position(data, ("executive_summary", i)) or (0, 0))[0] + 1
                     for i in range(len(submission.executive_summary))]
    session = Session(submission.session, submission.opens, submission.closes, submission.venue)
    input_heading = _render_heading(outline, outline_file, session)
    return LoadedSubmission(submission, session, input_heading, outline, records, file, summary_lines, order_lines)
