"""The parser's errors in plain words, at the line to fix: what did the person typing the
YAML get wrong, and what should they type instead?

``syntax_error`` turns whatever ruamel.yaml raised while reading a file into an InputError:
a tab or a pasted non-breaking space in an indent, a quote or bracket never closed, `: ` in
a text, a key indented out of line with its neighbours, block text that lost its indent,
or, failing those, the parser's own words with a hint. ``yamlfile`` imports it only when a
file does not parse, so a build never loads it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..wording import plural

# Written here because no YAML library says what the person did: the parser reports where
# it got lost ("expected <block end>, but found '<scalar>'"), often lines after the slip.
# These checks look at the lines up to that point for the usual slips of hand-typed YAML.

# Compiled on first use (``re``'s cache), by a file that does not parse: a build never needs them.
_KEY_LINE = r"^( *)(- +)?([^\s#\"'\-][^:#]*?|\"[^\"]*\"|'[^']*'):(\s|$)"
_QUOTE_OPEN = r"^\s*(?:- +)?(?:[^\s#\"'][^:#]*?:\s+)?([\"'])(.*)$"
_UNICODE_SPACES = "\u00a0\u2007\u202f\u3000\u2002\u2003\u2009\ufeff"

GENERIC_HINT = (
    "check indentation and quoting on this line or the one before; text that "
    "contains ': ' or starts with '*', '[' or '-' must go in a block, "
    "e.g. `text: >-` with the text indented on the next lines"
)


def syntax_error(text: str, exc: Exception, path: Path, *, max_depth: int) -> InputError:
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    lines = text.splitlines()
    if isinstance(exc, ReaderError):  # a character YAML does not allow, e.g. a control character
        before = text[: exc.position]
        return InputError(
            f"character U+{exc.character:04X} is not allowed in YAML",
            file=path,
            line=before.count("\n") + 1,
            column=exc.position - (before.rfind("\n") + 1) + 1,
            hint="delete this invisible character (it often comes with text pasted from a PDF)",
            rule="yaml-control-character",
        )
    if isinstance(exc, RecursionError):
        return InputError(
            f"the data is nested too deep to read (at most {max_depth} levels)",
            file=path,
            line=1,
            hint="check the brackets and indentation",
            rule="yaml-too-deep",
        )
    if not isinstance(exc, MarkedYAMLError):
        return InputError(
            f"this YAML file cannot be read: {type(exc).__name__}: {exc}",
            file=path,
            line=1,
            hint="check the file's YAML syntax; if it looks right, please report this",
            rule="yaml-syntax",
        )
    mark = exc.problem_mark or exc.context_mark
    error_line = mark.line + 1 if mark else len(lines)
    found = _explain_syntax(lines, exc, error_line)
    if found:
        line, column, problem, hint, rule = found
        return InputError(problem, file=path, line=line, column=column, hint=hint, rule=rule)
    problem = (exc.problem or exc.context or "YAML syntax error").strip()
    if (
        exc.context
        and exc.context_mark
        and exc.problem_mark
        and exc.context_mark.line != exc.problem_mark.line
    ):
        problem += f" ({exc.context.strip()} on line {exc.context_mark.line + 1})"
    return InputError(
        f"YAML syntax error: {problem}",
        file=path,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=GENERIC_HINT,
        rule="yaml-syntax",
    )


def _explain_syntax(lines: list[str], exc: Any, error_line: int):
    """(line, column, problem, hint, rule) for a mistake a person makes, or None."""
    error_line = min(error_line, len(lines))  # the parser may stop at the end of the file
    last = min(error_line + 1, len(lines))
    for n in range(1, last + 1):  # an invisible character in an indent, at or before the error
        line = lines[n - 1]
        indent = line[: len(line) - len(line.lstrip(" \t" + _UNICODE_SPACES))]
        if "\t" in indent:
            return (
                n,
                indent.index("\t") + 1,
                f"line {n} is indented with a tab: use spaces",
                "replace the tab at the start of the line with spaces (set your editor to "
                "insert spaces for Tab)",
                "yaml-tab-indent",
            )
        odd = next((c for c in indent if c in _UNICODE_SPACES), None)
        if odd:
            what = "a non-breaking space" if odd == "\u00a0" else f"the invisible space U+{ord(odd):04X}"
            return (
                n,
                indent.index(odd) + 1,
                f"line {n} starts with {what} (pasted from Word?): retype the indent with spaces",
                "delete the spaces at the start of the line and type them again",
                "yaml-nbsp-indent",
            )
    if (
        exc.context
        and "quoted scalar" in exc.context
        and "escape" in (exc.problem or "")
        and exc.problem_mark
    ):
        return _bad_escape(lines, exc)
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        n = exc.context_mark.line + 1
        return (
            n,
            exc.context_mark.column + 1,
            f"the quote opened on line {n} is never closed",
            "add the closing quote at the end of the text, or use `>-` with the text on the "
            "next lines instead of quotes",
            "yaml-unclosed-quote",
        )
    if exc.context and "flow" in exc.context and exc.context_mark:
        n, bracket = exc.context_mark.line + 1, "[" if "sequence" in exc.context else "{"
        closing = "]" if bracket == "[" else "}"
        return (
            n,
            exc.context_mark.column + 1,
            f"the `{bracket}` opened on line {n} is never closed",
            f"add the closing `{closing}`; if the bracket is part of the text, put the text in "
            "quotes or in a `>-` block",
            "yaml-unclosed-bracket",
        )
    if exc.context and "simple key" in exc.context and exc.context_mark:
        n = exc.context_mark.line + 1
        words = lines[n - 1].strip()[:40] if n <= len(lines) else ""
        if m := re.match(r"([A-Za-z_][\w-]*):(\S.*)", words):  # `section:3a`
            return (
                n,
                exc.context_mark.column + len(m.group(1)) + 2,
                f"line {n} (`{words}`) has no space after the `:`",
                f"write `{m.group(1)}: {m.group(2)}`: YAML needs a space after the colon of a key",
                "yaml-missing-colon",
            )
        return (
            n,
            exc.context_mark.column + 1,
            f"line {n} (`{words}`) is neither `key: value` nor a list item",
            "if it is text, indent it like the text above it; if it is a key, add the `:` after it",
            "yaml-missing-colon",
        )
    for n in range(1, min(error_line, len(lines)) + 1):
        if m := re.match(r"^( *)-[A-Za-z_][\w-]*:(\s|$)", lines[n - 1]):
            return (
                n,
                len(m.group(1)) + 1,
                f"line {n} starts a list item without a space after the `-`",
                "write `- ` (a dash and a space) before the first key of the item",
                "yaml-list-dash",
            )
        if m := re.match(r"^( *)([•·▪●◦*–—])\s+[A-Za-z_][\w-]*:(\s|$)", lines[n - 1]):  # a bullet from Word
            return (
                n,
                len(m.group(1)) + 1,
                f"line {n} starts a list item with `{m.group(2)}`: YAML's list items start with `- `",
                f"replace the `{m.group(2)}` with a hyphen `-`",
                "yaml-list-dash",
            )
    if (exc.problem or "").startswith("mapping values are not allowed") and 1 <= error_line <= len(lines):
        m = re.match(_KEY_LINE, lines[error_line - 1])
        if m and ": " in lines[error_line - 1][m.end() :]:
            return (
                error_line,
                exc.problem_mark.column + 1,
                f"the text on line {error_line} contains `: `, which YAML reads as the start of a new key",
                f"put the text in a block: `{m.group(3)}: >-` with the text indented on the next lines, "
                "or put it in double quotes",
                "yaml-colon-in-text",
            )
    for n in range(1, error_line + 1):
        unclosed = _unclosed_quote(lines, n)
        if unclosed:
            return unclosed
    if lost := _text_lost_indent(lines, error_line):
        return lost
    if indented := _odd_indent(lines, error_line):
        return indented
    return (
        _text_start(lines, error_line)
        or _text_cut(lines, error_line)
        or _list_after_text(lines, error_line)
        or _item_out_of_line(lines, error_line)
    )


def _item_out_of_line(lines: list[str], n: int):
    """A list item (`- id: ...`) whose dash is out of line with the items above it (or with
    the next, when the item above is the one moved)."""
    if not (item := re.match(r"( *)- ", lines[n - 1])):
        return None
    column = len(item.group(1))

    def dash(j: int) -> int | None:  # the column of line j's dash, if it starts an item
        m = re.match(r"( *)- ", lines[j - 1])
        return len(m.group(1)) if m else None

    content = [
        j
        for j in range(1, len(lines) + 1)
        if lines[j - 1].strip() and not lines[j - 1].lstrip().startswith("#")
    ]
    above = next(
        (j for j in reversed(content) if j < n and (dash(j) is not None or _indent(lines[j - 1]) <= column)),
        None,
    )
    if above is None or (other := dash(above)) is None or other == column or abs(other - column) > 3:
        return None
    after = next(
        (
            j
            for j in content
            if j > n and (dash(j) is not None or _indent(lines[j - 1]) <= min(column, other))
        ),
        None,
    )
    moved, right, wrong = (above, column, other) if after and dash(after) == column else (n, other, column)
    return (
        moved,
        wrong + 1,
        f"line {moved} starts a list item at column {wrong + 1}; the items beside it start at column {right + 1}",
        f"move line {moved} {'left' if wrong > right else 'right'} by {plural(abs(wrong - right), 'space')}",
        "yaml-indent",
    )


# What YAML makes of a plain value's first character, for a text typed straight after `key: `.
_STARTS = {
    "*": "`*`, which YAML reads as a reference to an anchor, not as italics",
    "[": "`[`, which YAML reads as the start of a list",
    "{": "`{`, which YAML reads as the start of a mapping",
    "- ": "`- `, which YAML reads as a list item",
    "@": "`@`, which YAML does not allow at the start of a value",
    "`": "`` ` ``, which YAML does not allow at the start of a value",
    "%": "`%`, which YAML does not allow at the start of a value",
}


def _text_start(lines: list[str], n: int):
    """A text typed after `key: ` (or after the `- ` of a list of texts, as in
    `executive_summary:`) whose first character YAML reads as syntax: `*Title*` (an alias),
    `[Draft]` (a list), `"Title" and more` (a quoted value that goes on), `| text`."""
    if not 1 <= n <= len(lines):
        return None
    if m := re.match(_KEY_LINE, lines[n - 1]):
        key, value = f"{m.group(3)}:", lines[n - 1][m.end() :].lstrip(" ")
    elif m := re.match(r"^ *- +", lines[n - 1]):
        key, value = "-", lines[n - 1][m.end() :]
    else:
        return None
    column = len(lines[n - 1]) - len(value) + 1
    block = f"put the text in a block: `{key} >-` with the text indented on the next lines"
    if value.startswith(("|", ">")) and value[1:2] in (" ", "-", "+") and value[1:].strip(" -+"):
        return (
            n,
            column,
            f"the text on line {n} follows `{value[0]}` on the same line: a block's text starts on the next line",
            f"move the text to the next line, indented under `{key}`",
            "yaml-text-start",
        )
    start = next((start for start in _STARTS if value.startswith(start)), None)
    if (
        value.startswith(('"', "'"))
        and (closed := value.find(value[0], 1)) > 0
        and value[closed + 1 :].strip()
    ):
        what = (
            f"a quoted part (`{value[: closed + 1]}`) and goes on after it: a value that starts "
            "with a quote ends at its closing quote"
        )
    elif start:
        what = _STARTS[start]
    else:
        return None
    hint = block + ("; c7draft makes each record a bullet, so drop the `- `" if start == "- " else "")
    return n, column, f"the text on line {n} starts with {what}", hint, "yaml-text-start"


def _text_cut(lines: list[str], n: int):
    """A plain text cut by a `#word` (a hashtag, to YAML a comment) on the line above the
    error: the text's next lines then stand on their own, which YAML refuses. (A text cut on
    its last line parses; the loader refuses that one, ``yamlfile._HASHTAG``.)"""
    above = next((k for k in range(min(n, len(lines)) - 1, 0, -1) if lines[k - 1].strip()), None)
    if above is None or not (m := re.match(_KEY_LINE, lines[above - 1])):
        return None
    value = lines[above - 1][m.end() :]
    if value.lstrip().startswith(('"', "'", ">", "|")) or not (cut := re.search(r"\s(#[^\s#]\S*)", value)):
        return None
    return (
        above,
        m.end() + cut.start(1) + 1,
        f"the text on line {above} is cut at `{cut.group(1)}`: after a space, YAML reads # as the "
        "start of a comment, so the lines below it no longer belong to the text",
        "put the text in a block: `" + m.group(3) + ": >-` with the text indented on the next lines",
        "yaml-text-cut",
    )


def _list_after_text(lines: list[str], n: int):
    """A list item (`- >-`) under a key that holds one text: `executive_summary: >-` with its
    first paragraph, then the next paragraph as `- >-`."""
    if not 1 <= n <= len(lines) or not (item := re.match(r"^( *)- ", lines[n - 1])):
        return None
    for k in range(n - 1, 0, -1):
        m = re.match(_KEY_LINE, lines[k - 1])
        if m and _column(m) <= len(item.group(1)):
            if not _block_key(lines[k - 1]):
                return None
            key = m.group(3)
            return (
                n,
                len(item.group(1)) + 1,
                f"line {n} starts a list item, but `{key}:` on line {k} holds one text, not a list",
                f"for a list, put `- >-` on its own line under `{key}:` before the first text too "
                f"(`{key}:` then stands alone on its line)",
                "yaml-list-after-text",
            )
    return None


def _bad_escape(lines: list[str], exc: Any):
    """A backslash escape in double quotes that is not a character: `\\q`, or `\\uD800` (one
    half of a UTF-16 surrogate pair, which the YAML parser refuses alone and in pairs)."""
    n, column = exc.problem_mark.line + 1, exc.problem_mark.column
    line = lines[n - 1] if n <= len(lines) else ""
    start = line.rfind("\\", 0, column + 1)
    escape = re.match(r"\\(u[0-9A-Fa-f]{0,4}|U[0-9A-Fa-f]{0,8}|x[0-9A-Fa-f]{0,2}|.?)", line[max(start, 0) :])
    shown = escape.group() if start >= 0 and escape else "\\"
    code = int(shown[2:], 16) if re.fullmatch(r"\\[uU][0-9A-Fa-f]+", shown) else None
    if code is not None and 0xD800 <= code <= 0xDFFF:
        what = "is half of a UTF-16 surrogate pair, not a character"
    elif "unknown escape" in exc.problem:
        what = "is not an escape YAML knows"
    else:
        what = "is not a valid character escape"
    return (
        n,
        (start if start >= 0 else column) + 1,
        f"`{shown}` in the quoted text on line {n} {what}",
        "type the character itself (c7draft files are UTF-8), or write it with 8 hex digits, e.g. "
        "`\\U0001F600` for 😀; for a backslash in double quotes write `\\\\`",
        "yaml-bad-escape",
    )


def _unclosed_quote(lines: list[str], n: int):
    m = re.match(_QUOTE_OPEN, lines[n - 1])
    if not m:
        return None
    quote, rest = m.groups()
    closed = re.search(r'(?<!\\)"' if quote == '"' else r"'", rest.replace("''", ""))
    if closed:
        return None
    nxt = next((k for k in range(n + 1, len(lines) + 1) if lines[k - 1].strip()), None)
    if nxt is None or not re.match(_KEY_LINE, lines[nxt - 1]):
        return None  # a quoted text that goes on over several lines is allowed
    return (
        n,
        m.start(1) + 1,
        f"the quote opened on line {n} is never closed",
        f"add the closing {quote} at the end of the text on line {n}, or use `>-` with "
        "the text on the next lines instead of quotes",
        "yaml-unclosed-quote",
    )


def _key_column(line: str) -> int | None:
    m = re.match(_KEY_LINE, line)
    return None if not m else _column(m)


def _column(key: re.Match) -> int:
    """Where a `_KEY_LINE` match's key starts: after its indent and any `- ` before it."""
    return len(key.group(1)) + len(key.group(2) or "")


