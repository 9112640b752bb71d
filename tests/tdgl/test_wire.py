"""The SI wire: scales from the material, SI ↔ reduced round trips, the Ohmic identity, bad input, CLI."""

from __future__ import annotations

import math

import numpy as np
import pytest
from typer.testing import CliRunner

from neqsc import materials
from neqsc.cli import app
from neqsc.constants import e, hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.io import load
from neqsc.tdgl import U_DEFAULT, Wire

runner = CliRunner()
GEOMETRY = ("2 um", "100 nm", "20 nm")


@pytest.fixture(scope="module")
def wire():
    return Wire("Al", *GEOMETRY, "1.05 K", delta=10.0)


def test_unit_strings_and_si_floats_give_the_same_wire(wire):
    same = Wire("Al", 2e-6, 1e-7, 2e-8, 1.05, delta=10.0)
    for name in ("xi", "t0", "j0", "I0", "V0", "R_n", "delta"):
        assert getattr(same, name) == pytest.approx(getattr(wire, name), rel=1e-14)
    assert Wire("Al", *GEOMETRY, "0.9 Tc", delta=10.0).T == pytest.approx(0.9 * 1.175, rel=1e-14)


def test_xi_is_the_dirty_limit_formula(wire):
    # ξ = √(πħD/(8k_B(Tc − T))) exactly (no fitted factor): agreement to rounding.
    al = materials.get("Al")
    assert wire.xi == pytest.approx(math.sqrt(math.pi * hbar * al.diffusion / (8 * k_B * (al.Tc - 1.05))), rel=1e-14)
    # t0 = ξ²/(uD) (the diffusion time over ξ divided by u), an independent route to the same scale
    assert wire.t0 == pytest.approx(wire.xi**2 / (U_DEFAULT * al.diffusion), rel=1e-12)


def test_scales_are_consistent(wire):
    al = materials.get("Al")
    assert wire.R_n == pytest.approx(al.resistivity * 2e-6 / (1e-7 * 2e-8), rel=1e-14)
    assert wire.V0 == pytest.approx(hbar / (2 * e * wire.t0), rel=1e-14)
    # I0·R_n = V0·L/ξ: the reduced Ohm law V̄ = j̄L̄ in SI
    assert wire.I0 * wire.R_n == pytest.approx(wire.V0 * wire.length_reduced, rel=1e-13)


def test_si_reduced_si_round_trips(wire):
    currents = np.array([1e-7, 3.3e-6, 5e-5])
    np.testing.assert_allclose(wire.reduced_current(currents) * wire.I0, currents, rtol=1e-12)
    assert wire.reduced_current("50 uA") * wire.I0 == pytest.approx(5e-5, rel=1e-12)
    assert wire.reduced_time("20 ns") * wire.t0 == pytest.approx(2e-8, rel=1e-12)
    assert wire.reduced_time("500 t0") == pytest.approx(500.0, rel=1e-12)
    assert wire.reduced_time(1e-9) * wire.t0 == pytest.approx(1e-9, rel=1e-12)


def test_physical_delta_from_the_kaplan_time():
    w = Wire("Al", *GEOMETRY, "1.05 K")
    al = materials.get("Al")
    tau = al.inelastic_time(1.05)
    delta0 = math.sqrt(8 * math.pi**2 / (7 * 1.2020569031595942)) * k_B * al.Tc * math.sqrt(1 - 1.05 / al.Tc)
    assert w.delta == pytest.approx(2 * tau * delta0 / hbar, rel=1e-12)
    assert Wire("Al", *GEOMETRY, "1.05 K", tau_inelastic="10 ns").tau_inelastic == pytest.approx(1e-8, rel=1e-14)
    # δ given → τ_ε follows by the same relation
    assert Wire("Al", *GEOMETRY, "1.05 K", delta=w.delta).tau_inelastic == pytest.approx(tau, rel=1e-12)


def test_film_overrides_reach_the_scales():
    bulk = Wire("Al", *GEOMETRY, "1.05 K", delta=10.0)
    film = Wire("Al", *GEOMETRY, "1.05 K", delta=10.0, resistivity="6e-8 ohm m")
    assert film.R_n == pytest.approx(2 * bulk.R_n, rel=1e-12)
    assert film.xi == pytest.approx(bulk.xi / math.sqrt(2), rel=1e-12)  # D halves with ρ doubled (Einstein)


