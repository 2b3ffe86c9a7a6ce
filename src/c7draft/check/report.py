"""Render a ``CheckReport`` for people (terminal table, HTML) and programs (JSON)."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

from ..session import ordinal_number
from ..wording import plural
from .findings import (
    BAND_MEANINGS,
    PASSAGE_MEANING,
    CheckReport,
    DraftsReport,
    Match,
    describe_prior,
    describe_session,
    source_label,
)
from .score import Band
from .text import STOPWORDS, tokens


def _prior_label(m: Match) -> str:
    """'this draft, Part 2, bullet 3, itc.yaml:20 (record x)': the record where the prior is
    a YAML folder (last year's inputs, another draft, this draft)."""
    record = source_label(m.prior_record)
    which = {"within draft": "this draft", "across drafts": m.prior_name}.get(
        m.kind, describe_prior(m.prior_name, m.prior_session)
    )
    return f"{which}, {m.prior_location}" + (f", {record}" if record else "")


def _draft_label(m: Match) -> str:
    """'Part 2, bullet 13, unctad.yaml:92 (record eT-ready-2025)'."""
    record = source_label(m.draft_record)
    return f"{m.draft_location}, {record}" if record else m.draft_location


def legend() -> list[tuple[str, str]]:
    """(band, what it means), passage included: the table's and the HTML report's key."""
    passage, meaning = PASSAGE_MEANING.split(": ", 1)
    return [(band.label, meaning) for band, meaning in BAND_MEANINGS.items()] + [(passage, meaning)]


def _draft_title(report: CheckReport) -> str:
    """The draft by name: the submission's title for YAML, else the file's name (not a path)."""
    from pathlib import Path

    return report.draft_title or Path(report.draft_name).name or report.draft_name


def _summary(report: CheckReport) -> str:
    used = [p for p in report.priors if not p["skipped"]]
    session = f", {describe_session(report.draft_session)}," if report.draft_session else ""
    n = len(report.matches)
    if not used:
        return (
            f"Nothing was compared: {report.draft_name}{session} was checked against no prior "
            f"document, because every prior was skipped (see below)."
            if report.priors
            else f"Nothing was compared: there is no prior document to check {report.draft_name} against."
        )
    return (
        f"Checked {report.draft_name}{session} against {plural(len(used), 'prior document')}: "
        f"{plural(n, 'match', 'matches')}."
    )


# C0 controls but tab and newline, DEL and C1 controls: a terminal obeys them (ESC [2J clears
# the screen, ESC ] 0; sets the window title), so text from a prior never reaches it raw.
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # each unprintable: looked for only in a text that is not


def printable(text: str) -> str:
    """``text`` with each control character shown as an escape (ESC as \\x1b), for a terminal."""
    if text.isprintable():
        return text
    return re.sub(_CONTROL, lambda m: f"\\x{ord(m.group()):02x}", text)


GROUP_NOTES_OVER = 3  # more notes than this saying the same of different priors become one line


def grouped_notes(
    notes: list[str], priors: list[dict], verbose: bool = False, more: str = "--verbose lists all"
) -> list[str]:
    """``notes`` as the terminal shows them. Notes that say the same thing of different priors
    ("doc0001.md: its CSTD session could not be told; checked anyway", "skipped X: ...") are
    one line once there are more than GROUP_NOTES_OVER of them: "1,000 priors: its CSTD
    session could not be told; checked anyway; first: doc0000.md, ..." (``verbose``: every
    note). The JSON report keeps every note. A prior is known by its name, which may itself
    hold ": ", so the names of ``priors`` are looked up rather than split out of the note."""
    if verbose:
        return list(notes)
    names = {p["name"] for p in priors}
    groups: dict[tuple[str, str], list[str]] = {}
    for note in notes:
        prefix = "skipped " if note.startswith("skipped ") else ""
        rest, key = note[len(prefix) :], None
        for at in (m.start() for m in re.finditer(": ", rest)):
            if rest[:at] in names:
                key = (prefix, rest[at + 2 :])
                groups.setdefault(key, []).append(rest[:at])
                break
        if key is None:
            groups.setdefault((note, ""), [])
    out = []
    for (prefix, what), named in groups.items():
        if len(named) <= GROUP_NOTES_OVER:
            out += [f"{prefix}{name}: {what}" for name in named] if named else [prefix]
        else:
            first = ", ".join(named[:GROUP_NOTES_OVER])
            out.append(f"{prefix}{len(named):,} priors: {what}; first: {first} … ({more})")
    return out


def _prior_lines(report: CheckReport) -> list[str]:
    """Which priors were compared, and which were skipped and why."""
    lines = []
    for p in report.priors:
        what = describe_prior(p["name"], p["session"])  # names the file too
        lines.append(f"  skipped: {what}: {p['reason']}" if p["skipped"] else f"  used:    {what}")
    return (["Priors:"] + lines) if lines else []


def _width(width: int | None) -> int:
    return width or min(max(shutil.get_terminal_size((100, 20)).columns, 60), 140)


def _match_lines(
    m: Match, wrap: textwrap.TextWrapper, draft: str = "draft", prior: str = "prior", draft_name: str = ""
) -> list[str]:
    """One match of the table: score and band, where each sentence is (`draft at:`), then
    what each says (`draft text:`): four labels, each said once."""
    share = f", {m.order_share}% in order" if m.order_share else ""
    where = f"{draft_name}, {_draft_label(m)}" if draft_name else _draft_label(m)
    labels = [f"{draft} at:", f"{prior} at:", f"{draft} text:", f"{prior} text:"]
    pad = max(map(len, labels)) + 1
    fill = textwrap.TextWrapper(
        width=wrap.width,
        initial_indent=wrap.initial_indent,
        subsequent_indent=wrap.initial_indent + " " * pad,
    )
    texts = [where, _prior_label(m), m.draft_text, m.prior_text]
    return [
        printable(f"{m.score:>5}  {m.band_label}{share}"),
        *(fill.fill(printable(f"{label:<{pad}}{text}")) for label, text in zip(labels, texts, strict=True)),
        "",
    ]


def _key_lines(width: int) -> list[str]:
    key = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent=" " * 18)
    return ["Bands (score = similarity 0-100 after normalisation):"] + [
        key.fill(f"{band + ':':<15} {meaning}") for band, meaning in legend()
    ]


