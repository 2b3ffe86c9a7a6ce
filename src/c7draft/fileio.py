"""Every write c7draft makes goes through here, atomically: a failed write never leaves a
half-written file, never replaces the last good one, and never leaves temporary files or
folders behind, whatever stops it (an error, Ctrl-C or SIGTERM).

- one file: ``atomic_output`` (a temporary path to write) and ``write_text_atomically``;
- several files as one change, all or nothing: ``write_files_atomically``;
- a folder: ``atomic_folder`` (a staging folder renamed in one step) and ``write_new_folder``.

New files and folders follow the umask (read in ``_umask``, the one place); a replaced file
keeps its permissions; ``private`` ones (the check cache) are the user's alone.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import C7DraftError, OutputError

CACHE_ENV = "C7DRAFT_CACHE_DIR"


def cache_dir() -> Path:
    """$C7DRAFT_CACHE_DIR, or the user's cache folder (e.g. ~/.cache/c7draft)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    xdg, home = os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", "")
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ and os.path.isabs(xdg or home):
        # platformdirs' answer there (tests/test_fileio.py compares them), without its import:
        # the import is ~4 ms of a build that checks against the seeds (their tables are here)
        return Path(xdg if os.path.isabs(xdg) else os.path.join(home, ".cache"), "c7draft")
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("c7draft", appauthor=False))


def untrusted(st: os.stat_result) -> str:
    """Why a cache file or folder with this status must not be trusted ("" if it may)."""
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return "is owned by another user"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by other users"
    return ""


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    On any failure, Ctrl-C (SIGINT) or SIGTERM the temporary file is removed and ``path``
    is left as it was.
    """
    path = Path(path)
    staged: list[Path] = []
    with _signals_end_cleanly():
        try:
            tmp = _temporary_file_beside(path, staged, hint="choose another output folder with -o")
            try:
                yield tmp
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(
                    f"cannot write {path}: {exc.strerror}",
                    file=path,
                    hint="close the file if it is open in Word, or choose another name with -o",
                ) from None
        finally:
            _remove(staged)


def write_text_atomically(path: Path, text: str) -> None:
    """``path`` holds ``text`` (UTF-8), or, on any failure, what it held before."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_files_atomically(files: Mapping[Path, bytes | str]) -> None:
    """Write several files as one change: ALL OR NOTHING.

    Either every file in ``files`` holds its new content (``str`` is written as UTF-8), or,
    when anything fails (a full disk, a file open in another program, Ctrl-C, SIGTERM),
    every file is exactly as it was: an existing file keeps its bytes, permissions and
    inode, a new file does not appear, and neither do the folders made for it. No
    temporary file is left behind either way; the error is raised as an ``OutputError``
    (or the interrupt, re-raised) once everything is put back.

    How: each file is first written in full to a temporary file beside it. Only when all
    are written are they moved into place, one rename each, with SIGINT and SIGTERM held
    back; an existing file is kept (hard-linked) beside itself until every rename has
    succeeded, so that a failed rename can put the earlier ones back.

    What no program can promise: a power cut or ``kill -9`` during the renames themselves
    (microseconds) can leave some files new and some old, never a half-written one.
    """
    items = [(Path(p), data.encode("utf-8") if isinstance(data, str) else data) for p, data in files.items()]
    staged: list[Path] = []
    made: list[Path] = []
    with _signals_end_cleanly():
        try:
            moves = []
            for path, data in items:
                made += _missing_parents(path)
                tmp = _temporary_file_beside(path, staged, hint="check that the folder can be written to")
                try:
                    tmp.write_bytes(data)
                except OSError as exc:
                    raise OutputError(
                        f"cannot write {path}: {exc.strerror}; nothing was changed", file=path
                    ) from None
                moves.append((tmp, path))
            with _signals_held():  # the renames, or their undoing, run to the end
                _replace_all(moves)
        except BaseException:
            _remove(staged)  # first: the folders made must be empty to go
            for folder in reversed(made):
                _remove_empty_folder(folder)
            raise


def _replace_all(moves: list[tuple[Path, Path]]) -> None:
    """Rename each temporary file onto its target; on a failure, undo the renames done."""
    done: list[tuple[Path, Path | None]] = []  # (target, its old content kept aside, or None: new)
    try:
        for tmp, path in moves:
            kept = None
            if os.path.lexists(path):
                kept = tmp.with_name(tmp.name + ".old")
                _keep_aside(path, kept)
            done.append((path, kept))
            os.replace(tmp, path)
    except OSError as exc:
        stuck = []
        for target, old in reversed(done):
            try:
                if old is not None:
                    os.replace(old, target)
                    old.unlink(missing_ok=True)  # still there when ``target`` was never replaced:
                    # renaming one hard link onto another of the same file does nothing
                else:
                    target.unlink(missing_ok=True)
            except OSError:  # short of a failing disk, cannot happen: say where the old content is
                stuck.append(f"{target} (its previous content is in {old.name})" if old else str(target))
        raise OutputError(
            f"cannot write {path}: {exc.strerror}; "
            + (f"these could not be put back: {', '.join(stuck)}" if stuck else "nothing was changed"),
            file=path,
            hint="close the file if it is open in another program, then run the command again",
        ) from None
    for _, old in done:
        if old is not None:
            old.unlink(missing_ok=True)


