"""One draft checked: against its prior submissions (``check_document``), and its bullets
against each other (``within_draft``; for drafts searched together, ``among_drafts``); the
draft read from a YAML inputs folder, a records file or a finished document; two texts
compared (``compare_texts``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..session import ordinal_number
from .findings import CheckReport, Match
from .index import PriorIndex
from .loader import load_prior_index
from .score import Band, Thresholds
from .text import make_sentences
from .vocabulary import SHINGLE_MAX_DF

if TYPE_CHECKING:  # pragma: no cover
    from ..documents import Document, Passage
    from ..model import Draft


def band_of(th: Thresholds, score: int, how: str) -> Band:
    band = Band.CONDENSED if how == "condensed" else th.band(score)
    if band is None:  # the index's search returns only pairs in a band: a pair below them is a bug
        raise ValueError(f"score {score} ({how or 'sentence'}) is below every band")
    return band


def hit_rank(th: Thresholds, hit: tuple[int, int, int, str]) -> tuple[int, int]:
    """How good a search hit (draft sentence, prior sentence, score, how) is: band, then score."""
    return band_of(th, hit[2], hit[3]).rank, hit[2]


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


def _prior_passage(index: PriorIndex, c: int) -> Passage:
    """The bullet or paragraph of a prior that holds its sentence ``c``."""
    y = index.sentence(c)
    return index.documents[y.doc].passages[y.passage]


def _window_rank(th: Thresholds, hit: tuple[int, int, int, str]) -> tuple[int, bool, int]:
    """``hit_rank``, a single prior sentence before a window (``PriorIndex.windows``) of the same band."""
    band, score = hit_rank(th, hit)
    return band, hit[1] >= 0, score


def _skip_reason(draft: Document, doc: Document) -> str:
    """Why a prior is not compared with the draft ("" when it is)."""
    if draft.same_bytes(doc):
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
            within = among_drafts([draft], th, sentences)[0][0]  # its batched search, not Python's
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
    # (e.g. its .docx and its YAML folder): the one that names its record is kept
    best = _best_per_prior(found, index, th)
    for k, c, score, how in sorted(best, key=lambda hit: _prior_passage(index, hit[1]).source is None):
        x, y = sentences[k], index.sentence(c)
        doc = index.documents[y.doc]
        if (k, y.text, doc.session) in seen:
            continue
        seen.add((k, y.text, doc.session))
        passage, prior_passage = draft.passages[x.passage], _prior_passage(index, c)
        matches.append(
            Match(
                x.text,
                y.text,
                doc.name,
                doc.session,
                passage.location,
                prior_passage.location,
                score,
                band_of(th, score, how),
                "prior",
                how == "passage",
                passage.block,
                draft_record=passage.source,
                prior_record=prior_passage.source,
                order_share=condensed_share(x, y, th, how),
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


def condensed_share(x, y, th: Thresholds, how: str) -> int | None:
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
                with_entity(a),
                with_entity(b),
                score,
                band_of(th, score, how),
                "within draft",
                how == "passage",
                a.block,
                b.block,
                a.source,
                b.source,
                condensed_share(sentences[k], sentences[c], th, how),
            )
        )
    return out


def _across(draft: Document, p: int, q: int) -> bool:
    """Whether passages ``p`` and ``q`` are bullets that ``within_draft`` compares: two
    different ones, not both known to be the same agency's."""
    a, b = draft.passages[p], draft.passages[q]
    return a is not b and a.is_bullet and b.is_bullet and not (a.entity and b.entity and a.entity == b.entity)


def with_entity(p) -> str:
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


def among_drafts(
    documents: list[Document], th: Thresholds, sentences: list
) -> tuple[list[list[Match]], list]:
    """Every draft's ``sentences`` searched against every draft's at once: (each draft's
    ``within_draft`` matches, the search's hits, from which ``many_drafts.across_drafts``
    takes the pairs of two drafts). One numpy index of all of them (as an archive's)
    instead of one per draft and another of all."""
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
    return within, hits


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
        band_of(th, score, how),
        "prior",
        how == "passage",
        order_share=condensed_share(sentences[k], index.sentence(c), th, how),
    )
