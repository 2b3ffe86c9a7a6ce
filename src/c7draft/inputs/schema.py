"""The JSON Schema of each input file kind, generated from the pydantic models in
``models`` (one source for the loader and the editor), and the modeline that points
an editor at it.

The generated files are committed under schemas/ at the top of the repository and ship
in the wheel; a test checks that they match what this module generates.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..resources import data_dir
from .schema_errors import ID_WORDS

if TYPE_CHECKING:
    from .models import Outline

if TYPE_CHECKING:  # pydantic is imported where a schema is made, not by every command
    from pydantic import BaseModel

KINDS = ("submission", "records", "outline")
# The schemas an inputs folder carries for the editor, by kind, beside submission.yaml. The
# records one has the section ids of the folder's outline, which a shared schema cannot know
# (`c7draft schema records --folder`); the others are copies of the shipped ones, so that a
# file's first line names its schema by a path that moves with the folder (to a colleague's
# machine, a shared drive, another Python), not by one into this machine's installed package.
FOLDER_SCHEMAS = {kind: f"{kind}.schema.json" for kind in KINDS}
FOLDER_SCHEMA = FOLDER_SCHEMAS["records"]

# A date of the Gregorian calendar as YYYY-MM-DD: JSON Schema's `format: date` is only the
# shape (the editor's YAML extension accepts 2026-02-30), so the calendar is spelled out:
# 29 February only in a year divisible by 4 and not by 100, or by 400.
_LEAP = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[048]|[2468][048]|[13579][26])00)"
REAL_DATE = (
    r"^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    rf"|02-(?:0[1-9]|1[0-9]|2[0-8]))|{_LEAP}-02-29)$"
)


def json_schema(kind: str) -> dict:
    from .models import Outline, RecordsFile, Submission

    models: dict[str, type[BaseModel]] = {
        "submission": Submission,
        "records": RecordsFile,
        "outline": Outline,
    }
    model = models[kind]
    # Draft 7: the version the editors' YAML extension (yaml-language-server) supports fully.
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", **schema}
    if "$defs" in schema:
        schema["definitions"] = schema.pop("$defs")
    _drop_prose_examples(schema)
    _for_the_editor(schema)
    return schema


def _for_the_editor(node: object) -> None:
    """What the editor's YAML extension (yaml-language-server) can check as ``validate`` does,
    said in words (its `errorMessage` and `patternErrorMessage`): a date of the calendar, a
    number quoted or not (`session: "29"` is 29 to the loader too), an id's characters."""
    if isinstance(node, dict):
        for value in node.values():  # the inner ones first: the anyOf made below is not walked again
            _for_the_editor(value)
        if node.get("format") == "date":
            node["pattern"] = REAL_DATE
            node["patternErrorMessage"] = (
                "not a date of the calendar: write a real date as YYYY-MM-DD, e.g. 2026-04-20"
            )
        if node.get("type") == "integer":
            number = {key: node.pop(key) for key in ("type", "minimum", "maximum") if key in node}
            words = _number_words(number.get("minimum"), number.get("maximum"))
            node["anyOf"] = [
                {**number, "errorMessage": words},
                {
                    "type": "string",
                    "format": "integer",  # the loader reads the text as a number
                    "pattern": _number_pattern(number.get("minimum"), number.get("maximum")),
                    "patternErrorMessage": words,
                },
            ]
        if "pattern" in node and "patternErrorMessage" not in node and node.get("title") == "Id":
            node["patternErrorMessage"] = f"an id may contain only {ID_WORDS}"
    elif isinstance(node, list):
        for value in node:
            _for_the_editor(value)


