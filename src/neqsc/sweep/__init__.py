"""Parameter sweeps at scale: one engine for every solver, local processes or a Dask cluster, with checkpoint/resume.

``sweep(func, grid, executor="processes"|"dask"|"serial", scheduler=None, store=None, resume=False)`` evaluates
``func(**point)`` (a module-level function of plain data returning an ``xarray.Dataset``) at every point of
``grid`` and returns one Dataset with the swept parameters as coordinates (QuTiP/Kwant style: parameters by name,
one signature for every backend).

* :mod:`~neqsc.sweep.grid` — grids (outer product, zip groups, lists of points), point numbering and seeds;
* :mod:`~neqsc.sweep.engine` — the loop (bounded submission window, retries, progress, dead-worker isolation);
* :mod:`~neqsc.sweep.executors` — serial, process pool, Dask (LocalCluster, address, Client, dask-jobqueue);
* :mod:`~neqsc.sweep.store` — the Zarr checkpoint store, resume checks, status (:mod:`~neqsc.sweep.layout`: result
  layout and assembly shared with the in-memory sink; :mod:`~neqsc.sweep.lock`: one writer per store);
* :mod:`~neqsc.sweep.worker` — what runs on a worker (BLAS cap, errors as data);
* :mod:`~neqsc.sweep.models` / :mod:`~neqsc.sweep.config` — named models and TOML sweep files for the CLI;
* :mod:`~neqsc.sweep.toy` — a CPU-bound stochastic test model (Brownian relaxation).

Dask is imported only when a Dask executor is requested.
"""

from neqsc.sweep.engine import ExecutorBroken, describe_function, sweep
from neqsc.sweep.grid import make_grid, point_seed
from neqsc.sweep.store import open_result, read_status

__all__ = ["ExecutorBroken", "describe_function", "make_grid", "open_result", "point_seed", "read_status", "sweep"]
