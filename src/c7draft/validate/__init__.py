"""`c7draft validate` as a library call: every problem of a submission folder in one run.

Errors come from loading and assembling (``InputError.problems``); warnings from the
consistency checks here and the house-style rules (``style``). ``build`` runs the same
``warnings_for`` after its own load, so the two never disagree.

The package reads a loaded folder and changes nothing: ``texts`` (every text with its
YAML position), ``style`` (UN house style), ``stats`` (counts against the word limits).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ..errors import InputError, Problem, location, problem_order
from ..inputs import UNASSIGNED, LoadedSubmission, load_what_loads
from ..inputs.yamlfile import key_position
from ..model import Draft
from ..session import MONTH_NAME, ordinal_number, session_year
from ..wording import did_you_mean, plural
from .texts import Text, footnote_spans, texts_of, urls


def validate(folder: Path) -> list[Problem]:
    """All errors and warnings of the submission in ``folder``, sorted by file and line."""
    from ..assemble import assemble

    try:
        loaded, errors = load_what_loads(Path(folder))
    except InputError as exc:
        return exc.problems  # already sorted
    if loaded is None:
        return errors
    if errors:  # the warnings run on whatever loaded, so that one run reports everything
        return sorted(errors + warnings_for(loaded, None, complete=False), key=problem_order)
    try:
        draft = assemble(loaded)
    except InputError as exc:
        return sorted(exc.problems + warnings_for(loaded, None), key=problem_order)
    return sorted(warnings_for(loaded, draft), key=problem_order)


def warnings_for(loaded: LoadedSubmission, draft: Draft | None, *, complete: bool = True) -> list[Problem]:
    """Consistency and house-style warnings of a loaded (and, if it could be, assembled)
    submission. Not ``complete`` (a record or a file did not load): no acronym is said to
    be used before it is spelled out, as its spelling-out may be in what did not load."""
    from .style import check_style

    texts = texts_of(loaded)
    style = (
        loaded.submission.style if complete else {**loaded.submission.style, "style-acronym-first-use": False}
    )
    return [
        *_session_dates(loaded),
        *_placeholder_dates(loaded),
        *_style_settings(loaded),
        *_activity_years(loaded, texts),
        *_summary_year(loaded, texts),
        *_duplicate_urls(texts),
        *_comments_in_text(texts),
        *_empty_sections(loaded),
        *_entities_without_records(loaded),
        *_unordered_records(loaded),
        *_unassigned_records(loaded),
        *_former_names(loaded, texts),
        *_editor_schemas(loaded),
        *(_word_counts(loaded, draft) if draft is not None else ()),
        *check_style(texts, style, [e.short for e in loaded.submission.entities]),
    ]


def is_style(problem: Problem) -> bool:
    return problem.rule.startswith("style-")


# What assemble's own warnings (Draft.warnings) already tell a `build` user.
_BUILD_SAYS_ITSELF = frozenset({"empty-section", "empty-summary", "unassigned-record"})


def for_build(warnings: list[Problem]) -> tuple[list[str], int]:
    """What `build` prints: each consistency warning on one line, and the number of
    house-style warnings (`validate` lists those). An empty section is left out: `build`
    says so itself where it writes the "[to be written]" placeholder (and so for an empty
    summary and for records no agency claims yet)."""
    lines = [
        f"{p.where}: {p.message}" for p in warnings if not is_style(p) and p.rule not in _BUILD_SAYS_ITSELF
    ]
    return lines, sum(map(is_style, warnings))


# --- the consistency checks ----------------------------------------------------------


def _warning(file, line, column, rule, message, hint="") -> Problem:
    return Problem(str(file) if file is not None else None, line, column, "warning", rule, message, hint)


def _top_key_line(loaded: LoadedSubmission, *keys: str) -> int | None:
    """The line of a key of submission.yaml (``"style", "per-cent"`` for one under `style:`),
    as the loader read it; None where the key is not written."""
    node = loaded.data
    for key in keys[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    at = key_position(node, keys[-1])
    return at[0] if at else None


def _session_dates(loaded: LoadedSubmission) -> Iterator[Problem]:
    """`closes:` outside the session's year (`opens:` outside it is a load error, session-year)."""
    sub = loaded.submission
    year = session_year(sub.session)
    if sub.closes.year != year:
        yield _warning(
            loaded.file,
            _top_key_line(loaded, "closes"),
            None,
            "session-dates",
            f"`closes: {sub.closes.isoformat()}` is outside {year}, the year of the "
            f"{ordinal_number(sub.session)} session",
            "give the session's dates in the year it meets",
        )


