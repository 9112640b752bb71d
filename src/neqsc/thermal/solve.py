r"""Steady states of heat-balance networks: damped Newton, responsivities, pseudo-arclength continuation.

Newton (:func:`solve_point`) works in u = ln T (temperatures stay positive; the heat flows span decades) with the
analytic Jacobian ∂R/∂u = (∂R/∂T)·diag(T), steps capped at |Δu| <= 1 and halved while the scaled residual grows.
Convergence: |R_i| <= rtol · s_i at every free node, where s_i is the sum of the magnitudes of all terms in node
i's balance (so "relative to the heat flowing through the node"); or, when cancellation makes that unreachable
(near equilibrium, every flow ~0), a Newton step below 8 ulp.

Responsivities (implicit-function theorem at a steady state, exact for the discretised model)::

    dT/dp = −(∂R/∂T)⁻¹ ∂R/∂p       for every parameter p (fixed temperatures: K/K; heater powers: K/W)

e.g. Pioldi et al.'s dT_L/dT_R at fixed P_L, or dT_D/dP_in of Dey et al. Fig. 3.

Continuation (:func:`continuation`) follows the solution curve through folds with pseudo-arclength in
z = (ln T_1..ln T_n, λ), λ = (p − p_0)/(p_end − p_0) (Keller 1977): tangent from the bordered system
[G; t_prevᵀ] t = [0; 1], predictor z + h t, corrector Newton on [R/s = 0; tᵀ(z − z_pred) = 0], adaptive h. A fold
(limit point) is a sign change of the tangent's λ-component; it is located by bracketed regula falsi (Illinois) on
that component along the predictor ray. Tangent, bordered corrector and fold location are the shared
:mod:`neqsc.continuation`. Every requested parameter value is then solved by Newton from each path segment that
crosses it, so values inside a fold interval get every branch (multistability).

Stability of a steady state: the linearised dynamics C dT/dt = R(T) with heat capacities C_i ∝ T_i (Sommerfeld,
equal γV — an assumption; exact as a sign criterion for one free node) is stable when every eigenvalue of
diag(1/T) ∂R/∂T has a negative real part.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from neqsc import validation
from neqsc.continuation import bordered_corrector, locate_fold, tangent
from neqsc.errors import ConvergenceError, InvalidParameter
from neqsc.thermal.network import Evaluation, Network

__all__ = ["PointSolution", "continuation_path", "responsivities", "solve_point"]

_EPS = np.finfo(float).eps


_SCALE_FLOOR = 1e-4  # balance scale floor: heat driven through node i by a 1e-4 relative temperature offset


@dataclasses.dataclass(frozen=True)
class PointSolution:
    """A converged steady state: free-node temperatures (K), evaluation there (with Jacobian), Newton history."""

    T: np.ndarray
    params: dict[str, float]
    evaluation: Evaluation
    iterations: int
    history: list[float]

    @property
    def relative_residual(self) -> np.ndarray:
        ev = self.evaluation
        return np.abs(ev.residual) / _scale(ev.scale, ev.jacobian, self.T)

    @property
    def stable(self) -> bool:
        jac = self.evaluation.jacobian / self.T[:, None]
        return bool(np.all(np.linalg.eigvals(jac).real < 0))


def _scale(scale: np.ndarray, jacobian: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Balance scale s_i = max(Σ|terms at node i|, 1e-4 |∂R_i/∂T_i| T_i, tiny).

    The floor matters only near equilibrium, where every flow → 0 and Σ|terms| cannot resolve the residual
    against round-off: there 1e-9 of it means a temperature error below 1e-13 T.
    """
    floor = _SCALE_FLOOR * np.abs(np.diag(jacobian)) * T
    return np.maximum(np.maximum(scale, floor), np.finfo(float).tiny)


