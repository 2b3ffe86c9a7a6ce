"""A submission folder: the names of its files, the owner of unassigned.yaml's records,
``inside`` (a name that resolves inside the folder) and ``Problems`` (a folder's problems,
collected). ``loader`` loads the folder; ``outlines`` finds its outline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..errors import InputError, Problem
from .schema_check import Fields

if TYPE_CHECKING:  # the models import pydantic, which a build only needs when there is a problem
    from .models import Entity

SUBMISSION_FILE = "submission.yaml"
UNASSIGNED_FILE = "unassigned.yaml"


# The owner of the records in unassigned.yaml: never named in the document.
UNASSIGNED: Entity = cast(
    "Entity",
    Fields(  # read by attribute like an Entity
        short="unassigned",
        name="(no agency yet)",
        disclaimer_name=None,
        records=UNASSIGNED_FILE,
        role="contributor",
    ),
)


class Problems(list):
    """The problems of a folder, collected so that one run reports them all."""

    def add(
        self, problem: str, *, file: Path, at: tuple[int | None, int | None], hint: str, rule: str
    ) -> None:
        self.append(Problem(str(file), at[0], at[1], "error", rule, problem, hint))

    def attempt(self, fn, *args):
        """``fn(*args)``, or None with its problems kept."""
        try:
            return fn(*args)
        except InputError as exc:
            self.extend(exc.problems)
            return None


def inside(folder: Path, name: str) -> Path | None:
    """``name`` relative to ``folder``, if it resolves inside it (no `..`, absolute path or link out)."""
    path = folder / name
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return None
    return path
