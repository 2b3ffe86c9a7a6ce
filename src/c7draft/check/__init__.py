"""Find text recycled from earlier submissions, and bullets of one draft that say the same.

How it works, in four steps:

1. **Normalise.** Every sentence becomes a list of word tokens that ignores what drafters
   change without rewriting: case, quotes, dashes, punctuation, "&" for "and", an
   agency's name spelled out or renamed (``UN Trade & Development`` -> ``unctad``), and
   every number (years, counts, ordinals: all become ``0``).
2. **Segment.** Bullets and paragraphs are split into sentences (``split_sentences``).
3. **Score.** A pair of sentences scores the mean of two translation-memory style fuzzy
   ratios over the tokens (rapidfuzz's Indel ratio): ``r`` in word order and ``d`` on the
   words sorted, so a reordered list costs little. 100 means identical after
   normalisation; a difference only in numbers scores 99. A sentence that is mostly new
   but carries a recycled passage (at least ``min_passage`` matched words aligned at
   ``moderate_edit`` or better) scores that passage (its real similarity; the band then
   says "passage"). A sentence that keeps the prior's skeleton in order while cutting or
   swapping words (``condensed`` per cent of its content words, at least
   ``min_condensed``) is a condensed rewrite, a band of its own. Stock phrases
   (templates/stock_phrases.txt) are removed first. Sentences with fewer than
   ``min_words`` content words are never compared.
4. **Index.** Prior sentences are indexed by token (``PriorIndex``) so a draft is not
   compared with every archived sentence. The candidate search is exact for the sentence
   score: see ``PriorIndex.candidates``.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from ..session import ordinal_number
from .findings import CheckReport, DraftsReport, Match, annotate, comment_text, describe_prior
from .index import SHINGLE_MAX_DF, PriorIndex
from .loader import load_prior_index
from .score import Band, Thresholds, score_pair
from .text import STOPWORDS, content_words, make_sentences, raw_tokens, split_sentences, tokens

if TYPE_CHECKING:  # pragma: no cover
    from ..documents import Document
    from ..model import Draft

__all__ = [
    "Band",
    "CheckReport",
    "DraftsReport",
    "Match",
    "PriorIndex",
    "STOPWORDS",
    "Thresholds",
    "annotate",
    "check_draft",
    "check_document",
    "check_drafts",
    "check_path",
    "check_paths",
    "check_records_file",
    "comment_text",
    "across_drafts",
    "compare_texts",
    "content_words",
    "draft_paths",
    "describe_prior",
    "load_prior_index",
    "make_sentences",
    "raw_tokens",
    "score_pair",
    "split_sentences",
    "tokens",
    "within_draft",
]


def _band(th: Thresholds, score: int, how: str) -> Band:
    band = Band.CONDENSED if how == "condensed" else th.band(score)
    if band is None:  # the index's search returns only pairs in a band: a pair below them is a bug
        raise ValueError(f"score {score} ({how or 'sentence'}) is below every band")
    return band


def _hit_rank(th: Thresholds, hit: tuple[int, int, int, str]) -> tuple[int, int]:
    """How good a search hit (draft sentence, prior sentence, score, how) is: band, then score."""
    return _band(th, hit[2], hit[3]).rank, hit[2]


def _best_per_prior(
    found: list[tuple[int, int, int, str]], index: PriorIndex, th: Thresholds
) -> list[tuple[int, int, int, str]]:
    """For each draft sentence, keep its best match in each prior document: a window of two
    prior sentences (``c < 0``) only when its band is above every single sentence's."""
    best: dict[tuple[int, int], tuple[int, int, int, str]] = {}
    for hit in found:
        key = (hit[0], index.sentence(hit[1]).doc)
        if key not in best or _window_rank(th, hit) > _window_rank(th, best[key]):
            best[key] = hit
    return list(best.values())


