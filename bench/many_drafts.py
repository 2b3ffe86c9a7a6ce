"""The secretariat's year: 50 drafts of 200 sentences each checked in one `c7draft check` run
against the 1,000-document archive of ``archive_check.py``, warm (target: under 10 s).

The archive and the drafts are generated (seeded RNG) as ``archive_check.py`` makes them;
each draft holds 20 edited archive sentences and 10 sentences edited from another draft
of the same year. The check runs as a user runs it, a fresh ``c7draft check DRAFTS/
--against ARCHIVE/ --format json`` process: first cold (the archive parsed and indexed),
then warm (index cached; every draft read again). Prints the times (wall clock, and
the CPU seconds of the check's process and its workers: on a shared machine the wall
clock grows with the load, the CPU time much less), the load average before each run,
and whether the target is met, and checks that every planted sentence was found.

Usage: python bench/many_drafts.py [--drafts 50] [--docs 1000] [--shared] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# run as a script, bench/ is on sys.path: the archive and its generator are archive_check.py's
from archive_check import edit, generate, loadavg, sentence

TARGET = 10.0  # seconds, warm, 50 drafts


def make_drafts(folder: Path, archive: Path, n: int, per_draft: int, shared: bool, seed: int = 29):
    """``n`` drafts: new sentences, 20 edited archive sentences and 10 edited from the draft
    before (the first draft from the last). Returns how many sentences were planted."""
    from archive_check import vocabulary_for

    rng = random.Random(seed)
    words, cum = vocabulary_for(rng, shared)
    pool = []
    for path in sorted(archive.iterdir())[:200]:
        lines = path.read_text(encoding="utf-8").split("\n- ")[1:]
        pool += [s.strip() + "." for line in lines for s in line.split(".") if len(s.split()) >= 12]
    own = [[sentence(rng, words, cum) for _ in range(per_draft - 30)] for _ in range(n)]
    planted = 0
    folder.mkdir(parents=True)
    for d in range(n):
        body = own[d] + [edit(rng, s, words, cum) for s in rng.sample(pool, 20)]
        body += [edit(rng, s, words, cum) for s in rng.sample(own[d - 1], 10)]
        planted += 30
        rng.shuffle(body)
        bullets = "\n".join("- " + " ".join(body[i : i + 2]) for i in range(0, len(body), 2))
        (folder / f"entity-{d:02d}-cstd29.txt").write_text(
            f"**Twenty-ninth session**\n\nSubmission by\n\nEntity {d}\n\nPart 2: Overview\n\n{bullets}\n",
            encoding="utf-8",
        )
    return planted


def run_check(drafts: Path, archive: Path) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of the check's process and its workers, its JSON)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "c7draft",
            "check",
            str(drafts),
            "--against",
            str(archive),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if out.returncode not in (0, 1):
        sys.exit(f"check failed ({out.returncode}): {out.stderr}")
    return elapsed, cpu, json.loads(out.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=50)
    ap.add_argument("--sentences", type=int, default=200, help="per draft")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--shared", action="store_true", help="the shared-vocabulary archive")
    ap.add_argument("--warm-runs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="c7draft-many-") as tmp:
        tmp = Path(tmp)
        os.environ["C7DRAFT_CACHE_DIR"] = str(tmp / "cache")
        _, archive = generate(tmp, args.docs, 100, shared=args.shared)
        planted = make_drafts(tmp / "drafts", archive, args.drafts, args.sentences, args.shared)
        print(
            f"{args.drafts} drafts of {args.sentences} sentences against {args.docs} documents "
            f"({'shared' if args.shared else 'Zipf'} vocabulary); {os.cpu_count()} cores"
        )
        load = loadavg()
        cold, cpu, _ = run_check(tmp / "drafts", archive)
        print(f"cold (archive parsed and indexed): {cold:.2f} s, CPU {cpu:.2f} s  [load {load}]")
        warm = []
        for _ in range(args.warm_runs):
            load = loadavg()
            seconds, cpu, data = run_check(tmp / "drafts", archive)
            warm.append(seconds)
            print(f"warm: {seconds:.2f} s, CPU {cpu:.2f} s  [load {load}]")
        prior = sum(1 for d in data["drafts"] for m in d["matches"] if m["kind"] == "prior")
        across = len(data["across_drafts"])
        print(f"matches: {prior} against the archive, {across} across drafts ({planted} planted)")
        best = min(warm)
        met = best < TARGET
        print(
            f"\nTARGET warm {args.drafts} drafts < {TARGET:.0f} s: {best:.2f} s -> {'MET' if met else 'NOT MET'}"
        )
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
