"""Time `c7draft build` on the 2026 sample against pandoc converting the same content.

Both run as whole processes (start-up included), several times; prints the median of each
and their ratio. Run by hand: `make bench` or `.venv/bin/python bench/build_speed.py`.
Target: c7draft within 3x pandoc.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
RUNS = 7


def median_seconds(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    c7draft = shutil.which("c7draft", path=str(Path(sys.executable).parent)) or "c7draft"
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        sys.exit("pandoc is not installed (apt-get install pandoc)")
    from c7draft.assemble import load_draft
    from c7draft.preview import to_markdown

    with tempfile.TemporaryDirectory() as tmp:
        markdown = Path(tmp) / "same-content.md"
        markdown.write_text(to_markdown(load_draft(SAMPLE)), encoding="utf-8")
        subprocess.run([c7draft, "build", str(SAMPLE), "-o", f"{tmp}/warm.docx"], check=True,
                       stdout=subprocess.DEVNULL)  # fills the prior-submission cache
        rows = [
            ("pandoc (same content, .md -> .docx)", median_seconds([pandoc, str(markdown), "-o", f"{tmp}/p.docx"])),
            ("c7draft build --no-check", median_seconds([c7draft, "build", str(SAMPLE), "--no-check", "-o", f"{tmp}/a.docx"])),
            ("c7draft build (with recycled-text check)", median_seconds([c7draft, "build", str(SAMPLE), "-o", f"{tmp}/b.docx"])),
        ]
    base = rows[0][1]
    print(f"median of {RUNS} runs each, whole processes")
    for name, seconds in rows:
        print(f"{name:<45} {seconds:6.3f} s   {seconds / base:4.1f}x pandoc")


if __name__ == "__main__":
    main()