def _odd_indent(lines: list[str], n: int):
    column = _key_column(lines[n - 1])
    if column is None or ((m := re.match(_KEY_LINE, lines[n - 1])) and m.group(2)):
        return None
    for k in range(n - 1, 0, -1):
        other = _key_column(lines[k - 1])
        if other is None or other == column:
            if other == column:
                return None
            continue
        # Two spaces out; further in under a key whose value is on its line (it cannot hold
        # keys); or further out, at no level of the keys above (it cannot close one)
        if (
            abs(other - column) <= 2
            or (column > other and _value_on_line(lines[k - 1]))
            or (column < other and column not in _levels_above(lines, k, other))
        ):
            if _first_key_is_out(lines, k, n, other, column):  # the slip is the line above
                return (
                    k,
                    other + 1,
                    f"line {k} is out of line with the keys below it: its key stands at column "
                    f"{other + 1}, theirs at column {column + 1}",
                    f"move line {k} {'left' if other > column else 'right'} by "
                    f"{plural(abs(other - column), 'space')}",
                    "yaml-indent",
                )
            in_record = _in_sequence_item(lines, k, other)
            owner = "the other keys of this record use" if in_record else "the key above it uses"
            key = lines[n - 1].strip().split(":")[0]
            return (
                n,
                column + 1,
                f"line {n} is indented by {plural(column, 'space')}; {owner} {other}",
                f"indent `{key}:` by {plural(other, 'space')}, like the keys beside it"
                if other
                else f"start `{key}:` at the beginning of the line, like the keys beside it",
                "yaml-indent",
            )
        return None
    return None


