"""The plate balance as a neqsc.thermal network: closed-form equivalence, energy books, Kapitza links, wiring."""

import math

import numpy as np
import pytest
from scipy import integrate

from neqsc.errors import InvalidParameter
from neqsc.phonons.cooler import CoolerParams, steady_state_T_cold
from neqsc.phonons.plate import diode_network, kapitza_link, plate_network, plate_steady_state
from neqsc.phonons.transmission import Interface, LowPassFilter
from neqsc.thermal import sweep


@pytest.mark.parametrize("seed", range(6))
def test_diode_network_equals_the_closed_form_balance(seed):
    rng = np.random.default_rng(seed)
    params = CoolerParams(
        p=rng.uniform(0.5, 1.0), a1=rng.uniform(0, 0.3), T_b=rng.uniform(0.3, 3.0), k_leak=rng.uniform(0.1, 10),
        n_filaments=int(rng.integers(1, 5)), G_parasitic=rng.uniform(0, 1e-7), P_load=rng.uniform(0, 1e-8),
        absorption_scaling=("debye", "none")[seed % 2],
    )  # fmt: skip
    F, PJ = rng.uniform(1e-8, 1e-6), rng.uniform(0, 1e-8)
    ds = plate_steady_state(diode_network(F, F, PJ, params))
    # Newton stops at |R| <= 1e-10 of the heat through the plate; brentq at 1e-15 T_b: the two roots agree to
    # ~1e-10 of (T_b − T_c) plus round-off, so 1e-9 relative in T is a safe, still sharp bound.
    assert ds["T_cold"].item() == pytest.approx(steady_state_T_cold(F, F, PJ, params), rel=1e-9)
    assert ds["energy_error"].item() < 1e-9


def test_second_law_no_drive_keeps_every_node_at_the_bath_exactly():
    ic, ib = Interface("Al", "PMMA", "amm"), Interface("Al", "sapphire", "amm")
    net = plate_network(T_b=0.8, leak_conductance=1e-7, plate_interface=ic, substrate_interface=ib, area=1e-12)
    ds = plate_steady_state(net)
    assert ds["T_cold"].item() == 0.8 and ds["T_filament"].item() == 0.8


def test_frequency_resolved_network_conserves_energy_and_matches_the_linear_limit():
    ic, ib = Interface("Al", "PMMA", "amm"), Interface("Al", "sapphire", "amm")
    T_b, A, G, N = 1.0, 1e-12, 3e-12, 2
    P_C, P_B, PJ, load = 2e-17, 5e-17, 1e-15, 3e-16
    net = plate_network(T_b=T_b, leak_conductance=G, pump=P_C, joule=PJ, substrate_emission=P_B, plate_interface=ic,
                        substrate_interface=ib, area=A, n_filaments=N, P_load=load)  # fmt: skip
    ds = plate_steady_state(net)
    # energy: J·V̄ + P_load injected = heat into the substrate (Newton residual 1e-10 of the node's flows)
    assert ds["energy_error"].item() < 1e-9
    assert ds["power_to_fixed_nodes"].item() == pytest.approx(N * PJ + load, rel=1e-9)
    # linear limit: G_X = N A h_X(T_b); temperature offsets ~1e-4 T_b, so the T⁴ curvature is a 1e-4 relative effect
    gc, gb = (N * A * float(i.kapitza_conductance(T_b)) for i in (ic, ib))
    M = np.array([[-(gc + N * G), gc], [gc, -(gc + gb)]])
    rhs = -np.array([load - N * P_C, N * PJ + N * P_C - N * P_B])
    dT = np.linalg.solve(M, rhs)
    assert abs(dT).max() < 1e-3 * T_b
    assert ds["T_cold"].item() - T_b == pytest.approx(dT[0], rel=1e-3)
    assert ds["T_filament"].item() - T_b == pytest.approx(dT[1], rel=1e-3)


def test_responsivity_to_the_load_equals_a_finite_difference():
    ic, ib = Interface("Sn", "PMMA", "dmm"), Interface("Sn", "sapphire", "dmm")
    kw = dict(T_b=1.5, leak_conductance=1e-9, pump=1e-16, joule=1e-12, substrate_emission=1e-16, plate_interface=ic,
              substrate_interface=ib, area=1e-12)  # fmt: skip
    ds = plate_steady_state(plate_network(**kw, P_load=1e-12))
    h = 1e-15
    up = plate_steady_state(plate_network(**kw, P_load=1e-12 + h))["T_cold"].item()
    dn = plate_steady_state(plate_network(**kw, P_load=1e-12 - h))["T_cold"].item()
    # central difference: truncation ~h² T''' ≪ 1e-6; the solves' own error (1e-10 rel. residual) sets the 1e-5
    assert ds["dT_cold_dP_load"].item() == pytest.approx((up - dn) / (2 * h), rel=1e-5)


def test_load_sweep_through_the_network_solver_has_no_fold_for_a_constant_pump():
    ic, ib = Interface("Al", "PMMA", "amm"), Interface("Al", "sapphire", "amm")
    net = plate_network(T_b=1.0, leak_conductance=1e-9, pump=1e-15, joule=1e-13, substrate_emission=1e-15,
                        plate_interface=ic, substrate_interface=ib, area=1e-12)  # fmt: skip
    sw = sweep(net, "P_load", np.linspace(0.0, 1e-9, 5))
    assert sw.attrs["n_folds"] == 0
    assert np.all(np.diff(sw["T_plate"].values) > 0)  # a heavier load warms the plate, monotonically


