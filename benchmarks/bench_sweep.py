"""Sweep engine: 64-point CPU-bound sweep on 2 processes vs serial, Dask overhead per point, parent memory vs points.

* speed-up: ``sweep(brownian_relaxation, 8×8 grid)`` with ``executor="processes", workers=2`` vs ``"serial"``
  (≈ 0.2 s per point; both with one BLAS thread, both writing a Zarr store), same process, best of ``REPEAT``
  interleaved rounds; the CPU cores each run actually obtained (CPU seconds / wall seconds) are recorded, since other
  work shares the cores;
* because other work shares the 2 cores, the CPU time of both runs is measured too: their ratio is the parallel CPU
  efficiency, and 2 × efficiency the speed-up 2 idle cores would give (an upper bound, reported as a projection);
* Dask: the same sweeps on an already-started 2-worker ``LocalCluster``, compared with serial runs timed while the
  cluster is up (its idle workers use some CPU); overhead = a trivial point function swept over 64 points on Dask
  minus the serial time of the same trivial sweep (which includes the store writes), per point;
* memory: peak RSS of the *parent* process, measured in a fresh subprocess per run, streaming 0.5 MB results into
  a store (``load=False``) for 16, 64 and 256 points — and, for contrast, collecting them in memory (no store).

The machine has 2 cores shared with other work; the load average before and after is recorded with the figures.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import xarray as xr

from benchmarks._harness import peak_rss_mb
from neqsc.sweep import sweep
from neqsc.sweep.toy import brownian_relaxation

REPEAT = 3
N_SIDE = 8  # 8 × 8 = 64 points
CPU_POINT = functools.partial(brownian_relaxation, n_walkers=20000, n_steps=1000)  # ≈ 0.2 s per point
GRID = {"gamma": np.linspace(1e3, 8e3, N_SIDE), "temperature": np.linspace(0.01, 0.08, N_SIDE)}


def trivial_point(x: float) -> xr.Dataset:
    """A point that costs nothing: what remains of the wall time is the engine's own overhead."""
    return xr.Dataset({"y": ((), 2.0 * x)})


def _cpu_seconds() -> float:
    """User + system CPU time of this process, its reaped children (pool workers, reaped at shutdown) and its live
    descendants (Dask nannies and workers)."""
    import psutil

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    for proc in psutil.Process().children(recursive=True):
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _timed(func, *args, **kwargs) -> tuple[float, float]:
    """Wall time of one sweep into a fresh store, and the CPU cores it got on average (CPU seconds / wall)."""
    with tempfile.TemporaryDirectory() as tmp:
        cpu0, start = _cpu_seconds(), time.perf_counter()
        func(*args, store=Path(tmp) / "bench.zarr", **kwargs)
        wall = time.perf_counter() - start
        return wall, (_cpu_seconds() - cpu0) / wall


def _interleaved(runs: dict) -> dict:
    """Best wall time of each run over REPEAT rounds, alternating runs so that a load change hits all of them."""
    best = {name: (float("inf"), 0.0) for name in runs}
    for _ in range(REPEAT):
        for name, (args, kwargs) in runs.items():
            wall, cores = _timed(sweep, *args, **kwargs)
            if wall < best[name][0]:
                best[name] = (wall, cores)
    return best


MEMORY_SCRIPT = """
import functools, resource, sys, tempfile
from pathlib import Path
from neqsc.sweep import sweep
from neqsc.sweep.toy import brownian_relaxation
if __name__ == "__main__":
    n, mode = int(sys.argv[1]), sys.argv[2]
    func = functools.partial(brownian_relaxation, n_walkers=1000, n_steps=10, n_bins=62500)  # 0.5 MB per point
    grid = {"gamma": [1e3 * (1 + i) for i in range(n)], "temperature": [0.05]}
    func(gamma=1e3, temperature=0.05)  # imports and first-call allocations, before the baseline
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "m.zarr" if mode == "store" else None
        ds = sweep(func, grid, "processes", workers=2, store=store, load=False if store else True)
        assert int((ds["sweep_status"] == 1).sum()) == n
    print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)
"""


def _parent_peak_rss(n: int, mode: str) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(n), mode],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    before, after = out.stdout.strip().splitlines()[-1].split()
    return float(before), float(after)