def _levels_above(lines: list[str], k: int, column: int) -> set[int]:
    """The columns a key below line ``k`` (its key at ``column``) could stand at: that one, and
    each enclosing mapping's and list's, up to the file's top."""
    levels = {column}
    for line in reversed(lines[: k - 1]):
        if (c := _key_column(line)) is not None and c < column:
            levels |= {c, _indent(line)}  # a key's column, and its item's dash's
            column = c
    return levels


def _first_key_is_out(lines: list[str], k: int, n: int, other: int, column: int) -> bool:
    """Whether the key on line ``k``, the first of its mapping, is the one out of line with the
    key on line ``n`` below it: the next key at either's column agrees with ``n``; or none
    follows before the mapping ends, and ``n`` stands where a mapping under its parent key
    starts (two spaces in; the file's top keys at the start of the line)."""
    columns = {j: c for j, line in enumerate(lines, 1) if (c := _key_column(line)) is not None}
    before = [j for j in columns if j < k]
    if before and columns[before[-1]] >= min(column, other):
        return False  # not the first key of its mapping
    for j in (j for j in columns if j > n):
        if columns[j] < min(column, other):
            break  # the mapping has ended
        if columns[j] in (column, other):
            return columns[j] == column
    return column == (columns[before[-1]] + 2 if before else 0)


