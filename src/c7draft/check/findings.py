"""What ``check`` found: matches, the report, and comments on the Draft."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem, location
from ..session import ordinal_number, session_year
from .score import Band, Thresholds

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from ..model import Draft


# --------------------------------------------------------------------------- results


# What each band means, for the table, the HTML legend and docs/check.md.
BAND_MEANINGS = {
    Band.VERBATIM: "the same words after normalisation (case, punctuation, agency names)",
    Band.NEAR_VERBATIM: "only numbers, a word or punctuation changed",
    Band.LIGHT_EDIT: "a few words added, dropped or swapped; the sentence is plainly last year's",
    Band.MODERATE_EDIT: "reworded in places, but most of the prior sentence is still there",
    Band.CONDENSED: "the prior's skeleton kept in the same order while words were cut or swapped "
    "(score: whole-sentence similarity; 'in order': share of content words kept in order)",
}
PASSAGE_MEANING = (
    "passage: a recycled stretch of at least 10 words inside an otherwise new sentence; "
    "its score is the similarity of that stretch"
)


@dataclass
class Match:
    """A sentence of the draft found again in a prior submission or in the draft."""

    draft_text: str
    prior_text: str
    prior_name: str  # file name of the prior document (or the draft's own name), as CheckReport.draft_name
    prior_session: int | None
    draft_location: str  # "Part 2, bullet 3"
    prior_location: str
    score: int  # 0-100: the real similarity of the sentences (or of the passage)
    band: Band
    kind: str = "prior"  # "prior" | "within draft"
    passage: bool = False  # True: a recycled passage inside an otherwise new sentence
    draft_block: int | None = None  # index in Draft.blocks, for ``annotate``
    prior_block: int | None = None
    # {file, line, entity, record_id}: the YAML record of each side's text, when it has one
    # (the prior side in a match within or across drafts, or against an inputs folder such as
    # last year's). In JSON: "draft_source", "prior_record".
    draft_record: dict | None = None
    prior_record: dict | None = None
    order_share: int | None = None  # condensed: per cent of content words kept in order

    @property
    def prior_year(self) -> int | None:
        """The year the prior's CSTD session meets (1997 + session)."""
        return _year(self.prior_session)

    @property
    def band_label(self) -> str:
        """ "light edit", "light edit passage", "condensed"."""
        return f"{self.band.label} passage" if self.passage else self.band.label

    def to_json_dict(self) -> dict:
        # (the keys are the report's JSON format, which docs/check.md documents: kept as they were)
        return {
            "draft_text": self.draft_text,
            "prior_text": self.prior_text,
            "prior_source": self.prior_name,
            "prior_year": self.prior_year,
            "prior_session": self.prior_session,
            "draft_location": self.draft_location,
            "prior_location": self.prior_location,
            "score": self.score,
            "band": self.band.label,
            "kind": self.kind,
            "passage": self.passage,
            "order_share": self.order_share,
            "draft_source": self.draft_record,
            "prior_record": self.prior_record,
        }


def source_label(source: dict | None) -> str:
    """'unctad.yaml:92 (record eT-ready-2025)', or '' when the text is not from YAML."""
    if not source:
        return ""
    from pathlib import Path

    where = location(Path(source["file"]).name, source["line"])
    return f"{where} (record {source['record_id']})" if source.get("record_id") else where


@dataclass
class CheckReport:
    """What the recycled-text check found, and what it compared."""

    matches: list[Match]
    notes: list[str] = field(default_factory=list)
    draft_name: str = ""
    draft_session: int | None = None
    priors: list[dict] = field(default_factory=list)  # name, session, year, sentences
    thresholds: Thresholds = field(default_factory=Thresholds)
    draft_title: str = ""  # the submission's title, for a draft assembled from YAML
    entities: list[str] = field(default_factory=list)  # whose text the draft holds, when known
    read_from: list[Path] = field(default_factory=list)  # the priors' files and folders, as given

    @property
    def draft_year(self) -> int | None:
        return _year(self.draft_session)

    def max_band(self) -> Band | None:
        return max((m.band for m in self.matches), key=lambda b: b.rank, default=None)

    def has_band_at_least(self, band: Band) -> bool:
        best = self.max_band()
        return best is not None and best.at_or_above(band)

    def to_json_dict(self) -> dict:
        t = self.thresholds
        return {
            "draft": self.draft_name,
            "draft_title": self.draft_title,
            "draft_session": self.draft_session,
            "draft_year": self.draft_year,
            "thresholds": {
                "verbatim": 100,
                "near-verbatim": t.near_verbatim,
                "light edit": t.light_edit,
                "moderate edit": t.moderate_edit,
                "min_words": t.min_words,
                "min_passage": t.min_passage,
                "condensed": t.condensed,
                "min_condensed": t.min_condensed,
            },
            "priors": self.priors,  # each: used or skipped, and the reason it was skipped
            "nothing_compared": all(p["skipped"] for p in self.priors),
            "notes": self.notes,
            "matches": [
                m.to_json_dict() | {"draft_session": self.draft_session, "draft_year": self.draft_year}
                for m in self.matches
            ],
        }


