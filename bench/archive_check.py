"""How `c7draft check` scales to the secretariat's archive, and proof that its index is exact.

Generates (deterministically, seeded RNG) two archives of 1,000 prior submissions of about
100 sentences each (~100,000 sentences, as .txt files like the seeds), and for each a
200-sentence draft of which 40 sentences are planted, edited copies of archive sentences:

* the Zipf archive: 20,000 words with Zipf-like weights (most words rare);
* the shared-vocabulary archive: every sentence drawn from one ~1,000-word vocabulary,
  weighted gently, with the field's words ("digital", "e-commerce", "developing
  countries", ...) in most sentences, as one field's texts are.

On each archive it:

1. times a first run of the check (cold cache: every file parsed, the index built),
2. times a second run (unchanged files: the cached index is memory-mapped),
3. times a run after one file was added (only that file is parsed),
4. runs exhaustive rapidfuzz ``process.cdist`` passes over all draft x archive sentence
   pairs and checks that the index finds exactly the same pairs: plain token ratio, the
   check's own sentence matches, and the condensed-rewrite candidates (LCS of content words).

Usage: python bench/archive_check.py [--archive both|zipf|shared] [--docs 1000] [--sentences 100]
Each check runs in a fresh process, as a user runs it: its time and peak memory (the
process and its parse workers) are printed, with the load average before it, its ratio to
the exhaustive pass, and whether each target (warm < 0.5 s, cold < 5 s, one file added
< 2 s, peak < 400 MiB, the exhaustive pass's matches) is met.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from c7draft import check as r
from c7draft.check.readers import read_document

ORDINALS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
]
COMMON = (
    "the of and to in for on with as by a that is from at an are was which its their this "
    "countries digital development trade e-commerce economy support policy data countries "
    "developing UNCTAD ITC UPU postal women businesses online training national regional"
).split()


def vocabulary(rng: random.Random, size: int = 20000, skew: float = 1.05) -> tuple[list[str], list[float]]:
    """Common words plus pronounceable made-up words, with Zipf-like weights."""
    syllables = [
        "ka",
        "lo",
        "mi",
        "re",
        "tu",
        "san",
        "vel",
        "dor",
        "pri",
        "ex",
        "on",
        "ia",
        "ment",
        "al",
        "ic",
        "ter",
        "gra",
        "po",
        "ne",
        "sta",
        "tion",
        "ur",
        "ble",
        "com",
        "dis",
    ]
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    while len(words) < size:
        w = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    weights = [1 / (i + 1) ** skew for i in range(len(words))]
    return words, weights


# One field's texts: every sentence drawn from the same ~1,000 words, weighted gently (the
# 1,000th word is ~30 times rarer than the first, against ~30,000 times in the Zipf archive),
# and most sentences holding the field's own words, as "digital", "e-commerce" and
# "developing countries" are in most sentences of C7 inputs.
SHARED_SIZE, SHARED_SKEW = 1000, 0.5
FIELD_WORDS = ("digital", "e-commerce", "developing countries", "trade", "development")


def vocabulary_for(rng: random.Random, shared: bool) -> tuple[list[str], list[float]]:
    """(words, cumulative weights) of the Zipf archive or of the shared-vocabulary one."""
    words, weights = vocabulary(rng, SHARED_SIZE, SHARED_SKEW) if shared else vocabulary(rng)
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    return words, cum


def loadavg() -> str:
    """The machine's load averages (1, 5, 15 minutes), recorded with every figure."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def sentence(rng: random.Random, words: list[str], cum: list[float]) -> str:
    body = rng.choices(words, cum_weights=cum, k=rng.randint(12, 34))
    if len(words) <= SHARED_SIZE:  # the shared vocabulary: the field's words in most sentences
        for w in FIELD_WORDS:
            if rng.random() < 0.7:
                body.insert(rng.randrange(len(body) + 1), w)
    if rng.random() < 0.4:
        body.insert(rng.randrange(len(body)), str(rng.randint(2, 2030)))
    text = " ".join(body)
    return text[0].upper() + text[1:] + "."


def document(rng, words, cum, session: int, n_sentences: int) -> tuple[str, list[str]]:
    year = 1997 + session
    sentences = [sentence(rng, words, cum) for _ in range(n_sentences)]
    head = (
        f"**COMMISSION ON SCIENCE AND TECHNOLOGY FOR DEVELOPMENT (CSTD)**\n\n"
        f"**{ORDINALS[session - 10].capitalize()} session\nGeneva, 10-14 May {year}**\n\n"
        f"Submissions from entities on their efforts in {year - 1} to implement the outcomes of the WSIS\n\n"
        "Part 1: Executive Summary\n\n"
    )
    out, i = [head], 0
    out.append(" ".join(sentences[0:3]) + "\n\n" + " ".join(sentences[3:6]) + "\n\n")
    out.append("Part 2: Analytical Overview of Trends and Experiences\n\n")
    i = 6
    while i < len(sentences):
        k = rng.randint(1, 4)
        out.append("- " + " ".join(sentences[i : i + k]) + "\n")
        i += k
    return "".join(out), sentences


