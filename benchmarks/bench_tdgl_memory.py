"""Memory is bounded by the output, not by the run length: a 10⁶-step run saving 10³ snapshots.

L = 10ξ, dx = 0.1ξ (101 nodes), j = 1.5, δ = 10, fixed step dt = 1e-3 (adaptive off) for 1000 t0, save_every = 1 t0.
The peak RSS of this process (Python + NumPy + Numba + xarray included) must stay ≤ 300 MB; the baseline is the RSS
after a 10³-step run. The same run is also done streamed to a Zarr store (``stream_to``) first.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks._harness import peak_rss_mb
from neqsc.tdgl import simulate


def run() -> dict:
    simulate(1.5, 10.0, 10.0, t_end=1.0, adaptive=False, dt_init=1e-3, save_every=1e-3)
    rss_small = peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        streamed = simulate(
            1.5, 10.0, 10.0, t_end=1000.0, adaptive=False, dt_init=1e-3, save_every=1.0, stream_to=Path(tmp) / "r.zarr"
        )
        wall_streamed = time.perf_counter() - start
        steps_streamed = streamed.attrs["n_steps_accepted"]
        del streamed
    rss_streamed = peak_rss_mb()
    start = time.perf_counter()
    ds = simulate(1.5, 10.0, 10.0, t_end=1000.0, adaptive=False, dt_init=1e-3, save_every=1.0)
    wall = time.perf_counter() - start
    return {
        "steps": ds.attrs["n_steps_accepted"],
        "snapshots": ds.sizes["t"],
        "dataset_mb": ds.nbytes / 1e6,
        "wall_seconds": wall,
        "microseconds_per_step": wall / ds.attrs["n_steps_accepted"] * 1e6,
        "peak_rss_mb_after_1e3_step_run": rss_small,
        "peak_rss_mb_after_streamed_1e6_step_run": rss_streamed,
        "streamed_steps": steps_streamed,
        "streamed_wall_seconds": wall_streamed,
        "peak_rss_mb": peak_rss_mb(),
        "limit_mb": 300.0,
    }