def render_table(report: CheckReport | DraftsReport, width: int | None = None, key: bool = True) -> str:
    """A plain-text table, one row per match (best first) with both sentences below it,
    and the key of the bands (unless ``key`` is False). Several drafts: ``render_drafts_table``.

    ``report.notes`` are not repeated here: the CLI prints them on stderr.
    """
    if isinstance(report, DraftsReport):
        return render_drafts_table(report, width)
    width = _width(width)
    lines = [printable(line) for line in (_summary(report), *_prior_lines(report))]
    if not report.matches:
        if any(not p["skipped"] for p in report.priors):
            lines.append("No recycled text found.")
        return "\n".join(lines) + "\n"
    lines.append("")
    wrap = textwrap.TextWrapper(width=width, initial_indent=" " * 7, subsequent_indent=" " * 14)
    for m in report.matches:
        lines += _match_lines(m, wrap)
    if key:
        lines += _key_lines(width)
    return "\n".join(lines) + "\n"


def _draft_name(report: CheckReport) -> str:
    return report.draft_name + (f" ({report.draft_title})" if report.draft_title else "")


def _band_counts(counts: dict[Band, int]) -> str:
    shown = [f"{n} {band.label}" for band, n in counts.items() if n]
    return ", ".join(shown) if shown else "no match"


def render_drafts_table(drafts: DraftsReport, width: int | None = None) -> str:
    """Several drafts: one section per draft (its table), the matches between drafts, then a
    summary line per draft (its matches per band, those across drafts included) and the key."""
    width = _width(width)
    wrap = textwrap.TextWrapper(width=width, initial_indent=" " * 7, subsequent_indent=" " * 14)
    n = len(drafts.reports)
    lines = [_drafts_summary(drafts), ""]
    for k, report in enumerate(drafts.reports, 1):
        lines.append(printable(f"=== Draft {k} of {n}: {_draft_name(report)} ==="))
        lines += [render_table(report, width, key=False).rstrip("\n"), ""]
    lines.append(f"=== Across drafts: {plural(len(drafts.across), 'match', 'matches')} ===")
    if not drafts.across:
        lines += ["No text shared between the drafts.", ""]
    for a, b, m in drafts.across:
        lines += _match_lines(m, wrap, f"draft {a + 1}", f"draft {b + 1}", drafts.reports[a].draft_name)
    lines.append("=== Summary: matches per band (across drafts included) ===")
    for k, report in enumerate(drafts.reports):
        lines.append(printable(f"  {k + 1:>3}. {report.draft_name}: {_band_counts(drafts.band_counts(k))}"))
    lines.append("")
    lines += _key_lines(width)
    return "\n".join(lines) + "\n"


