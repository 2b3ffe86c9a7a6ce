"""Property-based tests: for ANY generated input, `build` ends in exactly one of two ways.

- a .docx whose every XML part parses, that python-docx reopens, and in which every
  footnote reference has its footnote (and every footnote is referenced once); or
- a C7DraftError naming file:line (the CLI prints it and exits 2, with no traceback).

The generators cover the YAML structure (wrong types, missing and extra keys, odd
sections, duplicate ids, raw-text mutations of a valid file) and the inline markup
(control characters, bidi marks, emoji, Arabic and Chinese text, `<`, `&`, `]]>`, very
long bullets, nested and unbalanced `*`, `[...](...)`, `^[...]`, `[^label]`).
Failures found once are kept as named regression tests in test_property_regressions.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from lxml import etree
from ruamel.yaml import YAML

from c7draft.build import build_submission
from c7draft.errors import C7DraftError

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Hundreds of cases per run in all (see docs/reliability.md), within CI's time;
# C7DRAFT_PROPERTY_SCALE=10 hunts longer.
SCALE = float(os.environ.get("C7DRAFT_PROPERTY_SCALE", "1"))
PROPERTY = settings(
    max_examples=int(150 * SCALE),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ----------------------------------------------------------------------------- generators

WORDS = [
    "trade",
    "e-commerce",
    "SMEs",
    "2025",
    "التجارة الإلكترونية",
    "电子商务",
    "数字经济",
    "🙂",
    "👩🏽‍💻",
    "café",
    "naïve",
    "Ελλάδα",
    "Україна",
    "ITC",
    "UNCTAD",
]
ODD = [
    "<",
    ">",
    "&",
    "&amp;",
    "]]>",
    "<![CDATA[",
    "<script>",
    '"',
    "'",
    "\\",
    "`",
    "_",
    "#",
    "|",
    "\u200f",
    "\u200e",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\t",
    "\u2028",
    "\ud7ff",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "\U0010fffd",
    "{{",
    "{%",
    "%}",
    "}}",
]
CONTROL = ["\x00", "\x01", "\x07", "\x0b", "\x1b[31m", "\x7f", "\x85", "\r", "\x0c"]
MARKS = ["*", "**", "[", "]", "(", ")", "](", "^[", "[^", "<https://", "\n", "\n\n", "- ", "1. ", "> "]

plain = st.lists(st.sampled_from(WORDS + ODD), min_size=1, max_size=8).map(" ".join)
any_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
fragment = st.one_of(plain, st.sampled_from(MARKS), any_text)


def _markup(inner):
    return st.one_of(
        inner.map(lambda t: f"*{t}*"),
        inner.map(lambda t: f"**{t}**"),
        inner.map(lambda t: f"^[{t}]"),
        inner.map(lambda t: f"[{t}](https://example.org/{len(t)})"),
        st.tuples(inner, st.sampled_from(["mailto:a@b.org", "<x>", "https://x.org/a b", "", "ftp://x"])).map(
            lambda p: f"[{p[0]}]({p[1]})"
        ),
        st.tuples(st.sampled_from(["*", "**", "^[", "[", "](", "[^"]), inner).map("".join),  # unbalanced
        st.lists(inner, min_size=2, max_size=4).map(" ".join),
    )


markup_text = st.recursive(fragment, _markup, max_leaves=12)
long_bullet = st.tuples(plain, st.integers(200, 1500)).map(lambda p: " ".join([p[0]] * p[1])[:20000])
deep_markup = st.tuples(
    st.sampled_from(
        [("*", "*"), ("**", "**"), ("[", "](https://x.org)"), ("^[", "]"), ("[", "]"), ("*", ""), ("^[", "")]
    ),
    st.integers(2, 3000),
).map(lambda p: p[0][0] * p[1] + "deep" + p[0][1] * p[1])
balanced = st.recursive(
    plain,
    lambda inner: st.one_of(
        inner.map(lambda t: f"*{t}*"),
        inner.map(lambda t: f"^[{t}]"),
        inner.map(lambda t: f"[{t}](https://x.org)"),
        st.lists(inner, min_size=2, max_size=3).map(" ".join),
    ),
    max_leaves=6,
)
bullet_text = st.one_of(balanced, markup_text, long_bullet, deep_markup)
label = st.sampled_from(["a", "note1", "der", "x-y", "ü", "a b", "", "^", "]"])


@st.composite
def record(draw, idx: int):
    """A record with a valid id and section; its text and notes are where the trouble is."""
    text = draw(bullet_text)
    notes = draw(st.dictionaries(label, markup_text, max_size=3))
    for name in notes:  # most labelled notes are placed in the text, as they should be
        if draw(st.integers(0, 4)) != 3:  # (hypothesis draws 0 and the bounds most often)
            text += f" [^{name}]"
    if draw(st.integers(0, 9)) == 7:  # now and then a control character (refused at its line)
        text += draw(st.sampled_from(CONTROL))
    return {"id": f"r{idx}", "section": draw(st.sampled_from(["2", "3a", "3b"])), "text": text} | (
        {"footnotes": notes} if notes else {}
    )


records_list = st.integers(0, 6).flatmap(lambda n: st.tuples(*[record(i) for i in range(n)]).map(list))

# Values of the wrong type in place of any field, for the structure tests.
wrong = st.one_of(
    st.none(),
    st.integers(-3, 3),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["a", "text"]), st.integers(), max_size=2),
    plain,
)


def _dump(data, path: Path) -> None:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(data, fh)


# ----------------------------------------------------------------------------- the property


def assert_sound_docx(path: Path) -> None:
    """Every XML part parses, python-docx reopens it, every footnote reference has its note."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    trees = {n: etree.fromstring(b) for n, b in parts.items() if n.endswith((".xml", ".rels"))}
    docx.Document(str(path))
    refs = [int(r.get(f"{W}id")) for r in trees["word/document.xml"].iter(f"{W}footnoteReference")]
    notes = trees.get("word/footnotes.xml")
    ids = (
        []
        if notes is None
        else [int(n.get(f"{W}id")) for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    )
    assert sorted(refs) == sorted(ids), (refs, ids)  # each note referenced exactly once
    assert len(set(refs)) == len(refs)


def _event(text: str) -> None:
    try:
        event(text)
    except InvalidArgument:  # outside a hypothesis test
        pass


def build_ends_cleanly(folder: Path) -> str:
    """Build ``folder``; return "docx" or "error" after checking the outcome's promise."""
    out = folder / "out.docx"
    try:
        build_submission(folder, out, check=False)
    except C7DraftError as exc:  # anything else fails the test, with its traceback
        assert exc.file, f"no file named: {exc}"
        assert exc.line is not None, f"no line given: {exc}"
        assert exc.exit_code == 2
        _event("error")
        _event(f"error: {exc.problem[:60]}")
        return "error"
    assert_sound_docx(out)
    _event("docx")
    return "docx"


SUBMISSION = YAML(typ="safe", pure=True).load(MINIMAL / "submission.yaml")


def make_folder(records: list, *, summary=None, entity="ITC") -> Path:
    folder = Path(tempfile.mkdtemp(prefix="c7prop-"))
    shutil.copy(MINIMAL / "unctad.yaml", folder)
    _dump({"entity": entity, "records": records}, folder / "itc.yaml")
    submission = {k: v for k, v in SUBMISSION.items() if k != "order"}  # records come in file order
    _dump(
        submission | ({"executive_summary": summary} if summary is not None else {}),
        folder / "submission.yaml",
    )
    return folder


def _run(folder: Path) -> str:
    try:
        return build_ends_cleanly(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ----------------------------------------------------------------------------- the tests


@PROPERTY
@given(records_list)
def test_any_records_and_markup_build_or_fail_cleanly(records):
    _run(make_folder(records))


@PROPERTY
@given(st.lists(bullet_text, min_size=1, max_size=3))
def test_any_executive_summary_builds_or_fails_cleanly(summary):
    _run(make_folder([{"id": "r1", "section": "2", "text": "A plain bullet."}], summary=summary))


field_value = st.one_of(
    wrong, st.sampled_from(["r1", "r1", "bad id", "-x", "", "2", "3a", "3c", "x", "A bullet."])
)


@settings(max_examples=int(100 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["id", "section", "text", "footnotes", "extra"]), field_value, max_size=5
        ),
        max_size=4,
    ),
    st.one_of(st.just("ITC"), wrong),
)
def test_any_records_structure_builds_or_fails_cleanly(records, entity):
    _run(make_folder(records, entity=entity))


