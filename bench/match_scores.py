"""How alike two different paragraphs of a submission are, as `pull` scores them when a
paragraph lost its mark (review.match): the highest scores between different bullets and
summary paragraphs of each sample. `match.RELATED` must sit above them, or a new bullet
would be held back as unmatched.

    python bench/match_scores.py
"""

from __future__ import annotations

import itertools
from pathlib import Path

from c7draft.assemble import load_draft
from c7draft.review.match import base_text, relatedness, similarity

ROOT = Path(__file__).resolve().parents[1]

for year in ("2023", "2025"):
    draft = load_draft(ROOT / "sample_inputs" / year)
    texts = [base_text(item) for item in draft.base.items if item.kind != "derived"]
    pairs = list(itertools.combinations(texts, 2))
    top_ratio = max(similarity(a, b) for a, b in pairs)
    top_related = max(max(relatedness(a, b), relatedness(b, a)) for a, b in pairs)
    print(
        f"sample_inputs/{year}: {len(texts)} paragraphs, {len(pairs)} pairs; highest similarity "
        f"{top_ratio:.0f}, highest relatedness {top_related:.0f}"
    )
