"""Helpers shared by CLI modules: error display and unit parsing for options."""

from __future__ import annotations

import functools
from collections.abc import Callable

import typer
from rich.console import Console

from neqsc.errors import NeqscError

console = Console()
err_console = Console(stderr=True)


def handle_errors(func: Callable) -> Callable:
    """Turn :class:`NeqscError` into a one-line red message and exit code 2 (no traceback for user errors)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except NeqscError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(code=2) from None

    return wrapper
