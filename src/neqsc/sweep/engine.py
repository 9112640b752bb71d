"""The sweep loop: submit points through a bounded window, write each result as it arrives, retry, report progress.

Only ``window`` points are in flight at once (default 4 per worker), so neither pending arguments nor finished
results accumulate in the parent: memory stays flat however many points a sweep has, and each result is written to
the sink (Zarr store or preallocated arrays) and dropped as soon as it arrives.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import functools
import hashlib
import inspect
import json
import pickle
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

import neqsc
from neqsc.errors import InvalidParameter, NeqscError
from neqsc.limits import cap_workers
from neqsc.progress import ProgressCallback, no_progress
from neqsc.sweep.executors import Backend, make_backend
from neqsc.sweep.grid import make_grid, point_seed
from neqsc.sweep.store import FAILED, MISSING, MemorySink, ZarrSink
from neqsc.sweep.worker import evaluate_point

MAX_RESTARTS_WITHOUT_PROGRESS = 3


class ExecutorBroken(NeqscError, RuntimeError):
    """A caller-supplied executor broke (a worker died) and cannot be restarted; finished points are kept."""


def sweep(
    func: Callable[..., Any],
    grid: Mapping | Sequence[Mapping],
    executor: Any = "processes",
    scheduler: Any = None,
    store: str | Path | None = None,
    resume: bool = False,
    *,
    seed: int = 0,
    retries: int = 0,
    retry_failed: bool = False,
    workers: int | None = None,
    blas_threads: int | None = 1,
    progress: ProgressCallback | None = None,
    overwrite: bool = False,
    units: Mapping[str, str] | None = None,
    attrs: Mapping[str, Any] | None = None,
    load: bool = True,
    window: int | None = None,
    start_method: str | None = None,
    connect_timeout: float = 5.0,
    jobqueue: Mapping[str, Any] | None = None,
    force_workers: bool = False,
) -> xr.Dataset:
    """Evaluate ``func(**point)`` at every point of ``grid`` and combine the results into one Dataset.

    Parameters
    ----------
    func:
        A module-level function of plain keyword data returning an ``xarray.Dataset`` (or a dict of arrays) for one
        point. If it has a ``seed`` parameter (and ``seed`` is not swept or fixed by a ``functools.partial``), it
        receives the point's seed, :func:`~neqsc.sweep.grid.point_seed` ``(seed, index)``.
    grid:
        ``{name: values}`` (outer product), with optional zip groups ``{(a, b): (values_a, values_b)}``, or a list
        of ``{name: value}`` points. Values may be xarray DataArrays; their attrs (units) go to the coordinates.
    executor:
        ``"processes"`` (local process pool, default), ``"serial"`` (in this process), ``"dask"``, or an existing
        ``concurrent.futures.Executor`` or ``distributed.Client``.
    scheduler:
        For Dask: ``None``/``"local"`` (start a ``LocalCluster``), a scheduler address ``"tcp://host:port"``, a
        ``distributed.Client``, or ``"slurm"``/``"pbs"``/... (dask-jobqueue, options in ``jobqueue``). Giving a
        scheduler with the default executor selects Dask.
    store:
        A ``.zarr`` path. Each finished point is written there as it completes; the store is the result on disk.
    resume:
        Continue the sweep in ``store``: only points not yet recorded are computed (failed points too with
        ``retry_failed=True``). A store made by a different function, grid or seed is refused with the reasons.
        If the store does not exist yet, the sweep starts fresh.
    seed:
        Sweep seed (integer ≥ 0) from which every point's seed is derived.
    retries:
        How many times a point that raised is resubmitted before it is recorded as failed.
    workers:
        Processes for ``"processes"`` / workers for a new ``LocalCluster`` (default: the CPUs available). More
        than the CPUs available are capped to that number, with a warning, unless ``force_workers=True``.
    blas_threads:
        BLAS/OpenMP threads per worker (default 1, so that workers do not oversubscribe cores and results do not
        depend on the thread count); ``None`` leaves them alone.
    progress:
        ``progress(done, total)`` after each point, counted over the points computed in this call.
    overwrite:
        Replace an existing store instead of refusing.
    units:
        ``{name: unit}`` attrs for the swept coordinates.
    attrs:
        Extra attrs for the combined Dataset (provenance such as the TOML that defined the sweep).
    load:
        Return the combined Dataset in memory (default) or, with a store, lazily backed by the store.
    window:
        Points in flight at once (default ``4 × workers``).
    start_method:
        multiprocessing start method for ``"processes"`` (default ``fork`` on Linux, else ``forkserver``).
    connect_timeout:
        Seconds to wait for a scheduler address before giving up with :class:`InvalidParameter`.
    jobqueue:
        Keyword arguments of the dask-jobqueue cluster class (plus ``jobs``: how many jobs to start); only the
        keys listed in :data:`neqsc.sweep.executors.JOBQUEUE_KEYS` are accepted. Trusted input: the values reach
        batch scripts.
    force_workers:
        Allow more local worker processes than CPUs (also ``NEQSC_FORCE_WORKERS=1``).

    Returns
    -------
    xarray.Dataset
        Dimensions: the grid dimensions first, then each result's own; swept parameters are coordinates;
        ``sweep_status`` (0 missing, 1 done, 2 failed) and ``sweep_error`` say what happened at each point.
        Values at failed points are NaN (floats) or 0/False (integers/booleans): read ``sweep_status``.
    """
    g = make_grid(grid, units)
    seed = _nonnegative_int("seed", seed)
    retries = _nonnegative_int("retries", retries)
    if workers is not None and _nonnegative_int("workers", workers) < 1:
        raise InvalidParameter("workers", workers, "an integer >= 1 (or None for all CPUs)")
    if workers is not None and executor in ("processes", "dask") and scheduler in (None, "local"):
        workers = cap_workers("workers", workers, force=force_workers)  # local processes: at most one per CPU
    if blas_threads is not None and _nonnegative_int("blas_threads", blas_threads) < 1:
        raise InvalidParameter("blas_threads", blas_threads, "an integer >= 1, or None to leave BLAS alone")
    if window is not None and _nonnegative_int("window", window) < 1:
        raise InvalidParameter("window", window, "an integer >= 1 (points in flight), or None for 4 per worker")
    if isinstance(connect_timeout, bool) or not isinstance(connect_timeout, int | float) or connect_timeout <= 0:
        raise InvalidParameter("connect_timeout", connect_timeout, "> 0 s")
    if not callable(func):
        raise InvalidParameter("func", func, "a callable returning a Dataset for one point")
    if executor == "processes" and scheduler is None:
        _check_picklable(func)
    seeded = _accepts_seed(func) and "seed" not in g.names
    config = {"function": describe_function(func), "grid": g.describe(), "seed": seed, "inputs": input_files(func, g)}
    base_attrs = {
        "neqsc_kind": "sweep",
        "neqsc_version": neqsc.__version__,
        "sweep_function": config["function"],
        "sweep_seed": seed,
        **dict(attrs or {}),
        "sweep_config_json": json.dumps(config, sort_keys=True),
    }
    if store is not None:
        sink = ZarrSink(Path(store), g, config, base_attrs, resume=resume, overwrite=overwrite)
    else:
        if resume:
            raise InvalidParameter("resume", resume, "False when no store is given (nothing to resume from)")
        sink = MemorySink(g, config, base_attrs)
    try:
        todo = [i for i in range(g.size) if sink.status[i] == MISSING or (retry_failed and sink.status[i] == FAILED)]
        if todo:
            backend = make_backend(
                executor,
                scheduler,
                workers,
                start_method=start_method,
                connect_timeout=connect_timeout,
                jobqueue=dict(jobqueue or {}),
            )
            limit = blas_threads if backend.in_process and blas_threads is not None else None
            cap = _blas_limit(limit)
            try:
                with cap:
                    _run(
                        backend,
                        sink,
                        g,
                        func,
                        todo,
                        seed if seeded else None,
                        retries,
                        None if backend.in_process else blas_threads,
                        window or 4 * backend.workers,
                        progress or no_progress,
                    )
            finally:
                backend.close()
    finally:
        sink.close()
    if isinstance(sink, ZarrSink):
        return sink.dataset(load=load)
    return sink.dataset()


def _run(
    backend: Backend,
    sink,
    g,
    func,
    todo: list[int],
    seed: int | None,
    retries: int,
    worker_blas: int | None,
    window: int,
    progress: ProgressCallback,
) -> None:
    queue = collections.deque(todo)
    suspects: collections.deque[int] = collections.deque()  # in flight when a worker died: rerun one at a time
    pending: dict[cf.Future, int] = {}
    attempts = collections.Counter()
    total, finished = len(todo), 0
    progress(0, total)

    def submit(index: int) -> bool:
        point_seed_ = None if seed is None else point_seed(seed, index)
        try:
            future = backend.executor.submit(evaluate_point, func, g.point(index), point_seed_, worker_blas)
        except cf.BrokenExecutor:  # the pool broke since the last wait: retry this point after the restart
            (suspects if suspects else queue).appendleft(index)
            return False
        pending[future] = index
        return True

    def refill() -> None:
        if suspects:
            if not pending:
                submit(suspects.popleft())
            return
        while queue and len(pending) < window:
            if not submit(queue.popleft()):
                return

    def record(index: int, kind: str, payload: Any) -> bool:
        """Write a finished point; return False if it is to be retried."""
        if kind == "ok":
            try:
                sink.write_point(index, payload)
                return True
            except ValueError as exc:  # layout differs from the first point: deterministic, not retried
                sink.write_failure(index, f"result rejected: {exc}")
                return True
        attempts[index] += 1
        if attempts[index] <= retries:
            return False
        suffix = f" (after {attempts[index]} attempts)" if attempts[index] > 1 else ""
        sink.write_failure(index, f"{payload}{suffix}")
        return True

    def restart(reason: object) -> None:
        nonlocal restarts
        restarts += 1
        if not backend.restartable or restarts > MAX_RESTARTS_WITHOUT_PROGRESS:
            raise ExecutorBroken(f"the executor broke ({reason}); finished points are kept, resume to continue")
        backend.restart()

    restarts = 0  # consecutive pool restarts without a finished point
    while True:
        refill()
        if not pending:
            if not (queue or suspects):
                break
            restart("it refused new points")  # broke while nothing was in flight
            continue
        done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
        lost: list[int] = []
        for future in sorted(done, key=pending.__getitem__):  # index order: reproducible for serial runs
            index = pending.pop(future)
            try:
                kind, payload = future.result()
            except cf.BrokenExecutor as exc:  # a worker process died (segfault, OOM killer, os._exit)
                lost.append(index)
                broken = exc
                continue
            except Exception as exc:  # infrastructure failure (unpicklable result, KilledWorker, ...)
                kind, payload = "error", f"{type(exc).__name__}: {exc}"
            restarts = 0
            if record(index, kind, payload):
                finished += 1
                progress(finished, total)
            else:
                (suspects if suspects else queue).appendleft(index)
        if lost:
            lost.extend(pending.values())  # every future of a broken pool fails; rerun them all
            pending.clear()
            restart(broken)
            if len(lost) == 1:  # it ran alone, so it is the point that kills its worker
                restarts = 0  # identifying the culprit is progress
                if record(lost[0], "error", "worker process died while computing this point"):
                    finished += 1
                    progress(finished, total)
                else:
                    suspects.appendleft(lost[0])
            else:  # any of them may be the culprit: rerun them one at a time
                suspects.extend(lost)


def input_files(func: Callable[..., Any], grid) -> dict[str, str]:
    """SHA-256 of every existing file a parameter names (fixed by a ``functools.partial`` or swept), by path.

    Part of a store's configuration, so that resuming after an input file (a device TOML, a data file) was edited
    is refused instead of mixing results of two inputs.
    """
    candidates: list[Any] = []
    while isinstance(func, functools.partial):
        candidates.extend(func.args)
        candidates.extend(func.keywords.values())
        func = func.func
    for p in grid.parameters:
        if p.values.dtype.kind in "US":
            candidates.extend(np.unique(p.values).tolist())
    digests = {}
    for value in candidates:
        if isinstance(value, str | Path) and str(value) and len(str(value)) < 4096:
            path = Path(value)
            try:
                if path.is_file():
                    digests[str(value)] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue
    return digests


def describe_function(func: Callable[..., Any]) -> str:
    """``module:qualname`` of a function, with the fixed arguments of a ``functools.partial`` (for resume checks).

    ``func`` is any callable (no units); partials are described recursively.
    """
    if isinstance(func, functools.partial):
        fixed = json.dumps({"args": list(func.args), "keywords": func.keywords}, default=repr, sort_keys=True)
        return f"{describe_function(func.func)} {fixed}"
    module = getattr(func, "__module__", None) or type(func).__module__
    name = getattr(func, "__qualname__", None) or type(func).__qualname__
    return f"{module}:{name}"


def _accepts_seed(func: Callable[..., Any]) -> bool:
    if isinstance(func, functools.partial) and "seed" in func.keywords:
        return False
    try:
        return "seed" in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


def _check_picklable(func: Callable[..., Any]) -> None:
    try:
        pickle.dumps(func)
    except Exception as exc:
        raise InvalidParameter(
            "func",
            describe_function(func),
            "a module-level function (picklable) for executor='processes'",
            hint=f"lambdas and closures need executor='serial' or 'dask' ({type(exc).__name__})",
        ) from None


def _nonnegative_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidParameter(name, value, "an integer >= 0")
    return int(value)


def _blas_limit(threads: int | None):
    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads)
