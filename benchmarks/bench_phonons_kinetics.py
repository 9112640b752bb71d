"""Relaxation kinetics along a PSC history: the Numba exponential integrator vs a straightforward per-point loop.

neqsc path: one pass of :func:`neqsc.phonons.kinetics._evolve` (the kernel of ``kinetics="relaxation"``, with the
energy books and the deposit of ∫δf dt on the kernel nodes) over 10⁴ snapshots × 100 nodes × 200 labels ξ with an
energy-dependent loss-rate table q(|Ψ|, ε). Baseline: the same update written as a plain Python loop over (t, x, ξ)
with ``math`` scalars, timed on a sub-problem and scaled per point update; both are run on that sub-problem and
compared (final δf, work integral and deposit, relative differences). Also timed once: ``relaxation_spectra``
end to end (kernel tables, closure pass, pass with the books, spectra) on the same history size.
"""

from __future__ import annotations

import math
import time

import numpy as np

from neqsc.phonons.kinetics import _evolve, relaxation_spectra
from neqsc.phonons.synthetic import synthetic_psc_run

D0 = 1.0757
PSI_STEP, EPS_STEP = 0.02, 0.05


def _q_table():
    """A smooth loss-rate table q = λε (k_BT/t0) on 61 |Ψ| × 520 ε nodes (rate ≈ 0.15/t0, mildly E-dependent)."""
    psi = np.arange(61) * PSI_STEP
    eps = np.arange(520) * EPS_STEP
    return np.ascontiguousarray(0.15 * eps[None, :] * (1.0 + 0.1 * np.tanh(eps[None, :] - psi[:, None])))


def _loop(psi, t, xi, q, df0, wx, wxi):
    """Per-point reference: δf update, work integral W_in and the deposit of λ∫δf dt / λ on the table nodes."""
    df = df0.copy()
    dep = np.zeros_like(q)
    w_in = 0.0
    for n in range(psi.shape[0] - 1):
        dt = t[n + 1] - t[n]
        for ix in range(psi.shape[1]):
            pm = 0.5 * (psi[n, ix] + psi[n + 1, ix]) / PSI_STEP
            p = int(pm)
            up = pm - p
            for k in range(xi.size):
                e0 = math.sqrt(xi[k] ** 2 + (psi[n, ix] * D0) ** 2)
                e1 = math.sqrt(xi[k] ** 2 + (psi[n + 1, ix] * D0) ** 2)
                em = 0.5 * (e0 + e1)
                j = int(em * (1.0 / EPS_STEP))
                ue = em * (1.0 / EPS_STEP) - j
                q0 = (1 - ue) * q[p, j] + ue * q[p, j + 1]
                q1 = (1 - ue) * q[p + 1, j] + ue * q[p + 1, j + 1]
                qm = (1 - up) * q0 + up * q1
                lam = qm / em
                xa, xb = math.exp(-e0), math.exp(-e1)
                f0a, f0b = xa / (1.0 + xa), xb / (1.0 + xb)
                z = lam * dt
                om = -math.expm1(-z)
                phi1 = om / z
                old = df[ix, k]
                new = (1.0 - om) * old + (f0a - f0b) * phi1
                rel = old * om + (f0a - f0b) * (1.0 - phi1)
                df[ix, k] = new
                f_mid = 0.5 * (old + new) + 0.5 * (f0a + f0b)
                dF = math.log1p(xa) - math.log1p(xb)
                w_in += ((e1 - e0) * f_mid - dF) * wx[ix] * wxi[k]
                c = wx[ix] * wxi[k] * rel / lam
                for pp, wp in ((p, 1 - up), (p + 1, up)):
                    dep[pp, j] += c * wp * (1 - ue)
                    dep[pp, j + 1] += c * wp * ue
    return df, w_in, dep


def _args(nt, nx, nxi):
    run = synthetic_psc_run(period=10.0, n_periods=nt / 1000.0, nt=nt, nx=nx, length=10.0)
    psi = np.ascontiguousarray(run["psi_abs"].values)
    t = run["t"].values.astype(float)
    xi = np.linspace(0.2, 24.0, nxi)  # ξ > 0: E_mid > 0 on every label (the kernel's E → 0 limit is not timed)
    w = np.full(nx, 10.0 / (nx - 1))
    wxi = np.full(nxi, xi[1] - xi[0])
    return psi, t, xi, w, wxi


def _kernel(psi, t, xi, q, wx, wxi):
    none = np.zeros(0, dtype=np.int64)
    store = np.zeros((0, psi.shape[1], xi.size))
    zero = np.zeros((psi.shape[1], xi.size))
    return _evolve(psi, t, xi, D0, q, PSI_STEP, EPS_STEP, 0.0, False, zero, wx, wxi, none, store, True)


def run() -> dict:
    q = _q_table()
    psi, t, xi, wx, wxi = _args(10_001, 100, 200)
    _kernel(psi[:3], t[:3], xi, q, wx, wxi)  # compile
    times = []
    for _ in range(3):
        start = time.perf_counter()
        _kernel(psi, t, xi, q, wx, wxi)
        times.append(time.perf_counter() - start)
    t_neqsc = min(times)
    spsi, st, sxi, swx, swxi = _args(201, 10, 20)
    start = time.perf_counter()
    ref_df, ref_w, ref_dep = _loop(spsi, st, sxi, q, np.zeros((10, 20)), swx, swxi)
    t_loop = (time.perf_counter() - start) / (200 * 10 * 20) * (10_000 * 100 * 200)
    got = _kernel(spsi, st, sxi, q, swx, swxi)
    full = synthetic_psc_run(period=10.0, n_periods=10.0, nt=10_001, nx=100, length=10.0)
    start = time.perf_counter()
    ds = relaxation_spectra(full, "Al", n_xi=200)
    t_full = time.perf_counter() - start
    return {
        "relaxation_spectra_seconds_end_to_end": t_full,
        "relaxation_spectra_first_law_residual": ds["first_law_residual"].item(),
        "n_snapshots": 10_001,
        "n_x": 100,
        "n_xi": 200,
        "neqsc_seconds_one_pass": t_neqsc,
        "neqsc_seconds_all_repeats": times,
        "baseline_loop_seconds_extrapolated": t_loop,
        "speedup_vs_loop": t_loop / t_neqsc,
        "max_rel_difference_delta_f": float(np.max(np.abs(got[0] - ref_df)) / np.max(np.abs(ref_df))),
        "rel_difference_work": abs(got[3] - ref_w) / abs(ref_w),
        "max_rel_difference_deposit": float(np.max(np.abs(got[2] - ref_dep)) / np.max(np.abs(ref_dep))),
    }