def solve_point(
    network: Network,
    params: dict[str, float] | None = None,
    guess=None,
    *,
    rtol: float = 1e-9,
    max_iter: int = 80,
    jacobian=None,
) -> PointSolution:
    """Steady state of ``network`` at ``params`` (name → value, defaults from the network) by damped Newton.

    ``guess``: free-node temperatures in K (default: node ``T_guess`` or the hottest fixed node).
    ``jacobian``: optional approximate ∂R/∂T (W/K) at the guess (e.g. from a nearby continuation point). The
    Jacobian is re-evaluated whenever an iteration reduces the residual less than tenfold (so convergence is
    quadratic where it matters and cheap chord steps are used otherwise), and always at the converged point
    (responsivities and stability use the exact Jacobian there).
    Raises :class:`ConvergenceError` (with the history of max relative residuals) after ``max_iter`` iterations.
    ``rtol`` (dimensionless, 1e-15 … 1e-2) bounds the relative residual max_i |R_i|/s_i at convergence, s_i being
    the sum of the magnitudes of the heat terms at node i.
    """
    params = network.parameters(params)
    rtol = validation.in_range("rtol", rtol, 1e-15, 1e-2)
    T = network.initial_guess(params) if guess is None else np.array(guess, dtype=float, copy=True)
    validation.positive("guess", T, "K")
    if T.shape != (len(network.free),):
        raise InvalidParameter("guess", T, f"{len(network.free)} temperatures (one per free node)")
    fresh = jacobian is None
    ev = network.evaluate(T, params, derivatives=fresh)
    J = ev.jacobian if fresh else np.asarray(jacobian, dtype=float)
    history: list[float] = []
    for it in range(max_iter + 1):
        s_eff = _scale(ev.scale, J, T)
        merit = float(np.max(np.abs(ev.residual) / s_eff))
        history.append(merit)
        done = merit <= rtol
        if not done:
            try:
                du = -np.linalg.solve(J * T[None, :], ev.residual)
            except np.linalg.LinAlgError:
                raise ConvergenceError(
                    "heat balance: singular Jacobian (a node without any temperature-dependent link?)",
                    history,
                    {"T": T.tolist()},
                ) from None
            if not np.all(np.isfinite(du)):
                raise ConvergenceError("heat balance: non-finite Newton step", history, {"T": T.tolist()})
            du *= min(1.0, 1.0 / max(np.max(np.abs(du)), 1e-300))
            done = np.max(np.abs(du)) <= 8 * _EPS
        if done:
            if not fresh:
                ev = network.evaluate(T, params, derivatives=True)
            return PointSolution(T, params, ev, it, history)
        if it == max_iter:
            break
        for _ in range(12):
            T_new = T * np.exp(du)
            ev_new = network.evaluate(T_new, params, derivatives=False)
            merit_new = float(np.max(np.abs(ev_new.residual) / _scale(ev_new.scale, J, T_new)))
            if merit_new < merit or np.max(np.abs(du)) < 1e-7:
                break
            du *= 0.5
        T, ev, fresh = T_new, ev_new, False
        if merit_new > 0.1 * merit:
            ev = network.evaluate(T, params, derivatives=True)
            J, fresh = ev.jacobian, True
    raise ConvergenceError(
        f"heat balance did not converge to rtol={rtol:g} in {max_iter} Newton iterations",
        history,
        {"T": T.tolist(), "params": params},
    )


def responsivities(network: Network, solution: PointSolution) -> np.ndarray:
    """dT_i/dp_k (free nodes × ``network.parameter_names``): K/K for fixed temperatures, K/W for heater powers.

    Parameters
    ----------
    network:
        The network that was solved.
    solution:
        A converged :class:`PointSolution` of it (from :func:`solve_point`); its exact Jacobian ∂R/∂T (W/K) and
        ∂R/∂p (W/K or dimensionless W/W) give dT/dp = −(∂R/∂T)⁻¹ ∂R/∂p.
    """
    ev = solution.evaluation
    return -np.linalg.solve(ev.jacobian, ev.dparam)


# ---------------------------------------------------------------------------------------------- continuation
def _full_system(network, z, params, name, p0, span):
    """Scaled Jacobian G = [∂(R/s)/∂ln T | ∂(R/s)/∂λ] at z, with the evaluation and the scale s."""
    T = np.exp(z[:-1])
    ev = network.evaluate(T, {**params, name: p0 + span * z[-1]}, derivatives=True)
    k = network.parameter_names.index(name)
    scale = _scale(ev.scale, ev.jacobian, T)
    G = np.hstack([ev.jacobian * T[None, :], span * ev.dparam[:, k : k + 1]]) / scale[:, None]
    return G, ev, scale


def _corrector(network, z_pred, t, params, name, p0, span, rtol, G0, scale0, max_iter=8):
    """Chord Newton on [R/s0; tᵀ(z − z_pred)] = 0 with the matrix [G0; tᵀ] of the previous path point
    (:func:`neqsc.continuation.bordered_corrector`).

    Returns (z, G, scale, iterations) with G evaluated afresh at the converged z, or None.
    """
    last = {}

    def residual(z):
        T = np.exp(z[:-1])
        last["ev"] = ev = network.evaluate(T, {**params, name: p0 + span * z[-1]}, derivatives=False)
        return ev.residual / scale0

    def converged(z, r):
        ev = last["ev"]
        return bool(np.all(np.abs(ev.residual) <= rtol * np.maximum(ev.scale, scale0)) and abs(t @ (z - z_pred)) < 1e-9)

    out = bordered_corrector(residual, z_pred, t, G0, converged=converged, max_iter=max_iter, max_step=0.5)
    if out is None:
        return None
    z, _, it = out
    G, _, scale = _full_system(network, z, params, name, p0, span)
    return z, G, scale, it


