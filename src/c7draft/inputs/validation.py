"""A file's values checked against its model: the registry of the models (pydantic, in
``models``) by name, and ``validate``, which takes the fast path of ``schema_check`` and
asks pydantic only when there is a problem to explain or a value to coerce."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .schema_check import fast_validate

MODELS = {  # the models by name, with the schema (kind of file) of those that are whole files
    "Submission": "submission",
    "RecordsFile": "records",
    "Outline": "outline",
    "ActionLine": None,
    "Entity": None,
    "Record": None,
    "Section": None,
    "Part": None,
}


_FILE_KINDS = {model: kind for model, kind in MODELS.items() if kind}  # the models of whole files


def validate(model: str, data: Any, path: Path) -> Any:
    """``data`` read from ``path`` checked against the schema of ``model`` (a name in
    models): the values, or an InputError with every problem in plain words. The values are
    ``Fields`` (or, after pydantic coerced them, the model itself), read by attribute like
    the model: typed Any, as no static type says "the attributes of ``model``"."""
    kind = _FILE_KINDS[model]
    fast = fast_validate(kind, data)
    if fast is not None:
        return fast
    from . import models as input_models
    from .schema_errors import validate as explain

    parsed = explain(getattr(input_models, model), data, path)  # raises, or coerces a value
    return fast_validate(kind, parsed.model_dump()) or parsed
