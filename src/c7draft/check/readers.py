"""Which documents a check reads, and reading them through the cache.

Drafts and prior submissions are read by ``c7draft.documents``; here they are listed (the
shipped seeds, ``--against``, ``--also``, a submission's ``priors:``), a YAML inputs folder is
read as a prior, and read documents are cached by content hash and file name (the name may
give the session), so an unchanged PDF is parsed only once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from .. import documents
from ..documents import FORMATS, Document, Passage, document_from_draft
from ..errors import DocumentReadError
from ..limits import read_file_bytes


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes (of an inputs folder's YAML files); an unreadable file
    raises DocumentReadError."""
    try:
        if is_inputs_folder(path):
            digest = hashlib.sha256()
            for f in sorted(Path(path).glob("*.yaml")):
                digest.update(f.name.encode() + b"\0" + f.read_bytes())
            return digest.hexdigest()
        return hashlib.sha256(read_file_bytes(path)).hexdigest()  # regular files within the size limit
    except OSError as exc:
        raise DocumentReadError(
            f"cannot read the file: {exc.strerror or exc}",
            file=path,
            hint="check the path and that the file is readable",
        ) from exc


_RACY_NS = 2_000_000_000  # a file changed this recently may change again within one tick of its
# time stamps (2 s on FAT, a few ms on ext4): its digest is remembered only once it is older
_HEX64 = re.compile("[0-9a-f]{64}")


class Digests:
    """Each prior file's ``file_digest``, remembered in the cache by the file's status, as
    git's index remembers a file's hash: a file whose size, modification and change times
    (ns), inode and device are those it had when hashed is not read again (a warm check of
    a 1,000-file archive: ~1,000 ``stat`` calls instead of reading and hashing ~18 MB).

    The trade-off, git's own: a change that keeps all five (only by setting the clock back
    or writing the disk directly: any write sets the change time, which no program can set
    back) would go unseen. A file changed within ``_RACY_NS`` of its hashing may change again
    within the same time stamp, so it is remembered only if, at ``save``, it is that old
    and hashes the same again. The remembered digests are a checksummed cache entry like
    the others (one that cannot be read is dropped with a note and rebuilt)."""

    KIND, ENTRY = "files", "digests.json"
    KEEP = 50_000  # files remembered at most (more: only this run's)

    def __init__(self, cache):
        self.cache = cache
        self.known: dict = {}
        payload = cache.read(self.KIND, self.ENTRY)
        if payload is not None:
            try:
                self.known = json.loads(payload)
                if not isinstance(self.known, dict):
                    raise ValueError(self.ENTRY)
            except (ValueError, RecursionError):
                self.known = {}
                cache.notes.append(f"cache entry {self.ENTRY} could not be read; rebuilt")
        self.seen: dict[str, list] = {}  # this run's files: path -> status + [digest]
        self.racy: list[tuple[str, Path, list, str]] = []
        self.changed = False

    def digest(self, path: Path) -> str:
        """``file_digest(path)``, without reading the file when its status is remembered."""
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is None or not S_ISREG(st.st_mode):  # an inputs folder, or file_digest's error
            return file_digest(path)
        key = os.path.abspath(path)
        status = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
        known = self.known.get(key)
        # (a regular file of the size it had when hashed: within the limits it met then)
        if isinstance(known, list) and known[:5] == status and isinstance(known[-1], str):
            if len(known) == 6 and _HEX64.fullmatch(known[5]):
                self.seen[key] = known
                return known[5]
        hashed_at = time.time_ns()
        digest = file_digest(path)
        if hashed_at - max(st.st_mtime_ns, st.st_ctime_ns) > _RACY_NS:
            self.seen[key], self.changed = [*status, digest], True
        else:
            self.racy.append((key, Path(path), status, digest))
        return digest

    def save(self) -> None:
        """Remember this run's digests (best effort, like every cache write); a file that was
        too recent when hashed is hashed again if it is now old enough and unchanged."""
        for key, path, status, digest in self.racy:
            try:
                st = os.stat(path)
                if [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev] != status:
                    continue
                hashed_at = time.time_ns()
                if hashed_at - max(st.st_mtime_ns, st.st_ctime_ns) > _RACY_NS and file_digest(path) == digest:
                    self.seen[key], self.changed = [*status, digest], True
            except (OSError, DocumentReadError):
                continue
        if self.changed:
            memo = self.seen if len(self.known) + len(self.seen) > self.KEEP else {**self.known, **self.seen}
            self.cache.write(self.KIND, self.ENTRY, json.dumps(memo).encode())


