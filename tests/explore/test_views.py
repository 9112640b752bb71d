"""Explorer views without a browser: the "copy as Python" code reproduces the view, inputs are refused outside their
range, and the command is registered."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("panel", reason='the explorer needs the explore extra: pip install -e ".[explore]"')

from neqsc.explore._app import Param


def test_param_refuses_out_of_range_and_non_numbers():
    p = Param("T_D", "T_D", 30.0, 1.0, 5000.0, "mK")
    assert p.check(30.0) is None
    assert "refused" in p.check(-5.0) and "1 … 5000 mK" in p.check(-5.0)
    assert p.check(None) is not None and p.check(float("nan")) is not None
    assert Param("g", "Gap model", "tanh", options=("tanh", "bcs")).check("xyz") is not None
    assert Param("n", "n", 3, 1, 10, integer=True).check(2.5) is not None


def test_photonic_code_reproduces_ndtc_windows():
    """Executing the code box gives the windows of neqsc.photonic.ndtc_windows for the same device (Dey et al.)."""
    from neqsc.explore.photonic import PhotonicView
    from neqsc.photonic import MattisBardeenFilm, Resistor, Series, ndtc_windows

    values = {p.name: p.default for p in PhotonicView.params}
    ns: dict = {}
    exec(PhotonicView.code(None, values), ns)  # the text shown on the page
    source = Series(Resistor(2.857), MattisBardeenFilm(R_n=36 * 2.857, Tc=0.4, gap_model="tanh"))
    expected = ndtc_windows(source, Resistor(2.857), np.linspace(0.08, 0.6, 105), 0.03)
    assert len(ns["windows"]) == len(expected) == 1
    np.testing.assert_allclose(ns["windows"][0], expected[0], rtol=1e-12)  # the same call
    # the heater range brackets the window: T_S at the largest heater power is above the window's top
    assert ns["balance"].T_S.values[-1] > expected[0][1]
    assert ns["dT_D"] > 0


def test_explore_command_registered():
    from typer.testing import CliRunner

    from neqsc.cli import app

    result = CliRunner().invoke(app, ["explore", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--host" in result.output
