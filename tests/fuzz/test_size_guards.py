"""Runaways are refused before allocating: each request below fails in < 1 s with memory unchanged.

The budget is pinned to 2 GB so the outcome does not depend on the machine; every request here needs at least
~40× that (estimates in the messages), so the refusals are far from the threshold.
"""

import time
import warnings

import numpy as np
import psutil
import pytest

from neqsc.limits import ResourceLimit, WorkerCapWarning, cap_workers, check_allocation, memory_budget


@pytest.fixture(autouse=True)
def _budget(monkeypatch):
    monkeypatch.setenv("NEQSC_MEMORY_BUDGET", "2 GB")


def _refused_fast(call, name: str):
    rss = psutil.Process().memory_info().rss
    start = time.perf_counter()
    with pytest.raises(ResourceLimit) as info:
        call()
    elapsed = time.perf_counter() - start
    grown = psutil.Process().memory_info().rss - rss
    assert elapsed < 1.0, f"refusal took {elapsed:.2f} s"
    assert grown < 50e6, f"memory grew by {grown / 1e6:.0f} MB before the refusal"  # far below the GB requested
    assert name in str(info.value) and ("would need about" in str(info.value) or "would take about" in str(info.value))
    return str(info.value)


def test_range_of_a_billion_points():
    from neqsc.units import parse_range

    _refused_fast(lambda: parse_range("0:1:1000000000", "dimensionless", "--j"), "--j")


def test_wire_of_length_1e9():
    from neqsc.tdgl import simulate

    _refused_fast(lambda: simulate(1.5, 1e9, 10.0, 0.1, t_end=1.0), "length")


def test_cooler_at_one_microkelvin_energy_grid():
    from neqsc.phonons.eta1 import eta1_grid

    # the Δ/k_BT and γ/k_BT of Al at T_b = 1 µK (values from `cooler run --t-b 1uK`)
    _refused_fast(lambda: eta1_grid(np.linspace(0, 8, 200), np.array([4.3e6]), 3.6e5), "temperature")


def test_photonic_map_1e4_by_1e4():
    from neqsc.photonic import Resistor
    from neqsc.photonic.results import heat_map

    t = np.linspace(0.05, 0.5, 10_000)
    _refused_fast(lambda: heat_map(Resistor(1.0), Resistor(1.0), t, t), "T_hot × T_cold")


def test_sweep_grid_of_1e10_points():
    from neqsc.sweep import make_grid

    axis = np.arange(100_000.0)
    _refused_fast(lambda: make_grid({"a": axis, "b": axis}), "grid")


def test_phonon_spectra_n_omega_1e8(tmp_path):
    from typer.testing import CliRunner

    from neqsc import io
    from neqsc.cli import app
    from neqsc.phonons.synthetic import synthetic_psc_run

    path = io.save(synthetic_psc_run(nt=201), tmp_path / "psc.nc")
    start = time.perf_counter()
    result = CliRunner().invoke(app, ["psc", "spectrum", str(path), "--n-omega", "100000000"])
    assert result.exit_code == 2 and "--n-omega" in result.output
    assert time.perf_counter() - start < 3.0  # includes loading the run file


def test_budget_env_and_nan():
    assert memory_budget()[0] == 2e9
    with pytest.raises(ResourceLimit, match="unbounded"):
        check_allocation("x", float("nan"))
    assert check_allocation("x", 1e6) == 1e6


def test_worker_counts_are_capped_unless_forced(monkeypatch):
    with pytest.warns(WorkerCapWarning, match="CPUs"):
        assert cap_workers("workers", 100_000) == psutil.Process().cpu_affinity().__len__()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cap_workers("workers", 100_000, force=True) == 100_000
        monkeypatch.setenv("NEQSC_FORCE_WORKERS", "1")
        assert cap_workers("workers", 100_000) == 100_000


def test_phase_slips_beyond_the_initial_capacity_are_all_kept(monkeypatch):
    import sys

    from neqsc.errors import ConvergenceError
    from neqsc.tdgl import simulate

    module = sys.modules["neqsc.tdgl.simulate"]
    reference = simulate(1.5, 10.0, 10.0, 0.1, t_end=100.0)
    monkeypatch.setattr(module, "_SLIP_CAPACITY", 4)  # grows as slips arrive: same slips, same period
    grown = simulate(1.5, 10.0, 10.0, 0.1, t_end=100.0)
    assert grown.attrs["n_slips"] == reference.attrs["n_slips"] > 100
    assert np.array_equal(grown.slip_time.values, reference.slip_time.values)
    assert grown.attrs["period"] == reference.attrs["period"]
    monkeypatch.setattr(module, "_SLIP_CAPACITY", 1)  # more slips in one chunk than room: an error, not a truncation
    with pytest.raises(ConvergenceError, match="phase slips"):
        simulate(1.5, 10.0, 10.0, 0.1, t_end=100.0, save_every=50.0)


def test_cooler_just_below_tc_is_refused_by_the_time_budget(monkeypatch):
    from neqsc.phonons.eta1 import eta1_grid

    monkeypatch.setenv("NEQSC_MEMORY_BUDGET", "none")  # the time estimate alone must refuse it
    # γ/k_BT and the |Ψ| grid of Al at T_b = Tc (1 − 10⁻⁸) (values from `cooler run --t-b 1.17499999K`)
    message = _refused_fast(lambda: eta1_grid(np.linspace(0, 8, 200), np.linspace(0, 1e-5, 121), 2.8e-5), "temperature")
    assert "NEQSC_TIME_BUDGET" in message
