"""Registry adapters of the physics engines: each sweeps through `neqsc.sweep` and reproduces a known limit.

Skipped where the engine is not part of this checkout (its adapter then reports "not available yet").
"""

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from neqsc.constants import hbar, k_B
from neqsc.sweep import sweep
from neqsc.sweep.config import parse_config

ROOT = Path(__file__).resolve().parents[2]


def _run(data: dict, executor: str = "serial") -> xr.Dataset:
    cfg = parse_config(data)
    return sweep(cfg.func, cfg.grid, executor, units=cfg.units, workers=2)


def test_photonic_matched_resistors_give_the_pendry_heat_current():
    pytest.importorskip("neqsc.photonic")
    ds = _run(
        {
            "model": "photonic",
            "parameters": {"circuit": "resistors", "R_hot": "50 ohm", "R_cold": "50 ohm", "T_cold": "50 mK"},
            "sweep": {"T_hot": ["100 mK", "200 mK", "300 mK"]},
        }
    )
    t_hot = np.array([0.1, 0.2, 0.3])
    pendry = np.pi * k_B**2 * (t_hot**2 - 0.05**2) / (12 * hbar)
    # the photonic engine's own test bound for this closed form is 1e-6
    np.testing.assert_allclose(ds["heat_current"].values, pendry, rtol=1e-6)
    np.testing.assert_allclose(ds["dQ_dT_hot"].values, np.pi * k_B**2 * t_hot / (6 * hbar), rtol=1e-4)
    assert ds["T_hot"].attrs["units"] == "K"


def test_photonic_dey_circuit_heat_current_is_antisymmetric():
    pytest.importorskip("neqsc.photonic")
    ds = _run(
        {
            "model": "photonic",
            "points": [{"T_hot": "0.3 K", "T_cold": "0.1 K"}, {"T_hot": "0.1 K", "T_cold": "0.3 K"}],
        }
    )
    q = ds["heat_current"].values
    assert q[0] > 0 and q[1] == pytest.approx(-q[0], rel=1e-9)  # exchange of (element, T) pairs flips Q̇


def test_psc_below_switching_is_superconducting_and_above_resistive():
    pytest.importorskip("neqsc.tdgl")
    ds = _run(
        {
            "model": "psc",
            "parameters": {"length": 5.0, "delta": 10.0, "eta": 0.1, "t_end": 100.0},
            "sweep": {"j": [0.2, 1.5]},
        },
        executor="processes",
    )
    assert (ds["sweep_status"] == 1).all(), ds["sweep_error"].values
    v = ds["mean_voltage"].values
    # j = 0.2 j0: no phase slip, ⟨V⟩ only the decaying transient of the second half of the run (≈ 1e-4 here);
    # j = 1.5 j0: a PSC with ⟨V⟩ ≈ 4.6 ħ/(2e t0) (docs/tdgl.md)
    assert ds["n_slips"].values[0] == 0 and ds["n_slips"].values[1] > 10
    assert abs(v[0]) < 1e-3 * v[1] and v[1] > 1.0
    assert ds["voltage"].dims == ("j", "t") and ds["j"].attrs["units"] == "j0"
    from neqsc.tdgl import simulate

    direct = simulate(1.5, 5.0, 10.0, 0.1, t_end=100.0)
    assert v[1] == pytest.approx(direct.attrs["mean_voltage"], rel=1e-12)  # the adapter adds nothing


def test_thermal_device_at_zero_power_sits_at_the_bath_temperature_and_conserves_energy():
    pytest.importorskip("neqsc.thermal")
    device = ROOT / "examples" / "thermal_dey2023.toml"
    if not device.exists():
        pytest.skip("thermal example device not in this checkout")
    ds = _run(
        {
            "model": "thermal",
            "parameters": {"device": str(device), "bath_temperature": "30 mK"},
            "sweep": {"power": ["0 pW", "1 pW"]},
        }
    )
    assert (ds["sweep_status"] == 1).all(), ds["sweep_error"].values
    np.testing.assert_allclose(ds["T"].isel(power=0).values, 0.03, rtol=1e-6)
    # steady state: injected power leaves through the fixed nodes (the engine solves to rtol 1e-9)
    np.testing.assert_allclose(ds["injected_power"].values, ds["power_to_fixed_nodes"].values, rtol=1e-6, atol=1e-24)
    assert (ds["T"].isel(power=1) > 0.03).all()


