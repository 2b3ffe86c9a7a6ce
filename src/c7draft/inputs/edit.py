"""Edit input YAML in place: replace, remove or add one value, and leave every other byte.

`pull --write` changes a few records of a file that a person wrote: their comments, key
order, quoting and line breaks must stay. ruamel.yaml's round-trip mode keeps most of that,
but still re-indents and re-wraps what it writes; so this module edits the text itself.
ruamel.yaml's composer gives each node's start and end in the file; an edit replaces
exactly that span, and a changed text is folded in its own style (``>-``, ``|``, plain or
quoted) at the width of the file's own folded lines. Each edited file is read back and must
hold exactly the new values, or nothing is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..errors import OutputError

DEFAULT_WIDTH = 92  # the samples' folded lines


@dataclass
class _Edit:
    start: int
    end: int
    text: str
    order: int = 0  # of two insertions at one place, the one made first comes first
    value: bool = False  # a value replaced in place (checked alone: items keep their indices)


class YamlEdits:
    """Edits of one file's text, applied together by ``result``."""

    def __init__(self, text: str, name: str = ""):
        from ruamel.yaml import YAML

        # A file saved with Windows line ends keeps them: the edits work on "\n" lines, and
        # ``result`` puts "\r\n" back (read the file without newline translation).
        self.newline = "\r\n" if 2 * text.count("\r\n") > text.count("\n") else "\n"
        text = text.replace("\r\n", "\n")
        self.text = text
        self.name = name
        self.root = YAML(typ="safe").compose(text)
        self.edits: list[_Edit] = []
        self.checks: list[tuple[tuple, Any]] = []  # (path, value it must read back as)
        self.lengths: dict[tuple, int] = {}  # path of a list items were removed from or added to: its length
        self.unbracketed: set[tuple] = set()  # lists written `[]` that new items are added to
        self.width = _line_width(text, self.root)

    # ------------------------------------------------------------------ finding nodes
    def node(self, path: tuple) -> Any:
        node = self.root
        for key in path:
            node = self._entry(node, key)[1] if node.id == "mapping" else node.value[key]
        return node

    def _entry(self, mapping: Any, key: Any) -> tuple[Any, Any]:
        """The key node and the value node of ``key`` in a mapping node."""
        return next((k, v) for k, v in mapping.value if k.value == str(key))

    def has(self, path: tuple) -> bool:
        try:
            self.node(path)
            return True
        except (StopIteration, IndexError, AttributeError, TypeError):
            return False

    def _line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def _line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end + 1

    def _comments_above(self, start: int) -> int:
        """The start of the comment lines right above the line at ``start`` (or ``start``)."""
        while start > 0 and self.text[self._line_start(start - 1) : start].lstrip().startswith("#"):
            start = self._line_start(start - 1)
        return start

    def _content_end(self, node: Any) -> int:
        """Where a node's own text ends: trailing blank lines and comments are not part of it."""
        end = node.end_mark.index
        if node.id == "mapping" and node.value:
            end = self._content_end(node.value[-1][1])
        elif node.id == "sequence" and node.value and node.flow_style is not True:
            end = self._content_end(node.value[-1])
        chunk = self.text[node.start_mark.index : end]
        if node.id == "scalar" and node.style in (">", "|"):
            lines = chunk.split("\n")
            while len(lines) > 1 and not lines[-1].strip():
                lines.pop()
            return node.start_mark.index + len("\n".join(lines))
        return node.start_mark.index + len(chunk.rstrip())

    # ------------------------------------------------------------------ edits
    def set_text(self, path: tuple, value: str) -> None:
        """Replace a string value, written in the style it has now."""
        node = self.node(path)
        start, end = node.start_mark.index, self._content_end(node)
        key_column = self._key_column(node)
        in_flow = self.node(path[:-1]).flow_style is True  # `- {id: a, text: ...}`
        self.edits.append(_Edit(start, end, self._scalar(node, value, key_column, in_flow), value=True))
        self.checks.append((path, value))

    def remove_item(self, path: tuple) -> None:
        """Remove a sequence item (a record, a summary paragraph, an `order:` entry): its
        lines and the comment lines right above it, and one blank line below it where one is
        above it too or it was the first of several, so its neighbours keep their spacing.
        ``result`` writes a list left with no items as ``key: []`` and keeps the file's end
        as it was."""
        seq = self.node(path[:-1])
        item = seq.value[path[-1]]
        self._count(path[:-1], -1)
        if seq.flow_style is True:
            rest = [v for i, v in enumerate(seq.value) if i != path[-1]]
            self._rewrite_flow(seq, [self.text[v.start_mark.index : self._content_end(v)] for v in rest])
            return
        start = self._line_start(self.text.rfind("-", 0, item.start_mark.index + 1))
        end = self._line_end(self._content_end(item) - 1)
        start = self._comments_above(start)
        blank_below = self.text[end:].strip() and not self.text[end : self._line_end(end)].strip()
        blank_above = not self.text[self._line_start(start - 1) : start].strip()
        if blank_below and (blank_above or (path[-1] == 0 and len(seq.value) > 1)):
            end = self._line_end(end)
        self.edits.append(_Edit(start, end, ""))

    def insert_item(self, path: tuple, after: int | None, lines: str) -> None:
        """Add an item to a block sequence: ``lines`` (item text, indented as given, without
        the final newline) after item ``after`` (None: at the end)."""
        seq = self.node(path)
        self._count(path, +1)
        if seq.id != "sequence" or not seq.value:
            self._first_item(path, lines)
            return
        if seq.flow_style is True:
            items = [self.text[v.start_mark.index : self._content_end(v)] for v in seq.value]
            items.insert(len(items) if after is None else after + 1, lines.strip().removeprefix("- "))
            self._rewrite_flow(seq, items)
            return
        gap = "\n" if len(seq.value) > 1 and self._blank_between(seq.value[0], seq.value[1]) else ""
        if after == -1:  # before the first item
            at = self._line_start(self.text.rfind("-", 0, seq.value[0].start_mark.index + 1))
            self.edits.append(_Edit(at, at, lines + "\n" + gap))
            return
        item = seq.value[len(seq.value) - 1 if after is None else after]
        at = self._line_end(self._content_end(item) - 1)
        self.edits.append(_Edit(at, at, gap + lines + "\n"))

    def _first_item(self, path: tuple, lines: str) -> None:
        """The first items of a list that is empty (``key: []``) or has only comments under
        its key (as `init` writes it): the lines go right under the key."""
        key, value = self._entry(self.node(path[:-1]), path[-1])
        at = self._line_end(key.end_mark.index)
        if value.id == "sequence":  # `[]`: taken out (once, for the first), a comment after it kept
            start = value.start_mark.index
            while self.text[start - 1] == " ":
                start -= 1
            if path not in self.unbracketed:
                self.unbracketed.add(path)
                self.edits.append(_Edit(start, value.end_mark.index, ""))
            at = self._line_end(value.end_mark.index)
        self.edits.append(_Edit(at, at, lines + "\n"))

    def set_list(self, path: tuple, values: list[str]) -> None:
        """A list of plain words (an `order:` list) in this order: each kept item keeps its
        line (its quoting, a comment after it or above it, the blank lines above it), a new
        one is written like them; the list opens without a blank line, whatever comes first."""
        seq = self.node(path)
        self.checks.append((path, values))
        if seq.flow_style is True or not seq.value:
            old = {v.value: self.text[v.start_mark.index : self._content_end(v)] for v in seq.value}
            self._rewrite_flow(seq, [old.get(v, _word(v)) for v in values], value=True)
            return
        chunks: dict[str, str] = {}
        start = prev_end = None
        indent = ""
        for node in seq.value:
            dash = self.text.rfind("-", 0, node.start_mark.index + 1)
            line = self._line_start(dash)
            chunk_start = line if prev_end is None else prev_end
            if start is None:
                start, indent = line, self.text[line:dash]
            prev_end = self._line_end(self._content_end(node) - 1)
            chunks[str(node.value)] = self.text[chunk_start:prev_end]
        assert start is not None and prev_end is not None
        new = "".join(chunks.get(v, f"{indent}- {_word(v)}\n") for v in values)
        new = re.sub(r"\A(?:[ \t]*\r?\n)+", "", new)  # blank lines that came first in the new order
        self.edits.append(_Edit(start, prev_end, new, value=True))

    def remove_key(self, path: tuple) -> None:
        """Remove ``key: value`` from a block mapping (with the comment lines right above it)."""
        key, value = self._entry(self.node(path[:-1]), path[-1])
        start = self._comments_above(self._line_start(key.start_mark.index))
        end = self._line_end(self._content_end(value) - 1)
        self.edits.append(_Edit(start, end, ""))

    def replace_value(self, path: tuple, text: str) -> None:
        """Replace a value's whole text with ``text`` (e.g. an empty ``{}`` with a block);
        a block (``text`` starting on a new line) leaves no spaces at the end of the line above."""
        node = self.node(path)
        start = node.start_mark.index
        line_before = self.text[self._line_start(start) : start]
        if text.startswith("\n"):
            start -= len(line_before) - len(line_before.rstrip())
        self.edits.append(_Edit(start, self._content_end(node), text))

    def _count(self, path: tuple, change: int) -> None:
        if path not in self.lengths:
            seq = self.node(path)
            self.lengths[path] = len(seq.value) if seq.id == "sequence" else 0
        self.lengths[path] += change

    def _blank_between(self, a: Any, b: Any) -> bool:
        return "\n\n" in self.text[self._content_end(a) : b.start_mark.index].replace(" ", "")

    def _rewrite_flow(self, seq: Any, items: list[str], value: bool = False) -> None:
        """A flow sequence (``[a, b]``) written with ``items``."""
        self.edits.append(
            _Edit(seq.start_mark.index, self._content_end(seq), "[" + ", ".join(items) + "]", value=value)
        )

    def append_to_mapping(self, path: tuple, key: str, value_text: str) -> None:
        """Add ``key: value_text`` as the last key of a block mapping (``value_text`` may
        start with a newline for a block value)."""
        node = self.node(path)
        column = node.value[0][0].start_mark.column if node.value else 0
        at = self._line_end(self._content_end(node) - 1)
        self.edits.append(_Edit(at, at, " " * column + f"{key}:{value_text}\n"))

    def ids(self, path: tuple) -> list[str | None]:
        """The `id:` of each mapping in the list at ``path`` (a records file's records)."""
        seq = self.node(path)
        if seq.id != "sequence":
            return []
        return [
            next((v.value for k, v in item.value if k.value == "id"), None) if item.id == "mapping" else None
            for item in seq.value
        ]

    def _item_columns(self, path: tuple, default: tuple[int, int]) -> tuple[int, int, Any]:
        """The column of the dash of the first item of the list at ``path``, and of what
        follows it (its first key, or its text), with that item; ``default`` without one."""
        seq = self.node(path)
        if seq.id != "sequence" or not seq.value:
            return default[0], default[1], None
        first = seq.value[0]
        dash = self.text.rfind("-", 0, first.start_mark.index + 1)
        return dash - self._line_start(dash), first.start_mark.column, first

    def record_lines(self, path: tuple, record: dict) -> str:
        """A new record as an item of the list at ``path``, indented as its records are:
        `id`, `section`, its text as a folded block, `footnotes` if any."""
        dash_col, key_col, _ = self._item_columns(path, (2, 4))  # a `{...}` record's: its brace's
        pad = " " * key_col
        section = f'"{record["section"]}"' if str(record["section"]).isdigit() else record["section"]
        lines = [
            " " * dash_col + "-" + " " * (key_col - dash_col - 1) + f"id: {record['id']}",
            f"{pad}section: {section}",
            f"{pad}text: >-\n" + block_lines(record["text"], self.width, key_col + 2),
        ]
        if record.get("footnotes"):
            lines.append(f"{pad}footnotes:")
            for label, note in record["footnotes"].items():
                lines.append(f"{pad}  {label}: >-\n" + block_lines(note, self.width, key_col + 4))
        return "\n".join(lines)

    def text_item_lines(self, path: tuple, text: str) -> str:
        """A new text item of the list at ``path`` (an executive-summary paragraph), a
        folded block indented as the others are."""
        dash_col, indent, first = self._item_columns(path, (2, 4))
        if first is not None and first.style in (">", "|"):
            old = self.text[self._line_end(first.start_mark.index) : first.end_mark.index].split("\n")
            indent = next((len(x) - len(x.lstrip(" ")) for x in old if x.strip()), dash_col + 2)
        return " " * dash_col + "- >-\n" + block_lines(text, self.width, indent)

    def _key_column(self, node: Any) -> int:
        """The column of the key (or dash) that owns ``node``: block text indents past it."""
        line = self.text[self._line_start(node.start_mark.index) : node.start_mark.index]
        return len(line) - len(line.lstrip(" -"))

    # ------------------------------------------------------------------ writing a scalar
    def _scalar(self, node: Any, value: str, key_column: int, in_flow: bool) -> str:
        style = node.style or ""  # plain: "" from ruamel.yaml's C composer, None from its Python one
        if style in (">", "|"):
            header = self.text[node.start_mark.index : self._line_end(node.start_mark.index)].rstrip("\n")
            old = self.text[self._line_end(node.start_mark.index) : node.end_mark.index].split("\n")
            indent = next((len(x) - len(x.lstrip(" ")) for x in old if x.strip()), key_column + 2)
            lines = fold(value, self.width - indent)
            if lines is not None:
                return header + "\n" + "\n".join(" " * indent + x for x in lines)
        elif style in ('"', "'", ""):
            column = node.start_mark.column
            indent = key_column + 2
            quoted = _quoted(value, style, in_flow)
            if quoted is None and in_flow:  # a flow mapping cannot hold a folded block
                quoted = _quoted(value, '"', in_flow)
            if quoted is not None:
                lines = fold(quoted, self.width - column) if column + len(quoted) > self.width else [quoted]
                if lines is not None:
                    return ("\n" + " " * indent).join(lines)
        return ">-\n" + block_lines(value, self.width, key_column + 2)

    # ------------------------------------------------------------------ result
    def result(self) -> str:
        """The edited text, read back and checked; an OutputError if it would not hold
        the new values (nothing is written then)."""
        text = _same_end(self._apply(self.edits + self._emptied()), self.text)
        edited = self._load(text)
        for path, length in self.lengths.items():
            got = _at(edited, path)
            if not isinstance(got, list) or len(got) != length:
                raise self._refused(f"would not read back with {length} items in {'.'.join(map(str, path))}")
        data = self._load(self._apply([e for e in self.edits if e.value]))  # indices as before
        for path, value in self.checks:
            got = _at(data, path)
            if isinstance(value, list):
                same = [str(g) for g in got] == value
            else:
                same = " ".join(str(got).split()) == " ".join(value.split())
            if not same:
                raise self._refused("would not read back as the new text")
        return text.replace("\n", self.newline)

    def _emptied(self) -> list[_Edit]:
        """``key: []`` for each block list whose items were all removed (a comment after
        the key is kept): the key alone would read as no value at all."""
        edits = []
        for path, length in self.lengths.items():
            seq = self.node(path)
            if length == 0 and seq.id == "sequence" and seq.value and seq.flow_style is not True:
                key, _ = self._entry(self.node(path[:-1]), path[-1])
                colon = self.text.find(":", key.end_mark.index) + 1
                edits.append(_Edit(colon, colon, " []"))
        return edits

    def _refused(self, why: str) -> OutputError:
        return OutputError(
            f"pull's edit of {self.name} {why}; nothing was written",
            file=self.name,
            hint="please report this, with the reviewed .docx; edit the record by hand meanwhile",
        )

    def _apply(self, edits: list[_Edit]) -> str:
        text = self.text
        for n, edit in enumerate(self.edits):
            edit.order = n
        edits = sorted(edits, key=lambda e: (e.start, e.end, e.order))
        if any(b.start < a.end for a, b in pairwise(edits)):
            raise self._refused("would change one part of it twice")
        for edit in reversed(edits):
            text = text[: edit.start] + edit.text + text[edit.end :]
        return text

    def _load(self, text: str) -> Any:
        from ruamel.yaml import YAML

        try:
            return YAML(typ="safe").load(text)  # the C parser when ruamel.yaml.clib is installed
        except Exception as exc:  # any failure means the edit is wrong
            raise self._refused(f"would not read back as YAML ({exc})") from None


