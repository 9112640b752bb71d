"""Small input checks shared by every solver; each raises :class:`~neqsc.errors.InvalidParameter`.

They accept scalars or arrays and return the value as float / float ndarray so callers can write
``T = positive("T", T, "K")``.
"""

from __future__ import annotations

import numpy as np

from neqsc.errors import InvalidParameter


def finite(name: str, value, unit: str = ""):
    """Return ``value`` as float(s); raise if any element is NaN or infinite, or not a number (strings included)."""
    if isinstance(value, str | bytes) or (isinstance(value, np.ndarray) and value.dtype.kind in "US"):
        raise InvalidParameter(name, value, f"a number{_u(unit)}, not a string (convert units with parse_quantity)")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InvalidParameter(name, value, f"finite numbers{_u(unit)}") from None
    if not np.all(np.isfinite(arr)):
        raise InvalidParameter(name, value, f"finite numbers{_u(unit)}")
    return float(arr) if arr.ndim == 0 else arr


def positive(name: str, value, unit: str = ""):
    """Finite and strictly > 0."""
    arr = np.asarray(finite(name, value, unit))
    if np.any(arr <= 0):
        raise InvalidParameter(name, value, f"> 0{_u(unit)}")
    return float(arr) if arr.ndim == 0 else arr


def nonnegative(name: str, value, unit: str = ""):
    """Finite and >= 0."""
    arr = np.asarray(finite(name, value, unit))
    if np.any(arr < 0):
        raise InvalidParameter(name, value, f">= 0{_u(unit)}")
    return float(arr) if arr.ndim == 0 else arr


def in_range(name: str, value, low: float, high: float, *, closed: str = "both", unit: str = ""):
    """Finite and within [low, high]; ``closed`` is ``"both"``, ``"left"``, ``"right"`` or ``"neither"``."""
    arr = np.asarray(finite(name, value, unit))
    lo_ok = arr >= low if closed in ("both", "left") else arr > low
    hi_ok = arr <= high if closed in ("both", "right") else arr < high
    if not np.all(lo_ok & hi_ok):
        left = "[" if closed in ("both", "left") else "("
        right = "]" if closed in ("both", "right") else ")"
        raise InvalidParameter(name, value, f"in {left}{low}, {high}{right}{_u(unit)}")
    return float(arr) if arr.ndim == 0 else arr


def one_of(name: str, value, options) -> str:
    """``value`` must be one of ``options`` (strings)."""
    if value not in options:
        raise InvalidParameter(name, value, "one of " + ", ".join(repr(o) for o in options))
    return value


def _u(unit: str) -> str:
    return f" {unit}" if unit else ""


def reader(what: str):
    """Decorator for functions that interpret user files (TOML tables, CSV rows): a KeyError, TypeError,
    ValueError, AttributeError or IndexError raised while reading (a missing key, a value of the wrong type) becomes
    :class:`InvalidParameter` naming ``what``, so a malformed file is reported as bad input, never as a crash."""
    import functools

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except InvalidParameter:
                raise
            except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
                detail = f"missing key {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
                raise InvalidParameter(what, detail, "tables and values of the documented kinds and types") from None

        return wrapper

    return decorate
