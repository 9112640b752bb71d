"""Helpers shared by CLI modules: the error boundary, the ``--overwrite`` / ``--debug`` options, pair parsing.

Every command decorated with :func:`handle_errors` gets

* ``--debug``: show the full traceback of a failure (also ``NEQSC_DEBUG=1``);
* ``--overwrite`` if it writes files (it has an ``out`` option) and has no ``overwrite`` option of its own: existing
  outputs may then be replaced (:func:`neqsc.io.allow_overwrite`); without it they are refused.

and every failure becomes one line on stderr, ``error: ...``, with exit code 2 for bad input (:class:`InvalidParameter`,
unreadable or missing input files) and 1 for a computation that failed (:class:`ConvergenceError`, any other error).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Annotated

import click
import typer
from rich.console import Console

from neqsc.errors import InvalidParameter, NeqscError

console = Console()
err_console = Console(stderr=True, markup=False, highlight=False, soft_wrap=True)

EXIT_FAILED, EXIT_BAD_INPUT = 1, 2
_INPUT_ERRORS = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError, UnicodeError)

_OVERWRITE = inspect.Parameter(
    "overwrite",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[bool, typer.Option("--overwrite", help="Replace existing output files (refused without).")],
)
_DEBUG = inspect.Parameter(
    "debug",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[bool, typer.Option("--debug", help="Show the full traceback of a failure.")],
)


def one_line(exc: BaseException) -> str:
    """An exception as one line of text: its message with newlines folded, prefixed by its type if not ours."""
    text = " ".join(str(exc).split()) or "(no message)"
    return text if isinstance(exc, NeqscError) else f"{type(exc).__name__}: {text}"


def exit_code(exc: BaseException) -> int:
    """2 for bad input (a parameter, a missing/unreadable file), 1 for a computation that failed."""
    return EXIT_BAD_INPUT if isinstance(exc, (InvalidParameter, *_INPUT_ERRORS)) else EXIT_FAILED


def report_error(exc: BaseException, debug: bool = False) -> int:
    """Print ``error: <one line>`` on stderr (the traceback too with ``debug``); return the exit code."""
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    code = exit_code(exc)
    text = one_line(exc)
    if isinstance(exc, MemoryError):
        text = "out of memory (MemoryError); reduce the grid sizes or set NEQSC_MEMORY_BUDGET"
    elif code == EXIT_FAILED and not isinstance(exc, NeqscError):
        text += " (unexpected failure: rerun with --debug for the traceback and report it)"
    err_console.print("error: " + text, style="red" if err_console.is_terminal else None)
    return code


def _debug_env() -> bool:
    return os.environ.get("NEQSC_DEBUG", "").strip().lower() not in ("", "0", "false", "no")


def handle_errors(func: Callable) -> Callable:
    """The CLI error boundary: any failure → one line on stderr and exit code 2 (bad input) or 1 (failed run).

    Adds ``--debug`` (full traceback) and, to commands with an ``out`` option and no ``overwrite`` of their own,
    ``--overwrite`` (existing outputs may be replaced). Usage errors and ``typer.Exit`` pass through unchanged.
    """
    from neqsc.io import allow_overwrite

    signature = inspect.signature(func, eval_str=True)
    params = list(signature.parameters.values())
    add_overwrite = "out" in signature.parameters and "overwrite" not in signature.parameters
    extra = [_OVERWRITE] if add_overwrite else []
    if "debug" not in signature.parameters:
        extra.append(_DEBUG)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        debug = (kwargs.pop("debug", False) if "debug" not in signature.parameters else False) or _debug_env()
        overwrite = kwargs.pop("overwrite", False) if add_overwrite else kwargs.get("overwrite", False)
        try:
            _check_finite(kwargs)
            with allow_overwrite(bool(overwrite)), _figures_never_replace_files(), _one_line_warnings():
                return func(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            err_console.print("error: interrupted")
            raise typer.Exit(code=130) from None
        except Exception as exc:
            raise typer.Exit(code=report_error(exc, debug)) from None

    wrapper.__signature__ = signature.replace(parameters=params + extra)
    wrapper.__annotations__ = {**func.__annotations__, **{p.name: p.annotation for p in extra}}
    return wrapper


def _check_finite(kwargs: dict) -> None:
    """Number options must be finite (typer accepts 'nan' and 'inf'); text options must not be empty (an empty
    value would otherwise silently mean "the default")."""
    import math

    for name, value in kwargs.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidParameter("--" + name.replace("_", "-"), value, "a finite number")
        if isinstance(value, str) and not value.strip():
            raise InvalidParameter(
                "--" + name.replace("_", "-"), value, "a non-empty value (omit the option for the default)"
            )


@contextlib.contextmanager
def _one_line_warnings() -> Iterator[None]:
    """Python warnings raised during a command are shown as one line, ``warning: <message>``, on stderr."""
    import warnings

    original = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        err_console.print(f"warning: {' '.join(str(message).split())}")

    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = original


@contextlib.contextmanager
def _figures_never_replace_files() -> Iterator[None]:
    """While a command runs, a figure saved over an existing file is refused unless ``--overwrite`` was given.

    Figures are written by many plotting functions through ``Figure.savefig``; checking there keeps the rule
    ("nothing existing is replaced without --overwrite") in one place instead of at every call site.
    """
    from matplotlib.figure import Figure

    from neqsc.io import check_new_output

    original = Figure.savefig

    def savefig(self, fname, *args, **kwargs):
        if isinstance(fname, str | os.PathLike):
            check_new_output(fname, name="figure")
        return original(self, fname, *args, **kwargs)

    Figure.savefig = savefig
    try:
        yield
    finally:
        Figure.savefig = original


def parse_pairs(
    text: str, name: str, what: str = "side1/side2", example: str = "Al/sapphire,Al/PMMA"
) -> list[tuple[str, str]]:
    """``"a/b,c/d"`` → ``[("a", "b"), ("c", "d")]``; anything else raises :class:`InvalidParameter`."""
    pairs = []
    for item in str(text).split(","):
        parts = [p.strip() for p in item.split("/")]
        if len(parts) != 2 or not all(parts):
            raise InvalidParameter(name, text, f"comma-separated {what} pairs, e.g. '{example}'")
        pairs.append((parts[0], parts[1]))
    return pairs
