"""A progress bar on stderr for a long run, shown only once the run has taken a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def delayed_progress(
    enabled: bool, total: int, what: str, delay: float = 1.0
) -> Iterator[Callable[[], None]]:
    """Yield ``advance()``, to call once per step of ``total``. When ``enabled`` and stderr is
    a terminal, a rich progress bar appears at the first step taken after ``delay`` seconds
    (a quick run prints nothing) and is cleared at the end; otherwise ``advance`` does nothing.
    rich is imported only when the bar appears."""
    if not (enabled and total > 1 and sys.stderr.isatty()):
        yield lambda: None
        return
    start, done = time.monotonic(), 0
    bar: list = []  # [Progress, task] once shown

    def advance() -> None:
        nonlocal done
        done += 1
        if bar:
            bar[0].update(bar[1], completed=done)
        elif time.monotonic() - start > delay and done < total:
            from rich.console import Console
            from rich.progress import Progress

            progress = Progress(console=Console(stderr=True), transient=True)
            progress.start()
            bar.extend([progress, progress.add_task(what, total=total, completed=done)])
            progress.refresh()  # shown now, not at the refresh thread's next turn

    try:
        yield advance
    finally:
        if bar:
            bar[0].stop()
