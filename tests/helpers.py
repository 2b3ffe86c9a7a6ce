"""What many test files share: running the c7draft command as a user does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MINIMAL = Path(__file__).parent / "data" / "minimal"


def c7draft(
    *args,
    cwd: Path | None = None,
    cache: Path | None = None,
    env: dict | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess:
    """Run ``python -m c7draft ARGS`` in a fresh process; ``cache`` sets C7DRAFT_CACHE_DIR."""
    full_env = {**os.environ, **(env or {})}
    if cache is not None:
        full_env["C7DRAFT_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "c7draft", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )


def edited(tmp_path: Path, source: Path, file: str, old: str, new: str) -> Path:
    """A copy of ``source`` (an inputs folder) in tmp_path/inputs, made once, with ``old``
    replaced by ``new`` in ``file``."""
    folder = tmp_path / "inputs"
    if not folder.exists():
        shutil.copytree(source, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def make_archive(folder: Path, files: int = 100, sentences: int = 205) -> Path:
    """``files`` priors of ``sentences`` + 1 sentences each (100 x 206: past the 20,000
    sentences from which the check keeps an archive index as .npy arrays)."""
    import random

    words = (
        "trade logistics exporters women firms digital platforms customs postal payments training "
        "workshop policy survey regional rural online market"
    ).split()
    rng = random.Random(1)
    for f in range(files):
        text = [f"Activity report {f}."] + [
            " ".join(rng.choice(words) for _ in range(12)).capitalize() + f" in case {f}-{s}."
            for s in range(sentences)
        ]
        (folder / f"doc{f:03d}.md").write_text("\n\n".join(text), encoding="utf-8")
    return folder
