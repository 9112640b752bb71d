"""The Zarr checkpoint store: streamed writes, resume after SIGKILL, refusal of a foreign store, status counts."""

import functools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import neqsc
from neqsc.errors import InvalidParameter
from neqsc.io import load
from neqsc.sweep import open_result, read_status, sweep
from neqsc.sweep.toy import brownian_relaxation

GRID = {"gamma": [1e3, 3e3], "temperature": [0.02, 0.05, 0.1]}
SMALL = functools.partial(brownian_relaxation, n_walkers=500, n_steps=50)


def test_store_holds_exactly_the_returned_dataset(tmp_path):
    store = tmp_path / "s.zarr"
    ds = sweep(SMALL, GRID, "serial", store=store)
    xr.testing.assert_identical(ds, sweep(SMALL, GRID, "serial"))  # memory and store paths agree
    xr.testing.assert_identical(ds, open_result(store))
    plain = load(store)  # an ordinary Zarr dataset for neqsc.io / xarray
    np.testing.assert_array_equal(plain["v2"].values, ds["v2"].values)


def test_points_are_on_disk_as_soon_as_they_finish(tmp_path):
    store = tmp_path / "s.zarr"
    seen = []

    def progress(done, total):
        if done:
            seen.append(read_status(store)["done"])

    sweep(SMALL, GRID, "serial", store=store, progress=progress)
    assert seen == [1, 2, 3, 4, 5, 6]


def test_lazy_result_reads_from_the_store(tmp_path):
    ds = sweep(SMALL, GRID, "serial", store=tmp_path / "s.zarr", load=False)
    assert ds["v2"].variable._in_memory is False
    assert ds["v2"].sum().item() > 0


def test_existing_store_is_not_overwritten_without_permission(tmp_path):
    store = tmp_path / "s.zarr"
    sweep(SMALL, GRID, "serial", store=store)
    with pytest.raises(InvalidParameter, match="resume=True"):
        sweep(SMALL, GRID, "serial", store=store)
    sweep(SMALL, {"gamma": [1e3], "temperature": [0.1]}, "serial", store=store, overwrite=True)
    assert read_status(store)["total"] == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"seed": 1}, "seed differs"),
        ({"grid": {"gamma": [1e3, 4e3], "temperature": [0.02, 0.05, 0.1]}}, "values of 'gamma' differ"),
        ({"grid": {"gamma": [1e3, 3e3], "mass": [1e-18]}}, "swept parameters differ"),
        ({"func": functools.partial(brownian_relaxation, n_walkers=501, n_steps=50)}, "function differs"),
    ],
)
def test_resume_refuses_a_store_of_another_configuration_and_says_why(tmp_path, change, reason):
    store = tmp_path / "s.zarr"
    sweep(SMALL, GRID, "serial", store=store)
    args = {"func": SMALL, "grid": GRID, "seed": 0, **change}
    with pytest.raises(InvalidParameter, match=reason):
        sweep(args["func"], args["grid"], "serial", store=store, resume=True, seed=args["seed"])


def test_resume_of_a_complete_store_computes_nothing(tmp_path):
    store = tmp_path / "s.zarr"
    first = sweep(SMALL, GRID, "serial", store=store)
    totals = []
    again = sweep(SMALL, GRID, "serial", store=store, resume=True, progress=lambda d, t: totals.append(t))
    assert totals == []  # nothing submitted
    xr.testing.assert_identical(first, again)


def test_failed_points_are_kept_on_resume_unless_retried(tmp_path):
    store = tmp_path / "s.zarr"
    grid = {"gamma": [1e3, 0.0], "temperature": [0.05]}
    sweep(SMALL, grid, "serial", store=store)
    assert read_status(store)["failed"] == 1
    assert "gamma" in read_status(store)["errors"][1]
    totals = []
    sweep(SMALL, grid, "serial", store=store, resume=True, retry_failed=True, progress=lambda d, t: totals.append(t))
    assert totals[0] == 1  # only the failed point is recomputed (and fails again)


def test_resume_of_a_missing_store_starts_fresh(tmp_path):
    ds = sweep(SMALL, GRID, "serial", store=tmp_path / "new.zarr", resume=True)
    assert (ds["sweep_status"] == 1).all()


def test_a_non_zarr_path_is_refused(tmp_path):
    with pytest.raises(InvalidParameter, match=r"\.zarr"):
        sweep(SMALL, GRID, "serial", store=tmp_path / "s.nc")


KILL_SCRIPT = """
import functools, sys
from neqsc.sweep import sweep
from neqsc.sweep.toy import brownian_relaxation
if __name__ == "__main__":
    func = functools.partial(brownian_relaxation, n_walkers=4000, n_steps=1500)  # ~0.1 s per point
    grid = {"gamma": [1e3, 2e3, 3e3, 4e3], "temperature": [0.02, 0.05, 0.1, 0.2, 0.3]}
    sweep(func, grid, sys.argv[2], store=sys.argv[1], seed=11, workers=2)
"""


