r"""Pseudo-arclength continuation of the self-consistent Δ(x) in the injector bias (beyond Ryan et al. 2026).

Reduced units (energies and biases in Δ₀, x in ξ, t = k_BT/Δ₀).

Unknowns y = (Δ_1 … Δ_n, v): the gap at the n wire nodes and the injector bias v = eV_inj/Δ₀.  The branch of
solutions of R(Δ, v) = 0 (Eq. 8 at every node with the gradient-term spectra of Eq. 1 and f_L from Eqs. 9–11;
:class:`~.profile.ProfileProblem`) is a curve y(s).  Keller's pseudo-arclength method:

* tangent τ: [J_Δ J_v] τ = 0, τᵀWτ = 1, oriented as the previous tangent (W = diag(1, …, 1, w_v²));
* predictor y_p = y_k + Δs τ;
* corrector: Newton on the bordered system  [[J_Δ, J_v], [τ_Δᵀ, w_v²τ_v]] δ = −[R; τᵀW(y − y_p)]  (Jacobian by
  batched forward differences, chord iterations, refreshed once if they stall);
* step control: Δs grows ×1.5 after ≤ 7 chord iterations (to max|R| < tol, typically 5–7), shrinks ×0.7
  after ≥ 9 and ×0.5 on failure.

A turning point (fold) in v is where τ_v = dv/ds changes sign; there J_Δ is singular.  Folds are located by a
secant iteration on τ_v(Δs) from the last point before the sign change.  Stability of a solution under the
relaxational dynamics ∂_tΔ ∝ R: the largest real part of the eigenvalues of J_Δ (< 0 stable); it changes sign at
every simple fold.

A sweep of v is hysteretic where the branch is multivalued: :func:`sweep_profiles` follows the stable part reached
in the sweep direction and jumps (at the same v) to the next stable part at a fold.
"""

from __future__ import annotations

import time

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.continuation import bordered_corrector, hysteretic_sweep, locate_fold, stable_runs, tangent
from neqsc.errors import ConvergenceError
from neqsc.progress import ProgressCallback, no_progress
from neqsc.quasiclassics.selfconsistency.profile import ProfileProblem

__all__ = ["continue_gap_profile", "newton_profile", "polish_profile", "stable_segments", "sweep_profiles"]


def newton_profile(problem: ProfileProblem, gap0, v: float, *, tol: float = 1e-10, max_iter: int = 20):
    """Newton at fixed bias v from ``gap0`` (FD Jacobian every iteration, backtracking).  Returns (Δ, R, history)."""
    gap = np.array(gap0, dtype=float)
    r, _ = problem.residual(gap, v)
    hist = [float(np.max(np.abs(r)))]
    for _ in range(max_iter):
        if hist[-1] < tol:
            return gap, r, hist
        J, _, _ = problem.jacobian(gap, v, r)
        step = np.linalg.solve(J, -r)
        lam = 1.0
        while lam > 1e-3:
            trial = gap + lam * step
            rt, st = problem.evaluate(trial[None], v)
            if np.max(np.abs(rt)) < hist[-1]:
                break
            lam *= 0.5
        gap, r = trial, rt[0]
        problem.remember(gap, st)
        hist.append(float(np.max(np.abs(r))))
    if hist[-1] < tol:
        return gap, r, hist
    raise ConvergenceError(
        f"Newton for the gap profile did not converge at v_inj = {v}", hist,
        {"gap_injector": float(gap[problem.i_inj]), "gap_min": float(gap.min())},
    )  # fmt: skip


class _Branch:
    """Accepted points and their diagnostics."""

    def __init__(self):
        self.y, self.tau, self.eig, self.smin, self.res, self.iters, self.jac = [], [], [], [], [], [], []

    def add(self, y, tau, J, r, iters):
        self.y.append(y.copy())
        self.jac.append(J.copy())
        self.tau.append(tau.copy())
        self.eig.append(float(np.max(np.linalg.eigvals(J).real)))
        self.smin.append(float(np.linalg.svd(J, compute_uv=False)[-1]))
        self.res.append(float(np.max(np.abs(r))))
        self.iters.append(iters)


