"""What ``check`` found: matches, the report, and comments on the Draft."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..session import ordinal_number, session_year
from .score import Band, Thresholds

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Draft


# --------------------------------------------------------------------------- results


@dataclass
class Match:
    draft_text: str
    prior_text: str
    prior_source: str           # file name of the prior document (or the draft's own name)
    prior_session: int | None
    draft_location: str         # "Part 2, bullet 3"
    prior_location: str
    score: int                  # 0-100
    band: Band
    kind: str = "prior"         # "prior" | "within draft"
    passage: bool = False       # True: a recycled passage inside an otherwise new sentence
    draft_block: int | None = None  # index in Draft.blocks, for ``annotate``
    prior_block: int | None = None

    @property
    def prior_year(self) -> int | None:
        """The year the prior's CSTD session meets (1997 + session)."""
        return _year(self.prior_session)

    def to_json_dict(self) -> dict:
        return {
            "draft_text": self.draft_text, "prior_text": self.prior_text,
            "prior_source": self.prior_source, "prior_year": self.prior_year,
            "prior_session": self.prior_session, "draft_location": self.draft_location,
            "prior_location": self.prior_location, "score": self.score,
            "band": self.band.label, "kind": self.kind, "passage": self.passage,
        }


@dataclass
class CheckReport:
    matches: list[Match]
    notes: list[str] = field(default_factory=list)
    draft_name: str = ""
    draft_session: int | None = None
    priors: list[dict] = field(default_factory=list)  # name, session, year, sentences
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def draft_year(self) -> int | None:
        return _year(self.draft_session)

    def max_band(self) -> Band | None:
        return max((m.band for m in self.matches), key=lambda b: b.rank, default=None)

    def has_band_at_least(self, band: Band) -> bool:
        best = self.max_band()
        return best is not None and best.rank >= band.rank

    def to_json_dict(self) -> dict:
        t = self.thresholds
        return {
            "draft": self.draft_name, "draft_session": self.draft_session,
            "draft_year": self.draft_year,
            "thresholds": {"verbatim": 100, "near-verbatim": t.near_verbatim,
                           "light edit": t.light_edit, "moderate edit": t.moderate_edit,
                           "min_words": t.min_words, "min_passage": t.min_passage},
            "priors": self.priors,
            "notes": self.notes,
            "matches": [m.to_json_dict() | {"draft_session": self.draft_session,
                                            "draft_year": self.draft_year} for m in self.matches],
        }


def _year(session: int | None) -> int | None:
    return None if session is None else session_year(session)

def describe_prior(source: str, session: int | None) -> str:
    """'the 2024 submission (27th session)', or the file name when the session is unknown."""
    if session is None:
        return source
    return f"the {session_year(session)} submission ({ordinal_number(session)} session)"

def comment_text(m: Match, limit: int = 200) -> str:
    quote = m.prior_text if len(m.prior_text) <= limit else m.prior_text[:limit - 1].rstrip() + "…"
    what = f"{m.band.label}, {m.score}"
    if m.kind == "within draft":
        return f"Repeats {m.prior_location} of this draft ({what}): \"{quote}\""
    part = m.prior_location.split(",")[0]
    return f"Recycled ({what}) from {describe_prior(m.prior_source, m.prior_session)}, {part}: \"{quote}\""


def annotate(draft: "Draft", report: CheckReport) -> int:
    """Append a comment to each flagged block of ``draft``; return how many blocks got one.

    One comment per block and prior bullet (its best-scoring sentence); bullets repeated
    within the draft get a comment on each side. Boilerplate blocks are never touched.
    """
    chosen: dict[tuple[int, str], Match] = {}
    for m in report.matches:  # best first
        targets = [(m.draft_block, m)]
        if m.kind == "within draft" and m.prior_block is not None:
            targets.append((m.prior_block, Match(m.prior_text, m.draft_text, m.prior_source, m.prior_session,
                                                 m.prior_location, m.draft_location, m.score, m.band,
                                                 m.kind, m.passage)))
        for block, shown in targets:
            if block is None or not 0 <= block < len(draft.blocks) or draft.blocks[block].boilerplate:
                continue
            chosen.setdefault((block, f"{shown.kind}|{shown.prior_source}|{shown.prior_location}"), shown)
    touched = set()
    for (block, _), m in chosen.items():
        text = comment_text(m)
        if text not in draft.blocks[block].comments:
            draft.blocks[block].comments.append(text)
            touched.add(block)
    return len(touched)
