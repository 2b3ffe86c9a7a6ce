"""Precision and recall of `c7draft check` on the labelled pairs (tests/data/labelled_pairs.yaml).

Prints the tables quoted in docs/check.md: for each band used as the cut-off (as with
`--fail-on BAND`), how many labelled pairs are flagged at or above it; a sweep of the
moderate-edit threshold, which is how the default was chosen; and the band each kind of
edit lands in. Usage: python bench/labelled_figures.py
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from ruamel.yaml import YAML

from c7draft.check import Band, Thresholds, compare_texts

PAIRS = YAML(typ="safe").load(
    (Path(__file__).resolve().parents[1] / "tests" / "data" / "labelled_pairs.yaml").read_text(
        encoding="utf-8"
    )
)["pairs"]


def bands(th: Thresholds) -> list[tuple[dict, Band | None]]:
    """Each pair with the band `check` gives it (None: not flagged)."""
    out = []
    for pair in PAIRS:
        m = compare_texts(pair["draft"], pair["prior"], th)
        out.append((pair, m.band if m else None))
    return out


def pr(banded: list[tuple[dict, Band | None]], cut: Band) -> tuple[int, int, int, float, float]:
    """Counts when everything at or above band ``cut`` is flagged (as with --fail-on)."""
    hit = [(p, b is not None and b.at_or_above(cut)) for p, b in banded]
    tp = sum(1 for p, f in hit if f and p["expected"] == "recycled")
    fp = sum(1 for p, f in hit if f and p["expected"] != "recycled")
    fn = sum(1 for p, f in hit if not f and p["expected"] == "recycled")
    return tp, fp, fn, tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


def main() -> None:
    th = Thresholds()
    banded = bands(th)
    n_rec = sum(1 for p in PAIRS if p["expected"] == "recycled")
    print(f"Labelled pairs: {len(PAIRS)} ({n_rec} recycled, {len(PAIRS) - n_rec} not)\n")
    print("| flagged at or above | score | TP | FP | FN | precision | recall |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for band in Band:
        tp, fp, fn, p, r = pr(banded, band)
        cut = f"order share >= {th.condensed:d}%" if band is Band.CONDENSED else f">= {th.floor(band)}"
        print(f"| {band.label} | {cut} | {tp} | {fp} | {fn} | {p:.2f} | {r:.2f} |")

    print("\nSweep of the moderate-edit threshold (the flagging cut-off):\n")
    print("| moderate edit >= | TP | FP | FN | precision | recall |")
    print("|---:|---:|---:|---:|---:|---:|")
    for cut in (60, 65, 70, 75, 80, 85):
        t = Thresholds(moderate_edit=cut, light_edit=max(cut, th.light_edit))
        tp, fp, fn, p, r = pr(bands(t), Band.MODERATE_EDIT)
        print(f"| {cut} | {tp} | {fp} | {fn} | {p:.2f} | {r:.2f} |")

    print("\nBand reached, per kind of pair (default thresholds):\n")
    labels = [b.label for b in Band] + ["not flagged"]
    print("| kind | expected | " + " | ".join(labels) + " |")
    print("|---|---|" + "---:|" * len(labels))
    table: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for p, b in banded:
        table[(p["kind"], p["expected"])][b.label if b else "not flagged"] += 1
    for (kind, expected), counts in table.items():
        print(f"| {kind} | {expected} | " + " | ".join(str(counts[b] or "") for b in labels) + " |")


if __name__ == "__main__":
    main()