def _window_rank(th: Thresholds, hit: tuple[int, int, int, str]) -> tuple[int, bool, int]:
    """``_hit_rank``, a single prior sentence before a window (``PriorIndex.windows``) of the same band."""
    band, score = _hit_rank(th, hit)
    return band, hit[1] >= 0, score


def _skip_reason(draft: Document, doc: Document) -> str:
    """Why a prior is not compared with the draft ("" when it is)."""
    if draft.digest and doc.digest == draft.digest:
        return "it is the draft itself"
    if draft.session is not None and doc.session is not None and doc.session >= draft.session:
        return (
            f"written for the {ordinal_number(doc.session)} session ({doc.year}), not before "
            f"the draft's {ordinal_number(draft.session)} session; a draft cannot recycle itself"
        )
    return ""


def check_document(
    draft: Document,
    against: list[Path] | None = None,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    also: list[Path] | None = None,
    listed: list[Path] | None = None,
    index: PriorIndex | None = None,
    within: list[Match] | None = None,
    searched: tuple[list, list[tuple[int, int, int, str]]] | None = None,
) -> CheckReport:
    """Check a read draft (see ``readers.read_document``/``document_from_draft``) against the
    shipped seeds (or only ``against``) plus ``listed`` (`priors:`) and ``also``, or against
    ``index`` when the caller has loaded those priors' index already (``check_drafts``, which
    also gives the draft's ``within_draft`` matches and its sentences with their ``searched``
    hits: every draft's sentences are searched at once).

    Priors that are the draft itself, or written for its session or a later one, are not
    compared: the report's ``priors`` list says so (``skipped`` and ``reason``), with no note.
    """
    from ..resources import prior_sources
    from .cache import take_notes
    from .readers import prior_paths

    th = thresholds or Thresholds()
    if index is None:
        index = load_prior_index(prior_paths(against, also or (), listed or ()), progress)
    notes: list[str] = [*index.notes, *draft.notes, *(n for doc in index.documents for n in doc.notes)]
    reasons = [_skip_reason(draft, doc) for doc in index.documents]
    skipped = {d for d, why in enumerate(reasons) if why}
    for doc in index.documents:
        if doc.session is None:
            notes.append(f"{doc.name}: its CSTD session could not be told; checked anyway")
    if draft.session is None:
        notes.append(f"{draft.name}: the draft's CSTD session could not be told; checked against every prior")

    if searched is None:
        sentences = make_sentences((0, p, passage.text) for p, passage in enumerate(draft.passages))
        if within is None and index.ON_ARRAYS:  # numpy is loaded:
            within = _among_drafts([draft], th, sentences)[0][0]  # its batched search, not Python's
        index.encode(sentences)
        compared = [d for d in range(len(index.documents)) if d not in skipped]
        hits = index.search(
            sentences, th, windows=True, keep=lambda k, y: y.doc not in skipped, among=compared
        )
        searched = sentences, hits
    sentences = searched[0]
    found = [hit for hit in searched[1] if index.sentence(hit[1]).doc not in skipped]
    matches = []
    seen: set[tuple] = set()  # the same sentence of the same session's submission, read twice
    for k, c, score, how in _best_per_prior(found, index, th):  # (e.g. its .docx and its YAML folder)
        x, y = sentences[k], index.sentence(c)
        doc = index.documents[y.doc]
        if (k, y.text, doc.session) in seen:
            continue
        seen.add((k, y.text, doc.session))
        passage = draft.passages[x.passage]
        matches.append(
            Match(
                x.text,
                y.text,
                doc.name,
                doc.session,
                passage.location,
                doc.passages[y.passage].location,
                score,
                _band(th, score, how),
                "prior",
                how == "passage",
                passage.block,
                draft_record=passage.source,
                order_share=_share(x, y, th, how),
            )
        )
    matches += within_draft(draft, th, sentences=sentences) if within is None else within
    matches.sort(key=lambda m: (-m.band.rank, -m.score, m.draft_location, m.prior_name))
    per_doc = index.sentences_per_document()
    priors = [
        {
            "name": doc.name,
            "path": doc.path,
            "session": doc.session,
            "year": doc.year,
            "skipped": d in skipped,
            "reason": reasons[d] or None,
            "sentences": per_doc[d],
        }
        for d, doc in enumerate(index.documents)
    ]
    priors += [
        {
            "name": p.name,
            "path": str(p),
            "session": None,
            "year": None,
            "skipped": True,
            "reason": problem,
            "sentences": 0,
        }
        for p, problem in index.unreadable
    ]
    # whose text it is: the records' entities (YAML), else the masthead's "Submission by"
    entities = sorted({p.entity for p in draft.passages if p.entity})
    if not entities and draft.submitted_by:
        entities = [draft.submitted_by]
    report = CheckReport(
        matches, notes + take_notes(), draft.name, draft.session, priors, th, entities=entities
    )
    report.read_from = prior_sources(against, also or (), listed or ())
    return report


