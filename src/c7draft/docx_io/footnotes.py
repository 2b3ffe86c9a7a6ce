"""Real Word footnotes (w:footnoteReference + word/footnotes.xml) on top of python-docx.

Why this is hand-written: python-docx has no footnote API (its issue #1 is still open,
and PRs #1325 and #1392 were never merged), and docxtpl cannot create footnotes either.
So this module follows python-docx's own comments feature (``DocumentPart._comments_part``):
a story part created on demand and related to the document part. Only ``docx_io`` uses it.

Importing the module registers ``FootnotesPart`` for the footnotes content type, so a
reference .docx that already has footnotes.xml loads as XML instead of an opaque blob.
"""

from __future__ import annotations

from typing import Literal, cast, overload

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.parts.document import DocumentPart
from docx.parts.story import StoryPart

# Word's (and pandoc's) ids for the two special notes; settings.xml must list them.
SEPARATOR_IDS = (-1, 0)

_SEPARATORS_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)

# w:settings children that must come AFTER w:footnotePr (ECMA-376 CT_Settings sequence).
_SETTINGS_AFTER_FOOTNOTEPR = tuple(
    qn(t)
    for t in (
        "w:endnotePr",
        "w:compat",
        "w:docVars",
        "w:rsids",
        "m:mathPr",
        "w:attachedSchema",
        "w:themeFontLang",
        "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures",
        "w:forceUpgrade",
        "w:captions",
        "w:readModeInkLockDown",
        "w:smartTagType",
        "sl:schemaLibrary",
        "w:shapeDefaults",
        "w:doNotEmbedSmartTags",
        "w:decimalSymbol",
        "w:listSeparator",
    )
)


class FootnotesPart(StoryPart):
    """word/footnotes.xml. A StoryPart, so hyperlinks inside notes relate from this part."""

    @classmethod
    def new(cls, package) -> FootnotesPart:
        return cls(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_SEPARATORS_XML), package)

    def reset(self) -> None:
        """Keep only the two separator notes, so ids 1..n are free for this draft."""
        fresh = parse_xml(_SEPARATORS_XML)
        for note in list(self.element):
            self.element.remove(note)
        for note in list(fresh):
            self.element.append(note)

    def add_footnote(self, note_id: int, style_id: str, ref_style_id: str):
        """Append footnote ``note_id``; return its ``w:p`` with the mark and a space in it.

        Word expects the note to open with a FootnoteReference-styled ``w:footnoteRef``
        run (it prints the number), then the text; the caller appends the text runs.
        """
        note = OxmlElement("w:footnote", attrs={qn("w:id"): str(note_id)})
        p = OxmlElement("w:p")
        p.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:pStyle w:val="{style_id}"/></w:pPr>'))
        p.append(
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{ref_style_id}"/></w:rPr><w:footnoteRef/></w:r>'
            )
        )
        p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> </w:t></w:r>'))
        note.append(p)
        self.element.append(note)
        return p


PartFactory.part_type_for[CT.WML_FOOTNOTES] = FootnotesPart


@overload
def footnotes_part(document_part: DocumentPart, *, create: Literal[True] = True) -> FootnotesPart: ...
@overload
def footnotes_part(document_part: DocumentPart, *, create: bool) -> FootnotesPart | None: ...
def footnotes_part(document_part: DocumentPart, *, create: bool = True) -> FootnotesPart | None:
    """The document's footnotes part, created (with separators and settings) if missing."""
    try:
        # a FootnotesPart: this module registers the class for the footnotes content type
        part = cast(FootnotesPart, document_part.part_related_by(RT.FOOTNOTES))
    except KeyError:
        if not create:
            return None
        part = FootnotesPart.new(document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
    if create:
        _ensure_footnote_settings(document_part)
    return part


def _ensure_footnote_settings(document_part: DocumentPart) -> None:
    """Make settings.xml list the separator notes: Word calls the file corrupt otherwise."""
    settings = document_part._settings_part.element
    footnote_pr = settings.find(qn("w:footnotePr"))
    if footnote_pr is None:
        footnote_pr = OxmlElement("w:footnotePr")
        successor = next((c for c in settings if c.tag in _SETTINGS_AFTER_FOOTNOTEPR), None)
        if successor is None:
            settings.append(footnote_pr)
        else:
            successor.addprevious(footnote_pr)
    for old in footnote_pr.findall(qn("w:footnote")):
        footnote_pr.remove(old)
    for note_id in SEPARATOR_IDS:  # w:footnote comes last in CT_FtnDocProps
        footnote_pr.append(OxmlElement("w:footnote", attrs={qn("w:id"): str(note_id)}))
