"""The JSON Schema an editor uses agrees with the loader: generated from the same models,
committed under schemas/, named by a modeline at the top of every input file."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from c7draft.assemble import load_draft
from c7draft.errors import InputError
from c7draft.inputs import folder_outline
from c7draft.inputs.schema import (
    FOLDER_SCHEMAS,
    KINDS,
    folder_records_schema,
    modeline,
    schema_text,
)

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(
    [
        *ROOT.glob("sample_inputs/*/*.yaml"),
        *ROOT.glob("tests/data/minimal/*.yaml"),
        *ROOT.glob("templates/outlines/*.yaml"),
    ]
)
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def as_json(value):
    """The values as a JSON-Schema editor sees them: a YAML date is text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def schema_named_in(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = MODELINE.match(first)
    assert m, f"{path} does not start with a yaml-language-server modeline: {first!r}"
    return (path.parent / m.group(1)).resolve()


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_the_generated_one(kind):
    committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), f"schemas/{kind}.schema.json is stale: run `make docs`"


def test_schemas_are_draft_7_for_the_editors_yaml_extension():
    for kind in KINDS:
        schema = json.loads(schema_text(kind))
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(schema)
        assert "$defs" not in json.dumps(schema)


def test_schema_command_prints_it():
    run = subprocess.run(
        [sys.executable, "-m", "c7draft", "schema", "records"], capture_output=True, text=True
    )
    assert run.returncode == 0
    schema = json.loads(run.stdout)
    assert schema["properties"]["records"]["items"] == {"$ref": "#/definitions/Record"}
    assert schema["definitions"]["Record"]["properties"]["id"]["description"].startswith(
        "Unique within the submission; used by `order:`. An id may contain letters, digits"
    )


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_input_file_validates_against_the_schema_in_its_modeline(path):
    schema_file = schema_named_in(path)
    kind = (
        "outline"
        if "outlines" in path.parts
        else "submission"
        if path.name == "submission.yaml"
        else "records"
    )
    if kind != "outline":  # an inputs folder carries its own, as `init` and `import` write them
        assert schema_file == path.parent / FOLDER_SCHEMAS[kind]
        assert schema_file.read_text(encoding="utf-8") == (
            folder_records_schema(*folder_outline(path.parent)) if kind == "records" else schema_text(kind)
        ), f"{schema_file} is stale: run `make docs`"
        shipped = schema_file
    else:
        assert schema_file == (ROOT / "schemas" / f"{kind}.schema.json").resolve()
        shipped = None
    assert (
        MODELINE.match(modeline(kind, path, shipped))[1]
        == MODELINE.match(path.read_text().splitlines()[0])[1]
    )
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.validate(as_json(YAML(typ="safe").load(path.read_text(encoding="utf-8"))), schema)


def test_modeline_points_at_the_schema_relative_to_the_file(tmp_path):
    assert (
        modeline("records", ROOT / "sample_inputs" / "2030" / "itc.yaml")
        == "# yaml-language-server: $schema=../../schemas/records.schema.json"
    )
    line = modeline("outline", tmp_path / "my-outline.yaml")
    assert (tmp_path / MODELINE.match(line)[1]).resolve() == (
        ROOT / "schemas" / "outline.schema.json"
    ).resolve()


def test_schema_and_loader_reject_the_same_mistyped_key(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    for path in (ROOT / "tests" / "data" / "minimal").iterdir():
        (folder / path.name).write_text(
            path.read_text(encoding="utf-8").replace("    section: 3b", "    sectoin: 3b"), encoding="utf-8"
        )
    records = folder / "unctad.yaml"
    assert "sectoin" in records.read_text(encoding="utf-8")
    schema = json.loads(
        schema_named_in(ROOT / "tests" / "data" / "minimal" / "unctad.yaml").read_text(encoding="utf-8")
    )
    with pytest.raises(jsonschema.ValidationError) as by_schema:
        jsonschema.validate(as_json(YAML(typ="safe").load(records.read_text(encoding="utf-8"))), schema)
    assert "'sectoin' was unexpected" in by_schema.value.message
    with pytest.raises(InputError) as by_loader:
        load_draft(folder)
    assert "unctad.yaml:11:5: unknown key `sectoin`" in str(by_loader.value)


def test_schema_knows_the_keys_other_commands_read():
    submission = json.loads(schema_text("submission"))
    assert {"priors", "style", "word_limit", "part_word_budget"} <= set(submission["properties"])
    assert submission["properties"]["word_limit"]["default"] == 120
    role = submission["definitions"]["Entity"]["properties"]["role"]
    assert role["enum"] == ["co-facilitator", "contributor"] and role["default"] == "co-facilitator"


def test_a_folders_records_schema_takes_only_its_outlines_sections(tmp_path):
    schema = json.loads(folder_records_schema(*folder_outline(ROOT / "sample_inputs" / "2025")))
    records = {"entity": "ITC", "records": [{"id": "a", "section": "2", "text": "x"}]}
    jsonschema.validate(records, schema)
    records["records"][0]["section"] = 2  # `section: 2` unquoted
    jsonschema.validate(records, schema)
    records["records"][0]["section"] = "9"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(records, schema)
    section = schema["definitions"]["Record"]["properties"]["section"]
    assert section["errorMessage"] == "not a section of outline `cstd29`: use one of 2, 3a, 3b"


@pytest.mark.parametrize(
    "value, valid",
    [
        ("2026-02-28", True),
        ("2028-02-29", True),
        ("2000-02-29", True),
        ("2026-02-29", False),
        ("2100-02-29", False),
        ("2026-02-30", False),
        ("2026-04-31", False),
        ("2026-13-01", False),
    ],
)
def test_the_editor_knows_the_calendar(value, valid):
    opens = json.loads(schema_text("submission"))["properties"]["opens"]
    assert bool(re.fullmatch(opens["pattern"], value)) is valid


@pytest.mark.parametrize(
    "value, valid", [(29, True), ("29", True), ("0", False), ("201", False), ("29th", False)]
)
def test_a_quoted_session_is_a_number_to_the_editor_too(value, valid):
    session = json.loads(schema_text("submission"))["properties"]["session"]
    ok = jsonschema.Draft7Validator(session).is_valid(value)
    assert ok is valid
