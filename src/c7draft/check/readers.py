"""Which documents a check reads, and reading them through the cache.

Drafts and prior submissions are read by ``c7draft.documents``; here they are listed (the
shipped seeds, ``--against``, ``--also``, a submission's ``priors:``), a YAML inputs folder is
read as a prior, and read documents are cached by content hash and file name (the name may
give the session), so an unchanged PDF is parsed only once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

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
    if not against:
        from ..resources import seeds_dir

        out = sorted(
            p
            for p in seeds_dir().iterdir()
            if p.is_file() and p.suffix.lower() in FORMATS and p.name.lower() != "readme.md"
        )
    else:
        out = _expand(against, "--against")
    for item in listed:
        out += _expand([item], "") if Path(item).exists() else [Path(item)]
    out += _expand(also, "--also")
    first: dict[Path, Path] = {}  # each file once (by its real path), where it first came
    for p in out:
        first.setdefault(p.resolve(), p)
    return list(first.values())


def _expand(items: Iterable[Path], option: str) -> list[Path]:
    out: list[Path] = []
    for item in items:
        item = Path(item)
        if is_inputs_folder(item):
            out.append(item)
        elif item.is_dir():
            out.extend(
                sorted(
                    p
                    for p in item.rglob("*")
                    if p.is_file() and p.suffix.lower() in FORMATS and not p.name.startswith((".", "~$"))
                )
            )
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


# --------------------------------------------------------------------------- cache


# The modules that read and normalise documents (the .docx reader included) and build the
# indexes the cache keeps (an archive's arrays are built by archive.py).
_CODE_FILES = (
    "check/readers.py",
    "documents/readers.py",
    "documents/pdf.py",
    "documents/converted_text.py",
    "check/text.py",
    "check/score.py",
    "check/index.py",
    "check/archive.py",
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