def _value_on_line(line: str) -> bool:
    """Whether a `key: value` line has its value there (not a comment, not `>-` or `|` for
    lines below)."""
    m = re.match(_KEY_LINE, line)
    value = line[m.end() :].strip() if m else ""
    return bool(value) and not value.startswith(("#", ">", "|"))


_BLOCK_SIGN = re.compile(r"\s*[>|][-+]?\s*(#.*)?$")  # `>-`, `|`, ... and nothing after it but a comment


def _indent(line: str) -> int:
    """How many spaces ``line`` starts with."""
    return len(line) - len(line.lstrip(" "))


def _block_key(line: str) -> re.Match | None:
    """The key of a line that opens a block of text (`text: >-`, `summary: |`), else None."""
    key = re.match(_KEY_LINE, line)
    return key if key and _BLOCK_SIGN.match(line, key.end()) else None


def _block_opener(line: str) -> tuple[str, int] | None:
    """A line that opens a block of text: how to name it, and the column its text goes past
    (`text: >-` -> "`text:`", the key's column; a list item `- >-` -> "the list item", its dash's)."""
    if key := _block_key(line):
        return f"`{key.group(3)}:`", _column(key)
    item = re.match(r"( *)- +", line)
    return ("the list item", len(item.group(1))) if item and _BLOCK_SIGN.match(line, item.end()) else None


