r"""Tabulated heat current Q̇(T_hot, T_cold) for fast repeated evaluation (heat-balance solvers, continuation).

:class:`HeatCurrentTable` computes Q̇ once on a tensor grid with :func:`~neqsc.photonic.transport.heat_current_map`
and interpolates with bicubic splines (``scipy.interpolate.RectBivariateSpline``, interpolating, s = 0).  The
grid of each axis is split at the elements' temperature kinks (Tc of a Mattis–Bardeen film or NIS electrode,
where Q̇ has a kink in T), and one spline is built per rectangle, so the interpolant keeps the kink instead of
smoothing it.  Partial derivatives ∂Q̇/∂T_hot and ∂Q̇/∂T_cold come from the splines.

Accuracy (measured on 300 random points, tests/photonic/test_table.py): Dey source (r = 36) on [0.03, 0.6] K² with
n = 160: |ΔQ̇| ≤ 2.3e-5·max|Q̇|, ∂Q̇/∂T_cold to 4.5e-5 and ∂Q̇/∂T_hot to 1.2e-3 of max|∂Q̇/∂T_hot| (the largest
errors sit just below Tc, where Δ ∝ √(Tc − T) makes ∂Q̇/∂T_S steep); Pioldi NIS reservoirs: 1e-8 and 5e-7.
Build ≈ 1 s, evaluation ≈ 60 µs per call (scalar) versus ≈ 3 ms for :func:`heat_current`.
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.interpolate import RectBivariateSpline

from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.photonic.elements import Element
from neqsc.photonic.transport import heat_current_map

__all__ = ["HeatCurrentTable"]


def _segments(lo: float, hi: float, kinks, n: int) -> list[np.ndarray]:
    edges = [lo, *sorted(k for k in kinks if lo < k < hi), hi]
    total = hi - lo
    out = []
    for a, b in itertools.pairwise(edges):
        m = max(6, round(n * (b - a) / total) + 1)
        out.append(np.linspace(a, b, m))
    return out


class HeatCurrentTable:
    """Spline table of Q̇(T_hot, T_cold) in W for ``Z_hot`` → ``Z_cold`` on [T_min, T_max]² (K).

    Parameters
    ----------
    Z_hot, Z_cold:
        Elements (Q̇ > 0 from hot to cold).
    T_hot_range, T_cold_range:
        (min, max) in K of each axis; evaluation outside raises :class:`InvalidParameter`.
    n:
        Approximate number of grid points per axis (split between the kink segments).
    """

    def __init__(self, Z_hot: Element, Z_cold: Element, T_hot_range, T_cold_range, n: int = 160):
        self.T_hot_range = tuple(float(x) for x in validation.positive("T_hot_range", T_hot_range, "K"))
        self.T_cold_range = tuple(float(x) for x in validation.positive("T_cold_range", T_cold_range, "K"))
        for name, rng in (("T_hot_range", self.T_hot_range), ("T_cold_range", self.T_cold_range)):
            if len(rng) != 2 or rng[0] >= rng[1]:
                raise InvalidParameter(name, rng, "(min, max) with min < max")
        n = int(validation.in_range("n", n, 8, 2000))
        self._hot = _segments(*self.T_hot_range, Z_hot.temperature_kinks(), n)
        self._cold = _segments(*self.T_cold_range, Z_cold.temperature_kinks(), n)
        self._h_edges = np.array([s[0] for s in self._hot[1:]])
        self._c_edges = np.array([s[0] for s in self._cold[1:]])
        full_h = np.unique(np.concatenate(self._hot))
        full_c = np.unique(np.concatenate(self._cold))
        q = heat_current_map(Z_hot, Z_cold, full_h, full_c)
        self._splines = {}
        for i, sh in enumerate(self._hot):
            ih = np.searchsorted(full_h, sh)
            for j, sc in enumerate(self._cold):
                jc = np.searchsorted(full_c, sc)
                self._splines[i, j] = RectBivariateSpline(sh, sc, q[np.ix_(ih, jc)], kx=3, ky=3, s=0)

    def _locate(self, T_hot, T_cold):
        th = np.asarray(validation.in_range("T_hot", T_hot, *self.T_hot_range, unit="K"), dtype=float)
        tc = np.asarray(validation.in_range("T_cold", T_cold, *self.T_cold_range, unit="K"), dtype=float)
        th, tc = np.broadcast_arrays(th, tc)
        return th, tc, np.searchsorted(self._h_edges, th, side="right"), np.searchsorted(self._c_edges, tc, "right")

    def _eval(self, T_hot, T_cold, dx: int, dy: int):
        th, tc, si, sj = self._locate(T_hot, T_cold)
        out = np.empty(th.shape)
        for (i, j), spl in self._splines.items():
            m = (si == i) & (sj == j)
            if np.any(m):
                out[m] = spl.ev(th[m], tc[m], dx=dx, dy=dy)
        return float(out) if out.ndim == 0 else out

    def __call__(self, T_hot, T_cold):
        """Q̇ in W at (``T_hot``, ``T_cold``) in K (broadcast)."""
        return self._eval(T_hot, T_cold, 0, 0)

    def derivatives(self, T_hot, T_cold):
        """(∂Q̇/∂T_hot, ∂Q̇/∂T_cold) in W/K (one-sided at a kink: the segment to the right is used)."""
        return self._eval(T_hot, T_cold, 1, 0), self._eval(T_hot, T_cold, 0, 1)
