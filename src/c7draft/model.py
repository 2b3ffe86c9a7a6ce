"""The assembled document: what every writer and reader of a draft shares.

Loading YAML gives a validated submission (``inputs``); ``assemble`` turns it into a
``Draft``: an ordered list of blocks whose inline content is runs and numbered
footnote references. The .docx writer, the plain-text preview and ``check`` all work
from this one model, so none of them re-parses markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .languages import LANGUAGES

Language = Literal[LANGUAGES]  # type: ignore[valid-type]  # a submission's proofing language


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting. ``url`` makes it (part of) a hyperlink."""

    text: str
    italic: bool = False
    bold: bool = False
    url: str | None = None


@dataclass(frozen=True)
class LineBreak:
    """A line break inside a paragraph (w:br), as in the masthead."""


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote placed exactly here. ``number`` is 1..n in order of appearance."""

    number: int
    content: tuple[Run | LineBreak, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.content if isinstance(r, Run))


Inline = Run | LineBreak | FootnoteRef

# masthead: the bold, centred header lines tied to the session
# heading:  "Part 1: Executive Summary" and its siblings (Heading 1)
# prompt:   a questionnaire prompt such as "a) Technical assistance ..." (Heading 2)
# paragraph: body text (front matter, executive summary)
# bullet:   an activity record, as a real Word list paragraph
BlockKind = Literal["masthead", "heading", "prompt", "paragraph", "bullet"]


@dataclass(frozen=True)
class Source:
    """Where a block came from, for error messages, comments and ``check`` reports; ``line``
    is the line that holds its text (a record's ``text:``, a summary paragraph)."""

    file: str
    line: int
    entity: str | None = None  # short name, e.g. "UNCTAD"
    record_id: str | None = None


@dataclass(frozen=True)
class Comment:
    """A Word comment on characters ``start``..``end`` of ``Block.text`` (a sentence that
    ``check`` flagged); ``end`` None means to the end of the block. A reviewer's comment
    carried into `diff`'s redline keeps its author and date ("" = the time of writing)."""

    text: str
    start: int = 0
    end: int | None = None
    author: str = "c7draft"
    date: str = ""


def inline_length(item: Inline) -> int:
    """How many characters of ``Block.text`` an inline adds (a footnote marker adds none)."""
    return len(item.text) if isinstance(item, Run) else 1 if isinstance(item, LineBreak) else 0


def split_inlines(inlines: list[Inline], cuts: set[int]) -> list[Inline]:
    """``inlines`` with runs cut at these offsets of the block text, so that a comment (or a
    note marker) can start and end exactly there."""
    from dataclasses import replace

    out: list[Inline] = []
    pos = 0
    for item in inlines:
        n = inline_length(item)
        inner = sorted(c - pos for c in cuts if pos < c < pos + n) if isinstance(item, Run) else []
        start = 0
        for c in inner + [n]:
            if c > start or n == 0:
                out.append(
                    replace(item, text=item.text[start:c]) if isinstance(item, Run) and inner else item
                )
            start = c
        pos += n
    return out


@dataclass
class Block:
    """One paragraph of the draft: its kind, its inline content and where it came from."""

    kind: BlockKind
    inlines: list[Inline]
    # "Part 2", "Part 3 a)", "front matter", ... : where a reader finds it
    location: str = ""
    # True for text that repeats every year by design (front matter, headings, prompts):
    # ``check`` never flags it.
    boilerplate: bool = False
    source: Source | None = None
    # Word comments to attach to this block (recycled-text findings), each on its sentence
    comments: list[Comment] = field(default_factory=list)
    # The key of the stored base item this paragraph is built from (``Draft.base``): the
    # .docx marks the paragraph with it, so that `pull` finds its record. "" = not marked.
    mark: str = ""

    @property
    def text(self) -> str:
        """Body text without footnote contents (a footnote marker adds nothing)."""
        return "".join(
            i.text if isinstance(i, Run) else "\n" if isinstance(i, LineBreak) else "" for i in self.inlines
        )

    @property
    def footnotes(self) -> list[FootnoteRef]:
        return [i for i in self.inlines if isinstance(i, FootnoteRef)]


@dataclass(frozen=True)
class BaseItem:
    """What one marked paragraph was built from, stored in the .docx: the base of `pull`'s
    three-way merge. ``kind`` is "bullet" (a record), "summary" (an executive-summary
    paragraph) or "derived" (front matter, headings, prompts, placeholders: made from
    submission.yaml, the outline or the template, never edited through `pull`)."""

    key: str
    kind: str
    text: str  # the markup as built (bullet, summary), or the text on the page (derived)
    record_id: str | None = None
    entity: str | None = None
    file: str | None = None  # the records file, relative to the inputs folder
    section: str | None = None  # a bullet's section; for a heading or prompt, the section it opens
    notes: tuple[tuple[str, str], ...] = ()  # a record's `footnotes:` (label, text) as built
    derived_from: str = ""  # for "derived": the submission.yaml keys (or file) that make it


@dataclass
class BuildBase:
    """The folder's identity and what each marked paragraph was built from."""

    session: int
    entities: tuple[str, ...]
    items: list[BaseItem] = field(default_factory=list)


@dataclass
class Draft:
    """A whole submission, ready to write."""

    title: str
    authors: list[str]
    session: int
    blocks: list[Block]
    subject: str = ""
    # Prior submissions listed in submission.yaml (`priors:`), which `check` adds to the seeds.
    priors: list = field(default_factory=list)
    # What the author should know before sending it (e.g. a Part still empty).
    warnings: list[str] = field(default_factory=list)
    language: str | None = None  # one of LANGUAGES; None keeps the reference .docx's (en-GB)
    base: BuildBase | None = None  # stored in the .docx for `pull` (with each block's mark)

    @property
    def footnotes(self) -> list[FootnoteRef]:
        return [f for b in self.blocks for f in b.footnotes]
