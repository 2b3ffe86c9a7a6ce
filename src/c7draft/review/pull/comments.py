"""Where the reviewers' comments and tracked edits belong: the file, line and record of
the paragraph each one is on (a comment's replies under it)."""

from __future__ import annotations

from ...model import BaseItem
from .results import ReviewComment, TrackedEdit
from .state import Merge, New
from .summary import SUMMARY


def _where(merge: Merge, index: int | None) -> tuple[str | None, int | None, str | None]:
    """file, line and record id of the paragraph at ``index``."""
    m = next((m for m in merge.matching.paragraphs if m.index == index), None)
    if m is None:
        return None, None, None
    new = next(
        (b for bullets in merge.sections.values() for b in bullets if isinstance(b, New) and b.matched is m),
        None,
    )
    if new is not None:
        return str(new.file), None, new.record_id
    return _where_item(merge, m.item)


def _where_item(merge: Merge, item: BaseItem | None) -> tuple[str | None, int | None, str | None]:
    if item is None:
        return None, None, None
    if item.kind == "bullet":
        rec = merge.records.get(item.record_id or "")
        return (str(rec.file), rec.text_line, rec.record.id) if rec else (item.file, None, item.record_id)
    if item.kind == "summary":
        k = [it.key for it in merge.base.items if it.kind == "summary"].index(item.key)
        lines = merge.loaded.summary_lines
        return str(merge.loaded.file), lines[k] if k < len(lines) else None, f"{SUMMARY}[{k}]"
    return str(merge.loaded.file), None, item.derived_from


def place_comments(merge: Merge) -> None:
    by_id = {}
    for c in merge.content.comments:
        if c.author == "c7draft":
            continue
        file, line, rid = _where(merge, c.paragraph)
        by_id[c.id] = ReviewComment(c.author, c.date, c.text, file, line, rid, done=c.done)
    for c in merge.content.comments:
        if c.id not in by_id:
            continue
        if c.parent in by_id:
            by_id[c.parent].replies.append(by_id[c.id])
        else:
            merge.result.comments.append(by_id[c.id])


def place_tracked(merge: Merge) -> None:
    items = {it.key: it for it in merge.base.items}
    for t in merge.content.tracked:
        rid = None
        if t.footnote is not None:
            index = next(
                (i for i, p in enumerate(merge.content.paragraphs) if t.footnote in p.footnote_ids), None
            )
            rid = _where(merge, index)[2]
        elif t.marks:
            rid = _where_item(merge, items.get(t.marks[0]))[2]
        merge.result.tracked.append(TrackedEdit(t.author, t.date, t.kind, t.text, rid))
