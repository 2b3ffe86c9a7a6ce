"""What Word did to each paragraph: the walk over the reviewed paragraphs in order, which
tells bullets from Part 1's paragraphs and derived text (front matter, headings, prompts),
and the three-way merge of each bullet with its record (edited, moved, deleted, or a
conflict)."""

from __future__ import annotations

from ...inputs import LoadedRecord
from ...inputs.edit import block_lines
from ...model import BaseItem
from ..match import Matched, normalised, similarity
from ..texts import Text, from_docx, from_markup, note_labels, notes_of, plain, to_record_markup
from .results import Change, DerivedEdit, shown
from .state import Merge, New


def walk_paragraphs(merge: Merge) -> None:
    region = "front"
    held = merge.held

    for m in merge.matching.paragraphs:
        item = m.item
        if m.how == "unmatched":
            _unmatched(merge, m)
            continue
        if item is not None and item.kind == "derived":
            if item.derived_from == "outline (summary_title)":
                region = "summary"
            elif item.section:
                region = item.section
            same = m.paragraph.text == item.text or normalised(m.paragraph.text) == normalised(item.text)
            if item.derived_from != "placeholder":
                if not same:
                    merge.result.front_matter.append(
                        DerivedEdit(item.derived_from, "edited", item.text, m.paragraph.text)
                    )
                continue
            if same:
                continue
            item = None  # a placeholder written over: a new paragraph
        theirs = from_docx(m.paragraph.pieces, merge.content.footnotes)
        if item is None:
            if region == "front":
                merge.result.front_matter.append(
                    DerivedEdit("the template front_matter.md.j2", "added", "", m.paragraph.text)
                )
            elif region == "summary":
                merge.summary.append(New(theirs, m))
            else:
                merge.sections.setdefault(region, []).append(New(theirs, m))
        elif item.kind == "summary":
            merge.summary.append((item, m))
        elif region in ("front", "summary"):
            _conflict(
                merge, item, "moved out of Parts 2 and 3 in Word: put it back under a heading of its Part"
            )
        else:
            merge.sections.setdefault(region, []).append(item)
            _bullet(merge, item, m, theirs, region)
    for item in merge.matching.missing:
        if item.key in held:
            continue  # an unmatched paragraph may be it: never removed on a guess
        if item.kind == "bullet":
            _gone(merge, item)
        elif item.kind == "derived" and item.derived_from != "placeholder":
            merge.result.front_matter.append(DerivedEdit(item.derived_from, "removed", item.text, ""))


def _index(merge: Merge, rec: LoadedRecord) -> int:
    return merge.edits_of(rec.file).ids(("records",)).index(rec.record.id)


def _ours_changed(merge: Merge, item: BaseItem, rec: LoadedRecord | None) -> bool:
    return rec is None or (rec.record.text, dict(rec.record.footnotes)) != (item.text, dict(item.notes))


def _bullet(merge: Merge, item: BaseItem, m: Matched, theirs: Text, section: str) -> None:
    rec = merge.records.get(item.record_id or "")
    base = from_markup(item.text, dict(item.notes))
    changed, moved = theirs != base, section != item.section
    if rec is None:
        if changed or moved:
            _conflict(merge, item, "removed from the YAML since the build, but edited in Word", after=theirs)
        return
    if changed and from_markup(rec.record.text, rec.record.footnotes) == theirs:
        pass  # the YAML already says what Word says (pulled before)
    elif changed and _ours_changed(merge, item, rec):
        _conflict(
            merge, item, "changed in the YAML since the build and in Word: the YAML is kept", theirs, rec
        )
    elif changed:
        _set_record_text(merge, rec, item, theirs)
    if moved and merge.headings_gone:
        _conflict(
            merge,
            item,
            f"now under the heading of section {section}, but a heading was deleted in Word: its section is kept",
        )
    elif moved:
        if rec.record.section != item.section:
            _conflict(merge, item, f"moved to section {section} in Word, and its section changed in the YAML")
        else:
            merge.section_of[rec.record.id] = section
            merge.edits_of(rec.file).set_text(("records", _index(merge, rec), "section"), section)
            merge.result.changes.append(
                Change(
                    "moved",
                    str(rec.file),
                    rec.line,
                    rec.record.id,
                    reason=f"from section {item.section} to {section}",
                )
            )


