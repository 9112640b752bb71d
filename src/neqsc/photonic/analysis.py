r"""Derived quantities: frequency-averaged transmission and windows of negative differential thermal conductance.

* Mean transmission (Dey et al., PRB 107, 134510, Sec. III B)::

      τ̄ = (1/ω_max) ∫_0^{ω_max} τ(ω) dω,   Dey et al. use ω_max = 2Δ₀/ħ (their ref. [61])

  composite Gauss–Legendre on a linear ω grid whose panel edges are moved onto the kinks of Z (2Δ(T)/ħ).

* Differential thermal conductances (Li, Wang & Casati, APL 88, 143501 (2006); Dey et al. Eq. (3) discussion)::

      G_hot  =  ∂Q̇/∂T_hot |_{T_cold}      (NDTC on the hot side: G_hot < 0, Dey et al. Fig. 2)
      G_cold = −∂Q̇/∂T_cold|_{T_hot}       (NDTC on the cold side: G_cold < 0, i.e. Q̇ grows as the cold
                                            reservoir warms — Pioldi et al. Fig. 2(b))

  :func:`ndtc_windows` samples G on a temperature grid (derivatives from
  :func:`~neqsc.photonic.transport.heat_current_derivatives`) to find the intervals where it is negative, then
  locates every end point by Brent's method on G (not on the grid): to ``xtol``/2 (default 1e-7 K), or exactly
  at an element's temperature kink (Tc) when G changes sign across it — there Δ(T) → 0 with an infinite slope, Q̇
  has a kink and G jumps from negative to positive, so no zero of G exists to search for. The kink test evaluates
  G at Tc(1 ∓ 3·10⁻⁴), outside the central-difference stencil (relative step 1e-4) that straddles Tc.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.special import roots_legendre

from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.photonic.elements import Element
from neqsc.photonic.transport import _tau, heat_current_derivatives

__all__ = ["differential_conductance", "mean_transmission", "ndtc_windows", "negative_intervals", "sign_change"]

_GX, _GW = roots_legendre(8)


def mean_transmission(Z_a: Element, Z_b: Element, T_a, T_b, omega_max, n_panels: int = 48):
    """τ̄ = (1/ω_max)∫_0^{ω_max} τ(ω) dω for ``Z_a`` at ``T_a`` and ``Z_b`` at ``T_b`` (K, broadcast).

    ``omega_max`` in rad/s (> 0, broadcast with the temperatures). Returns a float or an array of the broadcast shape.

    Parameters
    ----------
    Z_a, Z_b:
        The two circuit elements (impedances Z(ω, T) in Ω) coupled by the transmission line.
    T_a, T_b:
        Temperatures of ``Z_a`` and ``Z_b`` in K (> 0).
    omega_max:
        Upper end of the averaging window in rad/s (> 0).
    n_panels:
        Number of Gauss–Legendre panels (8 nodes each) on [0, ω_max] (dimensionless count); the elements'
        breakpoints (resonances, gap edges) are moved onto panel edges.
    """
    T_a = np.asarray(validation.positive("T_a", T_a, "K"), dtype=float)
    T_b = np.asarray(validation.positive("T_b", T_b, "K"), dtype=float)
    omega_max = np.asarray(validation.positive("omega_max", omega_max, "rad/s"), dtype=float)
    shape = np.broadcast_shapes(T_a.shape, T_b.shape, omega_max.shape)
    ta, tb, om = (np.broadcast_to(x, shape).ravel() for x in (T_a, T_b, omega_max))
    edges = om[:, None] * np.linspace(0.0, 1.0, n_panels + 1)[None, :]
    bp = np.concatenate([Z_a.breakpoints(ta).reshape(ta.size, -1), Z_b.breakpoints(tb).reshape(tb.size, -1)], 1)
    h = om / n_panels
    rows = np.arange(ta.size)
    for k in range(bp.shape[1]):
        j = np.rint(bp[:, k] / h).astype(int)
        ok = (j >= 1) & (j <= n_panels - 1)
        edges[rows[ok], j[ok]] = bp[ok, k]
    half = 0.5 * np.diff(edges, axis=1)
    mid = 0.5 * (edges[:, 1:] + edges[:, :-1])
    omega = (mid[:, :, None] + half[:, :, None] * _GX).reshape(ta.size, -1)
    weights = (half[:, :, None] * _GW).reshape(ta.size, -1)
    tau = _tau(Z_a.impedance(omega, ta[:, None]), Z_b.impedance(omega, tb[:, None]))
    out = np.sum(weights * tau, axis=1) / om
    return float(out[0]) if shape == () else out.reshape(shape)


def differential_conductance(Z_hot: Element, Z_cold: Element, T_hot, T_cold, side: Literal["hot", "cold"] = "hot"):
    """G_hot = ∂Q̇/∂T_hot or G_cold = −∂Q̇/∂T_cold in W/K (see module docstring); temperatures in K, broadcast.

    Parameters
    ----------
    Z_hot, Z_cold:
        The two reservoirs' elements (impedances in Ω; Q̇ > 0 from hot to cold).
    T_hot, T_cold:
        Reservoir temperatures in K (> 0), broadcast together.
    side:
        ``"hot"``: G_hot = ∂Q̇/∂T_hot; ``"cold"``: G_cold = −∂Q̇/∂T_cold.

    Returns
    -------
    float or array of the broadcast shape, in W/K (negative values: negative differential thermal conductance).
    """
    validation.one_of("side", side, ("hot", "cold"))
    d_hot, d_cold = heat_current_derivatives(Z_hot, Z_cold, T_hot, T_cold)
    return d_hot if side == "hot" else -d_cold


def ndtc_windows(
    Z_hot: Element,
    Z_cold: Element,
    T_hot,
    T_cold,
    side: Literal["hot", "cold"] = "hot",
    refine: bool = True,
    xtol: float = 1e-7,
    conductance=None,
) -> list[tuple[float, float]]:
    """Temperature intervals (K) where the differential thermal conductance is negative.

    Parameters
    ----------
    Z_hot, Z_cold:
        The two reservoirs' elements (Q̇ > 0 from hot to cold).
    T_hot, T_cold:
        For ``side="hot"``: ``T_hot`` a 1-D increasing grid (K) swept at fixed scalar ``T_cold``; the windows are
        intervals of T_hot where ∂Q̇/∂T_hot < 0. For ``side="cold"``: ``T_cold`` the grid at fixed ``T_hot``; the
        windows are intervals of T_cold where ∂Q̇/∂T_cold > 0.
    side:
        ``"hot"`` or ``"cold"``: which temperature is swept.
    refine:
        Locate each window end on the conductance itself (:func:`sign_change`, default); ``False`` gives the grid's
        linear interpolation.
    xtol:
        Tolerance on the window ends (K): each is located to within ``xtol``/2.
    conductance:
        The conductance already sampled on the grid (W/K, same length; for ``side="hot"`` ∂Q̇/∂T_hot, e.g. the
        second output of :func:`~neqsc.photonic.transport.heat_current_map` with ``derivatives=True``; for
        ``side="cold"`` ∂Q̇/∂T_cold): only its signs are used, to bracket the window ends, which saves evaluating
        the conductance on the grid again. Default: computed here.

    Returns
    -------
    list of (T_start, T_end)
        Empty when the conductance is positive everywhere on the grid. A window touching the grid end is closed
        at that end.
    """
    validation.one_of("side", side, ("hot", "cold"))
    grid, fixed = (T_hot, T_cold) if side == "hot" else (T_cold, T_hot)
    grid = np.asarray(validation.positive("T_" + side, grid, "K"), dtype=float)
    if grid.ndim != 1 or grid.size < 2 or np.any(np.diff(grid) <= 0):
        raise InvalidParameter("T_" + side, grid, "a strictly increasing 1-D grid of >= 2 temperatures")
    if np.ndim(fixed) != 0:
        raise InvalidParameter("T_" + ("cold" if side == "hot" else "hot"), fixed, "a scalar temperature")
    kinks = Z_hot.temperature_kinks() if side == "hot" else Z_cold.temperature_kinks()
    if conductance is not None:
        g = np.asarray(conductance, dtype=float)
        if g.shape != grid.shape:
            raise InvalidParameter("conductance", g.shape, f"samples on the grid, shape {grid.shape}")
        g = g if side == "hot" else -g
    elif side == "hot":
        g = differential_conductance(Z_hot, Z_cold, grid, fixed, "hot")
    else:
        g = differential_conductance(Z_hot, Z_cold, fixed, grid, "cold")
    if not refine:
        return negative_intervals(grid, np.asarray(g), kinks)
    validation.positive("xtol", xtol, "K")

    def conductance(T):
        if side == "hot":
            return float(differential_conductance(Z_hot, Z_cold, T, fixed, "hot"))
        return float(differential_conductance(Z_hot, Z_cold, fixed, T, "cold"))

    return negative_intervals(grid, np.asarray(g), kinks, conductance, xtol)


def negative_intervals(x: np.ndarray, g: np.ndarray, kinks=(), func=None, xtol: float = 1e-7):
    """Intervals of ``x`` where the sampled function ``g`` < 0, as a list of (start, end).

    Without ``func``: an end is placed at a kink (e.g. Tc, where G jumps) when one lies between the two samples that
    bracket the sign change, else at the zero of the linear interpolation. With ``func`` (a scalar callable
    returning g at any x): each end is located on ``func`` to ``xtol``/2 (Brent's method), except that it is
    put at a kink inside the bracket when ``func`` changes sign across that kink (:func:`sign_change`).
    """
    kinks = np.asarray(kinks, dtype=float)

    def crossing(k):  # sign change between x[k] and x[k+1]
        if func is not None:
            return sign_change(func, float(x[k]), float(x[k + 1]), bool(g[k] < 0), kinks, xtol)
        inside = kinks[(kinks >= x[k]) & (kinks <= x[k + 1])]
        if inside.size:
            return float(inside[0])
        return float(x[k] + (x[k + 1] - x[k]) * g[k] / (g[k] - g[k + 1]))

    neg = g < 0
    out = []
    i = 0
    n = x.size
    while i < n:
        if not neg[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and neg[j + 1]:
            j += 1
        start = float(x[0]) if i == 0 else crossing(i - 1)
        end = float(x[-1]) if j == n - 1 else crossing(j)
        out.append((float(start), float(end)))
        i = j + 1
    return out


#: relative distance from a kink at which the sign of a central-difference conductance is read
_KINK_OFFSET = 3e-4


def sign_change(func, a: float, b: float, negative_at_a: bool, kinks=(), xtol: float = 1e-7) -> float:
    """Where the scalar function ``func`` changes sign in [a, b] (``negative_at_a`` gives the sign at a).

    If a kink k in (a, b) separates the two signs (func(k(1 − 3e-4)) and func(k(1 + 3e-4)) differ in sign the same
    way as func(a), func(b)), the crossing is the kink itself (a jump, not a zero). Otherwise Brent's method
    (:func:`scipy.optimize.brentq`: inverse quadratic interpolation safeguarded by bisection, so it keeps a bracket
    and converges even on a jump) locates the sign change to within ``xtol``/2, the accuracy of a bisection to a
    bracket of width ``xtol``, in ~8 evaluations of ``func`` instead of the ~20 of bisection. If ``func`` does not
    bear out ``negative_at_a`` at the bracket ends (a sign read off another sampling of the same function, differing
    only by rounding), the bracket is bisected on the sign as given.

    Parameters
    ----------
    func:
        Scalar callable (units of x → any units); only its sign and, for Brent's steps, its values are used.
    a, b:
        Bracket ends (units of x), a < b.
    negative_at_a:
        Whether func < 0 at a (and so func >= 0 at b).
    kinks:
        Points (units of x) where func may jump in sign (e.g. Tc).
    xtol:
        Absolute tolerance on the crossing (units of x).
    """
    from scipy.optimize import brentq

    known: dict[float, float] = {}

    def f(x):
        if x not in known:
            known[x] = float(func(x))
        return known[x]

    for k in np.asarray(kinks, dtype=float):
        lo, hi = k * (1.0 - _KINK_OFFSET), k * (1.0 + _KINK_OFFSET)
        if lo <= b and hi >= a:  # the kink (with its stencil) touches the bracket, possibly at an end
            neg_lo, neg_hi = f(lo) < 0, f(hi) < 0
            if neg_lo == negative_at_a and neg_hi != negative_at_a:
                return float(k)
            # the sign change lies on one side of the kink: search there
            if neg_lo != negative_at_a and lo > a:
                b = lo
            elif neg_hi == negative_at_a and hi < b:
                a = hi
    if b - a <= xtol:
        return 0.5 * (a + b)
    fa, fb = f(a), f(b)
    if (fa < 0) == negative_at_a and (fb < 0) != negative_at_a and fa != 0.0:
        return float(brentq(f, a, b, xtol=0.5 * xtol))
    while b - a > xtol:  # the ends' signs contradict the bracket's (rounding): bisect on the sign as given
        mid = 0.5 * (a + b)
        if (f(mid) < 0) == negative_at_a:
            a = mid
        else:
            b = mid
    return 0.5 * (a + b)
