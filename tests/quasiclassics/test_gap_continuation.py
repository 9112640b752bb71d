"""Pseudo-arclength continuation of the gradient-term Δ(x) (beyond the paper): residuals, folds, agreement."""

import numpy as np
import pytest

from neqsc.errors import ConvergenceError
from neqsc.quasiclassics import Wire
from neqsc.quasiclassics.gap import coupling_constant
from neqsc.quasiclassics.gap_continuation import continue_gap_profile, newton_profile, sweep_profiles
from neqsc.quasiclassics.gap_stability import gap_profile_residual
from neqsc.quasiclassics.profile_problem import ProfileProblem, resolved_energy_grid

pytestmark = pytest.mark.filterwarnings("ignore::neqsc.quasiclassics.UnresolvedGridWarning")

# tiny problem: 13 nodes, 529 energies (δε = Γ/2 = 0.01 over 0.5 ≤ |ε| ≤ 1.3, 0.05 elsewhere), strong injection
GAMMA = 0.02
EPS = resolved_energy_grid(GAMMA, 10.0, de=0.05, window=(0.5, 1.3))
WIRE = Wire(0, 20, 4.6, h_min=1.0, growth=1.3, h_max=4.0)
KW = dict(eps=EPS, wire=WIRE, kappa_inj=1e-3, t=0.01, gamma=GAMMA, omega_D=10.0,
          lam=coupling_constant(10.0, "paper", eps=EPS, gamma=GAMMA))  # fmt: skip


@pytest.fixture(scope="module")
def branch():
    """Branch from eV = 0.85 Δ0 through the turning point (measured at 0.9317) and a few points beyond."""
    problem = ProfileProblem(**KW)
    n = WIRE.nodes()[0].size
    with pytest.raises(ConvergenceError) as err:  # stops after max_steps, the partial branch is attached
        continue_gap_profile(problem, np.full(n, 0.97), 0.85, 1.5, ds=0.05, max_steps=24)
    return err.value.branch


def test_fast_residual_and_jacobian_equal_the_reference_implementation():
    x = WIRE.nodes()[0]
    p = 0.96 - 0.01 * np.exp(-x / 3)
    problem = ProfileProblem(**KW)
    r, _ = problem.residual(p, 0.9)
    ref, _ = gap_profile_residual(p, V_inj=0.9, gradient=True, **KW)
    # same discretisation, warm-started Newton vs η continuation, both to 1e-11 in θ
    assert np.max(np.abs(r - ref)) < 1e-11
    J, _, _ = problem.jacobian(p, 0.9, r)
    e = np.zeros(x.size)
    e[2] = 1e-6
    col = (gap_profile_residual(p + e, V_inj=0.9, gradient=True, **KW)[0] - ref) / 1e-6
    # linearised θ (one Newton step) vs fully converged θ: both forward differences with step 1e-6, O(1e-6) each
    assert np.max(np.abs(J[:, 2] - col)) < 1e-6 * np.max(np.abs(col)) + 1e-8


def test_every_branch_point_solves_the_gap_equations(branch):
    # corrector tolerance max|R| < 1e-10 (Δ0) at every accepted and every refined fold point
    assert np.all(branch.residual.values < 1e-10)
    problem = ProfileProblem(**KW)
    k = int(branch.sizes["point"]) - 1
    r, _ = problem.residual(branch.gap_x.values[k], float(branch.v_inj[k]))
    assert np.max(np.abs(r)) < 1e-10


def test_turning_point_has_a_singular_jacobian_and_dv_ds_changes_sign(branch):
    folds = np.flatnonzero(branch.is_fold.values)
    assert folds.size == 1
    k = int(folds[0])
    # measured fold: eV_inj = 0.93165, Δ_inj = 0.94155; away from it σ_min(∂R/∂Δ) ≈ 0.3 (equilibrium −λ)
    assert float(branch.v_inj[k]) == pytest.approx(0.9317, abs=2e-3)
    # secant refinement to |Δs| < 1e-4 ds: σ_min ∝ |s − s_fold| → measured 8e-11; 1e-5 is 3e-5 of the bulk value
    assert float(branch.sigma_min[k]) < 1e-5 < 0.1 * float(branch.sigma_min[0])
    dv = branch.dv_ds.values
    assert np.all(dv[:k] > 0) and np.all(dv[k + 1 :] < 0)
    eig = branch.max_eigenvalue.values
    # stable (all eigenvalues < 0) before the fold, one unstable direction after it
    assert np.all(eig[:k] < 0) and np.all(eig[k + 1 :] > 0)
    # the turning point is the maximum of v along the branch
    assert float(branch.v_inj[k]) >= float(branch.v_inj.max()) - 1e-9


def test_arclength_branch_agrees_with_natural_newton_where_it_converges(branch):
    problem = ProfileProblem(**KW)
    k = 2  # a branch point below the fold
    v = float(branch.v_inj[k])
    gap, _r, _ = newton_profile(problem, np.full(WIRE.nodes()[0].size, 0.96), v, tol=1e-11)
    # both solve R = 0 to ≤ 1e-10 with a well-conditioned J (σ_min ≈ 0.3): profiles agree to ~1e-10/0.3
    assert np.max(np.abs(gap - branch.gap_x.values[k])) < 1e-8


def test_up_sweep_takes_the_upper_solution_below_the_fold_and_none_beyond(branch):
    v = np.array([0.86, 0.9, 0.93, 0.935])
    prof, _near, seg, _multi = sweep_profiles([branch], v, "up")
    assert np.all(seg[:3] == 0) and seg[3] == -1  # no stable solution of this branch beyond the fold
    assert np.all(np.isfinite(prof[:3])) and np.all(np.isnan(prof[3]))
    assert np.all(np.diff(prof[:3, 0]) < 0)  # Δ_inj decreases along the upper branch


def test_public_gradient_option_returns_converged_profiles_and_agrees_between_sweep_directions():
    from neqsc.quasiclassics import gap_vs_injection

    kw = {k: v for k, v in KW.items() if k != "lam"}
    v = [0.85, 0.88, 0.9]  # below the fold (0.9317): one stable solution
    up = gap_vs_injection(v, gap_profile="gradient", sweep="up", lambda_convention="paper", **kw)
    down = gap_vs_injection(v, gap_profile="gradient", sweep="down", lambda_convention="paper", **kw)
    assert up.attrs["sweep"] == "up" and down.attrs["sweep"] == "down"
    assert np.all(up.residual.values < 1e-10) and np.all(down.residual.values < 1e-10)
    assert np.all(up.n_stable_solutions.values == 1) and np.all(up.max_eigenvalue.values < 0)
    # the same solution reached from both ends: both at max|R| < 1e-10 with σ_min(J) ≳ 0.05 → ≲ 2e-9 apart
    assert np.max(np.abs(up.gap_x.values - down.gap_x.values)) < 1e-8
    assert np.all(np.diff(up.gap.values) < 0)  # more injection, lower Δ at the injector
