"""PDF text brought into the shape of the seeds' converted text, then parsed as they are."""

from __future__ import annotations

import logging
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

from ..errors import DocumentReadError
from ..limits import pdf_pages
from .converted_text import PART_HEADING, PROMPT, SUPERSCRIPT_DIGITS, TO_SUPERSCRIPT, WHOLE_WORD, hyphen_wrap


def read_pdf_converted(path: Path):
    """A PDF's text as ``converted_text.ConvertedText`` (paragraphs and footnotes)."""
    from pypdf import PdfReader

    # pypdf logs what it repairs ("invalid pdf header", "EOF marker not found") on stderr;
    # a file it cannot read still raises, and becomes a DocumentReadError below.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            # an owner's password alone (printing or copying restricted): the empty password
            # opens it; a password to open it: nothing here can read it
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types here
                raise _encrypted(path) from exc
            if not opened:
                raise _encrypted(path)
        pages = [_page_text(page) for page in pdf_pages(reader, path)]
    except DocumentReadError:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, KeyError, ...) on damaged files
        raise DocumentReadError(
            f"cannot read the PDF ({exc})",
            file=path,
            hint="open it in a PDF reader and export it again, or save the document as .docx",
        ) from exc
    text = pdf_text_to_converted(pages)
    if not text.strip():
        raise DocumentReadError(
            "the PDF has no extractable text (a scan?)",
            file=path,
            hint="run OCR on it, or use the Word version of the document",
        )
    from .converted_text import parse_converted_text

    return parse_converted_text(text)


def _encrypted(path: Path) -> DocumentReadError:
    return DocumentReadError(
        "the PDF is encrypted: it needs a password to open",
        file=path,
        hint="save an unprotected copy of the PDF and check that",
    )


_PARAGRAPH_GAP = 1.3  # a gap above a line this many times the page's usual line spacing


def _page_text(page) -> str:
    """The page's text as pypdf extracts it, with two things its text does not show:

    - a blank line above each line whose gap to the line above is wider than the page's
      usual spacing: the space after a paragraph (or before a heading). Without it, two
      paragraphs whose first ends with a full line ("... including digital trade." /
      "Developing countries ...") read as one;
    - ``*...*`` around text set in an italic (or oblique) font: a publication's title.

    pypdf's visitor gives each piece of the text with its position and font; the pieces,
    joined, are exactly ``extract_text()``'s text."""
    pieces: list[tuple[str, float, bool]] = []

    def visit(text, cm, tm, font, _size) -> None:
        # y in the page's space (the text matrix, then the current transformation)
        name = str((font or {}).get("/BaseFont", "")).lower()
        pieces.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5], "italic" in name or "oblique" in name))

    text = page.extract_text(visitor_text=visit) or ""
    lines, ys = _lines(pieces)
    if "".join(lines).replace("*", "") != text.replace("\n", "").replace("*", ""):
        return text  # (never seen: pypdf's text then, as it is)
    return "\n".join(_paragraphs_apart(lines, ys))


def _lines(pieces: list[tuple[str, float, bool]]) -> tuple[list[str], list[float | None]]:
    """The pieces' lines, with ``*`` around the words set in italics (a title may run over
    a line's end), and each line's y: that of its longest piece (not a raised marker's)."""
    lines: list[str] = []
    ys: list[float | None] = []
    line, best, y, italic = "", 0, None, False

    def close() -> None:  # "*" after the last words set in italics (this line's, or above)
        nonlocal line
        if line.strip():
            line = _after_words(line, "*")
            return
        k = max(k for k, text in enumerate(lines) if text.strip())
        lines[k] = _after_words(lines[k], "*")

    for piece, at, slanted in pieces:
        for k, part in enumerate(piece.split("\n")):
            if k:
                lines.append(line)
                ys.append(y)
                line, best, y = "", 0, None
            if not part.strip():
                line += part
                continue
            if slanted != italic:
                if italic:
                    close()
                else:  # "*" before the piece's first word
                    part = part[: len(part) - len(part.lstrip())] + "*" + part.lstrip()
                italic = slanted
            line += part
            if len(part.strip()) > best:
                best, y = len(part.strip()), at
    if italic:
        close()
    return [*lines, line], [*ys, y]


