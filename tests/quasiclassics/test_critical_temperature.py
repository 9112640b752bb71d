"""Critical temperature from the linearised gap equation: BCS, Abrikosov–Gor'kov/Maki, critical depairing."""

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import digamma

from neqsc.constants import euler_gamma
from neqsc.quasiclassics import critical_temperature, self_consistent_gap, uniform_spectra


def test_clean_critical_temperature_is_the_closed_form():
    # "real_cutoff" λ = 1/arccosh(ω_D): ∫_0^{ω_D} tanh(ε/2t)/ε dε = ln(2e^γ ω_D/(π t)) up to e^{-ω_D/t} ≈ 2e-8,
    # so k_BT_c0/Δ0 = 2e^γ ω_D/(π(ω_D + √(ω_D²−1))) to 1e-6 (quadrature tolerance 1e-13)
    wD = 10.0
    ref = 2 * np.exp(euler_gamma) * wD / (np.pi * (wD + np.sqrt(wD**2 - 1)))
    assert critical_temperature(0.0, 0.0, omega_D=wD, relative=False) / ref == pytest.approx(1.0, abs=1e-6)
    assert critical_temperature(0.0, 0.0) == 1.0
    # ω_D → ∞: the weak-coupling ratio e^γ/π (difference O(1/ω_D²) = 1e-8 at ω_D = 1e4)
    tc_inf = critical_temperature(0.0, omega_D=1e4, relative=False)
    assert tc_inf == pytest.approx(np.exp(euler_gamma) / np.pi, rel=1e-6)


def test_engine_spectra_linearise_to_the_kernel_used():
    # Eq. 1 at Δ → 0: Im F/Δ = ε/(ε² + (Γ+ζ)²); the engine's Newton solution at Δ = 1e-6 agrees to O(Δ²) ≈ 1e-10
    eps = np.linspace(-3, 3, 601)
    for zeta, gamma in [(0.2, 0.0), (0.1, 0.05), (0.0, 0.3)]:
        s = uniform_spectra(eps, 1e-6, gamma, zeta)
        eta = zeta + gamma
        assert np.allclose(s.R / 1e-6, eps / (eps**2 + eta**2), atol=1e-6)


def _ag_tc(alpha, tc0):
    return brentq(lambda t: np.log(tc0 / t) - digamma(0.5 + alpha / (2 * np.pi * t)) + digamma(0.5), 1e-6, tc0,
                  xtol=1e-15)  # fmt: skip


@pytest.mark.parametrize("zeta", [0.05, 0.2, 0.4, 0.49])
def test_pure_depairing_follows_abrikosov_gorkov_maki(zeta):
    # ln(T_c0/T_c) = ψ(½ + α/2πT_c) − ψ(½) with α = ζ (engine mapping); ω_D = 1e3 makes the real-cut-off
    # correction O(ζ²/ω_D²) ≤ 3e-7 in ln T_c, amplified near ζ_c where T_c ∝ √(ζ_c − ζ) (measured 3.2e-6 at 0.49)
    wD = 1e3
    tc0 = critical_temperature(0.0, omega_D=wD, relative=False)
    tc = critical_temperature(zeta, omega_D=wD, relative=False)
    assert tc / _ag_tc(zeta, tc0) == pytest.approx(1.0, abs=1e-5)


def test_dynes_gamma_and_depairing_enter_as_their_sum():
    assert critical_temperature(0.1, 0.05) == pytest.approx(critical_temperature(0.15, 0.0), rel=1e-12)
    both = critical_temperature(np.array([0.1, 0.0]), np.array([0.0, 0.1]))
    assert both[0] == pytest.approx(both[1], rel=1e-12)


def test_critical_depairing_is_half_the_gap():
    # T = 0 threshold η_c = ω_D/√(e^{2/λ} − 1) → Δ0/2 for ω_D → ∞ (Abrikosov–Gor'kov); 0.50188 for ω_D = 10
    wD = 1e4
    assert critical_temperature(0.5 * (1 - 1e-4), omega_D=wD) > 0
    assert critical_temperature(0.5 * (1 + 1e-6), omega_D=wD) == 0.0
    # near ζ_c, T_c ∝ √(ζ_c − ζ): T_c at distances 1e-4 and 4e-4 from ζ_c have the ratio 1/2, up to relative
    # corrections O(δ) and O(ζ_c/ω_D) well below the 0.02 allowed
    r = critical_temperature(0.5 - 1e-4, omega_D=wD) / critical_temperature(0.5 - 4e-4, omega_D=wD)
    assert r == pytest.approx(0.5, abs=0.02)
    wD = 10.0
    lam = 1 / np.arccosh(wD)
    eta_c = wD / np.sqrt(np.exp(2 / lam) - 1)
    assert eta_c == pytest.approx(0.50188, abs=1e-5)
    assert critical_temperature(eta_c * (1 - 1e-5)) > 0 and critical_temperature(eta_c * (1 + 1e-9)) == 0.0


def test_self_consistent_gap_vanishes_at_the_critical_temperature():
    # independent route: the full (non-linearised) Eq. 8 has Δ > 0 just below T_c and Δ = 0 just above
    zeta = 0.2
    tc = critical_temperature(zeta, 1e-4, relative=False)
    assert self_consistent_gap(t=0.97 * tc, gamma=1e-4, zeta=zeta) > 0.05
    assert self_consistent_gap(t=1.03 * tc, gamma=1e-4, zeta=zeta) == 0.0
