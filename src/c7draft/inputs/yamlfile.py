"""Read one YAML input file into plain values that remember where they stand.

ruamel.yaml's safe parser (its C parser, ruamel.yaml.clib, when installed) composes the
file into nodes that carry their marks; this module builds dicts, lists and scalars from
them once, keeping a map of positions, instead of ruamel's slower round-trip loader. On
the way it enforces the limits that keep hostile input fast (file size, nesting, alias
expansion, no tags); a file that does not parse is explained by ``syntax_errors``, in plain
words at the line to fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..fileio import read_utf8

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
MAX_VALUES = 250_000  # values after aliases are expanded; a real submission has a few thousand


class YamlMap(dict):
    """A mapping with the 1-based (line, column) of each key and of each value."""

    def __init__(self, at: tuple[int, int]):
        super().__init__()
        self.at = at
        self.keys_at: dict[Any, tuple[int, int]] = {}
        self.values_at: dict[Any, tuple[int, int]] = {}


class YamlList(list):
    """A sequence with the 1-based (line, column) of each item."""

    def __init__(self, at: tuple[int, int]):
        super().__init__()
        self.at = at
        self.items_at: list[tuple[int, int]] = []


def key_position(node: Any, key: Any) -> tuple[int, int] | None:
    if isinstance(node, YamlMap):
        return node.keys_at.get(key)
    if isinstance(node, YamlList) and isinstance(key, int) and 0 <= key < len(node.items_at):
        return node.items_at[key]
    return None


def value_position(node: Any, key: Any) -> tuple[int, int] | None:
    if isinstance(node, YamlMap):
        return node.values_at.get(key)
    return key_position(node, key)


def read_yaml(path: Path, lines: dict[Path, list[str]] | None = None) -> Any:
    """The data of the YAML file at ``path``, or an InputError at the line to fix. The
    file's lines are kept in ``lines`` when given (for ``inputs.positions``)."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0  # read_utf8 below says what is wrong with the path
    if size > MAX_BYTES:
        raise InputError(
            f"this YAML file is larger than {MAX_BYTES // 1024 // 1024} MB ({size:,} bytes), "
            "the most c7draft reads",
            file=path,
            line=1,
            rule="yaml-too-large",
            hint="a submission's files are a few kilobytes: check that this is the right file",
        )
    text = read_utf8(path, InputError, "YAML file")
    if lines is not None:
        lines[Path(path)] = text.splitlines()
    try:
        node = _compose(text)
    except InputError:
        raise
    except Exception as exc:  # every parser failure becomes a message naming the file
        from .syntax_errors import syntax_error  # only when a file does not parse

        raise syntax_error(text, exc, path, max_depth=MAX_DEPTH) from None
    if node is None:
        return None
    return _Builder(text, path).build(node)


def _compose(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").compose(text)  # the C parser when ruamel.yaml.clib is installed


_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}


