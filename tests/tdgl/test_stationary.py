"""Below the critical current the wire between massive banks relaxes to the static GL solution.

Reference: an independent boundary-value solution (scipy ``solve_bvp``) of the static GL equations with a
supercurrent j: f'' = j²/f³ − f + f³, f(±L/2) = 1, θ' = j/f² (|Ψ| = f), and φ ≡ 0, V = 0.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_bvp

from neqsc.tdgl import simulate


def gl_static_solution(j: float, length: float):
    """(x, f, θ_R − θ_L) of the static current-carrying GL wire between banks with |Ψ| = 1."""

    def rhs(x, y):
        f, fp = y
        return np.vstack([fp, j**2 / f**3 - f + f**3])

    def bc(ya, yb):
        return np.array([ya[0] - 1.0, yb[0] - 1.0])

    x = np.linspace(-length / 2, length / 2, 401)
    sol = solve_bvp(rhs, bc, x, np.vstack([np.ones_like(x), np.zeros_like(x)]), tol=1e-11, max_nodes=200_000)
    assert sol.success
    xf = np.linspace(-length / 2, length / 2, 40_001)
    f = sol.sol(xf)[0]
    integrand = j / f**2
    phase = float(np.sum(0.5 * (integrand[1:] + integrand[:-1]) * np.diff(xf)))
    return sol, phase


def _relaxed(j, length, delta, dx, order=2):
    # second-order grid unless asked: the Richardson steps below assume its O(h²) error
    ds = simulate(j, length, delta, t_end=400.0, dx=dx, rtol=1e-6, atol=1e-9, save_every=40.0, order=order)
    return ds


@pytest.mark.parametrize("delta", [0.0, 10.0])
def test_subcritical_state_equals_static_gl_boundary_value_solution(delta):
    j, length = 0.2, 8.0
    sol, phase_ref = gl_static_solution(j, length)
    # Richardson extrapolation over dx = 0.1, 0.05 removes the O(h²) error of the 3-point Laplacian, so the
    # remaining difference measures the model/time integration, not the grid.
    coarse = _relaxed(j, length, delta, 0.1)
    fine = _relaxed(j, length, delta, 0.05)
    f_coarse = coarse["psi_abs"].isel(t=-1).values
    f_fine = fine["psi_abs"].isel(t=-1).values[::2]
    f_extrap = (4.0 * f_fine - f_coarse) / 3.0
    x = coarse["x"].values
    assert np.max(np.abs(f_extrap - sol.sol(x)[0])) < 1e-4
    ph = [ds.attrs["final_phase_difference"] for ds in (coarse, fine)]
    phase_extrap = (4.0 * ph[1] - ph[0]) / 3.0
    assert abs(phase_extrap - phase_ref) < 1e-4
    # static: no voltage, no potential (tolerance: relaxation left after 400 t0)
    assert abs(fine["voltage"].values[-1]) < 1e-6
    assert np.max(np.abs(fine["phi"].isel(t=-1).values)) < 1e-6
    assert fine.attrs["n_slips"] == 0


@pytest.mark.parametrize(("order", "low", "high"), [(2, 1.9, 2.1), (4, 3.0, 4.5)])
def test_grid_convergence_of_static_phase_difference(order, low, high):
    j, length, delta = 0.2, 8.0, 0.0
    values = [_relaxed(j, length, delta, dx, order=order).attrs["final_phase_difference"] for dx in (0.2, 0.1, 0.05)]
    observed = np.log2((values[0] - values[1]) / (values[1] - values[2]))
    # second order: three-point Laplacian and link currents are O(h²); 1.9–2.1 allows the h⁴ remainder at h = 0.2.
    # Fourth order: MEASURED 3.3 (pre-asymptotic at h = 0.2, where the one-sided closures at the banks reach
    # the middle of an 8ξ wire's gradient); 3.0 fails for a second-order scheme
    assert low < observed < high
