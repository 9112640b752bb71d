"""Sweeps on Dask: a LocalCluster, a `dask scheduler` + `dask worker` started as subprocesses on 127.0.0.1, a
Client passed in, and an unreachable scheduler address."""

import contextlib
import functools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xarray as xr

import neqsc
from neqsc.errors import InvalidParameter
from neqsc.sweep import sweep
from neqsc.sweep.toy import brownian_relaxation

distributed = pytest.importorskip("distributed")

GRID = {"gamma": [1e3, 3e3], "temperature": [0.02, 0.05, 0.1]}
SMALL = functools.partial(brownian_relaxation, n_walkers=500, n_steps=50)
SRC = str(Path(neqsc.__file__).parents[1])


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of 2 single-threaded worker processes (started once for this module)."""
    os.environ["PYTHONPATH"] = SRC + os.pathsep + os.environ.get("PYTHONPATH", "")  # workers import this neqsc
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    )
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c
    cluster.close()


def test_local_cluster_gives_the_serial_dataset(client):
    xr.testing.assert_identical(sweep(SMALL, GRID, "serial", seed=5), sweep(SMALL, GRID, client, seed=5))
    xr.testing.assert_identical(
        sweep(SMALL, GRID, "serial", seed=5), sweep(SMALL, GRID, "dask", scheduler=client, seed=5)
    )


def test_dask_records_failures_and_writes_the_store(client, tmp_path):
    grid = {"gamma": [1e3, 0.0], "temperature": [0.05]}
    ds = sweep(SMALL, grid, "dask", scheduler=client, store=tmp_path / "d.zarr")
    assert ds["sweep_status"].values[:, 0].tolist() == [1, 2]
    assert "gamma" in ds["sweep_error"].values[1, 0]


def test_dask_workers_run_with_capped_blas_threads(client):
    def blas_threads(x):
        from threadpoolctl import threadpool_info

        return {"threads": max([lib["num_threads"] for lib in threadpool_info()] or [1]) + 0 * x}

    ds = sweep(blas_threads, {"x": [1, 2, 3, 4]}, client)
    assert (ds["threads"] == 1).all()


def test_a_refused_scheduler_address_fails_at_once():
    port = _free_port()  # nothing listens there
    start = time.monotonic()
    with pytest.raises(InvalidParameter, match="could not connect") as info:
        sweep(SMALL, GRID, scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - start < 10
    assert info.value.name == "scheduler"


def test_a_silent_scheduler_address_fails_clearly_within_ten_seconds():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:  # accepts TCP, never speaks Dask
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
        start = time.monotonic()
        with pytest.raises(InvalidParameter, match="no Dask handshake"):
            sweep(SMALL, GRID, scheduler=address)
        assert time.monotonic() - start < 10


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _process_group(args: list[str], env: dict[str, str]):
    """Start a subprocess in its own session; always kill the whole group (nanny + worker) afterwards."""
    proc = subprocess.Popen(args, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_sweep_runs_on_a_scheduler_and_worker_started_from_the_command_line():
    env = {**os.environ, "PYTHONPATH": SRC}
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = [
        sys.executable,
        "-m",
        "dask",
        "scheduler",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-dashboard",
        "--idle-timeout",
        "120",
    ]
    worker = [
        sys.executable,
        "-m",
        "dask",
        "worker",
        address,
        "--host",
        "127.0.0.1",
        "--nworkers",
        "1",
        "--nthreads",
        "1",
        "--no-dashboard",
        "--death-timeout",
        "60",
        "--worker-port",
        str(_free_port()),
        "--nanny-port",
        str(_free_port()),
    ]
    with _process_group(scheduler, env), _process_group(worker, env):
        deadline = time.monotonic() + 60
        client = None
        while client is None:
            try:
                client = distributed.Client(address, timeout=2, set_as_default=False)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with client:
            client.wait_for_workers(1, timeout=60)
        remote = sweep(SMALL, GRID, scheduler=address, seed=2)
    xr.testing.assert_identical(remote, sweep(SMALL, GRID, "serial", seed=2))


def test_batch_queue_schedulers_need_dask_jobqueue():
    pytest.importorskip("distributed")
    try:
        import dask_jobqueue  # noqa: F401
    except ImportError:
        with pytest.raises(InvalidParameter, match="dask-jobqueue"):
            sweep(SMALL, GRID, scheduler="slurm")
    else:  # pragma: no cover - only where dask-jobqueue is installed (no batch system to submit to here)
        pytest.skip("dask-jobqueue installed; a real SLURM queue would be needed")
