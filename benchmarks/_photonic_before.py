"""The photonic NDTC designer's computation as it was before its speed-up, for in-process before/after timings.

:func:`before` patches, for the duration of a ``with`` block, the four things the speed-up changed back to their
previous form (copied here from the previous implementation):

* window ends by bisection on the sign of the conductance (now Brent's method, :func:`neqsc.photonic.analysis.
  sign_change`);
* the design's scalar drain balance re-evaluating the source's τ(ω) at every Newton step (``heat_current`` plus a
  two-column ``heat_current_map`` per step, then ``heat_current_derivatives`` and ``heat_current`` at the root; now
  one τ row per T_S);
* ``ndtc_windows`` evaluating the conductance on the grid again (the view now passes the map's ∂Q̇/∂T_S);
* σ₂ of the Mattis–Bardeen kernel on the 48-node rule of the pair-breaking term (now its own 32-node rule), and
  the view's two parts run one after the other (now concurrently).

Not restored: the kernel's hoisted Fermi factors (one exponential per node instead of three, ~10 % of the kernel),
so the "before" times are, if anything, too short and the ratios conservative.
"""

from __future__ import annotations

import concurrent.futures
import contextlib

import numpy as np

import neqsc.explore.photonic as view
import neqsc.photonic as photonic
from neqsc.errors import ConvergenceError
from neqsc.photonic import analysis, conductivity, ndtc_design
from neqsc.photonic.transport import heat_current, heat_current_derivatives, heat_current_map


def _bisection(func, a, b, negative_at_a, kinks=(), xtol=1e-7):
    for k in np.asarray(kinks, dtype=float):
        lo, hi = k * (1.0 - analysis._KINK_OFFSET), k * (1.0 + analysis._KINK_OFFSET)
        if lo <= b and hi >= a:
            neg_lo, neg_hi = func(lo) < 0, func(hi) < 0
            if neg_lo == negative_at_a and neg_hi != negative_at_a:
                return float(k)
            if neg_lo != negative_at_a and lo > a:
                b = lo
            elif neg_hi == negative_at_a and hi < b:
                a = hi
    while b - a > xtol:
        mid = 0.5 * (a + b)
        if (func(mid) < 0) == negative_at_a:
            a = mid
        else:
            b = mid
    return 0.5 * (a + b)


def _exact_drain(dev, Z_S, Z_D, T_S, guess):
    t = guess
    for _ in range(30):
        h = 1e-4 * t
        q = heat_current(Z_S, Z_D, T_S, t)
        qp, qm = heat_current_map(Z_S, Z_D, np.array([T_S]), np.array([t + h, t - h]))[0]
        b = (qp - qm) / (2.0 * h)
        p, g = dev.drain_eph(t)
        step = (q - p) / (b - g)
        t_new = min(max(t - step, 0.5 * (t + dev.T_bath)), 2.0 * t)
        if abs(t_new - t) <= 1e-12 * t:
            a, b = heat_current_derivatives(Z_S, Z_D, T_S, t_new)
            # the previous design() computed Q at the window ends with heat_current afterwards
            return t_new, float(a), float(b), heat_current(Z_S, Z_D, T_S, t_new)
        t = t_new
    raise ConvergenceError("drain balance (before)", diagnostics={"T_S": T_S})


def _ndtc_windows_grid_again(*args, conductance=None, **kwargs):
    return analysis.ndtc_windows(*args, **kwargs)


class _Sequential:
    """A stand-in for ThreadPoolExecutor that runs each submitted call at once."""

    def __init__(self, max_workers=None):
        pass

    def submit(self, fn, *args):
        future = concurrent.futures.Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait=True):
        pass


@contextlib.contextmanager
def before():
    """Within the block, the view and the engine compute as before the speed-up (same results to ``xtol``)."""
    saved = [
        (analysis, "sign_change", _bisection),
        (ndtc_design, "_exact_drain", _exact_drain),
        (photonic, "ndtc_windows", _ndtc_windows_grid_again),
        (conductivity, "_X2", conductivity._XS),
        (conductivity, "_W2", conductivity._WS),
        (view, "ThreadPoolExecutor", _Sequential),
    ]
    old = [(mod, name, getattr(mod, name)) for mod, name, _ in saved]
    try:
        for mod, name, new in saved:
            setattr(mod, name, new)
        yield
    finally:
        for mod, name, value in old:
            setattr(mod, name, value)