def _tangent(J, Jv, ref, W):
    return tangent(np.hstack([J, Jv[:, None]]), ref, W)


def _correct(problem, y_pred, tau, W, J, Jv, tol, max_iter):
    """Bordered chord Newton from the predictor (:func:`neqsc.continuation.bordered_corrector`); (y, R, its) or None."""
    n = J.shape[0]
    last = {}

    def residual(y):
        r, st = problem.evaluate(y[None, :n], y[n])
        last["state"] = st
        return r[0]

    def converged(y, r):
        return float(np.max(np.abs(r))) < tol

    def refresh(y, r):
        problem.remember(y[:n], last["state"])
        Jr, Jvr, _ = problem.jacobian(y[:n], y[n], r)
        return np.hstack([Jr, Jvr[:, None]])

    out = bordered_corrector(residual, y_pred, W * tau, np.hstack([J, Jv[:, None]]), converged=converged,
                             max_iter=max_iter, refresh=refresh)  # fmt: skip
    if out is not None:
        problem.remember(out[0][:n], last["state"])
    return out


def continue_gap_profile(
    problem: ProfileProblem,
    gap0,
    v_start: float,
    v_stop: float,
    *,
    ds: float = 0.05,
    ds_min: float = 1e-4,
    ds_max: float = 0.4,
    v_weight: float = 0.1,
    tol: float = 1e-10,
    max_steps: int = 400,
    refine_folds: bool = True,
    fold_tol: float = 1e-4,
    progress: ProgressCallback = no_progress,
) -> xr.Dataset:
    """Follow the branch of R(Δ, v) = 0 from (``gap0`` solved at ``v_start``) until v crosses ``v_stop``.

    The first tangent points towards ``v_stop``.  ``ds`` (initial), ``ds_min``, ``ds_max``: arclength steps in the
    metric ds² = |dΔ|² + (``v_weight`` dv)² (Δ₀).  ``tol``: max|R| of every accepted point (Δ₀).  Folds (sign
    changes of dv/ds) are refined to |Δs| < ``fold_tol``·ds.  Raises ConvergenceError (with the step history) if
    the step size falls below ``ds_min``.

    Returns a Dataset on dim ``point`` (ordered along the branch): ``v_inj``, ``gap_x`` (point, x), ``gap_inj``,
    ``gap_det``, ``dv_ds`` (tangent component, metric above), ``max_eigenvalue`` (largest Re eig J_Δ; < 0
    stable), ``sigma_min`` (smallest singular value of J_Δ), ``residual`` (max|R|), ``is_fold`` (1 at refined
    folds); attrs: the fold biases and gaps, evaluation counts and wall time.
    """
    validation.positive("ds", ds)
    if v_stop != v_start:  # first step at most a quarter of the requested range (dv ≈ ds / v_weight)
        ds = min(ds, 0.25 * v_weight * abs(v_stop - v_start))
    t_start = time.perf_counter()
    n = problem.x.size
    W = np.r_[np.ones(n), v_weight**2]
    gap, r, _ = newton_profile(problem, gap0, v_start, tol=tol)
    J, Jv, _ = problem.jacobian(gap, v_start, r)
    y = np.r_[gap, v_start]
    direction = 1.0 if v_stop >= v_start else -1.0
    tau = _tangent(J, Jv, np.r_[np.zeros(n), direction], W)
    br = _Branch()
    br.add(y, tau, J, r, 0)
    folds: list[int] = []
    step_hist: list[float] = []
    for _ in range(max_steps):
        if direction * (y[n] - v_stop) >= 0:
            break
        out = _correct(problem, y + ds * tau, tau, W, J, Jv, tol, 10)
        if out is None:
            ds *= 0.5
            step_hist.append(ds)
            if ds < ds_min:
                err = ConvergenceError(
                    f"arclength continuation of the gap profile stalled at v_inj = {y[n]:.6g}", step_hist,
                    {"gap_injector": float(y[problem.i_inj]), "dv_ds": float(tau[n]), "sigma_min": br.smin[-1]},
                )  # fmt: skip
                err.branch = _to_dataset(problem, br, folds, v_weight, time.perf_counter() - t_start)
                raise err
            problem.remember(y[:n], problem.evaluate(y[None, :n], y[n])[1])
            continue
        y_new, r_new, iters = out
        J_new, Jv_new, _ = problem.jacobian(y_new[:n], y_new[n], r_new)
        tau_new = _tangent(J_new, Jv_new, tau, W)
        if refine_folds and np.sign(tau_new[n]) != np.sign(tau[n]) and tau[n] != 0:
            fold = _refine_fold(problem, y, tau, J, Jv, W, ds, tol, fold_tol)
            if fold is not None:
                br.add(*fold)
                folds.append(len(br.y) - 1)
        br.add(y_new, tau_new, J_new, r_new, iters)
        y, tau, J, Jv = y_new, tau_new, J_new, Jv_new
        step_hist.append(ds)
        ds = min(ds_max, ds * 1.5) if iters <= 7 else (ds * 0.7 if iters >= 9 else ds)
        progress(min(1.0, abs(y[n] - v_start) / max(abs(v_stop - v_start), 1e-12)), 1.0)
    else:
        err = ConvergenceError(f"arclength continuation did not reach v_inj = {v_stop} in {max_steps} steps",
                               step_hist, {"v_inj": float(y[n]), "gap_injector": float(y[problem.i_inj])})  # fmt: skip
        err.branch = _to_dataset(problem, br, folds, v_weight, time.perf_counter() - t_start)
        raise err
    return _to_dataset(problem, br, folds, v_weight, time.perf_counter() - t_start)


