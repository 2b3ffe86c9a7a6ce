"""The JSON Schema of each input file kind, generated from the pydantic models in
``models`` (one source for the loader and the editor), and the modeline that points
an editor at it.

The generated files are committed under schemas/ at the top of the repository and ship
in the wheel; a test checks that they match what this module generates.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..resources import data_dir

if TYPE_CHECKING:  # pydantic is imported where a schema is made, not by every command
    from pydantic import BaseModel

KINDS = ("submission", "records", "outline")


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
    return schema


def _drop_prose_examples(node: object) -> None:
    """The models' examples of lists and mappings are words for error hints ("a list of
    {id, section, text}"), not values an editor should offer: keep only the scalar ones."""
    if isinstance(node, dict):
        if "examples" in node and ("$ref" in node or node.get("type") in ("array", "object")):
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


def modeline(kind: str, yaml_file: Path) -> str:
    """The first line of a YAML file of ``kind`` written at ``yaml_file``: it points the
    editor's YAML extension (yaml-language-server) at the schema, relative to the file."""
    target = schema_file(kind).resolve()
    try:
        where = Path(os.path.relpath(target, Path(yaml_file).resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        where = target.as_uri()
    return f"# yaml-language-server: $schema={where}"
