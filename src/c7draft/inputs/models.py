"""The pydantic models of the input files: the one source of their JSON Schema (``schema``,
committed under schemas/) and of the full validation whose errors ``schema_errors`` puts
in plain words. Loading valid inputs takes the fast path (``schema_check``) against the
committed schema and does not import this module.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..model import Language
from .schema_errors import ID_WORDS

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_NUMBER_OR_TEXT = {"type": ["string", "integer"]}  # `section: 2` is read as the text "2"


def _or_nothing(schema: dict[str, Any]) -> None:
    """A list or mapping that may have nothing after its key (comments only, as `init` writes
    `records:` and `order:`): the loader reads it as empty, and the editor must accept it."""
    schema["type"] = [schema["type"], "null"]


def _field(*args: Any, example: Any = None, **kwargs: Any) -> Any:
    """A schema field: ``description`` is the docs' words, ``example`` goes into hints."""
    if example is not None:
        kwargs["examples"] = [example]
    return Field(*args, **kwargs)


class _Schema(BaseModel):
    # Officers write `section: 2`; accept the number as the string "2".
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


class ActionLine(_Schema):
    """The WSIS action line this submission reports on."""

    code: str = _field(description="The action line's code.", example="C7", min_length=1)
    name: str = _field(description="The action line's name.", example="e-business", min_length=1)


class Entity(_Schema):
    """An entity contributing records: a co-facilitator or a contributor."""

    short: str = _field(
        description='The entity\'s short name, as in "Co-facilitators: ITC, UNCTAD, UPU".',
        example="UNCTAD",
        min_length=1,
    )
    name: str = _field(
        description="The entity's full name, as spelled this year.",
        example="UN Trade & Development",
        min_length=1,
    )
    disclaimer_name: str | None = _field(
        None,
        description='The lead\'s name as the disclaimer words it; default "the <name>".',
        example="the UN Trade and Development",
    )
    records: str = _field(
        description="The entity's records file, relative to submission.yaml and inside its folder.",
        example="unctad.yaml",
        min_length=1,
    )
    # A partner that contributes bullets without co-facilitating (e.g. the WTO) is a
    # contributor: named in "Submission by", not in "Co-facilitators:".
    role: Literal["co-facilitator", "contributor"] = _field(
        "co-facilitator",
        description='co-facilitator (the default; named under "Co-facilitators") or '
        'contributor (named in "Submission by" only).',
        example="co-facilitator",
    )


class Submission(_Schema):
    """submission.yaml: the session, the entities and the executive summary of one joint input."""

    session: int = _field(
        description="The CSTD session number; everything else about it is derived.", example=29, ge=1, le=200
    )
    opens: date = _field(description="First day of the session (YYYY-MM-DD).", example="2026-04-20")
    closes: date = _field(description="Last day of the session (YYYY-MM-DD).", example="2026-04-24")
    venue: str = _field(description="Where the session meets.", example="Geneva", min_length=1)
    action_line: ActionLine = _field(
        description="The WSIS action line.", example="{code: C7, name: e-business}"
    )
    outline: str = _field(
        description="Questionnaire outline shipped with c7draft (cstd27, cstd29), or a path "
        "to a .yaml outline for a new year, relative to this file.",
        example="cstd29",
        min_length=1,
    )
    lead: str = _field(
        description="The lead co-facilitator: its name goes in the disclaimer.",
        example="UNCTAD",
        min_length=1,
    )
    entities: list[Entity] = _field(
        description='In the order they appear in "Submission by" and "Co-facilitators".',
        example="a list of {short, name, records}",
        min_length=1,
    )
    # Empty while the year's text is being written: build puts a "[to be written]" line.
    executive_summary: list[str] = _field(
        default_factory=list,
        example="a list of paragraphs",
        description="Part 1, one item per paragraph (may be empty while drafting).",
        json_schema_extra=_or_nothing,
    )
    order: dict[str, list[str]] = _field(
        default_factory=dict,
        example='{"2": [record-id, ...]}',
        description="Optional: the final order of bullets, per outline section.",
        json_schema_extra=_or_nothing,
    )
    # Prior submissions `check` compares with, in addition to the shipped seeds: files or
    # folders (an inputs folder too), absolute or relative to submission.yaml.
    priors: list[str] = _field(
        default_factory=list,
        example="[../2025, archive/cstd28.docx]",
        description="Prior submissions `check` and `build` compare with, in addition to "
        "the shipped seeds: files or folders, absolute or relative to "
        "submission.yaml.",
        json_schema_extra=_or_nothing,
    )
    style: dict[str, bool] = _field(
        default_factory=dict,
        example="{style-per-cent: false}",
        description="House-style rules to switch off: rule id: false.",
    )
    word_limit: int = _field(120, ge=1, example=120, description="Most words in one bullet before a warning.")
    part_word_budget: int | None = _field(
        None, ge=1, example=1500, description="Most words in one Part before a warning; none if unset."
    )
    language: Language | None = _field(
        None, example="fr-FR", description="The text's proofing language in Word (default en-GB)."
    )

    @field_validator("executive_summary", "order", "priors", mode="before")
    @classmethod
    def _nothing_is_empty(cls, value: Any, info) -> Any:
        """`order:` with nothing after it (comments only) is an empty mapping, not an error."""
        if value is None:
            return {} if info.field_name == "order" else []
        return value