def _drafts_summary(drafts: DraftsReport) -> str:
    total = sum(len(r.matches) for r in drafts.reports)
    return (
        f"Checked {plural(len(drafts.reports), 'draft')}: {plural(total, 'match', 'matches')} against "
        f"prior documents or within a draft, {plural(len(drafts.across), 'match', 'matches')} across drafts."
    )


def render_json(report: CheckReport | DraftsReport) -> str:
    """One draft: today's report object. Several: {"drafts": [...], "across_drafts": [...]}.

    Each draft's list of priors (1,000 entries against a secretariat's archive, the same for
    the drafts of one session) is encoded once per distinct list and put in place: json's
    indented encoder is pure Python on 3.11 (~2 s for 50 such lists). The text is the same."""
    data = report.to_json_dict()
    drafts = data["drafts"] if isinstance(report, DraftsReport) else [data]
    lists = []
    for k, d in enumerate(drafts):
        lists.append(d["priors"])
        d["priors"] = f"\0priors {k}\0"
    parts = re.split(r'"\\u0000priors (\d+)\\u0000"', json.dumps(data, indent=2, ensure_ascii=False))
    if len(parts) != 2 * len(lists) + 1:  # a text of the report holding the marker itself
        for d, priors in zip(drafts, lists, strict=True):
            d["priors"] = priors
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    done: dict[str, str] = {}
    for n in range(1, len(parts), 2):
        priors = lists[int(parts[n])]
        key = json.dumps(priors, ensure_ascii=False)  # C-encoded: a quick key
        if key not in done:
            done[key] = json.dumps(priors, indent=2, ensure_ascii=False)
        line = parts[n - 1][parts[n - 1].rindex("\n") + 1 :]  # '      "priors": '
        parts[n] = done[key].replace("\n", "\n" + " " * (len(line) - len('"priors": ')))
    return "".join(parts) + "\n"


def highlight(text: str, other: str) -> list[tuple[str, str]]:
    """Split ``text`` into (chunk, kind) pieces, kind being "shared" for words aligned with
    ``other`` after normalisation (runs of two or more words, or a single content word),
    "changed" for what the drafter changed inside a shared stretch (a number aligned with
    another number, 2025 -> 2026; up to three words swapped between shared words), and ""
    for the rest."""
    from difflib import SequenceMatcher

    words = text.split(" ")
    other_words = other.split(" ")
    keys = [" ".join(tokens(w)) for w in words]
    other_keys = [" ".join(tokens(w)) for w in other_words]
    kinds = [""] * len(words)
    matcher = SequenceMatcher(None, keys, other_keys, autojunk=False)
    blocks = matcher.get_matching_blocks()
    for a, b, size in blocks:
        if size >= 2 or (size == 1 and keys[a] and keys[a] not in STOPWORDS):
            for i, j in zip(range(a, a + size), range(b, b + size), strict=True):
                # numbers all normalise to 0: the same key, but not the same figure
                same = _plain(words[i]) == _plain(other_words[j])
                kinds[i] = ("shared" if same else "changed") if keys[i] else ""
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        between = a1 > 0 and a2 < len(words) and kinds[a1 - 1] and kinds[a2]
        if tag == "replace" and between and a2 - a1 <= 3 and b2 - b1 <= 3:
            for i in range(a1, a2):
                kinds[i] = "changed" if keys[i] else ""
    pieces: list[tuple[str, str]] = []  # runs of words; the template puts spaces between
    for w, kind in zip(words, kinds, strict=True):
        if pieces and pieces[-1][1] == kind:
            pieces[-1] = (pieces[-1][0] + " " + w, kind)
        else:
            pieces.append((w, kind))
    return pieces


def _plain(word: str) -> str:
    return re.sub(r"\W", "", word.casefold())


def _rows(matches: list[Match]) -> list[dict]:
    return [
        {
            "m": m,
            "prior_label": _prior_label(m),
            "draft_label": _draft_label(m),
            "draft_pieces": highlight(m.draft_text, m.prior_text),
            "prior_pieces": highlight(m.prior_text, m.draft_text),
        }
        for m in matches
    ]


def _section(report: CheckReport) -> dict:
    """What the HTML report shows of one draft: its summary, priors, notes and matches."""
    priors = [p | {"label": describe_prior(p["name"], p["session"])} for p in report.priors]
    return {"summary": _summary(report), "rows": _rows(report.matches), "priors": priors, "report": report}


