"""Wire-integrated phonon flux spectra (Eq. 12) from a prescribed periodic PSC history."""

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.phonons.eta1 import eta1_grid
from neqsc.phonons.flux import phonon_spectra, spectrum_at
from neqsc.phonons.params import PhononMaterial
from neqsc.phonons.spectral import gap_over_T
from neqsc.phonons.synthetic import synthetic_psc_run
from neqsc.phonons.table import build_table


@pytest.fixture(scope="module")
def run():
    return synthetic_psc_run()


@pytest.fixture(scope="module")
def spectra(run):
    return phonon_spectra(run, gamma=0.3)


def test_eta1_driven_flux_averages_to_zero_over_a_period_at_every_frequency(spectra):
    # conservative discretisation telescopes: only round-off remains
    assert spectra["cycle_residual"].item() < 1e-10
    assert abs(spectra["mean_power_net"].item()) < 1e-10 * spectra["mean_power_emitted"].item()


def test_emitted_and_absorbed_power_balance_over_a_period(spectra):
    e, a = spectra["mean_power_emitted"].item(), spectra["mean_power_absorbed"].item()
    assert e > 0 and a == pytest.approx(e, rel=1e-10)


def test_instantaneous_flux_cycle_mean_vanishes_to_time_resolution(run):
    inst = phonon_spectra(run, gamma=0.3, method="instantaneous")
    assert inst["cycle_residual"].item() < 1e-3  # target: ∮F < 1e-3 ⟨|F|⟩


def test_conservative_and_instantaneous_flux_agree_to_second_order_in_the_step(run, spectra):
    inst = phonon_spectra(run, gamma=0.3, method="instantaneous")["flux"].values
    mid = 0.5 * (inst[1:] + inst[:-1])
    err_801 = np.abs(spectra["flux"].values - mid).max() / np.abs(inst).max()
    coarse = synthetic_psc_run(nt=401)
    ci = phonon_spectra(coarse, gamma=0.3, method="instantaneous")["flux"].values
    cc = phonon_spectra(coarse, gamma=0.3)["flux"].values
    err_401 = np.abs(cc - 0.5 * (ci[1:] + ci[:-1])).max() / np.abs(ci).max()
    assert err_801 < 5e-3
    assert 3.0 < err_401 / err_801 < 5.0  # O(Δt²): halving the step divides the difference by ≈ 4


def test_spectrum_sign_pattern_flips_with_the_sign_of_the_gap_rate(spectra):
    d = spectra["dpsi_dt_center"].values
    up, down = int(np.argmax(d)), int(np.argmin(d))
    f_up = spectra["flux"].isel(t=up).values
    f_down = spectra["flux"].isel(t=down).values
    hi = spectra.omega.values > 4.0  # above 2|Δ|: positive η₁ segment
    assert np.all(f_up[hi] > 0) and np.all(f_down[hi] < 0)


def test_spectrum_has_negative_and_positive_segments_at_one_moment(spectra):
    d = spectra["dpsi_dt_center"].values
    f = spectra["flux"].isel(t=int(np.argmax(d))).values
    assert f.min() < 0 < f.max()


def test_flux_scales_linearly_with_cross_section_and_relaxation_parameter(run):
    a = phonon_spectra(run, gamma=0.3, cross_section=1e-16)
    b = phonon_spectra(run, gamma=0.3, cross_section=3e-16)
    np.testing.assert_allclose(b["flux"].values, 3 * a["flux"].values, rtol=1e-12)
    r2 = run.copy()
    r2.attrs = {**run.attrs, "delta": 2 * run.attrs["delta"]}
    c = phonon_spectra(r2, gamma=0.3)
    np.testing.assert_allclose(c["flux"].values, 2 * a["flux"].values, rtol=1e-12)


def test_prefactor_matches_hand_evaluation_for_aluminium(spectra):
    from neqsc.constants import eV, hbar, k_B, u_tdgl

    Tc, T = 1.175, 0.9 * 1.175
    xi = np.sqrt(np.pi * hbar * 1.6e-3 / (8 * k_B * (Tc - T)))
    t0 = np.pi * hbar / (8 * u_tdgl * k_B * (Tc - T))
    cw = 0.43 * (k_B * 428 / (11.7 * eV)) * 10 * 1e-16 * xi * (k_B * T) ** 4 / (4 * np.pi * hbar**3 * 6420.0**3 * t0)
    assert spectra.attrs["C_W"] == pytest.approx(cw, rel=1e-12)


