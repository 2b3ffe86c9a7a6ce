"""Find the data files shipped with c7draft: templates/, outlines and seeds/.

In a wheel they sit inside the package (see pyproject's force-include); in a source
checkout or an editable install they sit at the top of the repository.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
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


def prior_sources(
    against: Iterable[Path] | None = None, also: Iterable[Path] = (), listed: Iterable[Path] = ()
) -> list[Path]:
    """Where `check` reads prior submissions from, as given: the seeds folder (or only
    ``against``), then `priors:` (``listed``) and ``also``. A report or a .docx written into
    one of these folders would be read as a prior by the next check. Here, not in check/,
    so that `build --no-check` can warn about its output without importing the check."""
    return [*(map(Path, against) if against else [seeds_dir()]), *map(Path, listed), *map(Path, also)]


@lru_cache(maxsize=1)
def known_agencies() -> tuple[dict, ...]:
    """templates/agencies.yaml: the agencies' names, spellings, aliases and former names
    (read once): `init`, `import`, `validate` and `check` all read them here."""
    from ruamel.yaml import YAML

    return tuple(
        YAML(typ="safe").load((templates_dir() / "agencies.yaml").read_text(encoding="utf-8"))  # C: 0.8 ms
    )


def word_lists(name: str) -> dict[str, list[str]]:
    """The [sections] of a plain-text list in templates/ (e.g. house_style.txt): the lines
    of each, with `#` comments and blank lines left out. Read by hand rather than with
    configparser or YAML: every build reads these lists, and either costs more in imports
    or parsing (4-20 ms) than the lists take to read."""
    sections: dict[str, list[str]] = {}
    current = sections.setdefault("", [])
    for raw in (templates_dir() / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif line:
            current.append(line)
    return sections
