"""CLI ``neqsc psc run|iv``, netCDF round trip and ``neqsc plot`` for TDGL results."""

from __future__ import annotations

from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.io import load

runner = CliRunner()


def test_psc_run_writes_netcdf_with_voltage_psi_and_period(tmp_path):
    out = tmp_path / "psc.nc"
    res = runner.invoke(
        app, ["psc", "run", "--j", "1.5", "--length", "5", "--t-end", "60", "--out", str(out), "--quiet"]
    )
    assert res.exit_code == 0, res.output
    ds = load(out)
    assert ds.attrs["neqsc_kind"] == "tdgl_run"
    assert {"voltage", "psi_abs", "dpsi2_dt", "phi", "j_s", "j_n", "j_int", "slip_time"} <= set(ds.data_vars)
    assert ds.attrs["period"] > 0 and ds.attrs["mean_voltage"] > 0
    png = runner.invoke(app, ["plot", str(out)])
    assert png.exit_code == 0, png.output
    assert (tmp_path / "psc.png").exists()


def test_psc_iv_writes_curve_and_plot(tmp_path):
    out = tmp_path / "iv.nc"
    res = runner.invoke(
        app,
        ["psc", "iv", "--j", "0.3:1.5:3", "--length", "5", "--t-per-point", "60", "--workers", "1", "--out", str(out),
         "--quiet"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    ds = load(out)
    assert ds.attrs["neqsc_kind"] == "tdgl_iv"
    assert ds["mean_voltage"].shape == (2, 3)
    assert runner.invoke(app, ["plot", str(out)]).exit_code == 0


def test_psc_run_rejects_negative_length_with_message(tmp_path):
    res = runner.invoke(app, ["psc", "run", "--length", "-1", "--out", str(tmp_path / "x.nc"), "--quiet"])
    assert res.exit_code == 2
    assert "length" in res.output


def test_psc_run_dx_is_auto_by_default_or_a_number_in_xi(tmp_path):
    base = ["psc", "run", "--j", "1.0", "--length", "2", "--delta", "30", "--t-end", "1", "--quiet"]
    res = runner.invoke(app, [*base, "--out", str(tmp_path / "a.nc")])
    assert res.exit_code == 0, res.output
    assert load(tmp_path / "a.nc").attrs["dx"] == 0.05  # clip(1.5/δ, 0.05, 0.1) at δ = 30
    res = runner.invoke(app, [*base, "--dx", "0.2", "--out", str(tmp_path / "b.nc")])
    assert res.exit_code == 0, res.output
    assert load(tmp_path / "b.nc").attrs["dx"] == 0.2
    res = runner.invoke(app, [*base, "--dx", "fine", "--out", str(tmp_path / "c.nc")])
    assert res.exit_code == 2 and "--dx" in res.output


def test_streamed_run_equals_in_memory_run(tmp_path):
    import numpy as np

    from neqsc.tdgl import simulate

    kw = dict(j=1.5, length=5.0, delta=10.0, t_end=40.0)
    mem = simulate(**kw)
    streamed = simulate(**kw, stream_to=tmp_path / "run.zarr")
    assert set(mem.data_vars) == set(streamed.data_vars)
    for name in mem.data_vars:
        np.testing.assert_array_equal(mem[name].values, streamed[name].values)  # same arithmetic, bit for bit
    assert streamed.attrs["period"] == mem.attrs["period"]
