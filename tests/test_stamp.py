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
