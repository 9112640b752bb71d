"""Shape of ∂τ|Ψ| at the PSC centre over one period for several readings of the paper's Fig. 1 parameters.

Mowgood et al. (phase-slip centers as cooling engines, Fig. 1) describe ∂|Ψ|/∂τ at the PSC as negative for almost the
whole period with a short, large positive burst after each slip. For each reading (L, j, δ, boundary, switches) this
script runs to a periodic state and reports, over the last whole periods at x = 0: the fraction of time with
∂τ|Ψ| < 0 and the ratio max(∂τ|Ψ|)/|min(∂τ|Ψ|)|. Run: ``python benchmarks/tdgl_fig1_shape_study.py``.
"""

from __future__ import annotations

import numpy as np

from neqsc.tdgl import simulate

READINGS = [
    # label, j, L, delta, extra options
    ("psc-fig1 recipe (J/J0 = 1.5, L = 1.08)", 1.5, 1.08, 10.0, {"interference": "paper_approx"}),
    ("same, c1 converted", 1.5, 1.08, 10.0, {"interference": "paper_approx", "sc_correction": "converted"}),
    ("same, delta = 100", 1.5, 1.08, 100.0, {"interference": "paper_approx"}),
    ("J = 1.5 j_dp, L = 30 (no periodic state in 300 t0)", 0.577, 30.0, 10.0, {"interference": "paper_approx"}),
    ("J = 1.5 j_dp, L = 30, delta = 100", 0.577, 30.0, 100.0, {"interference": "paper_approx"}),
    ("J = 1.5 j0, L = 30", 1.5, 30.0, 10.0, {"interference": "paper_approx"}),
    (
        "J = 1.5 j_dp, L = 30, normal leads",
        0.577,
        30.0,
        10.0,
        {"interference": "paper_approx", "boundary": "normal_leads"},
    ),
    ("J = 1.5 j_c1, L = 10 (j = 0.59)", 0.59, 10.0, 10.0, {"interference": "paper_approx"}),
    (
        "J = 1.5 j_c1, L = 10, c1 converted",
        0.59,
        10.0,
        10.0,
        {"interference": "paper_approx", "sc_correction": "converted"},
    ),
    ("J = 1.5 j_c1, L = 10, delta = 100", 0.59, 10.0, 100.0, {"interference": "paper_approx"}),
]


def shape(j, length, delta, options, t_warm=300.0):
    warm = simulate(j, length, delta, t_end=t_warm, save_every=t_warm, dx=0.05, **options)
    period = warm.attrs["period"]
    if not np.isfinite(period):
        return None
    ds = simulate(j, length, delta, t_end=3 * period, save_every=period / 2000, initial=warm, dx=0.05, **options)
    a = ds["psi_abs"].sel(x=0.0, method="nearest").values
    t = ds["t"].values
    rate = np.gradient(a, t)
    slips = ds["slip_time"].values
    sel = (t >= slips[0]) & (t <= slips[-1]) if slips.size >= 2 else slice(None)
    r = rate[sel]
    return {
        "period": period,
        "fraction_negative": float(np.mean(r < 0)),
        "burst_ratio": float(r.max() / abs(r.min())),
        "min_psi": float(a.min()),
        "max_psi": float(a.max()),
    }


if __name__ == "__main__":
    import sys

    start = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    for label, j, length, delta, options in READINGS[start:]:
        print(label, shape(j, length, delta, options), flush=True)