def test_filtered_kapitza_link_integrates_the_filtered_little_formula():
    T_a, T_b, A = 1.3, 0.9, 2e-12
    wc = 0.7 * 1.380649e-23 / 1.054571817e-34  # ħω_c = 0.7 K·k_B
    for filt in (LowPassFilter(wc, 2.0), LowPassFilter(wc, math.inf)):
        ic = Interface("Al", "PMMA", "amm", filt)
        link = kapitza_link("a", "b", ic, A)
        ref, _ = integrate.quad(lambda T, i=ic: float(i.kapitza_conductance(T)), T_b, T_a, epsabs=0, epsrel=1e-12)
        # 16-node Gauss–Legendre on a smooth integrand (h_K is analytic in T for these filters): 1e-9 is loose
        assert link.heat(T_a, T_b) == pytest.approx(A * ref, rel=1e-9)
        d_a, d_b = link.derivatives(T_a, T_b)
        assert d_a == pytest.approx(A * float(ic.kapitza_conductance(T_a)), rel=1e-12)
        assert d_b == pytest.approx(-A * float(ic.kapitza_conductance(T_b)), rel=1e-12)
    plain = kapitza_link("a", "b", Interface("Al", "PMMA", "amm"), A)
    c = float(Interface("Al", "PMMA", "amm").kapitza_conductance(1.0))
    assert plain.heat(T_a, T_b) == pytest.approx(A * c * (T_a**4 - T_b**4) / 4, rel=1e-14)


def test_plate_network_rejects_inconsistent_input():
    ic = Interface("Al", "PMMA")
    with pytest.raises(InvalidParameter, match="interfaces"):
        plate_network(T_b=1.0, leak_conductance=1e-9, plate_interface=ic)
    with pytest.raises(InvalidParameter, match="area"):
        plate_network(T_b=1.0, leak_conductance=1e-9, plate_interface=ic, substrate_interface=ic)
    with pytest.raises(InvalidParameter, match="pump"):
        plate_network(T_b=1.0, leak_conductance=1e-9, pump=lambda T: 0.0, plate_interface=ic,
                      substrate_interface=ic, area=1e-12)  # fmt: skip
    with pytest.raises(InvalidParameter, match="n_filaments"):
        plate_network(T_b=1.0, leak_conductance=1e-9, n_filaments=0)


@pytest.fixture(scope="module")
def synthetic():
    from neqsc.phonons.flux import phonon_spectra
    from neqsc.phonons.synthetic import synthetic_psc_run

    run = synthetic_psc_run(period=10, n_periods=3, nt=601, nx=41, length=10)
    return run, phonon_spectra(run, "Al", kinetics="relaxation")


def test_cooler_from_run_frequency_resolved_books_and_bound(synthetic):
    from neqsc.phonons.pipeline import cooler_from_run

    run, sp = synthetic
    wc = 1.75 * sp.attrs["T"] * 1.380649e-23 / 1.054571817e-34
    for filt in (None, LowPassFilter(wc, math.inf)):
        res = cooler_from_run(run, "Al", kinetics="relaxation", transmission="amm", plate_filter=filt, spectra=sp)
        p_c, bound = res["plate_cooling_power_W"].item(), res["ideal_filter_bound_W"].item()
        assert p_c <= bound * (1 + 1e-12)
        q = p_c - res["kapitza_a1"].item() * (res["joule_power_W"].item() - res["phonon_net_W"].item())
        assert res["Q_c_W"].item() == pytest.approx(q, rel=1e-12)
        assert res["energy_error"].item() < 1e-9
        assert res["T_filament_K"].item() > res.attrs["T_b"]  # the Joule heat leaves through the Kapitza links
    # an ideal low-pass at the top of the absorbing band cools spectrally but cannot beat its Joule share
    assert p_c > 0 and res["Q_c_W"].item() < 0 and res["T_cold_K"].item() > res.attrs["T_b"]
    again = cooler_from_run(run, "Al", kinetics="relaxation", transmission="amm", plate_filter=filt)
    assert again["Q_c_W"].item() == pytest.approx(res["Q_c_W"].item(), rel=1e-12)  # reused spectra = recomputed


def test_cooler_from_run_transmission_errors(synthetic):
    from neqsc.phonons.pipeline import cooler_from_run

    run, sp = synthetic
    with pytest.raises(InvalidParameter, match="'p'"):
        cooler_from_run(run, "Al", transmission="dmm", p=0.9, spectra=sp, kinetics="relaxation")
    with pytest.raises(InvalidParameter, match="plate_filter"):
        cooler_from_run(run, "Al", plate_filter=LowPassFilter(1e11))
    with pytest.raises(InvalidParameter, match="transmission"):
        cooler_from_run(run, "Al", transmission="magic")
    with pytest.raises(InvalidParameter, match="spectra"):
        cooler_from_run(run, "Al", transmission="amm", spectra=sp)  # relaxation spectra, adiabatic cooler
    with pytest.raises(InvalidParameter, match="spectra"):
        cooler_from_run(run, "Al", T_b=1.0, kinetics="relaxation", transmission="amm", spectra=sp)
