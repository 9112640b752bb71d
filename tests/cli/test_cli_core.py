"""The core CLI commands, driven through typer's CliRunner."""

import re

import xarray as xr
from typer.testing import CliRunner

import neqsc
from neqsc.cli import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert neqsc.__version__ in result.output


def test_materials_table_lists_all_and_one():
    result = runner.invoke(app, ["materials"])
    assert result.exit_code == 0
    for name in ("Al", "NbN", "sapphire", "PMMA"):
        assert name in result.output
    one = runner.invoke(app, ["materials", "Al"])
    assert one.exit_code == 0 and "Kaplan" in one.output and "1.175" in one.output


def test_unknown_material_is_a_clean_error():
    result = runner.invoke(app, ["materials", "Xx"])
    assert result.exit_code == 2
    assert "material" in result.output
    assert "Traceback" not in result.output


def test_demo_writes_png_and_netcdf(tmp_path):
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.glob("*.png")) and list(tmp_path.glob("*.nc"))
    ds = xr.open_dataset(tmp_path / "core_gap_dos.nc", engine="h5netcdf")
    # the demo's own number: Δ(0)/k_BTc printed and stored must be the BCS value
    assert re.search(r"1\.7639", result.output)
    assert float(ds.gap_bcs.max()) * 1e6 == __import__("pytest").approx(178.6, abs=0.2)
    ds.close()


def test_reproduce_list_and_unknown():
    listed = runner.invoke(app, ["reproduce", "--list"])
    assert listed.exit_code == 0 and "reproducible figures" in listed.output
    unknown = runner.invoke(app, ["reproduce", "no-such-figure"])
    assert unknown.exit_code == 2 and "NAME" in unknown.output


def test_plot_command_writes_png(tmp_path):
    runner.invoke(app, ["demo", "--out", str(tmp_path)])
    result = runner.invoke(app, ["plot", str(tmp_path / "core_gap_dos.nc"), "--out", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.png").stat().st_size > 1000


def test_info_reports_versions():
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0 and "numpy" in result.output


def test_materials_table_is_readable_at_80_columns():
    result = runner.invoke(app, ["materials"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "…" not in result.output  # no truncated cell
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_output_paths_are_printed_as_written(tmp_path):
    # a file name with brackets must appear verbatim in "wrote ..." (rich markup would eat "[b]" and "[/b]")
    out = tmp_path / "run[b]x[/b].nc"
    result = runner.invoke(app, ["nonlocal", "spectrum", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "run[b]x[/b].nc" in result.output.replace("\n", "")
