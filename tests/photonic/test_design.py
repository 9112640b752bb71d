"""The design loop: drain balance, cross-check against the Dey et al. Fig. 3 recipe, CLI/TOML/Python agreement."""

import numpy as np
import pytest
from typer.testing import CliRunner

from neqsc import io
from neqsc.cli import app
from neqsc.errors import InvalidParameter
from neqsc.photonic import Strip, design, design_from_toml, design_summary, heat_current
from neqsc.thermal import sweep
from neqsc.thermal.devices import DeyParameters, dey2023_network

# Dey et al. Fig. 3 caption values (ρ_Cu = 3 µΩcm, ρ_Ti = 30 µΩcm, Σ_Cu = 3e9, Σ_Ti = 1.3e9, Tc = 0.4 K, tanh gap)
DEY = {
    "film": Strip("Ti", "6 um", "700 nm", "25 nm", resistivity="30 uohm*cm", sigma_eph=1.3e9, Tc="0.4 K"),
    "series": Strip("Cu", "2 um", "700 nm", "30 nm", resistivity="3 uohm*cm", sigma_eph=3e9),
    "drain": Strip("Cu", "2 um", "700 nm", "30 nm", resistivity="3 uohm*cm", sigma_eph=3e9),
    "T_bath": "30 mK",
    "gap_model": "tanh",
}


@pytest.fixture(scope="module")
def dey_design():
    return design(**DEY)


def test_design_balances_both_nodes(dey_design):
    ds = dey_design
    # drain: Q_γ(T_S, T_D) = Σ V (T_D⁵ − T_p⁵) with Q_γ recomputed by the direct quadrature (not the spline the
    # design solves on); 1e-6 relative bounds the spline interpolation in T_D (measured ~1e-8)
    idx = np.linspace(0, ds.sizes["P_in"] - 1, 7).astype(int)
    p = DeyParameters()
    T_S, T_D = ds.T_S.values[idx], ds.T_D.values[idx]
    from neqsc.photonic.devices import DeyCircuit

    dey = DeyCircuit()
    q = heat_current(dey.source(), dey.drain(), T_S, T_D)
    drain = p.sigma_Cu * p.V_Cu * (T_D**5 - p.T_p**5)
    assert q == pytest.approx(drain, rel=1e-6)


def test_design_window_ends_balance_the_drain_with_the_exact_heat_current(dey_design):
    """The window ends are solved without the spline (one source τ row per T_S, Newton on the Bose factors)."""
    ds = dey_design
    p = DeyParameters()
    from neqsc.photonic.devices import DeyCircuit

    dey = DeyCircuit()
    for end in ("start", "end"):
        T_S, T_D = ds.attrs[f"window_T_S_{end}"], ds.attrs[f"T_D_at_window_{end}"]
        q = heat_current(dey.source(), dey.drain(), T_S, T_D)
        # 1e-7: heat_current's own quadrature error here is ~5e-8 (measured against 0.1-wide panels), and the
        # design's rule for [T_bath, T_S] differs from heat_current's for [T_D, T_S] by 1.2e-8 at the start
        assert q == pytest.approx(p.sigma_Cu * p.V_Cu * (T_D**5 - p.T_p**5), rel=1e-7)
        i = int(np.argmin(np.abs(ds.T_S.values - T_S)))
        assert ds.Q_photon.values[i] == pytest.approx(q, rel=1e-7)