def _text_lost_indent(lines: list[str], n: int):
    """A line of block text indented less than the text above it ends the block: YAML then
    reads it as a key or list item and stops."""
    if not 1 <= n <= len(lines):
        return None
    line = lines[n - 1]
    if not line.strip() or re.match(_KEY_LINE, line) or line.lstrip().startswith(("- ", "#")):
        return None
    k = next((k for k in range(n - 1, 0, -1) if lines[k - 1].strip()), 0)
    above = lines[k - 1] if k else ""
    indent, expected = _indent(line), _indent(above)
    if key := _block_key(above):  # the first line of a block's text, not indented under its key
        column = _column(key)
        if indent > column:
            return None
        return (
            n,
            indent + 1,
            f"line {n} is the text of `{key.group(3)}:` on line {k}, but is not indented more than "
            f"that key ({plural(indent, 'space')}; the key, {column})",
            f"indent the text's lines further than `{key.group(3)}:` (by {plural(column + 2, 'space')}), "
            f"or move `{key.group(3)}:` left if it is the line out of place",
            "yaml-text-indent",
        )
    if expected <= indent or re.match(_KEY_LINE, above):
        return None
    # The text's first line indented more than the lines after it: the block takes its indent
    # from that line, so the parser stops at the second, which is not the one out of line.
    # That is so when the line after agrees with this one, or this one stands where a block's
    # text usually does (two spaces past its key).
    first = next((j for j in range(k - 1, 0, -1) if lines[j - 1].strip()), 0)
    after = next((lines[j - 1] for j in range(n + 1, len(lines) + 1) if lines[j - 1].strip()), "")
    opener = _block_opener(lines[first - 1]) if first else None
    agrees = _indent(after) == indent and not re.match(_KEY_LINE, after)
    if opener and (agrees or indent == opener[1] + 2):
        return (
            k,
            expected + 1,
            f"line {k}, the first of the text of {opener[0]} on line {first}, is indented more than "
            f"the lines after it ({plural(expected, 'space')}, not {indent})",
            f"indent line {k} by {plural(indent, 'space')}, like the lines after it",
            "yaml-text-indent",
        )
    return (
        n,
        indent + 1,
        f"line {n} is indented less than the text above it ({plural(indent, 'space')}, not {expected})",
        f"indent line {n} by {plural(expected, 'space')}, like the lines of text above it",
        "yaml-text-indent",
    )


def _in_sequence_item(lines: list[str], n: int, column: int) -> bool:
    """Whether the key at ``column`` on line ``n`` belongs to a list item (`- id: ...`)."""
    for j in range(n, 0, -1):
        m = re.match(_KEY_LINE, lines[j - 1])
        if not m:
            continue
        col = _key_column(lines[j - 1])
        if m.group(2) and col == column:
            return True
        if col is not None and col < column:  # not None: the line is a key's (m matched)
            return False
    return False
