"""The check's cache: parsed prior files and the prior index, kept safe to read.

Entries are plain data, never pickles: JSON for a parsed document or a prior's sentence
table, and an archive's index as ``.npy`` arrays loaded with ``allow_pickle=False``
(``archive.ArchiveIndex``). Loading one can therefore never run code. Every JSON entry
starts with a header line holding the sha256 of what follows (the index's entry also
holds each array's CRC-32); an entry whose checksum does not match (a truncated write, a
damaged disk) is ignored and rebuilt, with a note.

The folders are created 0700 and entries 0600. A cache folder (the root, a sub-folder, an
index's folder) or entry that another user owns, or that the group or others can write, is
refused with a note: an entry is rebuilt, a folder is not used at all (someone could plant
an entry there). An entry whose checksum holds but whose content is not what c7draft
writes (``tables.read_table``) is rebuilt the same way. ``$C7DRAFT_CACHE_DIR``
overrides the folder.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ..errors import OutputError
from ..fileio import CACHE_ENV, atomic_output, cache_dir, write_entries
from ..fileio import untrusted as _unsafe

_MAGIC = b"c7draft-cache 1 sha256="


_NOTES: list[str] = []  # what every Cache refused or rebuilt, until ``take_notes``
_SWEPT: set[Path] = set()  # cache folders swept of stale temporary files by this process
STALE_AFTER = 3600  # seconds: an older temporary file or folder in the cache is a leftover


def take_notes() -> list[str]:
    """The cache's notes since the last call (each once), for the check's report."""
    notes = list(dict.fromkeys(_NOTES))
    _NOTES.clear()
    return notes


class Cache:
    """A view of the cache folder; ``notes`` says what was refused or rebuilt."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else cache_dir()
        self.notes = _NOTES
        self.usable = self._prepare()

    def _prepare(self) -> bool:
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            why = _unsafe(self.root.stat())
        except OSError:
            return False  # no cache folder only costs speed
        if why:
            self.notes.append(
                f"the cache folder {self.root} {why}; not used (set {CACHE_ENV} to a private folder)"
            )
            return False
        if self.root not in _SWEPT:
            _SWEPT.add(self.root)
            self._sweep()
        return True

    def _sweep(self) -> None:
        """Remove what a run stopped by ``kill -9`` or a power cut left: fileio's temporary
        files (``.NAME.*.tmp``) and staging folders (``.NAME.*``) in the cache's sub-folders,
        once they are an hour old (a run going on beside this one may be writing a newer
        one). A run stopped by Ctrl-C or SIGTERM removes its own at once."""
        import shutil
        import time

        cutoff = time.time() - STALE_AFTER
        for kind in ("tables", "documents", "indexes", "files"):
            folder = self.root / kind
            if not self.check_folder(folder) or not folder.is_dir():
                continue
            try:  # by name first: an archive's thousands of entries cost no Path and no lstat each
                leftovers = [entry.path for entry in os.scandir(folder) if entry.name.startswith(".")]
            except OSError:
                continue
            for name in leftovers:
                entry = Path(name)
                try:
                    if entry.lstat().st_mtime > cutoff:
                        continue
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink()
                except OSError:
                    pass  # best effort, like every cache write

    def path(self, kind: str, name: str) -> Path:
        return self.root / kind / name

    def has(self, kind: str, name: str) -> bool:
        return self.usable and self.check_folder(self.root / kind) and self.path(kind, name).exists()

    def check_folder(self, folder: Path) -> bool:
        """True if the sub-folder ``folder`` (``tables``, an index's arrays) may be used: a
        missing one is made 0700 when written; one that another user owns, that others can
        write, or that is not a folder (a symbolic link) is refused like the root, with a note."""
        try:
            st = os.lstat(folder)
        except FileNotFoundError:
            return True
        except OSError:
            return False
        why = ("" if stat.S_ISDIR(st.st_mode) else "is not a folder") or _unsafe(st)
        if why:
            self.notes.append(f"the cache folder {folder} {why}; not used")
        return not why

    def check_file(self, path: Path) -> bool:
        """True if ``path`` (an array file of an entry) may be read; else a note."""
        try:
            st = os.lstat(path)
        except OSError:
            return False
        return not self._refused(path, st)

    def _refused(self, path: Path, st: os.stat_result) -> bool:
        """True, with a note, if the entry file with this status must not be read."""
        why = _unsafe(st) or ("" if stat.S_ISREG(st.st_mode) else "is not a regular file")
        if why:
            self.notes.append(f"cache entry {path} {why}; not used")
        return bool(why)

    def read(self, kind: str, name: str) -> bytes | None:
        """An entry's payload, or None when missing, refused or damaged (with a note)."""
        if not self.usable or not self.check_folder(self.root / kind):
            return None
        path = self.path(kind, name)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None  # missing (or a symbolic link, which is refused)
        with os.fdopen(fd, "rb") as fh:
            if self._refused(path, os.fstat(fh.fileno())):
                return None
            data = fh.read()
        head, _, payload = data.partition(b"\n")
        if not head.startswith(_MAGIC) or head[len(_MAGIC) :] != hashlib.sha256(payload).hexdigest().encode():
            self.notes.append(f"cache entry {path.name} was damaged; rebuilt")
            return None
        return payload

    def write(self, kind: str, name: str, payload: bytes) -> None:
        """Best effort: a read-only or full cache folder only costs speed."""
        folder = self.root / kind
        if not self.usable or not self.check_folder(folder):
            return
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with atomic_output(folder / name) as tmp:
                with open(tmp, "wb") as fh:
                    fh.write(_entry(payload))
                os.chmod(tmp, 0o600)
        except (OSError, OutputError):
            pass

    def write_many(self, kind: str, payloads: dict[str, bytes]) -> None:
        """``write`` of many entries at once (``fileio.write_entries``: one staging folder,
        one rename each): each entry is whole or absent, and a run stopped part-way keeps
        those written. Best effort, like ``write``."""
        folder = self.root / kind
        if not payloads or not self.usable or not self.check_folder(folder):
            return
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_entries(folder, {name: _entry(payload) for name, payload in payloads.items()})
        except (OSError, OutputError):
            pass


def _entry(payload: bytes) -> bytes:
    """An entry as written: the checksum header line, then the payload."""
    return _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
