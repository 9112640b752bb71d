"""PSC phonon spectra for a 10⁴-snapshot history on 200 ω points: FFT-tabulated η₁ + sparse-weight wire sums
vs the direct per-point quadrature baseline.

neqsc path: :func:`neqsc.phonons.phonon_spectra` end to end (η₁ table on 121 |Ψ| × 200 ω by FFT convolutions,
then Σ_x G(ω, |Ψ(x,t)|) for 10⁴ snapshots × 301 grid points by bincount + one matrix product).
Baseline: what a direct implementation needs at minimum — η₁ by ``scipy.integrate.quad`` at every (|Ψ|, ω) node
of the same table (the recipe of ``neqsc.phonons.table``); timed on 60 nodes and scaled to 121 × 200 (the wire
sums are not even counted for it). The accuracy of the neqsc table against the quadrature is measured on the
same 60 nodes.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._harness import peak_rss_mb
from neqsc.phonons import eta1_quad, phonon_spectra, synthetic_psc_run
from neqsc.phonons.spectral import gap_over_T
from neqsc.phonons.table import build_table


def run() -> dict:
    history = synthetic_psc_run(period=10.0, n_periods=10.0, nt=10_001, nx=301)
    rss_history = peak_rss_mb()  # the input history alone (8 variables × 10⁴ × 301 doubles + temporaries)
    omega = np.linspace(0.0, 8.0, 200)
    phonon_spectra(synthetic_psc_run(nt=101), omega=omega, gamma=0.3)  # warm-up (imports, FFT plans)
    start = time.perf_counter()
    ds = phonon_spectra(history, "Al", omega=omega, gamma=0.3)
    t_neqsc = time.perf_counter() - start
    start = time.perf_counter()
    table = build_table(omega, 0.9, 0.3)
    t_table = time.perf_counter() - start

    rng = np.random.default_rng(1)
    ip = rng.integers(1, table.psi.size, 60)
    iw = rng.integers(1, omega.size, 60)
    start = time.perf_counter()
    pairs = zip(ip, iw, strict=True)
    ref = np.array([eta1_quad(omega[b], float(gap_over_T(table.psi[a], 0.9)), 0.3) for a, b in pairs])
    t_quad = (time.perf_counter() - start) / ip.size * table.psi.size * omega.size
    err = float(np.max(np.abs(table.eta[ip, iw] - ref)) / np.max(np.abs(table.eta)))
    return {
        "n_snapshots": int(history.sizes["t"]),
        "n_x": int(history.sizes["x"]),
        "n_omega": int(omega.size),
        "neqsc_seconds_total": t_neqsc,
        "neqsc_seconds_table": t_table,
        "baseline_quad_table_seconds_extrapolated": t_quad,
        "speedup_vs_quad_baseline": t_quad / t_neqsc,
        "max_table_error_vs_quad_rel": err,
        "cycle_residual": float(ds["cycle_residual"]),
        "peak_rss_mb_after_history_built": rss_history,
        "peak_rss_mb": peak_rss_mb(),
    }
