"""`neqsc plot` on a sweep store and the sweep section of `neqsc demo`."""

import functools

import numpy as np
from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.sweep import sweep
from neqsc.sweep.toy import brownian_relaxation

SMALL = functools.partial(brownian_relaxation, n_walkers=200, n_steps=20)


def test_neqsc_plot_draws_a_sweep_store_with_a_failed_point(tmp_path):
    store = tmp_path / "s.zarr"
    sweep(SMALL, {"gamma": [1e3, 0.0, 2e3], "temperature": [0.05, 0.1]}, "serial", store=store)
    result = CliRunner().invoke(app, ["plot", str(store), "--out", str(tmp_path / "fig")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fig.png").stat().st_size > 1000


def test_sweep_demo_reaches_equipartition(tmp_path):
    from neqsc.demos.sweep import sweep_demo

    result = sweep_demo(tmp_path)
    rows = {q: v for q, v, _ in result.rows}
    assert rows["points done"] == "12/12"
    # 12 kinetic temperatures, each with snapshot standard error √(2/4000) ≈ 0.022 (time averaging only shrinks it)
    assert float(rows["max |T_kin/T − 1|"]) < 4 * np.sqrt(2 / 4000)
    assert all(p.exists() for p in result.files)
