"""The fast path of input validation (the committed JSON Schema, no pydantic) gives exactly
what pydantic gives, or steps aside: on the samples, the shipped outlines and the tricky
values a person types. A build of valid inputs does not import pydantic at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from c7draft.inputs import SUBMISSION_FILE, shipped_outlines
from c7draft.inputs import models as input_models
from c7draft.inputs.schema_check import fast_validate
from c7draft.inputs.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[1]
MODELS = {
    "submission": input_models.Submission,
    "records": input_models.RecordsFile,
    "outline": input_models.Outline,
}


def kind_of(path: Path) -> str:
    if path.parent.name == "outlines":
        return "outline"
    return "submission" if path.name == SUBMISSION_FILE else "records"


def files() -> list[Path]:
    samples = sorted((ROOT / "sample_inputs").glob("*/*.yaml"))
    return samples + shipped_outlines() + [ROOT / "tests" / "data" / "minimal" / SUBMISSION_FILE]


@pytest.mark.parametrize("path", files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_path_takes_every_shipped_file_and_agrees_with_pydantic(path):
    kind, data = kind_of(path), read_yaml(path)
    fast = fast_validate(kind, data)
    assert fast is not None
    assert typed(fast.model_dump()) == typed(MODELS[kind].model_validate(data).model_dump())


SUBMISSION = """session: 29
opens: 2026-04-20
closes: 2026-04-24
venue: Geneva
action_line: {code: C7, name: e-business}
outline: cstd29
lead: UNCTAD
entities:
  - {short: UNCTAD, name: UN Trade & Development, records: unctad.yaml}
"""
RECORDS = """entity: UNCTAD
records:
  - id: ige-8
    section: 3a
    text: plain
