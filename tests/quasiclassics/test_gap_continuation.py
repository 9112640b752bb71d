"""Pseudo-arclength continuation of the gradient-term Δ(x) (beyond the paper): residuals, folds, agreement."""

import numpy as np
import pytest

from neqsc.errors import ConvergenceError
from neqsc.quasiclassics import SelfConsistency, Wire
from neqsc.quasiclassics.selfconsistency.continuation import continue_gap_profile, newton_profile, sweep_profiles
from neqsc.quasiclassics.selfconsistency.gap import coupling_constant
from neqsc.quasiclassics.selfconsistency.profile import ProfileProblem, resolved_energy_grid
from neqsc.quasiclassics.selfconsistency.stability import gap_profile_residual
from neqsc.reproduce.quasiclassics_sc import SC_WIRE_GRID

pytestmark = pytest.mark.filterwarnings("ignore::neqsc.quasiclassics.UnresolvedGridWarning")

# tiny problem: 13 nodes, 529 energies (δε = Γ/2 = 0.01 over 0.5 ≤ |ε| ≤ 1.3, 0.05 elsewhere), strong injection
GAMMA = 0.02
EPS = resolved_energy_grid(GAMMA, 10.0, de=0.05, window=(0.5, 1.3))
WIRE = Wire(0, 20, 4.6, h_min=1.0, growth=1.3, h_max=4.0)
KW = dict(eps=EPS, wire=WIRE, kappa_inj=2e-3, t=0.01, gamma=GAMMA, omega_D=10.0,
          lam=coupling_constant(10.0, "paper", eps=EPS, gamma=GAMMA))  # fmt: skip


def _sc_wire(dev):
    """The 39-node half wire of the ryan2026-fig11-sc recipe, on which the quoted numbers were measured."""
    return Wire(0.0, dev.half_length, dev.x_det, **SC_WIRE_GRID)


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


def test_scalar_kinetic_rows_equal_the_block_solver():
    # without supercurrent the 2×2 blocks are diagonal: the compiled scalar sweeps and the block solver with its
    # pivoting fallback solve the same systems (round-off only, f = O(1))
    x = WIRE.nodes()[0]
    problem = ProfileProblem(**KW)
    gaps = np.stack([0.96 - 0.01 * np.exp(-x / 3), np.full(x.size, 0.5)])
    _, st = problem.evaluate(gaps, 1.1)
    fast = problem._kinetics(st["G"], st["F"], gaps, 1.1)
    block = problem._kinetics_blocks(st["G"], st["F"], gaps, 1.1)
    for a, b in zip(fast, block, strict=True):
        assert np.max(np.abs(a - b)) < 1e-12


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
    from neqsc.quasiclassics import NonlocalModel, SelfConsistency, gap_vs_injection

    model = NonlocalModel(**{k: v for k, v in KW.items() if k != "lam"}, lambda_convention="paper")
    v = [0.85, 0.88, 0.9]  # below the fold (0.9317): one stable solution
    up = gap_vs_injection(model, v, SelfConsistency(gap_profile="gradient", sweep="up"))
    down = gap_vs_injection(model, v, SelfConsistency(gap_profile="gradient", sweep="down"))
    assert up.attrs["sweep"] == "up" and down.attrs["sweep"] == "down"
    assert np.all(up.residual.values < 1e-10) and np.all(down.residual.values < 1e-10)
    assert np.all(up.n_stable_solutions.values == 1) and np.all(up.max_eigenvalue.values < 0)
    # the same solution reached from both ends: both at max|R| < 1e-10 with σ_min(J) ≳ 0.05 → ≲ 2e-9 apart
    assert np.max(np.abs(up.gap_x.values - down.gap_x.values)) < 1e-8
    assert np.all(np.diff(up.gap.values) < 0)  # more injection, lower Δ at the injector


def _synthetic_s_branch():
    """Δ_inj(s) on an S-shaped curve v(s): folds at s = ±√0.4, the middle part (|s| < √0.4) unstable."""
    import xarray as xr

    s = np.linspace(-1.6, 1.6, 321)
    v = 1.0 - 0.3 * (s - s**3 / 1.2)  # dv/ds = −0.3 (1 − s²/0.4): folds at s = ±0.632
    gap = 0.5 - 0.3 * s  # Δ decreases along the branch
    eig = 1 - s**2 / 0.4  # stable (< 0) where dv/ds > 0 (the eigenvalue changes sign with dv/ds at simple folds)
    return xr.Dataset(
        {"v_inj": ("point", v), "gap_x": (("point", "x"), np.stack([gap, gap], axis=1)),
         "max_eigenvalue": ("point", eig)},
        coords={"x": [0.0, 1.0]},
    )  # fmt: skip


