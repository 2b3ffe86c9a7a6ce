"""Part 1, the executive summary in submission.yaml: its paragraphs edited, added or
removed in Word, merged three ways as the records are; a reordering is not applied."""

from __future__ import annotations

from ...model import BaseItem
from ..texts import Text, from_docx, from_markup, to_record_markup
from .results import Change
from .state import Merge, New

SUMMARY = "executive_summary"


def merge_summary(merge: Merge) -> None:
    sub = merge.loaded.submission
    current = list(sub.executive_summary)
    base_items = [it for it in merge.base.items if it.kind == "summary"]
    where: dict[str, int | None] = {}
    used: set[int] = set()
    for i, item in enumerate(base_items):
        j = next((j for j, t in enumerate(current) if t == item.text and j not in used), None)
        if j is None and len(current) == len(base_items) and i not in used:
            j = i
        if j is not None:
            used.add(j)
        where[item.key] = j
    target: list[tuple[int | None, str | None]] = []
    changes: list[Change] = []

    def summary_change(kind: str, j: int, after: str) -> Change:
        """``kind`` (edited or removed) done to the YAML's summary paragraph ``j``."""
        file, line = str(merge.loaded.file), merge.loaded.summary_lines[j]
        return Change(kind, file, line, f"{SUMMARY}[{j}]", current[j], after)

    for entry in merge.summary:
        if isinstance(entry, New):
            same = next(
                (j for j, t in enumerate(current) if j not in used and from_markup(t) == entry.text), None
            )
            if same is not None:  # added in the YAML already (pulled before)
                used.add(same)
                target.append((same, None))
                continue
            body, _ = to_record_markup(entry.text, [])
            target.append((None, body))
            changes.append(Change("added", str(merge.loaded.file), None, "executive_summary", "", body))
            continue
        item, m = entry
        j = where[item.key]
        theirs = from_docx(m.paragraph.pieces, merge.content.footnotes)
        if j is None:  # its built text is gone from the YAML, which may say what Word says (pulled before)
            j = next((k for k, t in enumerate(current) if k not in used and from_markup(t) == theirs), None)
            if j is not None:
                used.add(j)
        if theirs == from_markup(item.text):
            if j is not None:
                target.append((j, None))
        elif j is not None and from_markup(current[j]) == theirs:
            target.append((j, None))  # the YAML already says what Word says
        elif j is None or current[j] != item.text:
            _summary_conflict(
                merge,
                item,
                j,
                "changed in submission.yaml since the build and in Word: the YAML is kept",
                theirs,
            )
            if j is not None:
                target.append((j, None))
        else:
            body, _ = to_record_markup(theirs, [])
            target.append((j, body))
            changes.append(summary_change("edited", j, body))
    in_word = {item.key for item, _ in (e for e in merge.summary if not isinstance(e, New))}
    for item in base_items:
        j = where[item.key]
        if item.key in in_word or j is None:
            continue
        if item.key in merge.held:  # an unmatched paragraph may be it: kept
            target.insert(_after(target, j), (j, None))
            continue
        if current[j] != item.text:
            _summary_conflict(
                merge, item, j, "deleted in Word, but changed in submission.yaml since the build: kept", None
            )
        else:
            changes.append(summary_change("removed", j, ""))
            continue
        target.insert(_after(target, j), (j, None))
    for j in range(len(current)):  # paragraphs added in the YAML since the build
        if j not in used:
            target.insert(_after(target, j), (j, None))
    kept = [j for j, _ in target if j is not None]
    if kept != sorted(kept):
        merge.result.conflicts.append(
            Change(
                "conflict",
                str(merge.loaded.file),
                merge.loaded.summary_lines[0] if merge.loaded.summary_lines else None,
                SUMMARY,
                reason="the summary's paragraphs were reordered in Word: not applied; reorder them by hand",
            )
        )
        return
    merge.result.changes += changes
    edits = merge.edits_of(merge.loaded.file)
    for j, new_text in target:
        if j is not None and new_text is not None:
            edits.set_text((SUMMARY, j), new_text)
    for j in range(len(current)):
        if j not in kept:
            edits.remove_item((SUMMARY, j))
    for k, (j, new_text) in enumerate(target):
        if j is None and new_text is not None:
            prev = next((t[0] for t in target[k - 1 :: -1] if t[0] is not None), None) if k else None
            edits.insert_item(
                (SUMMARY,), -1 if prev is None else prev, edits.text_item_lines((SUMMARY,), new_text)
            )


def _summary_conflict(merge: Merge, item: BaseItem, j: int | None, reason: str, theirs: Text | None) -> None:
    current = merge.loaded.submission.executive_summary
    merge.result.conflicts.append(
        Change(
            "conflict",
            str(merge.loaded.file),
            merge.loaded.summary_lines[j] if j is not None else None,
            f"{SUMMARY}[{j}]" if j is not None else SUMMARY,
            current[j] if j is not None else item.text,
            to_record_markup(theirs, [])[0] if theirs is not None else "",
            reason,
        )
    )


def _after(target: list, j: int) -> int:
    """Where paragraph ``j`` of the YAML goes in ``target``: after the last one before it."""
    return next(
        (k + 1 for k in range(len(target) - 1, -1, -1) if target[k][0] is not None and target[k][0] < j), 0
    )
