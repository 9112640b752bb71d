"""Module-level functions for sweep tests (picklable by reference for process pools)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import xarray as xr


def quadratic(x: float, y: float = 0.0) -> dict:
    """A dict result (not a Dataset): f = x² + y and a 3-vector."""
    return {"f": x * x + y, "vec": np.array([x, y, x + y])}


def noisy_mean(x: float, n: int = 1000, seed: int = 0) -> xr.Dataset:
    """Mean of n seeded normals shifted by x: identical seeds give identical numbers."""
    rng = np.random.default_rng(seed)
    return xr.Dataset({"mean": ((), x + rng.standard_normal(n).mean()), "seed_used": ((), np.uint64(seed))})


def flaky(x: float, counter_dir: str) -> xr.Dataset:
    """Raises on the first call for each x (counted with a file), succeeds afterwards."""
    marker = Path(counter_dir) / f"{x!r}.calls"
    calls = int(marker.read_text()) if marker.exists() else 0
    marker.write_text(str(calls + 1))
    if calls == 0:
        raise RuntimeError(f"transient failure at x={x}")
    return xr.Dataset({"value": ((), 2.0 * x)})


def crash_at(x: float, bad: float) -> xr.Dataset:
    """Kills its worker process outright (like a segfault or the OOM killer) when x == bad."""
    if x == bad:
        os._exit(13)
    return xr.Dataset({"value": ((), x + 1.0)})


def shape_depends_on_x(x: int) -> xr.Dataset:
    """Returns an array whose length depends on x: only the first point's layout is accepted."""
    return xr.Dataset({"v": ("k", np.arange(float(x)))})


def sleepy(x: float) -> xr.Dataset:
    """Half a second of sleep per point (a sweep that is still running when its parent is killed)."""
    import time

    time.sleep(0.5)
    return xr.Dataset({"value": ((), x)})
