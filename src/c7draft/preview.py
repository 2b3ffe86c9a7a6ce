"""A Markdown rendering of the document model: `c7draft preview`, for reading a draft in a
terminal or diffing two drafts, and the input pandoc gets in the speed benchmark."""

from __future__ import annotations

from .markup import escape_markdown
from .model import Block, Draft, FootnoteRef, Inline, LineBreak, Run, inline_length, split_inlines


def inline_markdown(
    inlines: tuple[Inline, ...] | list[Inline], notes: list[FootnoteRef] | None = None
) -> str:
    """Inlines as Markdown; each note as a ``[^N]`` marker (its text appended to ``notes``),
    or, without ``notes``, inline as ``^[text]`` the way the records write it."""
    out = []
    for item in inlines:
        if isinstance(item, FootnoteRef) and notes is not None:
            notes.append(item)
            out.append(f"[^{item.number}]")
        elif isinstance(item, FootnoteRef):
            out.append(f"^[{inline_markdown(item.content)}]")
        elif isinstance(item, LineBreak):
            out.append("\\\n")
        elif isinstance(item, Run):
            text = escape_markdown(item.text)
            if item.url and notes is None and item.text == item.url and not item.italic:
                text = f"<{item.url}>"  # as a record writes an address
            elif item.url:
                text = f"[{text}]({item.url})"
            if item.italic:
                text = f"*{text}*"
            if item.bold:
                text = f"**{text}**"
            out.append(text)
    return "".join(out)


def _with_findings(block: Block, notes: list[FootnoteRef], findings: list[str]) -> str:
    """The block's Markdown with a note marker ``[^check-N]`` after each flagged sentence."""
    if not block.comments:
        return inline_markdown(block.inlines, notes)
    ends: dict[int, list[int]] = {}
    for comment in block.comments:
        findings.append(comment.text)
        end = len(block.text) if comment.end is None else comment.end
        ends.setdefault(end, []).append(len(findings))
    out, pos = [], 0
    for item in split_inlines(block.inlines, set(ends)):
        out.append(inline_markdown([item], notes))
        pos += inline_length(item)
        if inline_length(item):
            out += [f"[^check-{n}]" for n in ends.pop(pos, [])]
    out += [f"[^check-{n}]" for k in sorted(ends) for n in ends[k]]
    return "".join(out)


def to_markdown(draft: Draft) -> str:
    """The draft as Markdown; findings of ``check`` (Block.comments) become notes
    ``[^check-N]`` after their sentence, listed after the footnotes."""
    notes: list[FootnoteRef] = []
    findings: list[str] = []
    lines = []
    prefix = {"masthead": "", "heading": "# ", "prompt": "## ", "paragraph": "", "bullet": "- "}
    for block in draft.blocks:
        text = _with_findings(block, notes, findings)
        if block.kind == "masthead":
            text = f"**{text}**"
        lines.append(prefix[block.kind] + text)
    for note in notes:
        lines.append(f"[^{note.number}]: {inline_markdown(note.content, [])}")
    for n, finding in enumerate(findings, 1):
        lines.append(f"[^check-{n}]: {escape_markdown(finding)}")
    return "\n\n".join(lines) + "\n"
