"""fileio, the one writer: every way a write can fail leaves the files as they were and no
temporary file or folder behind. Each failure is made real by making one step raise."""

from __future__ import annotations

import errno
import os
import re
import signal
from pathlib import Path

import pytest

from c7draft import fileio
from c7draft.errors import InputError, OutputError
from c7draft.fileio import (
    atomic_folder,
    atomic_output,
    write_entries,
    write_files_atomically,
    write_new_folder,
    write_text_atomically,
)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (hidden ones too) with its bytes; None for a folder."""
    return {
        str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
    }


def fail_on_call(monkeypatch, owner, name: str, call: int, exc: BaseException) -> None:
    """Make ``owner.name`` raise ``exc`` on its ``call``-th use (1-based), work otherwise."""
    real = getattr(owner, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise exc
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


@pytest.fixture
def two_files(tmp_path):
    """One existing file (mode 0640) and the paths of a change to it and two new files."""
    old = tmp_path / "itc.yaml"
    old.write_text("old text\n", encoding="utf-8")
    old.chmod(0o640)
    return tmp_path, {
        old: "new text\n",
        tmp_path / "unctad.yaml": b"new file\n",
        tmp_path / "agencies" / "upu.yaml": "in a new folder\n",
    }


def test_several_files_are_written_with_their_modes(two_files):
    folder, files = two_files
    inode = (folder / "itc.yaml").stat().st_ino
    old_umask = os.umask(0o027)
    try:
        write_files_atomically(files)
    finally:
        os.umask(old_umask)
    assert tree(folder) == {
        "agencies": None,
        "agencies/upu.yaml": b"in a new folder\n",
        "itc.yaml": b"new text\n",
        "unctad.yaml": b"new file\n",
    }
    assert (folder / "itc.yaml").stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode
    assert (folder / "itc.yaml").stat().st_ino != inode  # replaced in one rename, not rewritten
    assert (folder / "unctad.yaml").stat().st_mode & 0o777 == 0o640  # a new one follows the umask


@pytest.mark.parametrize("call", [1, 2, 3])
def test_a_failed_write_of_any_file_changes_none(two_files, monkeypatch, call):
    folder, files = two_files
    before = tree(folder)
    fail_on_call(monkeypatch, Path, "write_bytes", call, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="No space left on device; nothing was changed"):
        write_files_atomically(files)
    assert tree(folder) == before  # no temporary file, no new file, no new folder


@pytest.mark.parametrize("call", [1, 2, 3])
def test_a_failed_rename_of_any_file_puts_the_others_back(two_files, monkeypatch, call):
    folder, files = two_files
    before = tree(folder)
    inode = (folder / "itc.yaml").stat().st_ino
    fail_on_call(monkeypatch, os, "replace", call, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(OutputError, match="Permission denied; nothing was changed"):
        write_files_atomically(files)
    assert tree(folder) == before
    assert (folder / "itc.yaml").stat().st_ino == inode  # the very same file, put back
    assert (folder / "itc.yaml").stat().st_mode & 0o777 == 0o640


def test_a_symbolic_link_is_put_back_as_the_link_itself(tmp_path, monkeypatch):
    (tmp_path / "shared.yaml").write_text("old text\n", encoding="utf-8")
    (tmp_path / "itc.yaml").symlink_to("shared.yaml")
    before = tree(tmp_path)
    fail_on_call(monkeypatch, os, "replace", 2, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(OutputError, match="nothing was changed"):
        write_files_atomically({tmp_path / "itc.yaml": "new text\n", tmp_path / "unctad.yaml": "new\n"})
    assert tree(tmp_path) == before
    assert os.readlink(tmp_path / "itc.yaml") == "shared.yaml"  # still a link, to the same file


def test_an_interrupt_while_writing_changes_nothing(two_files, monkeypatch):
    folder, files = two_files
    before = tree(folder)
    fail_on_call(monkeypatch, Path, "write_bytes", 3, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_files_atomically(files)
    assert tree(folder) == before


def test_many_entries_are_written_whole_private_and_without_leftovers(tmp_path):
    (tmp_path / "b").write_bytes(b"old")
    os.chmod(tmp_path / "b", 0o644)
    write_entries(tmp_path, {"a": b"1", "b": b"2" * 100_000, "c": b""})
    assert tree(tmp_path) == {"a": b"1", "b": b"2" * 100_000, "c": b""}  # no staging folder left
    assert {(tmp_path / n).stat().st_mode & 0o777 for n in "abc"} == {0o600}


def test_an_interrupt_while_writing_entries_keeps_those_renamed_and_leaves_nothing_else(
    tmp_path, monkeypatch
):
    renamed = []

    def replace(src, dst):
        if len(renamed) == 2:
            raise KeyboardInterrupt
        renamed.append(Path(dst).name)
        os.rename(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_entries(tmp_path, {"a": b"1", "b": b"2", "c": b"3"})
    assert tree(tmp_path) == {"a": b"1", "b": b"2"}  # each whole; "c" and the staging folder gone


def test_a_folder_where_a_file_should_go_changes_nothing(two_files):
    folder, files = two_files
    (folder / "unctad.yaml").mkdir()  # os.replace cannot put a file there
    before = tree(folder)
    with pytest.raises(OutputError, match="nothing was changed"):
        write_files_atomically(files)
    assert tree(folder) == before


def test_without_hard_links_a_symbolic_link_is_put_back_as_the_link_itself(tmp_path, monkeypatch):
    (tmp_path / "shared.yaml").write_text("old text\n", encoding="utf-8")
    (tmp_path / "itc.yaml").symlink_to("shared.yaml")
    before = tree(tmp_path)
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    fail_on_call(monkeypatch, os, "replace", 2, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(OutputError, match="nothing was changed"):
        write_files_atomically({tmp_path / "itc.yaml": "new text\n", tmp_path / "unctad.yaml": "new\n"})
    assert tree(tmp_path) == before
    assert os.readlink(tmp_path / "itc.yaml") == "shared.yaml"  # the copy kept aside was the link


def test_an_old_file_that_cannot_be_put_back_is_named_with_where_its_content_is(two_files, monkeypatch):
    """The third rename fails, then so does putting the first file's old content back (short
    of a failing disk, it cannot): the error says where that content is, and it is there."""
    folder, files = two_files
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) in (3, 4):
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as raised:
        write_files_atomically(files)
    kept = re.fullmatch(
        rf"cannot write .*upu.yaml: Input/output error; these could not be put back: "
        rf"{re.escape(str(folder / 'itc.yaml'))} \(its previous content is in (\S+)\)",
        raised.value.problems[0].message,
    )
    assert kept is not None and (folder / kept[1]).read_text(encoding="utf-8") == "old text\n"


def test_a_file_that_cannot_be_kept_aside_changes_nothing(two_files, monkeypatch):
    folder, files = two_files
    before = tree(folder)
    fail_on_call(monkeypatch, os, "link", 1, OSError(errno.EPERM, "Operation not permitted"))
    fail_on_call(monkeypatch, fileio.shutil, "copy2", 1, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="nothing was changed"):
        write_files_atomically(files)
    assert tree(folder) == before


def test_without_hard_links_a_copy_keeps_the_old_file(two_files, monkeypatch):
    folder, files = two_files
    before = tree(folder)
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    fail_on_call(monkeypatch, os, "replace", 3, OSError(errno.EIO, "Input/output error"))
    with pytest.raises(OutputError, match="nothing was changed"):
        write_files_atomically(files)
    assert tree(folder) == before


def test_a_failure_in_a_single_write_keeps_the_old_file(tmp_path):
    out = tmp_path / "draft.md"
    out.write_text("last good\n", encoding="utf-8")
    with pytest.raises(ValueError), atomic_output(out) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise ValueError("the renderer failed")
    assert tree(tmp_path) == {"draft.md": b"last good\n"}
    write_text_atomically(out, "new\n")
    assert tree(tmp_path) == {"draft.md": b"new\n"}


def test_a_failed_rename_of_a_single_file_keeps_the_old_one(tmp_path, monkeypatch):
    out = tmp_path / "draft.md"
    out.write_text("last good\n", encoding="utf-8")
    fail_on_call(monkeypatch, os, "replace", 1, OSError(errno.EACCES, "Permission denied"))
    with pytest.raises(OutputError, match="cannot write .*draft.md: Permission denied"):
        write_text_atomically(out, "new\n")
    assert tree(tmp_path) == {"draft.md": b"last good\n"}


def test_a_new_folder_appears_whole(tmp_path):
    old_umask = os.umask(0o022)
    try:
        write_new_folder(tmp_path / "2026", {"submission.yaml": "a: 1\n", "agencies/itc.yaml": b"b: 2\n"})
    finally:
        os.umask(old_umask)
    assert tree(tmp_path) == {
        "2026": None,
        "2026/agencies": None,
        "2026/agencies/itc.yaml": b"b: 2\n",
        "2026/submission.yaml": b"a: 1\n",
    }
    assert (tmp_path / "2026").stat().st_mode & 0o777 == 0o755


def test_folders_that_cannot_all_be_made_leave_none_behind(tmp_path, monkeypatch):
    # "a/b" first fails (no "a"), then "a" is made, then "a/b" is refused
    fail_on_call(monkeypatch, os, "mkdir", 3, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(OutputError, match="Permission denied"):
        write_files_atomically({tmp_path / "a" / "b" / "c.txt": "new\n"})
    assert tree(tmp_path) == {}


def test_a_new_folder_is_made_with_the_folders_above_it(tmp_path):
    write_new_folder(tmp_path / "drafts" / "2026", {"submission.yaml": "a: 1\n"})
    assert tree(tmp_path) == {"drafts": None, "drafts/2026": None, "drafts/2026/submission.yaml": b"a: 1\n"}


def test_the_folders_made_above_and_inside_a_new_folder_have_the_users_permissions(tmp_path):
    old_umask = os.umask(0o022)
    try:
        write_new_folder(tmp_path / "years" / "drafts" / "2026", {"notes/2025/a.yaml": "a: 1\n"})
    finally:
        os.umask(old_umask)
    assert tree(tmp_path / "years") == {
        "drafts": None,
        "drafts/2026": None,
        "drafts/2026/notes": None,
        "drafts/2026/notes/2025": None,
        "drafts/2026/notes/2025/a.yaml": b"a: 1\n",
    }
    made = ["years", "years/drafts", "years/drafts/2026/notes", "years/drafts/2026/notes/2025"]
    assert {(tmp_path / f).stat().st_mode & 0o7777 for f in made} == {0o755}  # as mkdir makes them


@pytest.mark.parametrize("call", [1, 2])
def test_a_new_folder_that_fails_half_way_leaves_nothing(tmp_path, monkeypatch, call):
    fail_on_call(monkeypatch, Path, "write_bytes", call, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="No space left on device"):
        write_new_folder(tmp_path / "2026", {"submission.yaml": "a: 1\n", "agencies/itc.yaml": "b: 2\n"})
    assert tree(tmp_path) == {}


def test_a_new_folder_whose_rename_fails_leaves_nothing(tmp_path, monkeypatch):
    fail_on_call(monkeypatch, os, "rename", 1, OSError(errno.EXDEV, "Invalid cross-device link"))
    with pytest.raises(OutputError, match="Invalid cross-device link"):
        write_new_folder(tmp_path / "2026", {"submission.yaml": "a: 1\n"})
    assert tree(tmp_path) == {}


def test_a_folder_filled_meanwhile_is_not_replaced(tmp_path):
    target = tmp_path / "2026"
    with pytest.raises(OutputError, match="this folder is not empty; nothing was written"):
        with atomic_folder(target) as staging:
            (staging / "submission.yaml").write_text("new\n", encoding="utf-8")
            target.mkdir()
            (target / "mine.yaml").write_text("the user's\n", encoding="utf-8")
    assert tree(tmp_path) == {"2026": None, "2026/mine.yaml": b"the user's\n"}


def test_a_replaced_folder_is_whole_and_private(tmp_path):
    target = tmp_path / "cache" / "indexes" / "key"
    target.mkdir(parents=True)
    (target / "old.npy").write_bytes(b"old")
    with atomic_folder(target, replace=True, private=True) as staging:
        (staging / "new.npy").write_bytes(b"new")
    assert tree(tmp_path / "cache" / "indexes") == {"key": None, "key/new.npy": b"new"}
    assert target.stat().st_mode & 0o777 == 0o700
    assert (target / "new.npy").stat().st_mode & 0o777 == 0o600


def test_a_private_folders_sub_folders_are_private_too(tmp_path):
    with atomic_folder(tmp_path / "key", private=True) as staging:
        (staging / "parts").mkdir(mode=0o777)
        (staging / "parts" / "a.npy").write_bytes(b"a")
    assert (tmp_path / "key" / "parts").stat().st_mode & 0o7777 == 0o700
    assert (tmp_path / "key" / "parts" / "a.npy").stat().st_mode & 0o7777 == 0o600


def test_entries_are_private_and_the_users_own_whatever_the_umask(tmp_path):
    old_umask = os.umask(0o277)  # would leave them read-only, to the user alone
    try:
        write_entries(tmp_path, {"a": b"1"})
    finally:
        os.umask(old_umask)
    assert (tmp_path / "a").stat().st_mode & 0o7777 == 0o600


@pytest.mark.parametrize("step", ["body", "rename"])
def test_a_folder_that_fails_to_replace_keeps_the_old_one(tmp_path, monkeypatch, step):
    target = tmp_path / "key"
    target.mkdir()
    (target / "old.npy").write_bytes(b"old")
    if step == "rename":
        fail_on_call(monkeypatch, os, "rename", 2, OSError(errno.EIO, "Input/output error"))
    with pytest.raises((OutputError, ValueError)), atomic_folder(target, replace=True) as staging:
        (staging / "new.npy").write_bytes(b"half")
        if step == "body":
            raise ValueError("np.save failed")
    assert tree(tmp_path) == {"key": None, "key/old.npy": b"old"}


def test_the_archive_cache_leaves_no_folder_when_saving_an_array_fails(tmp_path, monkeypatch):
    from c7draft.check import loader
    from c7draft.check.archive import storage

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    priors = [seeds / "cstd27-2024-c7-submission.txt", seeds / "cstd29-2026-c7-submission.txt"]
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(loader, "ARCHIVE_MIN", 0)  # the two seeds make an archive index
    fail_on_call(monkeypatch, storage.np, "save", 3, OSError(errno.ENOSPC, "No space left on device"))
    built = loader.load_prior_index(priors)
    assert [d.name for d in built.documents] == [p.name for p in priors]  # the check goes on
    # nothing half-saved: no arrays' folder, no staging folder, no entry naming them
    assert [p.name for p in (tmp_path / "cache" / "indexes").iterdir() if p.name != "latest.json"] == []
    monkeypatch.undo()
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(loader, "ARCHIVE_MIN", 0)
    loader.load_prior_index(priors)
    saved = [p.name for p in (tmp_path / "cache" / "indexes").iterdir()]
    assert len(saved) == 3 and "latest.json" in saved  # the arrays' folder, its entry, latest.json


def test_a_failed_write_removes_every_folder_it_made(tmp_path, monkeypatch):
    fail_on_call(monkeypatch, Path, "write_bytes", 1, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="nothing was changed"):
        write_files_atomically({tmp_path / "agencies" / "2026" / "upu.yaml": "in two new folders\n"})
    assert tree(tmp_path) == {}  # the inner folder first, then the outer one


@pytest.mark.parametrize(
    "make", [lambda p: p.write_text("", encoding="utf-8"), lambda p: (p / "x").mkdir(parents=True)]
)
def test_a_new_folder_is_refused_where_a_file_or_a_full_folder_is(tmp_path, make):
    folder = tmp_path / "inputs"
    make(folder)
    before = tree(tmp_path)
    with pytest.raises(OutputError, match="nothing was written"):
        write_new_folder(folder, {"submission.yaml": "session: 30\n"})
    assert tree(tmp_path) == before


@pytest.mark.parametrize("data, line, column", [(b"ab\xff", 1, 3), (b"one\ntw\xffo", 2, 3)])
def test_a_byte_that_is_not_utf8_is_named_at_its_line_and_column(tmp_path, data, line, column):
    path = tmp_path / "itc.yaml"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        fileio.read_utf8(path, InputError)
    assert (caught.value.line, caught.value.column) == (line, column)


def test_the_column_of_a_bad_byte_counts_characters_and_names_what_windows_shows(tmp_path):
    path = tmp_path / "itc.yaml"
    path.write_bytes("text: café ".encode() + b"\x92s\n")  # é is two bytes, one character
    with pytest.raises(InputError) as caught:
        fileio.read_utf8(path, InputError, "YAML file")
    assert (caught.value.line, caught.value.column) == (1, 12)
    assert "byte 0x92 cannot be read: “’” in Windows' ANSI encoding" in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_named_so_not_a_bad_byte_or_a_control_character(tmp_path, encoding):
    path = tmp_path / "itc.yaml"
    path.write_bytes("entity: ITC\nrecords: []\n".encode(encoding))
    with pytest.raises(InputError) as caught:
        fileio.read_utf8(path, InputError, "YAML file")
    assert str(caught.value).startswith(
        f'{path}:1: this YAML file is saved as UTF-16 text ("Unicode" in Notepad)'
    )
    assert "UTF-8" in caught.value.hint


def test_four_bytes_are_enough_to_tell_utf16(tmp_path):
    path = tmp_path / "itc.yaml"
    path.write_bytes("a:".encode("utf-16-le"))  # 61 00 3a 00
    with pytest.raises(InputError, match="saved as UTF-16"):
        fileio.read_utf8(path, InputError)


def test_a_short_or_nul_holding_utf8_file_is_read_as_it_is(tmp_path):
    path = tmp_path / "itc.yaml"
    for text in ["a\x00", "\x00\x00\x00", "x: 1\n\x00"]:
        path.write_bytes(text.encode())
        assert fileio.read_utf8(path, InputError) == text


def test_fileio_is_the_only_module_that_renames_or_makes_temporary_files():
    import re

    src = Path(__file__).resolve().parents[1] / "src" / "c7draft"
    pattern = re.compile(r"\b(?:mkstemp|mkdtemp|NamedTemporaryFile|os\.replace|os\.rename|os\.umask)\b")
    writers = sorted(
        str(p.relative_to(src)) for p in src.rglob("*.py") if pattern.search(p.read_text("utf-8"))
    )
    assert writers == ["fileio.py"]


@pytest.mark.parametrize(
    "xdg, home",
    [
        (None, "/home/officer"),
        ("/tmp/xdg-cache", "/home/officer"),
        ("", "/home/officer/"),
        ("relative", "/h"),
        ("", ""),  # no home folder given: platformdirs asks the system
    ],
)
def test_the_cache_folder_is_platformdirs_one(monkeypatch, xdg, home):
    """fileio.cache_dir answers for Linux without importing platformdirs: the same folder."""
    from platformdirs import user_cache_dir

    from c7draft.fileio import cache_dir

    monkeypatch.delenv("C7DRAFT_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_dir() == Path(user_cache_dir("c7draft", appauthor=False))


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="no SIGALRM (Windows)")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGALRM", 0)])
def test_signals_held_while_renaming_are_handled_right_after(signum):
    """The renames of a write run to the end: Ctrl-C, SIGTERM and SIGALRM (from which the CLI
    raises a stop Python lost, ``cli.run._lost_stop``) wait for them, then are handled."""
    from c7draft.fileio import _signals_held

    seen: list[str] = []
    before = signal.signal(signum, lambda s, f: seen.append("handled"))
    try:
        with _signals_held():
            signal.raise_signal(signum)
            seen.append("renamed")
        assert seen == ["renamed", "handled"]
    finally:
        signal.signal(signum, before)


# ----------------------------------------------------------------------------- edges the mutation run's --all pass found


def test_a_partial_copy_kept_aside_is_removed_when_the_copy_fails(two_files, monkeypatch):
    """No hard links, and the copy that keeps the old file aside fails half-way: the half
    copy goes too, and nothing was changed."""
    folder, files = two_files
    before = tree(folder)

    def half_copy(src, dst, **kwargs):
        Path(dst).write_bytes(b"old")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    monkeypatch.setattr(fileio.shutil, "copy2", half_copy)
    with pytest.raises(OutputError, match="nothing was changed"):
        write_files_atomically(files)
    assert tree(folder) == before


def test_a_copy_kept_aside_that_fails_at_once_is_the_error_reported(two_files, monkeypatch):
    folder, files = two_files
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    fail_on_call(monkeypatch, fileio.shutil, "copy2", 1, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="No space left on device; nothing was changed"):
        write_files_atomically(files)


def test_an_existing_empty_folder_stays_when_a_write_into_it_fails(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()  # the user's, empty: only the folders the write made may go
    fail_on_call(monkeypatch, Path, "write_bytes", 1, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OutputError, match="No space left on device"):
        write_files_atomically({tmp_path / "a" / "b" / "c.txt": "new\n"})
    assert tree(tmp_path) == {"a": None}


def test_an_output_is_made_with_the_folders_above_it(tmp_path):
    write_text_atomically(tmp_path / "out" / "2026" / "report.txt", "text\n")
    assert tree(tmp_path) == {"out": None, "out/2026": None, "out/2026/report.txt": b"text\n"}


def test_no_file_stays_open(tmp_path):
    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc (Linux)")
    before = open_files()
    for k in range(20):
        write_text_atomically(tmp_path / f"r{k}.txt", "text\n")
        write_files_atomically({tmp_path / f"a{k}.txt": "a\n", tmp_path / f"b{k}.txt": b"b\n"})
    assert open_files() == before


def test_a_non_empty_folder_is_refused_before_any_work(tmp_path):
    (tmp_path / "2026").mkdir()
    (tmp_path / "2026" / "mine.yaml").write_text("the user's\n", encoding="utf-8")
    ran = []
    with pytest.raises(OutputError, match="this folder is not empty"), atomic_folder(tmp_path / "2026"):
        ran.append(True)
    assert ran == [] and tree(tmp_path) == {"2026": None, "2026/mine.yaml": b"the user's\n"}


def test_a_private_folder_is_made_in_a_private_parent(tmp_path):
    old_umask = os.umask(0o022)
    try:
        with atomic_folder(tmp_path / "cache" / "key", private=True) as staging:
            (staging / "a.npy").write_bytes(b"a")
    finally:
        os.umask(old_umask)
    assert (tmp_path / "cache").stat().st_mode & 0o7777 == 0o700


@pytest.mark.parametrize("name", ["../outside.yaml", "agencies/../../outside.yaml", "/tmp/outside.yaml"])
def test_a_new_folder_refuses_a_name_outside_it(tmp_path, name):
    with pytest.raises(OutputError, match="it is outside the new folder; nothing was written"):
        write_new_folder(tmp_path / "2026", {"submission.yaml": "a: 1\n", name: "b: 2\n"})
    assert tree(tmp_path) == {}


def test_a_temporary_folder_that_cannot_be_removed_leaves_the_first_error(tmp_path, monkeypatch):
    """Clean-up after a failure is best effort: a staged file it cannot remove does not hide
    what went wrong."""
    real_unlink = os.unlink

    def unlink(path, *args, **kwargs):
        if str(path).endswith("a.npy"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    with pytest.raises(ValueError, match="the body failed"), atomic_folder(tmp_path / "key") as staging:
        (staging / "a.npy").write_bytes(b"a")
        raise ValueError("the body failed")


def test_a_write_from_another_thread_leaves_the_signal_handlers_alone(tmp_path):
    """Only the main thread may set signal handlers: a library caller writing from a worker
    thread gets its files written, and the handlers it had."""
    import threading

    errors: list[BaseException] = []

    def write() -> None:
        try:
            write_text_atomically(tmp_path / "r.txt", "text\n")
            write_files_atomically({tmp_path / "a.txt": "a\n"})
        except BaseException as exc:  # reported below, in the main thread
            errors.append(exc)

    handler = signal.getsignal(signal.SIGTERM)
    worker = threading.Thread(target=write)
    worker.start()
    worker.join()
    assert errors == [] and tree(tmp_path) == {"a.txt": b"a\n", "r.txt": b"text\n"}
    assert signal.getsignal(signal.SIGTERM) is handler


def test_input_holding_names_the_input_a_path_would_overwrite(tmp_path):
    from c7draft.fileio import input_holding

    priors = tmp_path / "priors"
    priors.mkdir()
    (priors / "cstd27.txt").write_text("prior\n", encoding="utf-8")
    listed = tmp_path / "extra.docx"  # an input file not written yet
    other = tmp_path / "other.docx"
    other.write_bytes(b"another file")
    inputs = [priors, listed]
    suffixes = (".docx", ".txt")
    assert input_holding(priors / "draft.DOCX", inputs, suffixes) == priors  # a draft there is read next time
    assert input_holding(priors / "notes.csv", inputs, suffixes) is None  # not a kind check reads
    assert (
        input_holding(tmp_path / "priors" / ".." / "extra.docx", inputs, suffixes) == listed
    )  # the same path
    assert input_holding(other, inputs, suffixes) is None  # another file that exists
    listed.write_bytes(b"the input")
    os.link(listed, tmp_path / "second-name.docx")
    assert input_holding(tmp_path / "second-name.docx", inputs, suffixes) == listed  # a hard link to it
