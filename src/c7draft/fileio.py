"""Atomic output: a failed write never leaves a half-written file, never replaces the
last good one, and never leaves temporary files behind."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import C7DraftError, OutputError


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one step.

    On any failure, Ctrl-C (SIGINT) or SIGTERM the temporary file is removed and ``path``
    is left as it was.
    """
    path = Path(path)
    tmp: Path | None = None
    with _signals_end_cleanly():
        try:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with _signals_held():  # an interrupt cannot fall between creating and recording it
                    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                    tmp = Path(tmp_name)
                os.close(fd)
                os.chmod(tmp, _target_mode(path))  # mkstemp makes 0600; keep the usual permissions
            except OSError as exc:
                raise OutputError(
                    f"cannot write to {path.parent}: {exc.strerror}",
                    file=path,
                    hint="choose another output folder with -o",
                ) from None
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
            if tmp is not None:
                with _signals_held():  # a second Ctrl-C cannot stop the clean-up half-way
                    tmp.unlink(missing_ok=True)


_HELD = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for a few statements; they are handled right after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)


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


def write_text_atomically(path: Path, text: str) -> None:
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _target_mode(path: Path) -> int:
    """The replaced file's permissions, or the usual ones for a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(
            f"this {what} is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)",
            file=path,
            line=data.count(b"\n", 0, exc.start) + 1,
            column=exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1,
            hint="save it as UTF-8 in your editor (e.g. Save as... > Encoding: UTF-8)",
        ) from None


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