class Record(_Schema):
    """One bullet of an entity's report, filed under an outline section."""

    id: str = _field(
        description="Unique within the submission; used by `order:`. An id may contain " + ID_WORDS + ".",
        example="ige-8",
        min_length=1,
        pattern=ID_PATTERN,
        json_schema_extra=_NUMBER_OR_TEXT,
    )
    section: str = _field(
        description="An outline section id: see `c7draft outlines`.",
        example="3a",
        min_length=1,
        json_schema_extra=_NUMBER_OR_TEXT,
    )
    text: str = _field(
        description="The bullet's text, in CommonMark: *italic*, [words](https://...), "
        "^[an inline footnote], [^label] for a note under `footnotes:`.",
        example="the bullet's text",
        min_length=1,
    )
    footnotes: dict[str, str] = _field(
        default_factory=dict,
        example="{label: note text}",
        description="The texts of the [^label] notes placed in `text`.",
    )


class RecordsFile(_Schema):
    """A records file (e.g. unctad.yaml): one entity's bullets."""

    entity: str = _field(
        description="Must match a `short:` in submission.yaml.", example="UNCTAD", min_length=1
    )
    records: list[Record] = _field(
        description="The entity's bullets.",
        example="a list of {id, section, text}",
        json_schema_extra=_or_nothing,
    )

    @field_validator("records", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class Section(_Schema):
    """A section of the questionnaire that records are filed under."""

    id: str = _field(
        description="The section id records are filed under.",
        example="3a",
        min_length=1,
        json_schema_extra=_NUMBER_OR_TEXT,
    )
    prompt: str | None = _field(
        None,
        description="The questionnaire's prompt; none for a section with no prompt.",
        example="a) Innovative policies ...",
    )


class Part(_Schema):
    """A Part of the submission and its sections."""

    number: int = _field(
        description="The Part's number (Part 1 is always the executive summary).", example=2, ge=2
    )
    title: str = _field(
        description="The Part's heading.", example="Innovations and Future Initiatives", min_length=1
    )
    sections: list[Section] = _field(
        description="The Part's sections, in order.", example="a list of {id, prompt}", min_length=1
    )


class Outline(_Schema):
    """The questionnaire of one CSTD session: Part headings, sections and prompts."""

    session: int | None = _field(None, description="The CSTD session the outline is for.", example=29)
    input_heading: str = _field(
        description="jinja2 over the session's values, e.g. {{ reporting_year }}.",
        example="Input for the CSTD report on WSIS follow-up",
    )
    summary_title: str = _field(
        "Executive Summary", description="The heading of Part 1.", example="Executive Summary"
    )
    parts: list[Part] = _field(
        description="Parts 2 onwards.", example="a list of {number, title, sections}", min_length=1
    )
