"""The papers' circuits: topology factors, cut-off frequency, area scaling; random passive circuits obey 0 ≤ τ ≤ 1."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neqsc.errors import InvalidParameter
from neqsc.photonic import Capacitor, Inductor, Parallel, Resistor, Series, transmission
from neqsc.photonic.devices import DeyCircuit, PioldiCircuit


@pytest.mark.parametrize(("topology", "factor"), [("series", 2.0), ("parallel", 0.5), ("single", 1.0)])
def test_reservoir_impedance_is_the_junction_times_the_topology_factor(topology, factor):
    p = PioldiCircuit(topology=topology, area_ratio=3.0)
    omega = np.logspace(6, 11, 7)
    for side in ("L", "R"):
        z_j = p.junction(side).impedance(omega, 0.25)
        assert p.reservoir(side).impedance(omega, 0.25) == pytest.approx(factor * z_j, rel=1e-13)


def test_cutoff_frequency_is_one_over_specific_rc():
    p = PioldiCircuit()
    j = p.junction("L")
    assert p.cutoff_frequency(0.3) == pytest.approx(1 / (j.tunnel_resistance(0.3) * j.C), rel=1e-13)
    # area-independent (R ∝ 1/A, C ∝ A)
    assert PioldiCircuit(area_L=5e-12).cutoff_frequency(0.3) == pytest.approx(p.cutoff_frequency(0.3), rel=1e-13)


def test_right_junction_scales_with_area_ratio():
    p = PioldiCircuit(area_ratio=4.0)
    assert p.junction("R").R_N == pytest.approx(p.junction("L").R_N / 4)
    assert p.junction("R").C == pytest.approx(p.junction("L").C * 4)


def test_dey_tau_min_formula_and_film_resistance():
    d = DeyCircuit(r=20.0, R_D=3.0)
    assert d.film.R_n == pytest.approx(60.0)
    assert d.tau_min() == pytest.approx(4 * 21 / 22**2)


@pytest.mark.parametrize("kwargs", [{"r": -1.0}, {"R_D": 0.0}, {"Tc": -0.4}, {"gap_model": "weird"}])
def test_bad_dey_parameters_are_rejected(kwargs):
    with pytest.raises(InvalidParameter):
        DeyCircuit(**kwargs)


@pytest.mark.parametrize(
    "kwargs", [{"dynes": -1e-4}, {"rho_N": 0.0}, {"c_s": -1.0}, {"area_ratio": 0.0}, {"topology": "star"}]
)
def test_bad_pioldi_parameters_are_rejected(kwargs):
    with pytest.raises(InvalidParameter):
        PioldiCircuit(**kwargs)


_values = st.floats(min_value=1e-3, max_value=1e3)


@st.composite
def passive_circuits(draw, depth=2):
    kind = draw(st.sampled_from(["R", "L", "C", "series", "parallel"] if depth > 0 else ["R", "L", "C"]))
    if kind == "R":
        return Resistor(draw(_values))
    if kind == "L":
        return Inductor(draw(_values) * 1e-9)
    if kind == "C":
        return Capacitor(draw(_values) * 1e-13)
    parts = [draw(passive_circuits(depth=depth - 1)) for _ in range(draw(st.integers(2, 3)))]
    return Series(*parts) if kind == "series" else Parallel(*parts)


@settings(max_examples=60, deadline=None)
@given(passive_circuits(), passive_circuits())
def test_transmission_of_random_passive_circuits_is_a_probability(a, b):
    # τ = 1 − |Z_a − Z_b*|²/|Z_a + Z_b|² for Re Z >= 0: any passive pair gives 0 <= τ <= 1
    tau = transmission(a, b, np.logspace(6, 13, 50), 0.1, 0.2)
    assert np.all(np.isfinite(tau))
    assert np.all(tau >= -1e-12) and np.all(tau <= 1 + 1e-12)


def test_lc_tank_at_anti_resonance_is_an_open_circuit_that_transmits_nothing():
    # 1/(iωL) + iωC = 0 exactly at ω = 1/√(LC) = 1e11 rad/s (found by hypothesis): Z = ∞, so τ = 0 exactly
    tank = Parallel(Inductor(1e-9), Capacitor(1e-13))
    omega = np.array([1e11])
    assert np.isinf(tank.impedance(omega, 0.1)[0].real)
    assert transmission(tank, Resistor(10.0), omega, 0.1, 0.2)[0] == 0.0


def test_series_lc_at_resonance_shorts_a_parallel_combination():
    # Z_series = iωL + 1/(iωC) = 0 at ω = 1e11 rad/s: in parallel with 1 Ω the element is a short, Z = 0
    element = Parallel(Resistor(1.0), Series(Inductor(1e-9), Capacitor(1e-13)))
    omega = np.array([1e11])
    assert element.impedance(omega, 0.1)[0] == 0
    assert transmission(Resistor(1.0), element, omega, 0.1, 0.2)[0] == 0.0
