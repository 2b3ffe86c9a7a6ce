"""Write a new inputs folder (``init``, ``import``): YAML text that reads back exactly as
the data it was made from, and a folder that appears whole or not at all.

Input YAML is never rewritten: both commands refuse a folder that exists and is not empty.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import OutputError

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
    if YAML(typ="safe", pure=True).load(text) != _plain(data):  # never write what reads back otherwise
        buffer = io.StringIO()
        yaml.dump(_plain(data), buffer)
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


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
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


def refuse_non_empty(folder: Path) -> None:
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "folder is not empty" if folder.is_dir() else "path is a file, not a folder"
        raise OutputError(
            f"this {what}; nothing was written",
            file=folder,
            hint="give a new folder name (c7draft never writes into an existing inputs folder)",
        )


def write_new_folder(folder: Path, files: dict[str, str]) -> None:
    """Create ``folder`` holding ``files`` (name -> text) in one step: the files are written
    into a hidden folder beside it, which is then renamed. An existing non-empty folder is
    refused and left untouched."""
    folder = Path(folder)
    for name in files:  # the last guard: every file lands inside ``folder``
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise OutputError(
                f"refusing to write {name}: it is outside the new folder; nothing was written",
                file=folder,
                hint="this is a bug in c7draft: please report it",
            )
    refuse_non_empty(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise OutputError(
            f"cannot write to {folder.parent}: {exc.strerror}", file=folder, hint="choose another folder"
        ) from None
    try:
        os.chmod(staging, 0o777 & ~_umask())
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)  # `records: agencies/itc.yaml`
            (staging / name).write_text(text, encoding="utf-8")
        refuse_non_empty(folder)  # again, just before the rename
        if folder.is_dir():
            folder.rmdir()  # empty: replaced by the finished folder
        os.rename(staging, folder)
    except OSError as exc:
        raise OutputError(
            f"cannot write {folder}: {exc.strerror}", file=folder, hint="choose another folder"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