_DATE_LINE = re.compile(r"^\s*(?:-\s+)?([\w-]+):\s*\d{4}-\d{2}-\d{2}\s+#(.*)$")


def _placeholder_dates(loaded: LoadedSubmission) -> Iterator[Problem]:
    for number, raw in enumerate(loaded.lines[loaded.file], 1):
        m = _DATE_LINE.match(raw)
        if m and "TODO" in m.group(2):
            yield _warning(
                loaded.file,
                number,
                None,
                "placeholder-date",
                f"`{m.group(1)}` is still the placeholder date written by `c7draft init`",
                "set the real date and delete the TODO comment",
            )


def _style_settings(loaded: LoadedSubmission) -> list[Problem]:
    from .style import RULE_IDS

    found = []
    for key in loaded.submission.style:
        rule = key if key.startswith("style-") else f"style-{key}"
        if rule not in RULE_IDS:
            found.append(
                _warning(
                    loaded.file,
                    _top_key_line(loaded, "style", key),
                    None,
                    "unknown-style-rule",
                    f"`style:` names `{key}`, which is not a house-style rule",
                    did_you_mean(rule, RULE_IDS) + f"Rules: {', '.join(RULE_IDS)}",
                )
            )
    return found


def _editor_schemas(loaded: LoadedSubmission) -> Iterator[Problem]:
    """A schema named by a file's first line (`# yaml-language-server: $schema=...`) that the
    editor cannot use as it should: one of the folder's own (the ones `init` and `import`
    write) that is missing or no longer what this c7draft writes (for records: no longer
    lists the outline's sections), so the editor would underline what `validate` accepts, or
    the reverse; or one outside the folder that is not there (a path into another machine's
    installed c7draft, from a folder copied here), so the editor checks nothing."""
    from ..inputs.schema import FOLDER_SCHEMAS, folder_records_schema, schema_file, schema_named_in

    folder = loaded.file.parent
    outline = loaded.submission.outline
    files = [
        (loaded.file, "submission"),
        *([(folder / outline, "outline")] if outline.endswith((".yaml", ".yml")) else []),
        *((folder / entity.records, "records") for entity in loaded.submission.entities),
    ]
    seen = set()
    for path, kind in files:
        lines = loaded.lines.get(path) or _first_lines(path)  # as the loader read it
        named = schema_named_in(lines[0]) if lines else None
        if named is None or "://" in named:
            continue  # none, or one given by address: the editor's business
        target = (path.parent / named).resolve()
        ours = target.is_relative_to(folder.resolve())
        if target in seen or (target.is_file() and not ours):
            continue  # one already looked at, or the shipped one (every section id allowed)
        seen.add(target)
        option = f" --folder {folder}" if kind == "records" else ""
        if not ours:
            own = folder / FOLDER_SCHEMAS[kind]
            yield _warning(
                path,
                1,
                None,
                "editor-schema",
                f"{named}, the schema your editor checks {path.name} with, does not exist",
                f"give the folder its own, c7draft schema {kind}{option} > {own}, and make "
                f"the first line of {path.name} `# yaml-language-server: $schema="
                f"{Path(os.path.relpath(own, path.parent)).as_posix()}`",
            )
            continue
        expected = (
            folder_records_schema(outline, loaded.outline)
            if kind == "records"
            else schema_file(kind).read_text(encoding="utf-8")
        )
        if target.is_file() and target.read_text(encoding="utf-8") == expected:
            continue
        yield _warning(
            path,
            1,
            None,
            "editor-schema",
            f"{named}, the schema your editor checks {path.name} with, "
            + (
                "does not exist"
                if not target.exists()
                else f"is not that of outline `{outline}`"
                if kind == "records"
                else "is not this c7draft's"
            ),
            f"write it again: c7draft schema {kind}{option} > {target}",
        )


def _first_lines(path: Path) -> list[str]:
    """A file's first line as a list (empty if it cannot be read): the outline's, which the
    loader reads without keeping its lines."""
    try:
        with path.open(encoding="utf-8") as f:
            return [f.readline()]
    except (OSError, UnicodeDecodeError):
        return []


_MONTH_YEAR = re.compile(rf"\b(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+)?{MONTH_NAME}\s+(\d{{4}})\b")


def _activity_years(loaded: LoadedSubmission, texts: list[Text]) -> Iterator[Problem]:
    """A dated activity ("In November 2024") outside the reporting year, for information.
    Only the body is read (footnotes date their sources), and only month-and-year dates:
    a bare year is as often a statistic or a title as an activity."""
    year = loaded.session.reporting_year
    for text in texts:
        if text.kind == "footnote":
            continue
        body = text.body
        for m in _MONTH_YEAR.finditer(body):
            dated = int(m.group(1))
            if dated != year:
                line, column = text.position(m.start())
                when, hint = (
                    ("before", f"check that this activity belongs in the report on {year}")
                    if dated < year
                    else ("after", "right for a plan; check that it is not a past activity misdated")
                )
                yield _warning(
                    text.file,
                    line,
                    column,
                    "activity-year",
                    f"“{m.group()}” is {when} the reporting year {year} (for information)",
                    hint,
                )


