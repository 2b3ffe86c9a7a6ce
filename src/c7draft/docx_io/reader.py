"""Read any .docx back as plain data: body paragraphs with their footnote references,
italics and links, footnotes, comments and core properties."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ..errors import DocumentReadError
from ..model import BuildBase
from . import footnotes as fn  # importing it registers FootnotesPart
from .marks import marks_in, read_base
from .package import open_docx, related_xml
from .revisions import TrackedChange


@dataclass
class DocxParagraph:
    """A body paragraph of a .docx as read: its text, style and footnote references."""

    text: str  # body text; footnote contents are NOT part of it
    style: str
    is_list: bool
    italic_spans: list[str] = field(default_factory=list)
    footnote_ids: list[int] = field(default_factory=list)
    marked_text: str = ""  # text with "[^N]" where note N (1..n, document order) is referenced
    hyperlinks: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    # In reading order: ("text", chunk, italic, url or None) and ("note", footnote id)
    pieces: list[tuple] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)  # keys of c7draft's marks in it (docx_io.marks)


@dataclass
class DocxFootnote:
    """A footnote of a .docx as read: its id, text and links."""

    id: int
    text: str
    urls: list[str] = field(default_factory=list)
    italic_spans: list[str] = field(default_factory=list)
    pieces: list[tuple] = field(default_factory=list)  # as DocxParagraph.pieces


@dataclass
class DocxComment:
    """A Word comment as read: its text and the text it is anchored on."""

    text: str
    anchored_text: str
    author: str = ""
    date: str = ""
    id: str = ""
    paragraph: int | None = None  # the body paragraph it is anchored in (index in DocxContent.paragraphs)
    parent: str | None = None  # for a reply: the id of the comment it answers
    done: bool = False  # marked resolved in Word


@dataclass
class DocxContent:
    """What ``read_docx`` reads from a .docx: paragraphs, footnotes and comments."""

    paragraphs: list[DocxParagraph]
    footnotes: dict[int, DocxFootnote]
    comments: list[DocxComment]
    core: dict
    tracked: list[TrackedChange] = field(default_factory=list)  # read_reviewed only
    base: BuildBase | None = None  # what c7draft built it from (docx_io.marks); None: not built by c7draft


def read_docx(path: Path) -> DocxContent:
    """What a reader of any .docx sees: body paragraphs, footnotes, comments, properties."""
    document = open_docx(Path(path), "Word document")
    try:
        return _read(document)
    except Exception as e:  # malformed markup inside (ValueError, KeyError, RecursionError...)
        raise DocumentReadError(
            f"the Word document's content is damaged ({e})",
            file=path,
            hint="open it in Word or LibreOffice and save it again",
        ) from None


def read_reviewed(path: Path, *, accept: bool = True) -> DocxContent:
    """``read_docx`` of a reviewed document with every tracked change accepted (or rejected),
    the changes listed in ``tracked``; comments with their authors, dates and replies."""
    from .revisions import resolve

    document = open_docx(Path(path), "Word document")
    try:
        tracked = resolve(document.element.body, accept)
        notes = fn.footnotes_part(document.part, create=False)
        if notes is not None and hasattr(notes, "element"):
            for note in notes.element.findall(qn("w:footnote")):
                tracked += resolve(note, accept, int(note.get(qn("w:id"))))
        content = _read(document)
    except Exception as e:  # malformed markup inside
        raise DocumentReadError(
            f"the Word document's content is damaged ({e})",
            file=path,
            hint="open it in Word or LibreOffice and save it again",
        ) from None
    content.tracked = tracked
    return content


def _read(document: Document) -> DocxContent:
    body = document.element.body
    paragraphs: list[DocxParagraph] = []
    order, index = 0, {}
    for p in body.iter(qn("w:p")):
        if _hidden_copy(p):
            continue
        para = _read_paragraph(p, document.part, order)
        order += len(para.footnote_ids)
        para.style = _style_name(Paragraph(p, document._body))
        para.is_list = _is_list(p, Paragraph(p, document._body))
        para.marks = marks_in(p)
        index[p] = len(paragraphs)
        paragraphs.append(para)
    return DocxContent(
        paragraphs,
        _read_footnotes(document),
        _read_comments(document, index),
        _read_core(document),
        base=read_base(document),
    )


_SKIP = {
    qn(t)
    for t in (
        "w:pPr",
        "w:rPr",
        "w:del",
        "w:moveFrom",
        "w:txbxContent",
        "w:drawing",
        "w:pict",
        "w:object",
        "w:instrText",
        "w:delText",
    )
}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


def _hidden_copy(p) -> bool:
    """True for the duplicate of a text box paragraph that Word keeps for old readers."""
    return any(a.tag == _MC_FALLBACK for a in p.iterancestors())


def _events(el, part, link=None):
    """Yield ("text", str, italic, link) and ("note", id) in reading order."""
    for child in el:
        tag = child.tag
        if tag in _SKIP or tag == _MC_FALLBACK or not isinstance(tag, str):
            continue
        if tag == qn("w:hyperlink"):
            rel = part.rels.get(child.get(qn("r:id"), ""))
            url = rel.target_ref if rel is not None else "#" + child.get(qn("w:anchor"), "")
            yield from _events(child, part, [url, child])
        elif tag == qn("w:r"):
            italic = _is_on(child.find(qn("w:rPr") + "/" + qn("w:i")))
            for item in child:
                if item.tag in _TEXT:
                    text = (item.text or "") if item.tag == qn("w:t") else _TEXT[item.tag]
                    yield ("text", text, italic, link)
                elif item.tag == qn("w:footnoteReference"):
                    yield ("note", int(item.get(qn("w:id"))))
        else:
            yield from _events(child, part, link)


def _is_on(toggle) -> bool:
    return toggle is not None and toggle.get(qn("w:val"), "true") not in ("0", "false", "off")


def _read_paragraph(p, part, notes_before: int = 0) -> DocxParagraph:
    text, marked, ids, pieces = [], [], [], []
    links: dict[object, list[str]] = {}  # the w:hyperlink element -> [url, its text]
    spans = [""]  # the last one is open; a non-italic chunk or a note closes it
    for event in _events(p, part):
        pieces.append(event if event[0] == "note" else event[:3] + (event[3] and event[3][0],))
        if event[0] == "note":
            ids.append(event[1])
            marked.append(f"[^{notes_before + len(ids)}]")
            spans.append("")
            continue
        _, chunk, italic, link = event
        text.append(chunk)
        marked.append(chunk)
        if italic:
            spans[-1] += chunk
        elif chunk.strip():
            spans.append("")
        if link is not None:  # keyed by the w:hyperlink element: one entry per link
            links.setdefault(link[1], [link[0], ""])[1] += chunk
    return DocxParagraph(
        text="".join(text),
        style="",
        is_list=False,
        italic_spans=[s for s in spans if s.strip()],
        footnote_ids=ids,
        marked_text="".join(marked),
        hyperlinks=[(t, u) for u, t in links.values()],
        pieces=pieces,
    )


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or style.style_id or "") if style is not None else ""


def _is_list(p, paragraph: Paragraph) -> bool:
    """Numbered directly or through its style (or a style it is based on)."""
    candidates = [p.pPr.numPr if p.pPr is not None else None]
    style, seen = paragraph.style, set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        ppr = style.element.pPr
        candidates.append(ppr.numPr if ppr is not None else None)
        style = style.base_style
    for num_pr in candidates:
        if num_pr is not None and num_pr.numId is not None:
            return num_pr.numId.val != 0
    return False


def _read_footnotes(document: Document) -> dict[int, DocxFootnote]:
    part = fn.footnotes_part(document.part, create=False)
    if part is None or not hasattr(part, "element"):
        return {}
    notes = {}
    for note in part.element.findall(qn("w:footnote")):
        if note.get(qn("w:type"), "normal") != "normal":  # separators, continuation notices
            continue
        paras = [_read_paragraph(p, part) for p in note.iter(qn("w:p"))]
        note_id = int(note.get(qn("w:id")))
        notes[note_id] = DocxFootnote(
            id=note_id,
            text="\n".join(p.text for p in paras).strip(),
            urls=[url for p in paras for _, url in p.hyperlinks],
            italic_spans=[s for p in paras for s in p.italic_spans],
            pieces=[
                piece
                for i, p in enumerate(paras)
                for piece in ([("text", "\n", False, None)] if i else []) + p.pieces
            ],
        )
    return notes


_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"


def _replies(document: Document) -> dict[str, tuple[str | None, bool]]:
    """Comment paragraph id -> (its parent's paragraph id, resolved), from commentsExtended.xml
    (Word 2013 and later, and LibreOffice, tie a reply to its comment there)."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == _COMMENTS_EXTENDED and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False))
            return {
                ex.get(f"{{{_W15}}}paraId"): (
                    ex.get(f"{{{_W15}}}paraIdParent"),
                    ex.get(f"{{{_W15}}}done") == "1",
                )
                for ex in root.iter(f"{{{_W15}}}commentEx")
            }
    return {}


def _read_comments(document: Document, index: dict | None = None) -> list[DocxComment]:
    try:
        comments = related_xml(document.part, RT.COMMENTS)
    except KeyError:
        return []
    anchored: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    where: dict[str, int] = {}
    for el in document.element.body.iter():
        if el.tag in (qn("w:commentRangeStart"), qn("w:commentReference")) and index:
            p = next(el.iterancestors(qn("w:p")), None)
            if p is None:  # between paragraphs: the next one
                p = next((s for s in el.itersiblings() if s.tag == qn("w:p")), None)
            if p in index:
                where.setdefault(el.get(qn("w:id")), index[p])
        if el.tag == qn("w:commentRangeStart"):
            open_ids.add(el.get(qn("w:id")))
            anchored.setdefault(el.get(qn("w:id")), [])
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(el.get(qn("w:id")))
        elif open_ids and (el.tag in _TEXT or el.tag == qn("w:p")):
            piece = "\n" if el.tag == qn("w:p") else _TEXT[el.tag] or el.text or ""
            for cid in open_ids:
                anchored[cid].append(piece)
    replies = _replies(document)
    result, by_para_id = [], {}
    for c in comments.findall(qn("w:comment")):
        paras = c.findall(qn("w:p"))
        text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in c.iter(qn("w:p")))
        cid = c.get(qn("w:id"))
        para_id = paras[-1].get(_W14_PARA_ID) if paras else None
        parent, done = replies.get(para_id, (None, False)) if para_id else (None, False)
        by_para_id[para_id] = cid
        result.append(
            DocxComment(
                text=text,
                anchored_text="".join(anchored.get(cid, [])).strip(),
                author=c.get(qn("w:author"), ""),
                date=c.get(qn("w:date"), ""),
                id=cid,
                paragraph=where.get(cid),
                parent=parent,
                done=done,
            )
        )
    for comment in result:
        comment.parent = by_para_id.get(comment.parent) if comment.parent else None
    if not replies:
        _replies_by_range(result, list(anchored))
    return result


def _replies_by_range(comments: list[DocxComment], started: list[str]) -> None:
    """LibreOffice (7.4) saves a reply as a comment of its own on the very same words, with
    no commentsExtended.xml to tie it to its comment: a comment on exactly the words of one
    started before it is taken as its reply."""
    first: dict[tuple, str] = {}
    by_id = {c.id: c for c in comments}
    for cid in started:
        comment = by_id.get(cid)
        if comment is None or not comment.anchored_text:
            continue
        key = (comment.paragraph, comment.anchored_text)
        if key in first:
            comment.parent = first[key]
        else:
            first[key] = cid


def _read_core(document: Document) -> dict:
    cp = document.core_properties
    return {
        "title": cp.title,
        "author": cp.author,
        "subject": cp.subject,
        "keywords": cp.keywords,
        "comments": cp.comments,
        "last_modified_by": cp.last_modified_by,
        "created": cp.created,
        "modified": cp.modified,
    }
