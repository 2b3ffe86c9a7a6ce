"""Tracked changes (ISO/IEC 29500-1 §17.13.5) read as accepted or as rejected.

``resolve`` lists every tracked change of the body and the footnotes (author, date, kind,
text, the paragraph it is in), then rewrites the parsed parts in memory as if each change
were accepted or rejected, so that the reader sees that text. The file is never saved.

- ``w:ins``/``w:moveTo`` hold inserted runs, ``w:del``/``w:moveFrom`` deleted ones (their
  text in ``w:delText``);
- a deleted paragraph mark (``w:pPr/w:rPr/w:del``; inserted: ``.../w:ins``) joins the
  paragraph to the next one once accepted (rejected, for an inserted mark): a bullet deleted
  whole is gone, not left as an empty paragraph;
- ``w:rPrChange``/``w:pPrChange`` hold the formatting before a change (rejecting restores it).

Why by hand: python-docx has no API for tracked changes, and no maintained Python library
accepts or rejects them (pandoc does, but it reads into its own model without the marks
and bookmarks `pull` needs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

_INS, _DEL, _MOVE_TO, _MOVE_FROM = qn("w:ins"), qn("w:del"), qn("w:moveTo"), qn("w:moveFrom")
_RPR_CHANGE, _PPR_CHANGE = qn("w:rPrChange"), qn("w:pPrChange")
_KINDS = {_INS: "insert", _DEL: "delete", _MOVE_TO: "move", _MOVE_FROM: "move", _RPR_CHANGE: "format"}


@dataclass
class TrackedChange:
    """One tracked change in a reviewed .docx: who, when and what kind."""

    author: str
    date: str
    kind: str  # insert, delete, move, format
    text: str
    marks: list[str] = field(default_factory=list)  # c7draft's marks in its paragraph (docx_io.marks)
    footnote: int | None = None  # the footnote it is in (None: the body)
    paragraph: object = None  # the w:p it was in (before accepting or rejecting)


def resolve(root, accept: bool, footnote: int | None = None) -> list[TrackedChange]:
    """List the tracked changes under ``root`` (the body, or one w:footnote) and resolve them."""
    from .marks import marks_in

    changes = []
    for el in root.iter(_INS, _DEL, _MOVE_TO, _MOVE_FROM, _RPR_CHANGE):
        if el.getparent() is not None and el.getparent().tag == qn("w:rPr") and el.tag != _RPR_CHANGE:
            continue  # a paragraph mark: its runs are listed
        p = next((a for a in el.iterancestors(qn("w:p"))), None)
        text = "".join(t.text or "" for t in el.iter(qn("w:t"), qn("w:delText")))
        if el.tag == _RPR_CHANGE:
            run = el.getparent().getparent()
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if not text:
            continue
        changes.append(
            TrackedChange(
                el.get(qn("w:author"), ""),
                el.get(qn("w:date"), ""),
                _KINDS[el.tag],
                text,
                marks_in(p) if p is not None else [],
                footnote,
                p,
            )
        )
    _resolve_runs(root, accept)
    _join_paragraphs(root, accept)
    return changes


def _resolve_runs(root, accept: bool) -> None:
    drop, keep = ((_DEL, _MOVE_FROM), (_INS, _MOVE_TO)) if accept else ((_INS, _MOVE_TO), (_DEL, _MOVE_FROM))
    for el in list(root.iter(*drop, *keep)):
        parent = el.getparent()
        if parent is None or parent.tag == qn("w:rPr"):
            continue  # paragraph marks: see _join_paragraphs
        if el.tag in drop:
            parent.remove(el)
            continue
        for t in el.iter(qn("w:delText")):
            t.tag = qn("w:t")
        index = parent.index(el)
        for child in list(el):
            parent.insert(index, child)
            index += 1
        parent.remove(el)
    for change in list(root.iter(_RPR_CHANGE, _PPR_CHANGE)):
        props = change.getparent()
        if not accept:
            old = change.find(qn("w:rPr") if change.tag == _RPR_CHANGE else qn("w:pPr"))
            kept = [c for c in props if c.tag in (qn("w:rPr"), qn("w:sectPr"), qn("w:numPr"))]
            for c in list(props):
                if c not in kept:
                    props.remove(c)
            for c in list(old if old is not None else []):
                props.append(c)
        elif change.getparent() is not None:
            props.remove(change)


def _join_paragraphs(root, accept: bool) -> None:
    """A paragraph whose mark is gone (deleted and accepted, or inserted and rejected) runs
    on into the next paragraph: its content moves to the start of that one."""
    gone = _DEL if accept else _INS
    for p in list(root.iter(qn("w:p"))):
        rpr = p.find(qn("w:pPr") + "/" + qn("w:rPr"))
        if rpr is None:
            continue
        for mark in rpr.findall(_INS) + rpr.findall(_DEL) + rpr.findall(_MOVE_TO) + rpr.findall(_MOVE_FROM):
            removed = mark.tag == gone or mark.tag == (_MOVE_FROM if accept else _MOVE_TO)
            rpr.remove(mark)
            if not removed:
                continue
            after = p.getnext()
            while after is not None and after.tag != qn("w:p"):
                after = after.getnext()
            if after is None:
                continue  # the last paragraph keeps its mark
            ppr = after.find(qn("w:pPr"))
            at = 0 if ppr is None else after.index(ppr) + 1
            for child in [c for c in p if c.tag != qn("w:pPr")]:
                after.insert(at, child)
                at += 1
            p.getparent().remove(p)