_SUMMARY_YEAR = re.compile(r"\bAction line\s+C\d{1,2}\b(?:\s*\([^()]*\))?\s+in\s+(\d{4})\b", re.IGNORECASE)


def _summary_year(loaded: LoadedSubmission, texts: list[Text]) -> Iterator[Problem]:
    """The summary's opening clause ("Action line C7 (e-business) in 2025 was implemented
    ...") names a year other than the reporting year: last year's paragraph kept, say."""
    year = loaded.session.reporting_year
    for text in texts:
        if text.kind != "summary":
            continue
        for m in _SUMMARY_YEAR.finditer(text.body):
            if int(m.group(1)) != year:
                line, column = text.position(m.start(1))
                yield _warning(
                    text.file,
                    line,
                    column,
                    "summary-year",
                    f"the executive summary says “{' '.join(m.group().split())}”, but the "
                    f"{ordinal_number(loaded.submission.session)} session reports on {year}",
                    f"write “in {year}”, and check that the paragraph is this year's",
                )


def _duplicate_urls(texts: list[Text]) -> Iterator[Problem]:
    seen: dict[str, tuple[Text, int]] = {}
    for text in texts:
        if text.kind == "footnote":
            notes = [(0, len(text.source))]
        else:
            notes = [span for span in footnote_spans(text.source) if text.source.startswith("^[", span[0])]
        for start, end in notes:
            for offset, url in urls(text.source[start:end]):
                key = url.rstrip("/")
                if key in seen:
                    first, first_offset = seen[key]
                    first_line, _ = first.position(first_offset)
                    line, column = text.position(start + offset)
                    yield _warning(
                        text.file,
                        line,
                        column,
                        "duplicate-footnote-url",
                        f"{url} is also in a footnote at {location(first.file.name, first_line)}",
                        "cite it once, or say why it is cited twice",
                    )
                else:
                    seen[key] = (text, start + offset)


_HASH = re.compile(r"(?<!\S)#(?!\S)")


def _comments_in_text(texts: list[Text]) -> Iterator[Problem]:
    """A line of a text's block that starts with `# `: meant as a YAML comment, but inside a
    block (`text: >-` and the lines indented under it) YAML reads it as text, so it would be
    printed in the document."""
    for text in texts:
        for m in _HASH.finditer(text.source):
            line, column = text.position(m.start())
            if column is None or text.lines[line - 1][: column - 1].strip():
                continue  # a `#` within a line is the text's own
            words = " ".join(text.lines[line - 1].split()[:8])  # the comment's own line
            yield _warning(
                text.file,
                line,
                column,
                "comment-in-text",
                f"“{words}” is part of the text: inside a text's block, a line starting with # is "
                "not a comment, and it would be printed in the document",
                "move the comment above the record's `- id:` line, or delete it",
            )


def _empty_sections(loaded: LoadedSubmission) -> Iterator[Problem]:
    if not loaded.submission.executive_summary:
        yield _warning(
            loaded.file,
            _top_key_line(loaded, "executive_summary"),
            None,
            "empty-summary",
            "the executive summary (Part 1) is empty",
            "write its paragraphs under `executive_summary:`",
        )
    if loaded.partial:  # a record that did not load may be the section's: no knock-on warning
        return
    used = {r.record.section for r in loaded.records}
    for part in loaded.outline.parts:
        for section in part.sections:
            if section.id not in used:
                yield _warning(
                    loaded.file,
                    _top_key_line(loaded, "outline"),
                    None,
                    "empty-section",
                    f"section {section.id} (Part {part.number}) of outline "
                    f"`{loaded.submission.outline}` has no records",
                    f"add a record with `section: {section.id}` to an entity's file, "
                    f"or leave the prompt unanswered on purpose",
                )


def _entities_without_records(loaded: LoadedSubmission) -> Iterator[Problem]:
    """ "ITC has no records yet": an agency whose file is still empty (`stats` shows the 0)."""
    if loaded.partial:  # a file that did not load may hold them
        return
    with_records = {r.entity.short for r in loaded.records}
    for entity in loaded.submission.entities:
        if entity.short not in with_records:
            yield _warning(
                loaded.file.parent / entity.records,
                None,
                None,
                "entity-no-records",
                f"{entity.short} has no records yet",
                f"add its bullets under `records:` in {entity.records}, or remove {entity.short} "
                f"from `entities:` in submission.yaml",
            )