def _refine_fold(problem, y0, tau0, J0, Jv0, W, ds, tol, fold_tol):
    """Fold between arclength 0 and ds along the predictor ray (:func:`neqsc.continuation.locate_fold`).

    Returns the fold point's (y, τ, J, R, iterations) or None."""
    n = y0.size - 1

    def point_at(s):
        out = _correct(problem, y0 + s * tau0, tau0, W, J0, Jv0, tol, 10)
        if out is None:
            return None
        y, r, it = out
        J, Jv, _ = problem.jacobian(y[:n], y[n], r)
        tc = _tangent(J, Jv, tau0, W)
        return (y, tc, J, r, it), tc[n]

    return locate_fold(point_at, ds, tau0[n], xtol=fold_tol * ds, max_iter=12)


def _to_dataset(problem, br, folds, v_weight, wall):
    Y = np.array(br.y)
    n = problem.x.size
    T = np.array(br.tau)
    is_fold = np.zeros(len(br.y), dtype=int)
    is_fold[folds] = 1
    fold_v = [float(Y[k, n]) for k in folds]
    fold_gap = [float(Y[k, problem.i_inj]) for k in folds]
    one = {"units": "1"}
    return xr.Dataset(
        {
            "v_inj": ("point", Y[:, n], {"units": "Delta0/e", "long_name": "injector bias eV/Δ0"}),
            "gap_x": (("point", "x"), Y[:, :n], {"units": "Delta0", "long_name": "Δ(x) on the branch"}),
            "gap_inj": ("point", Y[:, problem.i_inj], {"units": "Delta0", "long_name": "Δ at the injector"}),
            "gap_det": ("point", Y[:, problem.i_det], {"units": "Delta0", "long_name": "Δ at the detector"}),
            "dv_ds": ("point", T[:, n], {**one, "long_name": "dv/ds (unit tangent, weighted metric)"}),
            "max_eigenvalue": ("point", np.array(br.eig), {**one, "long_name": "max Re eig ∂R/∂Δ (< 0: stable)"}),
            "sigma_min": ("point", np.array(br.smin), {**one, "long_name": "smallest singular value of ∂R/∂Δ"}),
            "residual": ("point", np.array(br.res), {"units": "Delta0", "long_name": "max|R|"}),
            "corrector_iterations": ("point", np.array(br.iters), {**one, "long_name": "Newton iterations"}),
            "is_fold": ("point", is_fold, {**one, "long_name": "1 at a refined turning point in v"}),
            "jacobian": (("point", "x", "x2"), np.array(br.jac), {**one, "long_name": "∂R_i/∂Δ_j"}),
        },
        coords={"x": ("x", problem.x, {"units": "xi", "long_name": "position x/ξ"}),
                "x2": ("x2", problem.x, {"units": "xi", "long_name": "position x'/ξ"})},
        attrs={
            "neqsc_kind": "quasiclassics.gap_branch",
            "fold_v_inj": fold_v, "fold_gap_inj": fold_gap, "n_folds": len(folds),
            "kappa_inj": problem.kappa_inj, "t": problem.t, "t_inj": problem.t_inj, "gamma": problem.gamma,
            "omega_D": problem.omega_D, "lambda": problem.lam, "gamma_ee": problem.gamma_ee,
            "i_injector": int(problem.i_inj), "i_detector": int(problem.i_det), "v_weight": v_weight,
            "residual_evaluations": int(problem.n_evals), "usadel_cold_starts": int(problem.n_fallbacks),
            "wall_time_s": float(wall),
        },
    )  # fmt: skip


