"""The marks that tie a built paragraph to what it was built from, and the stored base.

- Each marked paragraph holds a hidden bookmark named ``_c7r_<key>`` around its runs. A
  name starting with ``_`` is hidden in Word (Insert > Bookmark lists it only with "Hidden
  bookmarks" ticked), is not shown in the navigation pane, and is kept by Word and
  LibreOffice through edits and re-saves (LibreOffice renumbers its id, never its name, so
  only the name is read). Names stay far below Word's 40 characters.
- The base (``model.BuildBase``: the folder's session and entities, and each marked
  paragraph's source text as built) is a custom XML part, ``customXml/item1.xml`` with its
  ``itemProps1.xml``: where Office add-ins keep their data. Word keeps it, LibreOffice keeps
  it byte for byte, and unlike the custom properties it is not on show under File >
  Properties for a reviewer to change. It is found again by its namespace, never by its
  part name or relationship id (a re-save may change both).
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from ..model import BaseItem, BuildBase
from .xmltext import clean_xml_text

PREFIX = "_c7r_"
NAMESPACE = "urn:c7draft:review-base:1"
# The custom XML part's GUID: one fixed value, so that builds stay byte-identical.
ITEM_ID = "{C7D2AF70-5B1E-4C7A-9E0B-2A0C7D2AF700}"
_N = f"{{{NAMESPACE}}}"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def mark_name(key: str) -> str:
    return PREFIX + key


def add_marks(marked: list[tuple[BaseOxmlElement, str]], body) -> None:
    """Put a hidden bookmark around the runs of each (``w:p``, key). Bookmark ids follow
    the largest annotation id already in ``body`` (comments use ids from 0): ids must be
    unique across the part, or Word offers to repair the file."""
    w_id, w_name, start_tag, end_tag, ppr_tag = (
        qn(tag) for tag in ("w:id", "w:name", "w:bookmarkStart", "w:bookmarkEnd", "w:pPr")
    )
    w_only = {"w": nsmap["w"]}
    taken = [int(e.get(w_id)) for e in body.iter(qn("w:commentRangeStart"), start_tag)]
    next_id = max(taken, default=-1) + 1
    for p, key in marked:
        # what OxmlElement("w:bookmarkStart", attrs) makes, without parsing the tag twice a paragraph
        start = oxml_parser.makeelement(
            start_tag, attrib={w_id: str(next_id), w_name: mark_name(key)}, nsmap=w_only
        )
        ppr = p.find(ppr_tag)
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(oxml_parser.makeelement(end_tag, attrib={w_id: str(next_id)}, nsmap=w_only))
        next_id += 1


def marks_in(p) -> list[str]:
    """The keys of the marks that start in paragraph ``p`` (a ``w:p``), in order."""
    return [
        name[len(PREFIX) :]
        for b in p.iter(qn("w:bookmarkStart"))
        if (name := b.get(qn("w:name"), "")).startswith(PREFIX)
    ]


def store_base(document: Document, base: BuildBase) -> None:
    """Add the custom XML part holding ``base`` (replacing one a reference .docx had)."""
    package = document.part.package
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external and _is_base(rel.target_part.blob):
            document.part.rels.pop(r_id)
    n = 1 + sum(1 for p in package.iter_parts() if str(p.partname).startswith("/customXml/item"))
    item = Part(PackURI(f"/customXml/item{n}.xml"), "application/xml", _base_xml(base), package)
    props = Part(
        PackURI(f"/customXml/itemProps{n}.xml"),
        CT.OFC_CUSTOM_XML_PROPERTIES,
        (
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<ds:datastoreItem xmlns:ds="{_DS}" ds:itemID="{ITEM_ID}">'
            f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
        ).encode(),
        package,
    )
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)


def _base_xml(base: BuildBase) -> bytes:
    root = etree.Element(_N + "base", nsmap={None: NAMESPACE})
    root.set("session", str(base.session))
    root.set("entities", " ".join(base.entities))
    for it in base.items:
        el = etree.SubElement(root, _N + "item", key=it.key, kind=it.kind)
        for attr in ("record_id", "entity", "file", "section", "derived_from"):
            if getattr(it, attr):
                el.set(attr, getattr(it, attr))
        etree.SubElement(el, _N + "text").text = clean_xml_text(it.text)
        for label, text in it.notes:
            etree.SubElement(el, _N + "note", label=label).text = clean_xml_text(text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _is_base(blob: bytes) -> bool:
    return NAMESPACE.encode() in blob[:400]


def read_base(document: Document) -> BuildBase | None:
    """The base stored by ``store_base``, or None (a .docx c7draft did not build)."""
    for part in document.part.package.iter_parts():
        if not str(part.partname).startswith("/customXml/") or not _is_base(part.blob):
            continue
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        if root.tag != _N + "base":
            continue
        items = [
            BaseItem(
                key=el.get("key", ""),
                kind=el.get("kind", ""),
                text=el.findtext(_N + "text") or "",
                record_id=el.get("record_id"),
                entity=el.get("entity"),
                file=el.get("file"),
                section=el.get("section"),
                notes=tuple((n.get("label", ""), n.text or "") for n in el.findall(_N + "note")),
                derived_from=el.get("derived_from", ""),
            )
            for el in root.findall(_N + "item")
        ]
        return BuildBase(int(root.get("session", "0")), tuple(root.get("entities", "").split()), items)
    return None
