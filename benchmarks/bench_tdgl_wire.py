"""A 30ξ wire at dx = 0.1ξ, δ = 10 (banks, exact interference): wall time for 1000 t0 on one core.

Two states: (a) superconducting, j = 0.30 j0 from Ψ = 1 (transient + static state); (b) resistive PSC state,
j = 0.35 j0 inside the hysteretic window, prepared by stepping down from j = 0.5. Baseline: a straightforward
vectorised NumPy forward-Euler integration of the same semi-discrete equations at its stability limit
dt = 0.2 h² ν_min (ν_min = u/√(1+δ²)), timed over 10 t0 and scaled to 1000 t0.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._harness import peak_rss_mb
from neqsc.tdgl import U_DEFAULT, State, simulate
from neqsc.tdgl.elliptic import interference_factor

L, DX, DELTA, T = 30.0, 0.1, 10.0, 1000.0


def _euler_baseline(j: float, t_span: float) -> float:
    n = round(L / DX)
    h = L / n
    u, d2 = U_DEFAULT, DELTA**2
    c1 = 2 * DELTA * np.sqrt(0.1 / u)
    c2 = 2 / np.pi * np.sqrt(0.1 * u)
    dt = 0.2 * h * h * u / np.sqrt(1 + d2)
    psi = np.ones(n + 1, complex)
    th = np.zeros(2)
    start = time.perf_counter()
    for _ in range(int(t_span / dt)):
        psi[0], psi[-1] = np.exp(1j * th[0]), np.exp(1j * th[1])
        a2 = np.abs(psi) ** 2
        r = (psi[2:] - 2 * psi[1:-1] + psi[:-2]) / h**2 + (1 - a2[1:-1]) * psi[1:-1]
        sq = np.sqrt(1 + d2 * a2[1:-1])
        dot = np.real(np.conj(psi[1:-1]) * r)
        drate = np.concatenate([[0.0], 2 * dot / (u * sq), [0.0]])
        js = np.imag(np.conj(psi[:-1]) * psi[1:]) / h
        js *= 1 - c1 * 0.5 * (drate[1:] + drate[:-1]) / (0.5 * (a2[1:] + a2[:-1]) + 1e-8)
        amp = 0.5 * (np.sqrt(a2[1:]) + np.sqrt(a2[:-1]))
        g = (js - j) / (1 + c2 * amp * interference_factor(DELTA * amp, "exact"))
        phi = np.concatenate([[0.0], np.cumsum(g * h)])
        phi -= 0.5 * phi[-1]
        f = sq / u * (r - d2 * dot / (1 + d2 * a2[1:-1]) * psi[1:-1]) - 1j * phi[1:-1] * psi[1:-1]
        psi[1:-1] += dt * f
        th += dt * np.array([-phi[0], -phi[-1]])
    return (time.perf_counter() - start) * T / t_span


def run() -> dict:
    simulate(0.3, L, DELTA, t_end=1.0, dx=DX)  # compile / load cache
    start = time.perf_counter()
    sc = simulate(0.30, L, DELTA, t_end=T, dx=DX)
    t_sc = time.perf_counter() - start
    ds = simulate(0.5, L, DELTA, t_end=100.0, dx=DX, save_every=10.0)
    for j in (0.45, 0.40):
        ds = simulate(j, L, DELTA, t_end=100.0, dx=DX, save_every=10.0, initial=ds)
    state = State.from_dataset(ds)
    start = time.perf_counter()
    psc = simulate(0.35, L, DELTA, t_end=T, dx=DX, initial=state)
    t_psc = time.perf_counter() - start
    t_base = _euler_baseline(0.30, 2.0)
    return {
        "superconducting_j0.30_seconds_per_1000t0": t_sc,
        "superconducting_steps": sc.attrs["n_steps_accepted"] + sc.attrs["n_steps_rejected"],
        "psc_j0.35_seconds_per_1000t0": t_psc,
        "psc_steps": psc.attrs["n_steps_accepted"] + psc.attrs["n_steps_rejected"],
        "psc_mean_voltage": psc.attrs["mean_voltage"],
        "psc_period_t0": psc.attrs["period"],
        "psc_n_slips": psc.attrs["n_slips"],
        "euler_numpy_baseline_seconds_per_1000t0": t_base,
        "speedup_vs_euler_superconducting": t_base / t_sc,
        "speedup_vs_euler_psc": t_base / t_psc,
        "target_seconds": 1.0,
        "peak_rss_mb": peak_rss_mb(),
    }
