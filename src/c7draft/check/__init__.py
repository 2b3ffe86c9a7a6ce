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
from pathlib import Path
from typing import TYPE_CHECKING

from ..session import ordinal_number
from .findings import CheckReport, Match, annotate, comment_text, describe_prior
from .index import PriorIndex
from .loader import load_prior_index
from .score import Band, Thresholds, score_pair
from .text import STOPWORDS, content_words, make_sentences, raw_tokens, split_sentences, tokens

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Draft
    from .readers import Document

__all__ = [
    "Band",
    "CheckReport",
    "Match",
    "PriorIndex",
    "STOPWORDS",
    "Thresholds",
    "annotate",
    "check_draft",
    "check_document",
    "check_path",
    "check_records_file",
    "comment_text",
    "compare_texts",
    "content_words",
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
    """For each draft sentence, keep its best match in each prior document."""
    best: dict[tuple[int, int], tuple[int, int, int, str]] = {}
    for hit in found:
        key = (hit[0], index.where[2 * hit[1]])
        if key not in best or _hit_rank(th, hit) > _hit_rank(th, best[key]):
            best[key] = hit
    return list(best.values())


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
) -> CheckReport:
    """Check a read draft (see ``readers.read_document``/``document_from_draft``) against the
    shipped seeds (or only ``against``) plus ``listed`` (`priors:`) and ``also``.

    Priors that are the draft itself, or written for its session or a later one, are not
    compared: the report's ``priors`` list says so (``skipped`` and ``reason``), with no note.
    """
    from ..resources import prior_sources
    from .cache import take_notes
    from .readers import prior_paths

    th = thresholds or Thresholds()
    paths = prior_paths(against, also or (), listed or ())
    index = load_prior_index(paths, progress)
    notes: list[str] = [*index.notes, *draft.notes, *(n for doc in index.documents for n in doc.notes)]
    reasons = [_skip_reason(draft, doc) for doc in index.documents]
    skipped = {d for d, why in enumerate(reasons) if why}
    for doc in index.documents:
        if doc.session is None:
            notes.append(f"{doc.name}: its CSTD session could not be told; checked anyway")
    if draft.session is None:
        notes.append(f"{draft.name}: the draft's CSTD session could not be told; checked against every prior")

    sentences = make_sentences((-1, p, passage.text) for p, passage in enumerate(draft.passages))
    index.encode(sentences)
    found = [hit for hit in index.search(sentences, th) if index.where[2 * hit[1]] not in skipped]
    matches = []
    seen: set[tuple] = set()  # the same sentence of the same session's submission, read twice
    for k, c, score, how in _best_per_prior(found, index, th):  # (e.g. its .docx and its YAML folder)
        x, doc = sentences[k], index.documents[index.where[2 * c]]
        if (k, index.texts[c], doc.session) in seen:
            continue
        seen.add((k, index.texts[c], doc.session))
        passage = draft.passages[x.passage]
        matches.append(
            Match(
                x.text,
                index.texts[c],
                doc.name,
                doc.session,
                passage.location,
                doc.passages[index.where[2 * c + 1]].location,
                score,
                _band(th, score, how),
                "prior",
                how == "passage",
                passage.block,
                draft_source=passage.source,
                order_share=_share(x, index.sentence(c), th, how),
            )
        )
    matches += within_draft(draft, th)
    matches.sort(key=lambda m: (-m.band.rank, -m.score, m.draft_location, m.prior_source))
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
    report = CheckReport(matches, notes + take_notes(), draft.name, draft.session, priors, th)
    report.read_from = prior_sources(against, also or (), listed or ())
    return report


def _share(x, y, th: Thresholds, how: str) -> int | None:
    from .score import order_share

    return order_share(x, y, th) if how == "condensed" else None


def within_draft(draft: Document, th: Thresholds) -> list[Match]:
    """Bullets of different agencies (or any two bullets, when agencies are unknown) that
    say the same thing. Part 1 paragraphs are left out: a summary repeats bullets by design."""
    if len(draft.passages) < 2:
        return []
    sentences = make_sentences((0, p, passage.text) for p, passage in enumerate(draft.passages))
    # The draft's sentences are its own index's: made once (an index keeps no ``names``).
    index = PriorIndex.from_sentences([draft], [replace(s, names=frozenset()) for s in sentences])
    index.encode(sentences)
    best: dict[tuple[int, int], tuple[int, str, int, int]] = {}
    for k, c, score, how in index.search(sentences, th):
        a, b = draft.passages[sentences[k].passage], draft.passages[index.where[2 * c + 1]]
        if a is b or not (a.is_bullet and b.is_bullet) or (a.entity and b.entity and a.entity == b.entity):
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
    from .readers import document_from_draft

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
    """Check a YAML inputs folder or a finished draft (.docx, .md, .txt, .pdf)."""
    from ..errors import DocumentReadError
    from .readers import read_document

    draft = Path(draft)
    if draft.is_dir():
        from ..assemble import load_draft

        return check_draft(load_draft(draft), against, thresholds, progress, name=str(draft), also=also)
    if draft.suffix.lower() in (".yaml", ".yml") and draft.is_file():
        return check_records_file(draft, against, thresholds, progress, also)
    if not draft.exists():
        raise DocumentReadError(
            "no such file or folder",
            file=draft,
            hint="give a YAML inputs folder or a .docx, .pdf, .md or .txt draft",
        )
    return check_document(read_document(draft), against, thresholds, progress, also)


def check_records_file(
    path: Path,
    against: list[Path] | None = None,
    thresholds: Thresholds | None = None,
    progress: bool = False,
    also: list[Path] | None = None,
) -> CheckReport:
    """Check one agency's records file (or submission.yaml's executive summary) on its own,
    with the session of the submission.yaml beside it."""
    from ..assemble import load_draft
    from ..errors import InputError
    from .readers import document_from_draft

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
    report = check_document(doc, against, thresholds, progress, also, [] if against else draft.priors)
    report.draft_title = f"{path.name}, records of {draft.title}"
    return report


def compare_texts(draft_text: str, prior_text: str, thresholds: Thresholds | None = None) -> Match | None:
    """The best match between two bullets or paragraphs, as ``check`` would find it."""
    from .readers import Document, Passage

    th = thresholds or Thresholds()
    prior = Document("prior", None, [Passage(prior_text, "prior")])
    draft = Document("draft", None, [Passage(draft_text, "draft")])
    index = PriorIndex.from_sentences([prior])
    sentences = make_sentences([(-1, 0, draft_text)])
    index.encode(sentences)
    hits = index.search(sentences, th)
    if not hits:
        return None
    k, c, score, how = max(hits, key=lambda hit: _hit_rank(th, hit))
    return Match(
        sentences[k].text,
        index.texts[c],
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