"""

# (kind, a line replaced or added, the line it replaces or None to add it)
VARIANTS = [
    ("submission", "session: 029", "session: 29"),
    ("submission", "session: 0", "session: 29"),
    ("submission", "session: 201", "session: 29"),
    ("submission", "session: 29.0", "session: 29"),
    ("submission", "session: '29'", "session: 29"),
    ("submission", "session: true", "session: 29"),
    ("submission", "session: ' 29'", "session: 29"),
    ("submission", "session:", "session: 29"),
    ("submission", "opens: '2026-04-20'", "opens: 2026-04-20"),
    ("submission", "opens: 2026-04-20 10:00:00", "opens: 2026-04-20"),
    ("submission", "venue: '  Geneva  '", "venue: Geneva"),
    ("submission", "venue: '   '", "venue: Geneva"),
    ("submission", "venue: 12", "venue: Geneva"),
    ("submission", 'venue: "Geneva\\x85"', "venue: Geneva"),
    ("submission", 'venue: "Geneva\\u00a0"', "venue: Geneva"),
    ("submission", "venue: ''", "venue: Geneva"),
    (
        "submission",
        "entities: []",
        "entities:\n  - {short: UNCTAD, name: UN Trade & Development, records: unctad.yaml}",
    ),
    ("submission", "executive_summary:", None),
    ("submission", "executive_summary: [' a ', b]", None),
    ("submission", "order:", None),
    ("submission", "order: {2: [a, b], 3a: [c]}", None),
    ("submission", "order: {2: [8]}", None),
    ("submission", "order: {2: [a], 3: [b]}", None),
    ("submission", "priors: [../2025]", None),
    ("submission", "style: {style-per-cent: false}", None),
    ("submission", "style: {a: 'no'}", None),
    ("submission", "word_limit: 90", None),
    ("submission", "word_limit: 0", None),
    ("submission", "part_word_budget: 1500", None),
    ("submission", "part_word_budget:", None),
    ("submission", "language: fr-FR", None),
    ("submission", "language: fr", None),
    ("submission", "language:", None),
    ("submission", "lead: [UNCTAD]", "lead: UNCTAD"),
    ("submission", "venu: Geneva", "venue: Geneva"),
    ("submission", "extra: 1", None),
    ("submission", "  - {short: ITC, name: ITC, records: itc.yaml, role: contributor}", None),
    ("submission", "  - {short: ITC, name: ITC, records: itc.yaml, role: boss}", None),
    ("submission", "  - {short: ITC, name: ITC, records: itc.yaml, disclaimer_name: the ITC}", None),
    ("records", "  - id: 8", "  - id: ige-8"),
    ("records", "  - id: ige 8", "  - id: ige-8"),
    ("records", "  - id: ' ige-8 '", "  - id: ige-8"),
    ("records", "  - id: -ige", "  - id: ige-8"),
    ("records", "    section: 2", "    section: 3a"),
    ("records", "    text: >\n      folded\n", "    text: plain"),
    ("records", "    text: |\n      kept\n\n", "    text: plain"),
    ("records", "    text: ''", "    text: plain"),
    ("records", "    footnotes: {1: a note, b: ' c '}", None),
    ("records", "    footnotes: {a: [x]}", None),
    ("records", "records:", "records:\n  - id: ige-8\n    section: 3a\n    text: plain"),
    # one kind of value where another is expected, and keys that are neither text nor a number
    ("submission", "executive_summary: one paragraph", None),
    ("submission", "order: 2", None),
    ("submission", "order: {2.5: [a]}", None),
    ("records", "    footnotes: a note", None),
    ("records", "    footnotes: {true: a note}", None),
    ("records", "    section: [3a]", "    section: 3a"),
]

# Valid values a person types every year: the fast path must take them (pydantic's import and
# model building are a third of a build), not only agree with pydantic when it does.
TAKEN = [
    ("submission", "venue: '  Geneva  '", "venue: Geneva"),
    ("submission", "executive_summary: [' a ', b]", None),
    ("submission", "order: {2: [a, b], 3a: [c]}", None),
    ("submission", "priors: [../2025]", None),
    ("submission", "style: {style-per-cent: false}", None),
    ("submission", "word_limit: 90", None),
    ("submission", "language: fr-FR", None),
    ("submission", "  - {short: ITC, name: ITC, records: itc.yaml, role: contributor}", None),
    ("records", "    section: 2", "    section: 3a"),
    ("records", "    footnotes: {1: a note, b: ' c '}", None),
]


def variant(tmp_path: Path, kind: str, new: str, old: str | None):
    """The file of ``kind`` with the line ``old`` replaced by ``new`` (added if None), read."""
    text = SUBMISSION if kind == "submission" else RECORDS
    path = tmp_path / "file.yaml"
    path.write_text(text.replace(old, new) if old else text + new + "\n", encoding="utf-8")
    return read_yaml(path)


@pytest.mark.parametrize("kind, new, old", VARIANTS)
def test_fast_path_agrees_with_pydantic_or_steps_aside(tmp_path, kind, new, old):
    data = variant(tmp_path, kind, new, old)
    fast = fast_validate(kind, data)
    try:
        expected = MODELS[kind].model_validate(data).model_dump()
    except ValidationError:
        assert fast is None  # an error: pydantic explains it
    else:
        assert fast is None or typed(fast.model_dump()) == typed(expected)


@pytest.mark.parametrize("kind, new, old", TAKEN)
def test_fast_path_takes_the_plain_values_of_every_year(tmp_path, kind, new, old):
    data = variant(tmp_path, kind, new, old)
    fast = fast_validate(kind, data)
    assert fast is not None
    assert typed(fast.model_dump()) == typed(MODELS[kind].model_validate(data).model_dump())


@pytest.mark.parametrize("text", ["\x1cplain", "plain\x1f", " plain\u2028", "\x85plain\u3000"])
def test_text_is_stripped_of_what_pydantic_strips_and_no_more(text):
    """Python's str.strip() also removes U+001C..U+001F, which pydantic keeps. yamlfile
    refuses them in a file; the fast path, given data with them, still steps aside."""
    data = {"entity": "UNCTAD", "records": [{"id": "a", "section": "3a", "text": text}]}
    fast = fast_validate("records", data)
    expected = MODELS["records"].model_validate(data).model_dump()
    assert fast is None or typed(fast.model_dump()) == typed(expected)


def test_numbers_given_for_text_become_text_as_pydantic_makes_them():
    """yamlfile reads `section: 2` as the text "2"; data made in Python may hold the number,
    which the fast path turns into text as pydantic does, and a list it leaves to pydantic."""
    data = {"entity": "UNCTAD", "records": [{"id": 8, "section": 2, "text": "plain"}]}
    fast = fast_validate("records", data)
    assert fast is not None
    assert typed(fast.model_dump()) == typed(MODELS["records"].model_validate(data).model_dump())
    assert fast.records[0].section == "2"


def typed(value):
    """``value`` with each leaf's type beside it: True and 1, or "2" and 2, differ here."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


@pytest.mark.parametrize(
    "kind, new, old",
    [
        ("submission", "executive_summary:", None),
        ("submission", "order:", None),
        ("submission", "priors:", None),
        ("records", "records:", "records:\n  - id: ige-8\n    section: 3a\n    text: plain"),
    ],
)
def test_nothing_under_a_list_key_is_read_as_empty_on_the_fast_path_too(tmp_path, kind, new, old):
    """`init` writes `records:` and `order:` with only comments under them: valid, and empty."""
    data = variant(tmp_path, kind, new, old)
    fast = fast_validate(kind, data)
    assert fast is not None and typed(fast.model_dump()) == typed(
        MODELS[kind].model_validate(data).model_dump()
    )
    key = new.rstrip(":")
    assert fast.model_dump()[key] == ({} if key == "order" else [])


def test_a_build_of_valid_inputs_does_not_import_pydantic(tmp_path):
    script = (
        "import sys\nfrom c7draft.build import build_submission\n"
        f"build_submission({str(ROOT / 'sample_inputs' / '2025')!r}, {str(tmp_path / 'out.docx')!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_the_fast_path_strips_text_and_reads_numbers_as_pydantic_does(tmp_path):
    path = tmp_path / "unctad.yaml"
    path.write_text(
        RECORDS.replace("  - id: ige-8", "  - id: 8").replace("text: plain", "text: >\n      folded\n"),
        encoding="utf-8",
    )
    fast = fast_validate("records", read_yaml(path))
    assert (fast.records[0].id, fast.records[0].text, fast.records[0].footnotes) == ("8", "folded", {})
