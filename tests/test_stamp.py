"""The "written by c7draft" stamp is hashed from the package's members as python-docx will
write them, without saving a zip first: it must equal the hash of the file written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.docx_io import stamp as docx_stamp
from c7draft.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]


def test_the_stamp_is_the_hash_of_the_file_written(tmp_path):
    out = tmp_path / "draft.docx"
    build_submission(ROOT / "sample_inputs" / "2025", out, check=False)
    with zipfile.ZipFile(out) as z:
        stamp = docx_stamp._read_stamp(z)
    assert stamp.startswith("c7draft-sha256:") and stamp != docx_stamp._UNSTAMPED.decode()
    assert stamp == docx_stamp._fingerprint(out)


@pytest.mark.parametrize(
    "change, replaceable",
    [
        ("members zipped again in another order", True),  # the same parts: still c7draft's own file
        ("a part renamed", False),  # the same bytes under another name: not the file c7draft wrote
    ],
)
def test_the_stamp_covers_part_names_and_not_their_order(tmp_path, change, replaceable):
    out = tmp_path / "draft.docx"
    build_submission(ROOT / "sample_inputs" / "2025", out, check=False)
    copy = tmp_path / "copy.docx"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        members = src.infolist()
        for info in reversed(members) if replaceable else members:
            name = (
                "word/webSettings2.xml"
                if info.filename == "word/webSettings.xml" and not replaceable
                else info.filename
            )
            dst.writestr(name, src.read(info))
    if replaceable:
        docx_stamp.ensure_replaceable(copy)
    else:
        with pytest.raises(OutputError, match="edited or re-saved"):
            docx_stamp.ensure_replaceable(copy)


def test_an_edited_output_is_refused_by_default(tmp_path):
    out = tmp_path / "draft.docx"
    build_submission(ROOT / "sample_inputs" / "2025", out, check=False)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("word/extra.xml", "<x/>")  # as an edit in Word adds or changes a part
    with pytest.raises(OutputError, match="edited or re-saved"):
        docx_stamp.ensure_docx_output(out)
    docx_stamp.ensure_docx_output(out, force=True)


def test_an_output_past_the_package_limit_is_refused_before_its_parts_are_read(tmp_path, monkeypatch):
    from c7draft import limits

    out = tmp_path / "draft.docx"
    build_submission(ROOT / "sample_inputs" / "2025", out, check=False)
    docx_stamp.ensure_replaceable(out)  # c7draft's own file, within the limits
    monkeypatch.setattr(limits, "MAX_PACKAGE_BYTES", 1000)  # a package declaring more (a zip bomb?)
    with pytest.raises(OutputError, match="exists and is not a Word document c7draft wrote"):
        docx_stamp.ensure_replaceable(out)
