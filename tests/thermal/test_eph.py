"""Electron–phonon couplings: power law, Timofeev superconducting form, its limits and derivatives."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from neqsc import bcs
from neqsc.constants import k_B, zeta5
from neqsc.errors import InvalidParameter
from neqsc.thermal import PowerLawEPh, SuperconductingEPh, eph_from_material, eph_power_law, eph_superconducting


def _fermi(y):
    return 0.5 * (1.0 - np.tanh(0.5 * y))


def _reference_superconducting(T_e, T_p, Tc):
    """Dey Eqs. 8–9 by nested adaptive quadrature; edge singularities via quad's algebraic weights (Σ V = 1)."""
    d = bcs.gap(T_e, Tc, model="tanh") / (k_B * T_e)
    r = T_e / T_p

    def script_f(x):
        def above(y):
            return (y * (y + x) - d * d) / np.sqrt(y + d) / np.sqrt((y + x) ** 2 - d * d) * (_fermi(y) - _fermi(y + x))

        a = quad(above, d, d + 60, weight="alg", wvar=(-0.5, 0), limit=400, epsabs=0, epsrel=1e-11)[0]
        c = 0.0
        if x > 2 * d:

            def pair(y):
                return (d * d - y * (y + x)) / np.sqrt(d - y) / np.sqrt(y + x + d) * (_fermi(y) - _fermi(y + x))

            c = quad(pair, d - x, -d, weight="alg", wvar=(-0.5, -0.5), limit=400, epsabs=0, epsrel=1e-11)[0]
        return 2 * a + c

    def integrand(x):
        return x**3 * (1 / np.expm1(x) - 1 / np.expm1(min(x * r, 700.0))) * script_f(x)

    top = 2 * d + 60 * max(1.0, 1.0 / r)
    total = quad(integrand, 1e-12, 2 * d, limit=200, epsabs=0, epsrel=1e-10)[0]
    total += quad(integrand, 2 * d, top, limit=200, epsabs=0, epsrel=1e-10)[0]
    return T_e**5 * total / (24 * zeta5)


def test_power_law_is_sigma_volume_times_difference_of_powers():
    assert eph_power_law(0.2, 0.1, 2e9, 1e-19, 5) == pytest.approx(2e9 * 1e-19 * (0.2**5 - 0.1**5), rel=1e-15)
    assert eph_power_law(0.2, 0.1, 5e7, 1e-19, 6) == pytest.approx(5e7 * 1e-19 * (0.2**6 - 0.1**6), rel=1e-15)


def test_superconducting_form_equals_normal_law_above_tc_exactly():
    T = np.array([0.4, 0.5, 0.8])
    assert np.all(eph_superconducting(T, 0.03, 1.3e9, 1e-19, 0.4) == eph_power_law(T, 0.03, 1.3e9, 1e-19))


def test_superconducting_quadrature_tends_to_normal_law_as_gap_closes():
    # T = Tc(1 - 1e-10): Δ/k_BT ≈ 3e-5 (BCS gap); the corrections to the normal law are O(Δ/k_BT), so 1e-4 bounds
    # them and also checks the 24 ζ(5) prefactor and the ε-quadrature of the Δ > 0 branch
    Tc = 0.4
    T = Tc * (1 - 1e-10)
    ratio = eph_superconducting(T, 0.03, 1.0, 1.0, Tc) / eph_power_law(T, 0.03, 1.0, 1.0)
    assert abs(ratio - 1.0) < 1e-4


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")  # the reference's roundoff notices
@pytest.mark.parametrize(("T_e", "T_p"), [(0.3, 0.1), (0.2, 0.03), (0.05, 0.2)])
def test_superconducting_form_matches_adaptive_quadrature(T_e, T_p):
    # measured agreement 2e-9 (fixed Gauss–Legendre rules vs adaptive quad at 1e-10); 1e-8 leaves margin
    ref = _reference_superconducting(T_e, T_p, 0.4)
    # the reference uses the tanh gap, so the same model is passed explicitly (the package default is "bcs")
    assert eph_superconducting(T_e, T_p, 1.0, 1.0, 0.4, "tanh") == pytest.approx(ref, rel=1e-8)


