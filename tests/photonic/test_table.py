"""Spline table of Q̇(T_hot, T_cold): interpolation accuracy against direct evaluation, kinks kept, range checks."""

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.photonic import HeatCurrentTable, heat_current, heat_current_derivatives
from neqsc.photonic.devices import DeyCircuit, PioldiCircuit


@pytest.fixture(scope="module")
def dey_table():
    d = DeyCircuit(r=36.0)
    return d, HeatCurrentTable(d.source(), d.drain(), (0.03, 0.6), (0.03, 0.6), n=160)


def test_table_reproduces_direct_heat_current(dey_table):
    d, tab = dey_table
    rng = np.random.default_rng(0)
    th, tc = rng.uniform(0.03, 0.6, 150), rng.uniform(0.03, 0.6, 150)
    q = heat_current(d.source(), d.drain(), th, tc)
    dh, dc = heat_current_derivatives(d.source(), d.drain(), th, tc)
    a, b = tab.derivatives(th, tc)
    # measured 2.3e-5 / 1.2e-3 / 4.5e-5 (module docstring); bounds with a factor ~2 margin
    assert np.max(np.abs(tab(th, tc) - q)) < 5e-5 * np.max(np.abs(q))
    assert np.max(np.abs(a - dh)) < 3e-3 * np.max(np.abs(dh))
    assert np.max(np.abs(b - dc)) < 1e-4 * np.max(np.abs(dc))


def test_table_keeps_the_kink_at_tc(dey_table):
    _d, tab = dey_table
    # just below Tc the source is superconducting and Q̇ falls with T_S (NDTC); just above it rises again
    below, _ = tab.derivatives(0.399, 0.03)
    above, _ = tab.derivatives(0.401, 0.03)
    assert below < 0 < above


def test_table_for_nis_reservoirs_is_accurate():
    p = PioldiCircuit(area_ratio=2.0)
    L, R = p.reservoir("L"), p.reservoir("R")
    tab = HeatCurrentTable(L, R, (0.05, 0.4), (0.05, 0.4), n=80)
    th, tc = np.array([0.11, 0.23, 0.35]), np.array([0.3, 0.07, 0.2])
    assert tab(th, tc) == pytest.approx(heat_current(L, R, th, tc), rel=1e-5, abs=1e-22)


def test_evaluation_outside_the_table_is_rejected(dey_table):
    _, tab = dey_table
    with pytest.raises(InvalidParameter):
        tab(0.7, 0.1)
