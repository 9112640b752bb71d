"""Executors a sweep runs on: in-process (serial), local processes, Dask (local, remote, batch queues), or any
``concurrent.futures.Executor`` / ``distributed.Client`` the caller brings.

Everything is reduced to a ``concurrent.futures.Executor`` (a Dask ``Client`` through ``client.get_executor()``), so
the sweep loop has one code path. Dask is imported only when asked for: the rest of neqsc runs without it.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any

from neqsc.errors import InvalidParameter

EXECUTORS = ("serial", "processes", "dask")
JOBQUEUE = {
    "slurm": "SLURMCluster",
    "pbs": "PBSCluster",
    "sge": "SGECluster",
    "lsf": "LSFCluster",
    "htcondor": "HTCondorCluster",
    "oar": "OARCluster",
    "moab": "MoabCluster",
}
# Keyword arguments of the dask-jobqueue cluster classes a sweep file may set (plus ``jobs``: how many to start).
# Anything else is refused: the values end up in batch scripts submitted to the queue, so the table is trusted
# input, and an unknown key is far more often a typo than a feature.
JOBQUEUE_KEYS = frozenset({
    "jobs", "cores", "memory", "processes", "queue", "account", "project", "walltime", "name", "job_name",
    "job_extra_directives", "job_directives_skip", "job_script_prologue", "job_cpu", "job_mem", "resource_spec",
    "local_directory", "log_directory", "shared_temp_directory", "shebang", "python", "interface", "death_timeout",
    "worker_extra_args", "worker_command", "scheduler_options", "submit_command_extra", "cancel_command_extra",
    "disk", "ncpus", "mem", "use_stdin", "lsf_units", "nanny",
})  # fmt: skip
# The Dask dashboard (HTTP) is off unless this variable gives an address for it, e.g. "127.0.0.1:8787".
ENV_DASHBOARD = "NEQSC_DASK_DASHBOARD"


def check_jobqueue(options: dict[str, Any]) -> dict[str, Any]:
    """Refuse unknown dask-jobqueue keys, naming the nearest known one."""
    import difflib

    if not isinstance(options, dict):
        raise InvalidParameter("jobqueue", options, "a table of dask-jobqueue options")
    for key in options:
        if key not in JOBQUEUE_KEYS:
            close = difflib.get_close_matches(str(key), sorted(JOBQUEUE_KEYS), n=1)
            raise InvalidParameter(
                f"jobqueue.{key}", key, "one of " + ", ".join(sorted(JOBQUEUE_KEYS)),
                hint=f"did you mean {close[0]!r}?" if close else None,
            )  # fmt: skip
    return options


class SerialExecutor(cf.Executor):
    """Runs each call in the calling process when it is submitted (deterministic reference, easy debugging)."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the future carries it, as a pool's future would
            future.set_exception(exc)
        return future


class Backend:
    """An executor plus what the sweep loop needs to know about it.

    Attributes
    ----------
    executor:
        Where points are submitted.
    workers:
        How many points it computes at once (sets the submission window).
    in_process:
        True if calls run in this process (serial, threads): BLAS is then capped here, around the whole sweep,
        rather than in each worker.
    restartable:
        True if a broken pool (a worker killed by the OS) can be replaced by :meth:`restart`.
    """

    def __init__(
        self,
        executor: cf.Executor,
        workers: int,
        *,
        in_process: bool = False,
        restart: Callable[[], cf.Executor] | None = None,
        close: Callable[[], None] | None = None,
        label: str = "",
    ) -> None:
        self.executor = executor
        self.workers = max(1, int(workers))
        self.in_process = in_process
        self._restart = restart
        self._close = close
        self.label = label

    @property
    def restartable(self) -> bool:
        return self._restart is not None

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._restart()

    def close(self) -> None:
        if self._close is not None:
            self._close()