def edit(rng: random.Random, text: str, words, cum) -> str:
    """What a drafter does to last year's sentence: numbers, a word or two, a dropped word."""
    w = text[:-1].split()
    for _ in range(rng.randint(0, 3)):
        op = rng.randrange(4)
        k = rng.randrange(len(w))
        if op == 0 and len(w) > 8:
            del w[k]
        elif op == 1:
            w[k] = rng.choices(words, cum_weights=cum)[0]
        elif op == 2:
            w.insert(k, str(rng.randint(2, 2030)))
        else:
            j = rng.randrange(len(w))
            w[k], w[j] = w[j], w[k]
    text = " ".join(w)
    return text[0].upper() + text[1:] + "."


def generate(
    folder: Path, docs: int, per_doc: int, seed: int = 2026, shared: bool = False
) -> tuple[Path, Path]:
    """An archive of ``docs`` documents of ``per_doc`` sentences in ``folder``/archive, and a
    200-sentence draft with 40 planted edited archive sentences: (draft, archive folder).
    ``shared``: every sentence from one ~1,000-word vocabulary (one field's texts)."""
    rng = random.Random(seed)
    words, cum = vocabulary_for(rng, shared)
    archive = folder / "archive"
    archive.mkdir(parents=True)
    pool: list[str] = []
    for d in range(docs):
        session = 10 + d % 19  # 10th .. 28th session: all before the draft's 29th
        text, sentences = document(rng, words, cum, session, per_doc)
        (archive / f"submission-{d:04d}-cstd{session}.txt").write_text(text, encoding="utf-8")
        pool.extend(rng.sample(sentences, 2))
    draft_sentences = [sentence(rng, words, cum) for _ in range(160)]
    draft_sentences += [edit(rng, s, words, cum) for s in rng.sample(pool, 40)]
    rng.shuffle(draft_sentences)
    body = "\n".join("- " + " ".join(draft_sentences[i : i + 2]) for i in range(0, 200, 2))
    draft = folder / "draft-cstd29.txt"
    draft.write_text("**Twenty-ninth session**\n\nPart 2: Overview\n\n" + body + "\n", encoding="utf-8")
    return draft, archive


def exhaustive(
    queries: list[str], choices: list[str], cutoff: float
) -> tuple[set[tuple[int, int]], float, str]:
    """Every (query, choice) pair with fuzz.ratio >= cutoff, by brute force."""
    from rapidfuzz import fuzz, process

    start = time.perf_counter()
    try:
        import numpy as np

        scores = process.cdist(
            queries, choices, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1, dtype=np.float32
        )
        rows, cols = np.nonzero(scores)
        pairs = set(zip(rows.tolist(), cols.tolist(), strict=False))
        how = "process.cdist"
    except ImportError:
        pairs = {
            (k, c)
            for k, q in enumerate(queries)
            for _, _, c in process.extract(q, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        }
        how = "process.extract (numpy missing)"
    return pairs, time.perf_counter() - start, how


RUN = """
import json, resource, sys, time
from pathlib import Path
from c7draft import check as r
th = r.Thresholds(moderate_edit={threshold}, light_edit=max({threshold}, 85))
t = time.perf_counter()
report = r.check_path(Path(sys.argv[1]), against=[Path(sys.argv[2])], thresholds=th)
elapsed = time.perf_counter() - t
# the check's own high-water mark: on Linux its ru_maxrss also counts the memory of the
# process that started it (the bench's own, ~400 MiB after an archive's exhaustive passes),
# which the kernel carries over when a spawned child replaces itself with this program
try:
    own = int(next(ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")).split()[1])
except (OSError, StopIteration):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # and the parse workers'
print(json.dumps({{"seconds": elapsed, "peak_mib": peak / 1024, "matches": len(report.matches),
                  "numpy": "numpy" in sys.modules}}))
"""


def installed_env() -> dict[str, str]:
    """The environment of a check run as installed: with the bytecode of c7draft's modules
    cached, as pip compiles a wheel's modules when it installs them (an editable c7draft
    under PYTHONDONTWRITEBYTECODE=1, as on this machine, compiles every module on every run:
    ~45 ms of a warm check). The bytecode goes to a folder of its own
    (PYTHONPYCACHEPREFIX), written once here; the source tree is untouched."""
    import subprocess

    global _PYCACHE
    if _PYCACHE is None:
        _PYCACHE = tempfile.mkdtemp(prefix="c7draft-bench-pycache-")
        atexit.register(shutil.rmtree, _PYCACHE, ignore_errors=True)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = _PYCACHE
        package = Path(r.__file__).parents[1]
        warm_up = (
            "import c7draft.check, c7draft.check.archive, c7draft.check.loader, concurrent.futures.process"
        )
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=True)
        subprocess.run([sys.executable, "-c", warm_up], env=env, check=True)  # the libraries' bytecode
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
        "PYTHONPYCACHEPREFIX": _PYCACHE
    }


