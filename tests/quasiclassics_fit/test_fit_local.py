"""Dynes local-conductance model and fit (paper Sec. IV, Table 1).

Statistics: synthetic data = model + Gaussian noise of known σ (fixed seeds). For a model linear near the optimum
(true here: the relative parameter errors are ≲ 1e-3), the fitted parameters are Gaussian around the truth with the
reported covariance, so |p − p_true| < 3σ_p holds with probability 99.73 % per parameter; the pulls
(p − p_true)/σ_p over many seeds have mean 0 and standard deviation 1, which tests that the reported uncertainties
are neither too small nor too large.
"""

import numpy as np
import pytest

from neqsc import bcs
from neqsc.constants import e
from neqsc.errors import InvalidParameter
from neqsc.quasiclassics.measured.fitting import dynes_conductance, fit_dynes

UEV = 1e-6 * e
TRUE = {"gap": 259 * UEV, "gamma": 0.5 * UEV, "T_e": 0.037, "G_N": 31.4e-6}  # junction B of Table 1, Γ > 0
NOISE = 2e-3 * TRUE["G_N"]


def _synthetic(seed, n=151):
    V = np.linspace(-600e-6, 600e-6, n)
    return V, dynes_conductance(V, **TRUE) + np.random.default_rng(seed).normal(0.0, NOISE, n)


def test_conductance_matches_direct_quadrature_of_the_dynes_dos():
    V = np.linspace(-500e-6, 500e-6, 21)
    gap, gamma, T = 259 * UEV, 2 * UEV, 0.061
    E = np.linspace(-900, 900, 1_000_001) * UEV  # spacing 1.8 neV ≪ Γ: reference accurate to ~(h/Γ)² ≈ 1e-6
    N = bcs.dynes_dos(E, gap, gamma)
    ref = np.array([np.trapezoid(N * bcs.minus_dfermi_dE(E - e * v, T), E) for v in V])
    # our cell scheme is O(h⁴) for Γ > 0 (2e-9 measured); 1e-5 leaves room for the reference's own error
    np.testing.assert_allclose(dynes_conductance(V, gap, gamma, T, 1.0), ref, atol=1e-5)


def test_conductance_is_even_and_tends_to_bcs_dos_and_normal_state():
    V = np.linspace(-2e-3, 2e-3, 401)
    G = dynes_conductance(V, 200 * UEV, 0.0, 0.02, 1.0)
    np.testing.assert_allclose(G, G[::-1], atol=1e-12)
    # far above the gap and at k_BT ≪ E − Δ, G/G_N = E/√(E² − Δ²) (thermal correction (π²/6)(kT)²N'' ≈ 1e-6)
    assert G[-1] == pytest.approx(2000 / np.sqrt(2000**2 - 200**2), rel=1e-5)
    # without a gap the junction is ohmic: G = G_N exactly (∫ −∂f/∂E dE = 1)
    np.testing.assert_allclose(dynes_conductance(V, 1e-30, 0.0, 0.1, 2.5), 2.5, rtol=1e-12)


def test_zero_bias_conductance_measures_the_dynes_subgap_dos():
    gap, gamma = 200 * UEV, 1 * UEV
    G0 = dynes_conductance(np.array([0.0]), gap, gamma, 0.03, 1.0)[0]
    # N(0) = Γ/√(Γ² + Δ²); near E = 0, N ≈ Γ/Δ + 3ΓE²/(2Δ³), so thermal smearing (⟨E²⟩ = π²(k_BT)²/3) multiplies
    # it by 1 + π²(k_BT/Δ)²/2 = 1 + 8.2e-4; the next order, ⟨E⁴⟩N''''/24 ∝ 7π⁴(k_BT/Δ)⁴ ≈ 2e-6, sets rel=1e-5
    kT = 1.380649e-23 * 0.03
    expected = gamma / np.hypot(gamma, gap) * (1 + np.pi**2 * (kT / gap) ** 2 / 2)
    assert G0 == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_fit_recovers_true_parameters_within_three_sigma(seed):
    V, G = _synthetic(seed)
    res = fit_dynes(V, G, NOISE)
    for name in res.names:
        value, err = res[name]
        assert abs(value - TRUE[name]) < 3 * err, (name, value, TRUE[name], err)
    # χ²_red of a correct model has mean 1 and std √(2/dof) = 0.12 here: 1 ± 0.5 is a > 4σ band
    assert 0.5 < res.chi2_red < 1.5
    assert res["gamma"][1] < 0.1 * TRUE["gamma"]  # Γ is resolved (N(0) = 2e-3 G_N vs σ = 2e-3 G_N per point)


def test_unknown_noise_is_estimated_from_the_scatter():
    V, G = _synthetic(5)
    known, unknown = fit_dynes(V, G, NOISE), fit_dynes(V, G)
    assert not unknown.sigma_known
    # the scatter estimates σ to ±√(1/(2·dof)) ≈ 6 %: errors agree with the known-σ ones within 25 %
    np.testing.assert_allclose(unknown.errors, known.errors, rtol=0.25)
    # same minimum (weights differ by a constant factor): values agree to a small fraction of σ (optimiser tolerance)
    assert np.all(np.abs(unknown.values - known.values) < 0.01 * known.errors)


def test_fixed_temperature_is_held_and_not_reported_as_free():
    V, G = _synthetic(6)
    res = fit_dynes(V, G, NOISE, fixed={"T_e": TRUE["T_e"]})
    assert res.names == ("gap", "gamma", "G_N") and res["T_e"] == (TRUE["T_e"], 0.0)
    assert abs(res["gap"][0] - TRUE["gap"]) < 3 * res["gap"][1]


def test_fit_input_errors():
    with pytest.raises(InvalidParameter, match="G"):
        fit_dynes(np.zeros(5), np.zeros(4))
    with pytest.raises(InvalidParameter, match="fixed"):
        fit_dynes(np.linspace(-1e-3, 1e-3, 9), np.ones(9), fixed={"Tc": 1.0})
    with pytest.raises(InvalidParameter, match="sigma"):
        V, G = _synthetic(1)
        fit_dynes(V, G, 0.0)


@pytest.mark.slow
def test_reported_uncertainties_have_correct_coverage_over_many_seeds():
    pulls = []
    for seed in range(40):
        V, G = _synthetic(1000 + seed)
        res = fit_dynes(V, G, NOISE)
        pulls.append([(res[k][0] - TRUE[k]) / res[k][1] for k in res.names])
    pulls = np.array(pulls)
    # for 40 N(0,1) draws: mean has std 0.16 and sample std has std 0.11 → 3σ bands
    assert np.all(np.abs(pulls.mean(axis=0)) < 0.48)
    assert np.all((pulls.std(axis=0) > 0.67) & (pulls.std(axis=0) < 1.33))
