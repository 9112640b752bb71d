"""``neqsc photonic heat`` / ``rt``: unit strings, outputs and clean errors."""

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.photonic import matched_resistor_heat_current

runner = CliRunner()


def test_heat_for_matched_resistors_writes_netcdf_with_the_exact_result(tmp_path):
    stem = tmp_path / "res"
    result = runner.invoke(
        app, ["photonic", "heat", "--circuit", "resistors", "--ts", "100mK:500mK:5", "--td", "50mK", "--out", str(stem)]
    )
    assert result.exit_code == 0, result.output
    ds = xr.open_dataset(stem.with_suffix(".nc"), engine="h5netcdf")
    expected = matched_resistor_heat_current(np.linspace(0.1, 0.5, 5), 0.05)
    # same physics as the library (unit parsing mK → K checked through the exact formula)
    assert ds.Q.values[:, 0] == pytest.approx(expected, rel=1e-9)
    assert stem.with_suffix(".png").exists()


def test_heat_reports_the_dey_ndtc_window(tmp_path):
    result = runner.invoke(
        app, ["photonic", "heat", "--ts", "300mK:450mK:31", "--td", "30mK", "--ndtc", "--out", str(tmp_path / "d")]
    )
    assert result.exit_code == 0, result.output
    assert "NDTC" in result.output and "mK" in result.output


def test_negative_temperature_is_a_clean_error(tmp_path):
    result = runner.invoke(app, ["photonic", "heat", "--ts", "-5mK", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "--ts" in result.output and "Traceback" not in result.output


def test_rt_writes_both_gap_models(tmp_path):
    result = runner.invoke(app, ["photonic", "rt", "--t", "50mK:1K:20", "--out", str(tmp_path / "rt")])
    assert result.exit_code == 0, result.output
    ds = xr.open_dataset(tmp_path / "rt.nc", engine="h5netcdf")
    assert set(ds.data_vars) >= {"RT_over_RN", "RT_over_RN_tanh"}


def test_neqsc_plot_redraws_a_saved_heat_map(tmp_path):
    stem = tmp_path / "m"
    assert (
        runner.invoke(
            app, ["photonic", "heat", "--ts", "0.1K:0.4K:4", "--td", "0.05K:0.3K:3", "--out", str(stem)]
        ).exit_code
        == 0
    )
    result = runner.invoke(app, ["plot", str(stem.with_suffix(".nc")), "--out", str(tmp_path / "again")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.png").exists()
