"""An archive index on disk: its arrays in a folder of .npy files (no pickle), loaded
memory-mapped, and a checksummed JSON entry naming them, written last."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from ...errors import OutputError
from ...fileio import atomic_folder
from ..index import PriorIndex

if TYPE_CHECKING:  # pragma: no cover
    from ..cache import Cache

# The arrays saved of an archive index: the in-memory index's, then its string columns as
# code points (or UTF-8 bytes) with offsets, and its tokens.
ARRAYS = PriorIndex.ARRAYS + (
    "tok",
    "enc",
    "enc_off",
    "sorted_enc",
    "cenc",
    "cenc_off",
    "texts",
    "texts_off",
    "bit_row",
    "bits",
)


def checksum(a: np.ndarray) -> str:
    """CRC-32 of an array's bytes: against damage (tampering is the owner/mode guard's job),
    and twice as fast as sha256 over the ~70 MB of a 100,000-sentence archive."""
    return f"crc32:{zlib.crc32(np.ascontiguousarray(a).data.cast('B')):08x}"


def status(path) -> list[int] | None:
    """What a saved array's file looks like from outside: size, modification and change
    times (ns), inode, device. Every write changes the change time, which no program can
    set back, so a file whose status is the one it had when saved holds the bytes that were
    saved and summed, short of damage no write made (a failing disk): its CRC-32 is not
    summed again on load. The checksums still catch a file written since, however its
    size and modification time were put back."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def checksums(arrays: dict[str, np.ndarray]) -> dict[str, str]:
    """``checksum`` of each array, on two threads (zlib releases the GIL while it sums)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        return dict(zip(arrays, pool.map(checksum, arrays.values()), strict=False))


T = TypeVar("T")


def save(cache: Cache, key: str, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Best effort: the arrays in a folder of .npy files, then a checksummed entry naming
    them and holding ``meta`` (written last, so a half-written folder is never used)."""
    if not cache.usable or not cache.check_folder(cache.root / "indexes"):
        return
    from concurrent.futures import ThreadPoolExecutor

    # the checksums are summed on two threads while the arrays are written (zlib and the
    # writes both let go of the GIL): ~0.06 s of a cold run's ~0.3 s save
    with ThreadPoolExecutor(2) as pool:
        sums = pool.map(checksum, (arrays[name] for name in ARRAYS))
        try:
            with atomic_folder(cache.path("indexes", key), replace=True, private=True) as tmp:
                for name in ARRAYS:
                    np.save(tmp / f"{name}.npy", arrays[name], allow_pickle=False)
        except (OSError, OutputError):
            return
        summed = dict(zip(ARRAYS, sums, strict=True))
    folder = cache.path("indexes", key)
    entry = {"status": {name: status(folder / f"{name}.npy") for name in ARRAYS}, **meta, "checksums": summed}
    cache.write("indexes", f"{key}.json", json.dumps(entry, ensure_ascii=False).encode("utf-8"))


def load(cache: Cache, key: str, make: Callable[[dict[str, np.ndarray], dict], T]) -> T | None:
    """``make(arrays, meta)`` of the saved index, its arrays memory-mapped; None (with a note
    when damaged) to rebuild it."""
    payload = cache.read("indexes", f"{key}.json")
    if payload is None:
        return None
    folder = cache.path("indexes", key)
    if not cache.check_folder(folder):
        return None
    try:
        meta = json.loads(payload)
        saved = meta.get("status") if isinstance(meta, dict) else None
        arrays, changed = {}, {}
        for name in ARRAYS:
            path = folder / f"{name}.npy"
            if not cache.check_file(path):
                return None
            # a plain ndarray view of the mapped file: indexing it is cheaper than a memmap's
            arrays[name] = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
            if not isinstance(saved, dict) or saved.get(name) != status(path):
                changed[name] = arrays[name]
        # only the arrays whose files changed since they were saved are summed (the whole
        # index's ~110 MB: ~0.1 s of CPU on every warm run; see ``status``)
        if checksums(changed) != {name: meta["checksums"][name] for name in changed}:
            raise ValueError("checksum")
        return make(arrays, meta)
    # EOFError: an empty .npy (a full disk, a killed write); RecursionError: JSON nested deep
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, RecursionError):
        cache.notes.append(f"cache entry {key} was damaged; rebuilt")
        return None
