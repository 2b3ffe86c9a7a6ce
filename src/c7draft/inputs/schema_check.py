"""The fast path of input validation: an input file's data checked against its committed
JSON Schema (schemas/*.json, generated from the pydantic models in ``models``), so
that loading valid inputs never imports pydantic (about 110 ms of imports and model
building, a third of a build).

The rule: ``fast_validate`` either returns exactly the values pydantic would give
(numbers written for text become text, text is stripped, defaults filled in; a test
compares the two on every sample) or returns None, and the caller asks pydantic, whose
errors ``schema_errors`` explains. Anything unusual (a date written as text, a number
where text is expected) takes the slow path, so this validator only
needs the plain cases. Written by hand: a JSON Schema library would cost as much to import
as it saves, and none applies pydantic's coercions.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from types import SimpleNamespace
from typing import Any

_NOT = object()  # "not valid here": the slow path decides
# Python's str.strip() also removes these; pydantic's (Rust's) trim does not.
_STRIP_DIFFERS = frozenset("\x1c\x1d\x1e\x1f")
_DIGITS = re.compile(r"0|[1-9][0-9]{0,8}")  # a whole number in its plain form


class Fields(SimpleNamespace):
    """A validated object of an input file, read by attribute like the pydantic model."""

    def model_dump(self) -> dict[str, Any]:
        return {name: _dump(value) for name, value in vars(self).items()}


def _dump(value: Any) -> Any:
    if isinstance(value, Fields):
        return value.model_dump()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


@cache
def schema(kind: str) -> dict:
    from .schema import schema_file

    return json.loads(schema_file(kind).read_text(encoding="utf-8"))


def fast_validate(kind: str, data: Any) -> Fields | None:
    """``data`` (read from a YAML file of ``kind``) as validated Fields, or None if pydantic
    must decide (an error to explain, or a value to coerce)."""
    root = schema(kind)
    result = _check(root, data, root)
    return None if result is _NOT else result


@cache
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _check(node: dict, value: Any, root: dict) -> Any:
    if "$ref" in node:
        node = root["definitions"][node["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in node:
        for option in node["anyOf"]:
            result = _check(option, value, root)
            if result is not _NOT:
                return result
        return _NOT
    types = _types(node)
    kind = type(value)
    if "enum" in node:
        return str(value) if kind is str and value in node["enum"] else _NOT
    if "string" in types and (kind is str or (kind is int and "integer" in types)):
        return _string(node, value)
    if kind is str and "integer" in types and _DIGITS.fullmatch(value):
        value, kind = int(value), int  # yamlfile keeps numbers as text; pydantic reads them
    if kind is int and "integer" in types:
        if value < node.get("minimum", value) or value > node.get("maximum", value):
            return _NOT
        return value
    if kind is bool and "boolean" in types:
        return value
    if value is None and "null" in types:  # nothing under the key of a list or mapping: empty
        empty = _empty(types)
        return None if empty is _NOT else empty
    if kind is date and node.get("format") == "date":
        return value
    if isinstance(value, list) and "array" in types:
        items = [_check(node.get("items", {}), item, root) for item in value]
        return _NOT if len(items) < node.get("minItems", 0) or _NOT in items else items
    if isinstance(value, dict) and "object" in types:
        return _object(node, value, root) if "properties" in node else _mapping(node, value, root)
    return _NOT


def _string(node: dict, value: str | int) -> Any:
    if "format" in node:  # a date or a number written as text: pydantic parses it
        return _NOT
    text = str(value)
    if text[:1] in _STRIP_DIFFERS or text[-1:] in _STRIP_DIFFERS:
        return _NOT
    text = text.strip()
    if len(text) < node.get("minLength", 0):
        return _NOT
    if "pattern" in node and not _pattern(node["pattern"]).search(text):
        return _NOT
    return text


def _object(node: dict, value: dict, root: dict) -> Any:
    properties = node["properties"]
    if any(type(key) is not str or key not in properties for key in value):
        return _NOT
    fields = {}
    for name, prop in properties.items():
        if name in value:
            fields[name] = _check(prop, value[name], root)
            if fields[name] is _NOT:
                return _NOT
        elif name in node.get("required", ()):
            return _NOT
        elif "default" in prop:
            fields[name] = prop["default"]
        elif (empty := _empty(_types(prop))) is not _NOT:  # the models' default_factory=list / dict
            fields[name] = empty
        else:
            return _NOT
    return Fields(**fields)


def _types(node: dict) -> tuple[str, ...]:
    types = node.get("type", ())
    return (types,) if isinstance(types, str) else tuple(types)


def _empty(types: tuple[str, ...]) -> Any:
    """An empty list or mapping for a node of those types, or _NOT."""
    return [] if "array" in types else {} if "object" in types else _NOT


def _mapping(node: dict, value: dict, root: dict) -> Any:
    items = node.get("additionalProperties", {})
    result = {}
    for key, item in value.items():
        if type(key) is int:  # `2:` read as the number 2: pydantic makes it the text "2"
            key = str(key)
        elif type(key) is not str or key != key.strip():
            return _NOT
        result[key] = _check(items, item, root)
        if result[key] is _NOT:
            return _NOT
    return result if len(result) == len(value) else _NOT