def _same_end(text: str, original: str) -> str:
    """``text`` ending in no more blank lines than ``original`` did (a last item removed
    leaves the blank line that stood above it)."""
    kept = len(original) - len(original.rstrip("\n"))
    return text.rstrip("\n") + "\n" * kept if len(text) - len(text.rstrip("\n")) > kept else text


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def block_lines(text: str, width: int, indent: int) -> str:
    """``text`` as the lines of a folded block, indented by ``indent``, within ``width``."""
    return "\n".join(" " * indent + line for line in fold(text, width - indent) or [text])


def _word(value: str) -> str:
    """An id as a list item: quoted when YAML would read it as a number or a boolean."""
    return f'"{value}"' if re.fullmatch(r"[-+.\d]+|true|false|yes|no|on|off|null|~", value, re.I) else value


def fold(text: str, width: int) -> list[str] | None:
    """``text`` cut into lines of at most ``width`` characters where possible, only at single
    spaces between words (so folding the lines back gives the text); None if it holds a
    line break or starts or ends with a space (a folded block could not keep it)."""
    if "\n" in text or text != text.strip() or not text:
        return None
    words = re.split(r"(?<=\S) (?=\S)", text)
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


_FLOW_SIGNS = re.compile(r"[,\[\]{}]")
_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: |\s#|:$|\s$")


