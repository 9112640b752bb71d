"""Symmetry decomposition g_a, g_s, g_sa, g_ss (paper Eqs. 16–19): identities, parities, exactness."""

import numpy as np
import pytest
import xarray as xr

from neqsc.errors import InvalidParameter
from neqsc.quasiclassics.measured.symmetry import decompose, symmetric_grid

V_INJ = np.linspace(-2.0, 2.0, 41)
V_DET = np.linspace(-1.0, 1.0, 11)
I_S = np.linspace(-1.0, 1.0, 7)


def _known_parts(vi, vd, is_):
    """Three components of known parity: even/even, odd-in-V_inj/even-in-I_s, odd-in-I_s (mixed in V_inj)."""
    ss = np.exp(-(vi**2)) * (1 + vd**2) * (1 + is_**2)
    sa = np.tanh(3 * vi) * vd * np.cos(is_)
    a = (vi + 0.3 * vi**2) * is_ * (1 + 0.5 * vd)  # odd in I_s, neither even nor odd in V_inj
    return ss, sa, a


def _map(fn=_known_parts):
    vi, vd, is_ = np.meshgrid(V_INJ, V_DET, I_S, indexing="ij")
    ss, sa, a = fn(vi, vd, is_)
    coords = {"V_inj": V_INJ, "V_det": V_DET, "I_s": I_S}
    da = xr.DataArray(ss + sa + a, dims=("V_inj", "V_det", "I_s"), coords=coords, attrs={"units": "S"})
    return da, ss, sa, a


def test_decomposition_recovers_parts_of_known_parity_exactly():
    da, ss, sa, a = _map()
    parts = decompose(da)
    # a symmetric grid is used as is, so each part is recovered to round-off (a few ulp of O(1) values)
    np.testing.assert_allclose(parts.g_ss.transpose("V_inj", "V_det", "I_s").values, ss, atol=1e-14)
    np.testing.assert_allclose(parts.g_sa.transpose("V_inj", "V_det", "I_s").values, sa, atol=1e-14)
    np.testing.assert_allclose(parts.g_a.transpose("V_inj", "V_det", "I_s").values, a, atol=1e-14)
    assert parts.attrs["interpolated_dims"] == ""


def test_parts_sum_to_the_map_and_have_the_stated_parities():
    rng = np.random.default_rng(3)
    da = xr.DataArray(
        rng.normal(size=(41, 11, 7)),
        dims=("V_inj", "V_det", "I_s"),
        coords={"V_inj": V_INJ, "V_det": V_DET, "I_s": I_S},
    )
    p = decompose(da)
    np.testing.assert_allclose((p.g_s + p.g_a).values, p.g_nl.values, atol=1e-15)
    np.testing.assert_allclose((p.g_ss + p.g_sa).values, p.g_s.values, atol=1e-15)
    flip_i = {"I_s": slice(None, None, -1)}
    flip_v = {"V_inj": slice(None, None, -1)}
    np.testing.assert_array_equal(p.g_a.isel(flip_i).values, -p.g_a.values)  # Eq. 16: odd in I_s
    np.testing.assert_array_equal(p.g_s.isel(flip_i).values, p.g_s.values)  # Eq. 17: even in I_s
    np.testing.assert_array_equal(p.g_sa.isel(flip_v).values, -p.g_sa.values)  # Eq. 18: odd in V_inj
    np.testing.assert_array_equal(p.g_ss.isel(flip_v).values, p.g_ss.values)  # Eq. 19: even in V_inj
    np.testing.assert_array_equal(p.g_ss.isel(flip_i).values, p.g_ss.values)
    # the parts are orthogonal projections: Σ g_ss g_sa = Σ g_s g_a = 0 over the symmetric grid
    assert abs(float((p.g_ss * p.g_sa).sum())) < 1e-12
    assert abs(float((p.g_s * p.g_a).sum())) < 1e-12
    # V_det is not reflected: the detector-bias dependence is carried unchanged
    assert p.g_ss.isel(V_det=0).values.tolist() != p.g_ss.isel(V_det=-1).values.tolist()


def test_without_supercurrent_dimension_g_s_is_the_map_and_g_a_vanishes():
    da, ss, sa, _ = _map(lambda vi, vd, is_: (*_known_parts(vi, vd, 0 * is_)[:2], 0 * vi))
    da0 = da.isel(I_s=0, drop=True)
    p = decompose(da0)
    np.testing.assert_array_equal(p.g_s.values, p.g_nl.values)
    assert float(np.abs(p.g_a).max()) == 0.0
    np.testing.assert_allclose(p.g_ss.values, ss[..., 0], atol=1e-14)
    np.testing.assert_allclose(p.g_sa.values, sa[..., 0], atol=1e-14)