_PYCACHE: str | None = None


def run_check(draft: Path, archive: Path, threshold: int) -> dict:
    """One `check` in a fresh process (as a user runs it, ``installed_env``): its time and
    peak memory."""
    import json
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", RUN.format(threshold=threshold), str(draft), str(archive)],
        capture_output=True,
        text=True,
        check=True,
        env=installed_env(),
    )
    return json.loads(out.stdout)


TARGETS = {"cold": 5.0, "warm": 0.5, "added": 2.0}  # seconds
PEAK_MIB = 400


def bench_archive(tmp: Path, args, shared: bool) -> bool:
    """Generate one archive, time the three runs, compare with the exhaustive passes; print a
    table and which targets are met. True when every target is met."""
    th = r.Thresholds(moderate_edit=args.threshold, light_edit=max(args.threshold, 85))
    os.environ["C7DRAFT_CACHE_DIR"] = str(tmp / "cache")
    name = "shared-vocabulary archive (~1,000 words)" if shared else "Zipf archive (20,000 words)"
    t = time.perf_counter()
    draft, archive = generate(tmp, args.docs, args.sentences, shared=shared)
    print(f"\n## {name}\n\ngenerated {args.docs} documents in {time.perf_counter() - t:.1f} s")

    runs = {}
    for what in ("cold", "warm", "added"):
        if what == "added":
            extra = generate(tmp / "extra", 30, args.sentences, seed=7, shared=shared)[1]
            (extra / "submission-0000-cstd10.txt").rename(archive / "submission-added-cstd28.txt")
        load = loadavg()
        runs[what] = run_check(draft, archive, args.threshold) | {"load": load}
        print(f"{what}: {runs[what]['seconds']:.2f} s, peak {runs[what]['peak_mib']:.0f} MiB [load {load}]")

    index = r.load_prior_index(sorted(p for p in archive.iterdir()))
    passages = read_document(draft).passages
    sentences = r.make_sentences([(-1, i, p.text) for i, p in enumerate(passages)])
    index.encode(sentences)
    queries = [s.enc for s in sentences]
    choices = list(index.enc)
    print(f"archive: {len(index):,} sentences ({type(index).__name__}); draft: {len(queries)} sentences")

    # 1. the index against brute force, plain token ratio
    load = loadavg()
    t = time.perf_counter()
    indexed = index.ratio_search(queries, args.threshold)
    t_index = time.perf_counter() - t
    brute, t_brute, how = exhaustive(queries, choices, args.threshold)
    same_ratio = indexed == brute
    print(
        f"token ratio >= {args.threshold}: index {len(indexed)} pairs in {t_index:.2f} s; "
        f"exhaustive {how} {len(brute)} pairs in {t_brute:.2f} s [load {load}]; identical: {same_ratio}"
    )

    # 2. the check's own sentence matches against an exhaustive pass: every pair whose
    #    sorted-token ratio reaches the threshold (a superset, by brute force), scored.
    sorted_q = ["".join(sorted(q)) for q in queries]
    superset, t_sup, _ = exhaustive(sorted_q, list(index.sorted_enc), args.threshold)
    full = {
        (k, c)
        for k, c in superset
        if (lambda s: s[0] >= args.threshold and not s[1])(r.score_pair(sentences[k], index.sentence(c), th))
    }
    found = {(k, c) for k, c, s, how_ in index.search(sentences, th) if not how_}
    same_score = found == full
    print(
        f"check score >= {args.threshold} (whole sentences): index {len(found)} pairs; "
        f"exhaustive {len(full)} pairs ({t_sup:.2f} s); identical: {same_score}"
    )

    # 3. condensed rewrites: every pair keeping ``need`` of the draft sentence's content words
    #    in order (rapidfuzz LCS over all pairs) against the bounded candidate search
    cond_index, cond_brute, t_cond = condensed_pairs(index, sentences, th)
    same_condensed = cond_index == cond_brute
    windows = sum(c < 0 for _, c in cond_brute)
    print(
        f"condensed (content words in order): index {len(cond_index)} pairs; exhaustive "
        f"{len(cond_brute)} pairs, {windows} of them two-sentence windows ({t_cond:.2f} s); "
        f"identical: {same_condensed}"
    )

    print(f"\nreference: exhaustive rapidfuzz process.cdist over all pairs = {t_brute:.2f} s\n")
    print("| run | seconds | ratio to cdist | target | peak MiB | load before | met |")
    print("|---|---:|---:|---:|---:|---|---|")
    met = {}
    for what, label in (
        ("cold", "cold (first run, empty cache)"),
        ("warm", "warm (unchanged archive)"),
        ("added", "one file added"),
    ):
        res = runs[what]
        met[what] = res["seconds"] < TARGETS[what]
        print(
            f"| {label} | {res['seconds']:.2f} | {res['seconds'] / t_brute:.2f} | < {TARGETS[what]:g} s | "
            f"{res['peak_mib']:.0f} | {res['load']} | {'yes' if met[what] else 'NO'} |"
        )
    peak = max(res["peak_mib"] for res in runs.values())
    counts = {what: res["matches"] for what, res in runs.items()}
    print(f"\nmatches: cold {counts['cold']}, warm {counts['warm']}, added {counts['added']}")
    same = same_ratio and same_score and same_condensed and counts["cold"] == counts["warm"]
    print(f"\nTARGETS, {name}:")
    for what in ("warm", "cold", "added"):
        print(
            f"  {what} < {TARGETS[what]:g} s: {runs[what]['seconds']:.2f} s -> {'MET' if met[what] else 'NOT MET'}"
        )
    print(f"  peak memory < {PEAK_MIB} MiB: {peak:.0f} MiB -> {'MET' if peak < PEAK_MIB else 'NOT MET'}")
    print(f"  exactly the exhaustive pass's matches: {'MET' if same else 'NOT MET (MISMATCH)'}")
    return same and all(met.values()) and peak < PEAK_MIB


