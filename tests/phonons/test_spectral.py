"""Dynes spectral functions N₁, R₂ and the adiabatic response α (paper Eq. 11)."""

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.phonons.spectral import (
    DELTA0_OVER_KTC_PER_SQRT_ETA,
    alpha,
    delta_n,
    gamma_from_delta,
    gap_over_T,
    h_kernel,
    spectral_functions,
)


def test_retarded_branch_makes_n1_even_and_r2_odd_and_both_nonnegative_above_zero():
    eps = np.linspace(0.01, 6, 400)
    n_p, r_p = spectral_functions(eps, 1.0, 0.1)
    n_m, r_m = spectral_functions(-eps, 1.0, 0.1)
    np.testing.assert_allclose(n_m, n_p, rtol=1e-13)
    np.testing.assert_allclose(r_m, -r_p, rtol=1e-13)
    assert np.all(n_p > 0) and np.all(r_p >= 0)


def test_r2_over_n1_approaches_eps_over_gap_below_and_gap_over_eps_above_for_small_gamma():
    gap, gamma = 1.0, 1e-6
    below = np.array([0.2, 0.5, 0.8])
    above = np.array([1.3, 2.0, 5.0])
    nb, rb = spectral_functions(below, gap, gamma)
    na, ra = spectral_functions(above, gap, gamma)
    # γ = 1e-6 Δ: corrections are O(γ/|ε−Δ|) ≲ 1e-5
    np.testing.assert_allclose(rb / nb, below / gap, rtol=1e-4)
    np.testing.assert_allclose(ra / na, gap / above, rtol=1e-4)
    eps = np.linspace(0.0, 4.0, 4001)
    n, r = spectral_functions(eps, gap, 1e-4)
    ratio = r / n
    assert ratio.max() <= 1.0 + 1e-12
    assert abs(eps[np.argmax(ratio)] - gap) < 2e-3


def test_dos_is_normal_far_from_the_gap_and_r2_vanishes_without_gap():
    n, _r = spectral_functions(np.array([50.0]), 1.0, 0.3)
    assert abs(n[0] - 1) < 1e-3
    n0, r0 = spectral_functions(np.linspace(-3, 3, 7), 0.0, 0.3)
    np.testing.assert_allclose(n0, 1.0, rtol=1e-14)
    np.testing.assert_array_equal(r0, 0.0)


def test_alpha_is_positive_and_delta_n_follows_the_sign_of_the_gap_rate():
    eps = np.linspace(0.05, 8, 50)
    a = alpha(eps, 1.0, 0.2)
    assert np.all(a > 0)
    assert np.all(delta_n(eps, 1.0, 0.2, +0.1) > 0) and np.all(delta_n(eps, 1.0, 0.2, -0.1) < 0)
    # c_α = 1/4 of −∂f0/∂E convention: α/τ = ¼ h
    np.testing.assert_allclose(a, 0.25 * h_kernel(eps, 1.0, 0.2))


def test_gap_unit_at_0p9_tc_matches_bcs_and_gamma_tie_is_gap_over_delta():
    assert abs(DELTA0_OVER_KTC_PER_SQRT_ETA - 3.0633) < 1e-4
    assert abs(float(gap_over_T(1.0, 0.9)) - 1.076) < 1e-3  # BCS: Δ0 = 1.076 k_BT at 0.9 Tc
    assert gamma_from_delta(10.0, 0.9) * 10.0 == pytest.approx(float(gap_over_T(1.0, 0.9)), rel=1e-14)


@pytest.mark.parametrize("gamma", [0.0, -0.1, np.nan])
def test_nonpositive_gamma_is_rejected(gamma):
    with pytest.raises(InvalidParameter, match="gamma"):
        spectral_functions(1.0, 1.0, gamma)


@pytest.mark.parametrize("t", [1.0, 1.2, 0.0])
def test_temperature_at_or_above_tc_is_rejected(t):
    with pytest.raises(InvalidParameter, match="T_over_Tc"):
        gap_over_T(1.0, t)


def test_delta_n_from_run_matches_eq11_and_follows_the_gap_rate():
    from neqsc.constants import u_tdgl
    from neqsc.phonons.distribution import delta_n_from_run
    from neqsc.phonons.synthetic import synthetic_psc_run

    run = synthetic_psc_run(nt=201)
    ds = delta_n_from_run(run, eps=np.array([0.5, 1.5, 3.0]), x=0.0, gamma=0.3)
    i = int(np.argmax(np.abs(ds["dpsi2_dt"].values) * (ds["psi_abs"].values > 0.05)))
    psi, rate2 = ds["psi_abs"].values[i], ds["dpsi2_dt"].values[i]
    # direct Eq. 11: α ∂t|Δ| with τ_ε∂t|Δ|/k_BT = (δ/2)(8uη/(π(1−η))) ∂τ|Ψ|, ∂τ|Ψ| = ∂τ|Ψ|²/(2|Ψ|)
    rate = 0.5 * 10.0 * 8 * u_tdgl * 0.1 / (np.pi * 0.9) * rate2 / (2 * psi)
    expected = delta_n(np.array([0.5, 1.5, 3.0]), psi * float(gap_over_T(1.0, 0.9)), 0.3, rate)
    np.testing.assert_allclose(ds["delta_n"].values[i], expected, rtol=1e-12)
    assert np.all(np.sign(ds["delta_n"].values[:, 1]) == np.sign(ds["dpsi2_dt"].values))  # Eq. 11 sign


def test_eta1_of_psi_uses_the_tdgl_gap_unit():
    from neqsc.phonons.eta1 import eta1, eta1_psi

    w = np.linspace(0, 8, 50)
    np.testing.assert_array_equal(eta1_psi(w, 1.0, 0.9, 0.3), eta1(w, float(gap_over_T(1.0, 0.9)), 0.3))
