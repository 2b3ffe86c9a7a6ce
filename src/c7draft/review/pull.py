"""`c7draft pull REVIEWED.docx FOLDER`: a reviewed .docx back into the records it was built from.

A three-way merge, record by record. The base is what the .docx was built from (stored in
it: ``docx_io.marks``), "ours" is the YAML now, "theirs" the reviewed text (tracked changes
accepted, or rejected). Each paragraph is tied to its record by its mark, else by its text
(``match``). Then:

- changed in Word only: the record's text (and footnotes) take the reviewed text;
- changed in the YAML only: kept; changed in both: a conflict, the YAML left as it is;
- a bullet new in Word: a new record in the agency file of the agency it names, else of
  the bullet before (or after) it, else unassigned.yaml; its place goes into `order:`;
- a bullet gone from Word: its record and its `order:` entry are removed;
- a bullet moved: `order:` (and `section:`, when it moved under another heading);
- front matter, headings and prompts are made from submission.yaml, the outline and the
  template: their edits are reported with the key that makes them, never applied.

The edits are planned here and written by ``inputs.edit`` (only the records that change,
every other byte kept), all files or none.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentReadError, OutputError
from ..inputs import UNASSIGNED_FILE, LoadedRecord, LoadedSubmission, load_submission
from ..inputs.edit import YamlEdits, block_lines
from ..model import BaseItem
from .match import Matched, match_paragraphs, normalised, similarity
from .texts import Text, from_docx, from_markup, note_labels, notes_of, plain, to_record_markup

SUMMARY = "executive_summary"


@dataclass
class Change:
    """One thing pull does (or, as a conflict, does not do) to a record."""

    kind: str  # edited, added, removed, moved, conflict, unmatched
    file: str | None
    line: int | None
    record_id: str | None
    before: str = ""
    after: str = ""
    reason: str = ""  # why a conflict is one; where a record moved


@dataclass
class ReviewComment:
    author: str
    date: str
    text: str
    file: str | None
    line: int | None
    record_id: str | None
    replies: list[ReviewComment] = field(default_factory=list)
    done: bool = False


@dataclass
class TrackedEdit:
    author: str
    date: str
    kind: str
    text: str
    record_id: str | None


@dataclass
class DerivedEdit:
    """An edit of text c7draft derives (front matter, headings, prompts): reported only."""

    key: str  # the submission.yaml keys (or the outline, the template) that make it
    kind: str  # edited, added, removed
    before: str
    after: str


@dataclass
class PullResult:
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    tracked: list[TrackedEdit] = field(default_factory=list)
    front_matter: list[DerivedEdit] = field(default_factory=list)
    files: dict[Path, str] = field(default_factory=dict)  # the new text of each file that changes
    written: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.conflicts else 0


def pull(reviewed: Path, folder: Path, *, write: bool = False, accept: bool = True) -> PullResult:
    """Merge the reviewed .docx into FOLDER's records; with ``write``, write the files."""
    from ..docx_io import read_reviewed
    from ..docx_io.stamp import lock_file

    reviewed, folder = Path(reviewed), Path(folder)
    if reviewed.is_file() and (lock := lock_file(reviewed)):
        raise DocumentReadError(
            f"the reviewed document is open in {lock[1]} ({lock[0]} is beside it)",
            file=reviewed,
            hint="save it and close it there, then run pull again",
        )
    content = read_reviewed(reviewed, accept=accept)
    if content.base is None:
        raise DocumentReadError(
            "this .docx was not built by c7draft (it holds none of the marks that tie its paragraphs "
            "to their records), so pull cannot tell where its text belongs; nothing was written",
            file=reviewed,
            hint=f"to bring a document in whole, as a new inputs folder, use `c7draft import {reviewed.name} -o NEW_DIR`",
        )
    loaded = load_submission(folder)
    _same_folder(content.base, loaded, reviewed)
    merge = _Merge(loaded, content, reviewed)
    merge.run()
    result = merge.result
    if write and result.files:
        from ..fileio import write_files_atomically

        write_files_atomically(result.files)  # all or none
        result.written = True
    return result


