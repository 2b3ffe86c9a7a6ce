"""Write a ``Draft`` as a .docx: the styles by name (``styles``), real footnotes, comments on
findings, page set-up and language, saved with reproducible metadata (``saving``)."""

from __future__ import annotations

import re
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from ..errors import DocumentReadError
from ..fileio import atomic_output
from ..model import Block, Comment, Draft, FootnoteRef, Inline, LineBreak, Run, split_inlines
from ..resources import templates_dir
from . import footnotes as fn  # importing it registers FootnotesPart
from . import marks
from .package import open_docx, related_xml
from .saving import finish_metadata, save
from .stamp import ExistingOutput
from .styles import BLOCK_STYLES, COMMENT_STYLE_IDS, ensure_styles, set_language
from .xmltext import clean_xml_text

_W = nsdecls("w")

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
    when = finish_metadata(document)  # before the stamp: it must see the final parts
    with atomic_output(path) as tmp:
        save(document, tmp, when, stamp=True)
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
        renamed = {a: self.styles[name] for a, name in COMMENT_STYLE_IDS.items() if self.styles[name] != a}
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