def _set_record_text(merge: Merge, rec: LoadedRecord, item: BaseItem, theirs: Text) -> None:
    labels = _labels(
        from_markup(rec.record.text, rec.record.footnotes),
        note_labels(rec.record.text, rec.record.footnotes),
        theirs,
    )
    from ...yearly.importer import LONG_NOTE

    body, notes = to_record_markup(theirs, labels, LONG_NOTE)
    edits, j = merge.edits_of(rec.file), _index(merge, rec)
    old_notes = dict(rec.record.footnotes)
    if from_markup(rec.record.text, {**old_notes, **notes}) != theirs or set(notes) != set(old_notes):
        edits.set_text(("records", j, "text"), body)
    key_col = edits.node(("records", j)).value[0][0].start_mark.column
    for label, text in notes.items():
        if label in old_notes and from_markup(text) != from_markup(old_notes[label]):
            edits.set_text(("records", j, "footnotes", label), text)
        elif label not in old_notes:
            lines = block_lines(text, edits.width, key_col + 4)
            if old_notes:
                edits.append_to_mapping(("records", j, "footnotes"), label, " >-\n" + lines)
            else:
                pad = " " * (key_col + 2)
                edits.append_to_mapping(("records", j), "footnotes", f"\n{pad}{label}: >-\n" + lines)
    gone = [label for label in old_notes if label not in notes]
    if gone and not notes:
        edits.remove_key(("records", j, "footnotes"))
    for label in gone if notes else []:
        edits.remove_key(("records", j, "footnotes", label))
    before = shown(rec.record.text, old_notes)
    merge.result.changes.append(
        Change("edited", str(rec.file), rec.text_line, rec.record.id, before, shown(body, notes))
    )


def _gone(merge: Merge, item: BaseItem) -> None:
    rec = merge.records.get(item.record_id or "")
    if rec is None:
        return  # removed in the YAML too
    if _ours_changed(merge, item, rec):
        _conflict(
            merge,
            item,
            "deleted in Word, but changed in the YAML since the build: the record is kept",
            rec=rec,
        )
        return
    merge.removed.add(rec.record.id)
    merge.edits_of(rec.file).remove_item(("records", _index(merge, rec)))
    merge.result.changes.append(
        Change(
            "removed",
            str(rec.file),
            rec.line,
            rec.record.id,
            shown(rec.record.text, rec.record.footnotes),
            "",
        )
    )


def _conflict(
    merge: Merge, item: BaseItem, reason: str, after: Text | None = None, rec: LoadedRecord | None = None
) -> None:
    rec = rec or merge.records.get(item.record_id or "")
    merge.result.conflicts.append(
        Change(
            "conflict",
            str(rec.file) if rec else item.file,
            rec.text_line if rec else None,
            item.record_id,
            shown(rec.record.text, rec.record.footnotes) if rec else item.text,
            shown(*to_record_markup(after, [])) if after is not None else "",
            reason,
        )
    )


def _unmatched(merge: Merge, m: Matched) -> None:
    names = ", ".join(c.record_id or c.key for c in m.candidates[:3])
    merge.result.conflicts.append(
        Change(
            "unmatched",
            None,
            None,
            None,
            "",
            m.paragraph.text,
            f"like {names} but not clearly one of them: not applied; edit the YAML by hand",
        )
    )


def _labels(base: Text | None, labels: list[str | None], theirs: Text) -> list[str | None]:
    """The label of each footnote of ``theirs``: the label of the note it was at build time
    (the same place when the count is the same, else the next note whose text is alike)."""
    old = notes_of(base) if base else []
    new = notes_of(theirs)
    if len(old) == len(new):
        return list(labels)
    out: list[str | None] = []
    k = 0
    for note in new:
        found = next((j for j in range(k, len(old)) if similarity(plain(note), plain(old[j])) >= 80), None)
        out.append(labels[found] if found is not None and found < len(labels) else None)
        k = found + 1 if found is not None else k
    return out