def test_design_reproduces_the_dey2023_fig3_recipe(dey_design):
    """End-to-end cross-check: the same device through thermal.sweep (Newton continuation in P_in)."""
    ds = dey_design
    P = np.array([ds.attrs["window_P_in_start"], 0.5 * (ds.attrs["window_P_in_start"] + ds.attrs["window_P_in_end"])])
    ref = sweep(dey2023_network(), "P_in", P)
    i0 = int(np.argmin(np.abs(ds.P_in.values - P[0])))
    # the sweep converges each balance to 1e-9; the design's T_D agrees to the spline accuracy (≲ 1e-7 K)
    assert ds.T_D.values[i0] == pytest.approx(ref.T_D.values[0], abs=1e-6)
    assert ds.T_S.values[i0] == pytest.approx(ref.T_S.values[0], abs=1e-6)
    mid = np.interp(P[1], ds.P_in.values, ds.T_D.values)
    assert mid == pytest.approx(ref.T_D.values[1], abs=2e-6)  # linear interpolation on a ~0.02 pW spacing
    # the recipe's numbers (docs/thermal.md): T_D max 141.56 mK at 1.83 pW, falling for 1.85–2.68 pW (121-point
    # grid, so ±0.025 pW), drop 1.39 mK after the max (grid minimum; the design's is the exact window end)
    assert ds.attrs["T_D_at_window_start"] * 1e3 == pytest.approx(141.56, abs=0.01)
    assert ds.attrs["window_P_in_start"] * 1e12 == pytest.approx(1.85, abs=0.03)
    assert ds.attrs["window_P_in_end"] * 1e12 == pytest.approx(2.68, abs=0.03)
    assert ds.attrs["delta_T_D_mK"] == pytest.approx(1.39, abs=0.05)
    assert ds.attrs["window_T_S_end"] == pytest.approx(0.4, abs=1e-12)  # the window closes at Tc


def test_responsivity_is_negative_exactly_inside_the_window(dey_design):
    ds = dey_design
    inside = ds.ndtc.values & (ds.T_S.values < ds.attrs["Tc"] * (1 - 1e-3))
    outside = ~ds.ndtc.values
    assert np.all(ds.dT_D_dP_in.values[inside][1:] < 0)
    assert np.all(ds.dT_D_dP_in.values[outside] > 0)
    # dT_D/dP_in vs finite differences of the curve itself (a consistency check of the implicit differentiation)
    P, T = ds.P_in.values, ds.T_D.values
    k = np.argmin(np.abs(P - 2.2e-12))
    fd = (T[k + 1] - T[k - 1]) / (P[k + 1] - P[k - 1])
    assert ds.dT_D_dP_in.values[k] == pytest.approx(fd, rel=2e-3)  # O(h²) of a ~0.02 pW step


def test_cli_toml_and_python_designs_agree(tmp_path):
    toml = tmp_path / "dev.toml"
    toml.write_text(
        '[film]\nmaterial = "Al"\nthickness = "50 nm"\nresistance = "200 ohm"\nTc = "1.2 K"\n'
        '[series]\nresistance = "5 ohm"\n[drain]\nresistance = "5 ohm"\n[design]\nT_bath = "20 mK"\nn_points = 40\n'
    )
    py = design(
        {"material": "Al", "thickness": 50e-9, "resistance": 200.0, "Tc": 1.2},
        {"resistance": 5.0},
        {"resistance": 5.0},
        T_bath=0.02,
        n_points=40,
    )
    from_toml = design_from_toml(toml)
    result = CliRunner().invoke(app, ["photonic", "design", str(toml), "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    cli = io.load(tmp_path / "d.nc")
    assert (tmp_path / "d.png").exists() and "heater power range" in result.output
    for ds in (from_toml, cli):  # same inputs, same code path: identical to rounding
        assert ds.attrs["windows_T_S"] == pytest.approx(py.attrs["windows_T_S"], rel=1e-12)
        assert ds.T_D.values == pytest.approx(py.T_D.values, rel=1e-12)
    assert py.attrs["windows_T_S"][1] == pytest.approx(1.2, abs=1e-12)
    assert set(design_summary(py)) >= {"heater power range (pW)", "drain cooling ΔT_D (mK)"}


def test_design_bad_input_names_the_field():
    with pytest.raises(InvalidParameter, match="film"):
        design({"colour": "red"})
    with pytest.raises(InvalidParameter, match="thickness"):
        design({"thickness": "5 K"})
    with pytest.raises(InvalidParameter, match="T_bath"):
        design(T_bath="1 K")
