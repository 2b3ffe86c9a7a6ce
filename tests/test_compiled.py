"""The console script's table of compiled regular expressions and dataclass methods
(c7draft.compiled): a pattern taken from the table matches exactly as one compiled by ``re``,
a dataclass made with methods from the table has the same code and behaves the same; a
damaged or untrusted table is ignored; builds after the first leave the table as it is.

Each case runs in a fresh interpreter: the table replaces ``re``'s compiler and
``dataclasses``' exec for the whole process, which the other tests must not see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import c7draft as run_c7draft

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import json, re, sys
from c7draft import compiled as table
table.install()
patterns = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(\d\d))?", 0),
    (r"\b(?:colour|favour|centre)s?\b", re.IGNORECASE),
    (r"^\s*- (?P<key>[^:#]+):(.*)$", re.MULTILINE),
    (r"[\x00-\x08\ud800-\udfff\ufffe]", 0),
    (b"c7draft-sha256:[0-9a-f]{64}", 0),
    (r"(?x) a  b # comment", 0),
    (r"(?i)caf\u00e9|na\u00efve", 0),
]
texts = ["2025-11-03 and 1999-01", "Colours, FAVOUR, centres", "  - id: x\n- note: y", "a\x01b\ud800",
         b"c7draft-sha256:" + b"0" * 64, "ab", "CAF\u00c9 Na\u00efve"]
hits_before = len(table._table)
out = []
for (pattern, flags), text in zip(patterns[: int(sys.argv[1])], texts):
    ours = re.compile(pattern, flags)
    theirs = table._original(pattern, flags)
    found = [(m.span(), m.groups(), m.groupdict()) for m in ours.finditer(text)]
    expected = [(m.span(), m.groups(), m.groupdict()) for m in theirs.finditer(text)]
    same = (ours.pattern, ours.flags, ours.groups, ours.groupindex) == (
        theirs.pattern, theirs.flags, theirs.groups, theirs.groupindex)
    out.append([same, found == expected, len(found)])
import dataclasses

def make():
    @dataclasses.dataclass(frozen=True)
    class Item:
        "An item."
        name: str
        count: int = 0
        tags: list = dataclasses.field(default_factory=list, compare=False)
    return Item

def methods(cls):
    return {
        name: (f.__code__.co_code, f.__code__.co_consts, f.__code__.co_names, repr(f.__annotations__))
        for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__")
        for f in [getattr(cls, name)]
    }

Item = make()
added = len(table._added)
del vars(dataclasses)["exec"]  # the builtin exec again: Python's own compile
Plain = make()
item = Item("a", 2)
try:
    item.count = 3
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
same_class = [
    methods(Item) == methods(Plain),
    repr(item) == repr(Plain("a", 2)),
    item == Item("a", 2) and item != Item("b"),
    hash(item) == hash(Item("a", 2)),
    frozen,
    Item("x").tags is not Item("x").tags,
]
table.save()
print(json.dumps({"results": out, "added": added, "in_table_before": hits_before, "dataclass": same_class}))
"""


def probe(cache: Path, count: int = 7) -> dict:
    env = {**os.environ, "C7DRAFT_CACHE_DIR": str(cache)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(count)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return json.loads(run.stdout)


def table_file(cache: Path) -> Path:
    (found,) = (cache / "patterns").glob("*.marshal")
    return found


def test_patterns_from_the_table_match_as_re_compiles_them(tmp_path):
    first = probe(tmp_path)
    assert first["added"] == 7 + 6  # the patterns, and the frozen dataclass's six methods
    assert table_file(tmp_path).stat().st_mode & 0o777 == 0o600
    second = probe(tmp_path)
    assert second["added"] == 0  # every pattern and method came from the table
    assert second["in_table_before"] >= 13
    for same, matches_alike, count in first["results"] + second["results"]:
        assert same and matches_alike
        assert count > 0  # the texts exercise each pattern
    assert first["dataclass"] == second["dataclass"] == [True] * 6


def test_a_few_one_off_entries_do_not_rewrite_the_table(tmp_path):
    probe(tmp_path)
    before = table_file(tmp_path).stat().st_mtime_ns
    one_off = PROBE.replace('(r"(?x) a  b # comment", 0)', '(r"(?x) a  b # another", 0)')
    assert one_off != PROBE
    env = {**os.environ, "C7DRAFT_CACHE_DIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", one_off, "7"], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(run.stdout)["added"] == 1
    assert table_file(tmp_path).stat().st_mtime_ns == before


def test_a_damaged_table_is_ignored_and_rewritten(tmp_path):
    probe(tmp_path)
    table_file(tmp_path).write_bytes(b"not a table")
    again = probe(tmp_path)
    assert again["added"] == 13 and all(same and alike for same, alike, _ in again["results"])
    assert probe(tmp_path)["added"] == 0


def test_a_table_others_can_write_is_not_read(tmp_path):
    probe(tmp_path)
    table_file(tmp_path).chmod(0o666)
    assert probe(tmp_path)["added"] == 13


def test_builds_after_the_first_leave_the_table_as_it_is(tmp_path):
    """The console script fills the table on the first build; the second build finds every
    pattern there, and writes the same document."""
    cache = tmp_path / "cache"
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    outputs = []
    for name in ("first.docx", "second.docx"):
        run = run_c7draft(
            "build", str(ROOT / "sample_inputs" / "2025"), "-o", str(tmp_path / name), cache=cache, env=env
        )
        assert run.returncode == 0, run.stderr
        outputs.append((tmp_path / name).read_bytes())
        stamp = table_file(cache).stat().st_mtime_ns
    assert outputs[0] == outputs[1]  # the second's patterns all from the table
    assert table_file(cache).name.endswith("-build.marshal")  # each command has its own table
    run_c7draft(
        "build", str(ROOT / "sample_inputs" / "2025"), "-o", str(tmp_path / "third.docx"), cache=cache
    )
    assert table_file(cache).stat().st_mtime_ns == stamp  # nothing added: not rewritten
