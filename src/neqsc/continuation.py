r"""Pseudo-arclength continuation through folds, shared by :mod:`neqsc.thermal` and :mod:`neqsc.quasiclassics`.

Keller's method (H. B. Keller, "Numerical solution of bifurcation and nonlinear eigenvalue problems", in
*Applications of Bifurcation Theory*, Academic Press 1977).  The solutions of F(y) = 0, F: ℝⁿ⁺¹ → ℝⁿ, with the
continuation parameter as the last component of y, form a curve y(s).  With G = ∂F/∂y (n × (n+1)) and a diagonal
metric W (ds² = Σ W_i dy_i²):

* tangent τ:  [G; (Wτ_prev)ᵀ] τ = [0; 1],  τᵀWτ = 1, oriented so that τᵀWτ_prev > 0 (:func:`tangent`);
* predictor y_p = y_k + h τ;
* corrector: chord Newton on the bordered system  [F(y); (Wτ)ᵀ(y − y_p)] = 0  with the matrix [G_k; (Wτ)ᵀ] of the
  last accepted point, optionally refreshed once when the iteration stalls (:func:`bordered_corrector`);
* a fold (limit point in the parameter) is a sign change of the tangent's parameter component τ_p between two
  accepted points; it is located along the predictor ray y_k + s τ_k, 0 < s ≤ h, by bracketed regula falsi
  (Illinois variant) on τ_p(s) (:func:`locate_fold`).  At a simple fold ∂F/∂y_{1..n} is singular.

Stability and hysteresis: where a state relaxes as dy/dt ∝ F(y), it is linearly stable when every eigenvalue of
∂F/∂y_{1..n} has a negative real part; that sign changes at every simple fold.  :func:`stable_runs` splits a traced
branch into its stable runs, and :func:`hysteretic_sweep` returns the state a quasi-static sweep of the parameter
reaches: it stays on a stable run while the run covers the parameter and jumps, at a fold, to the next stable run
that covers it (the jump of an S-shaped response).

All quantities are in the caller's units; the functions here are unit-agnostic (no units of their own).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["bordered_corrector", "hysteretic_sweep", "locate_fold", "stable_runs", "tangent"]


def tangent(jacobian, reference, weight=None) -> np.ndarray:
    """Unit tangent τ of the solution curve: ``jacobian`` τ = 0, τᵀWτ = 1, oriented along ``reference``.

    Parameters
    ----------
    jacobian:
        G = ∂F/∂y, shape (n, n+1), in the caller's units.
    reference:
        Previous tangent (or the direction to start in), shape (n+1,); the new tangent satisfies τᵀWτ_ref > 0.
    weight:
        Diagonal of the metric W, shape (n+1,) (default: ones); units of 1/y² per component (no units of its own).
    """
    G = np.asarray(jacobian, dtype=float)
    ref = np.asarray(reference, dtype=float)
    w = np.ones(ref.size) if weight is None else np.asarray(weight, dtype=float)
    n = G.shape[0]
    A = np.vstack([G, (w * ref)[None, :]])
    rhs = np.zeros(n + 1)
    rhs[-1] = 1.0
    tau = np.linalg.solve(A, rhs)
    tau /= np.sqrt(tau @ (w * tau))
    return tau if tau @ (w * ref) > 0 else -tau


def bordered_corrector(
    residual: Callable[[np.ndarray], np.ndarray],
    y_pred,
    row,
    jacobian,
    *,
    converged: Callable[[np.ndarray, np.ndarray], bool],
    max_iter: int,
    max_step: float = np.inf,
    refresh: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    stall: float = 0.7,
):
    """Chord Newton on [F(y); rowᵀ(y − y_pred)] = 0 from the predictor ``y_pred``.

    Returns ``(y, F(y), iterations)`` at the first iterate with ``converged(y, F(y))``, or None on failure (a
    non-finite residual or step, a singular bordered matrix, a step with max|δy| > ``max_step``, a stalled
    iteration, or ``max_iter`` iterations).

    Parameters
    ----------
    residual:
        F(y) → array (n,), in the caller's units.
    y_pred:
        Predictor point, shape (n+1,).
    row:
        Bordering row (n+1,): Wτ for the pseudo-arclength condition (Wτ)ᵀ(y − y_pred) = 0.
    jacobian:
        G = ∂F/∂y (n, n+1) used for all chord iterations (typically the last accepted point's).
    converged:
        ``converged(y, F)`` → bool (no units).
    max_iter:
        Largest number of residual evaluations.
    max_step:
        Largest accepted max|δy| of one Newton step (units of y).
    refresh:
        ``refresh(y, F)`` → a fresh G at the current iterate, called once when max|F| does not fall below
        ``stall`` times its previous value; None: no stall check.
    stall:
        Contraction factor below which the chord iteration counts as progressing (dimensionless).
    """
    y_pred = np.asarray(y_pred, dtype=float)
    row = np.asarray(row, dtype=float)
    G = np.asarray(jacobian, dtype=float)
    n = G.shape[0]
    A = np.vstack([G, row[None, :]])
    y = y_pred.copy()
    prev = np.inf
    refreshed = False
    for it in range(1, max_iter + 1):
        r = np.asarray(residual(y))
        err = float(np.max(np.abs(r)))
        if not np.isfinite(err):
            return None
        if converged(y, r):
            return y, r, it
        if refresh is not None:
            if err > stall * prev:  # the chord iteration stalls: refresh the Jacobian once at the current iterate
                if refreshed or err > 10 * prev:
                    return None
                A[:n] = refresh(y, r)
                refreshed = True
            prev = err
        try:
            dy = -np.linalg.solve(A, np.r_[r, row @ (y - y_pred)])
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(dy)) or np.max(np.abs(dy)) > max_step:
            return None
        y = y + dy
    return None


def locate_fold(point_at: Callable[[float], tuple | None], h: float, g0: float, *, xtol: float, gtol: float = 0.0,
                max_iter: int = 30):  # fmt: skip
    """Arclength s in (0, ``h``] where the tangent's parameter component g(s) changes sign; the point found there.

    Bracketed regula falsi with the Illinois modification on g, from g(0) = ``g0`` and g(h) (which must differ in
    sign).  Stops when the bracket is shorter than ``xtol`` or |g| ≤ ``gtol``.  Returns the payload of the last
    point evaluated (the one nearest the fold), or None when the point at ``h`` cannot be computed.

    Parameters
    ----------
    point_at:
        ``point_at(s)`` → ``(payload, g)``: the corrected curve point from the predictor at arclength s and the
        parameter component g of its tangent; None when the corrector fails (the search then stops).
    h:
        End of the bracket: the arclength step across the sign change (units of the arclength metric).
    g0:
        Parameter component of the tangent at s = 0 (dimensionless).
    xtol:
        Bracket length at which the search stops (units of s).
    gtol:
        |g| at which the search stops (dimensionless).
    max_iter:
        Largest number of points evaluated after the one at ``h``.
    """
    first = point_at(h)
    if first is None:
        return None
    best, gb = first
    a, fa, b, fb = 0.0, float(g0), float(h), float(gb)
    side = 0
    for _ in range(max_iter):
        if abs(b - a) < xtol or abs(fb) <= gtol:
            break
        c = b - fb * (b - a) / (fb - fa) if fb != fa else 0.5 * (a + b)
        if not (min(a, b) < c < max(a, b)):
            c = 0.5 * (a + b)
        out = point_at(c)
        if out is None:
            break
        best, gc = out
        if gc == 0.0:
            break
        if np.sign(gc) == np.sign(fa):
            a, fa = c, gc
            if side == -1:
                fb *= 0.5  # Illinois: the same end moved twice, halve the other's weight
            side = -1
        else:
            b, fb = c, gc
            if side == 1:
                fa *= 0.5
            side = 1
        if abs(gc) <= gtol:
            break
    return best


def stable_runs(stable) -> list[tuple[int, int]]:
    """Runs (first, last index, inclusive) of consecutive True entries of ``stable`` (no units).

    Parameters
    ----------
    stable:
        Boolean per branch point: the state there is linearly stable.
    """
    ok = np.asarray(stable, dtype=bool)
    runs, k = [], 0
    while k < ok.size:
        if ok[k]:
            j = k
            while j + 1 < ok.size and ok[j + 1]:
                j += 1
            runs.append((k, j))
            k = j + 1
        else:
            k += 1
    return runs


def hysteretic_sweep(branches: Sequence[tuple], targets, direction: str = "up", *, distinct_tol: float = 1e-4):
    """States a quasi-static sweep of the parameter reaches on traced branches (hysteretic branch selection).

    Within a stable run the parameter is monotone.  The targets are visited in sweep order (ascending for
    ``"up"``, descending for ``"down"``); the sweep starts on the first stable run (branch order) covering the first
    target and stays on it while it covers the target; beyond its end (a fold) it jumps, at the same parameter, to
    the next stable run in branch order that covers the target.

    Returns ``(states, nearest, run, n_stable)``: ``states`` (n_targets, n) interpolated linearly along the run
    (NaN: no stable state), ``nearest`` (branch, point) of the nearest branch point ((−1, −1): none), ``run`` the
    run number per target (−1: none), ``n_stable`` the number of distinct stable states at each target (states
    differing by more than ``distinct_tol`` count as distinct).

    Parameters
    ----------
    branches:
        Sequence of ``(p, states, stable)``: parameter values (m,), states (m, n) and stability flags (m,) of the
        points of one traced branch, in the order the sweep visits the branches; units of the caller.
    targets:
        Parameter values to sweep through (units of p).
    direction:
        ``"up"`` or ``"down"`` (no units).
    distinct_tol:
        Max-norm distance above which two stable states count as different (units of the states).
    """
    segs = []  # (branch index, point indices, p ascending, states)
    for ib, (p, states, stable) in enumerate(branches):
        p, states = np.asarray(p, dtype=float), np.asarray(states, dtype=float)
        for a, b in stable_runs(stable):
            ps, g, idx = p[a : b + 1], states[a : b + 1], np.arange(a, b + 1)
            if ps[0] > ps[-1]:
                ps, g, idx = ps[::-1], g[::-1], idx[::-1]
            segs.append((ib, idx, ps, g))
    targets = np.asarray(targets, dtype=float)
    n_state = np.asarray(branches[0][1]).shape[1]

    def covers(q, pt):
        return segs[q][2][0] - 1e-12 <= pt <= segs[q][2][-1] + 1e-12

    def interp(q, pt):
        _, idx, ps, g = segs[q]
        if ps.size == 1:
            return g[0], idx[0]
        k = int(np.clip(np.searchsorted(ps, pt), 1, ps.size - 1))
        wgt = float(np.clip((pt - ps[k - 1]) / (ps[k] - ps[k - 1]), 0, 1)) if ps[k] != ps[k - 1] else 0.0
        return (1 - wgt) * g[k - 1] + wgt * g[k], idx[k if wgt > 0.5 else k - 1]

    def distinct(pt):  # the same state on different runs (e.g. traced up and down) counted once
        found: list[np.ndarray] = []
        for q in range(len(segs)):
            if covers(q, pt):
                g = interp(q, pt)[0]
                if all(np.max(np.abs(g - f)) > distinct_tol for f in found):
                    found.append(g)
        return len(found)

    order = np.argsort(targets, kind="stable")
    if direction == "down":
        order = order[::-1]
    out = np.full((targets.size, n_state), np.nan)
    run_of = np.full(targets.size, -1)
    near = np.full((targets.size, 2), -1)
    multi = np.array([distinct(pt) for pt in targets])
    cur = None
    for q in order:
        pt = targets[q]
        if cur is None or not covers(cur, pt):
            nxt = [r for r in range(0 if cur is None else cur + 1, len(segs)) if covers(r, pt)]
            nxt = nxt or [r for r in range(len(segs)) if covers(r, pt)]
            if not nxt:
                continue
            cur = nxt[0]
        out[q], k_near = interp(cur, pt)
        run_of[q] = cur
        near[q] = (segs[cur][0], k_near)
    return out, near, run_of, multi
