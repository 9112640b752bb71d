"""Dynes local conductance G(V) on 601 biases: neqsc cell-integral convolution vs per-point scipy ``quad``.

The baseline is the straightforward implementation: for each bias, ``scipy.integrate.quad`` of
N_Dynes(E)·(−∂f/∂E)(E − eV) over E with breakpoints at ±Δ (Γ = 0.5 µeV, T = 37 mK, junction B of Table 1). It is
timed on a subset and scaled to 601 points; the neqsc result is compared with it on that subset. A full Dynes fit
(4 parameters, 301 biases) is timed as well.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad

from benchmarks._harness import best_time, peak_rss_mb
from neqsc import bcs
from neqsc.constants import e
from neqsc.quasiclassics.measured.fitting import dynes_conductance, fit_dynes

UEV = 1e-6 * e
GAP, GAMMA, T, G_N = 259 * UEV, 0.5 * UEV, 0.037, 1.0


def _baseline_point(v: float) -> float:
    def integrand(E_ueV: float) -> float:
        E = E_ueV * UEV
        return float(bcs.dynes_dos(E, GAP, GAMMA) * bcs.minus_dfermi_dE(E - e * v, T)) * UEV

    kT = 3.19  # µeV at 37 mK
    lo, hi = v * 1e6 - 40 * kT, v * 1e6 + 40 * kT
    points = [p for p in (-259.0, 259.0) if lo < p < hi]
    return quad(integrand, lo, hi, points=points or None, limit=400, epsabs=1e-10, epsrel=1e-10)[0]


def run() -> dict:
    V = np.linspace(-600e-6, 600e-6, 601)
    t_vec = best_time(lambda: dynes_conductance(V, GAP, GAMMA, T, G_N), repeat=5)
    G = dynes_conductance(V, GAP, GAMMA, T, G_N)
    subset = np.linspace(0, V.size - 1, 41).astype(int)
    import time

    start = time.perf_counter()
    ref = np.array([_baseline_point(v) for v in V[subset]])
    t_base = (time.perf_counter() - start) * V.size / subset.size
    rng = np.random.default_rng(0)
    Vf = np.linspace(-600e-6, 600e-6, 301)
    data = dynes_conductance(Vf, GAP, GAMMA, T, 31.4e-6) + rng.normal(0, 2e-3 * 31.4e-6, Vf.size)
    t_fit = best_time(lambda: fit_dynes(Vf, data, 2e-3 * 31.4e-6), repeat=1)
    return {
        "n_biases": V.size,
        "neqsc_seconds": t_vec,
        "baseline_quad_seconds_extrapolated": t_base,
        "speedup": t_base / t_vec,
        "max_abs_diff_vs_quad_in_G_N": float(np.max(np.abs(G[subset] - ref))),
        "fit_4_parameters_301_biases_seconds": t_fit,
        "peak_rss_mb": peak_rss_mb(),
    }
