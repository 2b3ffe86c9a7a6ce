"""Fixtures shared by the test files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from helpers import MINIMAL

# CI (.ci/run) draws the same examples on every run, so a landing never hangs on a new draw;
# a developer's `make test` draws new ones each time and keeps the failures it finds in
# .hypothesis/, and each one is then written down as an @example or a regression test.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def inputs(tmp_path) -> Path:
    """A copy of tests/data/minimal to change freely."""
    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    return folder
