"""Loading the prior index: each prior file's sentence table (from the cache, or parsed in
a process pool, with a progress bar once it has taken a second), then the index, from the cache when it can be (the
in-memory ``index.PriorIndex`` for a few priors, the ``archive.ArchiveIndex`` of an archive,
or a saved archive index joined with the files added since)."""

from __future__ import annotations

import json
import os
import re
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .index import PriorIndex
from .progress import delayed_progress
from .tables import documents_of, read_table, sentence_table, table_ids, table_words
from .text import Sentence

if TYPE_CHECKING:  # pragma: no cover
    from .tables import TableParts

# prior sentences from which the index is the numpy one, kept on disk: its bitmap count beats
# the in-memory index's Python search from ~2,000 sentences of one field's texts (0.27 against
# 0.39 s CPU warm; at 10,000, 0.41 against 1.68 s), and the seeds (~150) stay without numpy
ARCHIVE_MIN = 2_000
_CHUNKS = 25  # tasks per worker: small enough that both end together (a task of 20 files: ~0.1 s)
_WRITE_BATCH = 50  # parsed tables written to the cache at once (a stopped run keeps each batch written)


def _parse(job: tuple[str, str]) -> tuple[bytes | None, str]:
    """Read one prior file into its sentence table (run in a worker process on a cold run)."""
    from ..errors import DocumentReadError
    from .readers import read_document

    path, digest = job
    try:
        return sentence_table(read_document(Path(path), use_cache=False, digest=digest)), ""
    except DocumentReadError as exc:
        return None, exc.problem


