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
    # unit strings: parsed with neqsc.units, range in the SI unit, wrong dimension or no number refused
    q = Param("length", "length", "4 um", 1e-8, 1e-3, quantity="m")
    assert q.check("4 um") is None and q.check("0.5 mm") is None
    assert "1e-08 … 0.001 m" in q.check("2 m")
    assert "refused" in q.check("2 kg") and "refused" in q.check("abc")


def test_photonic_code_reproduces_ndtc_windows_and_design():
    """Executing the code box gives the windows of neqsc.photonic.ndtc_windows and the balance of
    neqsc.photonic.design for the same device (Dey et al.)."""
    from neqsc.explore.photonic import PhotonicView
    from neqsc.photonic import MattisBardeenFilm, Resistor, Series, design, ndtc_windows

    values = {p.name: p.default for p in PhotonicView.params}
    ns: dict = {}
    exec(PhotonicView.code(None, values), ns)  # the text shown on the page
    source = Series(Resistor(2.857), MattisBardeenFilm(R_n=36 * 2.857, Tc=0.4, gap_model="tanh"))
    expected = ndtc_windows(source, Resistor(2.857), np.linspace(0.08, 0.6, 105), 0.03)
    assert len(ns["windows"]) == len(expected) == 1
    np.testing.assert_allclose(ns["windows"][0], expected[0], rtol=1e-12)  # the same call
    # the balance is design() of the strips written out by hand (resistance, volume, Σ, Tc overriding the table)
    metal = {"material": "Cu", "resistance": 2.857, "volume": 0.042e-18, "sigma_eph": values["sigma_N"]}
    film = {"material": "Ti", "resistance": 36 * 2.857, "volume": 0.105e-18, "sigma_eph": values["sigma_S"], "Tc": 0.4}
    ref = design(film, series=metal, drain=metal, T_bath=0.03, gap_model="tanh", n_points=values["n_balance"])
    bal = ns["balance"]
    for key in ("window_P_in_start", "window_P_in_end", "delta_T_D_mK"):
        assert bal.attrs[key] == pytest.approx(ref.attrs[key], rel=1e-12)  # deterministic: the same call
    assert bal.attrs["delta_T_D_mK"] > 0  # the Dey et al. device cools its drain


def test_photonic_nis_has_no_balance():
    """design() covers the series-film source only: the NIS view shows its Q̇ map and says so for the balance."""
    from neqsc.explore.photonic import PhotonicView

    values = {p.name: p.default for p in PhotonicView.params} | {"topology": "nis"}
    result = PhotonicView.compute(None, values, lambda done, total: None)
    assert "balance" in result.numbers and "P_in" not in result.dataset.coords


def test_explore_command_registered():
    from typer.testing import CliRunner

    from neqsc.cli import app

    result = CliRunner().invoke(app, ["explore", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--host" in result.output


def test_photonic_reused_parts_equal_a_fresh_run():
    """After a T_D change the balance is reused and the map recomputed: the numbers equal executing the whole code."""
    from neqsc.explore.photonic import PhotonicView, script

    values = {p.name: p.default for p in PhotonicView.params}
    PhotonicView.compute(None, values, lambda done, total: None)
    values["T_D"] = 40.0
    result = PhotonicView.compute(None, values, lambda done, total: None)
    ns: dict = {}
    exec(script(values), ns)
    (a, b), (start, end) = ns["windows"][0], (result.numbers["window0_start"][1], result.numbers["window0_end"][1])
    assert (start, end) == (a * 1e3, b * 1e3)  # the same deterministic calls: equal to the last bit
    assert result.numbers["dT_D"][1] == ns["balance"].attrs["delta_T_D_mK"]
