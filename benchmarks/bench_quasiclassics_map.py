"""101 × 101 (V_inj, V_det) g_nl map without collisions, with the self-consistent Δ(V_inj) (paper Appendix B setup,
δε = 1/40, ω_D = 10, Γ = 0.005).

Baseline (same process): a per-energy solver — scipy.sparse tridiagonal ``spsolve`` in a Python loop over energies —
for one kinetic solve, scaled by the number of kinetic solves the fast pipeline needed and by 101/51 (the baseline
does not use the V_inj → −V_inj symmetry).
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve

from benchmarks._harness import peak_rss_mb
from neqsc.quasiclassics import (
    UnresolvedGridWarning,
    nonlocal_map,
    reservoir_modes,
    uniform_energy_grid,
    uniform_spectra,
)
from neqsc.quasiclassics.device import PAPER_DEVICE as DEV


def _naive_solve(s, x, kappa, v, t, t_inj):
    """f_T and f_L energy by energy (half wire, decoupled modes), scipy sparse."""
    h = np.diff(x)
    n = x.size
    fL_N, fT_N = reservoir_modes(s.eps, v, t_inj)
    out = np.zeros((2, n, s.eps.size))
    for k in range(s.eps.size):
        for mode, (D, R, src, res) in enumerate(
            ((s.D_L[k], 0.0, fL_N[k], np.tanh(s.eps[k] / (2 * t))), (s.D_T[k], s.R_T[k], fT_N[k], 0.0))
        ):
            main = np.zeros(n)
            lower = np.zeros(n - 1)
            upper = np.zeros(n - 1)
            rhs = np.zeros(n)
            for i in range(n - 1):
                main[i] -= D / h[i]
                upper[i] += D / h[i]
                main[i + 1] -= D / h[i]
                lower[i] += D / h[i]
            vol = np.zeros(n)
            vol[:-1] += 0.5 * h
            vol[1:] += 0.5 * h
            main -= vol * R
            main[0] -= kappa * s.N[k]
            rhs[0] = -kappa * s.N[k] * src
            main[-1], lower[-1], rhs[-1] = 1.0, 0.0, res
            A = sp.diags([lower, main, upper], [-1, 0, 1], format="csc")
            out[mode, :, k] = spsolve(A, rhs)
    return out


def run() -> dict:
    import neqsc.quasiclassics.maps as nl

    calls = {"n": 0}
    orig = nl.solve_kinetics

    def counted(*a, **k):
        calls["n"] += 1
        return orig(*a, **k)

    nl.solve_kinetics = counted
    eps = uniform_energy_grid(1 / 40, 10.0)
    model = DEV.model(eps)  # half wire, Appendix-B defaults (Γ = 0.005, λ "paper")
    wire = model.wire
    v_inj = np.linspace(-5, 5, 101)
    v_det = np.linspace(-2.5, 2.5, 101)
    try:
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnresolvedGridWarning)
            m = nonlocal_map(model, v_inj[v_inj >= 0], v_det)
        t_fast = time.perf_counter() - start
    finally:
        nl.solve_kinetics = orig
    x = wire.nodes()[0]
    s = uniform_spectra(eps, 0.95, 0.005)
    start = time.perf_counter()
    naive = _naive_solve(s, x, DEV.kappa_inj / 2, 2.0, DEV.t, DEV.t_inj)
    t_naive_one = time.perf_counter() - start
    fast = orig(s, wire, kappa_inj=DEV.kappa_inj, V_inj=2.0, t=DEV.t, t_inj=DEV.t_inj)
    diff = float(max(np.abs(naive[0] - fast.f_L).max(), np.abs(naive[1] - fast.f_T).max()))
    t_base = t_naive_one * calls["n"] * 101 / 51
    return {
        "map_seconds": t_fast,
        "map_shape": f"{m.g_nl.shape[0]}x{m.g_nl.shape[1]}",
        "kinetic_solves": calls["n"],
        "baseline_per_energy_spsolve_seconds_extrapolated": t_base,
        "speedup_vs_per_energy_spsolve": t_base / t_fast,
        "naive_vs_fast_max_abs_diff": diff,
        "peak_rss_mb": peak_rss_mb(),
    }
