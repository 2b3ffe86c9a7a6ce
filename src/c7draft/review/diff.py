"""`c7draft diff OLD NEW` as a library call: what changed between two versions of a
submission, record by record, or as Word tracked changes.

Each side is an inputs folder or a .docx that c7draft built. A built .docx is read as a
reader sees it (its paragraphs, their italics, links and footnotes), and the marks and
stored base that `build` put in it say which record each paragraph is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, OutputError, location
from ..model import Block, BlockKind, Comment, Draft, FootnoteRef, Inline, LineBreak, Run, Source
from .compare import Pair, compare, record_id
from .worddiff import Piece, diff_text, render


@dataclass
class Change:
    """One paragraph that differs: ``kind`` is edited, added, removed or moved; ``before``
    and ``after`` are a record's text as the records write it (Markdown, notes inline as
    ``^[...]``), or a derived paragraph's plain words."""

    kind: str
    record_id: str | None
    file: str | None
    line: int | None
    location: str
    before: str
    after: str

    def as_json(self) -> dict:
        return {
            "record_id": self.record_id,
            "file": self.file,
            "line": self.line,
            "kind": self.kind,
            "location": self.location,
            "before": self.before,
            "after": self.after,
        }

    @property
    def where(self) -> str:
        return location(self.file, self.line) if self.file and self.line else self.file or self.location

    def pieces(self) -> list[Piece]:
        return diff_text(self.before, self.after)


@dataclass
class Comparison:
    old: Draft
    new: Draft
    pairs: list[Pair]

    @property
    def changes(self) -> list[Change]:
        return [c for p in self.pairs if (c := _change(p)) is not None]


def load_side(path: Path, *, name: str) -> Draft:
    """OLD or NEW: a folder is assembled as `build` does (without the recycled-text check);
    a .docx must be one c7draft built."""
    path = Path(path)
    if path.is_dir():
        from ..assemble import load_draft

        return load_draft(path)
    if path.suffix.lower() == ".docx" and path.is_file():
        return _draft_from_docx(path)
    raise InputError(
        f"{name} is neither a submission folder nor a .docx file"
        + ("" if path.exists() else " (there is nothing at this path)"),
        file=path,
        hint="give an inputs folder (with submission.yaml) or a .docx written by c7draft build",
    )


def compare_sides(old: Path, new: Path) -> Comparison:
    old_draft, new_draft = load_side(old, name="OLD"), load_side(new, name="NEW")
    return Comparison(old_draft, new_draft, compare(old_draft, new_draft))


def write_changes(
    comparison: Comparison, output: Path, inputs: tuple[Path, Path], *, force: bool = False
) -> None:
    """NEW's document with tracked changes against OLD, written to ``output`` (never onto
    either input, nor over a file edited since c7draft wrote it, unless ``force``)."""
    from .. import docx_io
    from ..docx_io.redline import write_redline
    from .redline import redline

    output = Path(output)
    for given in inputs:
        if output.resolve() == given.resolve() or given.resolve() in output.resolve().parents:
            raise OutputError(
                "the output would overwrite one of the documents being compared",
                file=output,
                hint="write the tracked changes to a new file, e.g. -o changes.docx",
            )
    existing = docx_io.ensure_docx_output(output, force=force)
    write_redline(redline(comparison.old, comparison.new, comparison.pairs), output, replacing=existing)


# ----------------------------------------------------------------------------- report


def _markdown(block: Block | None) -> str:
    """A record's text as its YAML writes it, escaped no more than it must be (``&`` stays
    ``&``, as pull writes it); a paragraph c7draft derives (front matter, headings, prompts)
    as the words a reader sees, its line breaks kept."""
    from .texts import from_inlines, to_record_markup

    if block is None:
        return ""
    if block.source is None:
        return block.text
    return to_record_markup(from_inlines(block.inlines), [])[0]


def _change(pair: Pair) -> Change | None:
    kind = pair.kind
    if kind == "same" or (kind == "moved" and pair.old is not None):
        return None  # a move is told once, where the paragraph is now
    block = pair.new if pair.new is not None else pair.old
    assert block is not None
    before = pair.partner if kind == "moved" else pair.old
    source = block.source
    return Change(
        kind=kind,
        record_id=record_id(block),
        file=source.file if source and source.file else None,
        line=source.line or None if source else None,
        location=block.location,
        before=_markdown(before),
        after=_markdown(pair.new),
    )


_LONG = 60  # an unchanged stretch longer than this is cut to this much context on each side


