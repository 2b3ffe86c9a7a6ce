"""What many test files share: running the c7draft command as a user does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def c7draft(*args, cwd: Path | None = None, cache: Path | None = None, env: dict | None = None,
            timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m c7draft ARGS`` in a fresh process; ``cache`` sets C7DRAFT_CACHE_DIR."""
    full_env = {**os.environ, **(env or {})}
    if cache is not None:
        full_env["C7DRAFT_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "c7draft", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=full_env, timeout=timeout)