def _paragraphs_apart(lines: list[str], ys: list[float | None]) -> list[str]:
    """``lines`` with a blank line above each whose gap to the line above is wider than the
    page's usual line spacing (the commonest gap)."""
    heights = [y for y in ys if y is not None]
    steps = [a - b for a, b in pairwise(heights)]
    # the text runs from the page's top to its foot: y grows up the page (PDF's own space)
    # or, on a page drawn flipped, down it
    down = 1 if heights[:1] >= heights[-1:] else -1
    gaps = [round(d * down, 1) for d in steps if d * down > 0]
    if not gaps:
        return lines
    usual = Counter(gaps).most_common(1)[0][0]  # (of two as common, the first down the page)
    out: list[str] = []
    above: float | None = None
    for line, y in zip(lines, ys, strict=True):
        if (
            y is not None
            and above is not None
            and (above - y) * down > _PARAGRAPH_GAP * usual
            and out[-1].strip()
        ):
            out.append("")
        out.append(line)
        above = y if y is not None else above
    return out


def _after_words(text: str, mark: str) -> str:
    """``mark`` after the last word of ``text``, before the spaces that end it."""
    words = text.rstrip()
    return words + mark + text[len(words) :]


# Bullet glyphs as PDF text extraction gives them; Word and LibreOffice bullets in the Symbol
# or Wingdings font come out as private-use characters (U+F0B7, U+F0A7, U+F076, ...).
_PDF_BULLET = re.compile(r"^\s*(?:[•●▪◦·\-–]\s+|[\uf0a7\uf0b7\uf076\uf0d8\uf0fc]\s*)")
_PDF_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?\s*$", re.I)
_PDF_FOOTNOTE = re.compile(r"^\s*(\d{1,2})\s+(?=\S)")
# a marker after a word or punctuation ("economy.1", "review4,"), or after a year ("Report 20214")
_PDF_MARKER = re.compile(r"(?:(?<=[a-z)\].,;:”’\"])|\b(?<!\d[.,])((?:19|20)\d\d))(\d{1,2})(?=[\s,.;:)]|$)")
_DECIMAL = re.compile(r"\d[.,]$")
_NEW_SENTENCE = re.compile(r"\s*$|\s+[\"“‘(]?[A-Z]")
_PDF_SENTENCE_END = re.compile(rf"[.!?:;…][”\"’)\]]*[{SUPERSCRIPT_DIGITS}]*$")
_PDF_END = re.compile(rf"[.!?:;…”\"’)][{SUPERSCRIPT_DIGITS}]*$")


