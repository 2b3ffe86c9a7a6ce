"""The "written by c7draft" stamp is hashed from the package's members as python-docx will
write them, without saving a zip first: it must equal the hash of the file written."""

from __future__ import annotations

import zipfile
from pathlib import Path

from c7draft.build import build_submission
from c7draft.docx_io import stamp as docx_stamp

ROOT = Path(__file__).resolve().parents[1]


def test_the_stamp_is_the_hash_of_the_file_written(tmp_path):
    out = tmp_path / "draft.docx"
    build_submission(ROOT / "sample_inputs" / "2025", out, check=False)
    with zipfile.ZipFile(out) as z:
        stamp = docx_stamp._read_stamp(z)
    assert stamp.startswith("c7draft-sha256:") and stamp != docx_stamp._UNSTAMPED.decode()
    assert stamp == docx_stamp._fingerprint(out)