def test_sweep_selection_is_hysteretic_on_an_s_shaped_branch():
    br = _synthetic_s_branch()
    s_f = np.sqrt(0.4)
    v_up_fold = 1.0 + 0.3 * (s_f - s_f**3 / 1.2)  # 1.1265: upper end of the first stable part (s = −s_f)
    v_low_fold = 2.0 - v_up_fold
    v = np.array([0.8, 1.0, 1.1, 1.2, 1.4])
    up, _, seg_up, multi = sweep_profiles([br], v, "up")
    down, _, seg_down, _ = sweep_profiles([br], v, "down")
    assert np.all(multi == [1, 2, 2, 1, 1])  # three solutions (two stable) inside (v_low_fold, v_up_fold)
    assert v_low_fold < 1.0 < 1.1 < v_up_fold
    # up-sweep stays on the first (large-Δ) stable part until its fold, down-sweep on the small-Δ part
    assert np.all(seg_up == [0, 0, 0, 1, 1]) and np.all(seg_down == [0, 1, 1, 1, 1])
    assert up[1, 0] > 0.5 > down[1, 0] and up[2, 0] > 0.5 > down[2, 0]
    # outside the loop both sweeps give the same (unique) solution
    np.testing.assert_allclose(up[[0, 3, 4]], down[[0, 3, 4]], atol=1e-12)


@pytest.mark.slow
def test_paper_setup_has_an_upper_fold_just_below_the_gap_edge():
    from neqsc.quasiclassics.device import PAPER_DEVICE as DEV

    eps = resolved_energy_grid(0.005, 10.0, window=(0.0, 1.4))
    kw = dict(eps=eps, wire=_sc_wire(DEV), kappa_inj=DEV.kappa_inj, t=DEV.t, t_inj=DEV.t_inj, gamma=0.005,
              omega_D=10.0, lam=coupling_constant(10.0, "paper", eps=eps, gamma=0.005))  # fmt: skip
    problem = ProfileProblem(**kw)
    n = kw["wire"].nodes()[0].size
    with pytest.raises(ConvergenceError) as err:
        continue_gap_profile(problem, np.full(n, 0.987), 0.88, 1.5, ds=0.005, max_steps=32)
    br = err.value.branch
    k = int(np.flatnonzero(br.is_fold.values)[0])
    # measured (recipe ryan2026-fig11-sc): fold at eV = 0.94185, Δ_inj = 0.9755, Δ_det = 0.9764, σ_min 4e-8
    assert float(br.v_inj[k]) == pytest.approx(0.94185, abs=1e-3)
    assert float(br.gap_inj[k]) == pytest.approx(0.9755, abs=2e-3)
    assert float(br.sigma_min[k]) < 1e-6 and np.all(br.residual.values < 1e-10)
    assert np.all(br.dv_ds.values[:k] > 0) and np.all(br.dv_ds.values[k + 1 :] < 0)
    # below the fold the branch is close to the paper's constant Δ (0.98581 vs 0.98568 at eV = 0.9)
    assert float(np.interp(0.9, br.v_inj[:k], br.gap_inj[:k])) == pytest.approx(0.9857, abs=5e-4)


@pytest.mark.slow
def test_trapped_quasiparticles_keep_the_wire_normal_at_high_bias():
    from neqsc.quasiclassics.device import PAPER_DEVICE as DEV

    eps = resolved_energy_grid(0.005, 10.0, window=(0.0, 1.4))
    wire = _sc_wire(DEV)
    kw = dict(eps=eps, wire=wire, kappa_inj=DEV.kappa_inj, t=DEV.t, t_inj=DEV.t_inj, gamma=0.005,
              omega_D=10.0, lam=coupling_constant(10.0, "paper", eps=eps, gamma=0.005))  # fmt: skip
    problem = ProfileProblem(**kw)
    x = wire.nodes()[0]
    guess = 0.99 * 0.5 * (1 + np.tanh(x - (x.max() - 10.0))) + 1e-3
    gap, r, _ = newton_profile(problem, guess, 5.0, tol=1e-10)
    J, _, _ = problem.jacobian(gap, 5.0, r)
    # measured: Δ = 1.2e-8 at the injector rising exponentially to 9.5e-4 at 62ξ, superconducting only within
    # ~10ξ of the reservoir; stable (max Re eig −0.050)
    assert np.max(np.linalg.eigvals(J).real) < -0.02
    assert np.all(gap[x < 10] < 1e-7) and np.all(gap[x < 60] < 1e-3) and gap[-1] > 0.98
    # subgap quasiparticles are trapped (Andreev-reflected by the reservoir-side S layer): f_L(ε = 0.5) ≈ 0.14
    # at the injector instead of tanh(0.5/2t) = 1, which keeps the wire normal
    _, st = problem.residual(gap, 5.0)
    assert st["f_L"][0, 0, np.searchsorted(eps, 0.5)] < 0.3


def test_bias_without_a_traced_stable_solution_raises_with_diagnostics():
    from neqsc.quasiclassics.selfconsistency.sweep import gradient_gap_sweep

    # one continuation step from each end (first step ≤ a quarter of the range): 0.88 lies on neither branch
    with pytest.raises(ConvergenceError, match=r"0\.88") as err:
        gradient_gap_sweep(ProfileProblem(**KW), [0.86, 0.88, 0.9], SelfConsistency(gap_tol=1e-10, max_steps=1))
    assert set(err.value.branches) == {"up", "down"}
    assert "up continuation" in err.value.diagnostics
