"""How long loading a submission folder takes: c7draft's reader (ruamel's C parser composing
nodes, positions kept by c7draft) against ruamel's round-trip loader that it replaced.

Prints medians over repeated runs, in one process, so the ratio is fair on a busy machine.
Usage: python bench/load_speed.py [FOLDER] [RUNS]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from ruamel.yaml import YAML

from c7draft.inputs import load_submission
from c7draft.inputs.yamlfile import read_yaml

ROOT = Path(__file__).resolve().parents[1]


def median_ms(fn, runs: int) -> float:
    fn()  # warm up: imports and caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sample_inputs" / "2025"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    files = sorted(folder.glob("*.yaml"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    round_trip = YAML(typ="rt", pure=True)
    parse_rt = median_ms(lambda: [round_trip.load(t) for t in texts], runs)
    parse_new = median_ms(lambda: [read_yaml(f) for f in files], runs)
    load = median_ms(lambda: load_submission(folder), runs)
    print(f"{folder} ({len(files)} YAML files, {sum(map(len, texts)) // 1024} KB), median of {runs} runs:")
    print(f"  parse, ruamel round-trip loader (before): {parse_rt:6.1f} ms")
    print(
        f"  parse, c7draft reader (C parser + marks): {parse_new:6.1f} ms  ({parse_rt / parse_new:.1f}x faster)"
    )
    print(f"  load_submission (parse, schema, checks):  {load:6.1f} ms")


if __name__ == "__main__":
    main()
