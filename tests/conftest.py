"""Fixtures shared by the test files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import MINIMAL


@pytest.fixture
def inputs(tmp_path) -> Path:
    """A copy of tests/data/minimal to change freely."""
    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    return folder
