"""Hemispherical transmission of the mode-converting AMM: batched Gauss–Legendre vs adaptive quadrature.

neqsc path: :func:`neqsc.phonons.transmission.mode_gammas` (Γ_L, Γ_SV, Γ_SH; all nodes of a mode in one batched
4 × 4 solve) for Al/sapphire, Al/Si and Sn/sapphire. Baseline: ``scipy.integrate.quad`` over p with the critical
slownesses as break points and one 4 × 4 solve per integrand call (the straightforward way to write it); both give
the same Γ (maximum relative difference reported).
"""

from __future__ import annotations

import time

import numpy as np
from scipy import integrate

from neqsc.phonons.kapitza import medium
from neqsc.phonons.transmission import amm_coefficients, mode_gammas

PAIRS = [("Al", "sapphire"), ("Al", "Si"), ("Sn", "sapphire")]


def _quad_gammas(a: str, b: str) -> dict[str, float]:
    m1, m2 = medium(a), medium(b)
    out = {}
    for mode, c in (("L", m1.c_l), ("SV", m1.c_t), ("SH", m1.c_t)):
        kinks = sorted({1 / v for v in (m1.c_l, m1.c_t, m2.c_l, m2.c_t) if 1 / v < 1 / c})

        def f(p, mode=mode, c=c):
            co = amm_coefficients(m1, m2, np.array([p]), mode)
            return 2 * c**2 * p * sum(float(v[0]) for k, v in co.items() if k.startswith("T_"))

        out[mode] = integrate.quad(f, 0.0, (1 - 1e-12) / c, points=kinks, limit=400, epsabs=1e-13)[0]
    return out


def run() -> dict:
    mode_gammas("Al", "Si")  # warm-up (imports, material table)
    start = time.perf_counter()
    fast = [mode_gammas(a, b) for a, b in PAIRS]
    t_neqsc = time.perf_counter() - start
    start = time.perf_counter()
    slow = [_quad_gammas(a, b) for a, b in PAIRS]
    t_quad = time.perf_counter() - start
    diff = max(abs(f[k] - s[k]) / s[k] for f, s in zip(fast, slow, strict=True) for k in f)
    return {
        "pairs": [f"{a}/{b}" for a, b in PAIRS],
        "neqsc_seconds": t_neqsc,
        "baseline_quad_seconds": t_quad,
        "speedup_vs_quad": t_quad / t_neqsc,
        "max_rel_difference_gamma": diff,
    }