@dataclass
class DraftsReport:
    """Several drafts checked in one run: each one's report, and the matches between them."""

    reports: list[CheckReport]
    across: list[tuple[int, int, Match]] = field(default_factory=list)  # (draft, other draft, match)
    notes: list[str] = field(default_factory=list)  # of the run, not of one draft (files left out)
    problems: list[Problem] = field(default_factory=list)  # why the drafts not checked could not be read

    def has_band_at_least(self, band: Band) -> bool:
        return any(r.has_band_at_least(band) for r in self.reports) or any(
            m.band.at_or_above(band) for _, _, m in self.across
        )

    def band_counts(self, n: int) -> dict[Band, int]:
        """Draft ``n``'s matches per band: against priors, within it and across drafts."""
        counts = dict.fromkeys(Band, 0)
        for m in self.reports[n].matches:
            counts[m.band] += 1
        for a, b, m in self.across:
            if n in (a, b):
                counts[m.band] += 1
        return counts

    def to_json_dict(self) -> dict:
        def across(a: int, b: int, m: Match) -> dict:
            draft, other = self.reports[a], self.reports[b]
            return m.to_json_dict() | {
                "draft": draft.draft_name,
                "draft_session": draft.draft_session,
                "draft_year": draft.draft_year,
                "other_draft": other.draft_name,
            }

        # the shape issue 18 gave, and "notes" only when the run has one of its own
        return {
            "drafts": [r.to_json_dict() for r in self.reports],
            "across_drafts": [across(*t) for t in self.across],
        } | ({"notes": self.notes} if self.notes else {})


def _year(session: int | None) -> int | None:
    return None if session is None else session_year(session)


def describe_session(session: int) -> str:
    """'the 27th session's submission (CSTD 2024, reporting on 2023)': the session and the
    two years in words, so that neither year reads as the other."""
    year = session_year(session)
    return f"the {ordinal_number(session)} session's submission (CSTD {year}, reporting on {year - 1})"


def describe_prior(source: str, session: int | None) -> str:
    """'the 27th session's submission (CSTD 2024, reporting on 2023), cstd27.txt' (', folder
    2023' for an inputs folder, whose name is often a year), or the name alone when the
    session is unknown."""
    from .readers import FORMATS

    name = source if Path(source).suffix.lower() in FORMATS else f"folder {source}"
    return name if session is None else f"{describe_session(session)}, {name}"


def _what(m: Match) -> str:
    what = f"{m.band_label}, score {m.score}"
    return what + (f", {m.order_share}% of its content words in order" if m.order_share else "")


def comment_text(m: Match, limit: int = 200) -> str:
    """The Word comment of one finding: band, score, the prior and where in it, and a quote."""
    quote = m.prior_text if len(m.prior_text) <= limit else m.prior_text[: limit - 1].rstrip() + "…"
    record = source_label(m.prior_record)
    where = f"{m.prior_location}" + (f", {record}" if record else "")
    if m.kind == "within draft":
        return f'Repeats {where} of this draft ({_what(m)}): "{quote}"'
    return f'Recycled ({_what(m)}) from {describe_prior(m.prior_name, m.prior_session)}, {where}: "{quote}"'


def sentence_span(text: str, sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` (whitespace collapsed, as ``split_sentences`` gives it) is in ``text``:
    the first place its words stand apart by any whitespace, as the pattern of its words
    joined by ``\\s+`` finds them. Found in ``text`` with each run of whitespace made one
    space, not by compiling that pattern for each flagged sentence (~0.5 ms each)."""
    import re
    from bisect import bisect_right

    spans = [m.span() for m in re.finditer(r"\S+", text)]  # text's words: str.split's, where
    starts, at = [], 0  # each word starts in the collapsed text
    for a, b in spans:
        starts.append(at)
        at += b - a + 1
    wanted = " ".join(sentence.split())
    found = " ".join(text[a:b] for a, b in spans).find(wanted) if wanted else -1
    if found < 0:
        return (0, 0) if not wanted else None

    def original(c: int) -> int:  # a non-space character's place in ``text``
        k = bisect_right(starts, c) - 1
        return spans[k][0] + c - starts[k]

    return original(found), original(found + len(wanted) - 1) + 1


def annotate(draft: Draft, report: CheckReport) -> int:
    """Add one Word comment per finding, on the sentence it is about; return how many.

    A finding within the draft gets a comment on each side, naming the other record.
    Boilerplate blocks are never touched.
    """
    from ..model import Comment

    added = 0
    for m in report.matches:  # best first
        targets = [(m.draft_block, m)]
        if m.kind == "within draft" and m.prior_block is not None:
            targets.append(
                (
                    m.prior_block,
                    replace(  # the same finding seen from the other side
                        m,
                        draft_text=m.prior_text,
                        prior_text=m.draft_text,
                        draft_location=m.prior_location,
                        prior_location=m.draft_location,
                        draft_block=m.prior_block,
                        prior_block=m.draft_block,
                        draft_record=m.prior_record,
                        prior_record=m.draft_record,
                    ),
                )
            )
        for block_no, shown in targets:
            if (
                block_no is None
                or not 0 <= block_no < len(draft.blocks)
                or draft.blocks[block_no].boilerplate
            ):
                continue
            block = draft.blocks[block_no]
            span = sentence_span(block.text, shown.draft_text) or (0, None)
            comment = Comment(comment_text(shown), *span)
            if comment not in block.comments:
                block.comments.append(comment)
                added += 1
    return added
