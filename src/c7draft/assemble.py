"""Assemble a loaded submission into the document model: front matter from the jinja2
template, Part 1 from the executive summary, Parts 2 and 3 from the outline and records,
footnotes numbered 1..n in order of appearance."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from .errors import InputError
from .inputs import UNASSIGNED, UNASSIGNED_FILE, LoadedRecord, LoadedSubmission, load_submission
from .inputs.positions import ParagraphTexts
from .markup import escape_markdown, parse, parse_paragraph
from .model import BaseItem, Block, BuildBase, Draft, Run, Source
from .resources import templates_dir
from .templating import render
from .wording import plural

FRONT_MATTER = "front_matter.md.j2"


def _escape(value):
    """Values put into the Markdown template are text, never markup."""
    return escape_markdown(value) if isinstance(value, str) else value


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def template_values(loaded: LoadedSubmission) -> dict:
    sub = loaded.submission
    return front_matter_values(sub.entities, sub.lead, sub.action_line, loaded.session, loaded.input_heading)


def front_matter_values(entities, lead_short: str, action_line, session, input_heading: str) -> dict:
    """The values of templates/front_matter.md.j2: ``entities`` and ``action_line`` read by
    attribute (the models, or what ``import`` found)."""
    lead = next(e for e in entities if e.short == lead_short)
    values = dict(session.words())
    co_facilitators = [e.short for e in entities if e.role == "co-facilitator"]
    values.update(
        entity_names=_join_names([e.name for e in entities]),
        co_facilitators=", ".join(co_facilitators),
        # "Facilitator: UNCTAD" when only one agency facilitates this year
        co_facilitators_label="Co-facilitators" if len(co_facilitators) > 1 else "Facilitator",
        disclaimer_name=lead.disclaimer_name or default_disclaimer(lead.name),
        action_line_code=action_line.code,
        action_line_name=action_line.name,
    )
    values["input_heading"] = input_heading
    return values


def default_disclaimer(name: str) -> str:
    """The lead as the disclaimer names it by default: "the UN Trade and Development" for
    "UN Trade & Development", as the 2026 published text words it (seeds/)."""
    return "the " + name.replace(" & ", " and ")


def front_matter_text(values: dict) -> str:
    """templates/front_matter.md.j2 filled in, as CommonMark."""
    return render(
        (templates_dir() / FRONT_MATTER).read_text(encoding="utf-8"),
        values,
        finalize=_escape,
        keep_trailing_newline=True,
    )


def _front_matter(loaded: LoadedSubmission, number) -> list[Block]:
    path = templates_dir() / FRONT_MATTER
    source = front_matter_text(template_values(loaded))
    blocks = []
    for parsed in parse(source, number, file=str(path), line=1):
        runs = parsed.inlines
        all_bold = all(not isinstance(r, Run) or r.bold or not r.text.strip() for r in runs)
        if all_bold:  # the style carries the bold of masthead lines
            runs = [Run(r.text, r.italic, False, r.url) if isinstance(r, Run) else r for r in runs]
        blocks.append(
            Block("masthead" if all_bold else "paragraph", runs, location="front matter", boilerplate=True)
        )
    return blocks


def ordered_records(loaded: LoadedSubmission, section: str) -> list[LoadedRecord]:
    """The editor's `order:` first, then the rest in default order (entities as listed,
    records as in their file)."""
    default = [r for r in loaded.records if r.record.section == section]
    listed = loaded.submission.order.get(section)
    if listed is None:
        return default
    by_id = {r.record.id: r for r in default}
    # An id that is no record of the section stops a build (order-record); `validate` still
    # reads the records that loaded in this order.
    chosen = [by_id[i] for i in dict.fromkeys(listed) if i in by_id]
    # The records left out go last; `validate` (and `build`) warn about each (unordered-record).
    return chosen + [r for r in default if r.record.id not in listed]


def assemble(loaded: LoadedSubmission) -> Draft:
    counter = itertools.count(1)
    number = counter.__next__
    sub, outline, session = loaded.submission, loaded.outline, loaded.session
    blocks = _front_matter(loaded, number)

    warnings: list[str] = []
    blocks.append(
        Block("heading", [Run(f"Part 1: {outline.summary_title}")], location="Part 1", boilerplate=True)
    )
    problems: list = []  # markup errors of every paragraph and bullet, reported together

    def paragraph(text: str, file: Path, line: int, notes=None, written=None) -> list:
        try:
            return parse_paragraph(text, number, file=str(file), line=line, notes=notes, written=written)
        except InputError as exc:
            problems.extend(exc.problems)
            return []

    if not sub.executive_summary:
        warnings.append(
            f"Part 1: `executive_summary` in {loaded.file.name} is empty; the .docx "
            f'says "{PLACEHOLDER}" there'
        )
        blocks.append(_placeholder("Part 1"))
    for text, line, written in zip(
        sub.executive_summary, loaded.summary_lines, loaded.summary_texts(), strict=False
    ):
        inlines = paragraph(text, loaded.file, line, written=ParagraphTexts(written))
        blocks.append(
            Block(
                "paragraph",
                inlines,
                location="Part 1",
                source=Source(str(loaded.file), line, entity=None, record_id=None),
            )
        )

    for part in outline.parts:
        blocks.append(
            Block(
                "heading",
                [Run(f"Part {part.number}: {' '.join(part.title.split())}")],
                location=f"Part {part.number}",
                boilerplate=True,
            )
        )
        for section in part.sections:
            location = f"Part {part.number}"
            if section.prompt:
                prompt = " ".join(section.prompt.split())
                label = prompt.split(" ", 1)[0] if re.match(r"^[a-z]\)", prompt) else ""
                location = f"{location} {label}".strip()
                blocks.append(Block("prompt", [Run(prompt)], location=location, boilerplate=True))
            records = ordered_records(loaded, section.id)
            if not records:
                warnings.append(
                    f"{location}: section {section.id} has no records yet; the .docx "
                    f'says "{PLACEHOLDER}" there'
                )
                blocks.append(_placeholder(location))
            for rec in records:
                inlines = paragraph(
                    rec.record.text, rec.file, rec.text_line, rec.record.footnotes, rec.written
                )
                blocks.append(
                    Block(
                        "bullet",
                        inlines,
                        location=location,
                        source=Source(str(rec.file), rec.text_line, rec.entity.short, rec.record.id),
                    )
                )

    if problems:
        raise InputError(problems=problems)
    base = _stored_base(loaded, blocks)
    return Draft(
        title=f"WSIS Action Line {sub.action_line.code} ({sub.action_line.name}): input to the CSTD "
        f"{session.words()['session_ordinal']} session ({session.year})",
        authors=[e.name for e in sub.entities],
        session=session.number,
        subject=f"Input for the CSTD report on WSIS follow-up during {session.reporting_year}",
        blocks=blocks,
        language=sub.language,
        priors=loaded.priors,
        warnings=warnings + _unassigned_warning(loaded),
        base=base,
    )


# The submission.yaml keys behind each value of the front-matter template: a reviewer's edit
# of a front-matter line is reported with the keys that make it.
_TEMPLATE_KEYS = {
    "session_": "session, opens, closes",
    "venue": "venue",
    "reporting_year": "session",
    "entity_names": "entities (name)",
    "disclaimer_name": "lead, entities (disclaimer_name)",
    "action_line": "action_line",
    "co_facilitators": "entities (role)",
    "input_heading": "outline (input_heading)",
}


def _template_keys() -> list[str]:
    """For each paragraph of the front-matter template, the keys its values come from."""
    source = re.sub(
        r"\{#.*?#\}", "", (templates_dir() / FRONT_MATTER).read_text(encoding="utf-8"), flags=re.S
    )
    keys = []
    for paragraph in re.split(r"\n\s*\n", source.strip()):
        names = re.findall(r"{{\s*(\w+)", paragraph)
        found = dict.fromkeys(
            k for n in names for prefix, k in _TEMPLATE_KEYS.items() if n.startswith(prefix)
        )
        keys.append(", ".join(found) or f"the template {FRONT_MATTER}")
    return keys


def _stored_base(loaded: LoadedSubmission, blocks: list[Block]) -> BuildBase:
    """Give every block a mark and say what it was built from (see model.BaseItem)."""
    folder = loaded.file.parent
    by_id = {r.record.id: r for r in loaded.records}
    front = iter(_template_keys())
    sections = {p.number: p.sections for p in loaded.outline.parts}
    items: list[BaseItem] = []
    summary = iter(loaded.submission.executive_summary)
    for n, block in enumerate(blocks, 1):
        block.mark = str(n)
        rec = by_id.get(block.source.record_id or "") if block.source else None
        if rec is not None:
            items.append(
                BaseItem(
                    block.mark,
                    "bullet",
                    rec.record.text,
                    record_id=rec.record.id,
                    entity=rec.entity.short,
                    file=rec.file.relative_to(folder).as_posix(),
                    section=rec.record.section,
                    notes=tuple(rec.record.footnotes.items()),
                )
            )
        elif block.source is not None:
            items.append(BaseItem(block.mark, "summary", next(summary), file=loaded.file.name))
        else:
            section, made_by = None, next(front, "") if block.location == "front matter" else ""
            if block.text == PLACEHOLDER:
                made_by = "placeholder"
            if block.kind == "heading" and (part := block.location.split()[-1]).isdigit():
                made_by = "outline" if int(part) in sections else "outline (summary_title)"
                section = sections[int(part)][0].id if int(part) in sections else None
            elif block.kind == "prompt":
                made_by = "outline"
                number = int(block.location.split()[1])
                section = next(
                    s.id for s in sections[number] if s.prompt and " ".join(s.prompt.split()) == block.text
                )
            items.append(BaseItem(block.mark, "derived", block.text, section=section, derived_from=made_by))
    sub = loaded.submission
    return BuildBase(sub.session, tuple(e.short for e in sub.entities), items)


PLACEHOLDER = "[to be written]"


def _placeholder(location: str) -> Block:
    """The visible line standing for a Part or section with no text yet (never checked)."""
    return Block("paragraph", [Run(PLACEHOLDER)], location=location, boilerplate=True)


def _unassigned_warning(loaded: LoadedSubmission) -> list[str]:
    waiting = [r for r in loaded.records if r.entity is UNASSIGNED]
    if not waiting:
        return []
    return [
        f"{UNASSIGNED_FILE} holds {plural(len(waiting), 'record')} no agency "
        f"claims yet ({', '.join(r.record.id for r in waiting)}): move each into its agency's file"
    ]


def load_draft(folder: Path) -> Draft:
    """Load, validate and assemble a submission folder."""
    return assemble(load_submission(Path(folder)))
