"""Schema modelines for the YAML files c7draft writes (stand-in until the JSON Schemas land).

``modeline`` gives the first line of a generated YAML file, which editors with the YAML
language server use to check and complete the file as it is typed.
"""

from __future__ import annotations

import os
from pathlib import Path

KINDS = ("submission", "records", "outline")


def modeline(kind: str, yaml_file: Path) -> str:
    """The full ``# yaml-language-server: $schema=...`` line for a ``kind`` file at ``yaml_file``."""
    if kind not in KINDS:
        raise ValueError(f"unknown schema kind {kind!r}")
    name = f"{kind}.schema.json"
    try:
        from .resources import data_dir

        schema = data_dir("schemas") / name
        target = os.path.relpath(schema, Path(yaml_file).resolve().parent)
    except (FileNotFoundError, ValueError):  # no schemas folder, or another drive on Windows
        target = name
    return f"# yaml-language-server: $schema={Path(target).as_posix()}"