def write_entries(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write many independent files into ``folder`` (names without a folder), each one
    whole or not at all, for the cost of a few system calls each: all are written into one
    hidden staging folder beside them, then each is renamed into place (replacing a file of
    that name). Files are the user's alone (0600).

    Unlike ``write_files_atomically`` this is not all-or-nothing: an error, Ctrl-C or
    SIGTERM part-way leaves the files renamed so far (each complete) and removes the staging
    folder with the rest, so a long run stopped half-way keeps what it finished (the check
    cache's sentence tables: a thousand of them cost ~1 ms each through ``atomic_output``,
    whose per-file signal handling is most of that, and ~0.05 ms each here)."""
    folder = Path(folder)
    staged: list[Path] = []
    with _signals_end_cleanly():
        try:
            try:
                with _signals_held():  # an interrupt cannot fall between creating and recording it
                    staged.append(Path(tempfile.mkdtemp(prefix=".entries.", dir=folder)))
                for name, data in files.items():
                    fd = os.open(staged[0] / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with open(fd, "wb") as fh:
                        os.fchmod(fd, 0o600)  # whatever the umask
                        fh.write(data)
                for name in files:
                    os.replace(staged[0] / name, folder / name)
            except OSError as exc:
                raise OutputError(f"cannot write to {folder}: {exc.strerror}", file=folder) from None
        finally:
            _remove(staged)


def _keep_aside(path: Path, kept: Path) -> None:
    """A second name for ``path``'s current content (the link itself, for a symbolic link)."""
    try:
        os.link(path, kept, follow_symlinks=False)
    except OSError:  # a file system without hard links: a copy does as well
        try:
            shutil.copy2(path, kept, follow_symlinks=False)
        except OSError:
            kept.unlink(missing_ok=True)
            raise


@contextmanager
def atomic_folder(folder: Path, *, replace: bool = False, private: bool = False) -> Iterator[Path]:
    """Yield an empty staging folder beside ``folder``; on success it becomes ``folder`` in one
    rename, and on any failure (or Ctrl-C, SIGTERM) it is removed with all it holds.

    Without ``replace`` a folder that exists and is not empty is refused (``OutputError``),
    when asked and again just before the rename; with it, the old folder is replaced and
    removed. ``private``: the folder and its files are the user's alone (0700 and 0600)."""
    folder = Path(folder)
    if not replace:
        refuse_non_empty(folder)
    staged: list[Path] = []
    with _signals_end_cleanly():
        try:
            try:
                folder.parent.mkdir(mode=0o700 if private else 0o777, parents=True, exist_ok=True)
                with _signals_held():
                    staged.append(Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent)))
                os.chmod(staged[0], 0o700 if private else 0o777 & ~_umask())  # mkdtemp makes 0700
            except OSError as exc:
                raise OutputError(
                    f"cannot write to {folder.parent}: {exc.strerror}",
                    file=folder,
                    hint="choose another folder",
                ) from None
            yield staged[0]
            try:
                if private:
                    for path in staged[0].rglob("*"):
                        os.chmod(path, 0o700 if path.is_dir() else 0o600)
                with _signals_held():
                    _rename_folder(staged[0], folder, replace)
            except OSError as exc:
                raise OutputError(
                    f"cannot write {folder}: {exc.strerror}", file=folder, hint="choose another folder"
                ) from None
        finally:
            _remove(staged)


def _rename_folder(staging: Path, folder: Path, replace: bool) -> None:
    if not replace:
        refuse_non_empty(folder)
        if folder.is_dir():
            folder.rmdir()  # empty: replaced by the finished folder
        os.rename(staging, folder)
        return
    old = None
    if os.path.lexists(folder):
        old = staging.with_name(staging.name + ".old")
        os.rename(folder, old)
    try:
        os.rename(staging, folder)
    except OSError:
        if old is not None:
            os.rename(old, folder)
        raise
    if old is not None:
        _remove([old])


def write_new_folder(folder: Path, files: Mapping[str, bytes | str]) -> None:
    """Create ``folder`` holding ``files`` (relative name -> content; ``str`` as UTF-8) in one
    step, through ``atomic_folder``. An existing non-empty folder is refused and left
    untouched. A name outside ``folder`` (absolute, or with ``..``) is refused first."""
    for name in files:
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise OutputError(
                f"refusing to write {name}: it is outside the new folder; nothing was written",
                file=folder,
                hint="this is a bug in c7draft: please report it",
            )
    with atomic_folder(folder) as staging:
        for name, data in files.items():
            try:
                (staging / name).parent.mkdir(parents=True, exist_ok=True)  # `records: agencies/itc.yaml`
                (staging / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            except OSError as exc:
                raise OutputError(
                    f"cannot write {folder}: {exc.strerror}", file=folder, hint="choose another folder"
                ) from None


def refuse_non_empty(folder: Path) -> None:
    """Refuse (``OutputError``) a path that is a file, or a folder that holds anything."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "folder is not empty" if folder.is_dir() else "path is a file, not a folder"
        raise OutputError(
            f"this {what}; nothing was written",
            file=folder,
            hint="give a new folder name (c7draft never writes into an existing inputs folder)",
        )


def _temporary_file_beside(path: Path, staged: list[Path], *, hint: str) -> Path:
    """A new temporary file in ``path``'s folder, with ``path``'s permissions, recorded in
    ``staged`` (for the caller to remove) before any interrupt can come between."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _signals_held():  # an interrupt cannot fall between creating and recording it
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append(Path(name))
        os.close(fd)
        os.chmod(name, _target_mode(path))  # mkstemp makes 0600; keep the usual permissions
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror}", file=path, hint=hint) from None
    return Path(name)


