"""Uniform Usadel spectra (Eq. 1): limits, identities, depairing, bad input."""

import numpy as np
import pytest

from neqsc import bcs
from neqsc.errors import InvalidParameter
from neqsc.quasiclassics import (
    UnresolvedGridWarning,
    ag_spectral_gap,
    check_energy_resolution,
    energy_grid,
    uniform_energy_grid,
    uniform_spectra,
    usadel_uniform,
)
from neqsc.quasiclassics.usadel.uniform import _newton_continuation


def test_zero_depairing_reproduces_the_dynes_dos():
    eps = energy_grid(1.0, 1.53e-3, 3.0)
    s = uniform_spectra(eps, 1.0, 1.53e-3, 0.0)
    # same closed form evaluated two ways: rounding only
    assert np.max(np.abs(s.N - bcs.dynes_dos(eps, 1.0, 1.53e-3))) < 1e-10


def test_dynes_peak_and_subgap_dos_match_the_closed_form():
    eps = energy_grid(1.0, 1.53e-3, 3.0)
    N = uniform_spectra(eps, 1.0, 1.53e-3).N
    # closed form: N(0) = Γ = 1.530e-3, peak 14.59 at ε ≈ 1.00088 (grid spacing Γ/4 at the edge limits the peak to 1 %)
    assert N[eps.size // 2] == pytest.approx(1.53e-3, rel=1e-4)
    assert N.max() == pytest.approx(14.59, rel=1e-2)


def test_newton_continuation_agrees_with_closed_form_at_zero_depairing():
    eps = np.linspace(-3, 3, 1201)
    G, F = _newton_continuation(eps, 1.0, 2e-3, 0.0)
    s = uniform_spectra(eps, 1.0, 2e-3, 0.0)
    # Newton stops at |step| < 1e-12; near the edge |dG/dθ| ~ |G| ~ 15 amplifies it
    assert np.max(np.abs(G - s.G)) < 1e-9
    assert np.max(np.abs(F - s.F)) < 1e-9


@pytest.mark.parametrize("zeta", [0.05, 0.3, 0.7, 1.2])
def test_depaired_spectra_solve_eq1_and_the_normalisation(zeta):
    eps = np.linspace(-4, 4, 2001)
    s = uniform_spectra(eps, 1.0, 1e-3, zeta)
    et = eps + 1e-3j
    res = s.gap * s.G + 1j * et * s.F - zeta * s.F * s.G
    assert np.max(np.abs(res)) < 1e-9
    assert np.max(np.abs(s.G**2 + s.F**2 - 1)) < 1e-9
    assert np.all(s.N >= 0)


def test_spectral_coefficients_obey_the_identities():
    eps = np.linspace(-3, 3, 601)
    s = uniform_spectra(eps, 1.0, 5e-3, 0.2)
    # D_T = ½(1 + |G|² + |F|²) ≥ ½ and D_L = ½(1 + |G|² − |F|²) ≥ 0 follow from G² + F² = 1
    assert np.allclose(s.D_T, 0.5 * (1 + abs(s.G) ** 2 + abs(s.F) ** 2), atol=1e-10)
    assert np.allclose(s.D_L, 0.5 * (1 + abs(s.G) ** 2 - abs(s.F) ** 2), atol=1e-10)
    assert s.D_T.min() >= 0.5 - 1e-12
    assert s.D_L.min() >= -1e-12
    # particle-hole symmetry: N, D even; Im F, j_ε odd
    assert np.allclose(s.N, s.N[::-1]) and np.allclose(s.R, -s.R[::-1]) and np.allclose(s.j_eps, -s.j_eps[::-1])


def test_bulk_coefficients_above_the_gap():
    eps = np.linspace(1.5, 4, 50)
    s = uniform_spectra(eps, 1.0, 1e-9)
    # App. B with Γ → 0: D_L = 1, R_T = 0, D_T = ε²/(ε² − Δ²) (errors O(Γ))
    assert np.allclose(s.D_L, 1.0, atol=1e-7)
    assert np.allclose(s.R_T, 0.0, atol=1e-7)
    assert np.allclose(s.D_T, eps**2 / (eps**2 - 1), atol=1e-7)


@pytest.mark.parametrize("zeta", [0.1, 0.3, 0.6])
def test_spectral_gap_closes_as_abrikosov_gorkov(zeta):
    eps = np.linspace(0, 1.5, 3001)
    N = uniform_spectra(eps, 1.0, 1e-7, zeta).N
    eg = ag_spectral_gap(1.0, zeta)
    # √ onset: N stays ~Γ below E_g and rises to > 0.05 within 0.01 above it
    assert np.max(N[eps < eg - 0.01]) < 1e-3
    assert N[np.searchsorted(eps, eg + 0.01)] > 0.05


def test_gapless_at_fixed_gap_when_zeta_exceeds_delta():
    N = uniform_spectra(np.array([0.0]), 1.0, 0.0, 1.1).N
    assert N[0] > 0.1


def test_zero_gamma_and_zero_zeta_is_rejected():
    with pytest.raises(InvalidParameter, match="gamma"):
        uniform_spectra(np.linspace(-2, 2, 11), 1.0, 0.0, 0.0)


def test_coarse_grid_warns_with_the_needed_spacing():
    with pytest.warns(UnresolvedGridWarning, match=r"spacing <= 0.0025"):
        check_energy_resolution(uniform_energy_grid(1 / 40, 3), 1.0, 0.005)
    assert check_energy_resolution(energy_grid(1.0, 0.005, 3.0), 1.0, 0.005)


def test_dataset_has_units_and_kind():
    ds = usadel_uniform(np.linspace(-2, 2, 21), 1.0, 0.01, 0.1)
    assert ds.attrs["neqsc_kind"] == "quasiclassics.spectra"
    assert ds.eps.attrs["units"] == "Delta0"
    assert set(ds.data_vars) >= {"N", "D_L", "D_T", "R_T", "j_eps"}


def test_wire_spectra_with_uniform_gap_equal_the_bulk_solution():
    from neqsc.quasiclassics import Wire
    from neqsc.quasiclassics.usadel.wire import wire_spectra

    eps = np.linspace(-3, 3, 241)
    x = Wire(0, 10, 2.0, h_min=0.5, growth=1.2).nodes()[0]
    sp = wire_spectra(eps, x, np.full(x.size, 0.9), 0.01, 0.05)
    bulk = uniform_spectra(eps, 0.9, 0.01, 0.05)
    # gradient term vanishes for uniform Δ; Newton tolerance 1e-11
    assert max(np.max(np.abs(s.G - bulk.G)) for s in sp) < 1e-9


def test_wire_spectra_show_the_proximity_effect_of_a_gap_dip():
    from neqsc.quasiclassics import Wire
    from neqsc.quasiclassics.usadel.wire import wire_spectra

    eps = np.linspace(0, 2, 401)
    x = Wire(0, 20, 2.0, h_min=0.25, growth=1.1).nodes()[0]
    gap_x = 1.0 - 0.3 * np.exp(-x)  # suppressed near the injector end
    sp = wire_spectra(eps, x, gap_x, 0.005)
    k = np.searchsorted(eps, 0.8)
    # at ε = 0.8 (below the bulk gap 1.0, above the bare dip 0.7 at x = 0) subgap states exist near the dip and
    # decay into the wire over ~ξ; the gradient term smooths the 1ξ-wide dip (N(0) = 0.14, not a bulk 0.7 edge)
    N = np.array([s.N[k] for s in sp])
    assert N[0] > 3 * N[-1] and np.all(np.diff(N[: np.searchsorted(x, 6.0)]) < 0)
    assert N[0] < uniform_spectra(np.array([0.8]), 0.7, 0.005).N[0] / 2
