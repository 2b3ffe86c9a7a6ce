"""The "written by c7draft" stamp: a hash over every part of the package, so a .docx
edited or re-saved since c7draft wrote it is never replaced unasked."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from lxml import etree

from ..errors import OutputError
from ..limits import check_zip, read_zip_member

# A hash of every part of the package (names and bytes, the stamp itself left out), stored
# in the core properties (dc:identifier). Any later save by Word, LibreOffice or python-docx
# rewrites some part, so a mismatch means "edited after c7draft wrote it" and ``build`` must
# not silently overwrite it.
_STAMP = "c7draft-sha256:"
_STAMP_RE = re.compile(rb"c7draft-sha256:[0-9a-f]{64}")
_UNSTAMPED = (_STAMP + "0" * 64).encode()


def stamped(members: list[tuple[str, bytes]], core: str) -> list[tuple[str, bytes]]:
    """The zip members of a package saved with the blank stamp (``UNSTAMPED`` as its
    identifier), with the stamp written into the core properties part ``core``: the hash of
    every member, as ``_fingerprint`` reads it back from the file."""
    stamp = _digest(members).encode()
    return [(name, data.replace(_UNSTAMPED, stamp, 1) if name == core else data) for name, data in members]


UNSTAMPED = _UNSTAMPED.decode()


def _fingerprint(package) -> str:
    """The hash of every zip member (name and bytes), with any stamp in it blanked."""
    with zipfile.ZipFile(package) as z:
        return _digest((info.filename, read_zip_member(z, info, package)) for info in z.infolist())


def _digest(members) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(members, key=lambda member: member[0]):
        digest.update(hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest())
        digest.update(hashlib.sha256(_STAMP_RE.sub(_UNSTAMPED, data)).digest())
    return _STAMP + digest.hexdigest()


@dataclass
class ExistingOutput:
    """What was at the output path when the build began (``digest`` None: nothing)."""

    path: Path
    digest: str | None

    def recheck(self) -> None:
        """Refuse to replace a file that changed since the build began (saved in Word meanwhile)."""
        if _file_digest(self.path) != self.digest:
            raise OutputError(
                "the output file was saved or changed while the draft was being built; "
                "it was kept as it is and the new draft was not written",
                file=self.path,
                hint="close it in Word (or save it under another name) and run build again",
            )


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(
            f"cannot read the output file: {exc.strerror}", file=path, hint="choose another output with -o"
        ) from None


def lock_file(path: Path) -> tuple[str, str] | None:
    """(lock file name, application) when Word's (``~$name.docx``) or LibreOffice's lock
    file is beside ``path``: the document is open there."""
    path = Path(path)
    name = path.name  # Word shortens long names: "~$-input-cstd29.docx" for "c7-input-cstd29.docx"
    for lock, app in [(f"~${name[i:]}", "Word") for i in (0, 1, 2)] + [(f".~lock.{name}#", "LibreOffice")]:
        if (path.parent / lock).exists():
            return lock, app
    return None


def word_lock_note(path: Path) -> str | None:
    """A warning when ``path`` is open in Word or LibreOffice (``lock_file``)."""
    found = lock_file(path)
    if found is None:
        return None
    return (
        f"{Path(path).name} seems to be open in {found[1]} ({found[0]} is beside it): close it there before "
        "opening the new draft, or the old one may be saved over it"
    )


def ensure_docx_output(path: Path, *, force: bool = False) -> ExistingOutput:
    """``ensure_replaceable`` for an output that must be a .docx file (`build`, `diff -o`)."""
    if Path(path).suffix.lower() != ".docx":
        raise OutputError(
            f"the output must be a .docx file, not {Path(path).name}",
            file=path,
            hint=f"use -o {Path(path).with_suffix('.docx')}",
        )
    return ensure_replaceable(path, force=force)


def ensure_replaceable(path: Path, *, force: bool = False) -> ExistingOutput:
    """Refuse to replace a file that c7draft did not write, or that was edited since.

    Checked before building, so a reviewer's changes in Word are never lost by accident;
    the returned ``ExistingOutput`` checks again just before the new file replaces it.
    Read at zip level: opening the whole package with python-docx would parse every part,
    styles included.
    """
    path = Path(path)
    hint = f"save it under another name, write to another file with -o, or add --force to replace {path.name}"
    if path.is_dir():
        raise OutputError(
            "the output is a folder, not a .docx file", file=path, hint="give a file name ending in .docx"
        )
    if path.exists() and not path.is_file():  # reading a FIFO or device to compare it would block
        raise OutputError(
            "the output is not a regular file (a device or FIFO?)",
            file=path,
            hint="give the path of a new or existing .docx file",
        )
    existing = ExistingOutput(path, _file_digest(path))
    if force or existing.digest is None:
        return existing
    try:
        check_zip(path)  # part sizes within the limits before any is read
        with zipfile.ZipFile(path) as z:
            stamp = _read_stamp(z)
        fingerprint = _fingerprint(path)
    except Exception:  # any unreadable file is "not ours": never replace it unasked
        raise OutputError(
            "the output file exists and is not a Word document c7draft wrote", file=path, hint=hint
        ) from None
    if not stamp.startswith(_STAMP):
        raise OutputError("the output file exists and was not written by c7draft", file=path, hint=hint)
    if stamp != fingerprint:
        raise OutputError(
            "the output file was edited or re-saved after c7draft wrote it; "
            "replacing it would lose those changes",
            file=path,
            hint=f"bring its edits into the inputs folder with `c7draft pull {path.name} FOLDER --write`, "
            f"then build again with --force; or {hint}",
        )
    return existing


_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC_IDENTIFIER = "{http://purl.org/dc/elements/1.1/}identifier"


def _read_stamp(z: zipfile.ZipFile) -> str:
    """The stamp in the core properties, found through the package's relationships."""
    rels = etree.fromstring(read_zip_member(z, z.getinfo("_rels/.rels")))
    core = next(
        (
            str(PackURI.from_rel_ref("/", rel.get("Target"))).lstrip("/")
            for rel in rels.iter(_PKG_REL)
            if rel.get("Type") == RT.CORE_PROPERTIES
        ),
        None,
    )
    identifier = etree.fromstring(read_zip_member(z, z.getinfo(core))).find(_DC_IDENTIFIER) if core else None
    return (identifier.text or "") if identifier is not None else ""
