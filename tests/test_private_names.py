"""No module of src/ reaches into another module's private names: a name shared between
modules is public (no leading underscore), so what a module keeps to itself can change
without breaking another."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "c7draft"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _own_module(node: ast.ImportFrom) -> bool:
    return node.level > 0 or (node.module or "").split(".")[0] == "c7draft"


def private_uses(source: str) -> list[str]:
    """``from <c7draft module> import _x``, and ``m._x`` where m is a c7draft module imported
    by name (``from . import m``, ``import c7draft.m as m``)."""
    tree = ast.parse(source)
    modules: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _own_module(node):
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"line {node.lineno}: from {node.module or '.'} import {alias.name}")
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name.split(".")[0] == "c7draft")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _private(node.attr)
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_imports_another_modules_private_names():
    found = {
        str(path.relative_to(SRC)): uses
        for path in sorted(SRC.rglob("*.py"))
        if (uses := private_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_finds_both_kinds_of_use():
    source = "from .index import _shingles, PriorIndex\nfrom . import readers\nreaders._READERS\n"
    assert private_uses(source) == ["line 1: from index import _shingles", "line 3: readers._READERS"]
    assert private_uses("import os\nos._exit(0)\nfrom .x import __version__\n") == []