def pdf_text_to_converted(pages: list[str]) -> str:
    """Bring pypdf's text (one string per page) close to the seeds' converted form.

    pypdf gives lines but no paragraph breaks, plain digits for superscripts and each
    page's footnotes at its foot. Here: a bullet glyph becomes "- "; a Part heading or a
    prompt ("a) ...") stands alone, with its wrapped lines (those starting in lower case
    or with "("); a short line ending a sentence ends its paragraph; page
    numbers go; a marker after a word or punctuation ("economy.1 Next", "review4,") becomes
    a superscript, never a number inside a word or after a space ("G20", "in 2023"); and
    from a page's first line "N text" whose N was such a marker, the rest of the page is
    footnotes, moved into a block of their own so ``parse_converted_text`` drops them and
    rejoins the paragraph they cut. Line-end hyphens are left to ``parse_converted_text``.
    """
    lines_per_page = [[ln.rstrip() for ln in page.replace("\r\n", "\n").split("\n")] for page in pages]
    lengths = sorted(len(ln.strip()) for page in lines_per_page for ln in page if ln.strip())
    full = lengths[int(len(lengths) * 0.9)] if lengths else 80  # a typical full line
    out: list[str] = []
    markers: set[int] = set()

    def marker(m: re.Match[str]) -> str:
        """The digits as a marker when they come next in the notes' order (one or two may have
        been missed); "0.9 billion" before note 1, or "2.5 per cent", stays a number. After a
        year, only the very next number: "Report 2021" + note 4 reads "20214"."""
        year, n = m.group(1) or "", int(m.group(2))
        last = max(markers, default=0)
        if not last < n <= last + (1 if year else 3):
            return m.group()
        if _DECIMAL.search(m.string, 0, m.start(2)) and not _NEW_SENTENCE.match(m.string, m.end(2)):
            return m.group()  # "version 2.1 of": a decimal, not "in 2023.1 The next"
        markers.add(n)
        return year + m.group(2).translate(TO_SUPERSCRIPT)

    for page in lines_per_page:
        while page and not page[-1].strip():
            page.pop()
        if page and _PDF_PAGE_NUMBER.match(page[-1]):
            page.pop()
        if page and _PDF_PAGE_NUMBER.match(page[0]):
            page.pop(0)
        notes: list[tuple[int, str]] = []  # (number, text)
        heading = False  # the last line was a Part heading or prompt, which may wrap
        # a page with blank lines between its paragraphs (``_page_text``): a full line of a
        # heading followed by a line with no blank between wrapped ("... the action line?" /
        # "Any new commitments?"), whatever that line starts with
        gapped, above = any(not ln.strip() for ln in page), ""
        for line in page:
            text = line.strip()
            if (
                heading
                and text
                and (text[0].islower() or text[0] == "(" or (gapped and len(above) >= 0.8 * full))
                and not _PDF_BULLET.match(text)
                and not PROMPT.match(text)
                and not PART_HEADING.match(text)
            ):
                out[-1] += " " + text  # "b) Future actions ... stakeholders" / "(regional/...) ..."
                above = text
                continue
            above = text
            if heading:
                out.append("")
                heading = False
            fn = _PDF_FOOTNOTE.match(text)
            if fn and int(fn.group(1)) in markers and (notes or not PART_HEADING.match(text)):
                notes.append((int(fn.group(1)), text[fn.end() :]))
                continue
            if notes and not text:  # (a gap between two notes)
                continue
            if notes:  # a footnote running over two lines ("e-" + "commerce" keeps its hyphen)
                n, note = notes[-1]
                notes[-1] = (n, note + (text if hyphen_wrap(note, text) else " " + text))
                continue
            if not text:
                out.append("")
            elif PART_HEADING.match(text) or PROMPT.match(text):
                out += ["", text]
                heading = True
            else:
                bullet = _PDF_BULLET.match(text)
                if (
                    bullet
                    and bullet.group().strip() in "-–"
                    and out
                    and out[-1]
                    and not _PDF_SENTENCE_END.search(out[-1])
                ):
                    bullet = None  # a dash that wrapped to the start of a line mid-sentence
                body = _PDF_MARKER.sub(marker, text[bullet.end() :] if bullet else text)
                out.append(f"- {body}" if bullet else body)
                if _PDF_END.search(body) and len(text) < 0.8 * full:
                    out.append("")
        if notes:
            out += ["", *_footnote_lines(notes), ""]
    return "\n".join(_join_wrapped_words(out))


def _footnote_lines(notes: list[tuple[int, str]]) -> list[str]:
    """A page's footnotes as "¹ text" lines. pypdf gives a page's notes as one line when they
    sit close ("1 A source.2 Another source.", "1 See https://a.org/x2 See ..."): a note is
    cut where the next one's number follows the end of a sentence (not a figure's point:
    "5.6 million") or of a web address. That number need not be a marker found in the text:
    one after a figure ("Report 20214") cannot be told from it."""
    lines = []
    for n, text in notes:
        while cut := _next_note(text, n + 1):
            lines.append(f"{str(n).translate(TO_SUPERSCRIPT)} {text[: cut[0]]}")
            n, text = n + 1, text[cut[1] :]
        lines.append(f"{str(n).translate(TO_SUPERSCRIPT)} {text}")
    return lines


def _next_note(text: str, number: int) -> tuple[int, int] | None:
    """Where note ``number`` starts inside ``text``, the note before it: (its number's start, its text's start)."""
    for m in re.finditer(rf"(?<=\S){number}\s+(?=\S)", text):
        before = text[: m.start()]
        if re.search(r"(?:\D[.!?]|[)”\"’])$", before) or before.split()[-1].startswith(_WEB):
            return m.start(), m.end()
    return None


_WEB = ("http://", "https://", "www.")


def _join_wrapped_words(lines: list[str]) -> list[str]:
    """Join "econo-" + "mies ..." when neither half is a word anywhere in the text.

    ``parse_converted_text`` already joins a wrap whose joined word occurs elsewhere and
    keeps "data-" + "driven" (both words); this catches the rest of a PDF's wraps.
    """
    words = {
        w.lower()
        for ln in lines  # (a line's first word may be the tail of a wrap)
        for w in WHOLE_WORD.findall(ln.split(" ", 1)[1] if " " in ln else "")
    }
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        head = re.search(r"(?<![\w-])([a-z]{2,})-$", prev)
        tail = re.match(r"([a-z]+)\b", line)
        if head and tail and head.group(1) not in words and tail.group(1) not in words:
            out[-1] = prev[:-1] + line
        else:
            out.append(line)
    return out
