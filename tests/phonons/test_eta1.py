"""η₁(ω) of paper Eq. 13 in its three forms: FFT path vs quadrature, limits, and the Eq. 8 linearisation."""

import numpy as np
import pytest
from scipy import integrate

from neqsc.errors import InvalidParameter
from neqsc.phonons.eta1 import FORMS, eta1, eta1_grid, eta1_quad
from neqsc.phonons.spectral import gap_over_T, h_kernel, spectral_functions

G1 = float(gap_over_T(1.0, 0.9))  # |Ψ| = 1 at T = 0.9 Tc, in k_BT
G05 = float(gap_over_T(0.5, 0.9))
W = np.linspace(0.0, 8.0, 401)


@pytest.mark.parametrize("form", FORMS)
def test_fft_tabulation_agrees_with_adaptive_quadrature(form):
    gamma = 0.3
    grid = eta1_grid(W, [G05, G1], gamma, form)
    scale = np.abs(grid).max()
    for j, gap in enumerate([G05, G1]):
        for w in (0.1, 0.8, 1.5, 2.15, 3.0, 6.0):
            ref = eta1_quad(w, gap, gamma, form)
            # trapezoid with 16 points per γ + linear ω-interpolation on a 0.02 grid: < 1e-3 of the scale
            assert abs(np.interp(w, W, grid[j]) - ref) < 1e-3 * scale, (w, gap)


def test_fft_tabulation_converges_for_narrow_broadening():
    gamma = 0.03
    val = eta1(np.array([1.0, 3.0]), G1, gamma)
    ref = np.array([eta1_quad(1.0, G1, gamma), eta1_quad(3.0, G1, gamma)])
    assert np.all(np.abs(val - ref) < 2e-3 * np.abs(ref).max())


@pytest.mark.parametrize("form", FORMS)
def test_eta1_vanishes_without_gap(form):
    np.testing.assert_array_equal(eta1(W, 0.0, 0.3, form), 0.0)
    assert abs(eta1_quad(2.0, 0.0, 0.3, form)) < 1e-12


def test_as_printed_form_is_positive_at_every_frequency_with_spurious_low_frequency_tail():
    for gap in (G05, G1):
        e = eta1(W, gap, 0.3, "as_printed")
        assert np.all(e > 0)
        assert 0.1 < e[1] < 0.2  # the spurious printed tail: η₁ ≈ +0.15 already at ω → 0


def _crossing(e):
    k = np.nonzero((e[1:-1] < 0) & (e[2:] >= 0))[0][0] + 1
    return W[k] - e[k] * (W[k + 1] - W[k]) / (e[k + 1] - e[k])


def test_corrected_form_changes_sign_near_twice_the_gap():
    # regression grade: crossing ≈ 2.0 k_BT at |Ψ| = 1 (2Δ = 2.15), ≈ 1.1 at |Ψ| = 0.5 (2Δ = 1.08)
    e1 = eta1(W, G1, 0.3, "corrected")
    e05 = eta1(W, G05, 0.3, "corrected")
    assert _crossing(e1) == pytest.approx(2.0, abs=0.05)
    assert _crossing(e05) == pytest.approx(1.1, abs=0.05)
    assert e1[W < 1.8][1:].max() < 0 and e1[W > 2.2].min() > 0


def _collision_integral(w, gap, gamma, amp):
    """Eq. 8 (Dynes coherence factors) for n = f0 + amp·h, by quadrature; N⁰ equilibrium. Units k_BT = 1."""
    n0w = 1.0 / np.expm1(w)

    def n(e):
        return 1.0 / (np.exp(e) + 1.0) + amp * h_kernel(e, gap, gamma)

    def rec(e):
        na, ra = spectral_functions(e, gap, gamma)
        nb, rb = spectral_functions(w - e, gap, gamma)
        return (na * nb + ra * rb) * ((n0w + 1) * n(e) * n(w - e) - n0w * (1 - n(e)) * (1 - n(w - e)))

    def rel(e):
        na, ra = spectral_functions(e, gap, gamma)
        nb, rb = spectral_functions(e + w, gap, gamma)
        return 2 * (na * nb - ra * rb) * ((n0w + 1) * n(e + w) * (1 - n(e)) - n0w * (1 - n(e + w)) * n(e))

    opts = {"limit": 400, "epsabs": 1e-14, "epsrel": 1e-11}
    return (
        integrate.quad(rec, 0, w, points=[gap, w - gap], **opts)[0]
        + integrate.quad(rel, 0, w + gap + 45, points=[gap], **opts)[0]
    )


@pytest.mark.parametrize("w", [0.7, 2.5, 5.0])
def test_eq8_obeys_detailed_balance_and_its_linearisation_is_the_full_form(w):
    gamma = 0.3
    assert abs(_collision_integral(w, G1, gamma, 0.0)) < 1e-12  # equilibrium: I(N⁰) ≡ 0
    amp = 1e-4
    lin = (_collision_integral(w, G1, gamma, amp) - _collision_integral(w, G1, gamma, -amp)) / (2 * amp)
    # I_lin = 8 N⁰ η₁(full) per unit amplitude (2 from the linearisation × 4 from the ¼ in η₁); central
    # difference error O(amp²) ≈ 1e-8, quadrature 1e-11
    expected = 8.0 / np.expm1(w) * eta1_quad(w, G1, gamma, "full_linearized")
    assert lin == pytest.approx(expected, rel=1e-6)


def test_corrected_and_full_forms_vanish_linearly_at_zero_phonon_energy():
    # both η₁ → 0 as ω → 0 (no phase space for recombination, scattering bracket h(ε+ω) − h(ε) → 0)
    for form in ("corrected", "full_linearized"):
        a, b = eta1_quad(0.01, G1, 0.3, form), eta1_quad(0.02, G1, 0.3, form)
        assert abs(b / a - 2.0) < 0.05  # linear: doubling ω doubles η₁ to O(ω)


def test_unknown_form_is_rejected():
    with pytest.raises(InvalidParameter, match="form"):
        eta1(W, G1, 0.3, "printed")