def test_asymmetric_measured_grid_is_interpolated_onto_a_symmetric_grid():
    vi = np.sort(np.concatenate([np.linspace(-1.9, 2.3, 57), [0.013]]))  # asymmetric, irregular
    ss, sa = np.exp(-(vi**2)), np.tanh(3 * vi)
    da = xr.DataArray(ss + sa, dims=("V_inj",), coords={"V_inj": vi})
    p = decompose(da)
    grid = p.V_inj.values
    assert p.attrs["interpolated_dims"] == "V_inj"
    np.testing.assert_allclose(grid, -grid[::-1], atol=0)
    assert grid[-1] == pytest.approx(1.9) and grid.size == np.count_nonzero(np.abs(vi) <= 1.9)
    # linear interpolation error ≤ h²/8·max|f''| with h = 0.075, |f''| ≤ 2 + 6√3·... ≈ 12 for tanh(3V) → 8.5e-3
    np.testing.assert_allclose(p.g_ss.values, np.exp(-(grid**2)), atol=1e-2)
    np.testing.assert_allclose(p.g_sa.values, np.tanh(3 * grid), atol=1e-2)
    with pytest.raises(InvalidParameter, match="V_inj"):
        decompose(da, interpolate=False)


def test_symmetric_grid_rejects_one_sided_ranges_and_snaps_round_off():
    with pytest.raises(InvalidParameter, match="both signs"):
        symmetric_grid([0.1, 0.2, 0.3], name="V_inj")
    grid, interpolated = symmetric_grid(np.linspace(-1, 1, 5) + 1e-13)
    assert not interpolated and grid[2] == 0.0


def test_decompose_requires_an_injector_bias_dimension():
    with pytest.raises(InvalidParameter, match="V_inj"):
        decompose(xr.DataArray(np.zeros(3), dims=("V",), coords={"V": [-1, 0, 1]}))


def test_propagated_sigma_matches_the_scatter_of_decomposed_noise():
    from neqsc.quasiclassics.measured.symmetry import decompose_sigma

    vi, is_ = np.linspace(-1, 1, 5), np.linspace(-2, 2, 5)
    sigma = xr.DataArray(
        0.5 + np.abs(np.add.outer(vi, 0.3 * is_)), dims=("V_inj", "I_s"), coords={"V_inj": vi, "I_s": is_}
    )
    rng = np.random.default_rng(8)
    noise = xr.DataArray(rng.normal(size=(4000, *sigma.shape)), dims=("draw", *sigma.dims))
    draws = decompose(sigma * noise)  # extra dims are carried along: 4000 noise maps at once
    predicted = decompose_sigma(sigma)
    for part in ("g_s", "g_a", "g_ss", "g_sa"):
        scatter = draws[part].std("draw").transpose(*sigma.dims).values
        # sample std of 4000 Gaussian draws is within ±3·(1/√8000) = 3.4 % of the true σ
        np.testing.assert_allclose(scatter, predicted[f"{part}_err"].values, rtol=0.034, atol=1e-12)
    assert float(predicted.g_sa_err.sel(V_inj=0.0).max()) == 0.0  # the odd part vanishes identically at V_inj = 0


def test_simulated_supercurrent_map_splits_into_charge_part_and_mode_mixing():
    # forward model, collision-free at fixed Δ (paper Fig. 13 setting): g_nl(v_inj, ∂xφ) for ∂xφ = −0.5, 0, 0.5.
    # Sec. II: charge imbalance is even in V_inj and I_s, mode mixing odd in both, and with Δ fixed there is no
    # energy-mode (gap) signal — so g_ss = charge part g_T, g_a = mixing part g_L, g_sa = 0 (to round-off).
    from neqsc.quasiclassics.geometry import Wire
    from neqsc.quasiclassics.maps import nonlocal_map_fixed_gap
    from neqsc.quasiclassics.model import NonlocalModel

    eps = np.linspace(-3, 3, 1501)  # spacing 0.4Γ resolves the gap edges (the forward model warns otherwise)
    model = NonlocalModel(eps=eps, wire=Wire(20, 20, 4.6), kappa_inj=2e-4, t=0.01, t_inj=0.02, gamma=0.01)
    v = np.linspace(-3, 3, 61)
    maps = [nonlocal_map_fixed_gap(model.replace(phase_gradient=q), v, gap=0.9) for q in (-0.5, 0.0, 0.5)]
    g = xr.concat([m.g_nl for m in maps], dim=xr.DataArray([-0.5, 0.0, 0.5], dims="phase_gradient"))
    p = decompose(g)
    scale = float(abs(g).max())
    np.testing.assert_allclose(p.g_a.sel(phase_gradient=0.5).values, maps[2].g_L.values, atol=1e-12 * scale)
    np.testing.assert_allclose(p.g_ss.sel(phase_gradient=0.5).values, maps[2].g_T.values, atol=1e-12 * scale)
    assert float(abs(p.g_sa).max()) < 1e-12 * scale
    assert float(abs(p.g_a).max()) > 1e-3 * scale  # the mixing signal is really there
