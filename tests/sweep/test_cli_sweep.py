"""`neqsc sweep run / status / models` through typer's CliRunner."""

import re

from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.sweep import open_result

runner = CliRunner()

TOML = """
model = "brownian"
store = "{store}"
executor = "serial"
seed = 3

[parameters]
n_walkers = 200
n_steps = 20

[sweep]
gamma = "1 kHz:2 kHz:2"
temperature = {temperatures}
"""


def _write(tmp_path, temperatures='["10 mK", "20 mK"]', name="s.zarr"):
    path = tmp_path / "sweep.toml"
    path.write_text(TOML.format(store=(tmp_path / name).as_posix(), temperatures=temperatures))
    return path


def test_run_writes_the_store_and_status_counts_it(tmp_path):
    config = _write(tmp_path)
    result = runner.invoke(app, ["sweep", "run", str(config), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "4/4 done, 0 failed, 0 missing" in result.output
    assert "4/4 points" in result.output and "pt/s" in result.output and "━" not in result.output  # log lines, no bar
    ds = open_result(tmp_path / "s.zarr")
    assert ds["temperature"].attrs["units"] == "K" and ds["gamma"].attrs["units"] == "1/s"
    assert '"toml"' in ds.attrs["parameters_json"]  # the file that made it is embedded
    status = runner.invoke(app, ["sweep", "status", str(tmp_path / "s.zarr")])
    assert status.exit_code == 0
    counts = dict(re.findall(r"(total|done|failed|missing)\s*│\s*(\d+)", status.output))
    assert counts == {"total": "4", "done": "4", "failed": "0", "missing": "0"}


def test_rerun_without_resume_is_refused_and_resume_is_a_no_op(tmp_path):
    config = _write(tmp_path)
    assert runner.invoke(app, ["sweep", "run", str(config), "-q"]).exit_code == 0
    again = runner.invoke(app, ["sweep", "run", str(config), "-q"])
    assert again.exit_code == 2 and "--resume" in again.output
    resumed = runner.invoke(app, ["sweep", "run", str(config), "-q", "--resume", "--out", str(tmp_path / "r.nc")])
    assert resumed.exit_code == 0 and (tmp_path / "r.nc").exists()


def test_failing_points_give_exit_code_1_and_their_messages(tmp_path):
    config = _write(tmp_path, temperatures='["10 mK", "0 K"]')
    result = runner.invoke(app, ["sweep", "run", str(config), "-q"])
    assert result.exit_code == 1
    assert "2/4 done, 2 failed" in result.output and "temperature" in result.output


def test_progress_bar_shows_count_and_rate(tmp_path):
    result = runner.invoke(app, ["sweep", "run", str(_write(tmp_path))])
    assert result.exit_code == 0
    assert "4/4" in result.output and "pt/s" in result.output


def test_unknown_model_and_parameter_are_clean_errors(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('model = "nope"\n[sweep]\nx = [1]\n')
    result = runner.invoke(app, ["sweep", "run", str(config)])
    assert result.exit_code == 2 and "brownian" in result.output and "Traceback" not in result.output
    config.write_text('model = "brownian"\n[sweep]\ncolour = [1]\n')
    result = runner.invoke(app, ["sweep", "run", str(config)])
    assert result.exit_code == 2 and "colour" in result.output


def test_status_of_a_missing_store_is_a_clean_error(tmp_path):
    result = runner.invoke(app, ["sweep", "status", str(tmp_path / "none.zarr")])
    assert result.exit_code == 2 and "store" in result.output


def test_models_lists_availability():
    result = runner.invoke(app, ["sweep", "models"])
    assert result.exit_code == 0 and "brownian" in result.output and "psc" in result.output


def test_dry_run_shows_the_grid_and_computes_nothing(tmp_path):
    result = runner.invoke(app, ["sweep", "run", str(_write(tmp_path)), "--dry-run"])
    assert result.exit_code == 0
    assert "4 points (gamma=2 × temperature=2)" in result.output and "0.01 … 0.02 K" in result.output
    assert not (tmp_path / "s.zarr").exists()
