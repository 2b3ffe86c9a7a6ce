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

from .findings import CheckReport, DraftsReport, Match, annotate, comment_text, describe_prior
from .index import PriorIndex
from .loader import load_prior_index
from .many_drafts import across_drafts, check_drafts, check_paths, draft_paths
from .one_draft import (
    check_document,
    check_draft,
    check_path,
    check_records_file,
    compare_texts,
    within_draft,
)
from .score import Band, Thresholds, score_pair
from .text import STOPWORDS, content_words, make_sentences, raw_tokens, split_sentences, tokens

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