def _share(x, y, th: Thresholds, how: str) -> int | None:
    from .score import order_share

    return order_share(x, y, th) if how == "condensed" else None


def within_draft(
    draft: Document,
    th: Thresholds,
    hits: list[tuple[int, int, int, str]] | None = None,
    sentences: list | None = None,
) -> list[Match]:
    """Bullets of different agencies (or any two bullets, when agencies are unknown) that
    say the same thing. Part 1 paragraphs are left out: a summary repeats bullets by design.
    ``sentences``: the draft's, made already (``check_document``'s: its bullets' are encoded
    again here, as the draft's own index is built of them); ``hits``: those searched against
    themselves already (``check_drafts``)."""
    if len(draft.passages) < 2:
        return []
    if sentences is None:
        sentences = make_sentences((0, p, passage.text) for p, passage in enumerate(draft.passages))
    if hits is None:
        # The draft's own index holds its bullets' sentences alone (only bullets are paired,
        # ``_across``), encoded as they are indexed (``encode`` would give the same). Unless
        # a phrase could be in more than ``SHINGLE_MAX_DF`` sentences: then it is idiom in the
        # whole draft, and the paragraphs' sentences count too.
        kept = [k for k, s in enumerate(sentences) if draft.passages[s.passage].is_bullet]
        if len(sentences) > SHINGLE_MAX_DF:
            kept = list(range(len(sentences)))
        mine = [sentences[k] for k in kept]
        index = PriorIndex.from_sentences([draft], mine)
        hits = [
            (kept[k], kept[c], score, how)  # (numbered as in ``sentences``: the same order)
            for k, c, score, how in index.search(
                mine, th, keep=lambda k, y: _across(draft, mine[k].passage, y.passage)
            )
        ]
    best: dict[tuple[int, int], tuple[int, str, int, int]] = {}
    for k, c, score, how in hits:
        if not _across(draft, sentences[k].passage, sentences[c].passage):
            continue
        key = (min(k, c), max(k, c))
        if key not in best or score > best[key][0]:
            best[key] = (score, how, *key)
    out = []
    for score, how, k, c in best.values():
        a, b = draft.passages[sentences[k].passage], draft.passages[sentences[c].passage]
        out.append(
            Match(
                sentences[k].text,
                sentences[c].text,
                draft.name,
                draft.session,
                _with_entity(a),
                _with_entity(b),
                score,
                _band(th, score, how),
                "within draft",
                how == "passage",
                a.block,
                b.block,
                a.source,
                b.source,
                _share(sentences[k], sentences[c], th, how),
            )
        )
    return out


def _across(draft: Document, p: int, q: int) -> bool:
    """Whether passages ``p`` and ``q`` are bullets that ``within_draft`` compares: two
    different ones, not both known to be the same agency's."""
    a, b = draft.passages[p], draft.passages[q]
    return a is not b and a.is_bullet and b.is_bullet and not (a.entity and b.entity and a.entity == b.entity)