@pytest.mark.parametrize("executor", ["processes", pytest.param("serial", marks=pytest.mark.slow)])
def test_sweep_killed_with_sigkill_resumes_to_the_uninterrupted_result(tmp_path, executor):
    store = tmp_path / "killed.zarr"
    script = tmp_path / "run_sweep.py"
    script.write_text(KILL_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(Path(neqsc.__file__).parents[1])}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(store), executor],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if (store / "zarr.json").exists():
                try:
                    done = read_status(store)["done"]
                except Exception:  # the store may be mid-creation
                    done = 0
                if done >= 3:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, f"sweep ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
        os.killpg(proc.pid, signal.SIGKILL)  # the sweep process and its workers, mid-sweep
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stderr.close()
    status = read_status(store)
    assert 3 <= status["done"] < 20 and status["missing"] == 20 - status["done"]

    func = functools.partial(brownian_relaxation, n_walkers=4000, n_steps=1500)
    grid = {"gamma": [1e3, 2e3, 3e3, 4e3], "temperature": [0.02, 0.05, 0.1, 0.2, 0.3]}
    totals = []
    resumed = sweep(
        func, grid, "processes", store=store, resume=True, seed=11, workers=2, progress=lambda d, t: totals.append(t)
    )
    assert totals[0] == status["missing"]  # only the missing points were computed
    uninterrupted = sweep(func, grid, "processes", seed=11, workers=2)
    xr.testing.assert_identical(resumed, uninterrupted)
    assert not list(store.rglob("*.partial"))


def test_status_counts_of_a_partial_store(tmp_path):
    store = tmp_path / "s.zarr"
    sweep(SMALL, {"gamma": [1e3, 0.0, 2e3], "temperature": [0.05]}, "serial", store=store)
    info = read_status(store)
    assert (info["total"], info["done"], info["failed"], info["missing"]) == (3, 2, 1, 0)
    assert json.loads(json.dumps(info["config"]))["seed"] == 0


def test_a_store_another_running_sweep_writes_is_refused_but_a_stale_lock_is_taken_over(tmp_path):
    import socket

    store = tmp_path / "s.zarr"
    sweep(SMALL, GRID, "serial", store=store)
    lock = store / "sweep.lock"
    assert not lock.exists()  # released when the sweep ends
    lock.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))  # a live process holds it
    with pytest.raises(InvalidParameter, match="locked by pid"):
        sweep(SMALL, GRID, "serial", store=store, resume=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock.write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname()}))  # its owner has exited
    sweep(SMALL, GRID, "serial", store=store, resume=True)
    assert not lock.exists()


def _mixed(x, mode, flag):
    return {"y": x * (2 if mode == "double" else 1) + flag}


@pytest.mark.parametrize(
    "grid",
    [
        {"x": [1.0, 2.0], "mode": ["single", "double"], "flag": [True, False]},
        {("x", "mode"): ([1.0, 2.0], ["single", "double"]), "flag": [True]},
        [{"x": 1.0, "mode": "double", "flag": False}, {"x": 3.0, "mode": "single", "flag": True}],
    ],
)
def test_string_and_boolean_parameters_and_zip_groups_round_trip_through_the_store(tmp_path, grid):
    in_memory = sweep(_mixed, grid, "serial")
    xr.testing.assert_identical(in_memory, sweep(_mixed, grid, "serial", store=tmp_path / "m.zarr"))


def _with_aux_coord(x):
    return xr.Dataset({"y": ("k", np.arange(3.0) * x)}, coords={"k": [0, 1, 2], "scale": ((), 2.0 * x)})


def test_non_index_result_coordinates_vary_along_the_sweep_and_stay_coordinates(tmp_path):
    ds = sweep(_with_aux_coord, {"x": [1.0, 2.0]}, "serial", store=tmp_path / "c.zarr")
    assert "scale" in ds.coords and ds["scale"].dims == ("x",)
    np.testing.assert_array_equal(ds["scale"].values, [2.0, 4.0])
    xr.testing.assert_identical(ds, sweep(_with_aux_coord, {"x": [1.0, 2.0]}, "serial"))


def _labelled(x):
    return xr.Dataset(
        {"T": ("node", [x, 2 * x])},
        coords={"node": ["S", "D"], "role": ("node", ["source", "drain"]), "weight": ("node", [x, 1.0])},
    )


def test_string_coordinates_are_stored_once_and_numeric_ones_vary(tmp_path):
    ds = sweep(_labelled, {"x": [1.0, 3.0]}, "serial", store=tmp_path / "l.zarr")
    assert ds["role"].dims == ("node",) and ds["role"].values.tolist() == ["source", "drain"]
    assert ds["weight"].dims == ("x", "node") and "weight" in ds.coords
    xr.testing.assert_identical(ds, sweep(_labelled, {"x": [1.0, 3.0]}, "serial"))
