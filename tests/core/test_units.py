"""Unit strings at the boundary."""

import numpy as np
import pytest

from neqsc.constants import eV, u_tdgl, zeta3, zeta5
from neqsc.errors import InvalidParameter
from neqsc.units import parse_quantity, parse_range


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("30 mK", "K", 0.03),
        ("30mK", "K", 0.03),
        ("1.2 K", "K", 1.2),
        ("265 ueV", "J", 265e-6 * eV),
        ("265 µeV", "eV", 265e-6),
        ("1 kohm", "ohm", 1000.0),
        ("2.5e-12 W", "W", 2.5e-12),
        ("50 fF", "F", 50e-15),
        ("0.5", "K", 0.5),
    ],
)
def test_parse_quantity_converts_to_si(text, unit, expected):
    assert parse_quantity(text, unit) == pytest.approx(expected, rel=1e-12)


def test_parse_quantity_passes_numbers_through():
    assert parse_quantity(0.25, "K") == 0.25


@pytest.mark.parametrize("text", ["30 m", "1 W", "5 s"])
def test_wrong_dimension_raises_invalid_parameter_naming_it(text):
    with pytest.raises(InvalidParameter, match="T_bath") as info:
        parse_quantity(text, "K", name="T_bath")
    assert "dimension" in str(info.value)


@pytest.mark.parametrize("text", ["abc", "30 furlongsx", "", "mK 30"])
def test_malformed_strings_raise(text):
    with pytest.raises(InvalidParameter):
        parse_quantity(text, "K")


def test_parse_range_linear_inclusive():
    values = parse_range("50mK:600mK:12", "K")
    assert values[0] == pytest.approx(0.05) and values[-1] == pytest.approx(0.6) and values.size == 12
    assert np.allclose(parse_range("1K,2 K", "K"), [1.0, 2.0])
    with pytest.raises(InvalidParameter):
        parse_range("1K:2K", "K")
    with pytest.raises(InvalidParameter):
        parse_range("1K:2K:0", "K")


def test_constants():
    assert zeta3 == pytest.approx(1.2020569031595942, rel=1e-15)
    assert zeta5 == pytest.approx(1.0369277551433699, rel=1e-15)
    assert u_tdgl == pytest.approx(5.7882, abs=1e-4)