def _with_entity(p) -> str:
    return f"{p.location} ({p.entity})" if p.entity else p.location


def check_draft(
    draft: Draft,
    against: list[Path] | None = None,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    name: str = "this draft",
    also: list[Path] | None = None,
) -> CheckReport:
    """Check an assembled draft; front matter, headings and prompts are never compared.
    The draft's own `priors:` add to the seeds, unless ``against`` replaces them all."""
    from ..documents import document_from_draft

    listed = [] if against else draft.priors
    report = check_document(document_from_draft(draft, name), against, thresholds, progress, also, listed)
    report.draft_title = draft.title
    return report


def check_path(
    draft: Path,
    against: list[Path] | None = None,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    also: list[Path] | None = None,
) -> CheckReport:
    """Check a YAML inputs folder, one agency's records file or a finished draft (.docx,
    .md, .txt, .pdf)."""
    doc, listed, title = read_draft(Path(draft))
    report = check_document(doc, against, thresholds, progress, also, [] if against else listed)
    report.draft_title = title
    return report


def read_draft(path: Path) -> tuple[Document, list[Path], str]:
    """A draft to check, read: (its document, its submission's `priors:`, its title for
    reports: the submission's title for YAML, else "")."""
    from ..errors import DocumentReadError
    from .readers import document_from_draft, read_document

    if path.is_dir():
        from ..assemble import load_draft

        loaded = load_draft(path)
        return document_from_draft(loaded, str(path)), loaded.priors, loaded.title
    if path.suffix.lower() in (".yaml", ".yml") and path.is_file():
        return _records_file(path)
    if not path.exists():
        raise DocumentReadError(
            "no such file or folder",
            file=path,
            hint="give a YAML inputs folder or a .docx, .pdf, .md or .txt draft",
        )
    return read_document(path), [], ""


def _records_file(path: Path) -> tuple[Document, list[Path], str]:
    """One agency's records file (or submission.yaml's executive summary) read on its own,
    with the session of the submission.yaml beside it."""
    from ..assemble import load_draft
    from ..documents import document_from_draft
    from ..errors import InputError

    if not (path.parent / "submission.yaml").is_file():
        raise InputError(
            "there is no submission.yaml beside this file",
            file=path,
            hint="check a records file inside a submission folder, or give the folder",
        )
    draft = load_draft(path.parent)
    doc = document_from_draft(draft, str(path))
    target = path.resolve()
    doc.passages = [p for p in doc.passages if p.source and Path(p.source["file"]).resolve() == target]
    if not doc.passages:
        raise InputError(
            "this file is not one of the submission's records files",
            file=path,
            hint="list it under records: in submission.yaml, or give the folder",
        )
    return doc, draft.priors, f"{path.name}, records of {draft.title}"


def check_records_file(
    path: Path,
    against: list[Path] | None = None,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    also: list[Path] | None = None,
) -> CheckReport:
    """Check one agency's records file (or submission.yaml's executive summary) on its own,
    with the session of the submission.yaml beside it."""
    return check_path(path, against, thresholds, progress, also)


# ----------------------------------------------------------------------------- many drafts


