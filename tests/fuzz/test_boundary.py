"""The CLI boundary: one line per failure, exit codes, --debug, bracketed text kept, --overwrite threaded."""

from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.errors import ConvergenceError

RUNNER = CliRunner()


def test_overwrite_is_needed_to_replace_an_output(tmp_path):
    args = ["psc", "run", "--t-end", "2", "--length", "4", "--quiet", "--out", str(tmp_path / "r.nc")]
    assert RUNNER.invoke(app, args).exit_code == 0
    refused = RUNNER.invoke(app, args)
    assert refused.exit_code == 2 and "--overwrite" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert RUNNER.invoke(app, [*args, "--overwrite"]).exit_code == 0


def test_figures_are_not_replaced_without_overwrite(tmp_path):
    run = ["psc", "run", "--t-end", "2", "--length", "4", "--quiet", "--out", str(tmp_path / "r.nc")]
    assert RUNNER.invoke(app, run).exit_code == 0
    plot = ["plot", str(tmp_path / "r.nc"), "--out", str(tmp_path / "fig")]
    assert RUNNER.invoke(app, plot).exit_code == 0
    again = RUNNER.invoke(app, plot)
    assert again.exit_code == 2 and "figure" in again.stderr
    assert RUNNER.invoke(app, [*plot, "--overwrite"]).exit_code == 0


def test_failed_computation_is_exit_1_with_brackets_kept_and_debug_traceback(monkeypatch, tmp_path):
    import neqsc.tdgl

    def fail(*args, **kwargs):
        raise ConvergenceError("did not converge", diagnostics={"dt": 0.1})

    monkeypatch.setattr(neqsc.tdgl, "simulate", fail)
    args = ["psc", "run", "--quiet", "--out", str(tmp_path / "r.nc")]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 1 and result.stderr.strip() == "error: did not converge [dt=0.1]"
    debug = RUNNER.invoke(app, [*args, "--debug"])
    assert debug.exit_code == 1 and "Traceback" in debug.stderr


def test_unexpected_errors_are_one_line_exit_1(monkeypatch, tmp_path):
    import neqsc.tdgl

    monkeypatch.setattr(neqsc.tdgl, "simulate", lambda *a, **k: 1 / 0)
    result = RUNNER.invoke(app, ["psc", "run", "--quiet", "--out", str(tmp_path / "r.nc")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("error: ZeroDivisionError") and len(result.stderr.splitlines()) == 1
