"""The sweep loop on serial and process executors: combination, determinism, failures, retries, dead workers."""

import concurrent.futures as cf
import functools

import numpy as np
import pytest
import xarray as xr

from neqsc.errors import InvalidParameter
from neqsc.sweep import sweep
from neqsc.sweep.toy import brownian_relaxation
from tests.sweep import _helpers

GRID = {"gamma": [1e3, 3e3], "temperature": [0.02, 0.05, 0.1]}
SMALL = functools.partial(brownian_relaxation, n_walkers=500, n_steps=50)


def test_results_combine_with_swept_parameters_as_coordinates():
    ds = sweep(SMALL, GRID, "serial")
    assert ds.sizes["gamma"] == 2 and ds.sizes["temperature"] == 3
    assert ds["v2"].dims == ("gamma", "temperature", "gamma_t")
    np.testing.assert_array_equal(ds["temperature"].values, GRID["temperature"])
    assert (ds["sweep_status"] == 1).all()
    # each slice is exactly the single-point result with that point's seed
    from neqsc.sweep import point_seed

    one = SMALL(gamma=3e3, temperature=0.05, seed=point_seed(0, 4))
    xr.testing.assert_identical(ds["v2"].isel(gamma=1, temperature=1, drop=True), one["v2"])


@pytest.mark.parametrize("workers", [1, 2])
def test_process_pool_gives_the_serial_dataset_whatever_the_worker_count(workers):
    serial = sweep(SMALL, GRID, "serial", seed=3)
    parallel = sweep(SMALL, GRID, "processes", workers=workers, seed=3)
    xr.testing.assert_identical(serial, parallel)


def test_any_concurrent_futures_executor_is_accepted():
    with cf.ThreadPoolExecutor(2) as pool:
        threaded = sweep(SMALL, GRID, pool)
    xr.testing.assert_identical(sweep(SMALL, GRID, "serial"), threaded)


def test_sweep_seed_changes_the_noise_but_not_the_physics():
    a = sweep(SMALL, GRID, "serial", seed=1)
    b = sweep(SMALL, GRID, "serial", seed=2)
    assert not np.array_equal(a["v2"].values, b["v2"].values)
    xr.testing.assert_identical(a["v2_exact"], b["v2_exact"])


def test_point_seeds_are_distinct_and_a_swept_seed_is_not_overridden():
    ds = sweep(_helpers.noisy_mean, {"x": [0.0, 0.0, 0.0]}, "serial")
    assert len(set(ds["seed_used"].values.tolist())) == 3
    fixed = sweep(_helpers.noisy_mean, {"x": [0.0], "seed": [5]}, "serial")
    assert int(fixed["seed_used"].squeeze()) == 5


def test_dict_results_are_accepted():
    ds = sweep(_helpers.quadratic, {"x": [1.0, 2.0], "y": [0.5]}, "serial")
    np.testing.assert_array_equal(ds["f"].values[:, 0], [1.5, 4.5])
    assert ds["vec"].dims == ("x", "y", "vec_dim_0")


def test_a_failing_point_is_recorded_while_the_others_complete():
    grid = {"gamma": [1e3, 0.0, 2e3], "temperature": [0.05]}
    ds = sweep(SMALL, grid, "processes", workers=2)
    assert ds["sweep_status"].values[:, 0].tolist() == [1, 2, 1]
    message = str(ds["sweep_error"].values[1, 0])
    assert "InvalidParameter" in message and "gamma" in message and "> 0" in message
    assert np.isfinite(ds["kinetic_temperature"].values[[0, 2], 0]).all()
    assert np.isnan(ds["kinetic_temperature"].values[1, 0])  # failed points hold NaN, flagged by sweep_status


def test_retries_resubmit_a_point_that_raised(tmp_path):
    func = functools.partial(_helpers.flaky, counter_dir=str(tmp_path))
    ds = sweep(func, {"x": [1.0, 2.0]}, "serial", retries=1)
    assert (ds["sweep_status"] == 1).all()
    np.testing.assert_array_equal(ds["value"].values, [2.0, 4.0])