def draft_paths(items: list[Path]) -> list[Path]:
    """The drafts named on the command line: a folder of drafts (not itself a YAML inputs
    folder) stands for every draft in it and its sub-folders, in name order: each .docx,
    .md, .txt and .pdf file (not hidden files, Word's ~$ lock files or a README), and each
    YAML inputs folder as one draft."""
    from ..errors import DocumentReadError
    from .readers import FORMATS, is_inputs_folder

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
    return out


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
    against each other (``across_drafts``: the same text in two inputs of this year)."""
    from .progress import delayed_progress
    from .readers import prior_paths

    th = thresholds or Thresholds()
    paths = draft_paths(drafts)
    # first every draft read and every set of priors loaded (their own progress bar, if any)
    indexes: dict[tuple[str, ...], PriorIndex] = {}  # by the drafts' `priors:` (all share --against)
    read = []
    for path in paths:
        doc, listed, title = read_draft(path)
        listed = [] if against else listed
        key = tuple(map(str, listed))
        if key not in indexes:
            indexes[key] = load_prior_index(prior_paths(against, also or (), listed), progress)
        read.append((doc, listed, title, indexes[key]))
    documents = [doc for doc, *_ in read]
    sentences = make_sentences(
        (d, p, passage.text) for d, doc in enumerate(documents) for p, passage in enumerate(doc.passages)
    )
    mine: list[list] = [[] for _ in documents]  # each draft's sentences, in order
    for x in sentences:
        mine[x.doc].append(x)
    reports: dict[int, CheckReport] = {}
    with delayed_progress(progress, len(read) + 1, "Checking drafts") as advance:
        within, across = _among_drafts(documents, th, sentences)
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
    return DraftsReport([reports[d] for d in range(len(read))], across)


def _among_drafts(
    documents: list[Document], th: Thresholds, sentences: list
) -> tuple[list[list[Match]], list]:
    """Every draft's ``sentences`` searched against every draft's at once: (each draft's
    ``within_draft`` matches, ``across_drafts``'s). One numpy index of all of them (as an
    archive's) instead of one per draft and another of all."""
    from .archive import ArchiveIndex
    from .tables import table_of

    if not sentences:
        return [[] for _ in documents], []
    mine: list[list] = [[] for _ in documents]
    for x in sentences:
        mine[x.doc].append((x.passage, x.text, x.toks))
    tables = [table_of(doc, rows) for doc, rows in zip(documents, mine, strict=True)]  # in order
    index = ArchiveIndex.build(tables, [doc.digest for doc in documents])
    index.encode(sentences)
    hits = index.search(sentences, th)
    start = [0] * len(documents)
    for k in range(len(sentences) - 1, -1, -1):
        start[sentences[k].doc] = k
    own: list[list[tuple[int, int, int, str]]] = [[] for _ in documents]
    for k, c, score, how in hits:
        d = sentences[k].doc
        if sentences[c].doc == d:
            own[d].append((k - start[d], c - start[d], score, how))
    within = [
        within_draft(doc, th, own[d], sentences[start[d] : start[d] + n])
        for d, (doc, n) in enumerate(zip(documents, map(len, mine), strict=True))
    ]
    return within, across_drafts(documents, th, sentences, hits)


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
        rank = (*_hit_rank(th, (k, c, score, how)), x.doc < y.doc)
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
            _with_entity(pa),
            _with_entity(pb),
            score,
            _band(th, score, how),
            "across drafts",
            how == "passage",
            draft_record=pa.source,
            prior_record=pb.source,
            order_share=_share(x, y, th, how),
        )
        out.append((x.doc, y.doc, match))
    out.sort(key=lambda t: (-t[2].band.rank, -t[2].score, t[0], t[1], t[2].draft_location))
    return out


def compare_texts(draft_text: str, prior_text: str, thresholds: Thresholds | None = None) -> Match | None:
    """The best match between two bullets or paragraphs, as ``check`` would find it."""
    from ..documents import Document, Passage

    th = thresholds or Thresholds()
    prior = Document("prior", None, [Passage(prior_text, "prior")])
    draft = Document("draft", None, [Passage(draft_text, "draft")])
    index = PriorIndex.from_sentences([prior])
    sentences = make_sentences([(-1, 0, draft_text)])
    index.encode(sentences)
    hits = index.search(sentences, th, windows=True)
    if not hits:
        return None
    k, c, score, how = max(hits, key=lambda hit: _window_rank(th, hit))
    return Match(
        sentences[k].text,
        index.sentence(c).text,
        "prior",
        None,
        draft.passages[0].location,
        "prior",
        score,
        _band(th, score, how),
        "prior",
        how == "passage",
        order_share=_share(sentences[k], index.sentence(c), th, how),
    )