def _same_folder(base, loaded: LoadedSubmission, reviewed: Path) -> None:
    sub = loaded.submission
    entities = tuple(e.short for e in sub.entities)
    if base.session != sub.session or sorted(base.entities) != sorted(entities):
        raise DocumentReadError(
            f"this .docx was built from another inputs folder (session {base.session}, entities "
            f"{', '.join(base.entities)}), not from {loaded.file.parent} (session {sub.session}, "
            f"entities {', '.join(entities)}); nothing was written",
            file=reviewed,
            hint="give the folder it was built from; to bring a document in whole, as a new inputs "
            f"folder, use `c7draft import {reviewed.name} -o NEW_DIR`",
        )


@dataclass
class _New:
    """A bullet added in Word."""

    text: Text
    matched: Matched
    record_id: str = ""
    file: Path | None = None
    exists: bool = False  # the YAML has it already
    entity: str | None = None  # the agency whose file it goes in (None: unassigned.yaml)
    record: dict | None = None  # for a new file


class _Merge:
    def __init__(self, loaded: LoadedSubmission, content, reviewed: Path):
        self.loaded = loaded
        self.content = content
        self.reviewed = reviewed
        self.folder = loaded.file.parent
        self.base = content.base
        self.matching = match_paragraphs(content.paragraphs, content.base)
        self.records = {r.record.id: r for r in loaded.records}
        self.result = PullResult()
        self.edits: dict[Path, YamlEdits] = {}
        self.sections: dict[str, list] = {}  # section -> its bullets in Word: BaseItem or _New
        self.summary: list = []  # Part 1's paragraphs in Word: (BaseItem, Matched) or _New
        self.removed: set[str] = set()
        self.new_files: dict[Path, list[_New]] = {}
        self.section_of: dict[str, str] = {r.record.id: r.record.section for r in loaded.records}
        # Base items an unmatched paragraph may be: never removed on a guess.
        self.held = {c.key for m in self.matching.paragraphs if m.how == "unmatched" for c in m.candidates}
        # A heading or prompt deleted in Word: which section a bullet sits in is not sure.
        self.headings_gone = any(it.kind == "derived" and it.section for it in self.matching.missing)

    # ------------------------------------------------------------------ the walk
    def run(self) -> None:
        region = "front"
        held = self.held

        for m in self.matching.paragraphs:
            item = m.item
            if m.how == "unmatched":
                self._unmatched(m)
                continue
            if item is not None and item.kind == "derived":
                if item.derived_from == "outline (summary_title)":
                    region = "summary"
                elif item.section:
                    region = item.section
                same = m.paragraph.text == item.text or normalised(m.paragraph.text) == normalised(item.text)
                if item.derived_from != "placeholder":
                    if not same:
                        self.result.front_matter.append(
                            DerivedEdit(item.derived_from, "edited", item.text, m.paragraph.text)
                        )
                    continue
                if same:
                    continue
                item = None  # a placeholder written over: a new paragraph
            theirs = from_docx(m.paragraph.pieces, self.content.footnotes)
            if item is None:
                if region == "front":
                    self.result.front_matter.append(
                        DerivedEdit("the template front_matter.md.j2", "added", "", m.paragraph.text)
                    )
                elif region == "summary":
                    self.summary.append(_New(theirs, m))
                else:
                    self.sections.setdefault(region, []).append(_New(theirs, m))
            elif item.kind == "summary":
                self.summary.append((item, m))
            elif region in ("front", "summary"):
                self._conflict(
                    item, "moved out of Parts 2 and 3 in Word: put it back under a heading of its Part"
                )
            else:
                self.sections.setdefault(region, []).append(item)
                self._bullet(item, m, theirs, region)
        for item in self.matching.missing:
            if item.key in held:
                continue  # an unmatched paragraph may be it: never removed on a guess
            if item.kind == "bullet":
                self._gone(item)
            elif item.kind == "derived" and item.derived_from != "placeholder":
                self.result.front_matter.append(DerivedEdit(item.derived_from, "removed", item.text, ""))
        self._new_records()
        self._orders()
        self._summary()
        self._comments()
        self._tracked()
        self.result.files = {path: e.result() for path, e in self.edits.items() if e.edits}
        for path, records in self.new_files.items():
            self.result.files[path] = self._new_file(path, records)
        self._check_loads()

    # ------------------------------------------------------------------ records
    def _edits(self, path: Path) -> YamlEdits:
        if path not in self.edits:
            self.edits[path] = YamlEdits(path.read_text(encoding="utf-8"), str(path))
        return self.edits[path]

    def _index(self, rec: LoadedRecord) -> int:
        return self._edits(rec.file).ids(("records",)).index(rec.record.id)

    def _ours_changed(self, item: BaseItem, rec: LoadedRecord | None) -> bool:
        return rec is None or (rec.record.text, dict(rec.record.footnotes)) != (item.text, dict(item.notes))

    def _bullet(self, item: BaseItem, m: Matched, theirs: Text, section: str) -> None:
        rec = self.records.get(item.record_id or "")
        base = from_markup(item.text, dict(item.notes))
        changed, moved = theirs != base, section != item.section
        if rec is None:
            if changed or moved:
                self._conflict(
                    item, "removed from the YAML since the build, but edited in Word", after=theirs
                )
            return
        if changed and from_markup(rec.record.text, rec.record.footnotes) == theirs:
            pass  # the YAML already says what Word says (pulled before)
        elif changed and self._ours_changed(item, rec):
            self._conflict(
                item, "changed in the YAML since the build and in Word: the YAML is kept", theirs, rec
            )
        elif changed:
            self._set_record_text(rec, item, theirs)
        if moved and self.headings_gone:
            self._conflict(
                item,
                f"now under the heading of section {section}, but a heading was deleted in Word: its section is kept",
            )
        elif moved:
            if rec.record.section != item.section:
                self._conflict(
                    item, f"moved to section {section} in Word, and its section changed in the YAML"
                )
            else:
                self.section_of[rec.record.id] = section
                self._edits(rec.file).set_text(("records", self._index(rec), "section"), section)
                self.result.changes.append(
                    Change(
                        "moved",
                        str(rec.file),
                        rec.line,
                        rec.record.id,
                        reason=f"from section {item.section} to {section}",
                    )
                )

    def _set_record_text(self, rec: LoadedRecord, item: BaseItem, theirs: Text) -> None:
        labels = _labels(
            from_markup(rec.record.text, rec.record.footnotes),
            note_labels(rec.record.text, rec.record.footnotes),
            theirs,
        )
        from ..yearly.importer import LONG_NOTE

        body, notes = to_record_markup(theirs, labels, LONG_NOTE)
        edits, j = self._edits(rec.file), self._index(rec)
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
        before = _shown(rec.record.text, old_notes)
        self.result.changes.append(
            Change("edited", str(rec.file), rec.text_line, rec.record.id, before, _shown(body, notes))
        )

    def _gone(self, item: BaseItem) -> None:
        rec = self.records.get(item.record_id or "")
        if rec is None:
            return  # removed in the YAML too
        if self._ours_changed(item, rec):
            self._conflict(
                item, "deleted in Word, but changed in the YAML since the build: the record is kept", rec=rec
            )
            return
        self.removed.add(rec.record.id)
        self._edits(rec.file).remove_item(("records", self._index(rec)))
        self.result.changes.append(
            Change(
                "removed",
                str(rec.file),
                rec.line,
                rec.record.id,
                _shown(rec.record.text, rec.record.footnotes),
                "",
            )
        )

    def _conflict(
        self, item: BaseItem, reason: str, after: Text | None = None, rec: LoadedRecord | None = None
    ) -> None:
        rec = rec or self.records.get(item.record_id or "")
        self.result.conflicts.append(
            Change(
                "conflict",
                str(rec.file) if rec else item.file,
                rec.text_line if rec else None,
                item.record_id,
                _shown(rec.record.text, rec.record.footnotes) if rec else item.text,
                _shown(*to_record_markup(after, [])) if after is not None else "",
                reason,
            )
        )

    def _unmatched(self, m: Matched) -> None:
        names = ", ".join(c.record_id or c.key for c in m.candidates[:3])
        self.result.conflicts.append(
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

    # ------------------------------------------------------------------ new bullets
    def _new_records(self) -> None:
        from ..yearly.importer import guess_entity, record_id_from

        entities = [{"short": e.short, "name": e.name} for e in self.loaded.submission.entities]
        files = {e.short: self.folder / e.records for e in self.loaded.submission.entities}
        taken = set(self.records)
        in_base = {it.record_id for it in self.base.items}
        for section, bullets in self.sections.items():
            for k, new in enumerate(bullets):
                if not isinstance(new, _New):
                    continue
                same = next(
                    (
                        r
                        for r in self.loaded.records
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
                        (self._entity_of(b) for b in bullets[k - 1 :: -1] if k and self._entity_of(b)), None
                    )
                if owner is None:
                    owner = next((self._entity_of(b) for b in bullets[k + 1 :] if self._entity_of(b)), None)
                new.entity = owner if owner in files else None
                new.file = files.get(owner or "", self.folder / UNASSIGNED_FILE)
                self.section_of[new.record_id] = section
                self._add_record(new, section, bullets, k)

    def _entity_of(self, bullet) -> str | None:
        if isinstance(bullet, _New):
            return bullet.entity
        rec = self.records.get(bullet.record_id or "")
        return rec.entity.short if rec and rec.entity.short != "unassigned" else None

    def _add_record(self, new: _New, section: str, bullets: list, k: int) -> None:
        from ..yearly.importer import LONG_NOTE

        body, notes = to_record_markup(new.text, [], LONG_NOTE)
        self.result.changes.append(
            Change("added", str(new.file), None, new.record_id, "", _shown(body, notes), f"section {section}")
        )
        record = {
            "id": new.record_id,
            "section": section,
            "text": body,
            **({"footnotes": notes} if notes else {}),
        }
        assert new.file is not None
        if not new.file.is_file():
            self.new_files.setdefault(new.file, []).append(new)
            new.record = record  # written whole by _new_file
            return
        edits = self._edits(new.file)
        seq = edits.node(("records",))
        if seq.id != "sequence" or not seq.value:  # no records yet, as `init` writes the file
            edits.insert_item(("records",), None, edits.record_lines(("records",), record))
            return
        ids = edits.ids(("records",))
        after = None
        for b in bullets[k - 1 :: -1] if k else []:
            rid = b.record_id
            if rid in ids and rid not in self.removed:
                after = ids.index(rid)
                break
        else:
            for b in bullets[k + 1 :]:
                if b.record_id in ids and b.record_id not in self.removed:
                    after = ids.index(b.record_id) - 1
                    break
        edits.insert_item(("records",), after, edits.record_lines(("records",), record))

    def _new_file(self, path: Path, records: list[_New]) -> str:
        from ..inputs.schema import modeline
        from ..inputs.writer import comment_block, yaml_text

        header = (
            f"TO DO: these records were added in Word (pulled from {self.reviewed.name}), but their text\n"
            "names no agency. Move each one into its agency's records file (keep its id), then\n"
            "delete this file. Until then they build where `order:` puts them."
        )
        return (
            modeline("records", path)
            + "\n"
            + comment_block(header)
            + yaml_text({"entity": "unassigned", "records": [r.record for r in records]})
        )

    # ------------------------------------------------------------------ order
    def _orders(self) -> None:
        order = self.loaded.submission.order
        base_order: dict[str, list[str]] = {}
        for item in self.base.items:
            if item.kind == "bullet" and item.section:
                base_order.setdefault(item.section, []).append(item.record_id or "")
        for section in [s.id for p in self.loaded.outline.parts for s in p.sections]:
            bullets = self.sections.get(section, [])
            word = [b.record_id for b in bullets if b.record_id in self.records or isinstance(b, _New)]
            word = [rid for rid in word if rid not in self.removed and self.section_of.get(rid) == section]
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
                    rec = self.records[rid]
                    self.result.conflicts.append(
                        Change(
                            "conflict",
                            str(self.loaded.file),
                            self.loaded.order_lines.get(section),
                            rid,
                            reason=f"moved in Word, and `order:` of section {section} changed in the YAML since the build: the YAML order is kept",
                        )
                    )
                word = current
            else:
                for rid in moved:
                    rec = self.records[rid]
                    self.result.changes.append(
                        Change("moved", str(rec.file), rec.line, rid, reason=f"in section {section}")
                    )
            target = self._target_order(section, word, current)
            if section in order:
                if target != current:
                    self._edits(self.loaded.file).set_list(("order", section), target)
            elif target != self._default_order(section):
                self._add_order(section, target)

    def _target_order(self, section: str, word: list[str], current: list[str]) -> list[str]:
        """The Word order, with the records added to `order:` since the build after the
        record they follow there."""
        target = list(word)
        for k, rid in enumerate(current):
            if rid in target or rid in self.removed or self.section_of.get(rid) != section:
                continue
            before = next((r for r in current[k - 1 :: -1] if r in target), None) if k else None
            target.insert(target.index(before) + 1 if before else 0, rid)
        return target

    def _default_order(self, section: str) -> list[str]:
        """The order a build gives a section without `order:`: entities as listed, records as
        in their files, once this pull's records are added and removed."""
        ids: list[str] = []
        entities = [self.folder / e.records for e in self.loaded.submission.entities]
        for file in dict.fromkeys([*entities, self.folder / UNASSIGNED_FILE]):
            in_file = [r.record.id for r in self.loaded.records if r.file == file]
            for bullets in self.sections.values():
                for k, b in enumerate(bullets):
                    if isinstance(b, _New) and b.file == file and not b.exists:
                        prev = (
                            next((x.record_id for x in bullets[k - 1 :: -1] if x.record_id in in_file), None)
                            if k
                            else None
                        )
                        in_file.insert(in_file.index(prev) + 1 if prev else len(in_file), b.record_id)
            ids += [rid for rid in in_file if self.section_of.get(rid) == section and rid not in self.removed]
        return ids

    def _add_order(self, section: str, ids: list[str]) -> None:
        edits = self._edits(self.loaded.file)
        key = f'"{section}"' if section.isdigit() else section
        items = "".join(f"\n    - {rid}" for rid in ids)
        if not edits.has(("order",)):
            edits.append_to_mapping((), "order", f"\n  {key}:{items}")
        elif edits.node(("order",)).id == "mapping" and edits.node(("order",)).value:
            edits.append_to_mapping(("order",), key, items)
        else:  # `order: {}` or an empty `order:`
            edits.replace_value(("order",), f"\n  {key}:{items}")
        self.result.changes.append(
            Change(
                "moved",
                str(self.loaded.file),
                None,
                None,
                reason=f"section {section} gets an `order:` list, to keep Word's order",
            )
        )

    # ------------------------------------------------------------------ executive summary
    def _summary(self) -> None:
        sub = self.loaded.submission
        current = list(sub.executive_summary)
        base_items = [it for it in self.base.items if it.kind == "summary"]
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
            file, line = str(self.loaded.file), self.loaded.summary_lines[j]
            return Change(kind, file, line, f"{SUMMARY}[{j}]", current[j], after)

        for entry in self.summary:
            if isinstance(entry, _New):
                same = next(
                    (j for j, t in enumerate(current) if j not in used and from_markup(t) == entry.text), None
                )
                if same is not None:  # added in the YAML already (pulled before)
                    used.add(same)
                    target.append((same, None))
                    continue
                body, _ = to_record_markup(entry.text, [])
                target.append((None, body))
                changes.append(Change("added", str(self.loaded.file), None, "executive_summary", "", body))
                continue
            item, m = entry
            j = where[item.key]
            theirs = from_docx(m.paragraph.pieces, self.content.footnotes)
            if theirs == from_markup(item.text):
                if j is not None:
                    target.append((j, None))
            elif j is not None and from_markup(current[j]) == theirs:
                target.append((j, None))  # the YAML already says what Word says
            elif j is None or current[j] != item.text:
                self._summary_conflict(
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
        in_word = {item.key for item, _ in (e for e in self.summary if not isinstance(e, _New))}
        for item in base_items:
            j = where[item.key]
            if item.key in in_word or j is None:
                continue
            if item.key in self.held:  # an unmatched paragraph may be it: kept
                target.insert(_after(target, j), (j, None))
                continue
            if current[j] != item.text:
                self._summary_conflict(
                    item, j, "deleted in Word, but changed in submission.yaml since the build: kept", None
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
            self.result.conflicts.append(
                Change(
                    "conflict",
                    str(self.loaded.file),
                    self.loaded.summary_lines[0] if self.loaded.summary_lines else None,
                    SUMMARY,
                    reason="the summary's paragraphs were reordered in Word: not applied; reorder them by hand",
                )
            )
            return
        self.result.changes += changes
        edits = self._edits(self.loaded.file)
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

    def _summary_conflict(self, item: BaseItem, j: int | None, reason: str, theirs: Text | None) -> None:
        current = self.loaded.submission.executive_summary
        self.result.conflicts.append(
            Change(
                "conflict",
                str(self.loaded.file),
                self.loaded.summary_lines[j] if j is not None else None,
                f"{SUMMARY}[{j}]" if j is not None else SUMMARY,
                current[j] if j is not None else item.text,
                to_record_markup(theirs, [])[0] if theirs is not None else "",
                reason,
            )
        )

    # ------------------------------------------------------------------ comments, tracked changes
    def _where(self, index: int | None) -> tuple[str | None, int | None, str | None]:
        """file, line and record id of the paragraph at ``index``."""
        m = next((m for m in self.matching.paragraphs if m.index == index), None)
        if m is None:
            return None, None, None
        new = next(
            (
                b
                for bullets in self.sections.values()
                for b in bullets
                if isinstance(b, _New) and b.matched is m
            ),
            None,
        )
        if new is not None:
            return str(new.file), None, new.record_id
        return self._where_item(m.item)

    def _where_item(self, item: BaseItem | None) -> tuple[str | None, int | None, str | None]:
        if item is None:
            return None, None, None
        if item.kind == "bullet":
            rec = self.records.get(item.record_id or "")
            return (str(rec.file), rec.text_line, rec.record.id) if rec else (item.file, None, item.record_id)
        if item.kind == "summary":
            k = [it.key for it in self.base.items if it.kind == "summary"].index(item.key)
            lines = self.loaded.summary_lines
            return str(self.loaded.file), lines[k] if k < len(lines) else None, f"{SUMMARY}[{k}]"
        return str(self.loaded.file), None, item.derived_from

    def _comments(self) -> None:
        by_id = {}
        for c in self.content.comments:
            if c.author == "c7draft":
                continue
            file, line, rid = self._where(c.paragraph)
            by_id[c.id] = ReviewComment(c.author, c.date, c.text, file, line, rid, done=c.done)
        for c in self.content.comments:
            if c.id not in by_id:
                continue
            if c.parent in by_id:
                by_id[c.parent].replies.append(by_id[c.id])
            else:
                self.result.comments.append(by_id[c.id])

    def _tracked(self) -> None:
        items = {it.key: it for it in self.base.items}
        for t in self.content.tracked:
            rid = None
            if t.footnote is not None:
                index = next(
                    (i for i, p in enumerate(self.content.paragraphs) if t.footnote in p.footnote_ids), None
                )
                rid = self._where(index)[2]
            elif t.marks:
                rid = self._where_item(items.get(t.marks[0]))[2]
            self.result.tracked.append(TrackedEdit(t.author, t.date, t.kind, t.text, rid))

    def _check_loads(self) -> None:
        """The new files must load and build as a folder, or nothing is written."""
        if not self.result.files:
            return
        import shutil
        import tempfile

        from ..assemble import assemble
        from ..errors import InputError

        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "inputs"
            shutil.copytree(self.folder, copy)
            for path, text in self.result.files.items():
                (copy / path.relative_to(self.folder)).write_text(text, encoding="utf-8")
            try:
                assemble(load_submission(copy))
            except InputError as exc:
                raise OutputError(
                    f"the pulled inputs would not build ({exc.problems[0].message}); nothing was written",
                    file=self.reviewed,
                    hint="please report this, with the reviewed .docx; edit the YAML by hand meanwhile",
                ) from None


def _after(target: list, j: int) -> int:
    """Where paragraph ``j`` of the YAML goes in ``target``: after the last one before it."""
    return next(
        (k + 1 for k in range(len(target) - 1, -1, -1) if target[k][0] is not None and target[k][0] < j), 0
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


def _shown(text: str, notes: dict[str, str]) -> str:
    """A record's text for the report, with each labelled note's text after it."""
    return text + "".join(f"\n[^{label}]: {note}" for label, note in notes.items())