def test_cooler_point_reports_cooling_power_and_t_cold():
    pytest.importorskip("neqsc.tdgl")
    pytest.importorskip("neqsc.phonons")
    ds = _run(
        {
            "model": "cooler",
            "parameters": {"length": 5.0, "delta": 10.0, "eta": 0.1, "t_end": 200.0, "T_b": "1 K"},
            "sweep": {"j": [1.5]},
        }
    )
    assert (ds["sweep_status"] == 1).all(), ds["sweep_error"].values
    assert np.isfinite(ds["kappa"].values).all()


def test_cooler_point_with_frequency_resolved_transmission_and_filter():
    pytest.importorskip("neqsc.tdgl")
    params = {"length": 5.0, "delta": 10.0, "eta": 0.1, "t_end": 200.0, "transmission": "amm",
              "filter_cutoff": "20 GHz"}  # fmt: skip
    ds = _run({"model": "cooler", "parameters": params, "sweep": {"j": [1.5]}})
    assert (ds["sweep_status"] == 1).all(), ds["sweep_error"].values
    assert (ds["plate_cooling_power_W"] <= ds["ideal_filter_bound_W"]).all()
    assert (ds["energy_error"] < 1e-9).all()


def test_cooler_point_from_an_si_wire_equals_the_wire_pipeline():
    pytest.importorskip("neqsc.tdgl")
    from neqsc.phonons import cooler_from_run
    from neqsc.tdgl import Wire, simulate

    si = {"wire_length": "1.6 um", "wire_width": "100 nm", "wire_thickness": "20 nm", "T": "1.05 K"}
    ds = _run({"model": "cooler", "parameters": {"t_end": 100.0, **si}, "sweep": {"j": [0.6]}})
    assert (ds["sweep_status"] == 1).all(), ds["sweep_error"].values
    wire = Wire("Al", 1.6e-6, 1e-7, 2e-8, 1.05, delta=10.0)
    ref = cooler_from_run(simulate(0.6, wire.length_reduced, wire.delta, wire.eta, t_end=100.0), wire=wire)
    # same run, same pipeline: equal to round-off of the sweep store (float64)
    assert ds["joule_power_W"].item() == pytest.approx(ref["joule_power_W"].item(), rel=1e-12)
    assert ds["T_cold_K"].item() == pytest.approx(ref["T_cold_K"].item(), rel=1e-12)


def test_psc_example_file_runs_from_the_command_line(tmp_path):
    pytest.importorskip("neqsc.tdgl")
    from typer.testing import CliRunner

    from neqsc.cli import app

    example = ROOT / "examples" / "sweep_psc.toml"
    result = CliRunner().invoke(
        app, ["sweep", "run", str(example), "--store", str(tmp_path / "psc.zarr"), "-q", "--executor", "serial"]
    )
    assert result.exit_code == 0, result.output
    ds = xr.open_zarr(tmp_path / "psc.zarr", consolidated=False)
    assert (ds["sweep_status"] == 1).all() and ds["j"].attrs["units"] == "j0"
    # ⟨V⟩ grows with the bias on the resistive branch (PSC, then normal): monotonic over the resistive points
    v = ds["mean_voltage"].values
    resistive = ds["n_slips"].values > 0
    assert resistive[-1] and np.all(np.diff(v[resistive]) > 0)


def test_nonlocal_injection_suppresses_the_gap_and_the_adapter_matches_the_pipeline():
    pytest.importorskip("neqsc.quasiclassics")
    ds = _run(
        {
            "model": "nonlocal",
            "parameters": {"v_inj_max": 2.0, "n_inj": 5, "n_det": 7},
            "sweep": {"T_inj": ["61 mK", "120 mK"]},
        }
    )
    assert (ds["sweep_status"] == 1).all(), ds["sweep_error"].values
    gap = ds["gap"].sel(T_inj=0.061).values  # v_inj = −2 … 2 after mirroring
    assert gap[4] == gap.max() and gap[-1] < gap[4] - 0.01  # quasiparticle injection lowers Δ (Fig. 11)
    np.testing.assert_array_equal(gap, gap[::-1])  # mirrored bias
    assert ds["g_nl"].dims == ("T_inj", "v_inj", "v_det") and np.isfinite(ds["g_nl"].values).all()
    from neqsc.sweep.model_nonlocal import nonlocal_conductance

    direct = nonlocal_conductance(T_inj=0.12, v_inj_max=2.0, n_inj=5, n_det=7)
    np.testing.assert_array_equal(ds["g_nl"].sel(T_inj=0.12).values, direct["g_nl"].values)