def condensed_pairs(index, sentences, th) -> tuple[set, set, float]:
    """(pairs the bounded condensed search returns, pairs an exhaustive rapidfuzz LCS over
    every draft x archive pair finds, seconds of the exhaustive pass): a prior sentence c,
    or a window ~c of two adjacent sentences of one bullet (``PriorIndex.windows``)."""

    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import LCSseq

    from c7draft.check.score import condensed_need, content_enc, window_need

    rows = [k for k, x in enumerate(sentences) if x.content >= th.min_words and x.ids]
    cx = [content_enc(sentences[k]) for k in rows]
    parts = [(index.base, 0), (index.delta, index.n)] if hasattr(index, "base") else [(index, 0)]
    found = {
        (k, c + n if c >= 0 else ~(~c + n))
        for part, n in parts
        for k in rows
        for c in part.condensed_candidates(sentences[k], th) | part.window_candidates(sentences[k], th)
    }
    t = time.perf_counter()
    where = list(index.where)  # every window, by brute force: two sentences of one passage
    columns = list(range(len(index))) + [
        ~c for c in range(len(index) - 1) if where[2 * c : 2 * c + 2] == where[2 * c + 2 : 2 * c + 4]
    ]
    cenc = list(index.cenc)
    choices = [cenc[c] if c >= 0 else cenc[~c] + cenc[~c + 1] for c in columns]
    lcs = process.cdist(cx, choices, scorer=LCSseq.similarity, workers=-1, dtype=np.int32)
    n = len(index)  # the sentences' columns, then the windows' (which need ``window_need``)
    hit_r, hit_c = np.nonzero(
        np.hstack(
            [
                lcs[:, :n] >= np.array([condensed_need(len(c), th) for c in cx])[:, None],
                lcs[:, n:] >= np.array([window_need(len(c), th) for c in cx])[:, None],
            ]
        )
    )
    brute = {(rows[a], columns[c]) for a, c in zip(hit_r.tolist(), hit_c.tolist(), strict=True)}
    return found, brute, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--sentences", type=int, default=100)
    ap.add_argument("--threshold", type=int, default=75)
    ap.add_argument("--archive", choices=("both", "zipf", "shared"), default="both")
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores; load average {loadavg()}")
    ok = {}
    for shared in (False, True):
        if args.archive in ("both", "shared" if shared else "zipf"):
            with tempfile.TemporaryDirectory(prefix="c7draft-bench-") as tmp:
                ok["shared" if shared else "zipf"] = bench_archive(Path(tmp), args, shared)
    print("\nALL TARGETS MET" if all(ok.values()) else f"\nNOT ALL TARGETS MET: {ok}")
    return 0 if all(ok.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
