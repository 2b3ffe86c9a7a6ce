"""The questionnaire outline: the shipped ones, one loaded, the one a submission folder
names (found in the folder or among the shipped ones), and its heading rendered for the
session."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem
from ..resources import templates_dir
from ..session import Session
from .folder import SUBMISSION_FILE, Problems, inside
from .schema_errors import value_at
from .validation import validate
from .yamlfile import read_yaml

if TYPE_CHECKING:  # the models import pydantic, which a build only needs when there is a problem
    from .models import Outline


def shipped_outlines() -> list[Path]:
    return sorted((templates_dir() / "outlines").glob("*.yaml"))


def load_outline(path: Path) -> Outline:
    return validate("Outline", read_yaml(path), path)


def named_outline(
    name: str, folder: Path, submission_file: Path, data: Any, problems: Problems
) -> tuple[Outline, Path] | None:
    """The outline ``name`` (the `outline:` of ``submission_file``) and its path: one in
    ``folder``, or a shipped one; None, with its problems kept, if it is not found or has
    problems of its own."""
    at = value_at(data, ("outline",))
    if name.endswith((".yaml", ".yml")):
        path = inside(folder, name)
        if path is None:
            problems.add(
                f"`outline: {name}` is outside the submission folder",
                file=submission_file,
                at=at,
                rule="path-outside-folder",
                hint=f"copy the outline into {folder} and name it relative to {submission_file.name}",
            )
            return None
    else:  # a shipped outline, by its plain name only (never a path out of the templates)
        path = next((p for p in shipped_outlines() if p.stem == name), None)
    if path is None or not path.is_file():
        available = ", ".join(p.stem for p in shipped_outlines())
        problems.add(
            f"outline `{name}` not found",
            file=submission_file,
            at=at,
            rule="outline-not-found",
            hint=f"use a shipped outline ({available}) or a path to a .yaml outline "
            f"relative to {submission_file.name}",
        )
        return None
    outline = problems.attempt(load_outline, path)
    return (outline, path) if outline else None


def folder_outline(folder: Path) -> tuple[str, Outline]:
    """The `outline:` named in ``folder``'s submission.yaml, and that outline loaded."""
    file = Path(folder) / SUBMISSION_FILE
    data = read_yaml(file)
    name = data.get("outline") if isinstance(data, dict) else None
    problems = Problems()
    found = named_outline(str(name), Path(folder), file, data, problems) if name is not None else None
    if found is None:
        raise InputError(
            problems=problems
            or [
                Problem(
                    str(file),
                    1,
                    1,
                    "error",
                    "schema-missing-key",
                    "missing `outline`",
                    "add `outline: cstd29`",
                )
            ]
        )
    return str(name), found[0]


def render_heading(outline: Outline, path: Path, session: Session) -> str:
    """The outline's `input_heading`, a jinja2 template over the session's values."""
    from ..templating import TemplateProblem, render

    try:
        return " ".join(render(outline.input_heading, session.words()).split())
    except TemplateProblem as exc:
        line, column = value_at(read_yaml(path), ("input_heading",))
        raise InputError(
            f"`input_heading` cannot be filled in: {exc.message}",
            file=path,
            line=line,
            column=column,
            rule="outline-heading",
            hint=f"use {{{{ name }}}} with one of: {', '.join(session.words())}",
        ) from None