def stable_segments(branch: xr.Dataset) -> list[tuple[int, int]]:
    """Runs (first, last point index) of consecutive branch points with max Re eig ∂R/∂Δ < 0 (stable).

    ``branch``: a :func:`continue_gap_profile` result (reduced units).
    """
    return stable_runs(branch.max_eigenvalue.values < 0)


def sweep_profiles(branches, v_inj, direction: str = "up"):
    """Stable profiles reached by a quasi-static sweep of v over one or more traced branches.

    ``branches``: list of :func:`continue_gap_profile` results, in the order the sweep visits them (for an
    up-sweep the branch traced upwards from low bias first, then e.g. one traced downwards from high bias).
    Within a stable segment (max Re eig < 0) v is monotone (it can only turn where J_Δ is singular).  Biases are
    visited in the sweep order (ascending for ``"up"``, descending for ``"down"``); the sweep starts on the first
    stable segment (branch order) containing the first bias and stays on it while it contains the bias; beyond
    its end (a fold) it jumps, at the same bias, to the next stable segment in branch order that contains the
    bias — the state reached after the fold of an S-shaped branch.  Returns (gap_x (n_v, n_x) interpolated
    linearly on the branch, (branch, point) of the nearest branch point per bias ((−1, −1): none), the segment
    number per bias (−1: none), the number of distinct stable solutions at each bias (> 1: multivalued;
    interpolated profiles differing by > 1e-4 Δ₀ count as distinct)).
    """
    validation.one_of("direction", direction, ("up", "down"))
    if isinstance(branches, xr.Dataset):
        branches = [branches]
    runs = [(br.v_inj.values, br.gap_x.values, br.max_eigenvalue.values < 0) for br in branches]
    return hysteretic_sweep(runs, v_inj, direction)


def polish_profile(problem: ProfileProblem, gap0, v: float, J, *, tol: float = 1e-10, max_iter: int = 12):
    """Chord Newton at fixed v from ``gap0`` with the Jacobian ``J`` of a nearby branch point; full Newton
    (:func:`newton_profile`) if the chord iteration does not converge. Returns (Δ, R, state)."""
    gap = np.array(gap0, dtype=float)
    lu = np.linalg.inv(J)
    prev = np.inf
    for _ in range(max_iter):
        r, st = problem.evaluate(gap[None], v)
        r = r[0]
        err = float(np.max(np.abs(r)))
        if err < tol:
            problem.remember(gap, st)
            return gap, r, st
        if not err < 0.7 * prev:
            break
        prev = err
        gap = gap - lu @ r
    gap, r, _ = newton_profile(problem, gap0, v, tol=tol)
    return gap, r, problem.evaluate(gap[None], v)[1]