def _shortened(pieces: list[Piece]) -> list[Piece]:
    out = []
    for n, piece in enumerate(pieces):
        text = piece.text
        if piece.kind == "equal" and len(text) > 2 * _LONG:
            # cut at a space, so that no word is shown in part
            head = "" if n == 0 else text[: text.rfind(" ", 0, _LONG) + 1]
            tail = "" if n == len(pieces) - 1 else text[text.find(" ", len(text) - _LONG) :]
            text = f"{head}…{tail}"
        out.append(Piece(piece.kind, text))
    return out


def render_table(changes: list[Change], *, colour: bool) -> str:
    """Per record: where, id and kind on one line, the word diff under it (long unchanged
    stretches cut to their ends)."""
    if not changes:
        return "No changes.\n"
    lines = []
    for c in changes:
        what = c.record_id or (c.location if c.location != c.where else "")
        lines.append("  ".join(filter(None, (c.where, what, c.kind))))
        if c.kind == "edited" or (c.kind == "moved" and c.before != c.after):
            body = render(_shortened(c.pieces()), colour=colour)
        elif c.kind == "moved":
            body = (
                c.after if len(c.after) <= 2 * _LONG else c.after[: c.after.rfind(" ", 0, 2 * _LONG)] + " …"
            )
        else:
            body = render(
                [Piece("delete" if c.kind == "removed" else "insert", c.before or c.after)], colour=colour
            )
        lines.append("    " + re.sub(r"\n", "\n    ", body))
        lines.append("")
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    lines.append(", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- .docx side


_KINDS: dict[str, BlockKind] = {
    "masthead": "masthead",
    "heading 1": "heading",
    "heading 2": "prompt",
    "list bullet": "bullet",
}


def _draft_from_docx(path: Path) -> Draft:
    """A .docx c7draft built, as the draft a reader sees in it, its comments included (they
    are kept in the redline when it is NEW)."""
    from ..docx_io import read_docx
    from ..markup import merge_runs

    content = read_docx(path)
    if content.base is None:
        raise InputError(
            "this .docx was not built by c7draft (it has no record of what it was built from)",
            file=path,
            hint=f"bring it in as an inputs folder first: c7draft import {path.name} -o FOLDER, then diff the folder",
        )
    items = {item.key: item for item in content.base.items}
    numbers = iter(range(1, 1 << 30))

    def runs(pieces) -> list[Inline]:
        return [
            LineBreak() if text == "\n" else Run(text, italic=bool(italic), url=url or None)
            for _, text, italic, url in (p for p in pieces if p[0] != "note")
        ]

    def inlines(pieces) -> list[Inline]:
        out: list[Inline] = []
        for piece in pieces:
            if piece[0] == "note":
                note = content.footnotes.get(piece[1])
                content_runs = merge_runs(runs(note.pieces)) if note else []
                if content_runs and isinstance(first := content_runs[0], Run) and first.text.startswith(" "):
                    content_runs[0] = Run(
                        first.text[1:], first.italic, first.bold, first.url
                    )  # after the number
                out.append(
                    FootnoteRef(
                        next(numbers), tuple(i for i in content_runs if not isinstance(i, FootnoteRef))
                    )
                )
            else:
                out += runs([piece])
        return merge_runs(out)

    comments: dict[int, list[Comment]] = {}
    for c in content.comments:  # replies too: each a comment on the same words
        if c.paragraph is not None:
            text = content.paragraphs[c.paragraph].text
            start = text.find(c.anchored_text) if c.anchored_text else -1
            end = start + len(c.anchored_text) if start >= 0 else None  # not found: the whole paragraph
            comment = Comment(c.text, max(start, 0), end, author=c.author or "reviewer", date=c.date)
            comments.setdefault(c.paragraph, []).append(comment)

    blocks = []
    location = "front matter"
    for index, para in enumerate(content.paragraphs):
        if not para.text.strip() and not para.footnote_ids:
            continue
        kind: BlockKind = _KINDS.get(para.style.lower(), "paragraph")
        if kind == "heading":
            location = para.text.split(":")[0].strip()
        item = next((items[k] for k in para.marks if k in items), None)
        source = None
        if item is not None and item.kind in ("bullet", "summary"):
            source = Source(item.file or path.name, 0, item.entity, item.record_id)
        block = Block(kind, inlines(para.pieces), location=location, source=source)
        block.comments = comments.get(index, [])
        blocks.append(block)
    core = content.core
    return Draft(
        title=core.get("title") or "",
        authors=(core.get("author") or "").split("; "),
        session=content.base.session,
        blocks=blocks,
        subject=core.get("subject") or "",
    )
