"""How much of a paragraph a word diff keeps, for every pair of a 2024 and a 2026 paragraph
of the two samples: the figures review.worddiff.REWRITE_BELOW is set on.

    python bench/rewrite_threshold.py
"""

from __future__ import annotations

import itertools
from pathlib import Path

from c7draft.assemble import load_draft
from c7draft.review.worddiff import diff_text, kept_share, render

SAMPLES = Path(__file__).resolve().parent.parent / "sample_inputs"


def paragraphs(folder: Path) -> list[str]:
    """The executive summary paragraphs and bullets of a sample."""
    return [block.text for block in load_draft(folder).blocks if block.source]


def main() -> None:
    old, new = paragraphs(SAMPLES / "2023"), paragraphs(SAMPLES / "2025")
    shares = sorted(
        ((kept_share(a, b), a, b) for a, b in itertools.product(old, new)), key=lambda s: s[0], reverse=True
    )
    print(f"{len(shares)} pairs of a 2024 and a 2026 paragraph; kept share (of the shorter text):")
    for cut in (0.5, 0.4, 0.35, 0.3, 0.2, 0.1):
        print(f"  >= {cut:.2f}: {sum(s >= cut for s, _, _ in shares)} pairs")
    print("the five highest:", " ".join(f"{s:.2f}" for s, _, _ in shares[:5]), "- as word diffs:")
    for share, a, b in shares[:5]:
        print(f"\n{share:.2f}  {render(diff_text(a, b, rewrite_below=0), colour=False)}")


if __name__ == "__main__":
    main()
