"""Charge-imbalance g_ss model (paper Eq. 21), its Γ / ∂xφ fits, and the I_s(∂xφ) fit for I₀ (Eq. 6).

Statistics as in test_fit_local: noise of known σ with fixed seeds; a correct fit lands within 3σ of the truth with
probability 99.73 % per parameter.
"""

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.quasiclassics.conductance import charge_imbalance_analytic
from neqsc.quasiclassics.measured import fitting
from neqsc.quasiclassics.measured.fitting import (
    charge_imbalance_conductance,
    fit_charge_imbalance,
    fit_supercurrent_scale,
    spectral_supercurrent_integral,
)
from neqsc.quasiclassics.usadel.uniform import uniform_spectra

T_REDUCED = 37e-3 * 8.617333e-5 / 265e-6  # junction B electron temperature / Δ₀ (Table 1)
SAMPLE = {"t": T_REDUCED, "kappa": 24.6e-6 * 8.57 / 2, "x": 300.0 / 65.0, "G_det": 1.0}  # κ_I = G_inj R_ξ/2
GAMMA = 1.53e-3  # paper Fig. 10 fit
EV = np.linspace(-1.5, 1.5, 61)  # the paper fits eV_inj/Δ < 1.5


def frozen_spectra(eps, Delta, Gamma, zeta):
    """ζ-independent bulk spectra: I_s linear in ∂xφ (linear response); used where only the statistics matter."""
    return uniform_spectra(eps, Delta, Gamma, 0.0)


def test_strong_coupling_at_the_injector_reduces_to_the_local_conductance():
    # κ_I → ∞ and x = 0 in Eq. 21 give g_nl(ε) = N(ε): g_ss/G_det must equal the Dynes local G/G_N, computed by the
    # independent cell-integral scheme of fit (a); agreement 1e-5 relative is the measured accuracy of both
    eV = np.linspace(-3, 3, 61)
    g = charge_imbalance_conductance(eV, Gamma=GAMMA, t=T_REDUCED, kappa=1e9, x=0.0, spectra=frozen_spectra)
    kb = fitting._KB_UEV_PER_MK
    local = fitting._dynes_conductance_ueV(eV * 265.0, 265.0, GAMMA * 265.0, T_REDUCED * 265.0 / kb, 1.0)
    np.testing.assert_allclose(g, local, rtol=2e-5, atol=1e-9)


def test_charge_imbalance_signal_is_even_positive_and_relaxes_faster_with_pair_breaking():
    g = {G: charge_imbalance_conductance(EV, Gamma=G, **SAMPLE) for G in (1e-3, 1.53e-3, 3e-3)}
    for values in g.values():
        np.testing.assert_allclose(values, values[::-1], rtol=1e-12, atol=1e-300)
        assert np.all(values >= 0)
    above = np.abs(EV) > 1.1
    # larger Γ → larger R_T = 2ΔRe F → shorter λ_T → less charge imbalance at the detector
    assert np.all(g[1e-3][above] > g[1.53e-3][above]) and np.all(g[1.53e-3][above] > g[3e-3][above])
    g_phase = charge_imbalance_conductance(EV, Gamma=GAMMA, zeta=0.5 * 0.3**2, **SAMPLE)
    assert np.all(g_phase[above] < g[1.53e-3][above])  # depairing by a supercurrent also relaxes Q* (Fig. 10a)


def test_low_temperature_limit_samples_the_spectral_conductance():
    # at t → 0 the convolution with −∂f/∂ε picks g_nl(ε = eV); smearing corrections ∝ t² ≈ 1e-6 of g''
    t = 1e-3
    eV = np.array([1.3, 2.0])
    g = charge_imbalance_conductance(eV, Gamma=GAMMA, t=t, kappa=SAMPLE["kappa"], x=SAMPLE["x"])
    direct = charge_imbalance_analytic(uniform_spectra(eV, 1.0, GAMMA), SAMPLE["kappa"], SAMPLE["x"])
    np.testing.assert_allclose(g, direct, rtol=1e-4)


@pytest.mark.parametrize("seed", [21, 22])
def test_gamma_fit_recovers_the_lifetime_parameter_within_three_sigma(seed):
    g = charge_imbalance_conductance(EV, Gamma=GAMMA, **SAMPLE)
    sigma = 0.02 * g.max()
    data = g + np.random.default_rng(seed).normal(0.0, sigma, EV.size)
    res = fit_charge_imbalance(EV, data, sigma, fixed=SAMPLE)
    value, err = res["Gamma"]
    assert abs(value - GAMMA) < 3 * err
    assert err < 0.05 * GAMMA  # 2 % noise determines Γ to ~1 % (paper: ±0.02e-3 on 1.53e-3)
    assert 0.4 < res.chi2_red < 1.6  # mean 1, std √(2/60) = 0.18 → ±3σ


