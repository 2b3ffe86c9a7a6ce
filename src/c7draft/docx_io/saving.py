"""A .docx saved reproducibly: c7draft's app.xml, the build time (or SOURCE_DATE_EPOCH's) in
its properties, comments and zip entries, and the "written by c7draft" stamp filled in."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
import zipfile
from pathlib import Path

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn

from ..errors import OutputError
from ..fileio import atomic_output
from .package import related_xml
from .stamp import UNSTAMPED, stamped


def build_time() -> dt.datetime:
    """Now, or the time SOURCE_DATE_EPOCH gives (reproducible builds: same inputs, same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise OutputError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {epoch!r}",
            hint="unset it, or set it to e.g. $(git log -1 --format=%ct)",
        ) from None


# docProps/app.xml as c7draft writes it: no page, word or line counts that would be stale
# the moment the file opens (Word recounts them when it saves), no other application's name.
_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>c7draft</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def save_docx(document: Document, path: Path) -> None:
    """Save with c7draft's app.xml and created/modified times; with SOURCE_DATE_EPOCH set,
    every time inside (properties, comments, zip entries) is that one, so two builds of
    the same inputs are byte-identical."""
    when = finish_metadata(document)
    with atomic_output(path) as tmp:
        save(document, tmp, when, stamp=False)


def finish_metadata(document: Document) -> dt.datetime:
    """Set every part's metadata (app.xml, times, comment dates) to its final value, so a
    fingerprint taken after this covers what is saved; return the build time."""
    when = build_time()
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            package.rels.pop(r_id)
    package.relate_to(
        Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _APP_XML, package),
        RT.EXTENDED_PROPERTIES,
    )
    props = document.core_properties
    props.created = props.modified = when
    try:  # comments carry the time they were made: c7draft's, now
        for comment in related_xml(document.part, RT.COMMENTS).findall(qn("w:comment")):
            if comment.get(qn("w:author")) == "c7draft":  # a reviewer's, carried by diff, keeps its own
                comment.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    except KeyError:
        pass
    return when


def save(document: Document, path: Path, when: dt.datetime, *, stamp: bool) -> None:
    """Save the package once, into memory, and write its zip: with the "written by c7draft"
    stamp filled in (``stamp``), and with SOURCE_DATE_EPOCH set, every entry's time that
    one (python-docx stamps each entry with the current time; zip times start in 1980)."""
    reproducible = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
    if not (stamp or reproducible):
        document.save(str(path))
        return
    if stamp:
        document.core_properties.identifier = UNSTAMPED
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        members = [(entry.filename, source.read(entry)) for entry in source.infolist()]
    if stamp:
        core = document.part.package.part_related_by(RT.CORE_PROPERTIES).partname.membername
        members = stamped(members, core)
    date_time = (
        max(when, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
        if reproducible
        else time.localtime()[:6]
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            target.writestr(info, data)
