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

By concern, in the order ``pull`` runs them over ``state.Merge``, the state they share:

- ``walk``: the reviewed paragraphs walked in order; the three-way merge of each bullet;
- ``new_records``: a record for each bullet new in Word, in the file it goes in;
- ``order``: the `order:` lists, to Word's order;
- ``summary``: Part 1, the executive summary in submission.yaml;
- ``comments``: the file, line and record of each comment and tracked edit;
- ``files``: the new text of each file, and the check that the folder still builds;
- ``results``: what a pull reports (``PullResult``, ``Change``, ...).
"""

from __future__ import annotations

from pathlib import Path

from ...errors import DocumentReadError
from ...inputs import LoadedSubmission, load_submission
from .comments import place_comments, place_tracked
from .files import check_loads, set_file_texts
from .new_records import add_new_records
from .order import update_orders
from .results import Change, DerivedEdit, PullResult, ReviewComment, TrackedEdit
from .state import Merge
from .summary import merge_summary
from .walk import walk_paragraphs

__all__ = ["Change", "DerivedEdit", "PullResult", "ReviewComment", "TrackedEdit", "pull"]


def pull(reviewed: Path, folder: Path, *, write: bool = False, accept: bool = True) -> PullResult:
    """Merge the reviewed .docx into FOLDER's records; with ``write``, write the files."""
    from ...docx_io import read_reviewed
    from ...docx_io.stamp import lock_file

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
    merge = Merge(loaded, content, reviewed)
    walk_paragraphs(merge)
    add_new_records(merge)
    update_orders(merge)
    merge_summary(merge)
    place_comments(merge)
    place_tracked(merge)
    set_file_texts(merge)
    check_loads(merge)
    result = merge.result
    if write and result.files:
        from ...fileio import write_files_atomically

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
