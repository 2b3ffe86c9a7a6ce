"""Several drafts in one run, as the CSTD secretariat checks a year's inputs: each against
its priors (the index loaded once for the drafts that share them), and all against each
other (``across_drafts``: the same text in two entities' inputs of this year)."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import C7DraftError, DocumentReadError, InputError
from ..wording import plural
from .findings import CheckReport, DraftsReport, Match
from .index import PriorIndex
from .loader import load_prior_index
from .one_draft import (
    among_drafts,
    band_of,
    check_document,
    check_path,
    condensed_share,
    hit_rank,
    read_draft,
    with_entity,
)
from .score import Thresholds
from .text import make_sentences

if TYPE_CHECKING:  # pragma: no cover
    from ..documents import Document


def draft_paths(items: list[Path]) -> list[Path]:
    """The drafts named on the command line: a folder of drafts (not itself a YAML inputs
    folder) stands for every draft in it and its sub-folders, in name order: each .docx,
    .md, .txt and .pdf file (not hidden files, Word's ~$ lock files or a README), and each
    YAML inputs folder as one draft."""
    return _expanded(items)[0]


def _expanded(items: list[Path]) -> tuple[list[Path], list[Path]]:
    """``draft_paths``, and the files of its folders that are no draft c7draft reads (a .doc,
    an .odt, a spreadsheet): left out, and said so, as a secretariat would not know."""
    from .readers import FORMATS, is_inputs_folder

    left_out: list[Path] = []

    def walk(folder: Path) -> list[Path]:
        found = []
        for p in sorted(folder.iterdir()):
            if p.name.startswith((".", "~$")) or p.stem.lower() == "readme":  # Word's lock files
                continue
            if is_inputs_folder(p):
                found.append(p)
            elif p.is_dir():
                found += walk(p)
            elif p.suffix.lower() in FORMATS and p.is_file():
                found.append(p)
            elif p.is_file():
                left_out.append(p)
        return found

    out: list[Path] = []
    for item in map(Path, items):
        if not item.is_dir() or is_inputs_folder(item):
            out.append(item)
            continue
        found = walk(item)
        if not found:
            raise DocumentReadError(
                "this folder holds no draft to check",
                file=item,
                hint="give a YAML inputs folder (with submission.yaml), or a folder of .docx, .pdf, "
                ".md or .txt drafts",
            )
        out += found
    return out, left_out


def _left_out_note(files: list[Path]) -> str:
    return (
        f"{plural(len(files), 'file')} not checked, as c7draft reads drafts only as .docx, .pdf, .md "
        f"or .txt (save a draft as one of them to check it): {_names(files)}"
    )


def _unread_note(unread: list[tuple[Path, C7DraftError]]) -> str:
    """Which drafts were not checked, and why in a word each: the note stands in the JSON and
    HTML reports, which the errors on stderr do not reach."""

    def why(path: Path, exc: C7DraftError) -> str:
        first = exc.problems[0]
        where = f"{first.where}: " if first.where and first.where != str(path) else ""
        more = f"; {plural(len(exc.problems) - 1, 'more error')}" if len(exc.problems) > 1 else ""
        return f"{path} ({where}{first.message}{more})"

    return (
        f"{plural(len(unread), 'draft')} not checked, as c7draft could not read "
        f"{'it' if len(unread) == 1 else 'them'} (the run's errors say what to change): "
        + _names([why(path, exc) for path, exc in unread])
    )


def _names(items: list, shown: int = 10) -> str:
    return ", ".join(map(str, items[:shown])) + (
        f" and {len(items) - shown} more" if len(items) > shown else ""
    )


def check_paths(
    drafts: list[Path],
    against: list[Path] | None = None,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    also: list[Path] | None = None,
) -> CheckReport | DraftsReport:
    """What ``c7draft check DRAFT...`` reports: for one DRAFT that is a file or a YAML inputs
    folder, its ``CheckReport`` (today's shape, so no script breaks); for several, or a folder
    of drafts (whatever it holds), a ``DraftsReport``."""
    from .readers import is_inputs_folder

    if len(drafts) == 1 and not (Path(drafts[0]).is_dir() and not is_inputs_folder(Path(drafts[0]))):
        return check_path(Path(drafts[0]), against, thresholds, progress, also)
    return check_drafts(drafts, against, thresholds, progress, also)


def check_drafts(
    drafts: list[Path],
    against: list[Path] | None = None,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    also: list[Path] | None = None,
) -> DraftsReport:
    """Check several drafts in one run (``draft_paths`` expands folders of drafts): each
    against its priors, loaded once for every draft that has the same ones, and all of them
    against each other (``across_drafts``: the same text in two inputs of this year). A
    draft that cannot be read is not checked: the report's ``problems`` say why and a note
    names it; when none can be read, their errors are raised."""
    from .progress import delayed_progress
    from .readers import prior_paths

    th = thresholds or Thresholds()
    every, left_out = _expanded(drafts)
    # first every draft read and every set of priors loaded (their own progress bar, if any)
    indexes: dict[tuple[str, ...], PriorIndex] = {}  # by the drafts' `priors:` (all share --against)
    read = []
    paths: list[Path] = []  # the drafts read, in the order of `read`
    unread: list[tuple[Path, C7DraftError]] = []
    for path in every:
        try:
            doc, listed, title = read_draft(path)
        except C7DraftError as exc:  # one draft that cannot be read does not stop the others' check
            unread.append((path, exc))
            continue
        paths.append(path)
        listed = [] if against else listed
        key = tuple(map(str, listed))
        if key not in indexes:
            indexes[key] = load_prior_index(prior_paths(against, also or (), listed), progress)
        read.append((doc, listed, title, indexes[key]))
    problems = [p for _, e in unread for p in e.problems]
    if unread and not read:  # nothing to report: the errors, as for one draft
        raise unread[0][1] if len(unread) == 1 else InputError(problems=problems)
    documents = [doc for doc, *_ in read]
    sentences = make_sentences(
        (d, p, passage.text) for d, doc in enumerate(documents) for p, passage in enumerate(doc.passages)
    )
    mine: list[list] = [[] for _ in documents]  # each draft's sentences, in order
    for x in sentences:
        mine[x.doc].append(x)
    reports: dict[int, CheckReport] = {}
    with delayed_progress(progress, len(read) + 1, "Checking drafts") as advance:
        within, found = among_drafts(documents, th, sentences)
        across = across_drafts(documents, th, sentences, found)
        advance()
        for index in {id(r[3]): r[3] for r in read}.values():  # each set of priors, searched once
            drafts_of = [d for d, r in enumerate(read) if r[3] is index]
            batch = [x for d in drafts_of for x in mine[d]]
            index.encode(batch)
            hits: list[list[tuple[int, int, int, str]]] = [[] for _ in documents]
            start = dict(zip(map(id, batch), range(len(batch)), strict=True))
            first = {d: start[id(mine[d][0])] for d in drafts_of if mine[d]}
            for k, c, score, how in index.search(batch, th, windows=True):
                d = batch[k].doc
                hits[d].append((k - first[d], c, score, how))
            for d in drafts_of:
                doc, listed, title, _ = read[d]
                report = check_document(
                    doc,
                    against,
                    th,
                    False,
                    also,
                    listed,
                    index=index,
                    within=within[d],
                    searched=(mine[d], hits[d]),
                )
                report.draft_title = title
                reports[d] = report
                advance()
    for a, b in combinations(range(len(documents)), 2):  # across_drafts leaves these pairs out
        if documents[a].same_bytes(documents[b]):
            note = (
                f"{paths[a]} and {paths[b]} hold the same bytes (one file named twice, or a copy): "
                "not compared with each other"
            )
            reports[a].notes.append(note)
            reports[b].notes.append(note)
    notes = [_left_out_note(left_out)] if left_out else []
    if unread:
        notes.append(_unread_note(unread))
    return DraftsReport([reports[d] for d in range(len(read))], across, notes, problems)


def across_drafts(
    documents: list[Document],
    th: Thresholds,
    sentences: list | None = None,
    hits: list[tuple[int, int, int, str]] | None = None,
) -> list[tuple[int, int, Match]]:
    """(draft no., other draft no., match) for each pair of sentences of two different drafts
    that say the same, best match per pair, searched both ways (a condensed rewrite is one
    way round). Two passages of the same known entity are not paired; nor are two drafts
    with the same content (one file named twice)."""
    if len(documents) < 2:
        return []
    if sentences is None or hits is None:  # (``check_drafts`` searches once for these and within_draft)
        sentences = make_sentences(
            (d, p, passage.text) for d, doc in enumerate(documents) for p, passage in enumerate(doc.passages)
        )
        index = PriorIndex.from_sentences(documents, [replace(s, names=frozenset()) for s in sentences])
        index.encode(sentences)
        hits = index.search(sentences, th)
    best: dict[tuple[int, int], tuple[tuple[int, int, int], int, int, int, str]] = {}
    for k, c, score, how in hits:
        x, y = sentences[k], sentences[c]
        a, b = documents[x.doc], documents[y.doc]
        if x.doc == y.doc or a.same_bytes(b):
            continue
        if (entity := a.passages[x.passage].entity) and entity == b.passages[y.passage].entity:
            continue
        # the better of the two ways round; on a tie, the earlier draft of the run as the draft
        rank = (*hit_rank(th, (k, c, score, how)), x.doc < y.doc)
        key = (min(k, c), max(k, c))
        if key not in best or rank > best[key][0]:
            best[key] = (rank, k, c, score, how)
    out = []
    for _, k, c, score, how in best.values():
        x, y = sentences[k], sentences[c]
        pa, pb = documents[x.doc].passages[x.passage], documents[y.doc].passages[y.passage]
        match = Match(
            x.text,
            y.text,
            documents[y.doc].name,
            documents[y.doc].session,
            with_entity(pa),
            with_entity(pb),
            score,
            band_of(th, score, how),
            "across drafts",
            how == "passage",
            draft_record=pa.source,
            prior_record=pb.source,
            order_share=condensed_share(x, y, th, how),
        )
        out.append((x.doc, y.doc, match))
    out.sort(key=lambda t: (-t[2].band.rank, -t[2].score, t[0], t[1], t[2].draft_location))
    return out
