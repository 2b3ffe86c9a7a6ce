"""A build's inputs read in a forked child (c7draft.forked): the same results as in one
process, whatever becomes of the child, and no process left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from c7draft.build import build_submission
from c7draft.forked import Forked, worth_forking

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "2025"
MINIMAL = ROOT / "tests" / "data" / "minimal"
EPOCH = "1767225600"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def steps(calls: list[int], fail_in_child_after: int | None = None, how: str = "raise"):
    """Yield the pid doing the work, then 1, 2, 3; the child fails after some of them."""
    calls.append(os.getpid())  # only this process's own runs land in the test's list
    parent = calls[0]
    yield os.getpid()
    for n in (1, 2, 3):
        if os.getpid() != parent and n == fail_in_child_after:
            if how == "raise":
                raise ValueError("the child's own error")
            if how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            if how == "unpicklable":
                yield lambda: None  # pickle cannot carry a lambda
        yield n


def gone(pid: int) -> bool:
    """True when ``pid`` has been reaped (a zombie still answers signal 0)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_results_come_from_a_child_in_order_and_the_child_is_reaped():
    calls = [os.getpid()]
    with Forked(lambda: steps(calls), fork=True) as made:
        results = list(made)
        assert gone(results[0])  # reaped as soon as it has sent everything
    child = results[0]
    assert child != os.getpid()
    assert results[1:] == [1, 2, 3]
    assert calls == [os.getpid()]  # the work ran in the child alone, never here
    assert gone(child)


@pytest.mark.parametrize("how", ["raise", "kill", "unpicklable"])
def test_a_child_that_ends_early_leaves_the_rest_to_this_process(how):
    calls = [os.getpid()]
    with Forked(lambda: steps(calls, fail_in_child_after=2, how=how), fork=True) as made:
        results = list(made)
    assert results[0] != os.getpid() and gone(results[0])
    assert results[1:] == [1, 2, 3]  # 1 from the child; the rest made here, the child's skipped
    assert calls == [os.getpid(), os.getpid()]  # this process ran the steps once, from the start


def test_an_error_in_the_steps_is_raised_here_once_and_the_child_says_nothing(capfd):
    def failing():
        yield "draft"
        raise ValueError("line 3: the fix")

    with pytest.raises(ValueError, match="line 3: the fix"), Forked(failing, fork=True) as made:
        list(made)
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def test_leaving_early_stops_and_reaps_the_child():
    def slow():
        yield os.getpid()
        import time

        time.sleep(60)
        yield "never"

    with pytest.raises(RuntimeError), Forked(slow, fork=True) as made:
        child = next(iter(made))
        raise RuntimeError("the output is not c7draft's")  # as ensure_docx_output can
    assert child != os.getpid() and gone(child)


def test_no_fork_with_another_thread_running_and_the_steps_run_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not worth_forking()
        calls = [os.getpid()]
        with Forked(lambda: steps(calls)) as made:
            assert list(made) == [os.getpid(), 1, 2, 3]
    finally:
        stop.set()
        other.join()


def test_a_parallel_build_writes_the_same_file_and_says_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("C7DRAFT_CACHE_DIR", str(tmp_path / "cache"))
    real_fork, forks = os.fork, []
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    for check in (True, False):
        one = build_submission(SAMPLE, tmp_path / f"one{check}.docx", check=check)
        two = build_submission(SAMPLE, tmp_path / f"two{check}.docx", check=check, parallel=True)
        assert (two.footnotes, two.flagged, two.notes, two.warnings, two.style_warnings) == (
            one.footnotes,
            one.flagged,
            one.notes,
            one.warnings,
            one.style_warnings,
        )
        assert one.flagged == (3 if check else 0)
        assert two.output.read_bytes() == one.output.read_bytes()
    assert len(forks) == (2 if worth_forking() else 0)  # only the parallel builds forked


def run_build(args: list, cpus: set[int], cache: Path) -> subprocess.CompletedProcess:
    """`c7draft build` as a user runs it, allowed only ``cpus``: one CPU, no child."""
    return subprocess.run(
        [sys.executable, "-m", "c7draft", "build", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "C7DRAFT_CACHE_DIR": str(cache)},
        preexec_fn=lambda: os.sched_setaffinity(0, cpus),
    )


needs_two_cpus = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="a child is forked only with two CPUs or more",
)


@needs_two_cpus
@pytest.mark.parametrize("flags", [[], ["--no-check"]])
def test_the_command_line_says_and_writes_the_same_with_one_cpu_or_two(tmp_path, flags):
    cpus = os.sched_getaffinity(0)
    one = run_build([SAMPLE, "-o", tmp_path / "one.docx", *flags], {min(cpus)}, tmp_path / "cache")
    two = run_build([SAMPLE, "-o", tmp_path / "two.docx", *flags], cpus, tmp_path / "cache")
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert two.stderr == one.stderr
    assert two.stdout == one.stdout.replace("one.docx", "two.docx")
    assert (tmp_path / "two.docx").read_bytes() == (tmp_path / "one.docx").read_bytes()