def read_document(path: Path, *, use_cache: bool = True, digest: str | None = None) -> Document:
    """Read one draft or prior submission (.docx, .pdf, .md, .txt), from the cache if unchanged.

    ``digest`` is the file's ``file_digest`` when the caller already has it.
    """
    path = Path(path)
    if is_inputs_folder(path):  # last year's YAML, e.g. listed under `priors:` by `init`
        return _read_inputs_folder(path, digest or file_digest(path))
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DocumentReadError(
            f"cannot check a {suffix or 'extension-less'} file",
            file=path,
            hint="give a .docx, .pdf, .md or .txt file, or a YAML inputs folder",
        )
    digest = digest or file_digest(path)
    cached = _cache_load(digest, path.name) if use_cache else None
    if cached is not None:
        cached.name, cached.path = path.name, str(path)
        return cached
    doc = documents.read_document(path)
    doc.digest = digest
    if use_cache:
        _cache_store(doc)
    return doc


def is_inputs_folder(path: Path) -> bool:
    return Path(path).is_dir() and (Path(path) / "submission.yaml").is_file()


def _read_inputs_folder(path: Path, digest: str) -> Document:
    from ..assemble import load_draft
    from ..errors import InputError

    try:
        doc = document_from_draft(load_draft(path), path.name)
    except InputError as exc:  # a prior that does not load is skipped, like an unreadable file
        raise DocumentReadError(
            f"its YAML does not load ({exc.problem})", file=exc.file, line=exc.line
        ) from None
    doc.digest, doc.path = digest, str(path)
    return doc


def prior_paths(
    against: list[Path] | None, also: Iterable[Path] = (), listed: Iterable[Path] = ()
) -> list[Path]:
    """The prior documents to read: the shipped seeds (or only ``against``), plus the
    submission's `priors:` (``listed``; a missing one is skipped later with a note) and
    ``also`` from the command line. A YAML inputs folder is one prior."""
    real: dict[Path, str] = {}
    if not against:
        from ..resources import seeds_dir

        out = sorted(
            p
            for p in seeds_dir().iterdir()
            if p.is_file() and p.suffix.lower() in FORMATS and p.name.lower() != "readme.md"
        )
    else:
        out = _expand(against, "--against", real)
    for item in listed:
        out += _expand([item], "", real) if Path(item).exists() else [Path(item)]
    out += _expand(also, "--also", real)
    first: dict[str, Path] = {}  # each file once (by its real path), where it first came
    for p in out:
        first.setdefault(real.get(p) or os.path.realpath(p), p)
    return list(first.values())


def _expand(items: Iterable[Path], option: str, real: dict[Path, str]) -> list[Path]:
    """The files of ``items`` to read, a folder's in sorted order; ``real`` gets the real path
    of each file found in a folder that is not a symbolic link (its folder's, resolved once,
    and its own name: the walk does not enter linked folders), so that ``prior_paths``
    resolves only the others (a 1,000-file archive: ~70 ms less)."""
    out: list[Path] = []
    for item in items:
        item = Path(item)
        if is_inputs_folder(item):
            out.append(item)
        elif item.is_dir():
            _walk(str(item), os.path.realpath(item), out, real)
        elif item.exists():  # a device or FIFO too: its reader refuses it, naming the limit
            if item.suffix.lower() not in FORMATS:
                raise DocumentReadError(
                    f"cannot check against a {item.suffix or 'extension-less'} file",
                    file=item,
                    hint="give .docx, .pdf, .md or .txt files, or folders of them",
                )
            out.append(item)
        else:
            raise DocumentReadError(
                "no such file or folder", file=item, hint=f"check the path given to {option or 'priors:'}"
            )
    return out


