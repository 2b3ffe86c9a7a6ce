"""Inline markup (CommonMark via markdown-it-py) to the document model's inlines.

Records and the front-matter template are CommonMark: `*italic*`, `**bold**`,
`[words](url)`, `<url>`, and footnotes either inline (`^[note]`) or by label
(`[^label]` with the note's text given separately). The footnote plugin parses both; this
module only maps tokens to Runs, LineBreaks and numbered FootnoteRefs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .errors import MarkupError
from .model import FootnoteRef, Inline, LineBreak, Run

_UNRESOLVED_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>^&])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """``text`` as CommonMark that reads back as exactly that text (no markup, no block)."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2).isdigit()
                                                    else m.group(2) + "\\"), text)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # Raw HTML and images mean nothing in a submission: keep them as literal text.
    return MarkdownIt("commonmark").disable(["html_inline", "html_block", "image"]).use(footnote_plugin)


@dataclass
class ParsedBlock:
    """One top-level block of the source: 'paragraph' or 'heading' (with its level)."""

    kind: str
    level: int
    inlines: list[Inline]
    line: int  # 0-based line offset of the block within the source


def _inlines(children, footnote_for: Callable[[int], FootnoteRef]) -> list[Inline]:
    out: list[Inline] = []
    italic = bold = 0
    url: str | None = None
    for tok in children:
        t = tok.type
        if t in ("text", "code_inline"):
            out.append(Run(tok.content, italic=italic > 0, bold=bold > 0, url=url))
        elif t == "softbreak":
            out.append(Run(" ", italic=italic > 0, bold=bold > 0, url=url))
        elif t == "hardbreak":
            out.append(LineBreak())
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "link_open":
            url = tok.attrs.get("href") or None
        elif t == "link_close":
            url = None
        elif t == "footnote_ref":
            out.append(footnote_for(tok.meta["id"]))
    return _merge(out)


def _merge(inlines: list[Inline]) -> list[Inline]:
    """Join neighbouring runs of the same formatting, so Word gets one run per span."""
    merged: list[Inline] = []
    for item in inlines:
        last = merged[-1] if merged else None
        if (isinstance(item, Run) and isinstance(last, Run)
                and (last.italic, last.bold, last.url) == (item.italic, item.bold, item.url)):
            merged[-1] = Run(last.text + item.text, last.italic, last.bold, last.url)
        elif not (isinstance(item, Run) and not item.text):
            merged.append(item)
    return merged


def parse(source: str, next_number: Callable[[], int], *, file: str, line: int,
          notes: dict[str, str] | None = None) -> list[ParsedBlock]:
    """Parse ``source`` into blocks; footnotes get numbers from ``next_number`` in order.

    ``notes`` are labelled footnote texts for `[^label]` references. ``file``/``line``
    locate the source for error messages.
    """
    notes = notes or {}
    for label, text in notes.items():
        if "\n\n" in text.strip():
            raise MarkupError(f"footnote `{label}` has more than one paragraph", file=file, line=line,
                              hint="a footnote is one paragraph: remove the blank line")
    definitions = "".join(f"\n\n[^{label}]: {' '.join(text.split())}" for label, text in notes.items())
    env: dict = {}
    tokens = _parser().parse(source + definitions, env)

    footnote_list = env.get("footnotes", {}).get("list", {})
    used_labels = {note.get("label") for note in footnote_list.values() if note.get("count", 0) > 0}
    unused = [label for label in notes if label not in used_labels]

    # Footnote contents, by the plugin's id: inline `^[...]` notes carry their tokens; labelled
    # notes are parsed as blocks after the body (footnote_open ... footnote_close).
    contents: dict[int, list] = {}
    current: int | None = None
    for tok in tokens:
        if tok.type == "footnote_open":
            current = tok.meta["id"]
            contents[current] = []
        elif tok.type == "footnote_close":
            current = None
        elif current is not None and tok.type == "inline":
            contents[current].extend(tok.children or [])
    for fid, note in footnote_list.items():
        if "tokens" in note:
            contents[fid] = note["tokens"]

    def footnote_for(fid: int) -> FootnoteRef:
        number = next_number()
        content = _inlines(contents.get(fid, []), lambda _: _nested(file, line))
        if not any(isinstance(i, Run) and i.text.strip() for i in content):
            raise MarkupError(f"footnote {number} has no text", file=file, line=_line_of(file, line, "^["),
                              hint="write the note's text inside ^[...], or give it under `footnotes:`")
        return FootnoteRef(number, tuple(content))

    blocks: list[ParsedBlock] = []
    in_footnotes = False
    for i, tok in enumerate(tokens):
        if tok.type == "footnote_block_open":
            in_footnotes = True
        elif tok.type == "footnote_block_close":
            in_footnotes = False
        elif tok.type == "inline" and not in_footnotes:
            opener = tokens[i - 1]
            kind = "heading" if opener.type == "heading_open" else "paragraph"
            level = int(opener.tag[1]) if kind == "heading" else 0
            if opener.type not in ("heading_open", "paragraph_open") or opener.level != 0:
                raise MarkupError(
                    "this text starts a list, quote or other block that a bullet cannot hold",
                    file=file, line=line + (opener.map[0] if opener.map else 0),
                    hint="a line starting with '- ', '1. ', '> ' or '#' makes a block; "
                         "escape the first character with a backslash, e.g. '\\- '")
            inlines = _inlines(tok.children or [], footnote_for)
            for item in inlines:
                if isinstance(item, Run) and not item.url and (m := _UNRESOLVED_FOOTNOTE.search(item.text)):
                    hint = (f"the note under `footnotes:` is labelled `{unused[0]}`: use the same label "
                            f"in both places" if unused else
                            f"add the note under this record:\n    footnotes:\n      {m.group(1)}: The note's text.")
                    raise MarkupError(f"footnote reference [^{m.group(1)}] has no text", file=file,
                                      line=_line_of(file, line, m.group(0)), hint=hint)
            blocks.append(ParsedBlock(kind, level, inlines, tok.map[0] if tok.map else 0))
    if unused:
        raise MarkupError(f"footnote `{unused[0]}` is never placed in the text", file=file, line=line,
                          hint=f"put [^{unused[0]}] in the text where its marker goes, or delete the note")
    return blocks


def _line_of(file: str, line: int, snippet: str) -> int:
    """The line, at or after ``line``, where ``snippet`` stands in ``file`` (for errors only:
    folded YAML text no longer knows its own line breaks)."""
    try:
        lines = open(file, encoding="utf-8").read().splitlines()
    except (OSError, UnicodeDecodeError):
        return line
    return next((n for n in range(line, len(lines) + 1) if snippet in lines[n - 1]), line)


def _nested(file: str, line: int) -> FootnoteRef:
    raise MarkupError("a footnote cannot contain another footnote", file=file, line=line,
                      hint="move the inner note's text into the outer note")


def parse_paragraph(source: str, next_number: Callable[[], int], *, file: str, line: int,
                    notes: dict[str, str] | None = None) -> list[Inline]:
    """A record's text: exactly one paragraph."""
    blocks = parse(source, next_number, file=file, line=line, notes=notes)
    if len(blocks) != 1 or blocks[0].kind != "paragraph":
        raise MarkupError(f"a record's text must be one paragraph, found {len(blocks)} blocks",
                          file=file, line=line,
                          hint="remove blank lines inside the text, or split it into two records")
    return blocks[0].inlines
