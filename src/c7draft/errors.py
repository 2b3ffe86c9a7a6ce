"""Every error a user can cause, in one place.

Each exception's ``str()`` is the whole message the user sees: where (file:line:column),
what is wrong, and what to change. The CLI maps them all to exit code 2, with no traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def location(file: str | Path | None, line: int | None = None, column: int | None = None) -> str:
    """The one way c7draft says where: ``file:line:column``, as much of it as is known
    (a column only with a line; "" without a file). Every message, error or warning, and
    every reference to another place in a message, is written with it."""
    if file is None:
        return ""
    if line is None:
        return str(file)
    return f"{file}:{line}" if column is None else f"{file}:{line}:{column}"


@dataclass
class Problem:
    """One thing to fix (or, as a warning, to look at) in the inputs, where it stands."""

    file: str | None
    line: int | None
    column: int | None
    severity: str  # "error" or "warning"
    rule: str  # short id, e.g. "yaml-tab-indent", "unclosed-footnote", "style-per-cent"
    message: str
    hint: str = ""

    @property
    def where(self) -> str:
        return location(self.file, self.line, self.column)

    def __str__(self) -> str:
        head = f"{self.where}: {self.message}" if self.where else self.message
        return f"{head}\n  hint: {self.hint}" if self.hint else head


def problem_order(problem: Problem) -> tuple:
    """Sort key: by file, line and column."""
    return (problem.file or "", problem.line or 0, problem.column or 0)


def render(problems: list[Problem], *, severity: bool = False) -> str:
    """Problems one after the other, each with its hint; ``severity`` puts "error: " (or
    "warning: ") before each, as the CLI prints them. The one place several are rendered."""
    return "\n".join(f"{p.severity}: {p}" if severity else str(p) for p in problems)


class C7DraftError(Exception):
    """Base class: a problem with the user's input or environment, not a bug.

    ``problems`` lists what is wrong, as data (one ``Problem`` here; an ``InputError``
    may hold several); ``str()`` renders them."""

    exit_code = 2

    def __init__(
        self,
        problem: str,
        *,
        hint: str = "",
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ):
        self.problem = problem
        self.hint = hint
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        if not hasattr(self, "problems"):
            self.problems = [Problem(self.file, line, column, "error", "", problem, hint)]
        super().__init__(str(self))

    @property
    def where(self) -> str:
        return location(self.file, self.line, self.column)

    def __str__(self) -> str:
        return render(self.problems)


class InputError(C7DraftError):
    """The YAML inputs are missing, malformed or inconsistent: one problem or several.

    ``problems`` lists them all, sorted by file and line; the first one also gives the
    exception's ``problem``, ``file``, ``line`` and ``column``."""

    def __init__(
        self,
        problem: str = "",
        *,
        hint: str = "",
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        rule: str = "input",
        problems: list[Problem] | None = None,
    ):
        if problems:
            self.problems = sorted(problems, key=problem_order)
            first = self.problems[0]
            problem, hint, file, line, column = (
                first.message,
                first.hint,
                first.file,
                first.line,
                first.column,
            )
        else:
            self.problems = [
                Problem(str(file) if file is not None else None, line, column, "error", rule, problem, hint)
            ]
        super().__init__(problem, hint=hint, file=file, line=line, column=column)


class MarkupError(InputError):
    """Inline markup in a record's text cannot be turned into the document (e.g. a footnote with no text)."""


class DocumentReadError(C7DraftError):
    """A draft or prior submission (.docx, .pdf, .md, .txt) cannot be read."""


class OutputError(C7DraftError):
    """The output file cannot be written."""


REPORT_TO = "the c7draft issue tracker (see 'Reporting a problem' in README.md)"


def describe_bug(exc: BaseException, target: str | Path | None) -> str:
    """One line for an unexpected exception: what, on which file, and where to report it."""
    file = getattr(exc, "filename", None) or target
    what = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    where = f" while working on {file}" if file else ""
    return (
        f"error: c7draft stopped on an unexpected problem{where} ({what}). This is a bug: "
        f"please report it to {REPORT_TO}, with the output of the same command run with --debug."
    )
