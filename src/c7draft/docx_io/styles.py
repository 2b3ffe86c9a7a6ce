"""The styles a draft needs, taken by NAME from the reference .docx (each one it lacks added
as Word defines it), the bullet numbering of ``List Bullet``, and the proofing language."""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.parts.numbering import NumberingPart

from .package import related_xml

BLOCK_STYLES = {
    "masthead": "Masthead",
    "heading": "Heading 1",
    "prompt": "Heading 2",
    "paragraph": "Normal",
    "bullet": "List Bullet",
}

# Styles the writer needs, by name (Word's built-in names are lower case for the
# footnote styles), with the definition added when a reference .docx lacks one.
_W = nsdecls("w")
_STYLE_FALLBACKS = {
    "Normal": f'<w:style {_W} w:type="paragraph" w:default="1" w:styleId="Normal">'
    '<w:name w:val="Normal"/><w:qFormat/></w:style>',
    "Masthead": f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="Masthead">'
    '<w:name w:val="Masthead"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
    '<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after="240"/><w:jc w:val="center"/>'
    "</w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>",
    "Heading 1": f'<w:style {_W} w:type="paragraph" w:styleId="Heading1">'
    '<w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
    '<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/>'
    '<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/>'
    '<w:szCs w:val="28"/></w:rPr></w:style>',
    "Heading 2": f'<w:style {_W} w:type="paragraph" w:styleId="Heading2">'
    '<w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
    '<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/>'
    '<w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/>'
    '<w:szCs w:val="24"/></w:rPr></w:style>',
    "List Bullet": f'<w:style {_W} w:type="paragraph" w:styleId="ListBullet">'
    '<w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/></w:style>',
    "footnote text": f'<w:style {_W} w:type="paragraph" w:styleId="FootnoteText">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    "footnote reference": f'<w:style {_W} w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    "Hyperlink": f'<w:style {_W} w:type="character" w:styleId="Hyperlink">'
    '<w:name w:val="Hyperlink"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>',
    "Footer": f'<w:style {_W} w:type="paragraph" w:styleId="Footer">'
    '<w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr>'
    '<w:spacing w:after="0"/><w:jc w:val="center"/></w:pPr></w:style>',
    # The comment styles (python-docx's add_comment names them by Word's English ids),
    # defined as Word's own: the text 10 pt, the reference mark 8 pt.
    "annotation text": f'<w:style {_W} w:type="paragraph" w:styleId="CommentText">'
    '<w:name w:val="annotation text"/><w:basedOn w:val="Normal"/>'
    '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/>'
    '</w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    "annotation reference": f'<w:style {_W} w:type="character" w:styleId="CommentReference">'
    '<w:name w:val="annotation reference"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>',
}
# python-docx's ids for the comment styles, and the names they stand for.
COMMENT_STYLE_IDS = {"CommentText": "annotation text", "CommentReference": "annotation reference"}

_BULLET_ABSTRACT_NUM = (
    f'<w:abstractNum {_W} w:abstractNumId="{{abs_id}}"><w:nsid w:val="C7D0B011"/>'
    '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="bullet"/><w:pStyle w:val="{style_id}"/><w:lvlText w:val="\u2022"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:hint="default"/></w:rPr>'
    "</w:lvl></w:abstractNum>"
)


def set_language(document: Document, tag: str) -> None:
    """Make ``tag`` (e.g. en-GB, fr-FR) the language of all text: the proofing language Word
    and LibreOffice check spelling in, set in the styles' document defaults."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


def ensure_styles(document: Document) -> dict[str, str]:
    """Add any style the writer needs that the reference lacks; return name -> style id.

    Names are compared case-insensitively ("Footnote Text" == Word's "footnote text").
    ``List Bullet`` also gets a bullet numbering definition if it has none, so bullets
    are real list paragraphs in Word, LibreOffice and pandoc.
    """
    styles_el = document.styles.element
    by_name = _style_ids_by_name(styles_el)
    ids = {}
    for name, xml in _STYLE_FALLBACKS.items():
        found = by_name.get(name.lower())
        if found is None:
            new = parse_xml(xml)
            taken = {s.get(qn("w:styleId")) for s in styles_el.findall(qn("w:style"))}
            while new.get(qn("w:styleId")) in taken:  # a same-id style under another name
                new.set(qn("w:styleId"), new.get(qn("w:styleId")) + "C7")
            styles_el.append(new)
            found = new.get(qn("w:styleId"))
        ids[name] = found
    _ensure_bullet_numbering(document, ids["List Bullet"])
    return ids


def _style_ids_by_name(styles_el) -> dict[str, str]:
    """Lower-cased style name -> style id (the first, as Word takes it), in one pass over
    styles.xml: walking python-docx's style objects for each name took ~5 ms a lookup."""
    ids: dict[str, str] = {}
    for style in styles_el.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")):
            ids.setdefault(name.get(qn("w:val")).lower(), style.get(qn("w:styleId")))
    return ids


def _ensure_bullet_numbering(document: Document, style_id: str) -> None:
    style = document.styles.element.get_by_id(style_id)
    num_pr = style.get_or_add_pPr().get_or_add_numPr()
    numbering = _numbering_element(document)
    num_ids = {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))}
    if num_pr.numId is not None and num_pr.numId.val != 0 and str(num_pr.numId.val) in num_ids:
        return
    abs_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abs_id = max(abs_ids, default=-1) + 1
    num_id = max((int(n) for n in num_ids), default=0) + 1
    abstract = parse_xml(_BULLET_ABSTRACT_NUM.format(abs_id=abs_id, style_id=style_id))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # schema order: every abstractNum before any num
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {_W} w:numId="{num_id}"><w:abstractNumId w:val="{abs_id}"/></w:num>'))
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def _numbering_element(document: Document):
    try:
        return related_xml(document.part, RT.NUMBERING)
    except KeyError:  # python-docx cannot create one itself (NumberingPart.new raises)
        part = NumberingPart(
            PackURI("/word/numbering.xml"),
            CT.WML_NUMBERING,
            parse_xml(f"<w:numbering {nsdecls('w', 'r')}/>"),
            document.part.package,
        )
        document.part.relate_to(part, RT.NUMBERING)
        return part.element
