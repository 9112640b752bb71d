"""Physics of the BCS core: gap equation limits, DOS properties, distribution identities."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.optimize import brentq

from neqsc import bcs
from neqsc.constants import euler_gamma, k_B, zeta3
from neqsc.errors import InvalidParameter


def _reference_gap(t: float) -> float:
    """Independent Δ/k_BTc: brentq on ∫[tanh(E/2t)/E − tanh(ξ/2)/ξ]dξ = 0 (adaptive quad, real energies)."""

    def residual(d):
        def integrand(xi):
            e = math.hypot(xi, d)
            return math.tanh(e / (2 * t)) / e - (math.tanh(xi / 2) / xi if xi > 0 else 0.5)

        return quad(integrand, 0, np.inf, epsabs=1e-14, epsrel=1e-13, limit=500)[0]

    return brentq(residual, 1e-9, 1.8, xtol=1e-15)


def test_zero_temperature_gap_is_pi_exp_minus_euler_gamma():
    # at T = 0.01 Tc thermal corrections are ~e^{-176}: the ratio must equal π e^{-γE} to machine precision
    assert bcs.gap(0.01, 1.0) / k_B == pytest.approx(math.pi * math.exp(-euler_gamma), rel=1e-12)
    assert bcs.gap0(1.0) / k_B == pytest.approx(1.7638769, rel=1e-7)


@pytest.mark.parametrize("t", [0.05, 0.2, 0.26, 0.5, 0.8, 0.95, 0.999])
def test_gap_matches_independent_quadrature_to_1e6(t):
    # the target is 1e-6 relative accuracy; the reference is converged to ~1e-12
    assert bcs.gap(t, 1.0) / k_B == pytest.approx(_reference_gap(t), rel=1e-6)


def test_gap_near_tc_follows_ginzburg_landau_law():
    # Δ → √(8π²/7ζ(3)) k_BTc √(1 − T/Tc) = 3.0633 k_BTc √(1−t); next order is O(1−t), so at 1−t = 1e-6 the
    # relative deviation is ~1e-6 and 1e-5 is a safe bound
    coefficient = math.sqrt(8 * math.pi**2 / (7 * zeta3))
    assert coefficient == pytest.approx(3.06, abs=5e-3)
    for eps in (1e-4, 1e-6):
        assert bcs.gap(1 - eps, 1.0) / k_B / math.sqrt(eps) == pytest.approx(coefficient, rel=10 * eps + 1e-9)


def test_gap_is_zero_at_and_above_tc_and_keeps_shape():
    T = np.array([[0.5, 1.0], [1.5, 2.0]])
    delta = bcs.gap(T, 1.0)
    assert delta.shape == (2, 2)
    assert np.all(delta[0, 1:] == 0) and np.all(delta[1] == 0)


def test_tanh_model_within_three_percent_of_bcs_everywhere():
    T = np.linspace(0.01, 0.9999, 2000)
    exact = bcs.gap(T, 1.0)
    approx = bcs.gap(T, 1.0, model="tanh")
    assert np.max(np.abs(approx - exact) / exact) < 0.03


def test_gap_monotonically_decreasing():
    delta = bcs.gap(np.linspace(0.01, 0.9999, 3000), 1.0)
    assert np.all(np.diff(delta) <= 1e-30)


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan])
def test_gap_rejects_non_positive_temperature(bad):
    with pytest.raises(InvalidParameter, match="'T'"):
        bcs.gap(bad, 1.0)


def test_gap_rejects_unknown_model():
    with pytest.raises(InvalidParameter, match="model"):
        bcs.gap(0.5, 1.0, model="eliashberg")


# ------------------------------------------------------------------ densities of states
def test_dynes_dos_tends_to_bcs_outside_the_gap():
    E = np.array([1.05, 1.2, 2.0, 5.0])
    # deviation is O(Γ/(E−Δ)) near the edge; with Γ = 1e-7 and E−Δ >= 0.05 it is < 1e-5
    assert np.allclose(bcs.dynes_dos(E, 1.0, 1e-7), bcs.bcs_dos(E, 1.0), rtol=1e-5)
    assert np.all(bcs.dynes_dos(np.array([0.0, 0.5, 0.9]), 1.0, 1e-9) < 1e-7)


def test_dynes_dos_zero_energy_value():
    # N(0) = Γ/√(Γ² + Δ²) exactly
    assert bcs.dynes_dos(0.0, 1.0, 0.1) == pytest.approx(0.1 / math.sqrt(1.01), rel=1e-13)


@given(
    E=st.floats(-50, 50, allow_nan=False),
    gap=st.floats(0, 5, allow_nan=False),
    gamma=st.floats(1e-6, 2, allow_nan=False),
)
def test_dynes_dos_nonnegative_and_even(E, gap, gamma):
    n_plus = bcs.dynes_dos(E, gap, gamma)
    assert n_plus >= 0
    assert n_plus == pytest.approx(bcs.dynes_dos(-E, gap, gamma), rel=1e-12)


def test_dynes_dos_conserves_states():
    # ∫_0^∞ (N − 1) dE = 0. Beyond W ≫ Δ, N − 1 = Δ²/(2E²) + O(Γ²/E², Δ⁴/E⁴), so ∫_0^W (N − 1) dE must equal
    # −Δ²/(2W) up to O(Δ⁴/W³, Γ²/W) ~ 1e-7 for W = 100Δ, Γ = 0.02Δ; quad error is < 1e-9
    gamma, width = 0.02, 100.0
    val, _ = quad(lambda e: bcs.dynes_dos(e, 1.0, gamma) - 1.0, 0, width, points=[1.0], limit=2000, epsabs=1e-11)
    assert val == pytest.approx(-1.0 / (2 * width), abs=1e-6)


def test_dos_rejects_negative_broadening():
    with pytest.raises(InvalidParameter, match="gamma"):
        bcs.dynes_dos(1.0, 1.0, -0.1)


# ------------------------------------------------------------------ distributions
def test_fermi_identities_and_no_overflow():
    x = np.array([-1e4, -30.0, -1.0, 0.0, 1.0, 30.0, 1e4])
    f = bcs.fermi_x(x)
    assert np.allclose(f + bcs.fermi_x(-x), 1.0, rtol=0, atol=1e-15)
    assert bcs.fermi_x(0.0) == 0.5
    assert f[-1] == 0.0 and f[0] == 1.0
    # −∂f/∂x = f(x)(1 − f(x)) = f(x) f(−x); the product form has no cancellation, so 1e-12 relative holds
    xm = np.linspace(-30, 30, 101)
    assert np.allclose(bcs.minus_dfermi_x(xm), bcs.fermi_x(xm) * bcs.fermi_x(-xm), rtol=1e-12, atol=0)
    assert bcs.minus_dfermi_x(1e4) == 0.0


def test_minus_dfermi_dE_is_normalised():
    T = 0.1
    kT = k_B * T
    val, _ = quad(lambda e: bcs.minus_dfermi_dE(e * kT, T) * kT, -60, 60)
    assert val == pytest.approx(1.0, rel=1e-10)


def test_bose_identities():
    x = np.array([1e-6, 0.1, 1.0, 10.0, 800.0])
    n = bcs.bose_x(x)
    assert np.allclose(bcs.bose_x(-x), -1.0 - n, rtol=1e-12)
    assert n[0] == pytest.approx(1e6 - 0.5, rel=1e-9)  # n ≈ 1/x − 1/2 for x → 0
    assert n[-1] == pytest.approx(math.exp(-800.0), rel=1e-12)
    # detailed-balance identity n(x) e^x = n(x) + 1
    xm = x[:4]
    assert np.allclose(bcs.bose_x(xm) * np.exp(xm), bcs.bose_x(xm) + 1.0, rtol=1e-12)


def test_fermi_rejects_zero_temperature():
    with pytest.raises(InvalidParameter):
        bcs.fermi(1e-23, 0.0)