def _number_words(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"a whole number from {low} to {high}"
    return f"a whole number of at least {low}" if low is not None else "a whole number"


def _number_pattern(low: int | None, high: int | None) -> str:
    """A regular expression for the whole numbers from ``low`` to ``high`` written as text
    (JSON Schema's minimum and maximum apply to numbers only)."""
    low = low or 0
    if high is None:  # low..99..9 of its own length, then any longer number
        longer = rf"[1-9][0-9]{{{len(str(low))},}}"
        return rf"^(?:{_digit_range(str(low), '9' * len(str(low)))}|{longer})$"
    lengths = range(len(str(low)), len(str(high)) + 1)
    return (
        "^(?:"
        + "|".join(
            _digit_range(str(max(low, 10 ** (n - 1) if n > 1 else 0)), str(min(high, 10**n - 1)))
            for n in lengths
        )
        + ")$"
    )


def _digit_range(a: str, b: str) -> str:
    """The numbers from ``a`` to ``b``, both of the same number of digits."""
    if a == b:
        return a
    if set(a) == {"0"} and set(b) == {"9"}:
        return "[0-9]" * len(a)
    if len(a) == 1:
        return f"[{a}-{b}]"
    if a[0] == b[0]:
        return a[0] + _digit_range(a[1:], b[1:])
    rest = len(a) - 1
    parts = [a[0] + _digit_range(a[1:], "9" * rest)]
    if int(b[0]) - int(a[0]) > 1:
        parts.append(f"[{int(a[0]) + 1}-{int(b[0]) - 1}]" + "[0-9]" * rest)
    parts.append(b[0] + _digit_range("0" * rest, b[1:]))
    return "(?:" + "|".join(parts) + ")"


def folder_schemas(outline_name: str, outline: Outline) -> dict[str, str]:
    """The schemas a new inputs folder carries (file name -> text): the records schema of its
    outline, the submission schema, and the outline schema when the outline is a local copy."""
    kinds = ("submission", "outline") if outline_name.endswith((".yaml", ".yml")) else ("submission",)
    return {
        FOLDER_SCHEMA: folder_records_schema(outline_name, outline),
        **{FOLDER_SCHEMAS[kind]: schema_file(kind).read_text(encoding="utf-8") for kind in kinds},
    }


def folder_records_schema(outline_name: str, outline: Outline) -> str:
    """The records schema of one inputs folder (FOLDER_SCHEMA): ``section:`` takes only the
    ids of its outline, as ``validate`` does, and the editor completes them with their prompts."""
    sections = [(s.id, s.prompt) for part in outline.parts for s in part.sections]
    schema = copy.deepcopy(json.loads(schema_file("records").read_text(encoding="utf-8")))
    ids = [section for section, _ in sections]
    prop = schema["definitions"]["Record"]["properties"]["section"]
    for key in ("type", "minLength"):
        prop.pop(key, None)
    prop["enum"] = [*ids, *(int(s) for s in ids if s.isdigit())]  # `section: 2` unquoted is a number
    prop["errorMessage"] = f"not a section of outline `{outline_name}`: use one of {', '.join(ids)}"
    prop["markdownDescription"] = (
        f"{prop['description']}\n\nThe sections of outline `{outline_name}`:\n\n"
        + "\n".join(f"- `{s}`" + (f": {' '.join(p.split())}" if p else "") for s, p in sections)
    )
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


_MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


def schema_named_in(first_line: str) -> str | None:
    """The schema a file's modeline names, as written."""
    m = _MODELINE.match(first_line)
    return m.group(1) if m else None


def _drop_prose_examples(node: object) -> None:
    """The models' examples of lists and mappings are words for error hints ("a list of
    {id, section, text}"), not values an editor should offer: keep only the scalar ones."""
    if isinstance(node, dict):
        types = node.get("type")
        types = types if isinstance(types, list) else [types]
        if "examples" in node and ("$ref" in node or {"array", "object"} & set(types)):
            del node["examples"]
        for value in node.values():
            _drop_prose_examples(value)
    elif isinstance(node, list):
        for value in node:
            _drop_prose_examples(value)


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: str) -> Path:
    if kind not in KINDS:
        raise ValueError(f"unknown file kind {kind!r}: use one of {', '.join(KINDS)}")
    return data_dir("schemas") / f"{kind}.schema.json"


def modeline(kind: str, yaml_file: Path, schema: Path | None = None) -> str:
    """The first line of a YAML file of ``kind`` written at ``yaml_file``: it points the
    editor's YAML extension (yaml-language-server) at the schema (the shipped one unless
    ``schema`` is given), relative to the file."""
    target = (schema or schema_file(kind)).resolve()
    try:
        where = Path(os.path.relpath(target, Path(yaml_file).resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        where = target.as_uri()
    return f"# yaml-language-server: $schema={where}"
