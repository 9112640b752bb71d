"""Fit workflows on loaded Datasets: per-supercurrent local fits, decomposition-only nonlocal runs, input checks."""

import numpy as np
import pytest
import xarray as xr

from neqsc.constants import e
from neqsc.errors import InvalidParameter
from neqsc.quasiclassics.measured.fitting import dynes_conductance
from neqsc.quasiclassics.measured.workflow import SampleConstants, fit_local_dataset, fit_nonlocal_dataset

UEV = 1e-6 * e


def test_local_dataset_with_supercurrent_is_fitted_slice_by_slice():
    V = np.linspace(-600e-6, 600e-6, 121)
    gaps = np.array([259.0, 240.0]) * UEV  # a supercurrent suppresses the gap (paper Fig. 8)
    sigma = 5e-3
    rng = np.random.default_rng(2)
    G = np.stack([dynes_conductance(V, g, 0.2 * UEV, 0.05, 1.0) + rng.normal(0, sigma, V.size) for g in gaps], 1)
    ds = xr.Dataset(
        {"G": (("V", "I_s"), G, {"units": "1"}), "G_err": (("V", "I_s"), np.full(G.shape, sigma))},
        coords={"V": V, "I_s": [0.0, 5e-6]},
    )
    out, fits = fit_local_dataset(ds)
    assert len(fits) == 2
    for fit, gap in zip(fits, gaps, strict=True):
        assert abs(fit["gap"][0] - gap) < 3 * fit["gap"][1]
    # residuals are the noise: their rms matches σ to the 3σ sampling band of 121 points (±19 %)
    assert float(out.residual.std()) == pytest.approx(sigma, rel=0.19)


def test_nonlocal_dataset_without_constants_is_only_decomposed():
    vi = np.linspace(-1e-3, 1.2e-3, 23)
    ds = xr.Dataset({"g_nl": (("V_inj",), np.exp(-((vi / 5e-4) ** 2)) + vi / 1e-3)}, coords={"V_inj": vi})
    out, fits = fit_nonlocal_dataset(ds)
    assert fits == [] and out.attrs["interpolated_dims"] == "V_inj"
    assert set(out.data_vars) == {"g_nl", "g_s", "g_a", "g_ss", "g_sa"}


def test_supercurrent_map_without_zero_current_is_rejected():
    vi = np.linspace(-1e-3, 1e-3, 11)
    ds = xr.Dataset({"g_nl": (("V_inj", "I_s"), np.ones((11, 2)))}, coords={"V_inj": vi, "I_s": [-1e-6, 1e-6]})
    const = SampleConstants(Delta0=265 * UEV, T=0.037, kappa=1e-4, distance=4.6)
    with pytest.raises(InvalidParameter, match="I_s"):
        fit_nonlocal_dataset(ds, const)


def test_sample_constants_are_validated():
    with pytest.raises(InvalidParameter, match="kappa"):
        SampleConstants(Delta0=265 * UEV, T=0.037, kappa=-1.0, distance=4.6)


def test_saved_decomposition_round_trips_and_plots(tmp_path):
    from neqsc import io
    from neqsc.plotting import plot_dataset
    from neqsc.quasiclassics.measured.symmetry import decompose

    vi, vd = np.linspace(-2, 2, 21), np.linspace(-1, 1, 5)
    g = xr.DataArray(
        np.add.outer(np.tanh(vi), vd**2),
        dims=("v_inj", "v_det"),
        coords={"v_inj": vi, "v_det": vd},
        attrs={"units": "Ohm"},
    )
    path = io.save(decompose(g), tmp_path / "parts.nc")
    back = io.load(path)
    np.testing.assert_allclose(back.g_sa.values, np.broadcast_to(np.tanh(vi)[:, None], (21, 5)), atol=1e-15)
    files = plot_dataset(back, tmp_path / "parts")
    assert [f.name for f in files] == ["parts_symmetry_maps.png"] and files[0].stat().st_size > 5_000
