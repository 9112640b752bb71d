"""CLI commands of ``neqsc nonlocal`` and the paper reproductions (slow)."""

import numpy as np
import pytest
from typer.testing import CliRunner

from neqsc import io
from neqsc.cli import app
from neqsc.quasiclassics.device import PAPER_DEVICE


def test_paper_device_reduced_units_match_table1():
    # Table 1 derived: ξ = 64.8 nm, R_ξ ≈ 8.57 Ω (with ξ = 65 nm), I0 ≈ 30.9 µA, κ_A = 2.11e-4
    assert PAPER_DEVICE.xi == pytest.approx(64.8e-9, rel=1e-3)
    assert PAPER_DEVICE.R_xi == pytest.approx(8.57, rel=5e-3)
    assert PAPER_DEVICE.I0 == pytest.approx(30.9e-6, rel=5e-3)
    assert PAPER_DEVICE.kappa_inj == pytest.approx(2.11e-4, rel=5e-3)


def test_cli_spectrum_writes_a_dataset(tmp_path):
    out = tmp_path / "s.nc"
    res = CliRunner().invoke(app, ["nonlocal", "spectrum", "--zeta", "0.1", "--out", str(out)])
    assert res.exit_code == 0, res.output
    ds = io.load(out)
    assert ds.attrs["zeta"] == 0.1 and float(ds.N.interp(eps=0.0)) < 0.01


def test_cli_rejects_singular_dos_with_a_clear_message(tmp_path):
    res = CliRunner().invoke(app, ["nonlocal", "spectrum", "--gamma", "0", "--out", str(tmp_path / "x.nc")])
    assert res.exit_code == 2 and "gamma" in res.output


def test_cli_map_accepts_biases_in_volts(tmp_path):
    out = tmp_path / "m.nc"
    args = ["nonlocal", "map", "--vinj", "0uV:530uV:5", "--vdet", "-0.5:0.5:3", "--out", str(out)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    ds = io.load(out)
    assert ds.v_inj.size == 9 and np.isclose(float(ds.v_inj.max()), 2.0, atol=1e-9)


def test_cli_mixing_gives_a_current_odd_signal(tmp_path):
    out = tmp_path / "mix.nc"
    res = CliRunner().invoke(
        app, ["nonlocal", "mixing", "--supercurrent", "8 uA", "--vinj", "-2:2:41", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    ds = io.load(out)
    g_a = ds.g_a.values
    assert np.allclose(g_a, -g_a[::-1], atol=1e-9 * np.abs(ds.g_s).max())  # g_a odd in V_inj
    assert np.abs(g_a).max() > 1.0  # Ω: the Fig. 13 peaks at ±Δ0 are several Ω


def test_cli_rejects_supercurrent_above_critical(tmp_path):
    res = CliRunner().invoke(app, ["nonlocal", "mixing", "--supercurrent", "40 uA", "--out", str(tmp_path / "m.nc")])
    assert res.exit_code == 2 and "critical" in res.output


@pytest.mark.slow
def test_fig11_reproduction_numbers(tmp_path):
    from neqsc.reproduce import run

    r = run("ryan2026-fig11", tmp_path)
    assert r.numbers["Δ(V=0)"] == pytest.approx(0.99005, abs=1e-4)  # paper λ with Γ = 0.005
    assert r.numbers["Δ(V=5) with e-e"] < r.numbers["Δ(V=5) elastic"] - 0.02  # drop above 3Δ (Fig. 11a)


def test_readme_example_runs_and_agrees_with_eq21_below_the_wire_length_limit():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "quasiclassics.md").read_text()
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    ns: dict = {}
    exec(code, ns)
    k = 30  # eV = 1.5Δ0: λ_T ≪ wire length, so the finite-wire solution and Eq. 21 agree (measured 0.15 %)
    assert float(ns["g"][k]) == pytest.approx(ns["g21"][k], rel=5e-3)
