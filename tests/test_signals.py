"""SIGTERM and Ctrl-C (SIGINT) during a save: a real c7draft process is stopped while its
temporary file exists; the temporary file goes and the previous output stays as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from c7draft.fileio import write_text_atomically

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal"

# The real CLI, with python-docx's save slowed down once the temporary file is written:
# the test sends its signal at that moment.
SLOW_SAVE = textwrap.dedent("""
    import sys, time
    import docx.document
    from c7draft import cli

    save = docx.document.Document.save

    def slow_save(self, path):
        save(self, path)
        print("saved the temporary file", flush=True)
        time.sleep(60)

    docx.document.Document.save = slow_save
    sys.argv = ["c7draft", *sys.argv[1:]]
    cli.main()
""")


@pytest.mark.parametrize(
    "signum, code", [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 128 + signal.SIGINT)]
)
def test_a_signal_during_a_save_removes_the_temporary_file_and_keeps_the_old_output(tmp_path, signum, code):
    inputs = tmp_path / "inputs"
    shutil.copytree(MINIMAL, inputs)
    out = tmp_path / "out" / "draft.docx"
    first = subprocess.run(
        [sys.executable, "-m", "c7draft", "build", inputs, "-o", out, "--no-check"],
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    (inputs / "itc.yaml").write_text(
        (inputs / "itc.yaml")
        .read_text(encoding="utf-8")
        .replace("provided evidence", "provided new evidence"),
        encoding="utf-8",
    )  # the new build differs
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_SAVE, "build", inputs, "-o", out, "--no-check"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line == "saved the temporary file\n", proc.stderr.read()
        temps = [p.name for p in out.parent.glob(".draft.docx.*.tmp")]
        assert len(temps) == 1  # mid-write: the temporary file exists
        proc.send_signal(signum)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    stderr = proc.stderr.read()
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["draft.docx"]  # no .draft.docx.*.tmp left
    assert out.read_bytes() == before


# The real CLI, with the cache's first write slowed down while its temporary file exists.
SLOW_CACHE = textwrap.dedent("""
    import sys, time
    from contextlib import contextmanager
    from c7draft import cli
    from c7draft.check import cache

    real = cache.atomic_output

    @contextmanager
    def slow_output(path):
        with real(path) as tmp:  # the temporary file exists from here
            print("writing a cache entry", flush=True)
            time.sleep(60)
            yield tmp

    cache.atomic_output = slow_output  # every cache entry is written through it
    sys.argv = ["c7draft", *sys.argv[1:]]
    cli.main()
""")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_first_check_stopped_while_caching_leaves_no_temporary_file(tmp_path, signum):
    cache = tmp_path / "cache"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_CACHE, "check", MINIMAL],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "C7DRAFT_CACHE_DIR": str(cache)},
    )
    try:
        line = proc.stdout.readline()
        assert line == "writing a cache entry\n", proc.stderr.read()
        assert len(list(cache.rglob("*.tmp"))) == 1  # mid-write
        proc.send_signal(signum)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 128 + signum, proc.stderr.read()
    assert list(cache.rglob("*.tmp")) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("to", ["c7draft", "its process group"])
def test_a_build_stopped_while_its_check_caches_leaves_no_file_and_no_process(tmp_path, signum, to):
    """With two CPUs the check runs in `build`'s forked child (c7draft.forked): a signal to
    c7draft alone (a process manager's SIGTERM) stops the child too; Ctrl-C in a terminal
    reaches both. Either way one line is said, and nothing is left behind."""
    cache, out = tmp_path / "cache", tmp_path / "out" / "draft.docx"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_CACHE, "build", MINIMAL, "-o", out],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "C7DRAFT_CACHE_DIR": str(cache)},
        start_new_session=True,
    )
    try:
        line = proc.stdout.readline()
        assert line == "writing a cache entry\n", proc.stderr.read()
        os.killpg(proc.pid, signum) if to == "its process group" else proc.send_signal(signum)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    stderr = proc.stderr.read()
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    assert stderr.count("c7draft: ") == 1, stderr
    assert list(cache.rglob("*.tmp")) == []
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    with pytest.raises(ProcessLookupError):  # no process of the run is left
        os.killpg(proc.pid, 0)


# A program of its own that uses c7draft as a library (no c7draft command line, which
# answers signals itself), stopped while the temporary file exists.
LIBRARY_SAVE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from c7draft.fileio import atomic_output

    with atomic_output(Path(sys.argv[1])) as tmp:
        tmp.write_text("new", encoding="utf-8")
        print("wrote the temporary file", flush=True)
        time.sleep(60)
""")


def sigterm_when_it_says(script: str, out: Path, line: str) -> subprocess.Popen:
    """Run ``script`` (a library caller writing ``out``); SIGTERM it once it prints ``line``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script, out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline() == line + "\n", proc.stderr.read()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    return proc


def test_a_library_caller_stopped_by_sigterm_mid_write_exits_143_and_keeps_the_old_file(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")
    proc = sigterm_when_it_says(LIBRARY_SAVE, out, "wrote the temporary file")
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr.read()  # as a shell reports it: 143
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert out.read_text(encoding="utf-8") == "old"


LIBRARY_SAVED = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from c7draft.fileio import write_text_atomically

    write_text_atomically(Path(sys.argv[1]), "new")
    print("wrote the file", flush=True)
    time.sleep(60)
""")


def test_after_a_write_sigterm_is_the_library_callers_own_again(tmp_path):
    out = tmp_path / "out.txt"
    proc = sigterm_when_it_says(LIBRARY_SAVED, out, "wrote the file")
    assert proc.returncode == -signal.SIGTERM, proc.stderr.read()  # Python's default: killed by it
    assert out.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize(
    "umask, before, after",
    [
        (0o022, None, 0o644),  # a new output follows the umask, as a plain `open` would
        (0o027, None, 0o640),
        (0o022, 0o600, 0o600),  # a replaced file keeps its own mode
        (0o077, 0o664, 0o664),
    ],
)
def test_an_output_keeps_the_mode_of_the_file_it_replaces_or_follows_the_umask(
    tmp_path, umask, before, after
):
    path = tmp_path / "out.txt"
    if before is not None:
        path.write_text("old", encoding="utf-8")
        path.chmod(before)
    saved = os.umask(umask)
    try:
        write_text_atomically(path, "new")
    finally:
        os.umask(saved)
    assert path.read_text(encoding="utf-8") == "new"
    assert path.stat().st_mode & 0o777 == after