def render_html(report: CheckReport | DraftsReport) -> str:
    """A self-contained side-by-side report (templates/report.html.j2), best matches first.
    Several drafts: an index with a row per draft, then each draft's section, then the
    matches across drafts, in the same file."""
    import jinja2

    from ..resources import templates_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()), autoescape=True, undefined=jinja2.StrictUndefined
    )
    page: dict = {"legend": legend(), "drafts": [], "bands": [b.label for b in Band]}
    if isinstance(report, CheckReport):
        section = _section(report)
        page |= {"summary": section["summary"], "title": _draft_title(report), "draft": section}
    else:
        reports = report.reports
        page["drafts"] = [
            {
                "title": _draft_title(r),
                "name": r.draft_name,
                "entity": ", ".join(r.entities),
                "session": f"{ordinal_number(r.draft_session)} ({r.draft_year})" if r.draft_session else "",
                "counts": list(report.band_counts(k).values()),
                "section": _section(r),
            }
            for k, r in enumerate(reports)
        ]
        rows = _rows([m for _, _, m in report.across])
        for row, (a, *_) in zip(rows, report.across, strict=True):
            row["draft_label"] = f"{_draft_title(reports[a])}, {row['draft_label']}"
        page |= {
            "title": plural(len(reports), "draft"),
            "summary": _drafts_summary(report),
            "notes": report.notes,
            "across": {
                "rows": rows,
                "summary": f"{plural(len(rows), 'sentence', 'sentences')} of one draft said the same "
                "in another draft of this run" + ("." if rows else ": none."),
            },
        }
    return env.get_template("report.html.j2").render(**page)


# ----------------------------------------------------------------------------- writing a report

# How an earlier report of each format begins: only such a file is replaced without --force.
# (Compiled on first use, when a report is about to replace a file: a build writes none.)
_REPORT_HEAD = {
    "table": (
        r"Checked .* against \d+ prior documents?: \d+ match(es)?\.\n|Checked \d+ drafts?: \d+ match(es)? against "
    ),
    "json": r'\{\s*"drafts?": ',
    "html": (
        r"<!DOCTYPE html>\s*<html[^>]*>\s*<head>\s*<meta charset=\"utf-8\">\s*"
        r"<title>c7draft check: "
    ),
}
# What check reads: a report written there would replace an input or be read as one next time.
_INPUT_SUFFIXES = (".yaml", ".yml", ".docx", ".pdf", ".md", ".txt")


def ensure_report_target(
    path: Path, fmt: str, report: CheckReport | DraftsReport, *, draft: Path | list[Path], force: bool = False
) -> None:
    """Refuse to write a report onto what the check read (the draft and every prior, always),
    or onto an existing file that is not an earlier c7draft report of the same format
    (unless ``force``)."""
    from ..errors import OutputError
    from ..fileio import input_holding

    path = Path(path)
    other = f"write the report elsewhere, e.g. -o c7-check.{'txt' if fmt == 'table' else fmt}"
    reports = report.reports if isinstance(report, DraftsReport) else [report]
    read: list[Path] = []
    for one in map(Path, draft if isinstance(draft, list) else [draft]):
        # A records file is checked with its whole folder (submission.yaml and every records file).
        read += [one, *([one.parent] if one.suffix.lower() in (".yaml", ".yml") else [])]
    for r in reports:
        read += [*r.read_from, *(Path(p["path"]) for p in r.priors if p.get("path"))]
    try:
        held = input_holding(path, read, _INPUT_SUFFIXES)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11, 3.12)
        raise OutputError(f"cannot follow the report path ({exc})", file=path, hint=other) from None
    if held is not None:
        where = f"into {held}, a folder" if held.is_dir() else "over a file"
        raise OutputError(f"the report would be written {where} that this check reads", file=path, hint=other)
    if path.is_dir():
        raise OutputError("the report path is a folder", file=path, hint=other)
    if force or not path.exists():
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
    except OSError as exc:
        raise OutputError(f"cannot read the existing file: {exc.strerror}", file=path, hint=other) from None
    if not re.match(_REPORT_HEAD[fmt], head):
        raise OutputError(
            f"{path.name} exists and is not a c7draft {fmt} report; writing the report would replace it",
            file=path,
            hint=f"{other}, or add --force to replace it",
        )
