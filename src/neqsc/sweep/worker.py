"""What runs on a worker: evaluate one point, cap BLAS threads, turn the result or the error into plain data.

:func:`evaluate_point` is a module-level function of plain data (the user function, a dict of scalars, an int seed),
so it pickles for process pools and Dask alike. Errors are caught *here* and returned as a message string: an
exception class need not be importable or picklable in the parent for the failure to be recorded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import xarray as xr

_BLAS_ENV = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
_capped: tuple[int, int] | None = None  # (pid, threads) of the cap applied in this process


def cap_blas_threads(threads: int) -> None:
    """Limit BLAS/OpenMP threads in this (worker) process, once.

    Both the environment variables (read by libraries loaded later, e.g. when the user function first imports
    ``scipy.linalg``) and the libraries already loaded (via threadpoolctl) are capped. Done once per process:
    threadpoolctl's scan costs ~1 ms, too much to repeat for cheap points.
    """
    global _capped
    if _capped == (os.getpid(), threads):
        return
    for name in _BLAS_ENV:
        os.environ[name] = str(threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    _capped = (os.getpid(), threads)


def watch_parent(parent_pid: int, interval: float = 0.5) -> None:
    """Worker initialiser: exit this process soon after the sweep process ``parent_pid`` is gone.

    A process pool's workers otherwise outlive a parent killed with SIGKILL (nothing tells them). A daemon thread
    checks every ``interval`` seconds that the parent still exists (and that this process was not re-parented) and
    ends the worker with ``os._exit`` otherwise. Portable (no prctl), independent of the start method.
    """
    import threading
    import time

    first_ppid = os.getppid()

    def alive() -> bool:
        if os.getppid() != first_ppid:
            return False
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def watch() -> None:
        while alive():
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="neqsc-parent-watchdog", daemon=True).start()


def evaluate_point(
    func: Callable[..., Any], point: Mapping[str, Any], seed: int | None, blas_threads: int | None
) -> tuple[str, Any]:
    """Run ``func(**point[, seed=seed])``; return ``("ok", Dataset)`` or ``("error", "Type: message")``.

    ``blas_threads=None`` leaves the BLAS settings alone (the parent caps them for in-process executors).
    """
    if blas_threads is not None:
        cap_blas_threads(blas_threads)
    kwargs = dict(point)
    if seed is not None:
        kwargs["seed"] = seed
    try:
        return "ok", as_dataset(func(**kwargs))
    except Exception as exc:  # every failure of a point is data, not a crash of the sweep
        return "error", f"{type(exc).__name__}: {exc}"


def as_dataset(result: Any) -> xr.Dataset:
    """Normalise a point result: a Dataset, or a dict ``{name: array | (dims, array)}``.

    Plain arrays in a dict get dimensions ``<name>_dim_<i>``. Numeric non-index coordinates become data variables
    (their names are kept in ``attrs['sweep_coords']``) so that each varies along the sweep like any other output.
    """
    if isinstance(result, xr.DataArray):
        result = result.to_dataset(name=result.name or "value")
    if isinstance(result, Mapping) and not isinstance(result, xr.Dataset):
        variables = {}
        for name, value in result.items():
            if isinstance(value, tuple | xr.DataArray | xr.Variable):
                variables[name] = value
            else:
                arr = np.asarray(value)
                variables[name] = ([f"{name}_dim_{i}" for i in range(arr.ndim)], arr)
        result = xr.Dataset(variables)
    if not isinstance(result, xr.Dataset):
        raise TypeError(f"a sweep function must return an xarray Dataset or a dict of arrays, got {type(result)}")
    # numeric non-index coordinates may vary from point to point: they become data variables; string-valued ones
    # (labels such as node names) are stored once and checked at every point, like index coordinates
    coords = [str(c) for c, v in result.coords.items() if c not in result.dims and v.dtype.kind in "biufc"]
    if coords:
        result = result.reset_coords(coords)
        result.attrs["sweep_coords"] = coords
    return result
