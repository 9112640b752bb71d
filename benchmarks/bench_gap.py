"""BCS gap Δ(T) on 10⁵ temperatures: vectorised Newton vs per-point root finding (scipy brentq + Matsubara sum).

The baseline is what a straightforward implementation does: for each T, ``brentq`` on the cut-off-free gap
equation summed over Matsubara frequencies. It is timed on a subset and scaled to 10⁵ points; accuracy of the
vectorised result is measured against the baseline on that subset.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import brentq

from benchmarks._harness import peak_rss_mb
from neqsc import bcs
from neqsc.constants import k_B


def _baseline_point(t: float) -> float:
    """Δ/k_BTc at T/Tc = t by brentq on ln(Tc/T) = 2Σ[1/(2n+1) − 1/√((2n+1)²+x²)] (4000 terms + tail 0)."""
    if t >= 1.0:
        return 0.0
    a = 2.0 * np.arange(4000) + 1.0

    def residual(d: float) -> float:
        x2 = (d / (np.pi * t)) ** 2
        return 2.0 * np.sum(x2 / (a * np.sqrt(a * a + x2) * (np.sqrt(a * a + x2) + a))) + np.log(t)

    return brentq(residual, 1e-12, 2.0, xtol=1e-14)


def run() -> dict:
    n = 100_000
    T = np.linspace(0.25, 0.999, n)  # K with Tc = 1 K (Matsubara range, where the baseline is accurate)
    start = time.perf_counter()
    delta = bcs.gap(T, 1.0) / k_B
    t_vec = time.perf_counter() - start

    subset = np.linspace(0, n - 1, 200).astype(int)
    start = time.perf_counter()
    ref = np.array([_baseline_point(t) for t in T[subset]])
    t_base = (time.perf_counter() - start) * n / subset.size
    rel_err = float(np.max(np.abs(delta[subset] - ref) / ref))
    return {
        "n_temperatures": n,
        "neqsc_seconds": t_vec,
        "baseline_seconds_extrapolated": t_base,
        "speedup": t_base / t_vec,
        "max_rel_diff_vs_baseline": rel_err,
        "peak_rss_mb": peak_rss_mb(),
    }
