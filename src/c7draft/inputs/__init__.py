"""Load and validate a submission folder: submission.yaml, one records file per entity,
and the questionnaire outline.

``yamlfile`` reads each file with the position of every key and value (``syntax_errors``
explains one that does not parse), the file's JSON Schema checks it (``schema_check``;
pydantic, from the models in ``models``, only when there is a problem to explain or a
value to coerce: ``validation``), and every problem becomes an InputError naming
file:line:column and the fix. ``loader`` loads a folder (``folder``: its files' names, its
problems collected; ``outlines``: the outline it names) into the types of ``loaded``; all
the problems of a folder are collected and raised together. Input files are only ever read
here; ``writer`` gives the YAML of new ones (``init``, ``import``), and ``edit`` changes
records in place (``pull``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .folder import SUBMISSION_FILE, UNASSIGNED, UNASSIGNED_FILE
from .loaded import LoadedRecord, LoadedSubmission
from .loader import load_submission, load_what_loads
from .outlines import folder_outline, load_outline, shipped_outlines
from .validation import MODELS, validate

if TYPE_CHECKING:  # the models import pydantic, which a build only needs when there is a problem
    from .models import Entity, Outline, Record, RecordsFile, Submission

__all__ = [
    "SUBMISSION_FILE",
    "UNASSIGNED",
    "UNASSIGNED_FILE",
    "Entity",
    "LoadedRecord",
    "LoadedSubmission",
    "Outline",
    "Record",
    "RecordsFile",
    "Submission",
    "folder_outline",
    "load_outline",
    "load_submission",
    "load_what_loads",
    "shipped_outlines",
    "validate",
]


def __getattr__(name: str) -> Any:
    """The pydantic models (``inputs.Entity`` ...), imported only when asked for."""
    if name in MODELS or name == "ID_PATTERN":
        from . import models as input_models

        return getattr(input_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
