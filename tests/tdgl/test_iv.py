"""I–V curves by continuation: branches, hysteresis report, parallel segments."""

from __future__ import annotations

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.tdgl import iv_curve


@pytest.fixture(scope="module")
def iv():
    return iv_curve([0.3, 0.7, 1.1, 1.5], length=5.0, delta=10.0, direction="both", t_per_point=100.0, workers=1)


def test_iv_curve_is_superconducting_below_and_resistive_above_switching(iv):
    up = iv["mean_voltage"].sel(direction="up").values
    assert abs(up[0]) < 1e-3  # j = 0.3 < j_c1 ≈ 0.6 for L = 5ξ: static state, no voltage
    assert np.all(up[1:] > 0.1)
    assert np.all(np.diff(up[1:]) > 0)  # resistive branch: ⟨V⟩ grows with j
    # each resistive point is a periodic PSC obeying the Josephson relation ⟨V⟩·T = 2π
    period = iv["period"].sel(direction="up").values[1:]
    np.testing.assert_allclose(up[1:] * period / (2 * np.pi), 1.0, atol=1e-3)


def test_hysteresis_report_orders_retrapping_below_switching(iv):
    a = iv.attrs
    assert a["neqsc_kind"] == "tdgl_iv"
    assert a["j_retrap_down"] <= a["j_switch_up"]
    assert a["hysteresis_width"] == pytest.approx(a["j_switch_up"] - a["j_retrap_down"])


def test_parallel_segments_follow_the_same_resistive_branch():
    kw = dict(length=5.0, delta=10.0, direction="up", t_per_point=150.0)
    currents = [1.2, 1.4, 1.6, 1.8]
    seq = iv_curve(currents, workers=1, **kw)
    par = iv_curve(currents, workers=2, **kw)
    assert par.attrs["segments_per_direction"] == 2
    both = (seq["periodic"].values == 1) & (par["periodic"].values == 1)
    assert both.sum() >= 3  # points whose transient ended within the run
    # unique periodic orbit far above switching: same ⟨V⟩ up to the period-detection tolerance (1e-3)
    np.testing.assert_allclose(par["mean_voltage"].values[both], seq["mean_voltage"].values[both], rtol=2e-3)


def test_iv_curve_rejects_unknown_direction():
    with pytest.raises(InvalidParameter, match="direction"):
        iv_curve([0.5], direction="sideways")


def _fold_by_quadrature(length: float) -> float:
    """j_max(L) of the static branch from the first integral of f'' = j²/f³ − f + f³ (independent of solve_bvp).

    With f(0) = f0, f'(0) = 0: f'² = G(f) = j²(1/f0² − 1/f²) + f0² − f² + (f⁴ − f0⁴)/2, so
    L/2 = ∫_{f0}^{1} df/√G; f = f0 + (1 − f0)s² removes the 1/√ singularity at f0.
    """
    import warnings

    from scipy.integrate import IntegrationWarning, quad
    from scipy.optimize import brentq, minimize_scalar

    def half_length(f0, j):
        def g(f):
            return j**2 * (1 / f0**2 - 1 / f**2) + f0**2 - f**2 + 0.5 * (f**4 - f0**4)

        def integrand(s):
            if s == 0.0:
                return 2.0 * (1.0 - f0) / np.sqrt((2 * j**2 / f0**3 - 2 * f0 + 2 * f0**3) * (1.0 - f0))
            f = f0 + (1.0 - f0) * s * s
            gf = g(f)
            # G ≤ 0 inside: f turns back before reaching 1 (no monotone half-solution): treat as infinitely long
            return 2.0 * (1.0 - f0) * s / np.sqrt(gf) if gf > 0 else 1e6

        with warnings.catch_warnings():
            # brentq also probes currents without a monotone half-solution (integrand 1e6 from some s on)
            warnings.simplefilter("ignore", IntegrationWarning)
            return quad(integrand, 0.0, 1.0, epsabs=1e-12, epsrel=1e-10, limit=200)[0]

    def current(f0):
        j_uniform = f0**2 * np.sqrt(1 - f0**2)  # the uniform state: infinitely long wire
        return brentq(lambda j: half_length(f0, j) - 0.5 * length, j_uniform * (1 + 1e-9), 20.0, xtol=1e-14)

    res = minimize_scalar(lambda f0: -current(f0), bounds=(0.68, 0.85), method="bounded", options={"xatol": 1e-8})
    return -res.fun


@pytest.mark.parametrize("length", [2.0, 10.0, 30.0])
def test_static_fold_agrees_with_first_integral_quadrature(length):
    from neqsc.tdgl import J_DEPAIRING
    from neqsc.tdgl.critical import static_fold

    fold = static_fold(length)["j_max"]
    # two independent solutions of the same BVP (solve_bvp at tol 1e-10 vs adaptive quadrature): 1e-7 relative
    assert fold == pytest.approx(_fold_by_quadrature(length), rel=1e-7)
    assert fold > J_DEPAIRING  # the banks stiffen a finite wire; j_max → j_dp for L → ∞
    if length == 10.0:
        assert fold == pytest.approx(0.3927, abs=5e-5)


def test_up_sweep_switches_at_the_static_fold_within_one_current_step():
    # L = 10ξ, δ = 10, η = 0.1: j_max(10ξ) = 0.39269. With points classified only once stationary or slipping, the
    # lowest resistive current of the up sweep is the first grid current above the fold (the superconducting branch
    # is stable up to its fold; a fixed 200 t0 per point gave 0.41 because the bottleneck passage is slow).
    step = 0.01
    iv = iv_curve(np.arange(0.30, 0.4601, step), length=10.0, delta=10.0, eta=0.1, direction="up")
    fold = iv.attrs["j_fold_static"]
    assert fold == pytest.approx(0.39269, abs=1e-5)
    assert iv.attrs["n_undecided"] == 0
    assert fold <= iv.attrs["j_switch_up"] < fold + step
    states = iv["state"].sel(direction="up").values
    below = iv["j"].values < fold
    assert np.all(states[below] == "superconducting") and np.all(states[~below] == "resistive")
    assert np.all(iv["max_dpsi_dt"].values[0][below] < iv.attrs["stationary_tol"])


def test_point_that_has_not_declared_itself_is_undecided_not_superconducting():
    # from Ψ = 1 at j = 0.39 (just below the fold) the wire relaxes for hundreds of t0 (max|∂τΨ| ≈ 5e-4 after
    # 200 t0): with a 40 t0 cap it is neither stationary nor slipping
    iv = iv_curve([0.39], length=10.0, delta=10.0, t_per_point=20.0, t_max_per_point=40.0, workers=1)
    assert iv["state"].values[0, 0] == "undecided"
    assert iv["resistive"].values[0, 0] == 0 and iv["t_run"].values[0, 0] == pytest.approx(40.0)
    assert iv.attrs["n_undecided"] == 1
    assert np.isnan(iv.attrs["j_switch_up"])
