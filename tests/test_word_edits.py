"""A reviewer's Word edits are never lost: the "written by c7draft" stamp covers every part
of the package, the check runs again just before the new file replaces the old one, and
Word's lock file beside the output gets a warning."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.docx_io import writer
from c7draft.errors import OutputError
from helpers import c7draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
MINIMAL = ROOT / "tests" / "data" / "minimal"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The 2025 sample built with its recycled-text comments (so it has word/comments.xml)."""
    folder = tmp_path_factory.mktemp("built")
    out = folder / "draft.docx"
    run = c7draft("build", SAMPLE, "-o", out, cache=folder / "cache")
    assert run.returncode == 0 and "3 comments on recycled text" in run.stdout, run.stderr
    return out


def edit_member(path: Path, member: str, edit) -> None:
    """Rewrite one part of the package, as Word would on saving a change made there only."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info)) for info in z.infolist()]
    parts = {info.filename: data for info, data in items}
    assert edit(parts[member]) != parts[member]  # the edit changes something
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, edit(data) if info.filename == member else data)


EDITS = {
    "comments": ("word/comments.xml", lambda b: b.replace(b"Recycled (", b"Reused, agreed with UPU (", 1)),
    "styles": (
        "word/styles.xml",
        lambda b: b.replace(
            b"</w:styles>",
            b'<w:style w:type="paragraph" w:customStyle="1" w:styleId="Reviewer">'
            b'<w:name w:val="Reviewer"/></w:style></w:styles>',
        ),
    ),
    "core properties": ("docProps/core.xml", lambda b: b.replace(b"</dc:title>", b" (reviewed)</dc:title>")),
    "footer": ("word/footer1.xml", lambda b: b.replace(b"</w:ftr>", b"<w:p/></w:ftr>")),
}


@pytest.mark.parametrize("what", list(EDITS))
def test_an_edit_to_one_part_only_is_not_overwritten_without_force(built, tmp_path, what):
    out = tmp_path / "draft.docx"
    shutil.copy(built, out)
    member, edit = EDITS[what]
    edit_member(out, member, edit)
    edited = out.read_bytes()
    run = c7draft("build", SAMPLE, "-o", out, "--no-check", cache=tmp_path / "cache")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith(
        f"error: {out}: the output file was edited or re-saved after c7draft wrote it"
    )
    assert "--force" in run.stderr and f"c7draft pull {out.name} FOLDER --write" in run.stderr
    assert out.read_bytes() == edited
    run = c7draft("build", SAMPLE, "-o", out, "--no-check", "--force", cache=tmp_path / "cache")
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() != edited


def test_an_unedited_build_is_replaced_without_force(built, tmp_path):
    out = tmp_path / "draft.docx"
    shutil.copy(built, out)
    assert "word/comments.xml" in zipfile.ZipFile(out).namelist()
    run = c7draft("build", SAMPLE, "-o", out, "--no-check", cache=tmp_path / "cache")
    assert run.returncode == 0, run.stderr
    assert "word/comments.xml" not in zipfile.ZipFile(out).namelist()  # the --no-check build replaced it


def test_a_file_saved_during_the_build_is_kept(tmp_path, monkeypatch):
    out = tmp_path / "draft.docx"
    build_submission(MINIMAL, out, check=False)
    saved_in_word = {}
    write = writer.DraftWriter.write

    def write_while_reviewer_saves(self, draft):  # the reviewer saves while c7draft builds
        write(self, draft)
        edit_member(out, "docProps/core.xml", lambda b: b.replace(b"</dc:title>", b" (saved)</dc:title>"))
        saved_in_word["bytes"] = out.read_bytes()

    monkeypatch.setattr(writer.DraftWriter, "write", write_while_reviewer_saves)
    for force in (False, True):  # --force was given before the save: it does not cover it
        with pytest.raises(OutputError) as err:
            build_submission(MINIMAL, out, check=False, force=force)
        assert str(err.value).startswith(
            f"{out}: the output file was saved or changed while the draft was "
            "being built; it was kept as it is"
        )
        assert out.read_bytes() == saved_in_word["bytes"]
        assert sorted(os.listdir(tmp_path)) == ["draft.docx"]  # no temporary file left


def test_a_file_created_during_the_build_is_kept(tmp_path, monkeypatch):
    out = tmp_path / "draft.docx"
    write = writer.DraftWriter.write

    def write_while_someone_saves(self, draft):
        write(self, draft)
        out.write_bytes(b"a colleague's file")

    monkeypatch.setattr(writer.DraftWriter, "write", write_while_someone_saves)
    with pytest.raises(OutputError, match="while the draft was being built"):
        build_submission(MINIMAL, out, check=False)
    assert out.read_bytes() == b"a colleague's file"


@pytest.mark.parametrize(
    "name, lock",
    [
        ("draft.docx", "~$draft.docx"),
        ("c7-input-cstd29.docx", "~$-input-cstd29.docx"),
        ("draft.docx", ".~lock.draft.docx#"),
    ],
)
def test_a_lock_file_beside_the_output_warns_that_it_is_open(tmp_path, name, lock):
    out = tmp_path / name
    run = c7draft("build", MINIMAL, "-o", out, "--no-check", cache=tmp_path / "cache")
    assert run.returncode == 0 and "open in" not in run.stderr
    (tmp_path / lock).write_bytes(b"owner")
    run = c7draft("build", MINIMAL, "-o", out, "--no-check", cache=tmp_path / "cache")
    assert run.returncode == 0, run.stderr
    app = "LibreOffice" if lock.startswith(".~lock") else "Word"
    assert f"note: {name} seems to be open in {app} ({lock} is beside it)" in run.stderr


def test_a_fifo_at_the_output_path_exits_2_without_waiting(tmp_path):
    out = tmp_path / "draft.docx"
    os.mkfifo(out)
    run = subprocess.run(
        [sys.executable, "-m", "c7draft", "build", MINIMAL, "-o", out, "--no-check", "--force"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: {out}: the output is not a regular file (a device or FIFO?)")
