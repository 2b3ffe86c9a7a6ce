"""Notes that scale (issue 16, case 9): a note repeated for many priors is one line on the
terminal, `--verbose` lists every one, and the JSON report keeps every one."""

from __future__ import annotations

import json
import os

import pytest

from helpers import c7draft

UNTOLD = "its CSTD session could not be told; checked anyway"


@pytest.fixture(scope="module")
def thousand_priors(tmp_path_factory):
    """1,000 priors whose sessions cannot be told, and the cache they were read into."""
    base = tmp_path_factory.mktemp("thousand")
    folder = base / "priors"
    folder.mkdir()
    for i in range(1000):
        (folder / f"doc{i:04d}.md").write_text(
            f"Activity {i}: trade facilitation and logistics support for small firms in many regions.\n",
            encoding="utf-8",
        )
    return folder, base / "cache"


def notes_of(run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("note: ")]


def test_a_thousand_untold_sessions_are_one_note(inputs, thousand_priors):
    priors, cache = thousand_priors
    run = c7draft("check", inputs, "--against", priors, cache=cache)
    assert run.returncode == 0, run.stderr
    assert notes_of(run) == [
        f"note: 1,000 priors: {UNTOLD}; first: doc0000.md, doc0001.md, doc0002.md … (--verbose lists all)"
    ]


def test_verbose_lists_every_note(inputs, thousand_priors):
    priors, cache = thousand_priors
    run = c7draft("check", inputs, "--against", priors, "--verbose", cache=cache)
    assert notes_of(run) == [f"note: doc{i:04d}.md: {UNTOLD}" for i in range(1000)]


def test_the_json_report_keeps_every_note(inputs, thousand_priors, tmp_path):
    priors, cache = thousand_priors
    run = c7draft(
        "check", inputs, "--against", priors, "--format", "json", "-o", tmp_path / "r.json", cache=cache
    )
    assert run.returncode == 0, run.stderr
    notes = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["notes"]
    assert notes == [f"doc{i:04d}.md: {UNTOLD}" for i in range(1000)]
    assert len(notes_of(run)) == 1


def test_build_groups_the_notes_too(inputs, thousand_priors, tmp_path):
    priors, cache = thousand_priors
    run = c7draft("build", inputs, "--against", priors, "-o", tmp_path / "x.docx", cache=cache)
    assert run.returncode == 0, run.stderr
    assert f"note: 1,000 priors: {UNTOLD}; first: doc0000.md" in run.stderr
    assert "(c7draft check --verbose lists all)" in run.stderr
    assert "doc0003.md" not in run.stderr


def test_skipped_priors_with_the_same_reason_are_one_note(inputs, tmp_path):
    against = []
    for i in range(6):  # given one by one: a folder's listing leaves devices out
        os.mkfifo(tmp_path / f"pipe{i}.txt")
        against += ["--against", tmp_path / f"pipe{i}.txt"]
    run = c7draft("check", inputs, *against, "--format", "json", cache=tmp_path / "c")
    assert run.returncode == 0, run.stderr
    skipped = [n for n in notes_of(run) if n.startswith("note: skipped")]
    assert skipped == [
        "note: skipped 6 priors: this is a FIFO (named pipe), not a regular file (the regular-files-only "
        "limit); first: pipe0.txt, pipe1.txt, pipe2.txt … (--verbose lists all)"
    ], run.stderr
    assert len(json.loads(run.stdout)["notes"]) >= 6


def test_grouping_keeps_few_notes_and_names_holding_a_colon():
    from c7draft.check.report import grouped_notes

    priors = [{"name": n} for n in ("a: b.md", "c.md", "d.md", "e.md", "f.md")]
    three = [f"{p['name']}: {UNTOLD}" for p in priors[:3]]
    assert grouped_notes([*three, "another note"], priors) == [*three, "another note"]
    four = [f"{p['name']}: {UNTOLD}" for p in priors[:4]]
    assert grouped_notes(four, priors) == [
        f"4 priors: {UNTOLD}; first: a: b.md, c.md, d.md … (--verbose lists all)"
    ]
    assert grouped_notes(four, priors, verbose=True) == four
