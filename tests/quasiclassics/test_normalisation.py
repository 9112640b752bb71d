"""g_nl/(G_inj G_det) has one definition: the half-wire and full-wire set-ups of the same device agree."""

import warnings

import numpy as np

from neqsc.quasiclassics import (
    NonlocalModel,
    UnresolvedGridWarning,
    Wire,
    charge_imbalance_conductance,
    gap_vs_injection,
    nonlocal_map_fixed_gap,
    nonlocal_map_from_gap,
    uniform_energy_grid,
    uniform_spectra,
)

KAPPA, X_D, T, T_INJ = 2.1e-4, 4.6, 0.01, 0.02


def test_fixed_gap_signal_is_the_same_on_half_and_full_wire_and_matches_eq21():
    eps = uniform_energy_grid(1 / 200, 4.0)
    v = np.array([1.2, 1.6, 2.4])
    kw = dict(eps=eps, kappa_inj=KAPPA, t=T, t_inj=T_INJ, gamma=0.02)
    half = nonlocal_map_fixed_gap(NonlocalModel(wire=Wire(0, 80, X_D), **kw), v).g_nl.values
    full = nonlocal_map_fixed_gap(NonlocalModel(wire=Wire(80, 80, X_D), **kw), v).g_nl.values
    # same node spacing near the junctions; the full wire's left branch has its own stretched mesh: measured 2e-4
    # (a double normalisation would differ by a factor 2)
    assert np.allclose(half, full, rtol=1e-3)
    # Eq. 21 (semi-infinite branch with κ = κ_I/2), normalised by G_inj G_det = κ_I/R_ξ · G_det
    s = uniform_spectra(eps, 1.0, 0.02)
    g21 = charge_imbalance_conductance(s, KAPPA / 2, X_D, v, T_INJ, KAPPA)
    # finite wire (L = 80 ξ) and mesh: measured 5e-4
    assert np.allclose(full, g21, rtol=2e-3)


def test_self_consistent_map_is_the_same_on_half_and_full_wire():
    eps = uniform_energy_grid(1 / 20, 10.0)
    v = np.linspace(0, 3, 7)
    kw = dict(eps=eps, kappa_inj=1e-3, t=T, t_inj=T_INJ, gamma=0.02)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)
        h = gap_vs_injection(NonlocalModel(wire=Wire(0, 30, X_D, h_min=0.25), **kw), v)
        f = gap_vs_injection(NonlocalModel(wire=Wire(30, 30, X_D, h_min=0.25), **kw), v)
    gh = nonlocal_map_from_gap(h, [0.0, 0.5], t_det=T).g_nl.values
    gf = nonlocal_map_from_gap(f, [0.0, 0.5], t_det=T).g_nl.values
    # the same discretisation near the junctions; differences are mesh error of the far (stretched) branch:
    # measured 1e-13 on Δ (it depends on f_L at the injector only) and 1e-4 on g_nl
    assert np.allclose(h.gap, f.gap, atol=1e-9)
    assert np.max(np.abs(gh - gf)) < 1e-3 * np.max(np.abs(gf))
