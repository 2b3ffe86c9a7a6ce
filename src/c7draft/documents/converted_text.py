"""Read a plain-text/Markdown conversion of a published submission into clean paragraphs.

The seeds in ``seeds/`` and text extracted from PDFs look alike: paragraphs separated by
blank lines, ``- `` bullets, ``**bold**`` header lines, ``*italic*`` titles, ``[words](#)``
links whose address was lost, ``<https://...>`` autolinks, and footnotes as superscript
markers in the body (``participants.¹``) with definitions (``¹ See <https://...>``) on
lines of their own wherever the page ended, often in the middle of a paragraph.

``parse_converted_text`` undoes those page-break artefacts:

* footnote definition lines are collected into ``ConvertedText.footnotes`` and dropped
  from the body;
* a paragraph cut by a footnote block (or, with no block, by a blank line where the
  sentence clearly goes on in lower case) is joined back together;
* a line-end hyphen after a word, before a word, is treated as a PDF wrap (see
  ``_join_lines``); "Asia- Pacific" on one line is left alone.

Each paragraph comes in two flavours: ``text`` (clean, no footnote markers) for comparing
wording, and ``marked_text`` (``[^N]`` where each marker was) for checking placement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from c7draft.errors import DocumentReadError
from c7draft.fileio import read_utf8

from .pieces import SUPERSCRIPT_DIGITS

_SUP_TO_INT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_SUP = f"[{SUPERSCRIPT_DIGITS}]"

# A footnote definition: a superscript number at the start of a line, then its text.
_FOOTNOTE_DEF = re.compile(rf"^\s*({_SUP}+)\s*(\S.*)$")
# A footnote marker in body text ("participants.¹", "2021⁴ and", "Review¹⁰,").
_MARKER = re.compile(rf"{_SUP}+")
# "- " or " - " line items (a "- a) ..." prompt line is a bullet too).
_BULLET = re.compile(r"^ ?- (.*)$")
_MD_NOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:.*$", re.M)  # "[^3]: See ...", "[^check-1]: Recycled ..."
_MD_NOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")  # "...trade.[^check-1]"
# "Part 2: ..." (in bold, a link or plain; group 1 is the number): always starts a new
# paragraph. Shared with ``readers`` and ``pdf``, which read Word files and PDFs the same way.
PART_HEADING = re.compile(r"^\W*Part\s+(\d+)\b", re.I)
# A questionnaire prompt used as a sub-heading: "b) Technical ...", "[b) What ...](#)".
PROMPT = re.compile(r"^\W*([a-h])\)\s")
# A whole word (not part of a hyphenated compound), to tell "exam-ple" from "data-driven".
WHOLE_WORD = re.compile(r"(?<![\w-])[A-Za-z]+(?![\w-])")
# Text that ends a sentence (or a heading) before a page break, ignoring trailing markers
# and markup. Used to decide whether the next block continues it.
_TERMINAL = re.compile(rf"[.!?:;…”\"’)\]]\s*(\*+|{_SUP}+)*\s*$")

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+|www\.[^>\s]+)>")
# *Title*, not touching a word on either side; a footnote marker may follow ("*Title*¹").
_WORD_NOT_MARKER = rf"[^\W{SUPERSCRIPT_DIGITS}]"
_ITALIC = re.compile(
    rf"(?<!{_WORD_NOT_MARKER})(?<![*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?!{_WORD_NOT_MARKER}|\*)"
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PLACEHOLDER = "\x00{}\x00"
_PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")

# Words after a line-end hyphen that mark a suspended compound ("low-\nand middle-income"),
# where the hyphen and the space both stay.
_SUSPENDED_NEXT = {"and", "or", "nor", "to", "as", "but", "versus", "vs"}


@dataclass
class TextParagraph:
    """A paragraph of converted text, its footnote markers taken out."""

    text: str  # clean text, footnote markers removed, single spaces
    marked_text: str  # the same, each footnote marker shown as "[^N]" in place
    footnote_numbers: list[int] = field(default_factory=list)
    italic_spans: list[str] = field(default_factory=list)  # the *...* titles, in order
    is_bullet: bool = False  # a "- " or " - " line item (prompt lines "- a) ..." too)
    line: int = 0  # 1-based source line where the paragraph starts


@dataclass
class ConvertedText:
    """A text or Markdown document read: its paragraphs and footnotes."""

    paragraphs: list[TextParagraph]
    footnotes: dict[int, str]  # footnote number -> clean text


@dataclass(eq=False)  # compared by identity: two paragraphs may have the same text
class _RawParagraph:
    """Lines that make one paragraph, before markers are taken out."""

    lines: list[str]
    start: int
    is_bullet: bool

    @property
    def raw(self) -> str:
        return " ".join(self.lines)


def names_after(texts: list[str], label: str) -> str:
    """The names after "Submission by": in the next paragraph, or after a line break."""
    for i, t in enumerate(" ".join(t.split()) for t in texts):
        if t == label and i + 1 < len(texts):
            return " ".join(texts[i + 1].split())
        if t.startswith(label + " "):
            return t[len(label) :].strip()
    return ""


def read_converted_text(path: Path) -> ConvertedText:
    """Read ``path`` (UTF-8) and parse it; unreadable or non-UTF-8 files raise DocumentReadError."""
    return parse_converted_text(read_utf8(Path(path), DocumentReadError, "text file"))


def parse_converted_text(text: str) -> ConvertedText:
    """Split converted text into clean paragraphs and footnotes (see the module doc)."""
    if "[^" in text:  # Markdown footnotes, as `c7draft preview` writes them: not body text
        text = _MD_NOTE_MARK.sub("", _MD_NOTE_DEF.sub("", text))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    vocabulary = _Vocabulary(text)

    raws: list[_RawParagraph] = []
    footnotes: dict[int, str] = {}
    referenced: set[int] = set()
    current: _RawParagraph | None = None
    # The paragraph that was open (or had just ended) when a footnote block began.
    interrupted: _RawParagraph | None = None
    after_blank = True  # previous line blank (or start of file)
    after_footnote = False  # previous non-blank line was a footnote definition

    def close() -> None:
        nonlocal current
        if current is not None:
            raws.append(current)
            current = None

    for number, line in enumerate(lines, start=1):
        line = line.rstrip()
        if not line.strip():
            close()
            after_blank = True
            continue

        fn = _FOOTNOTE_DEF.match(line)
        if fn and not _inside_bold(current):
            n = _sup_to_int(fn.group(1))
            # A line starting with a superscript number is a footnote definition when it
            # starts a block of its own, follows another definition, or defines a marker
            # already seen in the body (a PDF footnote block with no blank lines around).
            # Otherwise it is body text whose marker wrapped to the start of a line.
            if after_blank or after_footnote or (n in referenced and n not in footnotes):
                if interrupted is None:
                    interrupted = current if current is not None else (raws[-1] if raws else None)
                close()
                footnotes[n] = _clean_footnote(fn.group(2))
                after_footnote, after_blank = True, False
                continue

        bullet = _BULLET.match(line)
        if current is not None and _inside_bold(current):
            current.lines.append(line.strip())
        elif bullet:
            close()
            current = _RawParagraph([bullet.group(1).strip()], number, True)
            interrupted = None
        elif current is not None and not after_footnote:
            _join_lines(current, line.strip(), vocabulary)
        else:
            close()
            resumed = _resumed_paragraph(line.strip(), interrupted, raws, after_footnote)
            if resumed is not None:
                raws.remove(resumed)
                current = resumed
                _continue_after_break(current, line.strip(), vocabulary)
            else:
                current = _RawParagraph([line.strip()], number, False)
            interrupted = None
        # (removing links adds no marker; a marker is not ASCII)
        if not line.isascii() and _MARKER.search(line):
            referenced.update(_sup_to_int(m) for m in _MARKER.findall(_strip_links(line)))
        after_blank = after_footnote = False
    close()

    return ConvertedText([_clean_paragraph(r) for r in raws], footnotes)


def _resumed_paragraph(
    line: str, interrupted: _RawParagraph | None, raws: list[_RawParagraph], after_footnote: bool
) -> _RawParagraph | None:
    """The earlier paragraph that ``line`` continues across a page break, if any."""
    if PART_HEADING.match(line) or PROMPT.match(line) or line.startswith("**"):
        return None
    starts_lower = line[:1].islower()
    if interrupted is not None and interrupted in raws:
        # After a footnote block: the page went on with the cut paragraph, unless that
        # paragraph was complete and this line starts a sentence of its own.
        if starts_lower or not _TERMINAL.search(interrupted.raw):
            return interrupted
        return None
    if raws and not after_footnote:
        # A page break without footnotes shows up as a blank line: "costs," / "and ...".
        previous = raws[-1]
        if starts_lower and not _TERMINAL.search(previous.raw):
            return previous
    return None


# The one italic repair: a title cut by a page break after its first words, e.g.
# "launched the *Global Digital Trade*" ... footnotes ... "Development Report 2025, which
# examines". When the cut paragraph ends with a closed italic span and the page resumes
# with a run of capitalised words (or numbers) up to a comma, the run is the rest of the
# title. Kept narrow on purpose: only at a page break, only capitalised words, only
# before a comma.
_TITLE_TAIL = re.compile(r"^((?:[A-Z0-9][\w’'&.:-]*)(?: [A-Z0-9][\w’'&.:-]*)*),")


def _continue_after_break(paragraph: _RawParagraph, line: str, vocabulary: _Vocabulary) -> None:
    last = paragraph.lines[-1]
    tail = _TITLE_TAIL.match(line)
    if tail and _ends_with_italic(last):
        paragraph.lines[-1] = last[:-1]
        paragraph.lines.append(tail.group(1) + "*" + line[tail.end(1) :])
        return
    _join_lines(paragraph, line, vocabulary)


def _ends_with_italic(raw: str) -> bool:
    if not raw.endswith("*") or raw.endswith("**"):
        return False
    singles = re.sub(r"\*\*", "", raw).count("*")
    return singles % 2 == 0 and singles > 0


def _join_lines(paragraph: _RawParagraph, line: str, vocabulary: _Vocabulary) -> None:
    """Append ``line`` to the paragraph, repairing a PDF hyphen wrap if that is clear.

    "exam-" + "ple" becomes "example" only when "example" occurs elsewhere in the text;
    "data-" + "driven" and "Inter-" + "American" become "data-driven" and "Inter-American"
    (a compound wrapped at its hyphen, as a PDF of a Word file wraps it); "low-" + "and
    middle-income" keeps the space (a suspended hyphen). Anything else is joined with a
    space, as written.
    """
    last = paragraph.lines[-1]
    if cut := hyphen_wrap(last, line):
        joined = (cut[0] + cut[1]).lower() in vocabulary
        paragraph.lines[-1] = (last[:-1] if joined else last) + line
        return
    paragraph.lines.append(line)


def hyphen_wrap(last: str, line: str) -> tuple[str, str] | None:
    """The words before and after a line-end hyphen that wraps a word or a compound
    ("exam-" + "ple", "data-" + "driven"), or None: no such hyphen, or a suspended one
    ("low-" + "and middle-income"), where the space stays."""
    wrap = re.search(r"(\w+)-$", last)
    first = re.match(r"([A-Za-z]\w*)", line)
    if not (wrap and first and wrap.group(1)[-1:].isalpha()) or last.endswith("--"):
        return None
    return None if first.group(1).lower() in _SUSPENDED_NEXT else (wrap.group(1), first.group(1))


class _Vocabulary:
    """Every whole word of the text (lower case), to tell "exam-ple" from "data-driven";
    collected on the first ``in`` (most texts have no line-end hyphen to ask about)."""

    def __init__(self, text: str):
        self.text = text
        self.words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            self.words = {w.lower() for w in WHOLE_WORD.findall(self.text)}
        return word in self.words


def _inside_bold(paragraph: _RawParagraph | None) -> bool:
    """True while a **bold** span opened in the paragraph is not yet closed."""
    return paragraph is not None and paragraph.raw.count("**") % 2 == 1


def _sup_to_int(digits: str) -> int:
    return int(digits.translate(_SUP_TO_INT))


def _strip_links(raw: str) -> str:
    return _AUTOLINK.sub("", _LINK.sub(r"\1", raw))


def _unmark(raw: str) -> tuple[str, list[str]]:
    """Remove markup; return (text with marker placeholders kept, italic spans)."""
    raw = raw.replace("**", "")
    # each pattern is tried only when its first character occurs (most text has no markup)
    if "[" in raw:
        raw = _LINK.sub(r"\1", raw)
    if "<" in raw:
        raw = _AUTOLINK.sub(r"\1", raw)
    italics: list[str] = []

    def italic(m: re.Match[str]) -> str:
        italics.append(m.group(1))
        return m.group(1)

    if "*" in raw:
        raw = _ITALIC.sub(italic, raw)
    if "\\" in raw:
        raw = _ESCAPE.sub(r"\1", raw)
    return raw, italics


def _clean_paragraph(paragraph: _RawParagraph) -> TextParagraph:
    raw, italics = _unmark(paragraph.raw)
    numbers = [] if raw.isascii() else [_sup_to_int(m) for m in _MARKER.findall(raw)]  # (markers: not ASCII)
    if numbers or "\x00" in raw:
        placed = _MARKER.sub(lambda m: _PLACEHOLDER.format(_sup_to_int(m.group(0))), raw)
        text = _collapse(_PLACEHOLDER_RE.sub("", placed))
        marked = _collapse(_PLACEHOLDER_RE.sub(lambda m: f"[^{m.group(1)}]", placed))
    else:  # no marker, no placeholder: both flavours are the text itself
        text = marked = _collapse(raw)
    return TextParagraph(
        text=text,
        marked_text=marked,
        footnote_numbers=numbers,
        italic_spans=[_collapse(_MARKER.sub("", s)) for s in italics],
        is_bullet=paragraph.is_bullet,
        line=paragraph.start,
    )


def _clean_footnote(raw: str) -> str:
    text, _ = _unmark(raw)
    return _collapse(text)


def _collapse(text: str) -> str:
    """Runs of whitespace as one space, none at either end: ``re.sub(r"\\s+", " ", text).strip()``,
    5 times quicker (``str.split`` and ``\\s`` are the same characters: ``str.isspace``)."""
    return " ".join(text.split())
