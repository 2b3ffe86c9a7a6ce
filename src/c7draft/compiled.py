"""What Python compiles afresh on every run, compiled once per machine: regular expressions
and the methods of dataclasses.

A `c7draft build` compiles about 170 regular expressions (its own house-style and input
patterns, markdown-it's, ruamel's, typer's) and the ``__init__``, ``__repr__``, ``__eq__``
... of about 35 dataclasses. Python caches a module's bytecode between runs, but not these:
``re`` parses each pattern and works out its matching code in pure Python, and Python 3.11's
``dataclasses`` writes each method as source text and compiles it (~1.2 ms a class, nine
tenths of the decorator's cost). Together ~60 ms of CPU on a loaded machine, a sixth of a
build (docs/performance.md).

The console script (``__main__``) calls ``install`` before any other import. ``re`` then
finds each pattern's code, and ``dataclasses`` each method's compiled code, in a table kept
in the cache folder (``patterns/``, beside the check's tables; one per command, which
compiles about the same every run), keyed by exactly what they
are compiled from: the pattern's text and flags, the method's source text. The table's file
is named for the Python build and records ``sys.version`` and ``_sre.MAGIC``: another
Python starts a new table. What is not in the table is compiled as before and added;
``save`` writes the table back at the end of a run that added more than a few entries.

A pattern's code is handed to the same ``_sre.compile`` that ``re`` calls, which checks it
before use. A method's code is what Python's bytecode cache (``__pycache__``) holds for a
module: compiled from text ``dataclasses`` generates from class definitions (c7draft's and
its libraries'), never from an input file, and read, like Python's own cache and every
entry of the check's, only from a file the user owns that no one else can write. A damaged
table costs speed, never a wrong result. Written by hand because no library does this;
``re._compiler`` and ``dataclasses``' use of ``exec`` are CPython 3.11's (3.12 and 3.13
keep them); where they are missing, Python runs untouched.
"""

from __future__ import annotations

import marshal
import os
import re
import stat
import sys
from array import array
from types import CodeType
from typing import Any

# A run that compiled no more than this many entries not in the table does not rewrite it:
# markdown-it builds one from a set, whose order changes from run to run, and a finding's
# sentence is searched with a pattern of its own.
_ONE_OFFS = 2
# (pattern, flags) -> the arguments of _sre.compile; a method's source text -> its code
_table: dict[Any, Any] = {}
_added: dict[Any, Any] = {}
_used: set[Any] = set()
_original: Any = None
_compiler: Any = None  # re._compiler, once installed


_command = "other"  # the command this run is: each has its own table


def _file():
    from .fileio import cache_dir

    return cache_dir() / "patterns" / f"{sys.implementation.cache_tag}-{_command}.marshal"


def _identity(compiler: Any) -> tuple[str, int]:
    """What a pattern's compiled code depends on besides its text and flags."""
    return sys.version, compiler._sre.MAGIC


def install(first: list[str] | None = None) -> None:
    """Load the table of the command named first (``sys.argv[1:2]``); let ``re`` and
    ``dataclasses`` compile through it (once per process)."""
    global _original, _compiler, _command
    if _original is not None:
        return
    if first and first[0].isascii() and first[0].isalpha() and len(first[0]) <= 20:
        _command = first[0].lower()
    compiler: Any = getattr(re, "_compiler", None)
    if not all(hasattr(compiler, name) for name in ("compile", "_code", "_parser", "_sre")):
        return
    _table.update(_read(compiler))
    _compiler, _original = compiler, compiler.compile
    compiler.compile = _compile
    import dataclasses

    # ``dataclasses`` calls exec(source text, globals, namespace) for each method; a name in
    # a module's namespace comes before the builtin of that name.
    vars(dataclasses)["exec"] = _exec


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """``exec`` for ``dataclasses``, with the method's code from the table when it is there."""
    if not isinstance(source, str):
        return exec(source, globals, locals)
    code = _table.get(source)
    if not isinstance(code, CodeType):
        # dont_inherit: compiled as dataclasses' own exec would, without this module's
        # ``from __future__ import annotations``
        code = _table[source] = _added[source] = compile(source, "<string>", "exec", dont_inherit=True)
    _used.add(source)
    return exec(code, globals, locals)


def _read(compiler: Any) -> dict:
    try:
        fd = os.open(_file(), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return {}
    from .fileio import untrusted

    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if untrusted(st) or not stat.S_ISREG(st.st_mode):
            return {}
        try:
            identity, table = marshal.loads(fh.read())
        except (ValueError, EOFError, TypeError):
            return {}
    return table if identity == _identity(compiler) and isinstance(table, dict) else {}


def _compile(pattern: Any, flags: int = 0) -> Any:
    """``re._compiler.compile``, with the pattern's code from the table when it is there."""
    if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
        return _original(pattern, flags)
    key = (pattern, flags)
    found = _table.get(key)
    if found is not None:
        try:
            compiled = _sre_compile(pattern, found)
        except Exception:  # a damaged entry: compiled below, as re would
            _table.pop(key, None)
        else:
            _used.add(key)
            return compiled
    parsed = _compiler._parser.parse(pattern, flags)
    # kept as bytes, which load ~5x faster than a list of numbers; _sre's code units are 4 bytes
    code = array("I", _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    compiled = _sre_compile(pattern, entry)
    _table[key] = _added[key] = entry
    _used.add(key)
    return compiled


def _sre_compile(pattern: Any, entry: tuple) -> Any:
    flags, code, groups, groupindex, indexgroup = entry
    return _compiler._sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup)


def save() -> None:
    """Write the table back if this run added more than a few one-off entries to it (best
    effort: a read-only or full cache folder only costs speed), with only what this run used."""
    if len(_added) <= _ONE_OFFS:
        return
    from .fileio import atomic_output, untrusted

    # What this run used, no more: a pattern built from a set (tokenize's, markdown-it's)
    # differs from run to run, and would pile up in the table.
    table = {key: _table[key] for key in _used if key in _table}
    path = _file()
    try:
        for folder in (path.parent.parent, path.parent):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            st = os.lstat(folder)
            if untrusted(st) or not stat.S_ISDIR(st.st_mode):
                return
        with atomic_output(path) as tmp:
            tmp.write_bytes(marshal.dumps((_identity(_compiler), table)))
            os.chmod(tmp, 0o600)
    except Exception:  # a cache write never fails a run
        return
    _added.clear()
