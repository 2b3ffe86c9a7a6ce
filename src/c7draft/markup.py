"""Inline markup (CommonMark via markdown-it-py) to the document model's inlines.

Records and the front-matter template are CommonMark: `*italic*`, `**bold**`,
`[words](url)`, `<url>`, and footnotes either inline (`^[note]`) or by label
(`[^label]` with the note's text given separately). The footnote plugin parses both; this
module only maps tokens to Runs, LineBreaks and numbered FootnoteRefs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from .errors import MarkupError, Problem
from .model import FootnoteRef, Inline, LineBreak, Run

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>^&])")
_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """``text`` as CommonMark that reads back as exactly that text (no markup, no block)."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2).isdigit() else m.group(2) + "\\"), text
    )


class Written(Protocol):
    """Where the parts of a text stand in its file (``inputs.positions.ParagraphTexts``)."""

    def find(self, fragment: str, label: str | None = None) -> tuple[int, int | None]: ...

    def label(self, label: str) -> tuple[int | None, int | None]: ...


class _Unplaced:
    """A text with no file to point into (e.g. a check of text made in memory)."""

    def __init__(self, line: int):
        self.line = line

    def find(self, fragment: str, label: str | None = None) -> tuple[int, int | None]:
        return self.line, None

    def label(self, label: str) -> tuple[int | None, int | None]:
        return self.line, None


