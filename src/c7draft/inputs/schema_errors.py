"""pydantic's validation errors in plain words, at the YAML line and column they concern.

A record is named by its id and line (not `records.2`), an id's rule is said in words, a
date shows the form to type, and a misspelt key gets a "did you mean". Every error of a
file is returned, not only the first.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is imported only when a file has a problem to explain
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails

from ..errors import InputError, Problem
from ..wording import closest, did_you_mean
from .yamlfile import YamlMap, key_position, value_position

ID_WORDS = "letters, digits and the signs - _ . (no spaces), starting with a letter or digit"


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[Any, Any] | None:
    """The container holding the last key of ``loc``, and that key as the YAML has it."""
    node = data
    for key in loc[:-1]:
        try:
            node = node[_key(node, key)]
        except (KeyError, TypeError, IndexError):
            return None
    return (node, _key(node, loc[-1])) if loc else None


def _key(node: Any, key: Any) -> Any:
    """The key of ``node`` that ``key`` names: YAML `2:` is the int 2, pydantic says "2"."""
    if isinstance(node, dict):
        return next((k for k in node if str(k) == str(key)), key)
    return key


def locate(data: Any, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    """Where the deepest part of ``loc`` found in the file stands (its key, or its item)."""
    for n in range(len(loc), 0, -1):
        found = _walk(data, loc[:n])
        pos = key_position(*found) if found else None
        if pos:
            return pos
    return getattr(data, "at", (None, None))


def value_at(data: Any, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    found = _walk(data, loc)
    return (value_position(*found) if found else None) or locate(data, loc)


def _cut_at_comma(node: Any, key: Any) -> tuple[Any, str] | None:
    """The key whose text value ``key`` was cut from at a comma, and that value as meant:
    `{short: X, name: A, B, C, records: x.yaml}` reads `B` and `C` as keys with no value, on
    the line of the text value before them (a block mapping's keys have lines of their
    own, and there a comma is part of the value)."""
    if not isinstance(node, YamlMap) or node.get(key, "") is not None:
        return None
    keys = list(node)
    line = node.keys_at.get(key, (0,))[0]

    def cut(k: Any) -> bool:  # a key with no value on that line
        return node[k] is None and node.keys_at.get(k, (0,))[0] == line

    first = last = keys.index(key)
    while first and cut(keys[first - 1]):
        first -= 1
    while last + 1 < len(keys) and cut(keys[last + 1]):
        last += 1
    before = keys[first - 1] if first else None
    if before is None or not isinstance(node[before], str) or node.values_at.get(before, (0,))[0] != line:
        return None
    return before, ", ".join([node[before], *map(str, keys[first : last + 1])])


def _not_in_calendar(text: Any) -> str | None:
    """Why a date written as YYYY-MM-DD is not one of the calendar (2026-02-30), or None."""
    if not (isinstance(text, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip())):
        return None
    try:
        date.fromisoformat(text.strip())
    except ValueError as exc:
        return str(exc)
    return None


def _example(model: type[BaseModel], field: str) -> str:
    info = model.model_fields.get(field)
    return str(info.examples[0]) if info and info.examples else "..."


_NAMED = {
    "records": ("record", "id"),
    "entities": ("entity", "short"),
    "parts": ("Part", "number"),
    "sections": ("section", "id"),
}


def _name(data: Any, loc: tuple[Any, ...]) -> str:
    """`records.2.text` in words: "`text` of record `ige-8` (line 12)"."""
    for n in range(len(loc) - 1, 0, -1):
        if isinstance(loc[n], int) and loc[n - 1] in _NAMED:
            found = _walk(data, loc[: n + 1])
            item = found[0][found[1]] if found else None
            what, key = _NAMED[loc[n - 1]]
            line = (key_position(*found) or (None,))[0] if found else None
            label = item.get(key) if isinstance(item, dict) else None
            named = f"{what} `{label}`" if label not in (None, "") else f"the {what} on line {line}"
            if label not in (None, "") and line:
                named += f" (line {line})"
            rest = ".".join(str(p) for p in loc[n + 1 :])
            return f"`{rest}` of {named}" if rest else named
    # an item of a list of texts (`executive_summary`); the data is a mapping, so never loc[0]
    if loc and isinstance(loc[-1], int):
        line = (key_position(*found) or (None,))[0] if (found := _walk(data, loc)) else None
        return f"item {loc[-1] + 1} of `{'.'.join(str(p) for p in loc[:-1])}`" + (
            f" (line {line})" if line else ""
        )
    return f"`{'.'.join(str(p) for p in loc)}`" if loc else "the file"


def validate(model: type[BaseModel], data: Any, path: Path) -> Any:
    if data is None:
        raise InputError(
            f"{path.name} is empty",
            file=path,
            line=1,
            rule="schema-empty",
            hint=f"see docs/input-format.md for what goes in {path.name}",
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "plain text"
        first = next(iter(model.model_fields))
        raise InputError(
            f"{path.name} must be a mapping of keys (key: value), not {kind}",
            file=path,
            line=1,
            rule="schema-not-mapping",
            hint=f"start each top-level line with a key, e.g. `{first}: {_example(model, first)}`",
        )
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key shows up twice: as unknown (with "did you mean") and its right name as
        # missing. Report the unknown one only.
        meant = set()
        for e in errors:
            if e["type"] == "extra_forbidden":
                allowed = list(_owner(model, tuple(e["loc"])).model_fields)
                if best := closest(str(e["loc"][-1]), allowed):
                    meant.add((tuple(e["loc"][:-1]), best))
        raise InputError(
            problems=[
                _explain(e, model, data, path)
                for e in errors
                if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), str(e["loc"][-1])) in meant)
            ]
        ) from None


def _owner(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The schema class that owns the last key of ``loc``."""
    from pydantic import BaseModel

    current = model
    for key in loc[:-1]:
        if isinstance(key, int) or current is None:
            continue
        info = current.model_fields.get(key)
        if info is None:
            return current
        annotation = info.annotation
        args = getattr(annotation, "__args__", ()) or ()
        inner = next(
            (a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
        if inner is None:
            return current
        current = inner
    return current


def _explain(error: ErrorDetails, model: type[BaseModel], data: Any, path: Path) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    owner = _owner(model, loc)
    key = loc[-1] if loc else ""

    def problem(message: str, hint: str, rule: str, at: tuple[int | None, int | None]) -> Problem:
        return Problem(str(path), at[0], at[1], "error", rule, message, hint)

    if kind == "extra_forbidden":
        found = _walk(data, loc)
        if found and (cut := _cut_at_comma(*found)):
            before, whole = cut
            return problem(
                f"unknown key `{key}`: between {{ }} a comma ends a value, so `{before}:` stops before it",
                f'put the whole value in quotes: `{before}: "{whole}"`',
                "schema-unknown-key",
                locate(data, loc),
            )
        allowed = list(owner.model_fields)
        hint = did_you_mean(str(key), allowed) + f"Allowed keys here: {', '.join(allowed)}."
        return problem(f"unknown key `{key}`", hint, "schema-unknown-key", locate(data, loc))
    if kind == "missing":
        where = f" in {_name(data, loc[:-1])}" if len(loc) > 1 else ""
        at = locate(data, loc[:-1]) if len(loc) > 1 else (1, 1)
        return problem(
            f"missing `{key}`{where}", f"add `{key}: {_example(owner, str(key))}`", "schema-missing-key", at
        )
    at = value_at(data, loc) if loc else (1, 1)
    got = error.get("input")
    if isinstance(got, date):  # a YAML date or date and time: show it as typed
        got = got.isoformat(sep=" ") if isinstance(got, datetime) else got.isoformat()
    shown = got[:57] + "…" if isinstance(got, str) and len(got) > 60 else got  # a paragraph: its start
    got_text = f", got {shown!r}" if not isinstance(got, (dict, list)) else ""
    expected = _example(owner, str(key)) if isinstance(key, str) else ""
    name = _name(data, loc)
    if kind.startswith("date") and (reason := _not_in_calendar(got)):
        return problem(
            f"{name}: `{got}` is not a date of the calendar ({reason})",
            f"write a real date as YYYY-MM-DD, e.g. `{key}: {expected}`",
            "schema-date",
            at,
        )
    if kind.startswith("date"):
        return problem(
            f"{name} must be a date written like {expected}{got_text}",
            f"write the date as YYYY-MM-DD, e.g. `{key}: {expected}`",
            "schema-date",
            at,
        )
    if kind == "string_pattern_mismatch":
        return problem(
            f"{name}: an id may contain only {ID_WORDS}{got_text}",
            f"e.g. `id: {str(got).strip().replace(' ', '-') or 'ige-8'}`",
            "schema-id",
            at,
        )
    if got is None:  # `venue:` with nothing after it
        return problem(
            f"{name} has no value",
            f"write it after the colon, e.g. `{key}: {expected}`" if expected else "write it after the colon",
            "schema-value",
            at,
        )
    if kind == "list_type" and isinstance(got, str):  # `executive_summary: >-` and one paragraph
        return problem(
            f"{name} holds one text, where a list is expected",
            f"put each item on its own line under `{key}:`, starting with `- ` (for a text, `- >-`)",
            "schema-value",
            at,
        )
    if kind == "dict_type" and isinstance(got, (list, str)):  # `- der: ...`; one text
        shape = "is written as a list (with `- `)" if isinstance(got, list) else "holds one text"
        return problem(
            f"{name} {shape}, where `name: value` entries are expected",
            f"write each entry as `name: value` under `{key}:`, without the `- `, e.g. `{key}: {expected}`",
            "schema-value",
            at,
        )
    if kind == "string_type" and isinstance(key, int) and isinstance(got, dict) and len(got) == 1:
        return problem(  # `- Note: the text`: the `: ` made the item's first words a key
            f"{name} must be text, not a mapping: the `: ` after `{next(iter(got))}` makes YAML read "
            "the words before it as a key",
            "put the text in a block: `- >-` with the text indented on the next lines, or in double quotes",
            "schema-value",
            at,
        )
    if kind == "string_type":  # `der: [See, this]`: brackets made a list of the text
        what = "a list" if isinstance(got, list) else "a mapping" if isinstance(got, dict) else f"{got!r}"
        example = f", e.g. `{key}: {expected}`" if expected not in ("", "...") else ""
        after = "" if isinstance(key, int) else f" after `{key}:`"  # an item: `- x` or `[x, y]`
        return problem(
            f"{name} must be text, not {what}",
            f"write it as one text{after}{example} (in quotes if it starts with `[` or `{{`)",
            "schema-value",
            at,
        )
    if kind == "int_parsing":  # `session: 29th`, `session: XXIX`
        return problem(
            f"{name} must be a whole number written in figures{got_text}",
            f"e.g. `{key}: {expected}`" if expected else "write it in figures",
            "schema-value",
            at,
        )
    message = f"{name}: {error['msg'][0].lower()}{error['msg'][1:]}{got_text}"
    hint = f"e.g. `{key}: {expected}`" if expected else "see docs/input-format.md"
    return problem(message, hint, "schema-value", at)
