"""Where a bullet added in Word goes: the record made from it (its id, and the agency file
of the agency it names, else of the bullet before or after it, else unassigned.yaml), put
in that file beside the bullets it sits between in Word."""

from __future__ import annotations

from ...inputs import UNASSIGNED_FILE
from ..texts import from_markup, notes_of, plain, to_record_markup
from .results import Change, shown
from .state import Merge, New


def add_new_records(merge: Merge) -> None:
    from ...yearly.importer import guess_entity, record_id_from

    entities = [{"short": e.short, "name": e.name} for e in merge.loaded.submission.entities]
    files = {e.short: merge.folder / e.records for e in merge.loaded.submission.entities}
    taken = set(merge.records)
    in_base = {it.record_id for it in merge.base.items}
    for section, bullets in merge.sections.items():
        for k, new in enumerate(bullets):
            if not isinstance(new, New):
                continue
            same = next(
                (
                    r
                    for r in merge.loaded.records
                    if r.record.id not in in_base
                    and from_markup(r.record.text, r.record.footnotes) == new.text
                ),
                None,
            )
            if same is not None:  # in the YAML already (pulled before): that record
                in_base.add(same.record.id)
                new.record_id, new.file, new.exists = same.record.id, same.file, True
                continue
            words = plain(new.text)
            new.record_id = record_id_from(words, taken)
            owner = guess_entity(words, " ".join(plain(n) for n in notes_of(new.text)), entities)
            if owner is None:
                owner = next(
                    (_entity_of(merge, b) for b in bullets[k - 1 :: -1] if k and _entity_of(merge, b)), None
                )
            if owner is None:
                owner = next((_entity_of(merge, b) for b in bullets[k + 1 :] if _entity_of(merge, b)), None)
            new.entity = owner  # an entity of submission.yaml, or None
            new.file = files.get(owner or "", merge.folder / UNASSIGNED_FILE)
            merge.section_of[new.record_id] = section
            _add_record(merge, new, section, bullets, k)


def _entity_of(merge: Merge, bullet) -> str | None:
    if isinstance(bullet, New):
        return bullet.entity
    rec = merge.records.get(bullet.record_id or "")
    return rec.entity.short if rec and rec.entity.short != "unassigned" else None


def _add_record(merge: Merge, new: New, section: str, bullets: list, k: int) -> None:
    from ...yearly.importer import LONG_NOTE

    body, notes = to_record_markup(new.text, [], LONG_NOTE)
    merge.result.changes.append(
        Change("added", str(new.file), None, new.record_id, "", shown(body, notes), f"section {section}")
    )
    record = {
        "id": new.record_id,
        "section": section,
        "text": body,
        **({"footnotes": notes} if notes else {}),
    }
    assert new.file is not None
    if not new.file.is_file():
        merge.new_files.setdefault(new.file, []).append(new)
        new.record = record  # written whole by files
        return
    edits = merge.edits_of(new.file)
    ids = edits.ids(("records",))  # none yet (`records: []`, or comments only as `init` writes it)
    after = None
    for b in bullets[k - 1 :: -1] if k else []:
        rid = b.record_id
        if rid in ids and rid not in merge.removed:
            after = ids.index(rid)
            break
    else:
        for b in bullets[k + 1 :]:
            if b.record_id in ids and b.record_id not in merge.removed:
                after = ids.index(b.record_id) - 1
                break
    edits.insert_item(("records",), after, edits.record_lines(("records",), record))
