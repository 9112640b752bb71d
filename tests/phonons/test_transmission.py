"""Mode-converting AMM, DMM and frequency filters: conservation, limits, reciprocity, textbook free surface."""

import math

import numpy as np
import pytest
from scipy import integrate

from neqsc.constants import hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.phonons import kapitza
from neqsc.phonons.kapitza import AcousticMedium, medium
from neqsc.phonons.transmission import (
    Interface,
    LowPassFilter,
    amm_coefficients,
    dmm_transmission,
    mode_gammas,
    plate_cooling_power,
)

PAIRS = [("Al", "sapphire"), ("Al", "Si"), ("Sn", "sapphire"), ("Al", "PMMA"), ("sapphire", "Sn")]


def _speed(m, mode):
    return m.c_l if mode == "L" else m.c_t


@pytest.mark.parametrize(("a", "b"), PAIRS)
@pytest.mark.parametrize("mode", ["L", "SV", "SH"])
def test_energy_flux_coefficients_sum_to_one_at_every_angle_including_beyond_critical(a, b, mode):
    c = _speed(medium(a), mode)
    p = np.linspace(0.0, 1.0 / c, 1001)[:-1]  # grid crosses every critical slowness of these pairs
    co = amm_coefficients(a, b, p, mode)
    assert all(np.all(v >= -1e-15) for v in co.values())
    # the solver never imposes Σ = 1: the 4×4 continuity solution conserves energy only if b-vectors are right
    assert np.max(np.abs(sum(co.values()) - 1.0)) < 1e-12


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_normal_incidence_is_the_impedance_formula_without_conversion(a, b):
    m1, m2 = medium(a), medium(b)
    for mode, key in [("L", "c_l"), ("SV", "c_t"), ("SH", "c_t")]:
        z1, z2 = m1.density * getattr(m1, key), m2.density * getattr(m2, key)
        co = amm_coefficients(a, b, 0.0, mode)
        assert co[f"T_{mode}"] == pytest.approx(4 * z1 * z2 / (z1 + z2) ** 2, rel=1e-12)
        other = {"L": "T_SV", "SV": "T_L"}.get(mode)
        if other:
            assert co[other] == pytest.approx(0.0, abs=1e-14)


def test_identical_media_transmit_everything_without_conversion():
    m = AcousticMedium("x", 3000.0, 6000.0, 3500.0)
    for mode in ("L", "SV", "SH"):
        p = np.linspace(0, 1 / _speed(m, mode), 400)[:-1]
        co = amm_coefficients(m, m, p, mode)
        assert np.allclose(co[f"T_{mode}"], 1.0, rtol=0, atol=1e-12)
        assert all(np.allclose(v, 0.0, atol=1e-12) for k, v in co.items() if k != f"T_{mode}")
    assert mode_gammas(m, m) == pytest.approx({"L": 1.0, "SV": 1.0, "SH": 1.0}, rel=1e-10)


