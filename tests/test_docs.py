"""docs/cli.md is generated from the CLI's own help; it fails here when they drift apart.
Regenerate with `make docs`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_up_to_date(tmp_path):
    out = tmp_path / "cli.md"
    subprocess.run([sys.executable, "-m", "typer", "c7draft.cli", "utils", "docs", "--name", "c7draft",
                    "--title", "c7draft command reference", "--output", str(out)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), \
        "docs/cli.md is stale: run `make docs`"


def test_readme_shows_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make draft" in readme and "make test" in readme and "py -m pip install ." in readme