@needs_two_cpus
@pytest.mark.parametrize(
    "break_it, said",
    [
        (
            lambda folder: (folder / "itc.yaml").write_text("records:\n  - id: [x\n", encoding="utf-8"),
            "itc.yaml:2",
        ),
        (lambda folder: (folder.parent / "out.docx").write_bytes(b"not a docx"), "is not a Word document"),
    ],
    ids=["a YAML mistake", "an output c7draft did not write"],
)
def test_a_mistake_is_said_once_exit_2_with_one_cpu_or_two(tmp_path, break_it, said):
    inputs = tmp_path / "inputs"
    shutil.copytree(MINIMAL, inputs)
    break_it(inputs)
    cpus = os.sched_getaffinity(0)
    runs = [
        run_build([inputs, "-o", tmp_path / "out.docx"], use, tmp_path / "cache")
        for use in ({min(cpus)}, cpus)
    ]
    for run in runs:
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr
        assert run.stderr.count(said) == 1, run.stderr
    assert runs[1].stderr == runs[0].stderr


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_no_fork_now_runs_the_steps_here_and_keeps_no_pipe(monkeypatch):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")  # EAGAIN: a process limit

    monkeypatch.setattr(os, "fork", no_fork)
    before = open_fds()
    calls = [os.getpid()]
    with Forked(lambda: steps(calls), fork=True) as made:
        assert list(made) == [os.getpid(), 1, 2, 3]
    assert open_fds() == before


@pytest.mark.parametrize(
    "fork_raises, raised",
    [(RuntimeError("fork not supported"), None), (KeyboardInterrupt(), KeyboardInterrupt)],
)
def test_a_fork_that_fails_runs_the_steps_here_and_a_ctrl_c_before_it_is_raised(
    monkeypatch, fork_raises, raised
):
    def fork():
        raise fork_raises

    monkeypatch.setattr(os, "fork", fork)
    if raised:
        with pytest.raises(raised):
            Forked(lambda: iter([1]), fork=True)
    else:
        with Forked(lambda: iter([1]), fork=True) as made:
            assert list(made) == [1]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_ctrl_c_while_forking_is_raised_after_the_child_is_reaped(monkeypatch):
    real_fork, children = os.fork, []

    def fork_then_ctrl_c():
        pid = real_fork()
        if pid:
            children.append(pid)
            signal.raise_signal(signal.SIGINT)  # held until the child is recorded
        return pid

    def slow():
        time.sleep(60)  # SIGTERM ends it: nothing waits a minute
        yield 1

    monkeypatch.setattr(os, "fork", fork_then_ctrl_c)
    before = open_fds()
    with pytest.raises(KeyboardInterrupt):
        Forked(slow, fork=True)
    assert children and gone(children[0])
    assert open_fds() == before


@needs_two_cpus
def test_a_parallel_build_forks_with_two_cpus_and_not_with_one(tmp_path, monkeypatch):
    real_fork, forks = os.fork, []

    def counted():
        pid = real_fork()
        forks.append(pid) if pid else None
        return pid

    monkeypatch.setattr(os, "fork", counted)
    cpus = os.sched_getaffinity(0)
    build_submission(SAMPLE, tmp_path / "two.docx", check=False, parallel=True)
    assert len(forks) == 1 and gone(forks[0])
    os.sched_setaffinity(0, {min(cpus)})
    try:
        build_submission(SAMPLE, tmp_path / "one.docx", check=False, parallel=True)
    finally:
        os.sched_setaffinity(0, cpus)
    assert len(forks) == 1  # one CPU: no child
    build_submission(SAMPLE, tmp_path / "lib.docx", check=False)
    assert len(forks) == 1  # the library's default: one process


def run_python(script: str) -> subprocess.CompletedProcess:
    """``script`` in a Python of its own, with c7draft importable; 30 s at most."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=30
    )


def test_what_was_buffered_before_the_fork_is_written_once_and_what_the_child_wrote_too():
    run = run_python("""
        import io, sys
        from c7draft.forked import Forked
        # a buffered stderr, as a program may set (Python's own writes through)
        sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)))
        sys.stderr.write("a partial line, ")

        def steps():
            sys.stderr.write("the child's progress\\n")
            yield 1

        with Forked(steps, fork=True) as made:
            print(list(made))
        sys.stderr.write("then the end\\n")
        sys.stderr.flush()
    """)
    assert run.returncode == 0, run.stderr
    assert (run.stdout, run.stderr) == ("[1]\n", "a partial line, the child's progress\nthen the end\n")


def test_a_signal_held_in_the_child_ends_the_child_not_the_callers_code():
    run = run_python("""
        import os, signal
        from c7draft.forked import Forked
        fork = os.fork

        def fork_then_ctrl_c_in_the_child():
            pid = fork()
            if pid == 0:
                signal.raise_signal(signal.SIGINT)  # held until the fork's block ends
            return pid

        os.fork = fork_then_ctrl_c_in_the_child
        with Forked(lambda: iter([os.getpid()]), fork=True) as made:
            print("made by the caller:", list(made) == [os.getpid()])
    """)
    assert run.returncode == 0, run.stderr
    assert (run.stdout, run.stderr) == ("made by the caller: True\n", "")


def test_a_child_past_answering_sigterm_still_ends_once_the_parent_stops_reading():
    """A child already stopping (a second signal ignored) and blocked on a full pipe: the
    parent's leaving closes the pipe, and the child's next write fails, so it ends."""
    run = run_python("""
        import os, signal
        from c7draft.forked import Forked

        def steps():
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            yield os.getpid()
            yield b"x" * 4_000_000  # more than a pipe holds: the child waits for a reader

        with Forked(steps, fork=True) as made:
            child = next(iter(made))
        try:
            os.kill(child, 0)
            print("left:", child)
        except ProcessLookupError:
            print("reaped")
    """)
    assert (run.returncode, run.stdout, run.stderr) == (0, "reaped\n", "")
