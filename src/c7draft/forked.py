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

Steps = Callable[[], Iterator[Any]]
_STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGALRM}  # SIGALRM: cli.run's stop, raised again


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
        # Ctrl-C and SIGTERM are blocked over the fork: one that comes then waits in the
        # kernel, for the parent until the child is recorded (to be stopped and reaped), for
        # the child until it is inside its own clean-up. Python handlers that only note them
        # (as fileio holds signals) lose one that reaches the child during the fork: Python
        # clears a child's noted signals after a fork, and the child then ran on for a minute.
        before = signal.pthread_sigmask(signal.SIG_BLOCK, ())  # the mask as it is
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
            pid = os.fork()
        except BaseException as failed:
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, before)
            finally:
                os.close(read)
                os.close(write)
            if isinstance(failed, Exception):
                return  # no fork now (a process limit, no memory): the steps run here
            raise
        if pid == 0:
            self._send(read, write, before)
        self._pid = pid
        try:
            try:
                os.close(write)
                self._pipe = open(read, "rb")
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a stop held meanwhile comes now
        except BaseException:
            self._reap(stop=True)
            raise

    def _send(self, read: int, write: int, mask: set) -> NoReturn:
        """The child: send each result, then leave without Python's teardown. Its exit
        status is not read: what it sent says how far it got."""
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a stop sent since comes now
            os.close(read)  # else a parent gone would leave it blocked on a full pipe for ever
            with open(write, "wb") as pipe:
                for result in self._steps():
                    pickle.dump((True, result), pipe, pickle.HIGHEST_PROTOCOL)
                    pipe.flush()
                sys.stderr.flush()  # what a step wrote (the check's progress bar) goes first
                pickle.dump((False, None), pipe)  # every step done
        except BaseException:  # the parent runs the steps again and says what went wrong
            pass
        finally:
            os._exit(0)

    def __iter__(self) -> Iterator[Any]:
        while self._pid:
            try:
                more, result = pickle.load(self._pipe)
            except Exception:  # EOF or a cut-off result: the child has ended
                more = None
            if not more:
                self._reap(stop=False)
                if more is False:
                    return
                break
            self._received += 1
            yield result
        for count, result in enumerate(self._steps()):  # what the child did not send
            if count >= self._received:
                yield result

    def _reap(self, *, stop: bool) -> None:
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
