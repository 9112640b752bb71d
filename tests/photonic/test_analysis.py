"""Mean transmission and NDTC windows; the published Dey et al. features (Sec. III B, Fig. 2)."""

import math

import numpy as np
import pytest

from neqsc import bcs
from neqsc.constants import hbar
from neqsc.errors import InvalidParameter
from neqsc.photonic import Resistor, mean_transmission, ndtc_windows
from neqsc.photonic.analysis import negative_intervals, sign_change
from neqsc.photonic.devices import DeyCircuit, PioldiCircuit
from neqsc.reproduce.photonic import dey_fig2_dataset, pioldi_fig1_dataset, pioldi_fig2_dataset


def _omega_max(Tc=0.4):
    return 2 * bcs.gap0(Tc) / hbar


@pytest.mark.parametrize("r", [10.0, 36.0, 100.0])
def test_mean_transmission_above_tc_is_the_normal_state_mismatch(r):
    dey = DeyCircuit(r=r)
    tau = mean_transmission(dey.source(), dey.drain(), 0.45, 0.03, _omega_max())
    assert tau == pytest.approx(4 * (1 + r) / (2 + r) ** 2, rel=1e-12)


def test_relative_modulation_saturates_at_one_minus_eight_over_pi_squared():
    # paper: (τmax − τmin)/τmax → 1 − 8/π² ≈ 0.19 (kinetic-inductance estimate, ref. [62]); at r = 1000 the
    # asymptote is reached up to O(1/r) and the finite-T / ħω ~ Δ corrections of the full Mattis–Bardeen σ
    dey = DeyCircuit(r=1000.0)
    tmax, tmin = mean_transmission(dey.source(), dey.drain(), np.array([0.01, 0.45]), 0.03, _omega_max())
    assert (tmax - tmin) / tmax == pytest.approx(1 - 8 / math.pi**2, abs=3e-3)


def test_low_temperature_mean_transmission_follows_the_kinetic_inductance_estimate_at_large_r():
    # τ̄ ≈ (π/r) arctan(r/π) from Z₀ ≈ iħωR₀/(πΔ₀); for r ≫ 1 the relevant ħω ≪ Δ where the estimate is exact
    r = 300.0
    dey = DeyCircuit(r=r)
    tmax = mean_transmission(dey.source(), dey.drain(), 0.01, 0.03, _omega_max())
    assert tmax == pytest.approx(math.pi / r * math.atan(r / math.pi), rel=0.02)


def test_dey_ndtc_window_sits_just_below_tc():
    # paper Fig. 2(a): NDTC for T_S around 350–400 mK (r = 36, T_D = 30 mK); we find 335–400 mK. The conductance
    # jumps back to positive at Tc (kink of Δ(T)), so the window ends exactly at the film's Tc
    dey = DeyCircuit(r=36.0)
    (win,) = ndtc_windows(dey.source(), dey.drain(), np.linspace(0.2, 0.5, 121), 0.03)
    assert 0.32 < win[0] < 0.36
    assert win[1] == 0.4


def test_resistors_have_no_ndtc():
    assert ndtc_windows(Resistor(1.0), Resistor(3.0), np.linspace(0.05, 0.5, 20), 0.03) == []
    assert ndtc_windows(Resistor(1.0), Resistor(3.0), 0.5, np.linspace(0.05, 0.45, 20), side="cold") == []


def test_nis_reservoirs_show_cold_side_ndtc():
    p = PioldiCircuit(area_ratio=1.0)
    wins = ndtc_windows(p.reservoir("L"), p.reservoir("R"), 0.3, np.linspace(0.02, 0.3, 57), side="cold")
    assert len(wins) == 1 and 0.1 < wins[0][0] < wins[0][1] < 0.3


def test_negative_intervals_interpolates_zero_crossings():
    x = np.linspace(0, 4, 5)
    assert negative_intervals(x, np.array([1.0, -1.0, -1.0, 1.0, 1.0])) == [(0.5, 2.5)]
    assert negative_intervals(x, np.array([-1.0, 1.0, 1.0, 1.0, -3.0])) == [(0.0, 0.5), (3.25, 4.0)]


def test_ndtc_windows_need_an_increasing_grid():
    with pytest.raises(InvalidParameter):
        ndtc_windows(Resistor(1.0), Resistor(1.0), np.array([0.3, 0.2]), 0.03)


def test_reproduction_datasets_on_coarse_grids():
    ds = dey_fig2_dataset(r_values=(36,), T_S=np.linspace(0.05, 0.5, 10), T_D_values=(0.03,), r_sweep=[36.0])
    assert float(ds.tau_min[0]) == pytest.approx(float(ds.tau_min_formula[0]), rel=1e-12)
    assert ds.Q.dims == ("r", "T_S") and ds.T_S.attrs["units"] == "K"
    f1 = pioldi_fig1_dataset(T=np.array([0.05, 1.3]))
    assert f1.RT_over_RN.values[:, -1] == pytest.approx([1.0, 1.0])
    f2 = pioldi_fig2_dataset(area_ratios=(1.0,), T_R=np.linspace(0.05, 0.3, 6), T_map=np.array([0.1, 0.2]))
    # J(T_L, T_L) = 0 and the map is antisymmetric for a = 1 (identical reservoirs)
    assert f2.J.values[0, -1] == 0.0
    assert f2.J_map.values[0] == pytest.approx(-f2.J_map.values[0].T, abs=1e-30)


