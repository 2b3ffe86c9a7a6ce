"""The YAML of a new inputs folder (``init``, ``import``): text that reads back exactly as
the data it was made from. ``fileio.write_new_folder`` writes the folder, whole or not at all.

Input YAML is never rewritten: both commands refuse a folder that exists and is not empty.
"""

from __future__ import annotations

import io
import re
from typing import Any

FOLD_AT = 70  # strings longer than this are written as folded `>-` blocks


def yaml_text(data: Any, *, width: int = 92) -> str:
    """``data`` as block-style YAML; long text folded (``>-``), checked to read back equal."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = width
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(_fold(data), buffer)
    text = buffer.getvalue()
    if YAML(typ="safe", pure=True).load(text) != data:  # never write what reads back otherwise
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        text = buffer.getvalue()
    return text


def _fold(value: Any) -> Any:
    from ruamel.yaml.scalarstring import FoldedScalarString

    if isinstance(value, dict):
        return {k: _fold(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fold(v) for v in value]
    if (
        isinstance(value, str)
        and len(value) > FOLD_AT
        and "\n" not in value
        and value == value.strip()
        and "  " not in value
    ):
        return FoldedScalarString(value)
    return value


def comment_block(text: str, indent: str = "") -> str:
    """Each line of ``text`` as a YAML comment."""
    return "".join(f"{indent}# {line}".rstrip() + "\n" for line in text.splitlines())


# Names a records file may not take: the folder's other files, and names Windows keeps for devices.
_DEVICE = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.I)


def records_file_name(short: str, taken: set[str]) -> str:
    """A records file for the entity ``short``: a lower-case slug of it (letters, digits and
    hyphens only, so never a path), unique among ``taken`` (the folder's other file names:
    submission.yaml, the outline, unassigned.yaml), which it joins. Names read from a
    document ("/tmp/x", "../../up", "submission") become plain names inside the folder."""
    base = re.sub(r"[\W_]+", "-", short.lower()).strip("-")[:40].strip("-") or "entity"
    if _DEVICE.fullmatch(base):
        base += "-records"
    name, n = f"{base}.yaml", 2
    while name in taken:
        name, n = f"{base}-{n}.yaml", n + 1
    taken.add(name)
    return name