@pytest.mark.parametrize(("a", "b"), PAIRS[:3])
def test_mode_to_mode_reciprocity_at_equal_horizontal_slowness(a, b):
    # e(1a → 2b)(p) = e(2b → 1a)(p) wherever both waves propagate (time reversal of the welded contact)
    m1, m2 = medium(a), medium(b)
    for ma in ("L", "SV"):
        for mb in ("L", "SV"):
            pmax = min(1 / _speed(m1, ma), 1 / _speed(m2, mb))
            p = np.linspace(0, pmax, 300)[:-1]
            fwd = amm_coefficients(m1, m2, p, ma)[f"T_{mb}"]
            back = amm_coefficients(m2, m1, p, mb)[f"T_{ma}"]
            assert np.allclose(fwd, back, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_detailed_balance_of_hemispherical_transmission(a, b):
    # Σ_j Γ₁₂,j / c₁,j² = Σ_j Γ₂₁,j / c₂,j²: both sides' isotropic Planck populations exchange equal energy
    fwd, back = Interface(a, b).flux_weight(), Interface(b, a).flux_weight()
    assert fwd == pytest.approx(back, rel=1e-10)  # quadrature converged to ~1e-14 (next test)


def test_hemispherical_quadrature_converged_and_matches_adaptive_quad():
    m1, m2 = medium("Al"), medium("sapphire")
    g = mode_gammas(m1, m2)
    assert g == pytest.approx(mode_gammas(m1, m2, n=300), rel=1e-12)
    for mode in ("L", "SV"):
        c = _speed(m1, mode)
        kinks = sorted({1 / v for v in (m1.c_l, m1.c_t, m2.c_l, m2.c_t) if 1 / v < 1 / c})

        def f(p, mode=mode, c=c):
            co = amm_coefficients(m1, m2, np.array([p]), mode)
            return 2 * c**2 * p * float(co["T_L"][0] + co["T_SV"][0])

        ref, _ = integrate.quad(f, 0.0, 1 / c * (1 - 1e-12), points=kinks, limit=400, epsabs=1e-13)
        assert g[mode] == pytest.approx(ref, rel=1e-8)  # quad's √-kink accuracy


def test_free_surface_limit_reproduces_textbook_p_wave_reflection():
    # Aki & Richards Eq. 5.27: R_PP = [−(β⁻² − 2p²)² + 4p²q_αq_β] / [(β⁻² − 2p²)² + 4p²q_αq_β]
    solid = AcousticMedium("s", 2700.0, 6420.0, 3040.0)
    vacuum = AcousticMedium("v", 2700.0e-10, 6420.0, 3040.0)  # 1e-10 of the density: error O(1e-10)
    p = np.linspace(0, 1 / 6420.0, 200)[:-1]
    qa, qb = np.sqrt(1 / 6420.0**2 - p**2), np.sqrt(1 / 3040.0**2 - p**2)
    a = (1 / 3040.0**2 - 2 * p**2) ** 2
    r = (-a + 4 * p**2 * qa * qb) / (a + 4 * p**2 * qa * qb)
    co = amm_coefficients(solid, vacuum, p, "L")
    assert np.allclose(co["R_L"], r**2, atol=1e-8)
    assert np.allclose(co["R_SV"], 1 - r**2, atol=1e-8)


@pytest.mark.parametrize(("a", "b"), PAIRS[:4])
def test_scalar_model_reproduces_the_kapitza_module(a, b):
    assert Interface(a, b, "amm-scalar").kapitza_conductance(0.7) == pytest.approx(
        kapitza.kapitza_conductance(a, b, 0.7), rel=1e-8
    )  # kapitza.py uses adaptive quad (1e-12 absolute)


def test_mode_conversion_changes_h_k_by_the_documented_amounts():
    # measured values quoted in docs/phonons.md (mode-converting vs scalar AMM, T-independent ratio)
    expected = {("Al", "sapphire"): 36.2, ("Al", "Si"): 11.2, ("Sn", "sapphire"): 25.3}
    for (a, b), pct in expected.items():
        ratio = Interface(a, b).kapitza_conductance(1.0) / kapitza.kapitza_conductance(a, b, 1.0)
        assert 100 * (ratio - 1) == pytest.approx(pct, abs=0.05)


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_dmm_detailed_balance_and_complementarity(a, b):
    t12, t21 = dmm_transmission(a, b), dmm_transmission(b, a)
    assert t12 + t21 == pytest.approx(1.0, rel=1e-14)
    assert Interface(a, b, "dmm").flux_weight() == pytest.approx(Interface(b, a, "dmm").flux_weight(), rel=1e-14)
    th = np.linspace(0, 1.5, 7)
    assert np.allclose(Interface(a, b, "dmm").transmission(1e11, th, "SV"), t12)


def test_low_pass_filter_limits():
    f = LowPassFilter(1e11, order=2)
    assert float(f(0.0)) == 1.0
    assert float(f(1e11)) == pytest.approx(0.5)
    assert float(f(1e13)) == pytest.approx(1e-8, rel=1e-6)  # (ω/ω_c)^{-4}
    step = LowPassFilter(1e11, order=math.inf)
    assert list(step(np.array([0.5e11, 1e11, 2e11]))) == [1.0, 0.5, 0.0]


def test_filtered_kapitza_conductance():
    hot = Interface("Al", "sapphire", filter=LowPassFilter(1e16, 4))  # ω_c ≫ k_BT/ħ at 1 K: no effect
    bare = Interface("Al", "sapphire")
    assert hot.kapitza_conductance(1.0) == pytest.approx(bare.kapitza_conductance(1.0), rel=1e-10)
    # ideal step at ω_c: ratio = ∫₀^{x_c} x⁴eˣ/(eˣ−1)² dx / (4π⁴/15), x_c = ħω_c/k_BT
    T, wc = 0.5, 5e10
    step = Interface("Al", "sapphire", filter=LowPassFilter(wc, math.inf))
    xc = hbar * wc / (k_B * T)
    ref, _ = integrate.quad(lambda x: x**4 * math.exp(x) / math.expm1(x) ** 2, 0, xc)
    got = step.kapitza_conductance(T) / bare.kapitza_conductance(T)
    assert got == pytest.approx(ref / (4 * math.pi**4 / 15), rel=1e-10)  # panel edge at the step: Gauss exact to ~1e-14
    arr = step.kapitza_conductance(np.array([0.5, 1.0]))
    assert arr.shape == (2,) and arr[0] == pytest.approx(step.kapitza_conductance(0.5))
    assert Interface("Al", "sapphire", filter=lambda w: 0.5 + 0 * w).spectral_transmission(1e11) == pytest.approx(
        0.5 * bare.spectral_transmission(1e11)
    )


def test_transmission_api_angle_and_grazing():
    itf = Interface("Al", "sapphire")
    th = np.array([0.0, 0.3, 1.0, math.pi / 2])
    t = itf.transmission(1e11, th, "L")
    assert t[-1] == 0.0 and t[0] == pytest.approx(
        float(kapitza.transmission(0.0, 2700 * 6420, 3980 * 11100, 6420, 11100)), rel=1e-3
    )
    assert np.all(t[1:3] > 0)  # beyond θ_c,L = 35°, L → SV conversion still transmits


def test_bad_input():
    with pytest.raises(InvalidParameter):
        Interface("Al", "Si", model="specular")
    with pytest.raises(InvalidParameter):
        amm_coefficients("Al", "Si", 0.1, "P")
    with pytest.raises(InvalidParameter):
        amm_coefficients("Al", "Si", 1.0, "L")
    with pytest.raises(InvalidParameter):
        Interface("Al", "Si").transmission(1e11, 2.0)
    with pytest.raises(InvalidParameter):
        LowPassFilter(-1.0)


def _toy_spectra(T=0.5):
    import xarray as xr

    w = np.linspace(0.05, 12.0, 400)
    flux = 1e-12 * (np.sin(2 * w) * np.exp(-w / 4) - 0.1)  # alternating emitting / absorbing bands, W per ω̄
    return xr.Dataset({"mean_flux": ("omega", flux)}, coords={"omega": w}, attrs={"T": T})


def test_plate_cooling_symmetric_stack_takes_half_the_net_spectrum():
    sp = _toy_spectra()
    res = plate_cooling_power(sp, "Al", "sapphire", "sapphire")
    w = sp["omega"].values
    net = float(np.trapezoid(sp["mean_flux"].values, w))
    assert res["cooling_power"].item() == pytest.approx(-0.5 * net, rel=1e-12)
    assert res["net_power"].item() == pytest.approx(net, rel=1e-12)


def test_plate_cooling_ideal_filters_reach_the_bound_and_nothing_beats_it():
    sp = _toy_spectra()
    T = sp.attrs["T"]
    w = sp["omega"].values
    F = sp["mean_flux"].values
    omega = w * k_B * T / hbar

    def absorbing(om):  # 1 exactly on the absorbing grid points (filters are evaluated on the same grid)
        return np.interp(om, omega, (F < 0).astype(float))

    ideal = plate_cooling_power(
        sp, "Al", "PMMA", "sapphire", plate_filter=absorbing, substrate_filter=lambda om: 1 - absorbing(om)
    )
    bound = float(np.trapezoid(np.maximum(-F, 0), w))
    assert ideal["ideal_filter_bound"].item() == pytest.approx(bound, rel=1e-12)
    assert ideal["cooling_power"].item() == pytest.approx(bound, rel=1e-12)
    rng = np.random.default_rng(1)
    for _ in range(5):
        wc_c, wc_b = rng.uniform(0.2, 15, 2) * k_B * T / hbar
        res = plate_cooling_power(
            sp, "Al", "PMMA", "sapphire", plate_filter=LowPassFilter(wc_c, 3), substrate_filter=LowPassFilter(wc_b, 1)
        )
        assert res["cooling_power"].item() <= bound * (1 + 1e-12)
        assert np.all((res["plate_share"] >= 0) & (res["plate_share"] <= 1))


@pytest.mark.slow  # ~9 s: a relaxation-kinetics run on a synthetic PSC
def test_plate_cooling_of_relaxation_spectra_uses_the_reported_absorbed_band_power():
    from neqsc.phonons import synthetic_psc_run
    from neqsc.phonons.kinetics import relaxation_spectra

    run = synthetic_psc_run(period=10.0, n_periods=3, nt=601, nx=41, length=10.0)
    sp = relaxation_spectra(run, "Al", n_xi=80, n_out=8)
    res = plate_cooling_power(sp, "Al", "PMMA", "sapphire")
    assert res["ideal_filter_bound"].item() == pytest.approx(sp["absorbed_band_power"].item(), rel=1e-12)
    assert res["cooling_power"].item() < res["ideal_filter_bound"].item()
    with pytest.raises(InvalidParameter):
        plate_cooling_power(sp.drop_vars("mean_flux"), "Al", "PMMA", "sapphire")
