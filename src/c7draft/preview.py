"""A Markdown rendering of the document model: `c7draft preview`, for reading a draft in a
terminal or diffing two drafts, and the input pandoc gets in the speed benchmark."""

from __future__ import annotations

from .markup import escape_markdown
from .model import Draft, FootnoteRef, Inline, LineBreak, Run


def _inline_markdown(inlines: tuple[Inline, ...] | list[Inline], notes: list[FootnoteRef]) -> str:
    out = []
    for item in inlines:
        if isinstance(item, FootnoteRef):
            notes.append(item)
            out.append(f"[^{item.number}]")
        elif isinstance(item, LineBreak):
            out.append("\\\n")
        elif isinstance(item, Run):
            text = escape_markdown(item.text)
            if item.url:
                text = f"[{text}]({item.url})"
            if item.italic:
                text = f"*{text}*"
            if item.bold:
                text = f"**{text}**"
            out.append(text)
    return "".join(out)


def to_markdown(draft: Draft) -> str:
    notes: list[FootnoteRef] = []
    lines = []
    prefix = {"masthead": "", "heading": "# ", "prompt": "## ", "paragraph": "", "bullet": "- "}
    for block in draft.blocks:
        text = _inline_markdown(block.inlines, notes)
        if block.kind == "masthead":
            text = f"**{text}**"
        lines.append(prefix[block.kind] + text)
    for note in notes:
        lines.append(f"[^{note.number}]: {_inline_markdown(note.content, [])}")
    return "\n\n".join(lines) + "\n"
