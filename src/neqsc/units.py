"""Unit strings at the boundary (CLI, TOML): ``parse_quantity("30 mK", "K") -> 0.03``.

Internally neqsc is unit-free: public functions take SI floats. Unit strings are converted here with pint,
once, at the edge; a string of the wrong dimension raises :class:`~neqsc.errors.InvalidParameter`.
Ranges for sweeps use ``start:stop:num`` (``"50mK:600mK:200"``), parsed by :func:`parse_range`.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pint

from neqsc.errors import InvalidParameter
from neqsc.limits import check_points

# Every value of a range becomes at least one computed result (a Dataset row, a task, a plot point): count
# a conservative 1 kB per value when checking that a range fits in memory.
RANGE_BYTES_PER_VALUE = 1024.0


@functools.lru_cache(maxsize=1)
def _registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry()
    # 'u' prefix as micro is understood by pint; add the common lab spelling "ohm" variants.
    ureg.define("Ohm = ohm")
    return ureg


_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def parse_quantity(text: str | float | int, unit: str, name: str = "quantity") -> float:
    """Convert ``text`` (e.g. ``"30 mK"``, ``"265 ueV"``, ``"1e-12 W"``) to a float in ``unit``.

    Parameters
    ----------
    text:
        Number with a unit. A bare number (or a str without unit) is taken to be in ``unit`` already.
    unit:
        Target unit as a pint string (``"K"``, ``"J"``, ``"ohm"``, ``"W"``, ``"m^3"``, ``"dimensionless"``).
    name:
        Parameter name used in error messages.

    Raises
    ------
    InvalidParameter
        Malformed string, unknown unit, or a unit of the wrong dimension.
    """
    if isinstance(text, int | float | np.floating | np.integer) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        raise InvalidParameter(name, text, f"a number or a string like '30 mK' (in units of {unit})")
    ureg = _registry()
    match = _NUMBER_UNIT.match(text)
    if not match:
        raise InvalidParameter(name, text, f"a number followed by a unit of {unit}, e.g. '1.5 {unit}'")
    number, unit_text = match.groups()
    try:
        target = ureg.Unit(unit)
        if not unit_text:
            return float(number)
        quantity = float(number) * ureg.Unit(unit_text)
        return float(quantity.to(target).magnitude)
    except pint.DimensionalityError as exc:
        raise InvalidParameter(name, text, f"a quantity with the dimension of {unit}", hint=str(exc)) from None
    except Exception as exc:  # pint's parser raises tokenizer, syntax, key and attribute errors for malformed units
        hint = f"{type(exc).__name__}: {exc}"
        raise InvalidParameter(name, text, f"a known unit convertible to {unit}", hint=hint) from None


def parse_range(text: str, unit: str, name: str = "range") -> np.ndarray:
    """Parse ``"start:stop:num"`` (linear, inclusive) or a comma list ``"1K,2K"`` into an array in ``unit``.

    A single quantity gives a one-element array. ``num`` must be a positive integer, and the range must fit in
    memory (:func:`neqsc.limits.check_points`, :data:`RANGE_BYTES_PER_VALUE` per value). ``text`` is the range
    string with units (``"10 mK:1 K:50"``); ``unit`` the unit of the result (e.g. ``"K"``, SI or not); ``name``
    names the parameter in error messages.
    """
    if not isinstance(text, str):
        return np.atleast_1d(np.asarray(text, dtype=float))
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise InvalidParameter(name, text, "'start:stop:num', e.g. '50mK:600mK:200'")
        start = parse_quantity(parts[0], unit, name)
        stop = parse_quantity(parts[1], unit, name)
        try:
            num = int(parts[2])
        except ValueError:
            raise InvalidParameter(name, text, "an integer number of points after the second ':'") from None
        if num < 1:
            raise InvalidParameter(name, text, "num >= 1 points")
        check_points(name, num, text, RANGE_BYTES_PER_VALUE, f"a range of {num} values")
        return np.linspace(start, stop, num)
    return np.array([parse_quantity(p, unit, name) for p in text.split(",")], dtype=float)
