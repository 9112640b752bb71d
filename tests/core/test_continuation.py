"""Shared pseudo-arclength continuation (neqsc.continuation) on the analytic fold x³ − x − λ = 0.

The cubic has folds where 3x² = 1: x = ∓1/√3 at λ = ±2/(3√3) = ±0.3849; the middle branch (|x| < 1/√3) is unstable
under dx/dt = −(x³ − x − λ) (∂F/∂x = 3x² − 1 < 0 there, i.e. −∂F/∂x > 0).
"""

from __future__ import annotations

import numpy as np
import pytest

from neqsc.continuation import bordered_corrector, hysteretic_sweep, locate_fold, stable_runs, tangent

LAM_FOLD = 2 / (3 * np.sqrt(3))
X_FOLD = 1 / np.sqrt(3)


def F(y):
    return np.array([y[0] ** 3 - y[0] - y[1]])


def G(y):
    return np.array([[3 * y[0] ** 2 - 1, -1.0]])


def trace(lam_stop=1.0, h_max=0.1):
    """Trace the curve from the lower branch at λ = −1 until λ > ``lam_stop``; return points, folds, tangents."""
    x0 = -1.3247179572447460  # real root of x³ − x + 1 (λ = −1)
    y = np.array([x0, -1.0])
    tau = tangent(G(y), np.array([0.0, 1.0]))
    pts, taus, folds = [y], [tau], []
    h = 0.05

    def correct(y_pred, tau, J):
        return bordered_corrector(F, y_pred, tau, J, converged=lambda y, r: abs(r[0]) < 1e-13, max_iter=20)

    for _ in range(500):
        if y[1] > lam_stop:
            break
        out = correct(y + h * tau, tau, G(y))
        if out is None:
            h *= 0.5
            continue
        y_new = out[0]
        tau_new = tangent(G(y_new), tau)
        if np.sign(tau_new[1]) != np.sign(tau[1]):
            y0, t0, J0 = y, tau, G(y)

            def point_at(s, y0=y0, t0=t0, J0=J0):
                o = correct(y0 + s * t0, t0, J0)
                return None if o is None else (o[0], tangent(G(o[0]), t0)[1])

            folds.append(locate_fold(point_at, h, t0[1], xtol=1e-14, gtol=1e-13))
        y, tau = y_new, tau_new
        pts.append(y)
        taus.append(tau)
        h = min(1.5 * h, h_max)
    return np.array(pts), np.array(folds), np.array(taus)


def test_tangent_is_unit_null_vector_oriented_along_the_reference():
    y = np.array([0.3, 0.3**3 - 0.3])
    tau = tangent(G(y), np.array([0.0, -1.0]), weight=np.array([1.0, 4.0]))
    assert abs(G(y) @ tau)[0] < 1e-15
    assert tau @ (np.array([1.0, 4.0]) * tau) == pytest.approx(1.0, abs=1e-14)
    assert tau[1] < 0


def test_both_folds_of_the_cubic_are_located_to_round_off():
    pts, folds, _ = trace()
    # every accepted point on the curve (corrector tolerance 1e-13)
    assert np.max(np.abs(pts[:, 0] ** 3 - pts[:, 0] - pts[:, 1])) < 1e-13
    assert folds.shape == (2, 2)
    # S-curve traced from λ = −1 upwards: first the fold at λ = +2/(3√3) (x = −1/√3), then λ = −2/(3√3) (x = +1/√3)
    # fold located by regula falsi on τ_λ ∝ 3x² − 1 (linear in s near the fold): x to ≲ 1e-9, λ quadratically better
    np.testing.assert_allclose(folds[:, 1], [LAM_FOLD, -LAM_FOLD], atol=1e-12)
    np.testing.assert_allclose(folds[:, 0], [-X_FOLD, X_FOLD], atol=1e-6)
    assert pts[-1, 1] > 1.0 and pts[-1, 0] > 1.0  # reached the upper branch


def test_corrector_reports_failure_instead_of_diverging():
    y = np.array([0.0, 0.0])
    tau = np.array([0.0, 1.0])
    singular = np.array([[0.0, 0.0]])  # bordered matrix [[0, 0], [0, 1]] is singular
    out = bordered_corrector(F, y + 0.1 * tau, tau, singular, converged=lambda y, r: abs(r[0]) < 1e-13, max_iter=5)
    assert out is None
    big = bordered_corrector(F, np.array([5.0, 0.0]), np.array([1.0, 0.0]), G(np.array([0.01, 0.0])),
                             converged=lambda y, r: abs(r[0]) < 1e-13, max_iter=5, max_step=0.5)  # fmt: skip
    assert big is None


def test_hysteretic_sweep_jumps_at_the_folds_of_the_cubic():
    pts, _, _ = trace()
    stable = 3 * pts[:, 0] ** 2 - 1 > 0
    runs = stable_runs(stable)
    assert len(runs) == 2  # lower and upper stable branches; the middle one is unstable
    lam = np.array([-0.6, -0.2, 0.2, 0.6])
    branch = [(pts[:, 1], pts[:, :1], stable)]
    up, _, run_up, n_up = hysteretic_sweep(branch, lam, "up")
    down, _, run_down, _ = hysteretic_sweep(branch, lam, "down")
    assert np.all(n_up == [1, 2, 2, 1])  # bistable for |λ| < 2/(3√3)
    # up-sweep stays on the lower branch (x < −1/√3) until λ = +2/(3√3); down-sweep on the upper one until −2/(3√3)
    assert np.all(run_up == [0, 0, 0, 1]) and np.all(run_down == [0, 1, 1, 1])
    assert np.all(up[:3, 0] < -X_FOLD) and up[3, 0] > X_FOLD
    assert down[0, 0] < -X_FOLD and np.all(down[1:, 0] > X_FOLD)
    # linear interpolation along the traced branch (steps ≤ 0.1): states solve the cubic to ≈ 1e-2
    assert np.max(np.abs(up[:, 0] ** 3 - up[:, 0] - lam)) < 2e-2
