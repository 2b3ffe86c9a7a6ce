"""What a pull knows as it goes: ``Merge``, the state every step reads and adds to (the
matching, the records, the bullets of each section in Word, the planned YAML edits), and
``New``, a bullet added in Word."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...inputs import LoadedSubmission
from ...inputs.edit import YamlEdits
from ..match import Matched, match_paragraphs
from ..texts import Text
from .results import PullResult


@dataclass
class New:
    """A bullet added in Word."""

    text: Text
    matched: Matched
    record_id: str = ""
    file: Path | None = None
    exists: bool = False  # the YAML has it already
    entity: str | None = None  # the agency whose file it goes in (None: unassigned.yaml)
    record: dict | None = None  # for a new file


class Merge:
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
        self.sections: dict[str, list] = {}  # section -> its bullets in Word: BaseItem or New
        self.summary: list = []  # Part 1's paragraphs in Word: (BaseItem, Matched) or New
        self.removed: set[str] = set()
        self.new_files: dict[Path, list[New]] = {}
        self.section_of: dict[str, str] = {r.record.id: r.record.section for r in loaded.records}
        # Base items an unmatched paragraph may be: never removed on a guess.
        self.held = {c.key for m in self.matching.paragraphs if m.how == "unmatched" for c in m.candidates}
        # A heading or prompt deleted in Word: which section a bullet sits in is not sure.
        self.headings_gone = any(it.kind == "derived" and it.section for it in self.matching.missing)

    def edits_of(self, path: Path) -> YamlEdits:
        if path not in self.edits:
            # bytes, so that a file's Windows line ends reach the editor (read_text translates them)
            self.edits[path] = YamlEdits(path.read_bytes().decode("utf-8"), str(path))
        return self.edits[path]
