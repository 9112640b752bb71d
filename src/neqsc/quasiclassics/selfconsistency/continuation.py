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
    n = J.shape[0]
    A = np.zeros((n + 1, n + 1))
    A[:n, :n], A[:n, n] = J, Jv
    A[n] = W * ref
    z = np.linalg.solve(A, np.r_[np.zeros(n), 1.0])
    z /= np.sqrt(z @ (W * z))
    return z if z @ (W * ref) > 0 else -z


def _correct(problem, y_pred, tau, W, J, Jv, tol, max_iter):
    """Bordered chord Newton from the predictor; returns (y, R, iterations, J, Jv) or None."""
    n = J.shape[0]
    y = y_pred.copy()
    row = W * tau
    refreshed = False
    prev = np.inf
    for it in range(1, max_iter + 1):
        r, st = problem.evaluate(y[None, :n], y[n])
        r = r[0]
        err = float(np.max(np.abs(r)))
        if not np.isfinite(err):
            return None
        if err < tol:
            problem.remember(y[:n], st)
            return y, r, it, J, Jv
        if err > 0.7 * prev:  # chord stalls: refresh the Jacobian once at the current iterate
            if refreshed or err > 10 * prev:
                return None
            problem.remember(y[:n], st)
            J, Jv, _ = problem.jacobian(y[:n], y[n], r)
            refreshed = True
        prev = err
        A = np.zeros((n + 1, n + 1))
        A[:n, :n], A[:n, n], A[n] = J, Jv, row
        y = y + np.linalg.solve(A, -np.r_[r, row @ (y - y_pred)])
    return None


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
        y_new, r_new, iters, _, _ = out
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
    """Secant on τ_v(Δs) between 0 and ds; returns the fold point's (y, τ, J, R, iterations) or None."""
    n = y0.size - 1
    a, fa = 0.0, tau0[n]
    b = ds
    out = _correct(problem, y0 + b * tau0, tau0, W, J0, Jv0, tol, 10)
    if out is None:
        return None
    J, Jv, _ = problem.jacobian(out[0][:n], out[0][n], out[1])
    fb = _tangent(J, Jv, tau0, W)[n]
    best = None
    for _ in range(12):
        c = b - fb * (b - a) / (fb - fa) if fb != fa else 0.5 * (a + b)
        if not (min(a, b) < c < max(a, b)):
            c = 0.5 * (a + b)
        out = _correct(problem, y0 + c * tau0, tau0, W, J0, Jv0, tol, 10)
        if out is None:
            return best
        y, r, it, _, _ = out
        J, Jv, _ = problem.jacobian(y[:n], y[n], r)
        tc = _tangent(J, Jv, tau0, W)
        best = (y, tc, J, r, it)
        # keep the bracket [a, b] with a sign change of τ_v (regula falsi with the newest point)
        if np.sign(tc[n]) == np.sign(fa):
            a, fa = c, tc[n]
        else:
            b, fb = c, tc[n]
        if abs(b - a) < fold_tol * ds:
            break
    return best


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
    """Runs (first, last point index) of consecutive branch points with max Re eig ∂R/∂Δ < 0 (stable)."""
    ok = branch.max_eigenvalue.values < 0
    segs, k = [], 0
    while k < ok.size:
        if ok[k]:
            j = k
            while j + 1 < ok.size and ok[j + 1]:
                j += 1
            segs.append((k, j))
            k = j + 1
        else:
            k += 1
    return segs


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
    segs = []  # (branch index, first, last, v (ascending), gap_x)
    for ib, br in enumerate(branches):
        v, gx = br.v_inj.values, br.gap_x.values
        for a, b in stable_segments(br):
            vs, g, idx = v[a : b + 1], gx[a : b + 1], np.arange(a, b + 1)
            if vs[0] > vs[-1]:
                vs, g, idx = vs[::-1], g[::-1], idx[::-1]
            segs.append((ib, idx, vs, g))
    targets = np.asarray(v_inj, dtype=float)

    def covers(p, vt):
        return segs[p][2][0] - 1e-12 <= vt <= segs[p][2][-1] + 1e-12

    order = np.argsort(targets, kind="stable")
    if direction == "down":
        order = order[::-1]
    n_x = branches[0].sizes["x"]
    out = np.full((targets.size, n_x), np.nan)
    seg_of = np.full(targets.size, -1)
    near = np.full((targets.size, 2), -1)

    def interp(p, vt):
        _, idx, vs, g = segs[p]
        if vs.size == 1:
            return g[0], idx[0]
        k = int(np.clip(np.searchsorted(vs, vt), 1, vs.size - 1))
        wgt = float(np.clip((vt - vs[k - 1]) / (vs[k] - vs[k - 1]), 0, 1)) if vs[k] != vs[k - 1] else 0.0
        return (1 - wgt) * g[k - 1] + wgt * g[k], idx[k if wgt > 0.5 else k - 1]

    def distinct(vt):  # solutions on different segments (e.g. the same one traced up and down) counted once
        found: list[np.ndarray] = []
        for p in range(len(segs)):
            if covers(p, vt):
                g = interp(p, vt)[0]
                if all(np.max(np.abs(g - f)) > 1e-4 for f in found):
                    found.append(g)
        return len(found)

    multi = np.array([distinct(vt) for vt in targets])
    cur = None
    for q in order:
        vt = targets[q]
        if cur is None or not covers(cur, vt):
            nxt = [p for p in range(0 if cur is None else cur + 1, len(segs)) if covers(p, vt)]
            nxt = nxt or [p for p in range(len(segs)) if covers(p, vt)]
            if not nxt:
                continue
            cur = nxt[0]
        out[q], k_near = interp(cur, vt)
        seg_of[q] = cur
        near[q] = (segs[cur][0], k_near)
    return out, near, seg_of, multi


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