def _parse_all(jobs: list[tuple[str, str]], progress: bool, take) -> None:
    """Parse prior files, in parallel across the machine's cores when there are many;
    ``take(j, (table bytes or None, problem))`` gets each as it arrives, so caching and
    loading the first files overlaps with parsing the rest."""
    workers = min(os.cpu_count() or 1, len(jobs) // 8)
    with delayed_progress(progress, len(jobs), "Reading prior submissions") as advance:
        if workers < 2:
            for j, result in enumerate(map(_parse, jobs)):
                take(j, result)
                advance()
            return
        # concurrent.futures, not multiprocessing.Pool: a Pool whose worker was killed while
        # holding its task queue's lock (SIGTERM to the process group) deadlocks in its own
        # finalizer; the executor is documented to survive a worker that dies abruptly.
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from ..errors import C7DraftError

        executor = ProcessPoolExecutor(workers, initializer=_worker_dies_with_parent, initargs=(os.getpid(),))
        size = max(1, len(jobs) // (_CHUNKS * workers))
        try:
            with _stops_held():  # the first submit forks the workers
                chunks = [
                    executor.submit(_parse_chunk, jobs[i : i + size]) for i in range(0, len(jobs), size)
                ]
            j = 0
            for chunk in chunks:
                for result in _waking(chunk, executor):
                    take(j, result)
                    advance()
                    j += 1
        except BaseException as exc:  # stopped (Ctrl-C, SIGTERM), an error, a worker killed: all end now
            # The executor's own map of its worker processes: Python 3.14 has kill_workers().
            for worker in list(executor._processes.values()):
                worker.kill()
            executor.shutdown(wait=False, cancel_futures=True)
            if isinstance(exc, BrokenProcessPool):  # killed from outside (the OOM killer, kill -9)
                raise C7DraftError(
                    "a process reading the prior submissions ended abruptly (it was killed, perhaps for lack of memory)",
                    hint="run the check again; the priors read so far are kept in the cache",
                ) from exc
            raise
        executor.shutdown()


def _parse_chunk(jobs: list[tuple[str, str]]) -> list[tuple[bytes | None, str]]:
    """A few files per task, so that results come back in order, a chunk at a time."""
    return [_parse(job) for job in jobs]


def _waking(chunk, executor) -> list[tuple[bytes | None, str]]:
    """A chunk's results, waited for a fifth of a second at a time: a signal the kernel
    gives to one of the executor's threads runs its Python handler only when the main thread
    wakes, and a wait without a timeout would never wake if that signal also ended a worker.

    Each wake also looks for a worker that died. One killed while it wrote its result leaves
    half a message in the executor's pipe; the executor's thread then waits for the rest for
    ever and never reports the pool broken (CPython 3.11-3.13)."""
    from concurrent.futures import TimeoutError
    from concurrent.futures.process import BrokenProcessPool

    while True:
        try:
            return chunk.result(timeout=0.2)
        except TimeoutError:
            # the executor's own map of its worker processes, as _parse_all's clean-up reads it
            if any(worker.exitcode for worker in list(executor._processes.values())):
                raise BrokenProcessPool("a worker process ended abruptly") from None


_STOPS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _stops_held():
    """Ctrl-C and SIGTERM held back (blocked, not lost) while the workers are forked: a
    forked worker runs Python's at-fork handlers (threading's, logging's) with the parent's
    handlers until its initializer sets its own, and a signal to the process group in
    between printed a KeyboardInterrupt traceback from the worker. The workers inherit the
    block and lift it once their handlers are set; the parent gets a held signal here."""
    if not hasattr(signal, "pthread_sigmask"):  # (Windows: no fork, and no signal masks)
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _worker_dies_with_parent(parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle (it ends the pool; a worker would
    print its own KeyboardInterrupt), SIGTERM ends the worker at once, and on Linux the
    kernel sends it SIGTERM when the parent dies, however (``kill -9`` included), so that no
    worker outlives the run. prctl by hand: no maintained library wraps this one call.
    Ctrl-C and SIGTERM were held back from the fork on (``_stops_held``): let in now, a
    held Ctrl-C is ignored and a held SIGTERM ends the worker."""
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the call: nobody would send it
            os._exit(1)


def _from_tables(tables: list[dict], digests: list[str]) -> PriorIndex:
    """The in-memory index (a few priors, such as the shipped seeds: no numpy)."""
    from .text import content_words

    sentences = []
    for d, t in enumerate(tables):
        words, ids, pos = table_words(t), table_ids(t), 0
        for text, p, n in zip(t["text"], t["passage"], t["len"], strict=False):
            toks = [words[i] for i in ids[pos : pos + n]]
            pos += n
            sentences.append(Sentence(text, d, p, toks, [], content_words(toks)))
    return PriorIndex.from_sentences(documents_of(tables, digests), sentences)


def _small_index(cache, key: str, tables: list[dict], digests: list[str], unread: dict) -> PriorIndex:
    """The in-memory index of a few priors (the shipped seeds), kept beside their sentence
    tables as the tables joined and indexed, under the key an archive's index has (the
    code and every file); loaded on later runs (~2 ms instead of ~10 ms to build)."""
    name = f"{key}.index.json"
    payload = None if unread else cache.read("tables", name)
    if payload is not None:
        try:
            return PriorIndex.from_saved(documents_of(tables, digests), payload)
        except (ValueError, KeyError, TypeError, IndexError, RecursionError):
            cache.notes.append(f"cache entry {name} could not be read; rebuilt")  # not one we wrote
    index = _from_tables(tables, digests)
    if not unread:
        cache.write("tables", name, index.saved())
    return index


class _Parts:
    """The tables of a cold run, fed in their order as they arrive: once they hold
    ``ARCHIVE_MIN`` sentences (an archive: numpy's index), each is added to the build's
    ``archive.TableParts`` at once, while the workers parse the rest."""

    def __init__(self) -> None:
        self.parts: TableParts | None = None  # once the tables make an archive
        self.waiting: list[dict] = []
        self.sentences = 0

    def __call__(self, table: dict) -> None:
        if self.parts is not None:
            self.parts.add(table)
            return
        self.waiting.append(table)
        self.sentences += len(table["text"])
        if self.sentences >= ARCHIVE_MIN:
            from .tables import TableParts

            self.parts = TableParts()
            for t in self.waiting:
                self.parts.add(t)
            self.waiting = []


def _tables(
    cache, readable: list[tuple[int, Path, str]], keys: list[str], fingerprint: str, progress: bool, feed=None
) -> tuple[list[dict], list[str], dict[int, str]]:
    """Each readable prior's sentence table: from the cache, or parsed (in parallel) and
    cached. Returns (tables, their files' digests, {place in readable: why unread}).
    ``feed(table)``: called with each table, in order, as soon as it and those before it are
    here (a cold run's build starts on them while the rest are parsed)."""

    entries = [f"{k}.{fingerprint}.json" for k in keys]  # each table's name in the cache's packs
    where = cache.packed("tables")
    payloads = cache.read_packed(where, [entry for entry in entries if entry in where])
    found: list[dict | str | None] = []
    unreadable = []  # checksummed entries of another shape: parsed again, and replaced
    for entry in entries:
        payload = payloads.get(entry)
        found.append(None if payload is None else read_table(payload))
        if payload is not None and found[-1] is None:
            unreadable.append(entry)
    if unreadable:
        more = f" and {len(unreadable) - 1:,} more" if len(unreadable) > 1 else ""
        cache.notes.append(f"cache entry {unreadable[0]}{more} could not be read; rebuilt")
    missing = [k for k, t in enumerate(found) if t is None]

    parsed: dict[str, bytes] = {}  # written a batch at a time, in one file (``Cache.write_pack``)
    fed = 0  # the tables before this place have been fed

    def fed_so_far() -> None:
        nonlocal fed
        while fed < len(found) and found[fed] is not None:
            if feed is not None and isinstance(found[fed], dict):
                feed(found[fed])
            fed += 1

    def take(j: int, result: tuple[bytes | None, str]) -> None:
        k, (table, problem) = missing[j], result
        # our own worker's table (``sentence_table``): not checked as a cache entry is
        found[k] = json.loads(table) if table is not None else problem
        if table is not None:
            parsed[entries[k]] = table
        if len(parsed) >= _WRITE_BATCH or j == len(missing) - 1:
            cache.write_pack("tables", parsed)
            parsed.clear()
        fed_so_far()

    fed_so_far()
    _parse_all([(str(readable[k][1]), readable[k][2]) for k in missing], progress, take)
    tables = [t for t in found if isinstance(t, dict)]
    digests = [readable[k][2] for k, t in enumerate(found) if isinstance(t, dict)]
    return tables, digests, {k: t for k, t in enumerate(found) if isinstance(t, str)}


def _joined_with_latest(
    cache, readable: list[tuple[int, Path, str]], keys: list[str], fingerprint: str, progress: bool
) -> PriorIndex | None:
    """The last saved archive index joined with an index of the files added since, when
    every file it holds is still here unchanged and the added ones are few (at most a
    tenth); None otherwise (then the whole index is rebuilt and saved)."""
    try:
        latest = json.loads(cache.read("indexes", "latest.json") or b"null")
        base_keys = set(latest["keys"])
        if not re.fullmatch("[0-9a-f]{64}", latest["key"]):  # a file name in the cache, never a path
            return None
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    added = [k for k, key in enumerate(keys) if key not in base_keys]
    if not base_keys <= set(keys) or not added or len(added) > max(1, len(keys) // 10):
        return None
    from .archive import ArchiveIndex, JoinedIndex

    base = ArchiveIndex.load(cache, latest["key"]) if cache.has("indexes", f"{latest['key']}.json") else None
    if base is None or base.unread:
        return None
    tables, digests, unread = _tables(
        cache, [readable[k] for k in added], [keys[k] for k in added], fingerprint, progress
    )
    if unread or not tables:
        return None
    return JoinedIndex(base, ArchiveIndex.build(tables, digests, base.vocab.words))


def load_prior_index(paths: list[Path], progress: bool = False) -> PriorIndex:
    """The index over these prior documents.

    The cache holds one sentence table per prior file (by content hash and name): adding,
    changing or removing one file re-reads only that file. An archive (``ARCHIVE_MIN``
    sentences or more) is indexed in numpy arrays kept on disk per set of files and
    memory-mapped on later runs (``archive.ArchiveIndex``); a few priors are indexed in
    memory, without numpy. A prior that cannot be read is left out with a note in
    ``index.notes`` ("skipped X: <problem>"); ``index.documents`` holds the others, in order.
    """
    import hashlib

    from ..errors import DocumentReadError
    from .cache import Cache
    from .readers import Digests, cache_key, code_fingerprint

    cache = Cache()
    problems: dict[int, str] = {}  # place in paths -> why that prior is left out
    readable: list[tuple[int, Path, str]] = []  # (place in paths, path, digest)
    memo = Digests(cache)
    for n, p in enumerate(paths):
        try:
            readable.append((n, p, memo.digest(p)))
        except DocumentReadError as exc:
            problems[n] = exc.problem
    fingerprint = code_fingerprint()
    keys = [cache_key(d, p.name) for _, p, d in readable]
    key = hashlib.sha256("\n".join([fingerprint, *keys]).encode()).hexdigest()
    index: PriorIndex | None = None
    if len(readable) >= 2 and cache.has("indexes", f"{key}.json"):
        from .archive import ArchiveIndex

        index = ArchiveIndex.load(cache, key)
    if index is None and len(readable) >= 2 and cache.has("indexes", "latest.json"):
        index = _joined_with_latest(cache, readable, keys, fingerprint, progress)
    if index is None:
        feed = _Parts()
        tables, digests, unread = _tables(cache, readable, keys, fingerprint, progress, feed)
        if sum(len(t["text"]) for t in tables) >= ARCHIVE_MIN:
            from .archive import ArchiveIndex

            index = ArchiveIndex.build(tables, digests, parts=feed.parts)
            index.unread = unread
            index.save(cache, key)
            if not unread:
                cache.write("indexes", "latest.json", json.dumps({"key": key, "keys": keys}).encode())
        else:
            index = _small_index(cache, key, tables, digests, unread)
            index.unread = unread
    for k, (n, _, _) in enumerate(readable):
        if k in index.unread:
            problems[n] = index.unread[k]
    memo.save()
    by_key = {key: (p, d) for key, (_, p, d) in zip(keys, readable, strict=True)}
    for doc in index.documents:  # by key: a joined index lists its added files last
        p, d = by_key[cache_key(doc.digest, doc.name)]
        doc.name, doc.path, doc.digest = p.name, str(p), d
    index.notes = [f"skipped {paths[n].name}: {problems[n]}" for n in sorted(problems)]
    index.unreadable = [(paths[n], problems[n]) for n in sorted(problems)]
    return index