@lru_cache(maxsize=1)
def markdown_parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # Raw HTML and images mean nothing in a submission: keep them as literal text. Escaped
    # characters stay apart from plain text (no text_join), so that a literal `*` left by
    # an unclosed emphasis can be told from one typed as `\*`. Every link is parsed, so that
    # a refused scheme is reported (markdown-it would silently leave it as text).
    class EveryLink(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            return True

    md = EveryLink("commonmark").disable(["html_inline", "html_block", "image", "text_join"])
    return md.use(footnote_plugin)


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
        if t in ("text", "text_special", "code_inline"):
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
    return merge_runs(out)


def merge_runs(inlines: list[Inline]) -> list[Inline]:
    """Join neighbouring runs of the same formatting, so Word gets one run per span."""
    merged: list[Inline] = []
    for item in inlines:
        last = merged[-1] if merged else None
        if (
            isinstance(item, Run)
            and isinstance(last, Run)
            and (last.italic, last.bold, last.url) == (item.italic, item.bold, item.url)
        ):
            merged[-1] = Run(last.text + item.text, last.italic, last.bold, last.url)
        elif not (isinstance(item, Run) and not item.text):
            merged.append(item)
    return merged


def parse(
    source: str,
    next_number: Callable[[], int],
    *,
    file: str,
    line: int,
    notes: dict[str, str] | None = None,
    written: Written | None = None,
) -> list[ParsedBlock]:
    """Parse ``source`` into blocks; footnotes get numbers from ``next_number`` in order.

    ``notes`` are labelled footnote texts for `[^label]` references. ``file``/``line``
    locate the source for error messages, and ``written`` the line and column of any part
    of it (without it, errors name the line only).
    """
    notes = notes or {}
    where = written or _Unplaced(line)
    for label, text in notes.items():
        if "\n\n" in text.strip():
            raise MarkupError(
                f"footnote `{label}` has more than one paragraph",
                file=file,
                line=line,
                rule="footnote-paragraphs",
                hint="a footnote is one paragraph: remove the blank line",
            )
    definitions = "".join(f"\n\n[^{label}]: {' '.join(text.split())}" for label, text in notes.items())
    env: dict = {}
    tokens = markdown_parser().parse(source + definitions, env)

    footnote_list = env.get("footnotes", {}).get("list", {})
    used_labels = {note.get("label") for note in footnote_list.values() if note.get("count", 0) > 0}
    unused = [label for label in notes if label not in used_labels]
    # The inline tokens of the text (inline `^[...]` notes included) and of each labelled note,
    # apart: a broken fragment is looked for where it was written.
    written_in: dict[str | None, list] = {None: []}
    in_note: str | None = None
    for tok in tokens:
        if tok.type == "footnote_open":
            in_note = tok.meta.get("label")  # None: an inline note, written in the text
        elif tok.type == "footnote_close":
            in_note = None
        elif tok.type == "inline":
            written_in.setdefault(in_note, []).extend(tok.children or [])
    problems = [
        Problem(file, *where.find(fragment, in_note), "error", rule, message, hint)
        for in_note, inline_tokens in written_in.items()
        for fragment, message, hint, rule in _broken_markup(inline_tokens, unused)
    ]
    problems += [
        Problem(
            file,
            *where.label(label),
            "error",
            "unplaced-footnote",
            f"footnote `{label}` is never placed in the text",
            f"the text has `{typed}`, which is not its marker: write `[^{label}]`"
            if (typed := next((t for t in (f"^[{label}]", f"[{label}]") if t in source), None))
            else f"put [^{label}] in the text where its marker goes, or delete the note",
        )
        for label in unused
        if not any(p.rule == "footnote-without-note" for p in problems)
    ]
    if problems:
        raise MarkupError(problems=problems)

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
            raise MarkupError(
                f"footnote {number} has no text",
                file=file,
                line=where.find("^[")[0],
                rule="empty-footnote",
                hint="write the note's text inside ^[...], or give it under `footnotes:`",
            )
        # ``_nested`` refused any note inside: the content is runs and line breaks
        return FootnoteRef(number, tuple(i for i in content if isinstance(i, Run | LineBreak)))

    blocks: list[ParsedBlock] = []
    in_footnotes = False
    for i, tok in enumerate(tokens):
        if tok.type == "footnote_block_open":
            in_footnotes = True
        elif tok.type == "footnote_block_close":
            in_footnotes = False
        elif in_footnotes or tok.level != 0 or tok.nesting < 0:
            continue
        elif tok.type in _BLOCKS:
            _refuse_block(tok, source, file, line, where)
        elif tok.type in ("paragraph_open", "heading_open"):
            kind = "heading" if tok.type == "heading_open" else "paragraph"
            level = int(tok.tag[1]) if kind == "heading" else 0
            inlines = _inlines(tokens[i + 1].children or [], footnote_for)
            blocks.append(ParsedBlock(kind, level, inlines, tok.map[0] if tok.map else 0))
    return blocks


# Blocks other than a paragraph or a heading that markdown-it finds in a text, with what the
# user typed to make one and how to keep the words as text. A bullet or a paragraph of the
# document cannot hold them, and their words would otherwise be dropped or misplaced.
# (HTML blocks and tables are not parsed: raw HTML and `|` stay literal text.)
_BLOCKS = {
    "code_block": (
        "an indented code block",
        "a line indented by four or more spaces after a blank line is code: remove the blank line "
        "to continue the paragraph, or split the text into two records",
    ),
    "fence": ("a fenced code block", "remove the ``` (or ~~~) lines around it"),
    "hr": (
        "a thematic break (a line of ---, *** or ___)",
        "remove the line, or start it with a backslash: '\\---'",
    ),
    "bullet_list_open": (
        "a list",
        "a line starting with '- ', '* ' or '+ ' makes a list: write it as '\\- '",
    ),
    "ordered_list_open": ("a numbered list", "a line starting with '1. ' makes a list: write it as '1\\. '"),
    "blockquote_open": ("a quote", "a line starting with '> ' makes a quote: write it as '\\> '"),
}


def _refuse_block(tok, source: str, file: str, line: int, where: Written) -> None:
    what, hint = _BLOCKS[tok.type]
    first = (source.splitlines()[tok.map[0]] if tok.map else "").strip()
    at, column = where.find(first[:20])
    if column is None:  # not found in the file (folded text): the block's line in the text
        at = line + (tok.map[0] if tok.map else 0)
    shown = tok.content.strip().split("\n")[0] if tok.type == "fence" else first  # not the ``` line
    raise MarkupError(
        f"this text holds {what}, which cannot stand in the document: “{_quote(shown, 0)}”",
        file=file,
        line=at,
        column=column,
        rule="markup-block",
        hint=hint,
    )


_ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_EMPHASIS_RUN = re.compile(r"\*+|_+")
_OPEN_LINK = re.compile(r"\[[^\]]*\]\(")
_UNRESOLVED_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")


def _quote(text: str, start: int, length: int = 40) -> str:
    fragment = text[start : start + length]
    return fragment + ("…" if start + length < len(text) else "")


def _broken_markup(children, unused: list[str]):
    """(fragment, message, hint, rule) for each piece of markup that was opened and not
    closed, each footnote label without a note, and each link to a refused scheme. A
    fragment runs to the end of its text, so that ``ParagraphTexts.find`` tells it from an
    earlier place with the same start ("See [Trade data 1] and [Trade data 2](...")."""
    in_autolink = False
    for tok in children:
        if tok.type == "link_open":
            in_autolink = tok.info == "auto"
            href = tok.attrs.get("href") or ""
            scheme = _SCHEME.match(href)
            if not scheme or scheme.group(1).lower() not in _ALLOWED_SCHEMES:
                what = f"uses `{scheme.group(1)}:`" if scheme else "does not start with https://"
                yield (
                    href[:20],
                    f"the link to `{href[:60]}` {what}: only http, https and mailto links are allowed",
                    "write the full web address, e.g. [words](https://unctad.org/...), "
                    "or mailto:name@example.org",
                    "link-scheme",
                )
        elif tok.type == "link_close":
            in_autolink = False
        if tok.type != "text" or in_autolink:
            continue
        text = tok.content
        if (i := text.find("^[")) >= 0:
            yield (
                text[i:],
                f"the footnote `{_quote(text, i)}` is never closed",
                "end the note's text with `]`, e.g. `^[See <https://unctad.org>].`",
                "unclosed-footnote",
            )
        for m in _OPEN_LINK.finditer(text):
            yield (
                text[m.start() :],
                f"the link `{_quote(text, m.start())}` has no closing `)`",
                "write a link as [words](https://address), with the `)` right after the address",
                "unclosed-link",
            )
        for m in _UNRESOLVED_FOOTNOTE.finditer(text):
            label = m.group(1)
            yield (
                m.group(0),
                f"footnote reference [^{label}] has no text",
                f"the note under `footnotes:` is labelled `{unused[0]}`: use the same label in both places"
                if unused
                else f"add the note under this record:\n    footnotes:\n      {label}: The note's text.",
                "footnote-without-note",
            )
        if "^[" in text or _OPEN_LINK.search(text):
            continue  # the unclosed note or link explains any marks after it
        for m in filter(lambda m: _could_emphasize(text, m), _EMPHASIS_RUN.finditer(text)):
            mark, what = m.group(), "bold text" if len(m.group()) > 1 else "italics"
            closes = (
                m.start() > 0
                and not text[m.start() - 1].isspace()
                and (m.end() == len(text) or text[m.end()].isspace() or text[m.end()] in ".,;:)")
            )
            shown = (
                ("…" if m.start() > 29 else "") + text[max(0, m.start() - 29) : m.end()]
                if closes
                else _quote(text, m.start(), 30)
            )
            problem = (
                f"the `{mark}` closes {what} that {'were' if what == 'italics' else 'was'} never opened"
                if closes
                else f"the `{mark}` opens {what} that {'are' if what == 'italics' else 'is'} never closed"
            )
            yield (
                text[m.start() :],
                f"`{shown}`: {problem}",
                f"put the other `{mark}` where the {what} {'start' if closes else 'end'} (e.g. "
                f"`{mark}Report title{mark}`), or write a literal `{mark[0]}` as `\\{mark[0]}`",
                "unclosed-emphasis",
            )
            break


def _could_emphasize(text: str, m: re.Match) -> bool:
    """Whether a `*` or `_` left as text could open or close emphasis (CommonMark's
    flanking rule, simplified): not between spaces (`5 * 3`), and `_` not inside a word."""
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    if before.isspace() and after.isspace():
        return False
    return not (m.group()[0] == "_" and before.isalnum() and after.isalnum())


def _nested(file: str, line: int) -> FootnoteRef:
    raise MarkupError(
        "a footnote cannot contain another footnote",
        file=file,
        line=line,
        rule="nested-footnote",
        hint="move the inner note's text into the outer note",
    )


def parse_paragraph(
    source: str,
    next_number: Callable[[], int],
    *,
    file: str,
    line: int,
    notes: dict[str, str] | None = None,
    written: Written | None = None,
) -> list[Inline]:
    """A record's text: exactly one paragraph."""
    blocks = parse(source, next_number, file=file, line=line, notes=notes, written=written)
    if headings := [b for b in blocks if b.kind == "heading"]:
        shown = "".join(r.text for r in headings[0].inlines if isinstance(r, Run))
        at, column = (written or _Unplaced(line)).find(shown[:20])
        raise MarkupError(
            f"this text holds a heading, which a record's text cannot be: “{_quote(shown, 0)}”",
            file=file,
            line=at,
            column=column,
            rule="markup-block",
            hint="a line starting with '#', or a line underlined with --- or ===, makes a heading: "
            "write '\\#', or remove the underline (a YAML comment cannot stand inside a text: move "
            "it above the record)",
        )
    if len(blocks) != 1:
        raise MarkupError(
            f"a record's text must be one paragraph, found {len(blocks)} blocks",
            rule="text-paragraphs",
            file=file,
            line=line,
            hint="remove blank lines inside the text, or split it into two records",
        )
    return blocks[0].inlines