class _Builder:
    """Nodes to values, each node built once however many aliases point at it."""

    def __init__(self, text: str, path: Path):
        from ruamel.yaml.constructor import SafeConstructor

        self.lines = text.splitlines()
        self.path = path
        self.constructor = SafeConstructor()
        self.built: dict[int, Any] = {}
        self.size: dict[int, int] = {}
        self.anchored: dict[int, Any] = {}  # texts written after an anchor (`&name`) no alias used yet

    def error(self, node: Any, problem: str, hint: str, rule: str) -> InputError:
        line, column = _at(node.start_mark)
        return InputError(problem, file=self.path, line=line, column=column, hint=hint, rule=rule)

    def build(self, root: Any) -> Any:
        if self._expanded(root, 0) > MAX_VALUES:
            if len(self.size) > MAX_VALUES:  # that many values written out, no alias needed
                raise self.error(
                    root,
                    f"this file holds more than {MAX_VALUES:,} values (keys, list items and texts), "
                    "the limit for one YAML input file",
                    "a submission has a few thousand: split the records into one file per agency, "
                    "or remove what does not belong in the submission",
                    "yaml-too-many-values",
                )
            raise self.error(
                root,
                f"this file expands to more than {MAX_VALUES:,} values through its aliases (`*name`), "
                "the limit for one YAML input file",
                "write the text out instead of repeating anchored parts with aliases",
                "yaml-alias-expansion",
            )
        value = self._build(root)
        if self.anchored:  # `text: &more ...`: YAML took the first word for a name, no alias uses it
            node = min(self.anchored.values(), key=lambda node: _at(node.start_mark))
            line, column = _at(node.start_mark)
            word = self.lines[line - 1][column - 1 :].split(maxsplit=1)[0]
            raise self.error(
                node,
                f"the text on line {line} starts with `{word}`, which YAML reads as an anchor (a name "
                "for the value) and leaves out of the text",
                "put the text in a block: `>-` with the text indented on the next lines",
                "yaml-text-start",
            )
        return value

    def _expanded(self, node: Any, depth: int) -> int:
        """How many values ``node`` stands for once aliases are expanded (each node walked once)."""
        key = id(node)
        if key in self.size:
            return self.size[key]
        if depth > MAX_DEPTH:
            raise self.error(
                node,
                f"the data is nested more than {MAX_DEPTH} levels deep",
                "c7draft's files nest a few levels: check the brackets and indentation",
                "yaml-too-deep",
            )
        self.size[key] = 1  # a node that contains itself counts once, and is refused below
        total = 1
        if node.id == "mapping":
            for k, v in node.value:
                total += self._expanded(k, depth + 1) + self._expanded(v, depth + 1)
        elif node.id == "sequence":
            total += sum(self._expanded(v, depth + 1) for v in node.value)
        self.size[key] = min(total, MAX_VALUES + 1)
        return self.size[key]

    def _build(self, node: Any) -> Any:
        key = id(node)
        if key in self.built:
            value = self.built[key]
            self.anchored.pop(key, None)  # an alias: the anchor was meant
            if value is _BUILDING:
                raise self.error(
                    node,
                    "an alias points at the mapping or list that holds it",
                    "remove the alias (`*name`)",
                    "yaml-recursive-alias",
                )
            return value
        self.built[key] = _BUILDING
        tag = node.tag or ""
        name = tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else None
        if node.id == "scalar":
            if name not in _SCALAR_TAGS:
                raise self._tag_error(node)
            value = self._scalar(node, name)
        elif node.id == "mapping":
            if name != "map":
                raise self._tag_error(node)
            value = YamlMap(_at(node.start_mark))
            for knode, vnode in node.value:
                k = self._build(knode)
                if isinstance(k, (dict, list)):
                    raise self.error(
                        knode,
                        "a key must be a plain word, not a mapping or list",
                        "write `key: value`",
                        "yaml-complex-key",
                    )
                if k in value:
                    line = value.keys_at[k][0]
                    raise self.error(
                        knode,
                        f"the key `{k}` appears twice here (also on line {line})",
                        "keep one of them"
                        + (
                            "; to start another record, write `- id: ...` (a dash and a space first)"
                            if k == "id"
                            else ""
                        ),
                        "yaml-duplicate-key",
                    )
                value[k] = self._build(vnode)
                value.keys_at[k] = _at(knode.start_mark)
                value.values_at[k] = self._value_at(vnode)
        else:
            if name != "seq":
                raise self._tag_error(node)
            value = YamlList(_at(node.start_mark))
            for item in node.value:
                value.append(self._build(item))
                value.items_at.append(self._value_at(item))
        self.built[key] = value
        return value

    def _scalar(self, node: Any, name: str) -> Any:
        if name == "str":
            if not node.value.isprintable() and (m := re.search(_CONTROL, node.value)):
                raise self.error(
                    node,
                    f"this text contains the control character U+{ord(m.group()):04X}",
                    "remove the escape (such as \\x07 or \\a) from the quoted text",
                    "yaml-control-character",
                )
            if not node.style:  # plain text (None or ""), with no quotes or block around it
                line, column = _at(node.start_mark)
                if self.lines[line - 1][column - 1 : column] == "&":
                    self.anchored[id(node)] = node
                end = node.end_mark
                if " " in node.value and (m := _HASHTAG.match(self.lines[end.line], end.column)):
                    raise InputError(
                        f"the text is cut at `{m.group(1)}`: after a space, YAML reads # as the start "
                        "of a comment, and leaves the rest of the line out of the text",
                        file=self.path,
                        line=end.line + 1,
                        column=m.start(1) + 1,
                        hint="put the text in a block: `>-` with the text indented on the next lines "
                        "(if it is a comment, write a space after the #)",
                        rule="yaml-text-cut",
                    )
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError:  # e.g. 2026-02-30: the schema says so, with the rest of the file's problems
            return node.value
        except Exception:  # a number form ruamel cannot build: keep the text
            return node.value

    def _value_at(self, node: Any) -> tuple[int, int]:
        """Where a value starts; for block text (`>-`, `|`), its first line of text."""
        line, column = _at(node.start_mark)
        if node.id == "scalar" and node.style in (">", "|"):
            for n in range(line, len(self.lines)):  # self.lines[n] is line n + 1
                if self.lines[n].strip():
                    return n + 1, len(self.lines[n]) - len(self.lines[n].lstrip(" ")) + 1
        return line, column

    def _tag_error(self, node: Any) -> InputError:
        if node.tag == "tag:yaml.org,2002:merge":
            return self.error(
                node,
                "`<<:` (a YAML merge key) is not supported in c7draft's files",
                "write the keys out in full",
                "yaml-merge-key",
            )
        return self.error(
            node,
            f"the tag `{node.tag}` is not allowed in c7draft's files",
            "remove the tag (the word starting with `!`); write plain values",
            "yaml-tag",
        )


_BUILDING = object()
_HASHTAG = re.compile(r"\s+(#[^\s#]\S*)")  # `#eTradeForWomen` after a text: a comment to YAML
# YAML refuses a typed control character but lets one through as an escape in double quotes
# ("\x07"). Word cannot hold it either: say where it is instead of dropping it.
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]"  # each unprintable: looked for only in a text that is not


def _at(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1