VALID_RECORDS = (MINIMAL / "itc.yaml").read_text(encoding="utf-8")
YAML_BITS = [
    "!t ",
    "&a ",
    "*a",
    "- ",
    ": ",
    "\t",
    "  ",
    "\n",
    "#",
    "'",
    '"',
    "{",
    "}",
    "[",
    "]",
    ",",
    "|",
    ">-",
    "? ",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "<<: *a\n",
    "\x00",
    "\ufeff",
    "records:",
    "!!python/name:os.system ",
    "[" * 60 + "]" * 60,
    "[" * 400 + "]" * 400,
    "{a: " * 100 + "}" * 100,
]


@settings(max_examples=int(150 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "swap"]), st.integers(0, 10**6), st.sampled_from(YAML_BITS)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_mutation_of_a_records_file_builds_or_fails_cleanly(edits):
    """Raw-text edits of a valid YAML file: inserted YAML syntax, deleted characters, swapped lines."""
    text = VALID_RECORDS
    for kind, at, bit in edits:
        at %= len(text) + 1
        if kind == "insert":
            text = text[:at] + bit + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + len(bit) :]
        else:
            lines = text.split("\n")
            k = at % max(len(lines) - 1, 1)
            lines[k : k + 2] = lines[k : k + 2][::-1]
            text = "\n".join(lines)
    folder = make_folder([])
    (folder / "itc.yaml").write_text(text, encoding="utf-8")
    _run(folder)


