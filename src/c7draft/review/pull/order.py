"""Where each bullet stands in its section: a section's `order:` list set to Word's order
(keeping the records added to it since the build), or given one when Word's order is not
the order a build gives the section without one; a move is a conflict when `order:`
changed in the YAML too."""

from __future__ import annotations

import difflib

from ...inputs import UNASSIGNED_FILE
from .results import Change
from .state import Merge, New


def update_orders(merge: Merge) -> None:
    order = merge.loaded.submission.order
    base_order: dict[str, list[str]] = {}
    for item in merge.base.items:
        if item.kind == "bullet" and item.section:
            base_order.setdefault(item.section, []).append(item.record_id or "")
    for section in [s.id for p in merge.loaded.outline.parts for s in p.sections]:
        bullets = merge.sections.get(section, [])
        word = [b.record_id for b in bullets if b.record_id in merge.records or isinstance(b, New)]
        word = [rid for rid in word if rid not in merge.removed and merge.section_of.get(rid) == section]
        before = [rid for rid in base_order.get(section, []) if rid in word]
        common = [rid for rid in word if rid in before]
        matcher = difflib.SequenceMatcher(None, before, common, autojunk=False)
        kept = {common[b.b + i] for b in matcher.get_matching_blocks() for i in range(b.size)}
        moved = [rid for rid in common if rid not in kept]
        current = list(order.get(section, []))
        was = base_order.get(section, [])
        if (
            moved
            and section in order
            and [r for r in current if r in was] != [r for r in was if r in current]
        ):
            for rid in moved:
                merge.result.conflicts.append(
                    Change(
                        "conflict",
                        str(merge.loaded.file),
                        merge.loaded.order_lines.get(section),
                        rid,
                        reason=f"moved in Word, and `order:` of section {section} changed in the YAML since the build: the YAML order is kept",
                    )
                )
            word = current
        else:
            for rid in moved:
                rec = merge.records[rid]
                merge.result.changes.append(
                    Change("moved", str(rec.file), rec.line, rid, reason=f"in section {section}")
                )
        target = _target_order(merge, section, word, current)
        if section in order:
            if target != current:
                merge.edits_of(merge.loaded.file).set_list(("order", section), target)
        elif target != _default_order(merge, section):
            _add_order(merge, section, target)


def _target_order(merge: Merge, section: str, word: list[str], current: list[str]) -> list[str]:
    """The Word order, with the records added to `order:` since the build after the
    record they follow there."""
    target = list(word)
    for k, rid in enumerate(current):
        if rid in target or rid in merge.removed or merge.section_of.get(rid) != section:
            continue
        before = next((r for r in current[k - 1 :: -1] if r in target), None) if k else None
        target.insert(target.index(before) + 1 if before else 0, rid)
    return target


def _default_order(merge: Merge, section: str) -> list[str]:
    """The order a build gives a section without `order:`: entities as listed, records as
    in their files, once this pull's records are added and removed."""
    ids: list[str] = []
    entities = [merge.folder / e.records for e in merge.loaded.submission.entities]
    for file in dict.fromkeys([*entities, merge.folder / UNASSIGNED_FILE]):
        in_file = [r.record.id for r in merge.loaded.records if r.file == file]
        for bullets in merge.sections.values():
            for k, b in enumerate(bullets):
                if isinstance(b, New) and b.file == file and not b.exists:
                    prev = (
                        next((x.record_id for x in bullets[k - 1 :: -1] if x.record_id in in_file), None)
                        if k
                        else None
                    )
                    in_file.insert(in_file.index(prev) + 1 if prev else len(in_file), b.record_id)
        ids += [rid for rid in in_file if merge.section_of.get(rid) == section and rid not in merge.removed]
    return ids


def _add_order(merge: Merge, section: str, ids: list[str]) -> None:
    edits = merge.edits_of(merge.loaded.file)
    key = f'"{section}"' if section.isdigit() else section
    items = "".join(f"\n    - {rid}" for rid in ids)
    if not edits.has(("order",)):
        edits.append_to_mapping((), "order", f"\n  {key}:{items}")
    elif edits.node(("order",)).id == "mapping" and edits.node(("order",)).value:
        edits.append_to_mapping(("order",), key, items)
    else:  # `order: {}` or an empty `order:`
        edits.replace_value(("order",), f"\n  {key}:{items}")
    merge.result.changes.append(
        Change(
            "moved",
            str(merge.loaded.file),
            None,
            None,
            reason=f"section {section} gets an `order:` list, to keep Word's order",
        )
    )
