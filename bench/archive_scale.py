"""How `c7draft check`'s archive path grows with the archive: warm, cold and peak memory at
10k, 50k, 100k, 200k and 500k prior sentences, as a Markdown table and a PNG plot.

Each size is an archive generated as ``archive_check.py`` makes it (100 sentences a
document; the shared-vocabulary archive by default, ``--zipf`` for the other), checked by
a 200-sentence draft in a fresh process: first cold (every file parsed, the index built
and saved), then warm (the index memory-mapped). The load average before each run is
printed beside it: this machine is shared, compare neighbouring figures.

Usage: python bench/archive_scale.py [--sizes 10000,50000,...] [--zipf] [--png docs/archive-scale.png]
Needs matplotlib (pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

# run as a script, bench/ is on sys.path: the archives and the timed run are archive_check.py's
from archive_check import generate, loadavg, run_check

ROOT = Path(__file__).resolve().parents[1]


def measure(sizes: list[int], shared: bool, done=lambda rows: None) -> list[dict]:
    """Each size's figures; ``done(rows so far)`` after each (a long run leaves a plot)."""
    rows: list[dict] = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="c7draft-scale-") as tmp:
            tmp = Path(tmp)
            os.environ["C7DRAFT_CACHE_DIR"] = str(tmp / "cache")
            draft, archive = generate(tmp, size // 100, 100, shared=shared)
            row = {"sentences": size}
            for what in ("cold", "warm"):
                load = loadavg()
                res = run_check(draft, archive, 75)
                row |= {what: res["seconds"], f"{what}_mib": res["peak_mib"], f"{what}_load": load}
            print(
                f"{size:>7,} sentences: cold {row['cold']:.2f} s ({row['cold_mib']:.0f} MiB) "
                f"[load {row['cold_load']}], warm {row['warm']:.2f} s ({row['warm_mib']:.0f} MiB) "
                f"[load {row['warm_load']}]",
                flush=True,
            )
            rows.append(row)
            done(rows)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| prior sentences | cold s | warm s | peak MiB, cold | peak MiB, warm | load before cold / warm |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['sentences']:,} | {r['cold']:.2f} | {r['warm']:.2f} | {r['cold_mib']:.0f} | "
            f"{r['warm_mib']:.0f} | {r['cold_load']} / {r['warm_load']} |"
        )
    return "\n".join(lines)


def plot(rows: list[dict], png: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [r["sentences"] / 1000 for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(n, [r["cold"] for r in rows], "o-", label="cold (parse + build)")
    left.plot(n, [r["warm"] for r in rows], "s-", label="warm (index memory-mapped)")
    left.axhline(5, color="grey", ls=":", lw=1)
    left.axhline(0.5, color="grey", ls="--", lw=1)
    left.set(xlabel="prior sentences (thousands)", ylabel="seconds (log scale)", title="time", yscale="log")
    left.legend()
    right.plot(n, [r["cold_mib"] for r in rows], "o-", label="cold")
    right.plot(n, [r["warm_mib"] for r in rows], "s-", label="warm")
    right.axhline(400, color="grey", ls=":", lw=1)
    right.set(xlabel="prior sentences (thousands)", ylabel="MiB", title="peak memory")
    right.legend()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(png, dpi=90)
    print(f"wrote {png}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,50000,100000,200000,500000")
    ap.add_argument(
        "--zipf", action="store_true", help="the Zipf archive instead of the shared-vocabulary one"
    )
    ap.add_argument("--png", type=Path, default=ROOT / "docs" / "archive-scale.png")
    args = ap.parse_args()
    kind = "Zipf archive" if args.zipf else "shared-vocabulary archive"
    print(f"{kind}; {os.cpu_count()} cores; load average {loadavg()}")
    title = f"c7draft check, 200-sentence draft, {kind}"
    rows = measure(
        [int(s) for s in args.sizes.split(",")], not args.zipf, lambda rows: plot(rows, args.png, title)
    )
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
