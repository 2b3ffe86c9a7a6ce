"""Where `c7draft build sample_inputs/2025` spends its time, stage by stage.

Each run is a fresh interpreter that does what a build does, in the order it does it,
with a clock reading after each stage (imports are charged to the first stage that
needs them). Prints the median of each stage over the runs, plus the interpreter's own
start-up and the teardown that ``os._exit`` skips. Run by hand:
`.venv/bin/python bench/build_stages.py [RUNS]`. Figures go to docs/performance.md.
Python runs as installed, with its bytecode cached (see build_speed.py).

The stages run in one process, as a build allowed one CPU runs them. With two CPUs or
more `c7draft build` runs the inputs' stages (reading, assembling, the check, the warnings)
in a forked child while it imports python-docx and writes (c7draft.forked): the same work,
and its wall time is what build_speed.py measures.
"""

from __future__ import annotations

import json
import os
import resource
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
marks = [("", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
sample, out, exit_fast = sys.argv[1], sys.argv[2], sys.argv[3] == "fast"
from c7draft import fileio
mark("c7draft.fileio imports (re, dataclasses ...)")
import typer
from c7draft import cli
mark("typer + c7draft.cli imports")
cli.run._only_the_command_named(["build"])
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
start, cpu_start = time.perf_counter(), time.process_time()
from c7draft.inputs.yamlfile import read_yaml
for yaml_file in sorted(Path(sample).glob("*.yaml")):  # warm now: the parse alone
    read_yaml(yaml_file)
parse_only = (time.perf_counter() - start) * 1000, (time.process_time() - cpu_start) * 1000
name, wall, cpu = marks[-1]  # the warm parse is not charged to the next stage
marks[-1] = (name, wall + (time.perf_counter() - start), cpu + (time.process_time() - cpu_start))
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
result = [
    (name, ((t - marks[i][1]) * 1000, (c - marks[i][2]) * 1000)) for i, (name, t, c) in enumerate(marks[1:])
]
print(json.dumps(result + [("(of which the YAML parse alone, warm)", parse_only)]))
sys.stdout.flush()
if exit_fast:
    os._exit(0)
"""


def run_timed(command: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``command``; its output, wall time and CPU time (user + sys), in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return run, wall * 1000, cpu * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    stages: dict[str, list[list[float]]] = {}
    whole: dict[str, list[tuple[float, float]]] = {"fast": [], "normal": [], "start": []}
    with tempfile.TemporaryDirectory() as tmp:
        out = f"{tmp}/stages.docx"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = f"{tmp}/pycache"  # the first run writes it, the others read it
        run_timed([sys.executable, "-c", STAGES, str(SAMPLE), out, "fast"], env)
        for _ in range(runs):
            for how in ("fast", "normal"):
                run, wall, cpu = run_timed([sys.executable, "-c", STAGES, str(SAMPLE), out, how], env)
                whole[how].append((wall, cpu))
                if how == "fast":
                    for name, wall_cpu in json.loads(run.stdout):
                        stages.setdefault(name, []).append(wall_cpu)
            _, wall, cpu = run_timed([sys.executable, "-c", "pass"], env)
            whole["start"].append((wall, cpu))

    def median(values: list) -> tuple[float, float]:
        return statistics.median(w for w, _ in values), statistics.median(c for _, c in values)

    ms = {name: median(values) for name, values in stages.items()}
    fast, normal = median(whole["fast"]), median(whole["normal"])
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"median of {runs} runs, ms: wall, then CPU (user + sys); load average {' '.join(load)}")
    rows = [("interpreter start-up (python -c pass)", median(whole["start"])), *ms.items()]
    for name, (wall, cpu) in rows:
        print(f"{name:<55} {wall:6.1f} {cpu:6.1f}")
    total = [sum(v[k] for name, v in rows if not name.startswith("(")) for k in (0, 1)]
    print(f"{'total of the stages':<55} {total[0]:6.1f} {total[1]:6.1f}")
    print(f"{'whole run, fast exit':<55} {fast[0]:6.1f} {fast[1]:6.1f}")
    teardown = normal[0] - fast[0], normal[1] - fast[1]
    print(f"{'teardown that os._exit skips (normal - fast exit)':<55} {teardown[0]:6.1f} {teardown[1]:6.1f}")


if __name__ == "__main__":
    main()
