"""The c7draft command line: parse arguments, call the library, print, set the exit code.

Start-up time matters (`c7draft --help` should feel instant): these modules import typer
and nothing heavy; each command imports what it needs when it runs.

- ``shared``: the Typer app, its global options, what the commands share;
- ``draft``, ``check``, ``review``, ``year``, ``reference``: the commands, by concern (their
  order here is the order of `c7draft --help`);
- ``run``: the process around a command (signals, exit codes, the fast exit) and ``main``.
"""

import gc

# A run is short and makes little cyclic garbage, but imports allocate hundreds of thousands
# of objects: the default threshold (700) runs a young collection hundreds of times before
# any work starts. A higher one saves ~12 ms per command (bench/build_speed.py); cycles are
# still collected, only less often. It is set here, before typer's imports, the first big
# ones (pyproject.toml says why this file's imports break three of ruff's rules).
gc.set_threshold(100_000, 50, 100)

from . import draft, check, review, year, reference  # each registers its commands: the help's order
from .run import main
from .shared import app

__all__ = ["app", "main"]
