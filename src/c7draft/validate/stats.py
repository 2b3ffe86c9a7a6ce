"""`c7draft stats`: bullets, words and footnotes per agency and per Part, against the word
limit of a bullet (`word_limit:`) and the word budget of a Part (`part_word_budget:`).

Counted on the assembled draft, so the words are those a reader sees: markup and link
addresses do not count, and a footnote's words are not counted in its bullet's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..model import Draft

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass
class Row:
    """The counts of one agency or one Part."""

    name: str  # "UNCTAD" or "Part 2"
    bullets: int = 0  # bullets (Part 1: paragraphs)
    words: int = 0
    footnotes: int = 0
    over_limit: int = 0  # bullets over the word limit


@dataclass
class Bullet:
    """A bullet over the word limit, and its word count."""

    record_id: str
    entity: str
    part: int
    words: int


@dataclass
class SubmissionStats:
    """`c7draft stats`: the counts per agency and per Part, against the limits."""

    word_limit: int
    part_word_budget: int | None
    agencies: list[Row] = field(default_factory=list)
    parts: list[Row] = field(default_factory=list)
    long_bullets: list[Bullet] = field(default_factory=list)

    @property
    def total(self) -> Row:
        return Row(
            "Total",
            *(
                sum(getattr(p, f) for p in self.parts)
                for f in ("bullets", "words", "footnotes", "over_limit")
            ),
        )


def submission_stats(
    draft: Draft, *, limit: int, budget: int | None = None, entities: Sequence[str] = ()
) -> SubmissionStats:
    """Counts of ``draft``; agencies in the order of ``entities`` (submission.yaml's)."""
    stats = SubmissionStats(limit, budget)
    agencies: dict[str, Row] = {short: Row(short) for short in entities}
    parts: dict[str, Row] = {}
    for block in draft.blocks:
        if not block.location.startswith("Part "):
            continue
        part = block.location.split()[1]
        row = parts.setdefault(part, Row(f"Part {part}"))  # every Part, written or not
        if block.boilerplate or block.source is None:
            continue
        rows = [row]
        words = word_count(block.text)
        if block.kind == "bullet":
            rows.append(agencies.setdefault(block.source.entity or "", Row(block.source.entity or "")))
            if words > limit:
                stats.long_bullets.append(
                    Bullet(block.source.record_id or "", block.source.entity or "", int(part), words)
                )
                for r in rows:
                    r.over_limit += 1
        for r in rows:
            r.bullets += 1
            r.words += words
            r.footnotes += len(block.footnotes)
    stats.agencies = list(agencies.values())
    stats.parts = list(parts.values())
    return stats


def stats_for(folder: Path) -> SubmissionStats:
    """Load and assemble ``folder`` and count it against its own limits."""
    from ..assemble import assemble
    from ..inputs import load_submission

    loaded = load_submission(Path(folder))
    sub = loaded.submission
    return submission_stats(
        assemble(loaded),
        limit=sub.word_limit,  # the schema's default (120) when unset
        budget=sub.part_word_budget,
        entities=[e.short for e in sub.entities],
    )


def render_table(stats: SubmissionStats) -> str:
    head = f"{'':<10} {'bullets':>8} {'words':>7} {'footnotes':>10} {'over ' + str(stats.word_limit):>9}"
    lines = ["By agency (Parts 2 and 3)", head]
    lines += [_line(row) for row in stats.agencies]
    budget = stats.part_word_budget
    lines += ["", "By Part" + (f" (budget {budget} words)" if budget else "") + " (Part 1: paragraphs)", head]
    for row in stats.parts:
        flag = ""
        if budget:
            flag = (
                f"  {row.words - budget} over budget"
                if row.words > budget
                else f"  {budget - row.words} left"
            )
        lines.append(_line(row) + flag)
    lines.append(_line(stats.total))
    if stats.long_bullets:
        lines += ["", f"Bullets over {stats.word_limit} words:"]
        lines += [f"  {b.record_id} ({b.entity}, Part {b.part}): {b.words} words" for b in stats.long_bullets]
    return "\n".join(lines)


def _line(row: Row) -> str:
    return f"{row.name:<10} {row.bullets:>8} {row.words:>7} {row.footnotes:>10} {row.over_limit:>9}"


def render_json(stats: SubmissionStats) -> str:
    import json

    data = asdict(stats)
    data["total"] = asdict(stats.total)
    return json.dumps(data, ensure_ascii=False, indent=2)