def _unordered_records(loaded: LoadedSubmission) -> Iterator[Problem]:
    known = {r.record.id for r in loaded.records}
    for section, ids in loaded.submission.order.items():
        if not set(ids) <= known:  # a mistyped id is an error (order-record): it may be this record
            continue
        for rec in loaded.records:
            if rec.record.section == section and rec.record.id not in ids:
                yield _warning(
                    loaded.file,
                    loaded.order_lines.get(section),
                    None,
                    "unordered-record",
                    f"record `{rec.record.id}` ({location(rec.file.name, rec.line)}) is not in "
                    f"`order:` for section {section}; it goes last",
                    f"add `{rec.record.id}` to the list under `order:` → `{section}`",
                )


def _unassigned_records(loaded: LoadedSubmission) -> Iterator[Problem]:
    for rec in loaded.records:
        if rec.entity is UNASSIGNED:
            yield _warning(
                rec.file,
                rec.line,
                None,
                "unassigned-record",
                f"record `{rec.record.id}` is in {rec.file.name}: no agency claims it yet",
                "move it into its agency's records file",
            )


@lru_cache(maxsize=1)
def former_names() -> dict[str, list[tuple[int, str]]]:
    """For each agency, (year of the rename, former name): templates/agencies.yaml."""
    from ..resources import known_agencies

    return {
        a["short"]: sorted((int(year), name) for year, name in a["former_names"].items())
        for a in known_agencies()
        if a.get("former_names")
    }


def _former_names(loaded: LoadedSubmission, texts: list[Text]) -> Iterator[Problem]:
    """An entity's name from an earlier year (templates/agencies.yaml) in this year's text."""
    year = loaded.session.reporting_year
    known = former_names()
    for entity in loaded.submission.entities:
        current = {entity.name.lower(), (entity.disclaimer_name or "").lower().removeprefix("the ")}
        for renamed, name in known.get(entity.short, []):
            if renamed > year or name.lower() in current:
                continue
            pattern = re.compile(re.escape(name), re.IGNORECASE)
            for text in texts:
                for m in pattern.finditer(text.source):
                    line, column = text.position(m.start())
                    yield _warning(
                        text.file,
                        line,
                        column,
                        "former-entity-name",
                        f"“{m.group()}” is {entity.short}'s name before {renamed}; "
                        f"this year it is “{entity.name}”",
                        f"write “{entity.name}” (or {entity.short})",
                    )


def _word_counts(loaded: LoadedSubmission, draft: Draft) -> Iterator[Problem]:
    from .stats import submission_stats

    sub = loaded.submission
    limit = sub.word_limit  # the schema's default (120) when unset
    records = {r.record.id: r for r in loaded.records}
    stats = submission_stats(draft, limit=limit, budget=sub.part_word_budget)
    for bullet in stats.long_bullets:
        rec = records[bullet.record_id]
        yield _warning(
            rec.file,
            rec.text_line,
            None,
            "word-limit",
            f"record `{rec.record.id}` has {bullet.words} words, over the limit of {limit}",
            "shorten it, split it into two records, or raise `word_limit:` in submission.yaml",
        )
    for part in stats.parts:
        if sub.part_word_budget and part.words > sub.part_word_budget:
            yield _warning(
                loaded.file,
                _top_key_line(loaded, "part_word_budget"),
                None,
                "part-word-budget",
                f"{part.name} has {part.words} words, over the budget of {sub.part_word_budget}",
                "shorten its bullets, or raise `part_word_budget:` in submission.yaml",
            )


# --- output ---------------------------------------------------------------------------


def render_text(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        lines.append(f"{p.where + ': ' if p.where else ''}{p.severity}: {p.message} [{p.rule}]")
        if p.hint:
            lines.append(f"  hint: {p.hint}")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines.append(f"{plural(errors, 'error')}, {plural(warnings, 'warning')}")
    if any(is_style(p) for p in problems):
        lines.append(
            "House-style rules can be switched off in submission.yaml, e.g. `style: {style-per-cent: false}`."
        )
    return "\n".join(lines)


def render_json(problems: list[Problem]) -> str:
    import json
    from dataclasses import asdict

    return json.dumps({"problems": [asdict(p) for p in problems]}, ensure_ascii=False, indent=2)


def exit_code(problems: list[Problem], strict: bool = False) -> int:
    """0 without errors; 2 with errors; 1 under ``strict`` with warnings only."""
    if any(p.severity == "error" for p in problems):
        return 2
    return 1 if strict and problems else 0