def test_transmission_spectrum_dataset_is_consistent_with_mean_transmission():
    from neqsc.photonic.results import transmission_spectrum

    dey = DeyCircuit(r=36.0)
    omega = np.linspace(1e8, _omega_max(), 5)
    ds = transmission_spectrum(dey.source(), dey.drain(), omega, np.array([0.1, 0.45]), 0.03, omega_max=_omega_max())
    assert ds.tau.dims == ("T_a", "omega") and ds.omega.attrs["units"] == "rad/s"
    # above Tc the spectrum is flat at τ_min and so is its mean
    assert ds.tau.values[1] == pytest.approx(np.full(5, dey.tau_min()), rel=1e-12)
    assert float(ds.tau_mean[1]) == pytest.approx(dey.tau_min(), rel=1e-12)


def test_ndtc_window_ends_at_tc_by_bisection_and_closes_above_a_drain_threshold():
    from neqsc.photonic.devices import DeyCircuit
    from neqsc.reproduce.photonic import max_drain_temperature_with_ndtc

    dey = DeyCircuit()
    (win,) = ndtc_windows(dey.source(), dey.drain(), np.linspace(0.25, 0.45, 21), 0.03)
    assert win[1] == 0.4  # the kink itself, not a grid point or an interpolated zero (grid step 10 mK)
    (fine,) = ndtc_windows(dey.source(), dey.drain(), np.linspace(0.3, 0.45, 61), 0.03)
    assert win[0] == pytest.approx(fine[0], abs=2e-7)  # bisection: independent of the grid to xtol = 1e-7 K
    t_max = max_drain_temperature_with_ndtc(dey)
    assert 0.2 < t_max < 0.25  # measured 228.1 mK (tanh gap); windows at 200 mK exist, at 300 mK none
    assert ndtc_windows(dey.source(), dey.drain(), np.linspace(0.3, 0.45, 16), t_max + 0.005) == []


def test_dey_fig1_tau0_and_idealised_ndtc():
    from neqsc.photonic import heat_current, matched_resistor_heat_current
    from neqsc.reproduce.photonic import dey_fig1_dataset, tau0

    # τ₀ is the two-resistor transmission: Q(R_S, R_D) / Q_matched, by the full quadrature (1e-9, measured 1e-12)
    for x in (0.1, 3.0, 37.0):
        q = heat_current(Resistor(x), Resistor(1.0), 0.3, 0.1) / matched_resistor_heat_current(0.3, 0.1)
        assert q == pytest.approx(float(tau0(x)), rel=1e-9)
    ds = dey_fig1_dataset()
    lo, hi = ds.attrs["ndtc_windows_T_S"]
    assert lo < 0.4 < hi  # the window straddles the step at Tc
    # the analytic derivative the bisection used vanishes at the ends (its own sign change)
    g = np.interp([lo, hi], ds.T_S.values, ds.dQ_dT_S.values)
    assert np.all(np.abs(g) < 0.05 * np.abs(ds.dQ_dT_S.values).max())


def test_sign_change_brent_finds_a_zero_in_few_evaluations_and_still_a_jump():
    calls = []

    def smooth(x):
        calls.append(x)
        return math.tanh(50 * (x - 0.3123456))  # a zero at 0.3123456, curved around it

    x = sign_change(smooth, 0.30, 0.33, True, xtol=1e-7)
    assert x == pytest.approx(0.3123456, abs=5e-8)  # xtol/2, the accuracy of a bisection to a 1e-7 bracket
    assert len(calls) <= 12  # bisection of a 0.03 bracket to 1e-7 takes 19 evaluations
    # a jump (no zero) is bracketed to the same tolerance: Brent's bisection fallback
    assert sign_change(lambda x: -1.0 if x < 0.31 else 1.0, 0.30, 0.33, True, xtol=1e-7) == pytest.approx(
        0.31, abs=5e-8
    )
    # ends whose values contradict the given sign (another sampling, off by rounding): bisection on the sign as
    # given, as before Brent (func >= 0 throughout, so every midpoint moves the upper end down to a)
    assert sign_change(lambda x: x - 0.3, 0.31, 0.33, True, xtol=1e-7) == pytest.approx(0.31, abs=1e-7)


def test_ndtc_windows_bracketed_by_the_maps_conductance_are_its_own():
    """Passing ∂Q̇/∂T_S from heat_current_map only skips the grid evaluation: the same brackets, the same ends."""
    from neqsc.photonic import heat_current_map

    dey = DeyCircuit()
    grid = np.linspace(0.25, 0.45, 41)
    dq_hot = heat_current_map(dey.source(), dey.drain(), grid, [0.05], derivatives=True)[1][:, 0]
    assert ndtc_windows(dey.source(), dey.drain(), grid, 0.05, conductance=dq_hot) == ndtc_windows(
        dey.source(), dey.drain(), grid, 0.05
    )
    pioldi = PioldiCircuit(area_ratio=2.0)
    left, right = pioldi.reservoir("L"), pioldi.reservoir("R")
    cold = np.linspace(0.02, 0.3, 57)
    dq = heat_current_map(left, right, [0.3], cold, derivatives=True)[2][0]  # ∂Q̇/∂T_cold
    wins = ndtc_windows(left, right, 0.3, cold, side="cold", conductance=dq)
    assert wins and wins == ndtc_windows(left, right, 0.3, cold, side="cold")
    with pytest.raises(InvalidParameter, match="conductance"):
        ndtc_windows(dey.source(), dey.drain(), grid, 0.05, conductance=dq_hot[:-1])