def default_workers() -> int:
    """CPUs this process may use (affinity-aware)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS / Windows
        return os.cpu_count() or 1


def make_backend(
    executor: Any,
    scheduler: Any,
    workers: int | None,
    *,
    start_method: str | None = None,
    connect_timeout: float = 5.0,
    jobqueue: dict[str, Any] | None = None,
) -> Backend:
    """Turn the ``executor`` / ``scheduler`` arguments of :func:`neqsc.sweep.sweep` into a :class:`Backend`."""
    n = workers or default_workers()
    if _is_dask_client(executor):
        return _client_backend(executor, owned=None)
    if isinstance(executor, cf.Executor):
        if scheduler is not None:
            raise InvalidParameter("scheduler", scheduler, "None when an Executor instance is given")
        threads = isinstance(executor, cf.ThreadPoolExecutor | SerialExecutor)
        return Backend(
            executor, getattr(executor, "_max_workers", n), in_process=threads, label=type(executor).__name__
        )
    if not isinstance(executor, str) or executor not in EXECUTORS:
        raise InvalidParameter(
            "executor", executor, "'serial', 'processes', 'dask', a concurrent.futures.Executor or a distributed.Client"
        )
    if scheduler is not None and executor == "processes":
        executor = "dask"  # a scheduler only makes sense for Dask
    if executor == "serial":
        if scheduler is not None:
            raise InvalidParameter("scheduler", scheduler, "None with executor='serial'")
        return Backend(SerialExecutor(), 1, in_process=True, label="serial")
    if executor == "processes":
        return _process_backend(n, start_method)
    return _dask_backend(scheduler, n, connect_timeout, jobqueue)


def _process_backend(n: int, start_method: str | None) -> Backend:
    method = start_method or _default_start_method()
    if method not in multiprocessing.get_all_start_methods():
        raise InvalidParameter("start_method", method, "one of " + ", ".join(multiprocessing.get_all_start_methods()))
    context = multiprocessing.get_context(method)

    def new_pool() -> cf.Executor:
        from neqsc.sweep.worker import watch_parent

        # workers end themselves when this process dies (even by SIGKILL): no orphans computing for nobody
        return cf.ProcessPoolExecutor(
            max_workers=n, mp_context=context, initializer=watch_parent, initargs=(os.getpid(),)
        )

    pool = new_pool()
    backend = Backend(pool, n, restart=new_pool, label=f"{n} processes ({method})")
    backend._close = lambda: backend.executor.shutdown(wait=True, cancel_futures=True)
    return backend


def _default_start_method() -> str:
    # fork starts workers in ~10 ms and needs no __main__ guard; it is the platform default on Linux up to
    # Python 3.13. Where fork is unsafe or deprecated as a default (macOS, 3.14+), use forkserver/spawn.
    if sys.platform.startswith("linux") and sys.version_info < (3, 14):
        return "fork"
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise InvalidParameter(
            "executor", "dask", "an installed dask.distributed", hint="pip install 'neqsc[distributed]'"
        ) from None
    return distributed


def _is_dask_client(obj: Any) -> bool:
    module = type(obj).__module__ or ""
    return module.startswith("distributed") and type(obj).__name__ == "Client"


def _client_backend(client: Any, owned: Callable[[], None] | None) -> Backend:
    info = client.scheduler_info()
    threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
    return Backend(client.get_executor(pure=False), threads or 1, close=owned, label=f"dask {client.scheduler.address}")


def _dask_backend(scheduler: Any, n: int, connect_timeout: float, jobqueue: dict[str, Any] | None) -> Backend:
    distributed = _import_distributed()
    if _is_dask_client(scheduler):
        return _client_backend(scheduler, owned=None)
    if scheduler is None or scheduler == "local":
        cluster = local_cluster(distributed, n)
        client = distributed.Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()

        return _client_backend(client, owned=close)
    if isinstance(scheduler, str) and scheduler.lower() in JOBQUEUE:
        return _jobqueue_backend(distributed, scheduler.lower(), n, jobqueue or {})
    if not isinstance(scheduler, str):
        raise InvalidParameter(
            "scheduler",
            scheduler,
            "None, 'local', a scheduler address 'tcp://host:port', a distributed.Client, or "
            "one of " + ", ".join(JOBQUEUE),
        )
    _probe(scheduler, connect_timeout)
    try:
        client = distributed.Client(scheduler, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InvalidParameter(
            "scheduler",
            scheduler,
            "the address of a running dask scheduler, e.g. 'tcp://127.0.0.1:8786'",
            hint=f"could not connect within {connect_timeout:g} s ({type(exc).__name__}: {exc})",
        ) from None
    return _client_backend(client, owned=client.close)


def local_cluster(distributed, n: int):
    """A LocalCluster whose services all listen on 127.0.0.1 only, with no dashboard unless asked for.

    ``dashboard_address=None`` alone does not do that: the scheduler still starts its HTTP server (health,
    Prometheus and info routes) on the default port 8787. Here the HTTP routes are emptied and the server bound
    to a random port on 127.0.0.1; ``NEQSC_DASK_DASHBOARD=host:port`` turns the dashboard on at that address.
    """
    import dask

    dashboard = os.environ.get(ENV_DASHBOARD, "").strip() or None
    routes = {} if dashboard else {"distributed.scheduler.http.routes": [], "distributed.worker.http.routes": []}
    with dask.config.set(routes):
        return distributed.LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=dashboard,
            scheduler_kwargs={"dashboard": dashboard is not None, "dashboard_address": dashboard or "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )


def _probe(address: str, timeout: float) -> None:
    """Check a ``tcp://host:port`` address before handing it to Dask, and fail clearly within ``timeout``.

    Nothing listening → refused at once. Something listening that is not a Dask scheduler would leave
    ``distributed.Client`` waiting forever (its timeout does not cover a silent peer): a scheduler writes its
    handshake as soon as a connection is accepted, so a peer that sends nothing within ``timeout`` is refused.
    """
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.scheme != "tcp" or not parts.hostname or parts.port is None:
        return  # other protocols (tls://, ucx://, inproc://) are left to Dask
    allowed = "the address of a running dask scheduler, e.g. 'tcp://127.0.0.1:8786'"
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            first = sock.recv(1)
    except TimeoutError:
        raise InvalidParameter(
            "scheduler",
            address,
            allowed,
            hint=f"something listens there but sent no Dask handshake within {timeout:g} s",
        ) from None
    except OSError as exc:
        raise InvalidParameter(
            "scheduler", address, allowed, hint=f"could not connect ({type(exc).__name__}: {exc})"
        ) from None
    if not first:
        raise InvalidParameter("scheduler", address, allowed, hint="the peer closed the connection at once")


def _jobqueue_backend(distributed, name: str, n: int, options: dict[str, Any]) -> Backend:
    try:
        import dask_jobqueue
    except ImportError:
        raise InvalidParameter(
            "scheduler", name, "an installed dask-jobqueue for batch-queue clusters", hint="pip install dask-jobqueue"
        ) from None
    options = dict(check_jobqueue(options))
    jobs = int(options.pop("jobs", 1))
    cluster = getattr(dask_jobqueue, JOBQUEUE[name])(**options)
    cluster.scale(jobs=jobs)
    client = distributed.Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    backend = _client_backend(client, owned=close)
    backend.workers = max(backend.workers, n)  # workers arrive as jobs start; keep the queue fed meanwhile
    return backend
