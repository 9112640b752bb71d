"""``neqsc psc spectrum`` and ``neqsc cooler run|map`` through typer's CliRunner (synthetic PSC history)."""

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from neqsc import io
from neqsc.cli import app
from neqsc.phonons.synthetic import synthetic_psc_run

runner = CliRunner()


def test_psc_spectrum_writes_netcdf_and_png_with_vanishing_cycle_mean(tmp_path):
    path = io.save(synthetic_psc_run(nt=201), tmp_path / "psc.nc")
    result = runner.invoke(app, ["psc", "spectrum", str(path), "--gamma", "0.3", "--n-omega", "50"])
    assert result.exit_code == 0, result.output
    ds = xr.open_dataset(tmp_path / "psc_spectra.nc", engine="h5netcdf")
    assert ds["cycle_residual"].item() < 1e-10
    assert (tmp_path / "psc_spectra.png").exists()


def test_psc_spectrum_rejects_a_file_without_order_parameter(tmp_path):
    path = io.save(synthetic_psc_run(nt=201).drop_vars("psi_abs"), tmp_path / "bad.nc")
    result = runner.invoke(app, ["psc", "spectrum", str(path)])
    assert result.exit_code == 2 and "psi_abs" in result.output


def test_cooler_run_second_law_case_keeps_bath_temperature(tmp_path):
    out = tmp_path / "c.nc"
    result = runner.invoke(app, ["cooler", "run", "--synthetic", "--p", "0.5", "--a1", "0", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ds = io.load(out)
    assert ds["T_cold_K"].item() == ds.attrs["T_b"]
    assert "joule_power_W" in ds and "phonon_emitted_W" in ds


def test_cooler_run_rejects_bad_efficiency_and_bath_above_tc(tmp_path):
    r1 = runner.invoke(app, ["cooler", "run", "--synthetic", "--p", "1.5"])
    assert r1.exit_code == 2 and "'p'" in r1.output
    r2 = runner.invoke(app, ["cooler", "run", "--synthetic", "--t-b", "2 K"])
    assert r2.exit_code == 2 and "T_b" in r2.output


def test_cooler_map_over_p_and_stacks(tmp_path):
    out = tmp_path / "m.nc"
    args = ["cooler", "map", "--synthetic", "--p", "0.5:0.9:3", "--stacks", "PMMA/sapphire,SiO2/Si", "--a1", "0"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    ds = io.load(out)
    assert ds["kappa"].shape == (1, 3, 2)
    assert (ds["T_cold"].sel(p=0.5).values == ds["T_b"].values[0]).all()


def test_cooler_kapitza_table_and_file(tmp_path):
    out = tmp_path / "k.nc"
    result = runner.invoke(app, ["cooler", "kapitza", "--pairs", "Al/sapphire", "--T", "0.5K,1K", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert io.load(out)["h_K"].shape == (1, 2)
    conv = tmp_path / "k2.nc"
    args = ["cooler", "kapitza", "--pairs", "Al/sapphire", "--T", "1K", "--model", "amm", "--out", str(conv)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert float(io.load(conv)["h_K"][0, 0]) == pytest.approx(535.6, abs=0.1)  # docs/phonons.md table
    bad = runner.invoke(app, ["cooler", "kapitza", "--model", "specular", "--out", str(tmp_path / "k3.nc")])
    assert bad.exit_code != 0 and "model" in bad.output


def test_psc_spectrum_at_chosen_moments(tmp_path):
    path = io.save(synthetic_psc_run(nt=201), tmp_path / "psc.nc")
    result = runner.invoke(app, ["psc", "spectrum", str(path), "--gamma", "0.3", "--at", "12,13"])
    assert result.exit_code == 0, result.output
    assert io.load(tmp_path / "psc_spectra_moments.nc").sizes["t"] == 2


def test_cooler_map_over_filament_materials(tmp_path):
    out = tmp_path / "m2.nc"
    args = ["cooler", "map", "--synthetic", "--p", "0.5,0.9", "--material", "Al,Sn", "--a1", "0", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    ds = io.load(out)
    assert list(ds["filament"].values) == ["Al", "Sn"]
    assert (ds["T_cold"].sel(p=0.5).values[:, 0] == ds["T_b"].values).all()  # second law, each material


def test_cooler_run_frequency_resolved_with_a_plate_filter(tmp_path):
    out = tmp_path / "c.nc"
    args = ["cooler", "run", "--synthetic", "--transmission", "amm", "--filter-cutoff",
            "20 GHz", "--out", str(out)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    ds = io.load(out)
    assert ds["plate_cooling_power_W"].item() <= ds["ideal_filter_bound_W"].item()
    assert ds["energy_error"].item() < 1e-9 and ds.attrs["transmission"] == "amm"
    bad = runner.invoke(app, ["cooler", "run", "--synthetic", "--filter-cutoff", "20 GHz"])  # diode has no filter
    assert bad.exit_code == 2 and "plate_filter" in bad.output
    bad = runner.invoke(app, ["cooler", "run", "--synthetic", "--transmission", "amm", "--filter-order", "-1"])
    assert bad.exit_code == 2 and "filter-order" in bad.output


def test_cooler_map_frequency_resolved_over_cutoffs(tmp_path):
    out = tmp_path / "m.nc"
    args = ["cooler", "map", "--synthetic", "--transmission", "dmm", "--filter-cutoff",
            "none,20 GHz", "--out", str(out)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    ds = io.load(out)
    assert ds["Q_c"].shape == (1, 1, 2) and np.isinf(ds["filter_cutoff"].values[0])
    assert (ds["plate_cooling_power"] <= ds["ideal_filter_bound"]).all()
    bad = runner.invoke(app, ["cooler", "map", "--synthetic", "--filter-cutoff", "20 GHz"])
    assert bad.exit_code == 2 and "filter-cutoff" in bad.output


def test_cooler_map_from_an_si_wire(tmp_path):
    out = tmp_path / "m.nc"
    wire = ["--wire-length", "3.9 um", "--wire-width", "100 nm", "--wire-thickness", "20 nm", "--t-b", "1.0575K"]
    result = runner.invoke(app, ["cooler", "map", *wire, "--p", "0.5,0.9", "--a1", "0", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ds = io.load(out)
    assert ds["T_b"].values[0] == pytest.approx(1.0575, rel=1e-12)
    assert (ds["T_cold"].sel(p=0.5).values == ds["T_b"].values[0]).all()  # second law
    bad = runner.invoke(app, ["cooler", "map", *wire[:2], "--synthetic"])
    assert bad.exit_code == 2 and "all three" in bad.output
    bad = runner.invoke(app, ["cooler", "map", *wire[:6]])
    assert bad.exit_code == 2 and "--t-b" in bad.output
