"""The assembled document: what every writer and reader of a draft shares.

Loading YAML gives a validated submission (``inputs``); ``assemble`` turns it into a
``Draft``: an ordered list of blocks whose inline content is runs and numbered
footnote references. The .docx writer, the plain-text preview and ``check`` all work
from this one model, so none of them re-parses markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

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
    content: tuple[Union[Run, LineBreak], ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.content if isinstance(r, Run))


Inline = Union[Run, LineBreak, FootnoteRef]

# masthead: the bold, centred header lines tied to the session
# heading:  "Part 1: Executive Summary" and its siblings (Heading 1)
# prompt:   a questionnaire prompt such as "a) Technical assistance ..." (Heading 2)
# paragraph: body text (front matter, executive summary)
# bullet:   an activity record, as a real Word list paragraph
BlockKind = Literal["masthead", "heading", "prompt", "paragraph", "bullet"]


@dataclass(frozen=True)
class Source:
    """Where a block came from, for error messages, comments and ``check`` reports."""

    file: str
    line: int
    entity: str | None = None  # short name, e.g. "UNCTAD"
    record_id: str | None = None


@dataclass
class Block:
    kind: BlockKind
    inlines: list[Inline]
    # "Part 2", "Part 3 a)", "front matter", ... : where a reader finds it
    location: str = ""
    # True for text that repeats every year by design (front matter, headings, prompts):
    # ``check`` never flags it.
    boilerplate: bool = False
    source: Source | None = None
    # Word comments to attach to this block (e.g. recycled-text findings)
    comments: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Body text without footnote contents (a footnote marker adds nothing)."""
        return "".join(
            i.text if isinstance(i, Run) else "\n" if isinstance(i, LineBreak) else ""
            for i in self.inlines
        )

    @property
    def footnotes(self) -> list[FootnoteRef]:
        return [i for i in self.inlines if isinstance(i, FootnoteRef)]


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

    @property
    def reporting_year(self) -> int:
        from .session import session_year

        return session_year(self.session) - 1

    @property
    def footnotes(self) -> list[FootnoteRef]:
        return [f for b in self.blocks for f in b.footnotes]
