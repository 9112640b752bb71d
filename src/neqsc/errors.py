"""Exceptions raised by neqsc.

* :class:`InvalidParameter` — an input outside its physical or numerical domain. It names the parameter, the
  offending value and the allowed range, so the message alone tells the user what to change.
* :class:`ConvergenceError` — an iterative solver (Newton, self-consistency, time stepping) failed. It carries the
  residual history so the failure can be diagnosed without rerunning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class NeqscError(Exception):
    """Base class of every error neqsc raises on purpose."""


class InvalidParameter(NeqscError, ValueError):
    """A parameter value outside its allowed range.

    Parameters
    ----------
    name:
        Name of the parameter as the user passed it (``"T"``, ``"gamma"``, ``"--ts"``).
    value:
        The offending value (any type; it is shown with ``repr``).
    allowed:
        Human-readable description of the allowed range, e.g. ``"> 0 K"`` or ``"one of Al, Cu"``.
    hint:
        Optional extra sentence.
    """

    def __init__(self, name: str, value: Any, allowed: str, hint: str | None = None) -> None:
        self.name = name
        self.value = value
        self.allowed = allowed
        self.hint = hint
        text = f"invalid parameter {name!r} = {_short_repr(value)}: allowed {allowed}"
        if hint:
            text += f". {hint}"
        super().__init__(text)


class ConvergenceError(NeqscError, RuntimeError):
    """An iterative solver did not converge.

    Parameters
    ----------
    message:
        What did not converge and under which settings.
    residuals:
        The residual norm after each iteration (or time step), oldest first.
    diagnostics:
        Any extra numbers that help (last step size, time reached, ...).
    """

    def __init__(
        self, message: str, residuals: Sequence[float] = (), diagnostics: dict[str, Any] | None = None
    ) -> None:
        self.residuals = [float(r) for r in residuals]
        self.diagnostics = dict(diagnostics or {})
        text = message
        if self.residuals:
            tail = ", ".join(f"{r:.3g}" for r in self.residuals[-5:])
            text += f" (after {len(self.residuals)} iterations; last residuals: {tail})"
        if self.diagnostics:
            text += " [" + ", ".join(f"{k}={_short_repr(v)}" for k, v in self.diagnostics.items()) + "]"
        super().__init__(text)


def _short_repr(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