def _walk(folder: str, real_folder: str, found: list[Path], real: dict[Path, str]) -> None:
    """``sorted(Path(folder).rglob("*"))``'s files that can be checked (not hidden, not
    Word's ``~$`` lock files), with ``os.scandir``: no ``stat`` per name on Linux. Like rglob
    it does not enter linked folders and skips folders it may not read. Each folder's
    entries in name order, a sub-folder's files where its name falls: the order of paths
    compared part by part, as ``Path`` compares them."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        if e.is_dir(follow_symlinks=False):
            _walk(e.path, os.path.join(real_folder, e.name), found, real)
        elif (
            os.path.splitext(e.name)[1].lower() in FORMATS
            and not e.name.startswith((".", "~$"))
            and e.is_file()
        ):
            p = Path(e.path)
            found.append(p)
            if not e.is_symlink():
                real[p] = os.path.join(real_folder, e.name)


# --------------------------------------------------------------------------- cache


# The modules that read and normalise documents (the .docx reader included) and build the
# indexes the cache keeps (an archive's arrays are built by check/archive/).
_CODE_FILES = (
    "check/readers.py",
    "documents/readers.py",
    "documents/pdf.py",
    "documents/converted_text.py",
    "check/text.py",
    "check/score.py",
    "check/index.py",
    "check/vocabulary.py",
    "check/archive/__init__.py",
    "check/archive/arrays.py",
    "check/archive/bitplanes.py",
    "check/archive/build.py",
    "check/archive/index.py",
    "check/archive/joined.py",
    "check/archive/storage.py",
    "check/tables.py",
    "check/loader.py",
    "check/cache.py",
    "docx_io/reader.py",
    "docx_io/package.py",  # open_docx, which the reader opens every .docx with
    "limits.py",
)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the code that reads and normalises documents: any change to it (a new
    c7draft release, a fix to the PDF reader) makes the caches miss instead of serving
    documents parsed the old way. Reading these files costs well under 1 ms."""
    digest = hashlib.sha256()
    from ..resources import templates_dir

    for name in _CODE_FILES:
        digest.update((Path(__file__).parent.parent / name).read_bytes())
    digest.update((templates_dir() / "stock_phrases.txt").read_bytes())  # removed before scoring
    digest.update((templates_dir() / "agencies.yaml").read_bytes())  # names made one word (text.py)
    return digest.hexdigest()[:16]


def cache_key(digest: str, name: str) -> str:
    """A cache entry's key: the file's bytes *and* its name, which may give the session
    ("cstd27-....pdf"), so a renamed file is read again rather than keep a stale session."""
    return f"{digest}.{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


def _cache_entry(digest: str, name: str) -> str:
    """A read document's file name in the cache: by its bytes, its name and the code that read it."""
    return f"{cache_key(digest, name)}.{code_fingerprint()}.json"


def _cache_load(digest: str, name: str) -> Document | None:
    from .cache import Cache

    payload = Cache().read("documents", _cache_entry(digest, name))
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        return Document(
            data["name"],
            data["session"],
            [Passage(**p) for p in data["passages"]],
            digest,
            data.get("path", ""),
            data.get("notes", []),
            data.get("submitted_by", ""),
        )
    except (ValueError, TypeError, KeyError, RecursionError):  # a checksummed entry of another shape
        Cache().notes.append(f"cache entry {_cache_entry(digest, name)} could not be read; rebuilt")
        return None


def _cache_store(doc: Document) -> None:
    """Best effort: a read-only or full cache folder only costs speed."""
    from .cache import Cache

    Cache().write(
        "documents",
        _cache_entry(doc.digest, doc.name),
        json.dumps(asdict(doc), ensure_ascii=False).encode("utf-8"),
    )