def test_thousands_of_records_build(tmp_path):
    records = [
        {
            "id": f"r{n}",
            "section": ["2", "3a", "3b"][n % 3],
            "text": f"Record {n}: e-commerce in 电子商务 and التجارة^[Note {n} & <more>.]",
        }
        for n in range(3000)
    ]
    folder = make_folder(records)
    try:
        assert build_ends_cleanly(folder) == "docx"
        document = docx.Document(str(folder / "out.docx"))
        assert sum(p.text.startswith("Record ") for p in document.paragraphs) == 3000
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("text", ["*a ^[b *c]* d", "]]> & <x> \u202e\u200f 🙂 电子 عربي", "x" * 50000])
def test_the_property_holds_for_named_edge_cases(text):
    assert _run(make_folder([{"id": "r1", "section": "2", "text": text}])) in ("docx", "error")


NESTING = {"list": ("[", "]"), "mapping": ("{a: ", "}"), "block list": None}


def _nested(kind: str, depth: int) -> str:
    if NESTING[kind] is None:
        return "\n" + "".join("  " * (i + 3) + "-\n" for i in range(depth - 1)) + "  " * (depth + 2) + "- x"
    left, right = NESTING[kind]
    return left * depth + "x" + right * depth


@settings(max_examples=int(20 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(list(NESTING)), st.integers(1, 3000), st.sampled_from(["text", "section", "footnotes"])
)
def test_any_nesting_depth_builds_or_fails_cleanly(kind, depth, field):
    values = {"text": "A bullet.", "section": '"2"', "footnotes": "{}"}
    values[field] = _nested(kind, depth)
    folder = make_folder([])
    (folder / "itc.yaml").write_text(
        "entity: ITC\nrecords:\n  - id: r1\n" + "".join(f"    {k}: {v}\n" for k, v in values.items()),
        encoding="utf-8",
    )
    _run(folder)


@settings(max_examples=int(15 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records_list)
def test_the_cli_ends_with_a_sound_docx_or_exit_2_at_a_line(records):
    """The same property through the real CLI: exit 0 and a sound .docx, or exit 2 with
    `error: FILE:LINE` and no traceback."""
    import re
    import subprocess
    import sys

    folder = make_folder(records)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "c7draft", "build", folder, "-o", folder / "out.docx", "--no-check"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in run.stderr
        if run.returncode == 0:
            assert_sound_docx(folder / "out.docx")
        else:
            assert run.returncode == 2, run.stderr
            assert re.match(rf"error: {re.escape(str(folder))}/[\w.]+\.yaml:\d+", run.stderr), run.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)
