"""What `pull` did or would do, for a person (a table with word diffs) or a program (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict

from ..errors import location
from .pull import Change, PullResult, ReviewComment
from .worddiff import Piece, diff_text, render

CONTEXT = 60  # characters of unchanged text kept on each side of a change in the table


def _where(file: str | None, line: int | None) -> str:
    return location(file, line) if file and line else file or "(no file)"


def _indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line for line in text.splitlines() or [""])


def _change(change: Change, colour: bool) -> list[str]:
    head = f"{_where(change.file, change.line)}  {change.record_id or '-'}  {change.kind}"
    if change.reason:
        head += f" ({change.reason})"
    lines = [head]
    if change.before or change.after:
        lines.append(_indent(render(_in_context(diff_text(change.before, change.after)), colour=colour)))
    return lines


def _in_context(pieces: list[Piece]) -> list[Piece]:
    """Long unchanged stretches cut to the words next to a change, so that a one-word edit
    of a long bullet reads in a line or two."""
    out = []
    last = len(pieces) - 1
    for k, piece in enumerate(pieces):
        if piece.kind != "equal":
            out.append(piece)
            continue
        lines = piece.text.split("\n")
        for n, line in enumerate(lines):
            after, before = (k > 0 and n == 0), (k < last and n == len(lines) - 1)
            if len(line) > 2 * CONTEXT + 5:
                head = line[:CONTEXT].rsplit(" ", 1)[0] + " " if after else ""
                tail = " " + line[-CONTEXT:].split(" ", 1)[-1] if before else ""
                line = f"{head}…{tail}"
            lines[n] = line
        out.append(Piece("equal", "\n".join(lines)))
    return out


def _comment(comment: ReviewComment, depth: int = 0) -> list[str]:
    pad = "  " * depth + ("  reply: " if depth else "")
    where = (
        f"  [{_where(comment.file, comment.line)} {comment.record_id}]"
        if comment.record_id and not depth
        else ""
    )
    done = " (resolved)" if comment.done else ""
    lines = [
        f"{pad}{comment.author}, {comment.date}{done}{where}",
        _indent(comment.text, "  " * depth + "    "),
    ]
    for reply in comment.replies:
        lines += _comment(reply, depth + 1)
    return lines


def render_table(result: PullResult, *, colour: bool, write: bool, accept: bool = True) -> str:
    out: list[str] = []
    for change in sorted(result.changes, key=lambda c: (c.file or "", c.line or 1 << 30)):
        out += _change(change, colour)
    if result.conflicts:
        out.append("")
        out.append("Not applied (the YAML is left as it is):")
        for change in result.conflicts:
            out += _change(change, colour)
    if result.front_matter:
        out.append("")
        out.append("Derived text edited in Word (change the key named, then build again; not applied):")
        for edit in result.front_matter:
            out.append(f"  {edit.key}  {edit.kind}")
            out.append(_indent(render(diff_text(edit.before, edit.after), colour=colour)))
    if result.tracked:
        out.append("")
        out.append(f"Tracked changes ({'accepted' if accept else 'rejected'}):")
        for t in result.tracked:
            out.append(f"  {t.author}, {t.date}  {t.kind}  {t.record_id or '-'}: {t.text}")
    if result.comments:
        out.append("")
        out.append("Comments:")
        for comment in result.comments:
            out += ["  " + line for line in _comment(comment)]
    out.append("")
    out.append(_summary(result, write))
    return "\n".join(out).lstrip("\n")


def _summary(result: PullResult, write: bool) -> str:
    counts: dict[str, int] = {}
    for change in result.changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    done = ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "no change to the records"
    if result.conflicts:
        done += f"; {len(result.conflicts)} not applied (conflict{'s' if len(result.conflicts) > 1 else ''})"
    if result.written:
        return f"{done}. Wrote {', '.join(sorted(str(p) for p in result.files))}."
    if result.files and not write:
        return f"{done}. Nothing was written: run again with --write to apply."
    return f"{done}. Nothing to write."


def render_json(result: PullResult) -> str:
    def change(c: Change) -> dict:
        return {k: v for k, v in asdict(c).items()}

    return json.dumps(
        {
            "changes": [change(c) for c in result.changes],
            "comments": [asdict(c) for c in result.comments],
            "tracked": [asdict(t) for t in result.tracked],
            "front_matter": [asdict(f) for f in result.front_matter],
            "conflicts": [change(c) for c in result.conflicts],
            "written": sorted(str(p) for p in result.files) if result.written else [],
        },
        ensure_ascii=False,
        indent=2,
    )
