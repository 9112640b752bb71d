"""Fits without an uncertainty column reach the χ² minimum (the issue case: a sharp gap, Γ ≪ k_BT).

Synthetic Dynes data with Δ = 200 µeV, Γ = 0.05 µeV, T_e = 80 mK, white noise 0.3 % of G_N. A common σ does not
move the minimum of χ², so the fit with and without σ must land on the same parameters; a grid search is the
independent reference for where that minimum is.
"""

import numpy as np
import pytest

from neqsc.constants import e
from neqsc.quasiclassics.measured.fitresult import least_squares_fit, noise_scale
from neqsc.quasiclassics.measured.fitting import _dynes_conductance_ueV, dynes_conductance, fit_dynes

UEV = 1e-6 * e
TRUE = {"gap": 200 * UEV, "gamma": 0.05 * UEV, "T_e": 0.080, "G_N": 31.4e-6}
NOISE = 3e-3 * TRUE["G_N"]


def _synthetic(seed, n=301):
    V = np.linspace(-600e-6, 600e-6, n)
    return V, dynes_conductance(V, **TRUE) + np.random.default_rng(seed).normal(0.0, NOISE, n)


def _chi2(res, V, G):
    q = {**res.fixed, **dict(zip(res.names, res.values, strict=True))}
    return float(np.sum(((dynes_conductance(V, q["gap"], q["gamma"], q["T_e"], q["G_N"]) - G) / NOISE) ** 2))


def test_noise_scale_estimates_white_noise_under_a_smooth_signal():
    x = np.linspace(0, 1, 2001)
    y = np.sin(6 * x) + np.random.default_rng(3).normal(0, 0.01, x.size)
    # MAD estimate from 2000 second differences: relative std ≈ 1.7/√2000 ≈ 4 %; 15 % is > 3σ
    assert noise_scale(y) == pytest.approx(0.01, rel=0.15)


@pytest.mark.parametrize("seed", [1, 3])
def test_fit_without_sigma_lands_on_the_weighted_minimum(seed):
    V, G = _synthetic(seed)
    known, unknown = fit_dynes(V, G, NOISE), fit_dynes(V, G)
    # same χ² minimum (before the fix: 2.6–17 χ² units above it, Γ and T_e 3–4σ off for these seeds)
    assert _chi2(unknown, V, G) == pytest.approx(_chi2(known, V, G), abs=1e-3)
    for name in known.names:
        assert abs(unknown[name][0] - known[name][0]) < 0.02 * known[name][1], name
        # a single fit is within 3σ of the truth with probability 99.7 % per parameter
        assert abs(unknown[name][0] - TRUE[name]) < 3 * unknown[name][1], name
    # σ from the residuals: rms residual ≈ the noise (±√(1/(2·297)) ≈ 4 %, 15 % is > 3σ)
    assert unknown.rms_residual == pytest.approx(NOISE, rel=0.15)
    assert np.sqrt(unknown.chi2_red) == pytest.approx(NOISE, rel=0.15)


@pytest.mark.slow
def test_several_starts_land_on_the_minimum_of_a_dense_grid_search():
    V, G = _synthetic(2, n=121)
    V_uV, gap = V * 1e6, TRUE["gap"] / UEV
    G_scale = TRUE["G_N"]

    def cost(gamma, T_mK):  # G_N profiled out exactly (the model is linear in it)
        m = _dynes_conductance_ueV(V_uV, gap, gamma, T_mK, 1.0)
        g_n = float(m @ G / (m @ m))
        return float(np.sum((g_n * m - G) ** 2)) / NOISE**2

    def model(p):
        return _dynes_conductance_ueV(V_uV, gap, p[0], p[1], p[2] * G_scale)

    fits = []
    for start in ([0.5, 60.0, 0.8], [0.001, 100.0, 1.2], [0.05, 80.0, 1.0], [0.2, 75.0, 0.9]):
        res = least_squares_fit(
            model, G, None, start, names=("gamma", "T_e", "G_N"), units=("µeV", "mK", "G_N"),
            scale=[0.1, 80.0, 1.0], lower=[0.0, 1.0, 0.0],
        )  # fmt: skip
        fits.append((res.values, float(np.sum((model(res.values) - G) ** 2)) / NOISE**2, res.errors))
    best, chi2_fit, err = fits[0]
    for values, chi2, _ in fits[1:]:  # every start lands on the same minimum
        assert chi2 == pytest.approx(chi2_fit, abs=1e-6)
        assert np.all(np.abs(values - best) < 1e-3 * err)
    # coarse grid over the whole plausible range, then a dense grid (±2σ) around the best coarse point and one
    # around the fit: no grid point has a lower χ² than the fit (Γ and T_e are correlated, so the best grid point
    # can sit a few cells along the valley; its χ² is what must not be lower)
    gammas, temps = np.linspace(0.0, 0.3, 16), np.linspace(70.0, 90.0, 16)
    coarse = np.array([[cost(g, T) for T in temps] for g in gammas])
    i, j = np.unravel_index(np.argmin(coarse), coarse.shape)
    grids = [coarse.min()]
    for g0, T0 in ((gammas[i], temps[j]), (best[0], best[1])):
        fine_g = np.linspace(max(g0 - 2 * err[0], 0.0), g0 + 2 * err[0], 13)
        fine_T = np.linspace(T0 - 2 * err[1], T0 + 2 * err[1], 13)
        grids.append(min(cost(g, T) for g in fine_g for T in fine_T))
    assert chi2_fit <= min(grids) + 1e-6
    # and the dense grid around the fit comes within 0.1 χ² units of it (the minimum is where the fit says)
    assert grids[-1] - chi2_fit < 0.1


@pytest.mark.slow
def test_pulls_are_unbiased_with_and_without_an_uncertainty_column():
    pulls = {True: [], False: []}
    for seed in range(12):
        V, G = _synthetic(100 + seed, n=151)
        for known in (True, False):
            res = fit_dynes(V, G, NOISE if known else None)
            pulls[known].append([(res[k][0] - TRUE[k]) / res[k][1] for k in ("gamma", "T_e")])
    for known in (True, False):
        p = np.array(pulls[known])
        # the mean of 12 N(0,1) pulls has std 0.29: |mean| < 1 is a 3.5σ band (before the fix: −3 … −4 for T_e)
        assert np.all(np.abs(p.mean(axis=0)) < 1.0), (known, p.mean(axis=0))
