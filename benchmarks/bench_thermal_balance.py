"""200-point thermal-balance curve (Dey et al. 2023 Fig. 3: T_S, T_D vs P_in, T_p = 30 mK) in one run.

neqsc: :func:`neqsc.thermal.sweep` — Euler/quadratic-predicted chord Newton along the sweep with the analytic
Jacobian (pseudo-arclength only where a fold appears), plus the exact responsivities at every point.
Baseline: what a straightforward script does — ``scipy.optimize.fsolve`` per point from the same fixed guess
(T_S, T_D) = (200 mK, 100 mK), no continuation, finite-difference Jacobian, the same physics functions (same
photonic heat current and electron–phonon couplings), no responsivities. The baseline runs on a subset of points
(every 4th) and is scaled to 200; the agreement is measured on that subset. Process CPU time is reported next to
wall time because the shared 2-core machine inflates wall times several-fold.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import fsolve

from benchmarks._harness import peak_rss_mb
from neqsc.thermal import sweep
from neqsc.thermal.devices import dey2023_network

N_POINTS = 200
P_MAX = 3e-12


def run() -> dict:
    net = dey2023_network()
    values = np.linspace(0.0, P_MAX, N_POINTS)
    net.evaluate(np.array([0.3, 0.1]), net.parameters({"P_in": 1e-12}))  # warm-up (imports, caches)
    start, cpu = time.perf_counter(), time.process_time()
    ds = sweep(net, "P_in", values)
    t_neqsc, cpu_neqsc = time.perf_counter() - start, time.process_time() - cpu

    subset = np.arange(0, N_POINTS, 4)
    T_ref = np.column_stack([ds.T_S.values, ds.T_D.values])[subset]
    failures = 0
    worst = 0.0
    start, cpu = time.perf_counter(), time.process_time()
    for k, P in zip(subset, values[subset], strict=True):
        params = net.parameters({"P_in": P})

        def residual(T, params=params):
            T = np.maximum(np.abs(T), 1e-6)  # keep fsolve's trial points physical (T > 0)
            return net.evaluate(T, params, derivatives=False).residual * 1e12  # in pW

        T, _, ier, _ = fsolve(residual, [0.2, 0.1], full_output=True, xtol=1e-12)
        T = np.abs(T)
        rel = float(np.max(np.abs(T / T_ref[k // 4] - 1.0)))
        if ier != 1 or rel > 1e-6:
            failures += 1
        else:
            worst = max(worst, rel)
    t_base = (time.perf_counter() - start) * N_POINTS / subset.size
    cpu_base = (time.process_time() - cpu) * N_POINTS / subset.size
    return {
        "n_points": N_POINTS,
        "neqsc_seconds": t_neqsc,
        "baseline_fsolve_seconds_extrapolated": t_base,
        "speedup": t_base / t_neqsc,
        "neqsc_cpu_seconds": cpu_neqsc,
        "baseline_cpu_seconds_extrapolated": cpu_base,
        "speedup_cpu": cpu_base / cpu_neqsc,
        "baseline_points_tried": int(subset.size),
        "baseline_failures_or_wrong_branch": failures,
        "max_rel_diff_where_baseline_converged": worst,
        "neqsc_max_relative_residual": float(ds.relative_residual.max()),
        "neqsc_folds": int(ds.attrs["n_folds"]),
        "peak_rss_mb": peak_rss_mb(),
    }
