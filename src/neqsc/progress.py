"""Progress reporting without coupling solvers to a terminal.

Solvers accept an optional ``progress`` callback ``progress(done: int, total: int) -> None`` and never print.
The CLI passes :func:`rich_progress`'s callback; library users may pass their own or nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

ProgressCallback = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """A callback that does nothing (the default)."""


@contextlib.contextmanager
def rich_progress(description: str, *, enabled: bool = True) -> Iterator[ProgressCallback]:
    """Context manager yielding a callback that drives a rich progress bar (count, rate, ETA).

    With ``enabled=False`` (quiet / batch mode) it yields :func:`no_progress`.
    """
    if not enabled:
        yield no_progress
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task(description, total=None)

        def callback(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield callback
