"""A 64-current I–V curve (j = 0.3…2 j0, L = 10ξ, δ = 10, banks, 200 t0 per point, up-sweep) on 2 cores.

Baseline: the strictly sequential sweep (workers = 1) of every 4th current (16 points), time scaled ×4. The parallel
run uses 2 segments prepared by adiabatic ramps (docs/tdgl.md); ⟨V⟩ of the two runs is compared on the shared
currents where both are periodic PSC states.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._harness import peak_rss_mb
from neqsc.tdgl import iv_curve, simulate


def run() -> dict:
    simulate(1.0, 10.0, 10.0, t_end=1.0)
    currents = np.linspace(0.3, 2.0, 64)
    start = time.perf_counter()
    ds = iv_curve(currents, length=10.0, delta=10.0, direction="up", workers=2)
    wall = time.perf_counter() - start
    start = time.perf_counter()
    seq = iv_curve(currents[::4], length=10.0, delta=10.0, direction="up", workers=1)
    wall_seq = (time.perf_counter() - start) * 4
    v_par = ds["mean_voltage"].sel(direction="up").values[::4]
    v_seq = seq["mean_voltage"].sel(direction="up").values
    both = (ds["periodic"].values[0, ::4] == 1) & (seq["periodic"].values[0] == 1)
    return {
        "currents": 64,
        "wall_seconds_2_workers": wall,
        "sequential_baseline_seconds_extrapolated": wall_seq,
        "parallel_speedup": wall_seq / wall,
        "target_seconds": 60.0,
        "j_switch_up": ds.attrs["j_switch_up"],
        "compared_points": int(both.sum()),
        "max_rel_diff_parallel_vs_sequential_V": float(np.max(np.abs(v_par[both] / v_seq[both] - 1.0))),
        "peak_rss_mb": peak_rss_mb(),
    }
