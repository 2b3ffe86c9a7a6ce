"""A reviewer's edits to a built .docx, made in its XML as Word writes them: typed text,
tracked insertions and deletions (with their authors), a new bullet, a deleted bullet, a
footnote edit, a comment and a reply (commentsExtended.xml, as Word 2013 and later)."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from c7draft.docx_io.footnotes import footnotes_part

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
DATE = "2026-02-03T10:00:00Z"


class Reviewer:
    def __init__(self, path: Path):
        self.path = path
        self.doc = docx.Document(str(path))
        self.body = self.doc.element.body
        self.next_id = 9000
        self.replies: list[tuple[str, str]] = []  # (reply paraId, parent paraId)

    def paragraph(self, starting: str):
        found = [p for p in self.body.iter(qn("w:p")) if _text(p).startswith(starting)]
        assert len(found) == 1, f"{len(found)} paragraphs start with {starting!r}"
        return found[0]

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def type_over(self, starting: str, old: str, new: str) -> None:
        """A typed edit (no tracking): ``old`` becomes ``new`` inside one run."""
        for t in self.paragraph(starting).iter(qn("w:t")):
            if old in (t.text or ""):
                t.text = t.text.replace(old, new, 1)
                return
        raise AssertionError(f"{old!r} not in one run of {starting!r}")

    def track_replace(self, starting: str, old: str, new: str, author: str) -> None:
        """A tracked change: ``old`` deleted and ``new`` inserted, by ``author``."""
        p = self.paragraph(starting)
        for r in p.iter(qn("w:r")):
            t = r.find(qn("w:t"))
            if t is None or old not in (t.text or ""):
                continue
            before, after = t.text.split(old, 1)
            parent = r.getparent()
            at = parent.index(r)
            pieces = []
            if before:
                pieces.append(_run(r, before))
            deleted = OxmlElement(
                "w:del", attrs={qn("w:id"): self._id(), qn("w:author"): author, qn("w:date"): DATE}
            )
            gone = _run(r, old)
            gone.find(qn("w:t")).tag = qn("w:delText")
            deleted.append(gone)
            pieces.append(deleted)
            if new:
                inserted = OxmlElement(
                    "w:ins", attrs={qn("w:id"): self._id(), qn("w:author"): author, qn("w:date"): DATE}
                )
                inserted.append(_run(r, new))
                pieces.append(inserted)
            if after:
                pieces.append(_run(r, after))
            parent.remove(r)
            for k, piece in enumerate(pieces):
                parent.insert(at + k, piece)
            return
        raise AssertionError(f"{old!r} not in one run of {starting!r}")

    def add_bullet_after(self, starting: str, text: str) -> None:
        """A new bullet typed after another (Enter at its end): same style, no mark."""
        p = self.paragraph(starting)
        new = OxmlElement("w:p")
        new.append(copy.deepcopy(p.find(qn("w:pPr"))))
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        r.append(t)
        new.append(r)
        p.addnext(new)

    def add_bullet_before(self, starting: str, text: str) -> None:
        """A new bullet typed before another (Enter at its start, then typed): same style."""
        self.add_bullet_after(starting, text)
        p = self.paragraph(starting)
        p.addprevious(p.getnext())

    def delete(self, starting: str) -> None:
        """A bullet deleted whole without tracking: its paragraph and its mark are gone."""
        p = self.paragraph(starting)
        p.getparent().remove(p)

    def track_delete(self, starting: str, author: str) -> None:
        """A bullet deleted whole with tracking on: runs and paragraph mark deleted."""
        p = self.paragraph(starting)
        for r in list(p.iterchildren(qn("w:r"), qn("w:hyperlink"))):
            for t in r.iter(qn("w:t")):
                t.tag = qn("w:delText")
            deleted = OxmlElement(
                "w:del", attrs={qn("w:id"): self._id(), qn("w:author"): author, qn("w:date"): DATE}
            )
            r.addprevious(deleted)
            deleted.append(r)
        ppr = p.find(qn("w:pPr"))
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(
            OxmlElement("w:del", attrs={qn("w:id"): self._id(), qn("w:author"): author, qn("w:date"): DATE})
        )

    def move_after(self, starting: str, target: str) -> None:
        """A bullet cut and pasted after another (its mark goes with it)."""
        p = self.paragraph(starting)
        self.paragraph(target).addnext(p)

    def footnote(self, old: str, new: str) -> None:
        part = footnotes_part(self.doc.part, create=False)
        for t in part.element.iter(qn("w:t")):
            if old in (t.text or ""):
                t.text = t.text.replace(old, new, 1)
                return
        raise AssertionError(f"{old!r} not in a footnote")

    def delete_footnote(self, starting: str, which: int = 0) -> None:
        """A footnote of a paragraph deleted (its marker selected and deleted, untracked):
        the reference run and the note in footnotes.xml are gone, as Word leaves them."""
        ref = list(self.paragraph(starting).iter(qn("w:footnoteReference")))[which]
        note_id = ref.get(qn("w:id"))
        run = ref.getparent()
        run.getparent().remove(run)
        part = footnotes_part(self.doc.part, create=False)
        (note,) = (n for n in part.element.iter(qn("w:footnote")) if n.get(qn("w:id")) == note_id)
        note.getparent().remove(note)

    def add_footnote(self, starting: str, after: str | int, text: str) -> None:
        """A footnote inserted (References > Insert Footnote) right after the run of a
        paragraph that ends with ``after`` (or after its footnote number ``after``, from 0):
        a reference run there, and the note, made like the document's first one (its mark
        run kept, its words replaced by ``text``)."""
        part = footnotes_part(self.doc.part, create=False)
        note = copy.deepcopy(
            next(n for n in part.element.iter(qn("w:footnote")) if int(n.get(qn("w:id"))) > 0)
        )
        note.set(qn("w:id"), self._id())
        for extra in note.findall(qn("w:p"))[1:]:
            note.remove(extra)
        p = note.find(qn("w:p"))
        mark_run = next(r for r in p.iter(qn("w:r")) if r.find(qn("w:footnoteRef")) is not None)
        for child in list(p):
            if child.tag != qn("w:pPr") and child is not mark_run:
                p.remove(child)
        p.append(_run(OxmlElement("w:r"), " " + text))  # plain text after the mark
        part.element.append(note)
        reference = copy.deepcopy(
            next(r for r in self.body.iter(qn("w:r")) if r.find(qn("w:footnoteReference")) is not None)
        )
        reference.find(qn("w:footnoteReference")).set(qn("w:id"), note.get(qn("w:id")))
        runs = list(self.paragraph(starting).iter(qn("w:r")))
        if isinstance(after, int):  # right after the paragraph's footnote number ``after``
            runs = [r for r in runs if r.find(qn("w:footnoteReference")) is not None][after : after + 1]
        else:
            runs = [r for r in runs if (getattr(r.find(qn("w:t")), "text", None) or "").endswith(after)]
        assert runs, f"no run of {starting!r} ends with {after!r}"
        runs[0].addnext(reference)

    def comment(self, starting: str, text: str, author: str, reply: tuple[str, str] | None = None):
        """A comment on a paragraph; ``reply`` (author, text) answers it."""
        from docx.text.paragraph import Paragraph

        paragraph = Paragraph(self.paragraph(starting), self.doc._body)
        runs = paragraph.runs or [paragraph.add_run("")]
        first = self.doc.add_comment(runs, text=text, author=author, initials=author[:2])
        para_id = f"{int(first.comment_id) + 0x100:08X}"
        first._comment_elm.findall(qn("w:p"))[-1].set(f"{{{W14}}}paraId", para_id)
        if reply is not None:
            answer = self.doc.add_comment(runs, text=reply[1], author=reply[0], initials=reply[0][:2])
            answer_id = f"{int(answer.comment_id) + 0x100:08X}"
            answer._comment_elm.findall(qn("w:p"))[-1].set(f"{{{W14}}}paraId", answer_id)
            self.replies.append((answer_id, para_id))
        return first

    def save(self, path: Path | None = None) -> Path:
        if self.replies:
            extended = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w15:commentsEx xmlns:w15="{W15}">'
                + "".join(
                    f'<w15:commentEx w15:paraId="{a}" w15:paraIdParent="{b}" w15:done="0"/>'
                    for a, b in self.replies
                )
                + "</w15:commentsEx>"
            )
            part = Part(
                PackURI("/word/commentsExtended.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                extended.encode(),
                self.doc.part.package,
            )
            self.doc.part.relate_to(
                part, "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
            )
        out = path or self.path
        self.doc.save(str(out))
        return out


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _run(template, text: str):
    r = OxmlElement("w:r")
    rpr = template.find(qn("w:rPr"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r