def test_superconducting_power_follows_timofeev_low_temperature_asymptote():
    # Timofeev et al. PRL 102, 017003 (2009): P_S ≈ 0.98 ΣV T_e⁵ e^{-Δ/k_BT_e} for T_p ≪ T_e ≪ Tc. The finite-T
    # correction is ∝ k_BT/Δ, so extrapolate a + b/δ from δ = Δ/k_BT ≈ 35 and 50; 0.01 = the quoted precision
    Tc = 1.0
    ratios, inv_delta = [], []
    for t in (0.05, 0.035):
        delta = bcs.gap(t, Tc) / (k_B * t)
        p = eph_superconducting(t, 0.01 * t, 1.0, 1.0, Tc, "bcs")
        ratios.append(p / (t**5 * np.exp(-delta)))
        inv_delta.append(1 / delta)
    slope = (ratios[1] - ratios[0]) / (inv_delta[1] - inv_delta[0])
    asymptote = ratios[0] - slope * inv_delta[0]
    assert asymptote == pytest.approx(0.98, abs=0.01)


def test_superconducting_power_vanishes_at_equal_temperatures_and_changes_sign():
    assert eph_superconducting(0.2, 0.2, 1.3e9, 1e-19, 0.4) == 0.0
    assert eph_superconducting(0.1, 0.2, 1.3e9, 1e-19, 0.4) < 0 < eph_superconducting(0.2, 0.1, 1.3e9, 1e-19, 0.4)


def test_superconducting_power_is_suppressed_deep_below_tc():
    # Δ/k_BT ≈ 7 at T = Tc/4: the quasiparticle density, hence the power, is exponentially small
    assert eph_superconducting(0.1, 0.03, 1.0, 1.0, 0.4) < 0.01 * eph_power_law(0.1, 0.03, 1.0, 1.0)


@pytest.mark.parametrize(
    "coupling", [PowerLawEPh(3e9, 4e-20, 5.0), PowerLawEPh(5e7, 1e-19, 6.0), SuperconductingEPh(1.3e9, 1e-19, 0.4)]
)
def test_coupling_derivatives_match_finite_differences(coupling):
    # central differences with h = 1e-4 T: truncation ~1e-8 relative; tolerance 1e-6
    Te, Tp = 0.3, 0.05
    d_e, d_p = coupling.derivatives(Te, Tp)
    h_e, h_p = 1e-4 * Te, 1e-4 * Tp
    fd_e = (coupling.heat(Te + h_e, Tp) - coupling.heat(Te - h_e, Tp)) / (2 * h_e)
    fd_p = (coupling.heat(Te, Tp + h_p) - coupling.heat(Te, Tp - h_p)) / (2 * h_p)
    assert d_e == pytest.approx(fd_e, rel=1e-6)
    assert d_p == pytest.approx(fd_p, rel=1e-6)


def test_material_lookup_uses_table_exponents():
    assert eph_from_material("Cu", 1e-19).n == 5
    assert eph_from_material("InAsOI", 1e-19).n == 6  # 'typical' table value (docs/thermal.md)
    assert isinstance(eph_from_material("Ti", 1e-19), SuperconductingEPh)
    assert isinstance(eph_from_material("Al", 1e-19, superconducting=False), PowerLawEPh)


@pytest.mark.parametrize(
    "call",
    [
        lambda: eph_power_law(0.1, 0.03, 3e9, -1e-19),
        lambda: eph_power_law(0.0, 0.03, 3e9, 1e-19),
        lambda: eph_superconducting(-0.1, 0.03, 3e9, 1e-19, 0.4),
        lambda: eph_from_material("unobtainium", 1e-19),
        lambda: eph_from_material("Cu", -1e-19),
        lambda: PowerLawEPh(3e9, -1.0),
    ],
)
def test_bad_electron_phonon_input_is_rejected(call):
    with pytest.raises(InvalidParameter):
        call()