def test_without_retries_the_error_message_is_kept(tmp_path):
    func = functools.partial(_helpers.flaky, counter_dir=str(tmp_path))
    ds = sweep(func, {"x": [1.0]}, "serial")
    assert ds["sweep_error"].values[0] == "RuntimeError: transient failure at x=1.0"


def test_a_point_whose_result_layout_differs_is_rejected_not_stored():
    ds = sweep(_helpers.shape_depends_on_x, {"x": [3, 4]}, "serial")
    assert ds["sweep_status"].values.tolist() == [1, 2]
    assert "result rejected" in ds["sweep_error"].values[1]


def test_a_point_that_kills_its_worker_is_isolated_and_the_rest_complete():
    func = functools.partial(_helpers.crash_at, bad=2.0)
    ds = sweep(func, {"x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]}, "processes", workers=2)
    assert ds["sweep_status"].values.tolist() == [1, 1, 2, 1, 1, 1]
    assert "worker process died" in ds["sweep_error"].values[2]
    np.testing.assert_array_equal(ds["value"].values[[0, 1, 3, 4, 5]], [1.0, 2.0, 4.0, 5.0, 6.0])


def test_progress_reports_every_point():
    calls = []
    sweep(SMALL, GRID, "serial", progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 6) and calls[-1] == (6, 6) and len(calls) == 7


def test_lambdas_are_refused_for_process_pools_with_a_clear_message():
    with pytest.raises(InvalidParameter, match="module-level function"):
        sweep(lambda x: {"y": x}, {"x": [1.0]}, "processes")
    ds = sweep(lambda x: {"y": x}, {"x": [1.0]}, "serial")  # fine in-process
    assert float(ds["y"].squeeze()) == 1.0


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"executor": "mpi"}, "executor"),
        ({"executor": "serial", "scheduler": "tcp://x:1"}, "scheduler"),
        ({"seed": -1}, "seed"),
        ({"retries": 1.5}, "retries"),
        ({"workers": 0}, "workers"),
        ({"resume": True}, "resume"),
        ({"window": 0}, "window"),
        ({"connect_timeout": -1.0}, "connect_timeout"),
        ({"blas_threads": 0}, "blas_threads"),
    ],
)
def test_bad_arguments_name_the_parameter(kwargs, name):
    with pytest.raises(InvalidParameter) as info:
        sweep(SMALL, GRID, **kwargs)
    assert info.value.name == name


def _blas_threads(x):
    from threadpoolctl import threadpool_info

    return {"threads": max([lib["num_threads"] for lib in threadpool_info()] or [1]) + 0 * x}


@pytest.mark.parametrize("executor", ["serial", "processes"])
def test_points_run_with_one_blas_thread_and_the_parent_is_restored(executor):
    from threadpoolctl import threadpool_info

    before = [lib["num_threads"] for lib in threadpool_info()]
    ds = sweep(_blas_threads, {"x": [1, 2, 3]}, executor, workers=2)
    assert (ds["threads"] == 1).all()
    assert [lib["num_threads"] for lib in threadpool_info()] == before


def test_a_caller_supplied_pool_that_breaks_stops_the_sweep_but_keeps_finished_points(tmp_path):
    import multiprocessing

    from neqsc.sweep import ExecutorBroken, read_status

    func = functools.partial(_helpers.crash_at, bad=3.0)
    store = tmp_path / "b.zarr"
    with cf.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        with pytest.raises(ExecutorBroken, match="resume"):
            sweep(func, {"x": [0.0, 1.0, 2.0, 3.0, 4.0]}, pool, store=store, window=1)
    status = read_status(store)
    assert status["done"] == 3 and status["missing"] == 2  # points 0–2 were written before the crash
