"""An installed wheel carries its templates, outlines and seeds, and builds the sample from
another folder: nothing depends on the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("c7draft-*.whl"))


def test_wheel_ships_templates_outlines_and_seeds(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "c7draft/templates/reference.docx",
        "c7draft/templates/front_matter.md.j2",
        "c7draft/templates/outlines/cstd27.yaml",
        "c7draft/templates/outlines/cstd29.yaml",
        "c7draft/seeds/cstd27-2024-c7-submission.txt",
        "c7draft/seeds/cstd29-2026-c7-submission.txt",
        "c7draft/templates/house_style.txt",
        "c7draft/templates/agencies.yaml",  # with the former names (former_names.txt before)
        "c7draft/schemas/submission.schema.json",
        "c7draft/schemas/records.schema.json",
        "c7draft/schemas/outline.schema.json",
    ):
        assert required in names


def test_installed_wheel_builds_the_sample_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "C7DRAFT_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import c7draft, sys; assert c7draft.__file__.startswith(sys.argv[1]), c7draft.__file__; "
        "from c7draft.cli import main; sys.argv = ['c7draft', 'build', sys.argv[2], '-o', 'draft.docx']; main()"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(target), str(ROOT / "sample_inputs" / "2025")],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (elsewhere / "draft.docx").stat().st_size > 10_000
    assert "19 house-style warnings" in run.stderr  # the word lists came from the wheel


def test_installed_wheel_points_modelines_at_its_own_schemas(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; from pathlib import Path; from c7draft.inputs.schema import modeline, schema_file; "
        "print(schema_file('records')); print(modeline('records', Path(sys.argv[1]) / 'itc.yaml'))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "inputs")],
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    installed, line = run.stdout.splitlines()
    assert Path(installed).is_relative_to(target)
    assert Path(installed).read_text(encoding="utf-8") == (
        ROOT / "schemas" / "records.schema.json"
    ).read_text(encoding="utf-8")
    assert line == "# yaml-language-server: $schema=../site/c7draft/schemas/records.schema.json"
