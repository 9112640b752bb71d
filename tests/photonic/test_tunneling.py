"""Zero-bias NIS tunnel resistance R_T(T) with a Dynes superconductor."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from neqsc import bcs
from neqsc.constants import k_B
from neqsc.errors import InvalidParameter
from neqsc.photonic import NISJunction, tunnel_conductance_ratio, tunnel_resistance_ratio


def _reference_ratio(T, Tc, gamma):
    d = bcs.gap(T, Tc)
    t = k_B * T / d

    def integrand(e):
        z = complex(e, gamma)
        s = np.sqrt((z - 1) * (z + 1))
        s = -s if s.imag < 0 else s
        ex = math.exp(-abs(e) / t)
        return abs((z / s).real) * ex / (t * (1 + ex) ** 2)

    pts = [1 - 10 * gamma, 1 - gamma, 1, 1 + gamma, 1 + 10 * gamma]
    val = quad(integrand, 0, 2, points=pts, limit=2000, epsabs=0, epsrel=1e-11)[0]
    val += quad(integrand, 2, 2 + 60 * t, limit=500, epsabs=0, epsrel=1e-11)[0]
    return 2 * val


@pytest.mark.parametrize("T", [0.1, 0.3, 0.6, 1.0])
@pytest.mark.parametrize("gamma", [1e-4, 1e-3, 1e-2])
def test_conductance_agrees_with_adaptive_quadrature(T, gamma):
    # reference resolves the Dynes peak with explicit break points; 1e-7 leaves room for its own error
    assert tunnel_conductance_ratio(T, 1.2, gamma) == pytest.approx(_reference_ratio(T, 1.2, gamma), rel=1e-7)


@pytest.mark.parametrize("gamma", [1e-4, 1e-3])
def test_dynes_floor_at_low_temperature(gamma):
    # T = 0.01 Tc: quasiparticles above the gap (e^{-Δ/k_BT} ~ e^{-176}) vanish and the in-gap Dynes DOS
    # N(E) = γ(1 + 3E²/2 − γ²/2) + O(E⁴) averaged over −∂f/∂E (⟨E²⟩ = π²t²/3) gives G/G_N = γ(1 + π²t²/2 − γ²/2);
    # the next term ~85 t⁴ ≈ 1e-7 sets the tolerance
    T, Tc = 0.012, 1.2
    t = k_B * T / bcs.gap(T, Tc)
    expected = gamma * (1 + math.pi**2 * t**2 / 2 - gamma**2 / 2)
    assert tunnel_conductance_ratio(T, Tc, gamma) == pytest.approx(expected, rel=1e-6)


def test_bcs_low_temperature_asymptote():
    # γ = 0, k_BT ≪ Δ: G/G_N = √(2πΔ/k_BT) e^{−Δ/k_BT}(1 + O(k_BT/Δ)); at T = 0.1 Tc, k_BT/Δ ≈ 0.057
    T, Tc = 0.12, 1.2
    x = bcs.gap(T, Tc) / (k_B * T)
    asym = math.sqrt(2 * math.pi * x) * math.exp(-x)
    assert tunnel_conductance_ratio(T, Tc, 0.0) == pytest.approx(asym, rel=0.1)


def test_normal_state_above_tc():
    assert tunnel_resistance_ratio(np.array([1.2, 1.5]), 1.2, 1e-4) == pytest.approx([1.0, 1.0], rel=1e-12)


@pytest.mark.parametrize(("gamma", "expected"), [(1e-4, [9.97e3, 3.12e3, 158, 30.2]), (1e-3, [997, 787, 136, 29.2])])
def test_reference_table_values_with_the_tanh_gap(gamma, expected):
    # reference table, Al Tc = 1.2 K at 50, 200, 300, 400 mK; the table's numbers are reproduced by
    # the tanh gap model (BCS self-consistent Δ gives 3133, 162, 31.5 for γ = 1e-4).
    # Rounded to three significant figures: half a unit in the last place is <= 3.7e-3 relative.
    got = tunnel_resistance_ratio(np.array([0.05, 0.2, 0.3, 0.4]), 1.2, gamma, gap_model="tanh")
    assert got == pytest.approx(expected, rel=3.7e-3)


def test_junction_tunnel_resistance_scales_with_normal_resistance():
    j = NISJunction(R_N=2e3, C=50e-15, Tc=1.2, dynes=1e-3)
    assert j.tunnel_resistance(0.3) == pytest.approx(2e3 * tunnel_resistance_ratio(0.3, 1.2, 1e-3), rel=1e-14)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"R_N": -1.0, "C": 1e-15, "Tc": 1.2},
        {"R_N": 1.0, "C": -1e-15, "Tc": 1.2},
        {"R_N": 1.0, "C": 1e-15, "Tc": 0.0},
        {"R_N": 1.0, "C": 1e-15, "Tc": 1.2, "dynes": -1e-4},
    ],
)
def test_bad_junction_parameters_are_rejected(kwargs):
    with pytest.raises(InvalidParameter):
        NISJunction(**kwargs)


def test_negative_temperature_is_rejected():
    with pytest.raises(InvalidParameter):
        tunnel_resistance_ratio(-0.1, 1.2, 1e-4)


def test_bcs_junction_far_below_tc_is_a_pure_capacitor_not_nan():
    # γ = 0 at T = 1 mK: G_T/G_N ~ e^{-2000} underflows; R_T = inf and Z = 1/(iωC) exactly, no NaN downstream
    j = NISJunction(R_N=1e3, C=5e-14, Tc=1.2, dynes=0.0)
    assert j.tunnel_resistance(0.001) == np.inf
    z = j.impedance(np.array([1e9, 1e10]), 0.001)
    assert z == pytest.approx(1 / (1j * np.array([1e9, 1e10]) * 5e-14), rel=1e-14)