def _missing_parents(path: Path) -> list[Path]:
    """``path``'s folders that do not exist yet, outermost first: ``_temporary_file_beside``
    makes them, and the caller removes them again on a failure."""
    missing = []
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    return missing[::-1]


def _remove_empty_folder(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty (something else was put there) or gone: left as it is


def _remove(paths: list[Path]) -> None:
    """Remove temporary files and folders; a second Ctrl-C cannot stop this half-way."""
    with _signals_held():
        for path in paths:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


# SIGALRM too: the CLI raises a stop again from it when Python lost the first (cli.run._lost_stop)
_HELD = {signal.SIGINT, signal.SIGTERM} | ({signal.SIGALRM} if hasattr(signal, "SIGALRM") else set())


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGALRM back for a few statements; they are handled right after.

    Held by Python handlers that note the signal, not by blocking it in this thread
    (pthread_sigmask): the kernel may deliver it to another thread (the process pool's),
    and Python then runs the handler in the main thread all the same."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    before = {s: signal.signal(s, lambda signum, frame: pending.append(signum)) for s in _HELD}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)  # the outer holder's, when nested
        for signum in dict.fromkeys(pending):
            signal.raise_signal(signum)


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C does, so ``finally`` blocks run


@contextmanager
def _signals_end_cleanly() -> Iterator[None]:
    """While writing, SIGTERM unwinds the stack (Python's default kills the process at once,
    skipping the clean-up); SIGINT already does, as KeyboardInterrupt."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return
    signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _target_mode(path: Path) -> int:
    """The replaced file's permissions, or the usual ones for a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask: the one place it is read (reading it means setting it)."""
    with _signals_held():  # an interrupt between the two calls would leave the umask at 0
        mask = os.umask(0)
        os.umask(mask)
    return mask


def read_utf8(path: Path, error: type[C7DraftError], what: str = "file") -> str:
    """The text of ``path``; a missing, unreadable or non-UTF-8 file raises ``error`` naming
    the line and column of the first bad byte. Never drops bytes silently."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise error(f"{what} not found", file=path, hint="check the file name and folder") from None
    except IsADirectoryError:
        raise error(f"this is a folder, not a {what}", file=path, hint="give the file's path") from None
    except OSError as exc:
        raise error(
            f"cannot read the {what}: {exc.strerror}",
            file=path,
            hint="check that the file exists and is readable",
        ) from None
    hint = "save it as UTF-8 in your editor (e.g. Save as... > Encoding: UTF-8)"
    if _utf16(data):  # Notepad's "Unicode": every other byte a NUL, so no line is worth naming
        raise error(
            f'this {what} is saved as UTF-16 text ("Unicode" in Notepad), not UTF-8',
            file=path,
            line=1,
            hint=hint,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        # Most such files were saved in Windows' "ANSI" encoding (cp1252): a curly quote, a dash,
        # an accented letter. Naming the character the byte is there finds it in the text.
        ansi = bytes([byte]).decode("cp1252", "ignore")
        raise error(
            f"this {what} is not UTF-8 text (byte 0x{byte:02x} cannot be read"
            + (f": “{ansi}” in Windows' ANSI encoding)" if ansi else ")"),
            file=path,
            line=data.count(b"\n", 0, exc.start) + 1,
            column=len(data[start : exc.start].decode("utf-8-sig")) + 1,  # characters, not bytes
            hint=hint,
        ) from None


def _utf16(data: bytes) -> bool:
    """Whether ``data`` is UTF-16 text: its byte-order mark, or (without one) a NUL byte in
    every other place of its first 64 bytes, as ASCII text in UTF-16 has."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:64]
    return len(head) >= 4 and any(set(head[i::2]) == {0} for i in (0, 1))


def input_holding(path: Path, inputs: list[Path], suffixes: tuple[str, ...]) -> Path | None:
    """The input that ``path`` would overwrite: an input file itself (however it is named:
    symlinks and hard links count), or a file with one of ``suffixes`` inside an input folder."""
    path = Path(path)
    target = path.resolve()
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            if target.is_relative_to(item.resolve()) and target.suffix.lower() in suffixes:
                return item
        elif target == item.resolve() or (path.exists() and item.exists() and os.path.samefile(path, item)):
            return item
    return None