def test_table_interpolation_in_psi_is_accurate():
    w = np.linspace(0, 8, 200)
    tab = build_table(w, 0.9, 0.3)
    ps = np.random.default_rng(0).uniform(0, 1.2, 40)
    ref = eta1_grid(w, gap_over_T(ps, 0.9), 0.3)
    # linear interpolation on Δ|Ψ| = 0.01: error ≈ Δψ²/8 · ∂²η₁/∂ψ² ≲ 1e-3 of the scale
    assert np.abs(tab.eta_at(ps) - ref).max() < 1e-3 * np.abs(ref).max()


def test_spectra_at_chosen_moments_pick_nearest_snapshots(spectra):
    sub = spectrum_at(spectra, [12.0, 13.0])
    assert sub.sizes["t"] == 2 and np.all(np.abs(sub.t.values - [12.0, 13.0]) < 0.05)


def test_tdgl_file_without_needed_variables_is_rejected(run):
    with pytest.raises(InvalidParameter, match="psi_abs"):
        phonon_spectra(run.drop_vars("psi_abs"))
    with pytest.raises(InvalidParameter, match="dpsi2_dt"):
        phonon_spectra(run.drop_vars("dpsi2_dt"), method="instantaneous")
    bad = run.copy()
    bad.attrs = {k: v for k, v in run.attrs.items() if k != "delta"}
    with pytest.raises(InvalidParameter, match="delta"):
        phonon_spectra(bad)


def test_missing_material_constants_are_named():
    with pytest.raises(InvalidParameter, match=r"Ti\.lam"):
        PhononMaterial.from_table("Ti")
    with pytest.raises(InvalidParameter, match="Tc"):
        PhononMaterial.from_table("sapphire")


def test_psi_outside_table_range_is_rejected(run):
    big = run.copy()
    big["psi_abs"] = big["psi_abs"] * 1.5
    with pytest.raises(InvalidParameter, match="psi_abs"):
        phonon_spectra(big)


def test_zero_cycle_mean_holds_for_random_periodic_histories(run):
    # any exactly periodic |Ψ(x, τ)| (random Fourier content in τ and x), sampled on whole periods
    rng = np.random.default_rng(7)
    t = np.linspace(0.0, 30.0, 601)  # 3 periods of P = 10
    x = run["x"].values
    psi = 0.6 + np.zeros((t.size, x.size))
    for k in range(1, 5):
        amp = rng.normal(0, 0.08, size=(2, x.size)) * np.exp(-(x**2) / (2 * rng.uniform(1, 5) ** 2))
        psi += amp[0] * np.cos(2 * np.pi * k * t / 10.0)[:, None] + amp[1] * np.sin(2 * np.pi * k * t / 10.0)[:, None]
    psi = np.clip(psi, 0.0, 1.2)
    hist = run.isel(t=slice(0, t.size)).assign_coords(t=t)
    hist["psi_abs"] = (("t", "x"), psi)
    s = phonon_spectra(hist, gamma=0.3, n_periods=2)
    assert s["cycle_residual"].item() < 1e-10


def test_bath_temperature_rescaling_changes_the_spectrum_but_not_the_zero_mean(run):
    from neqsc.phonons.pipeline import run_at_temperature

    al = PhononMaterial.from_table("Al")
    cold, rescaled = run_at_temperature(run, al, 0.8 * al.Tc)
    assert rescaled and cold.attrs["eta"] == pytest.approx(0.2)
    a = phonon_spectra(run, al, gamma=0.3)
    b = phonon_spectra(cold, al, gamma=0.3)
    # Δ0/k_BT, ξ, t0 and the prefactor all change with η: the power must change by far more than round-off
    assert abs(b["mean_power_emitted"].item() / a["mean_power_emitted"].item() - 1.0) > 0.1
    assert b["cycle_residual"].item() < 1e-10