def test_phase_gradient_fit_with_depairing_spectra_recovers_the_phase_gradient():
    q_true = 0.25
    g = charge_imbalance_conductance(EV, Gamma=GAMMA, zeta=0.5 * q_true**2, **SAMPLE)
    sigma = 0.02 * g.max()
    data = g + np.random.default_rng(4).normal(0.0, sigma, EV.size)
    res = fit_charge_imbalance(EV, data, sigma, free=("phase_gradient",), fixed={**SAMPLE, "Gamma": GAMMA})
    value, err = res["phase_gradient"]
    assert abs(value - q_true) < 3 * err and err < 0.1 * q_true


def test_supercurrent_fit_rejects_zero_uncertainties():
    with pytest.raises(InvalidParameter, match="phase_gradient_err"):
        fit_supercurrent_scale(
            [0.1, 0.2], [1e-6, 2e-6], phase_gradient_err=[0.0, 0.0], Gamma=GAMMA, t=T_REDUCED, spectra=frozen_spectra
        )


def test_fit_requires_all_constants():
    with pytest.raises(InvalidParameter, match="kappa"):
        fit_charge_imbalance(EV, np.ones_like(EV), fixed={"t": 0.01, "x": 1.0, "G_det": 1.0})


@pytest.mark.parametrize("spectra", ["frozen", "usadel"])
def test_spectral_supercurrent_reproduces_the_dirty_limit_at_small_phase_gradient(spectra):
    # Eq. 6 at ζ → 0: ∫ j_ε f_L dε = πΔ tanh(Δ/2t) up to O(Γ) (Dynes tails; −0.56Γ measured) and O(ζ) = 2e-4
    provider = frozen_spectra if spectra == "frozen" else None
    q = np.array([-0.02, 0.02])
    S = spectral_supercurrent_integral(q, Gamma=GAMMA, t=T_REDUCED, spectra=provider)
    np.testing.assert_allclose(S, q / 2 * np.pi * np.tanh(1 / (2 * T_REDUCED)), rtol=2 * GAMMA)
    assert S[0] == pytest.approx(-S[1], rel=1e-12)  # I_s is odd in ∂xφ


def test_supercurrent_scale_fit_propagates_phase_gradient_errors():
    # I_s set exactly by the source; ∂xφ from the g_ss fits carries the error → effective variance (x-errors)
    I0 = 29.8e-6
    q_true = np.linspace(0.05, 0.6, 8)
    I_s = I0 * spectral_supercurrent_integral(q_true, Gamma=GAMMA, t=T_REDUCED, spectra=frozen_spectra)
    pulls = []
    for seed in range(12):
        q_err = 0.01 + 0.02 * q_true
        q_meas = q_true + np.random.default_rng(seed).normal(0.0, q_err)
        res = fit_supercurrent_scale(
            q_meas, I_s, phase_gradient_err=q_err, Gamma=GAMMA, t=T_REDUCED, spectra=frozen_spectra
        )
        value, err = res["I0"]
        pulls.append((value - I0) / err)
        assert abs(value - I0) < 3 * err
    # 12 pulls: mean has std 0.29 → |mean| < 0.9 is a 3σ bound; a wrong error model (e.g. ignoring x-errors,
    # which gives σ = 0 here) fails it
    assert abs(np.mean(pulls)) < 0.9 and 0.4 < np.std(pulls) < 1.6


@pytest.mark.slow
def test_gamma_fit_uncertainty_has_correct_coverage():
    g = charge_imbalance_conductance(EV, Gamma=GAMMA, **SAMPLE)
    sigma = 0.02 * g.max()
    pulls = []
    for seed in range(40):
        data = g + np.random.default_rng(500 + seed).normal(0.0, sigma, EV.size)
        value, err = fit_charge_imbalance(EV, data, sigma, fixed=SAMPLE)["Gamma"]
        pulls.append((value - GAMMA) / err)
    assert abs(np.mean(pulls)) < 0.48 and 0.67 < np.std(pulls) < 1.33  # 3σ bands for 40 N(0,1) draws


@pytest.mark.slow
def test_phase_gradient_fit_uncertainty_has_correct_coverage():
    q_true = 0.25
    g = charge_imbalance_conductance(EV, Gamma=GAMMA, zeta=0.5 * q_true**2, **SAMPLE)
    sigma = 0.02 * g.max()
    pulls = []
    for seed in range(20):
        data = g + np.random.default_rng(900 + seed).normal(0.0, sigma, EV.size)
        res = fit_charge_imbalance(EV, data, sigma, free=("phase_gradient",), fixed={**SAMPLE, "Gamma": GAMMA})
        value, err = res["phase_gradient"]
        pulls.append((value - q_true) / err)
    assert abs(np.mean(pulls)) < 0.67 and 0.52 < np.std(pulls) < 1.48  # 3σ bands for 20 N(0,1) draws
