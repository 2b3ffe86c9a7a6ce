"""Time `c7draft build` on the 2026 sample against pandoc converting the same content, and
`c7draft --help` / `c7draft build --help` against `python -c "import typer"`.

Every command runs as a whole process (start-up and exit included). The commands take
turns, round after round, so a busy moment of the machine slows all of them alike; the
script prints each one's median and its ratio to the baseline measured in the same run.
Run by hand: `make bench` or `.venv/bin/python bench/build_speed.py [ROUNDS]`.
Targets: build < 3x pandoc, build --no-check < 2x pandoc, each help < 1.5x import typer.
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


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(timed(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 11
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
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fills the prior-submission cache
        build = {
            "pandoc (same content, .md -> .docx)": [pandoc, str(markdown), "-o", f"{tmp}/p.docx"],
            "c7draft build --no-check": [c7draft, "build", str(SAMPLE), "--no-check", "-o", f"{tmp}/a.docx"],
            "c7draft build (with recycled-text check)": [c7draft, "build", str(SAMPLE), "-o", f"{tmp}/b.docx"],
        }
        startup = {
            'python -c "import typer"': [sys.executable, "-c", "import typer"],
            "c7draft --help": [c7draft, "--help"],
            "c7draft build --help": [c7draft, "build", "--help"],
        }
        results = medians({**build, **startup}, rounds)
    print(f"median of {rounds} rounds, whole processes, commands taking turns")
    for group, unit in ((build, "pandoc"), (startup, "import typer")):
        base = results[next(iter(group))]
        for name in group:
            seconds = results[name]
            print(f"{name:<45} {seconds * 1000:6.0f} ms  {seconds / base:4.2f}x {unit}")


if __name__ == "__main__":
    main()
