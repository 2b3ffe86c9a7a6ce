"""The new text of each file the pull changes (its planned edits applied, or, for a file
of new records, written whole), and the check that the folder still builds with them."""

from __future__ import annotations

from pathlib import Path

from ...errors import OutputError
from ...inputs import load_submission
from .state import Merge, New


def set_file_texts(merge: Merge) -> None:
    merge.result.files = {path: e.result() for path, e in merge.edits.items() if e.edits}
    for path, records in merge.new_files.items():
        merge.result.files[path] = _new_file(merge, path, records)


def _new_file(merge: Merge, path: Path, records: list[New]) -> str:
    from ...inputs.schema import FOLDER_SCHEMA, modeline
    from ...inputs.writer import comment_block, yaml_text

    header = (
        f"TO DO: these records were added in Word (pulled from {merge.reviewed.name}), but their text\n"
        "names no agency. Move each one into its agency's records file (keep its id), then\n"
        "delete this file. Until then they build where `order:` puts them."
    )
    return (
        modeline(
            "records",
            path,
            folder_schema if (folder_schema := path.parent / FOLDER_SCHEMA).is_file() else None,
        )
        + "\n"
        + comment_block(header)
        + yaml_text({"entity": "unassigned", "records": [r.record for r in records]})
    )


def check_loads(merge: Merge) -> None:
    """The new files must load and build as a folder, or nothing is written."""
    if not merge.result.files:
        return
    import shutil
    import tempfile

    from ...assemble import assemble
    from ...errors import InputError

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "inputs"
        shutil.copytree(merge.folder, copy)
        for path, text in merge.result.files.items():
            (copy / path.relative_to(merge.folder)).write_text(text, encoding="utf-8")
        try:
            assemble(load_submission(copy))
        except InputError as exc:
            raise OutputError(
                f"the pulled inputs would not build ({exc.problems[0].message}); nothing was written",
                file=merge.reviewed,
                hint="please report this, with the reviewed .docx; edit the YAML by hand meanwhile",
            ) from None
