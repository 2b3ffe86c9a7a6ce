"""The CLI's own surface: --version, -h, help text a person reads, counts in words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from c7draft import __version__
from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"


def test_version():
    run = c7draft("--version")
    assert run.returncode == 0 and run.stdout == f"c7draft {__version__}\n"


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["preview"], ["outlines"]])
def test_dash_h_is_help_and_shows_no_python_type_names(command):
    short, long = c7draft(*command, "-h"), c7draft(*command, "--help")
    assert short.returncode == long.returncode == 0
    assert short.stdout == long.stdout and short.stdout.startswith("Usage: c7draft")
    assert "-h, --help" in short.stdout
    assert not re.search(r"<(bool|list\[\w+\]|Path|str|int)>", short.stdout), short.stdout
    assert "╭" not in short.stdout  # plain text, no boxes


def test_counts_are_in_the_singular_for_one(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(MINIMAL, inputs)
    itc = inputs / "itc.yaml"
    itc.write_text(
        itc.read_text(encoding="utf-8").replace(".^[See\n      <https://intracen.org/sme-outlook>]", "."),
        encoding="utf-8",
    )
    run = c7draft("build", inputs, "--no-check", "-o", tmp_path / "one.docx")
    assert run.returncode == 0, run.stderr
    assert run.stdout.endswith("(1 footnote; 0 comments on recycled text)\n")


def test_exit_codes_survive_the_fast_exit(tmp_path):
    """main() ends with os._exit: the code and every printed line must still come through."""
    run = c7draft("build", tmp_path / "nowhere")
    assert run.returncode == 2 and run.stderr.startswith("error: input folder not found")
    assert c7draft("build").returncode == 2  # usage error from click
    assert c7draft("no-such-command").returncode == 2


def test_building_the_sample_prints_no_note_about_its_own_session(tmp_path):
    """The seeds hold the sample's own published version; it is skipped by design, listed by
    `check` among the skipped priors, and not announced on every build."""
    sample = ROOT / "sample_inputs" / "2025"
    run = c7draft("build", sample, "-o", tmp_path / "c7.docx")
    assert run.returncode == 0, run.stderr
    assert "note:" not in run.stderr and "cannot recycle itself" not in run.stderr
    report = c7draft("check", sample)
    assert (
        "skipped: the 29th session's submission (CSTD 2026" in report.stdout
        and "cannot recycle itself" in report.stdout
    )


def test_an_unreadable_prior_still_gets_a_note_on_build(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    run = c7draft("build", MINIMAL, "--also", bad, "-o", tmp_path / "c7.docx")
    assert run.returncode == 0, run.stderr
    assert "note: skipped broken.docx:" in run.stderr
