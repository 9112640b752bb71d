"""Relaxation kinetics along a PSC history: the Numba exponential integrator vs a straightforward per-point loop.

neqsc path: one pass of :func:`neqsc.phonons.kinetics._evolve` (the kernel of ``kinetics="relaxation"``) over
10⁴ snapshots × 100 nodes × 200 labels ξ with the energy-dependent rate table. Baseline: the same update written
as a plain Python loop over (t, x, ξ) with ``math`` scalars, timed on a sub-problem and scaled per point update;
both are run on that sub-problem and compared (final δf and the work integral, relative difference).
"""

from __future__ import annotations

import math
import time

import numpy as np

from neqsc.phonons.kinetics import _evolve
from neqsc.phonons.synthetic import synthetic_psc_run


def _loop(psi, t, xi, d0, lam, df0, wx, wxi):
    """Per-point reference with a constant rate ``lam`` (1/t0): δf update and the work integral."""
    df = df0.copy()
    w_in = 0.0
    for n in range(psi.shape[0] - 1):
        dt = t[n + 1] - t[n]
        for ix in range(psi.shape[1]):
            for k in range(xi.size):
                e0 = math.sqrt(xi[k] ** 2 + (psi[n, ix] * d0) ** 2)
                e1 = math.sqrt(xi[k] ** 2 + (psi[n + 1, ix] * d0) ** 2)
                f0a, f0b = 1.0 / (math.exp(e0) + 1.0), 1.0 / (math.exp(e1) + 1.0)
                z = lam * dt
                old = df[ix, k]
                new = math.exp(-z) * old + (f0a - f0b) * (1.0 - math.exp(-z)) / z
                df[ix, k] = new
                f_mid = 0.5 * (old + new) + 0.5 * (f0a + f0b)
                dF = math.log1p(math.exp(-e0)) - math.log1p(math.exp(-e1))
                w_in += ((e1 - e0) * f_mid - dF) * wx[ix] * wxi[k]
    return df, w_in


def _args(nt, nx, nxi):
    run = synthetic_psc_run(period=10.0, n_periods=nt / 1000.0, nt=nt, nx=nx, length=10.0)
    psi = np.ascontiguousarray(run["psi_abs"].values)
    t = run["t"].values.astype(float)
    xi = np.linspace(0.0, 24.0, nxi)
    w = np.full(nx, 10.0 / (nx - 1))
    wxi = np.full(nxi, xi[1])
    return psi, t, xi, w, wxi


def run() -> dict:
    d0, lam = 1.0757, 0.15
    rate = np.full((4, 10), lam)
    none = np.zeros(0, dtype=np.int64)
    psi, t, xi, wx, wxi = _args(10_001, 100, 200)
    store = np.zeros((0, 100, 200))
    _evolve(psi[:3], t[:3], xi, d0, rate, 0.4, 1.0, lam, False, np.zeros((100, 200)), wx, wxi, 61, none, store)
    start = time.perf_counter()
    _evolve(psi, t, xi, d0, rate, 0.4, 1.0, lam, False, np.zeros((100, 200)), wx, wxi, 61, none, store)
    t_neqsc = time.perf_counter() - start
    spsi, st, sxi, swx, swxi = _args(201, 10, 20)
    sstore = np.zeros((0, 10, 20))
    start = time.perf_counter()
    ref_df, ref_w = _loop(spsi, st, sxi, d0, lam, np.zeros((10, 20)), swx, swxi)
    t_loop = (time.perf_counter() - start) / (200 * 10 * 20) * (10_000 * 100 * 200)
    got = _evolve(spsi, st, sxi, d0, rate, 0.4, 1.0, lam, False, np.zeros((10, 20)), swx, swxi, 61, none, sstore)
    diff = float(np.max(np.abs(got[0] - ref_df)) / np.max(np.abs(ref_df)))
    diff_w = abs(got[3] - ref_w) / abs(ref_w)
    return {
        "n_snapshots": 10_001,
        "n_x": 100,
        "n_xi": 200,
        "neqsc_seconds_one_pass": t_neqsc,
        "baseline_loop_seconds_extrapolated": t_loop,
        "speedup_vs_loop": t_loop / t_neqsc,
        "max_rel_difference_delta_f": diff,
        "rel_difference_work": diff_w,
    }