def _quoted(value: str, style: str, in_flow: bool) -> str | None:
    """``value`` as a flow scalar of ``style`` ("" plain, ' or "), or None when plain
    cannot hold it (inside ``{...}`` or ``[...]``, not a comma or a bracket either)."""
    if style == '"':
        return json.dumps(value, ensure_ascii=False)
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if _PLAIN_UNSAFE.search(value) or "\n" in value or (in_flow and _FLOW_SIGNS.search(value)):
        return None
    return value


def _line_width(text: str, root: Any) -> int:
    """The width the file's folded text is wrapped at: its longest line of multi-line text
    (lines holding a single word, such as a long web address, left out)."""
    widths: list[int] = []

    def walk(node: Any) -> None:
        if node is None:
            return
        if node.id == "scalar":
            lines = text[node.start_mark.index : node.end_mark.index].rstrip("\n").split("\n")
            # its inner lines, whole (the first starts at the key, the last may be short); a
            # line of one unbreakable word (a long web address) says nothing of the width
            widths.extend(len(x.rstrip()) for x in lines[1:-1] if " " in x.strip())
        elif node.id == "mapping":
            for _, v in node.value:
                walk(v)
        elif node.id == "sequence":
            for v in node.value:
                walk(v)

    walk(root)
    return max(widths) if widths else DEFAULT_WIDTH
