"""Find the data files shipped with c7draft: templates/, outlines and seeds/.

In a wheel they sit inside the package (see pyproject's force-include); in a source
checkout or an editable install they sit at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for base in (_PACKAGE, _PACKAGE.parents[1]):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"c7draft data folder {name!r} is missing from the installation")


def templates_dir() -> Path:
    return data_dir("templates")


def seeds_dir() -> Path:
    return data_dir("seeds")
