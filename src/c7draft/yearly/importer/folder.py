"""The new folder's YAML: what its submission.yaml and each records file say."""

from __future__ import annotations

from pathlib import Path

from ...inputs import SUBMISSION_FILE
from ...inputs.schema import FOLDER_SCHEMA, FOLDER_SCHEMAS, modeline
from ...inputs.writer import comment_block, yaml_text
from ...session import ordinal_number
from .. import TODO_DATE, placeholder_dates
from .front_matter import Front


def submission_yaml(
    folder: Path,
    source: Path,
    front: Front,
    outline_ref: str,
    summary: list[str],
    order: dict[str, list[str]],
) -> str:
    if front.opens is not None and front.closes is not None:
        dates, todo = (front.opens, front.closes), ""
    else:  # both are found or neither; a half-found pair is not written as "None"
        dates, todo = placeholder_dates(front.session), f"    {TODO_DATE}"
    head = yaml_text({"session": front.session})
    head += f"opens: {dates[0].isoformat()}{todo}\ncloses: {dates[1].isoformat()}{todo}\n"
    return (
        modeline("submission", folder / SUBMISSION_FILE, folder / FOLDER_SCHEMAS["submission"])
        + "\n"
        + comment_block(
            f"Imported by `c7draft import` from {source.name}: the joint input to the CSTD's "
            f"{ordinal_number(front.session)} session.\n`order:` keeps the document's order "
            "of the bullets."
        )
        + head
        + yaml_text(
            {
                "venue": front.venue,
                "action_line": front.action_line,
                "outline": outline_ref,
                "lead": front.lead,
                "entities": front.entities,
            }
        )
        + yaml_text({"executive_summary": summary})
        + yaml_text({"order": order})
    )


def records_yaml(file: Path, short: str, source: Path, records: list[dict], unassigned: bool = False) -> str:
    header = (
        f"TO DO: these records were imported from {source.name}, but their text names no agency.\n"
        "Move each one into its agency's records file (keep its id), then delete this file.\n"
        "Until then they build where `order:` puts them."
        if unassigned
        else f"{short} records imported by `c7draft import` from {source.name}."
    )
    return (
        modeline("records", file, file.parent / FOLDER_SCHEMA)
        + "\n"
        + comment_block(header)
        + yaml_text({"entity": short, "records": records})
    )
