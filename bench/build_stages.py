"""Where `c7draft build sample_inputs/2025` spends its time, stage by stage.

Each run is a fresh interpreter that does what a build does, in the order it does it,
with a clock reading after each stage (imports are charged to the first stage that
needs them). Prints the median of each stage over the runs, plus the interpreter's own
start-up and the teardown that ``os._exit`` skips. Run by hand:
`.venv/bin/python bench/build_stages.py [RUNS]`. Figures go to docs/performance.md.
Python runs as installed, with its bytecode cached (see build_speed.py).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"

STAGES = r"""
import json, os, sys, time
marks = [("", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
sample, out, exit_fast = sys.argv[1], sys.argv[2], sys.argv[3] == "fast"
import typer
from c7draft import cli
mark("typer + c7draft.cli imports")
command = typer.main.get_command(cli.app)
command.make_context("c7draft", ["build", sample, "-o", out])
mark("typer: building the commands, parsing the arguments")
from c7draft import inputs, assemble
mark("c7draft.inputs + assemble imports (no pydantic)")
from ruamel.yaml import YAML
mark("ruamel.yaml import")
loaded = inputs.load_submission(sample)
mark("reading + validating the YAML (JSON Schema fast path)")
from pathlib import Path
start = time.perf_counter()
from c7draft.inputs.yamlfile import read_yaml
for yaml_file in sorted(Path(sample).glob("*.yaml")):  # warm now: the parse alone
    read_yaml(yaml_file)
parse_only = (time.perf_counter() - start) * 1000
marks[-1] = (marks[-1][0], marks[-1][1] + (time.perf_counter() - start))  # not charged
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
mark("markdown-it + its footnote plugin import")
draft = assemble.assemble(loaded)
mark("assembling the draft (front matter, markup)")
from c7draft.validate import warnings_for
found = warnings_for(loaded, draft)
mark("consistency and house-style warnings (validate)")
from c7draft import docx_io
mark("python-docx + lxml import")
docx_io.ensure_replaceable(out)
mark("stamp check of the previous output")
from c7draft import check as recycling
mark("recycled-text check: imports (rapidfuzz)")
report = recycling.check_draft(draft)
recycling.annotate(draft, report)
mark("recycled-text check: against the seeds (cached)")
docx_io.write_docx(draft, out)
mark("writing the .docx (reference, body, footnotes, zip)")
result = [(name, (t - marks[i][1]) * 1000) for i, (name, t) in enumerate(marks[1:])]
print(json.dumps(result + [("(of which the YAML parse alone, warm)", parse_only)]))
sys.stdout.flush()
if exit_fast:
    os._exit(0)
"""


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    stages: dict[str, list[float]] = {}
    walls: dict[str, list[float]] = {"fast": [], "normal": [], "start": []}
    with tempfile.TemporaryDirectory() as tmp:
        out = f"{tmp}/stages.docx"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = f"{tmp}/pycache"  # the first run writes it, the others read it
        subprocess.run(
            [sys.executable, "-c", STAGES, str(SAMPLE), out, "fast"], capture_output=True, check=True, env=env
        )
        for _ in range(runs):
            for how in ("fast", "normal"):
                start = time.perf_counter()
                run = subprocess.run(
                    [sys.executable, "-c", STAGES, str(SAMPLE), out, how],
                    capture_output=True,
                    text=True,
                    check=True,
                    env=env,
                )
                walls[how].append(time.perf_counter() - start)
                if how == "fast":
                    for name, ms in json.loads(run.stdout):
                        stages.setdefault(name, []).append(ms)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
            walls["start"].append(time.perf_counter() - start)
    ms = {name: statistics.median(values) for name, values in stages.items()}
    startup = statistics.median(walls["start"]) * 1000
    teardown = (statistics.median(walls["normal"]) - statistics.median(walls["fast"])) * 1000
    print(f"median of {runs} runs, ms")
    print(f"{'interpreter start-up (python -c pass)':<55} {startup:6.1f}")
    for name, value in ms.items():
        print(f"{name:<55} {value:6.1f}")
    total = sum(v for name, v in ms.items() if not name.startswith("("))
    print(f"{'total of the stages':<55} {total:6.1f}")
    print(f"{'teardown that os._exit skips (normal - fast exit)':<55} {teardown:6.1f}")


if __name__ == "__main__":
    main()
