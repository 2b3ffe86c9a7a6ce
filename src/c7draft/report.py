"""Render a ``CheckReport`` for people (terminal table, HTML) and programs (JSON)."""

from __future__ import annotations

import json
import shutil
import textwrap

from .recycling import STOPWORDS, CheckReport, Match, describe_prior, tokens
from .session import ordinal_number


def _prior_label(m: Match) -> str:
    if m.kind == "within draft":
        return f"this draft, {m.prior_location}"
    return f"{describe_prior(m.prior_source, m.prior_session)}, {m.prior_location}"


def _summary(report: CheckReport) -> str:
    used = [p for p in report.priors if not p["skipped"]]
    session = (f" ({ordinal_number(report.draft_session)} session, {report.draft_year})"
               if report.draft_session else "")
    n = len(report.matches)
    if not used:
        return (f"Nothing was compared: {report.draft_name}{session} was checked against no prior "
                f"document, because every prior was skipped (see below)." if report.priors else
                f"Nothing was compared: there is no prior document to check {report.draft_name} against.")
    return (f"Checked {report.draft_name}{session} against {len(used)} prior "
            f"document{'s' if len(used) != 1 else ''}: {n} match{'es' if n != 1 else ''}.")


def _prior_lines(report: CheckReport) -> list[str]:
    """Which priors were compared, and which were skipped and why."""
    lines = []
    for p in report.priors:
        what = describe_prior(p["name"], p["session"]) if p["session"] else p["name"]
        where = f" ({p['name']})" if p["session"] else ""
        lines.append(f"  skipped: {what}{where}: {p['reason']}" if p["skipped"]
                     else f"  used:    {what}{where}")
    return (["Priors:"] + lines) if lines else []


def render_table(report: CheckReport, width: int | None = None) -> str:
    """A plain-text table, one row per match (best first) with both sentences below it.

    ``report.notes`` are not repeated here: the CLI prints them on stderr.
    """
    width = width or min(max(shutil.get_terminal_size((100, 20)).columns, 60), 140)
    lines = [_summary(report), *_prior_lines(report)]
    if not report.matches:
        if any(not p["skipped"] for p in report.priors):
            lines.append("No recycled text found.")
        return "\n".join(lines) + "\n"
    lines.append("")
    lines.append(f"{'score':>5}  {'band':<13}  {'draft':<24}  prior")
    lines.append("-" * min(width, 100))
    wrap = textwrap.TextWrapper(width=width, initial_indent=" " * 7, subsequent_indent=" " * 14)
    for m in report.matches:
        lines.append(f"{m.score:>5}  {m.band.label:<13}  {m.draft_location:<24}  {_prior_label(m)}"
                     + (" (passage)" if m.passage else ""))
        lines.append(wrap.fill(f"draft: {m.draft_text}"))
        lines.append(wrap.fill(f"prior: {m.prior_text}"))
        lines.append("")
    return "\n".join(lines)


def render_json(report: CheckReport) -> str:
    return json.dumps(report.to_json_dict(), indent=2, ensure_ascii=False) + "\n"


def highlight(text: str, other: str) -> list[tuple[str, bool]]:
    """Split ``text`` into (chunk, shared) pieces; shared words are those aligned with
    ``other`` after normalisation (runs of two or more words, or a single content word)."""
    from difflib import SequenceMatcher

    words = text.split(" ")
    keys = [" ".join(tokens(w)) for w in words]
    other_keys = [" ".join(tokens(w)) for w in other.split(" ")]
    shared = [False] * len(words)
    matcher = SequenceMatcher(None, keys, other_keys, autojunk=False)
    for a, _, size in matcher.get_matching_blocks():
        if size >= 2 or (size == 1 and keys[a] and keys[a] not in STOPWORDS):
            for i in range(a, a + size):
                shared[i] = bool(keys[i])
    pieces: list[tuple[str, bool]] = []  # runs of words; the template puts spaces between
    for w, flag in zip(words, shared):
        if pieces and pieces[-1][1] == flag:
            pieces[-1] = (pieces[-1][0] + " " + w, flag)
        else:
            pieces.append((w, flag))
    return pieces


def render_html(report: CheckReport) -> str:
    """A self-contained side-by-side report (templates/report.html.j2), best matches first."""
    import jinja2

    from .resources import templates_dir

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir()),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    rows = [{"m": m, "prior_label": _prior_label(m),
             "draft_pieces": highlight(m.draft_text, m.prior_text),
             "prior_pieces": highlight(m.prior_text, m.draft_text)} for m in report.matches]
    priors = [p | {"label": describe_prior(p["name"], p["session"])} for p in report.priors]
    return env.get_template("report.html.j2").render(
        summary=_summary(report), report=report, rows=rows, priors=priors)
