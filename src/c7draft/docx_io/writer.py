"""Write a ``Draft`` as a .docx: styles by name from a reference .docx, real footnotes,
comments on findings, page set-up, language and reproducible metadata."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
import zipfile
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.numbering import NumberingPart
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from ..errors import DocumentReadError, OutputError
from ..fileio import atomic_output
from ..model import Block, Comment, Draft, FootnoteRef, Inline, LineBreak, Run, split_inlines
from ..resources import templates_dir
from . import footnotes as fn  # importing it registers FootnotesPart
from . import marks
from .package import open_docx, related_xml
from .stamp import UNSTAMPED, ExistingOutput, stamped
from .xmltext import clean_xml_text

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
_COMMENT_STYLE_IDS = {"CommentText": "annotation text", "CommentReference": "annotation reference"}

_BULLET_ABSTRACT_NUM = (
    f'<w:abstractNum {_W} w:abstractNumId="{{abs_id}}"><w:nsid w:val="C7D0B011"/>'
    '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="bullet"/><w:pStyle w:val="{style_id}"/><w:lvlText w:val="\u2022"/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr>'
    '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:hint="default"/></w:rPr>'
    "</w:lvl></w:abstractNum>"
)

_BREAKS = re.compile("[\t\n\r]")


# ----------------------------------------------------------------------------- writing


def write_docx(
    draft: Draft, path: Path, reference: Path | None = None, *, replacing: ExistingOutput | None = None
) -> None:
    """Render ``draft`` to ``path`` atomically: a failed write leaves any old file as it was.

    ``replacing`` (from ``ensure_replaceable``) is checked again just before the rename, so
    a file saved in Word while the draft was being built is kept.
    """
    write_with(DraftWriter, draft, path, reference, replacing=replacing)


def write_with(
    writer: type[DraftWriter],
    draft: Draft,
    path: Path,
    reference: Path | None = None,
    *,
    replacing: ExistingOutput | None = None,
) -> None:
    """``write_docx`` with another writer (the redline's): reference, metadata, stamp and
    the atomic save stay one piece of code."""
    path = Path(path)
    reference = Path(reference) if reference is not None else templates_dir() / "reference.docx"
    document = open_docx(reference, "reference .docx")
    _refuse_outside_parts(document, reference)
    writer(document).write(draft)
    when = _finish_metadata(document)  # before the stamp: it must see the final parts
    with atomic_output(path) as tmp:
        _save(document, tmp, when, stamp=True)
        if replacing is not None:
            replacing.recheck()


def _refuse_outside_parts(document: Document, reference: Path) -> None:
    """The writer takes the styles, numbering, settings, footer and properties from inside the
    reference; a relationship that points outside the file (TargetMode="External") for any of
    them is refused (python-docx raises ValueError on it). Hyperlinks are outside by nature."""
    for rel in [*document.part.package.rels.values(), *document.part.rels.values()]:
        if rel.is_external and rel.reltype != RT.HYPERLINK:
            raise DocumentReadError(
                f"the reference .docx takes its {rel.reltype.rsplit('/', 1)[-1]} from outside the file "
                f"({rel.target_ref[:80]}); c7draft uses only what is inside the file",
                file=reference,
                hint="open it in Word and save it again as a Word Document (.docx), or leave out "
                "--reference to use the shipped templates/reference.docx",
            )


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
    when = _finish_metadata(document)
    with atomic_output(path) as tmp:
        _save(document, tmp, when, stamp=False)


def _finish_metadata(document: Document) -> dt.datetime:
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


def _save(document: Document, path: Path, when: dt.datetime, *, stamp: bool) -> None:
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


class DraftWriter:
    """Fills a reference document with a draft; one instance per write."""

    def __init__(self, document: Document):
        self.doc = document
        self.styles = ensure_styles(document)
        self.notes = fn.footnotes_part(document.part)
        self.notes.reset()
        self.note_ids: set[int] = set()
        self.body = document.element.body
        self.marked: list[tuple[BaseOxmlElement, str]] = []  # (w:p, key) of each marked block

    def write(self, draft: Draft) -> None:
        self._clear_body()
        for block in draft.blocks:
            self._block(block)
        if not draft.blocks:  # Word wants at least one paragraph in the body
            self.doc.add_paragraph()
        self._page_setup()
        props = self.doc.core_properties
        props.title = clean_xml_text(draft.title)
        props.author = clean_xml_text("; ".join(draft.authors))
        props.subject = clean_xml_text(draft.subject)
        props.last_modified_by = "c7draft"
        props.keywords = props.comments = ""
        props.revision = 1
        if draft.language:
            set_language(self.doc, draft.language)
        self._comment_style_ids()
        marks.add_marks(self.marked, self.body)  # after the comments, whose ids come first
        if draft.base is not None:
            marks.store_base(self.doc, draft.base)

    def _comment_style_ids(self) -> None:
        """python-docx gives comments the style ids of an English Word (CommentText,
        CommentReference); a reference made in another language's Word has its own ids for
        those styles: use them, so that no style is referenced without being defined."""
        renamed = {a: self.styles[name] for a, name in _COMMENT_STYLE_IDS.items() if self.styles[name] != a}
        if not renamed:
            return
        try:
            comments = related_xml(self.doc.part, RT.COMMENTS)
        except KeyError:
            return
        for element in (self.body, comments):
            for style in element.iter(qn("w:pStyle"), qn("w:rStyle")):
                if style.get(qn("w:val")) in renamed:
                    style.set(qn("w:val"), renamed[style.get(qn("w:val"))])

    def _clear_body(self) -> None:
        """Drop the reference's sample content, keep its final sectPr (page setup)."""
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        try:  # its comments would otherwise point at nothing
            comments = related_xml(self.doc.part, RT.COMMENTS)
            for c in list(comments):
                comments.remove(c)
        except KeyError:
            pass

    def _block(self, block: Block) -> None:
        p = self._paragraph(block)
        cuts = {c for m in block.comments for c in (m.start, m.end) if c is not None}
        self._inlines(p, split_inlines(block.inlines, cuts) if cuts else block.inlines, self.doc.part)
        self._comments(p, block)

    def _paragraph(self, block: Block):
        """An empty w:p in the block's style, at the end of the body."""
        # The w:p is built directly: python-docx's add_paragraph + style setter cost ~0.2 ms each.
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(OxmlElement("w:pStyle", attrs={qn("w:val"): self.styles[BLOCK_STYLES[block.kind]]}))
        p.append(ppr)
        self.body.insert_element_before(p, "w:sectPr")
        if block.mark:
            self.marked.append((p, block.mark))
        return p

    def _comments(self, p, block: Block) -> None:
        paragraph = Paragraph(p, self.doc._body)
        for comment in block.comments:
            self._comment(paragraph, comment)

    def _comment(self, paragraph: Paragraph, comment: Comment) -> None:
        """A comment whose commentRangeStart/End enclose exactly the runs of its sentence
        (the runs were cut at its ends by ``split_inlines``)."""
        from docx.text.run import Run as DocxRun

        spans, pos = [], 0
        for r in paragraph._p.iter(qn("w:r")):  # in order, links included
            n = sum(len(t.text or "") for t in r.iter(qn("w:t"))) + sum(
                1 for _ in r.iter(qn("w:tab"), qn("w:br"))
            )
            spans.append((pos, pos + n, r))
            pos += n
        end = pos if comment.end is None else comment.end
        inside = [r for a, b, r in spans if b > a and a >= comment.start and b <= end]
        if not inside:  # nothing to anchor on (an empty block): the whole paragraph
            inside = [r for _, _, r in spans] or [paragraph.add_run()._r]
        added = self.doc.add_comment(
            [DocxRun(inside[0], paragraph), DocxRun(inside[-1], paragraph)],
            text=clean_xml_text(comment.text),
            author=clean_xml_text(comment.author),
            initials="c7"
            if comment.author == "c7draft"
            else "".join(w[:1] for w in comment.author.split())[:9],
        )
        if comment.date:  # a reviewer's comment keeps its time; c7draft's get the build time on saving
            for element in related_xml(self.doc.part, RT.COMMENTS).iter(qn("w:comment")):
                if element.get(qn("w:id")) == str(added.comment_id):
                    element.set(qn("w:date"), comment.date)

    def _inlines(self, p, inlines: list[Inline] | tuple[Inline, ...], part) -> None:
        """Append runs to ``p``; links relate from ``part`` (the part holding ``p``)."""
        items = list(inlines)
        i = 0
        while i < len(items):
            item = items[i]
            if isinstance(item, Run) and item.url:
                runs = [item]  # consecutive runs with one url form one link (e.g. partly italic)
                j = i + 1
                while j < len(items) and isinstance(next_run := items[j], Run) and next_run.url == item.url:
                    runs.append(next_run)
                    j += 1
                r_id = part.relate_to(clean_xml_text(item.url), RT.HYPERLINK, is_external=True)
                link = OxmlElement("w:hyperlink", attrs={qn("r:id"): r_id, qn("w:history"): "1"})
                for run in runs:
                    link.append(self._run(run, self.styles["Hyperlink"]))
                p.append(link)
                i = j
                continue
            if isinstance(item, Run):
                p.append(self._run(item))
            elif isinstance(item, LineBreak):
                r = OxmlElement("w:r")
                r.append(OxmlElement("w:br"))
                p.append(r)
            elif isinstance(item, FootnoteRef):
                p.append(self._footnote(item))
            i += 1

    def _run(self, run: Run, style_id: str | None = None):
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")  # children in schema order: rStyle, b, i
        if style_id:
            rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): style_id}))
        if run.bold:
            rpr.append(OxmlElement("w:b"))
        if run.italic:
            rpr.append(OxmlElement("w:i"))
        if len(rpr):
            r.append(rpr)
        text = clean_xml_text(run.text)
        if _BREAKS.search(text):
            r.text = text  # python-docx turns \t and \n into w:tab / w:br
        else:  # one w:t: python-docx's setter walks the text a character at a time
            t = OxmlElement("w:t")
            t.text = text
            if text != text.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
        return r

    def _footnote(self, ref: FootnoteRef):
        """Write the note into footnotes.xml; return the body run that references it."""
        if ref.number in self.note_ids or ref.number <= 0:
            raise ValueError(f"footnote number {ref.number} is not unique and positive")
        self.note_ids.add(ref.number)
        note_p = self.notes.add_footnote(
            ref.number, self.styles["footnote text"], self.styles["footnote reference"]
        )
        self._inlines(note_p, [i for i in ref.content if not isinstance(i, FootnoteRef)], self.notes)
        return parse_xml(
            f'<w:r {_W}><w:rPr><w:rStyle w:val="{self.styles["footnote reference"]}"/>'
            f'</w:rPr><w:footnoteReference w:id="{ref.number}"/></w:r>'
        )

    def _page_setup(self) -> None:
        """A4 portrait (UN documents), and a centred page number unless the footer has one."""
        for section in self.doc.sections:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Twips(11906), Twips(16838)
            footer = section.footer
            footer.is_linked_to_previous = False
            if _has_page_field(footer._element):
                continue
            last = footer.paragraphs[-1] if footer.paragraphs else footer.add_paragraph()
            paragraph = last if not last.text.strip() else footer.add_paragraph()
            paragraph._p.style = self.styles["Footer"]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph._p.append(
                parse_xml(
                    f'<w:fldSimple {_W} w:instr=" PAGE \\* MERGEFORMAT ">'
                    "<w:r><w:rPr><w:noProof/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>"
                )
            )


def _has_page_field(element) -> bool:
    instrs = [e.get(qn("w:instr"), "") for e in element.iter(qn("w:fldSimple"))]
    instrs += [e.text or "" for e in element.iter(qn("w:instrText"))]
    return any(i.split()[:1] == ["PAGE"] for i in instrs)
