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
import json
import os
import stat
from pathlib import Path

from ..errors import OutputError
from ..fileio import CACHE_ENV, atomic_output, cache_dir, write_entries
from ..fileio import untrusted as _unsafe

_MAGIC = b"c7draft-cache 1 sha256="
_PACK_MAGIC = b"c7draft-pack 1 sha256="  # then the sha256 of the pack's header line (``write_pack``)


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

    def write_pack(self, kind: str, payloads: dict[str, bytes]) -> None:
        """Many entries in one file, a pack (``KIND/<sha256 of its header>.pack``): a line
        naming each entry with its length and sha256, then the entries one after another.
        One file, not one per entry: creating a file costs this machine's ext4 0.05-1 ms of
        the kernel's time, and a cold check of 1,000 priors ~1 s of CPU. Written whole or
        not at all (``fileio.write_entries``), so a run stopped part-way keeps the packs
        written. Read with ``packed`` and ``read_packed``. Best effort, like ``write``."""
        folder = self.root / kind
        if not payloads or not self.usable or not self.check_folder(folder):
            return
        head = json.dumps([[name, len(p), hashlib.sha256(p).hexdigest()] for name, p in payloads.items()])
        name = hashlib.sha256(head.encode()).hexdigest()
        data = b"".join([_PACK_MAGIC, name.encode(), b"\n", head.encode(), b"\n", *payloads.values()])
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_entries(folder, {f"{name}.pack": data})
        except (OSError, OutputError):
            pass

    def packed(self, kind: str) -> dict[str, tuple[Path, int, int, str]]:
        """Where each entry of ``kind``'s packs is: (pack, offset, length, sha256). An entry
        in several packs is the newest pack's (a pack written to replace an entry that
        could not be read is newer). A pack whose header is damaged is removed with a note
        (its entries are then parsed again and packed anew); one refused (another user's,
        writable by others, a symbolic link) is left as it is, with a note."""
        folder = self.root / kind
        if not self.usable or not self.check_folder(folder):
            return {}
        try:
            packs = []
            for entry in os.scandir(folder):
                if entry.name.endswith(".pack") and not entry.name.startswith("."):
                    packs.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
        except OSError:
            return {}
        where: dict[str, tuple[Path, int, int, str]] = {}
        for _, name in sorted(packs):  # oldest first: a newer pack's copy replaces an older one's
            path = folder / name
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError:
                continue  # gone (another run), or a symbolic link: refused
            with os.fdopen(fd, "rb") as fh:
                st = os.fstat(fh.fileno())
                if self._refused(path, st):
                    continue
                first, head = fh.readline(len(_PACK_MAGIC) + 65), fh.readline(1 << 24)
                rows = _pack_rows(first, head, name, st.st_size)
            if rows is None:
                self.notes.append(f"cache entry {name} was damaged; rebuilt")
                path.unlink(missing_ok=True)
                continue
            offset = len(first) + len(head)
            for entry_name, length, digest in rows:
                where[entry_name] = (path, offset, length, digest)
                offset += length
        return where

    def read_packed(self, where: dict[str, tuple[Path, int, int, str]], names: list[str]) -> dict[str, bytes]:
        """The payloads of ``names`` (each in ``where``, from ``packed``) whose sha256 holds;
        a damaged one is left out with a note (then parsed again)."""
        found: dict[str, bytes] = {}
        by_pack: dict[Path, list[str]] = {}
        for name in names:
            by_pack.setdefault(where[name][0], []).append(name)
        for path, wanted in by_pack.items():
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
                with os.fdopen(fd, "rb") as fh:
                    if self._refused(path, os.fstat(fh.fileno())):
                        continue
                    data = fh.read()
            except OSError:
                continue
            for name in wanted:
                _, offset, length, digest = where[name]
                payload = data[offset : offset + length]
                if hashlib.sha256(payload).hexdigest() == digest:
                    found[name] = payload
                else:
                    self.notes.append(f"cache entry {name} was damaged; rebuilt")
        return found


def _pack_rows(first: bytes, head: bytes, name: str, size: int) -> list | None:
    """A pack's entries, [name, length, sha256] each, from its first two lines (``write_pack``),
    or None when the pack is damaged: a header whose checksum does not hold or is not of
    that shape, or a file shorter or longer than its entries add up to."""
    if first != _PACK_MAGIC + name.removesuffix(".pack").encode() + b"\n" or not head.endswith(b"\n"):
        return None
    if hashlib.sha256(head[:-1]).hexdigest() != name.removesuffix(".pack"):
        return None
    try:
        rows = json.loads(head)
    except (ValueError, RecursionError):
        return None
    if not isinstance(rows, list) or not all(
        isinstance(r, list)
        and len(r) == 3
        and isinstance(r[0], str)
        and type(r[1]) is int
        and r[1] >= 0
        and isinstance(r[2], str)
        for r in rows
    ):
        return None
    return rows if len(first) + len(head) + sum(r[1] for r in rows) == size else None


def _entry(payload: bytes) -> bytes:
    """An entry as written: the checksum header line, then the payload."""
    return _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
