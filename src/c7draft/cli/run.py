"""The process around a command: Ctrl-C and SIGTERM, exit codes, and the fast exit.

Every user error is a C7DraftError; ``main`` prints its message and exits 2, never a
traceback. Anything else is a bug: one line naming the file and where to report it.
"""

from __future__ import annotations

import os
import signal
import sys

import typer

from ..errors import C7DraftError
from . import shared
from .shared import app

_STOPPED: dict[int, str] = {signal.SIGINT: "interrupted", signal.SIGTERM: "stopped (SIGTERM)"}
_stopped_by = 0


def _stop(signum, frame) -> None:
    """Ctrl-C and SIGTERM unwind the run like an error, so every ``finally`` removes what it
    was writing (fileio's temporary files and folders, the parse's worker processes); ``main``
    then prints one line and exits 128 + the signal (130, 143). A second signal while that
    clean-up runs is ignored: it must not stop the clean-up half-way."""
    global _stopped_by
    if _stopped_by:
        return
    _stopped_by = signum
    _unwind()


def _unwind(*_) -> None:
    """Raise the stop ``_stop`` recorded (SIGALRM's handler too: see ``_lost_stop``)."""
    if not _stopped_by:
        return
    if _stopped_by == signal.SIGINT:
        raise KeyboardInterrupt  # typer turns it into exit 130
    raise SystemExit(128 + _stopped_by)


def _lost_stop(unraisable) -> None:
    """``sys.unraisablehook``: ``_stop``'s exception raised inside a weakref callback or a
    ``__del__`` is lost (every import releases its module lock through such a callback):
    Python prints "Exception ignored in ..." and goes on, and the run would end only when
    its work was done. It is raised again a millisecond later, from SIGALRM, outside it."""
    lost = _stopped_by and isinstance(unraisable.exc_value, KeyboardInterrupt | SystemExit)
    if lost and hasattr(signal, "setitimer"):  # (not on Windows: there the run goes on, as before)
        signal.setitimer(signal.ITIMER_REAL, 0.001)
    else:
        sys.__unraisablehook__(unraisable)


def _only_the_command_named(first: list[str]) -> None:
    """Keep only the command the command line names first (`c7draft build ...`): typer builds
    every registered command's parameters (inspecting each signature) before it parses, and
    the others are never used. Anything else (an option first, no command, a typo) keeps them
    all, so `c7draft --help` and "No such command" read as before."""
    from typer.main import get_command_name

    named = [
        info
        for info in app.registered_commands
        if first and (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == first[0]
    ]
    if named:
        app.registered_commands[:] = named


def main() -> None:
    """Run the CLI; a user error prints its message and exits 2, with no traceback.

    Anything else is a bug: one line naming the file and where to report it (exit 70),
    and the traceback only under --debug.

    The console script ends with ``os._exit``: by then every output file is closed and
    renamed into place, and skipping the interpreter's teardown (freeing every module and
    lxml tree one by one) saves ~0.1 s per run. Tests call ``app`` and are unaffected.
    """
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _unwind)
    sys.unraisablehook = _lost_stop
    _only_the_command_named(sys.argv[1:2])
    try:
        app(prog_name="c7draft")  # standalone: click handles usage errors (exit 2) and typer.Exit
        code = 0
    except C7DraftError as exc:
        from ..errors import render

        typer.echo(render(exc.problems, severity=True), err=True)
        code = exc.exit_code
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if isinstance(exc.code, str):
            typer.echo(exc.code, err=True)
        # On a closed pipe click wraps stdout in its (Pacify|_Pacify)FlushWrapper and exits 1;
        # `c7draft outlines | head -1` is a normal end: the reader has all it wanted.
        if type(sys.stdout).__name__.endswith("PacifyFlushWrapper"):
            code = 0
    except KeyboardInterrupt:  # before click's own handling of it (typer building the command)
        code = 130
    except Exception as exc:
        if shared.debugging:
            raise
        from ..errors import describe_bug

        typer.echo(describe_bug(exc, shared.target), err=True)
        code = 70  # EX_SOFTWARE
    if _stopped_by:  # every `finally` has run: temporary files removed, workers ended
        typer.echo(f"c7draft: {_STOPPED[_stopped_by]}", err=True)
        code = 128 + _stopped_by
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # `c7draft check ... | head`: the reader has gone
            pass
        except OSError:  # e.g. a full disk under `> report.txt`: as Python's own exit says
            code = code or 120
    os._exit(code)


if __name__ == "__main__":
    main()