def continuation_path(
    network: Network,
    name: str,
    start: float,
    stop: float,
    params: dict[str, float] | None = None,
    guess=None,
    *,
    rtol: float = 1e-9,
    h_max: float = 0.05,
    max_steps: int = 5000,
    progress: Callable[[int, int], None] | None = None,
    limits: tuple[float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Follow the steady state from parameter ``name`` = ``start`` to ``stop`` through folds.

    ``limits`` (default (start, stop)): the parameter interval of interest; the path may wander outside it by half
    its width (a branch turning back) before a :class:`ConvergenceError` is raised.

    Returns (path, folds, jacobians): ``path`` is (n_points, n_free + 1) with columns T_1..T_n (K) and the
    parameter value; ``folds`` likewise for the located fold points; ``jacobians`` ∂R/∂T (W/K) at each path point.

    Parameters
    ----------
    network:
        The thermal network.
    name:
        Name of the swept parameter (a heater input, W, or a fixed node, K).
    start, stop:
        Ends of the sweep in the parameter's unit (W or K).
    params:
        Parameter values by name: heater powers in W, fixed-node temperatures in K; names not given take the
        network's defaults.
    guess:
        Initial free-node temperatures in K (default: each node's ``T_guess`` or the hottest fixed node).
    rtol:
        Convergence tolerance on the relative heat-balance residual max_i |R_i|/s_i (dimensionless), where s_i is
        the sum of the magnitudes of the terms at node i.
    h_max:
        Largest pseudo-arclength step in the scaled variables (ln T, (p − start)/(stop − start)) (dimensionless).
    max_steps:
        Maximum number of path steps before a :class:`ConvergenceError`.
    progress:
        Callback ``progress(done, total)``.
    limits:
        Parameter interval of interest in the parameter's unit.
    """
    if name not in network.parameter_names:
        raise InvalidParameter("sweep parameter", name, "one of " + ", ".join(network.parameter_names))
    params = network.parameters({**(params or {}), name: start})
    span = float(stop) - float(start)
    if span == 0.0:
        raise InvalidParameter("sweep", (start, stop), "start != stop")
    lo, hi = sorted(limits) if limits is not None else sorted((float(start), float(stop)))
    first = solve_point(network, params, guess, rtol=rtol)
    path_rtol = max(rtol, 1e-8)  # path points only seed the final solves at the requested values
    z = np.append(np.log(first.T), 0.0)
    G, ev, scale = _full_system(network, z, params, name, start, span)
    e_lam = np.zeros_like(z)
    e_lam[-1] = 1.0
    t = tangent(G, e_lam)
    zs, jacs, folds = [z], [ev.jacobian], []
    h = min(0.01, h_max)
    steps = 0
    while z[-1] < 1.0:
        steps += 1
        if steps > max_steps:
            raise ConvergenceError(
                f"continuation in {name} did not reach {stop} in {max_steps} steps",
                [float(p[-1]) for p in zs[-20:]],
                {"lambda_reached": float(z[-1])},
            )
        result = _corrector(network, z + h * t, t, params, name, start, span, path_rtol, G, scale)
        if result is None:
            h *= 0.5
            if h < 1e-9:
                raise ConvergenceError(
                    f"continuation in {name}: corrector failed with arclength step {h:.2g}",
                    [float(p[-1]) for p in zs[-20:]],
                    {"T": np.exp(z[:-1]).tolist(), name: start + span * float(z[-1])},
                )
            continue
        z_new, G_new, scale_new, its = result
        t_new = tangent(G_new, t)
        if t_new[-1] * t[-1] < 0:
            fold = _locate_fold(network, z, t, h, params, name, start, span, path_rtol, G, scale)
            if fold is not None:
                folds.append(fold)
        z, t, G, scale = z_new, t_new, G_new, scale_new
        zs.append(z)
        jacs.append(G[:, :-1] * scale[:, None] / np.exp(z[:-1])[None, :])
        p_now = start + span * z[-1]
        if p_now < lo - 0.5 * (hi - lo) or p_now > hi + 0.5 * (hi - lo):
            raise ConvergenceError(
                f"continuation in {name} left the swept interval [{lo:g}, {hi:g}] by more than half its width",
                [float(p[-1]) for p in zs[-20:]],
            )
        h = min(h * (1.5 if its <= 4 else 0.7), h_max)
        if progress is not None:
            progress(min(int(100 * max(z[-1], 0.0)), 100), 100)
    path = np.array([np.append(np.exp(zz[:-1]), start + span * zz[-1]) for zz in zs])
    fold_arr = np.array([np.append(np.exp(zz[:-1]), start + span * zz[-1]) for zz in folds]).reshape(-1, len(z))
    return path, fold_arr, np.array(jacs)


def _locate_fold(network, z, t, h, params, name, p0, span, rtol, G0, scale0):
    """Fold on the arc from z (tangent t), arclength in (0, h]: root of the tangent's λ-component
    (:func:`neqsc.continuation.locate_fold`)."""

    def point_at(s):
        res = _corrector(network, z + s * t, t, params, name, p0, span, rtol, G0, scale0)
        return None if res is None else (res[0], tangent(res[1], t)[-1])

    return locate_fold(point_at, h, t[-1], xtol=1e-12 * h, gtol=1e-10, max_iter=30)
