"""`python -m c7draft` and the `c7draft` command (pyproject's [project.scripts]).

Ctrl-C or SIGTERM while c7draft is still starting (Python importing typer and the rest,
~0.1 s, before any file is opened) ends it with one line and exit 130 (143), not a
KeyboardInterrupt traceback: this handler is set before ``cli`` is imported, and ``cli.main``
replaces it with the one that unwinds the run (so that temporary files are removed).
"""

import os
import signal


def _stopped_while_starting(signum, frame) -> None:
    # the words cli.main prints for the same signal later in the run
    os.write(2, b"c7draft: interrupted\n" if signum == signal.SIGINT else b"c7draft: stopped (SIGTERM)\n")
    os._exit(128 + signum)


def run() -> None:
    signal.signal(signal.SIGINT, _stopped_while_starting)
    signal.signal(signal.SIGTERM, _stopped_while_starting)
    from c7draft.cli import main

    main()


if __name__ == "__main__":
    run()
