"""Failures found by the property tests (and the issue's probe), each kept as a named test.

Those in the YAML loader are guarded by its nesting and alias limits (inputs/yamlfile.py). Each
runs the real CLI in a subprocess, with a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"


def build(folder: Path, tmp_path: Path, timeout: float = 10) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "c7draft", "build", folder, "-o", tmp_path / "out.docx", "--no-check"],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "C7DRAFT_CACHE_DIR": str(tmp_path / "cache")},
    )


def folder_with(tmp_path: Path, records_yaml: str) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "submission.yaml").read_text(encoding="utf-8")
    (folder / "submission.yaml").write_text(text.split("order:")[0], encoding="utf-8")
    (folder / "itc.yaml").write_text(records_yaml, encoding="utf-8")
    return folder


def assert_exit_2_at_a_line(run: subprocess.CompletedProcess, folder: Path) -> None:
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith(f"error: {folder / 'itc.yaml'}:"), run.stderr


@pytest.mark.parametrize(
    "value", ["[" * 400 + "x" + "]" * 400, "{a: " * 400 + "x" + "}" * 400], ids=["flow-list", "flow-mapping"]
)
def test_regression_yaml_flow_nesting_400_levels_exits_2(tmp_path, value):
    """Found by test_any_nesting_depth_builds_or_fails_cleanly: RecursionError in ruamel."""
    folder = folder_with(
        tmp_path, f"entity: ITC\nrecords:\n  - id: r1\n    section: '2'\n    text: {value}\n"
    )
    assert_exit_2_at_a_line(build(folder, tmp_path), folder)


def test_regression_yaml_block_list_nesting_3000_levels_exits_2_fast(tmp_path):
    """Found by test_any_nesting_depth_builds_or_fails_cleanly (block style): RecursionError."""
    nested = "\n" + "".join("  " * (i + 3) + "-\n" for i in range(2999)) + "  " * 3002 + "- x"
    folder = folder_with(
        tmp_path, f"entity: ITC\nrecords:\n  - id: r1\n    section: '2'\n    text: {nested}\n"
    )
    assert_exit_2_at_a_line(build(folder, tmp_path, timeout=5), folder)


def test_regression_yaml_alias_bomb_9_levels_exits_2_fast(tmp_path):
    """The issue's probe: a 9-level alias bomb ran for over 2 minutes (killed here after 5 s)."""
    lines = ["entity: ITC", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    folder = folder_with(tmp_path, "\n".join(lines + ["records: []", ""]))
    try:
        run = build(folder, tmp_path, timeout=5)
    except subprocess.TimeoutExpired:
        pytest.fail("a 9-level alias bomb did not end within 5 s")
    assert_exit_2_at_a_line(run, folder)


def test_regression_a_syntax_error_beside_a_key_with_no_value_exits_2(tmp_path):
    """Found by test_any_mutation_of_a_records_file_builds_or_fails_cleanly: `!t` typed after
    `entity:`; the explanation of a text's first character read the empty value of
    `records:` (IndexError)."""
    folder = folder_with(tmp_path, "entity:!t  ITC\nrecords:\n  - id: r1\n    section: '2'\n    text: x\n")
    assert_exit_2_at_a_line(build(folder, tmp_path), folder)