def run() -> dict:
    import distributed

    figures: dict = {"load_average_before": os.getloadavg()[0], "cpu_count": os.cpu_count()}
    n_points = N_SIDE * N_SIDE
    trivial_grid = {"x": np.arange(float(n_points))}
    # phase 1, no cluster running: serial vs processes
    best = _interleaved(
        {
            "serial": ((CPU_POINT, GRID, "serial"), {}),
            "processes2": ((CPU_POINT, GRID, "processes"), {"workers": 2}),
            "trivial_serial": ((trivial_point, trivial_grid, "serial"), {}),
            "trivial_processes": ((trivial_point, trivial_grid, "processes"), {"workers": 2}),
        }
    )
    # phase 2, with a LocalCluster (its idle workers and scheduler use some CPU): serial again vs Dask
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    )
    client = distributed.Client(cluster, set_as_default=False)
    try:
        # workers import neqsc and run a first point (allocator and RNG warm-up) outside the timing
        sweep(CPU_POINT, {"gamma": [1e3, 2e3], "temperature": [0.1]}, client)
        best_dask = _interleaved(
            {
                "serial_with_cluster": ((CPU_POINT, GRID, "serial"), {}),
                "dask2": ((CPU_POINT, GRID, client), {}),
                "trivial_serial_with_cluster": ((trivial_point, trivial_grid, "serial"), {}),
                "trivial_dask": ((trivial_point, trivial_grid, client), {}),
            }
        )
    finally:
        client.close()
        cluster.close()
    best.update(best_dask)
    (t_serial, cores_serial), (t_proc, cores_proc), (t_dask, cores_dask) = (
        best["serial"],
        best["processes2"],
        best["dask2"],
    )
    t_trivial_serial, t_trivial_proc, t_trivial_dask, t_trivial_serial2 = (
        best[k][0] for k in ("trivial_serial", "trivial_processes", "trivial_dask", "trivial_serial_with_cluster")
    )
    t_serial2 = best["serial_with_cluster"][0]
    figures.update(
        n_points=n_points,
        serial_seconds=t_serial,
        processes2_seconds=t_proc,
        dask2_seconds=t_dask,
        speedup_2_processes_vs_serial=t_serial / t_proc,
        serial_with_cluster_seconds=t_serial2,
        speedup_dask2_vs_serial=t_serial2 / t_dask,
        serial_seconds_per_point=t_serial / n_points,
        cores_obtained_serial=cores_serial,
        cores_obtained_processes2=cores_proc,
        cores_obtained_dask2=cores_dask,
        # CPU seconds of the serial run / CPU seconds of the 2-process run (pool start, pickling, store writes
        # included): 1 means parallelising cost nothing. On 2 idle cores the speed-up would be ≈ 2 × this (upper
        # bound: it ignores load imbalance), which is what a loaded machine cannot show directly.
        parallel_cpu_efficiency=(t_serial * cores_serial) / (t_proc * cores_proc),
        projected_speedup_2_idle_cores=2 * (t_serial * cores_serial) / (t_proc * cores_proc),
        trivial_serial_ms_per_point=1e3 * t_trivial_serial / n_points,
        trivial_processes_ms_per_point=1e3 * t_trivial_proc / n_points,
        trivial_dask_ms_per_point=1e3 * t_trivial_dask / n_points,
        dask_overhead_ms_per_point=1e3 * (t_trivial_dask - t_trivial_serial2) / n_points,
        processes_overhead_ms_per_point=1e3 * (t_trivial_proc - t_trivial_serial) / n_points,
    )

    # peak RSS of the parent after the sweep, and what the sweep added to the peak reached before it started
    for mode, sizes in (("store", (16, 64, 256)), ("memory", (16, 256))):
        for n in sizes:
            before, after = _parent_peak_rss(n, mode)
            figures[f"parent_peak_rss_mb_{mode}_{n}_points"] = after
            figures[f"parent_peak_rss_added_mb_{mode}_{n}_points"] = after - before
    figures["results_mb_per_point"] = 62500 * 8 / 2**20
    figures["load_average_after"] = os.getloadavg()[0]
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