def test_run_carries_si_variables_and_the_ohmic_identity(wire):
    # deep in the resistive state (j = 5 j0 ≈ 13 j_dp) the SI Ohm ratio equals the reduced one: the SI layer adds no
    # physics, only products of scales (agreement to rounding, 1e-12).
    ds = wire.simulate(5.0 * wire.I0, t_end="60 t0")
    assert ds["current"].attrs["units"] == "A" and ds["voltage_si"].attrs["units"] == "V"
    assert ds["time"].attrs["units"] == "s" and ds["x_si"].attrs["units"] == "m"
    np.testing.assert_allclose(ds["time"].values, ds["t"].values * wire.t0, rtol=1e-14)
    np.testing.assert_allclose(ds["x_si"].values[-1], wire.length / 2, rtol=1e-12)
    a = ds.attrs
    si_ratio = a["mean_voltage_si"] / (a["current_si"] * wire.R_n)
    assert si_ratio == pytest.approx(a["mean_voltage"] / (a["j"] * a["length"]), rel=1e-12)
    # resistive: with superconducting banks the field penetrates only ≈ ℓ_E into each end, so V < I R_n; measured 0.83
    assert 0.6 < si_ratio < 1.0
    assert a["I0_A"] == wire.I0 and a["material"] == "Al"


def test_iv_curve_in_amperes_and_volts(wire):
    ds = wire.iv_curve([2e-6, 70e-6], t_per_point="40 t0", direction="up", workers=1)
    np.testing.assert_allclose(ds["current"].values, [2e-6, 70e-6], rtol=1e-12)
    np.testing.assert_allclose(ds["voltage"].values, ds["mean_voltage"].values * wire.V0, rtol=1e-14)
    assert ds["voltage"].attrs["units"] == "V"
    assert ds["voltage"].sel(direction="up").values[0] == pytest.approx(0.0, abs=1e-3 * wire.V0)


@pytest.mark.parametrize(
    ("args", "kwargs", "field"),
    [
        (("Al", "2 K", "100 nm", "20 nm", "1 K"), {}, "length"),  # wrong dimension
        (("Al", "2 um", "100 nm", "20 nm", "1.2 K"), {}, "T"),  # T ≥ Tc
        (("Al", "2 um", "100 nm", "20 nm", "1.175 K"), {}, "T"),
        (("Al", "2 um", "3 um", "20 nm", "1 K"), {}, "width"),  # not a wire
        (("Cu", "2 um", "100 nm", "20 nm", "1 K"), {}, r"Cu\.Tc"),  # no Tc
        (("NbN", "2 um", "100 nm", "20 nm", "10 K"), {}, r"NbN\.tau0"),  # no τ0 for δ
        (("Al", "2 um", "100 nm", "20 nm", "1 K"), {"delta": 10, "tau_inelastic": 1e-9}, "tau_inelastic"),
        (("Al", "2 um", "100 nm", "20 nm", "0.9 t0"), {}, "T"),
    ],
)
def test_bad_input_names_the_field(args, kwargs, field):
    with pytest.raises(InvalidParameter, match=field):
        Wire(*args, **kwargs)


def test_wire_rejects_keywords_it_sets(wire):
    with pytest.raises(InvalidParameter, match="length"):
        wire.simulate(1e-6, length=3.0)
    with pytest.raises(InvalidParameter, match="current"):
        wire.simulate("1 V")


SI_ARGS = ["--material", "Al", "--length", "2 um", "--width", "100 nm", "--thickness", "20 nm", "--T", "1.05 K"]


def test_cli_si_run_and_plot(tmp_path):
    out = tmp_path / "si.nc"
    res = runner.invoke(
        app, ["psc", "run", *SI_ARGS, "--delta", "10", "--current", "50 uA", "--t-end", "40", "--out", str(out),
              "--quiet"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    ds = load(out)
    assert ds.attrs["current_si"] == pytest.approx(5e-5, rel=1e-12)
    assert "voltage_si" in ds and "x_si" in ds.coords
    assert runner.invoke(app, ["plot", str(out)]).exit_code == 0


def test_cli_si_iv(tmp_path):
    out = tmp_path / "iv.nc"
    res = runner.invoke(
        app, ["psc", "iv", *SI_ARGS, "--delta", "10", "--current", "10 uA:90 uA:2", "--t-per-point", "30",
              "--direction", "up", "--workers", "1", "--out", str(out), "--quiet"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    ds = load(out)
    np.testing.assert_allclose(ds["current"].values, [1e-5, 9e-5], rtol=1e-12)
    assert runner.invoke(app, ["plot", str(out)]).exit_code == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (["--current", "50 mV"], "current"),
        (["--current", "50 uA", "--T", "1.05 m"], "T"),
        (["--current", "50 uA", "--j", "1.5"], "--j"),
    ],
)
def test_cli_wrong_dimension_is_a_clean_error(tmp_path, extra, field):
    args = ["psc", "run", *SI_ARGS, *extra, "--out", str(tmp_path / "x.nc"), "--quiet"]
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert field in res.output and "Traceback" not in res.output


def test_cli_si_option_without_material_is_rejected(tmp_path):
    res = runner.invoke(app, ["psc", "run", "--width", "100 nm", "--out", str(tmp_path / "x.nc"), "--quiet"])
    assert res.exit_code == 2 and "--material" in res.output
    res = runner.invoke(app, ["psc", "run", "--length", "2 um", "--out", str(tmp_path / "x.nc"), "--quiet"])
    assert res.exit_code == 2 and "length" in res.output
