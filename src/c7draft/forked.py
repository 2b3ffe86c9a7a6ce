"""Steps run in a forked child process, each step's result sent back as soon as it is made.

`build` reads, assembles, warns about and checks the inputs in a child while this process
imports python-docx and lxml (a quarter of a build: docs/performance.md, "Two processes").
The child is only a head start: whenever it ends without sending every result (an error
in the inputs, a bug, a signal, a result pickle cannot carry), this process runs the same
steps itself, skipping the results it already has, so every error is raised here, once,
exactly as a build in one process raises it. The child never prints an error.

A child is forked only where that is safe and pays: Linux (on macOS Python's own
``multiprocessing`` no longer forks by default; Windows has no fork), at least two CPUs this
process may run on, and no other thread (a fork copies only the forking thread, and a lock
another thread held stays held in the child). Anywhere else the steps run here, in turn.

Hand-written because the standard library's pools (``multiprocessing``, ``concurrent.futures``)
start a worker and send it its work, then send back one result: ~10-20 ms of start-up and
no partial results, most of the ~30 ms this saves. The results are pickled: the bytes come
from this process's own fork, through a pipe no other process holds.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from .fileio import signals_held

Steps = Callable[[], Iterator[Any]]


def worth_forking() -> bool:
    """Linux, two CPUs or more for this process, and no thread but this one."""
    return sys.platform == "linux" and len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1


class Forked:
    """Iterate over what ``steps()`` yields, made in a forked child when ``worth_forking``.

    Use it as a context manager: leaving it early (an error here) stops and reaps the
    child, so no process is left behind."""

    def __init__(self, steps: Steps, *, fork: bool | None = None) -> None:
        self._steps = steps
        self._received = 0
        self._pid = 0
        self._pipe: Any = None
        if worth_forking() if fork is None else fork:
            self._start()

    def _start(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # what is buffered is written once, by us
            stream.flush()
        read, write = os.pipe()
        pid = -1
        try:
            with signals_held():  # a Ctrl-C meanwhile is raised once the child is recorded
                pid = os.fork()
                if pid:
                    self._pid = pid
        except BaseException as stopped:
            if pid == 0:  # a signal held in the child: it must never run the caller's code
                os._exit(1)
            os.close(read)
            os.close(write)
            self._reap(stop=True)  # the child, if there is one, ends with this process's work
            if pid == -1 and isinstance(stopped, OSError):
                return  # no fork now (a process limit, no memory): the steps run here
            raise
        if pid == 0:
            self._send(read, write)
        os.close(write)
        self._pipe = open(read, "rb")

    def _send(self, read: int, write: int) -> NoReturn:
        """The child: send each result, then leave without Python's teardown."""
        code = 1
        try:
            os.close(read)
            with open(write, "wb") as pipe:
                for result in self._steps():
                    pickle.dump((True, result), pipe, pickle.HIGHEST_PROTOCOL)
                    pipe.flush()
                pickle.dump((False, None), pipe)  # every step done
            code = 0
        except BaseException:  # the parent runs the steps again and says what went wrong
            pass
        finally:
            try:
                sys.stderr.flush()  # the check's progress bar, if it drew one
            finally:
                os._exit(code)

    def __iter__(self) -> Iterator[Any]:
        while self._pid:
            try:
                more, result = pickle.load(self._pipe)
            except Exception:  # EOF or a cut-off result: the child has ended
                more = None
            if not more:
                self._reap()
                if more is False:
                    return
                break
            self._received += 1
            yield result
        for count, result in enumerate(self._steps()):  # what the child did not send
            if count >= self._received:
                yield result

    def _reap(self, stop: bool = False) -> None:
        if not self._pid:
            return
        pid, self._pid = self._pid, 0
        if self._pipe is not None:
            self._pipe.close()
        if stop:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc: object) -> None:
        self._reap(stop=True)
