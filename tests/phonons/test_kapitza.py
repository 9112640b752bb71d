"""Acoustic mismatch: transmission, critical angles, reciprocity, Kapitza conductance, AMM diode."""

import math

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.phonons.kapitza import (
    AcousticMedium,
    amm_diode,
    critical_angle,
    flux_weight,
    hemispherical_transmission,
    kapitza_conductance,
    medium,
    transmission,
)


def _zv(name):
    m = medium(name)
    return m.density * m.c_l, m.c_l


@pytest.mark.parametrize(("other", "value"), [("sapphire", 0.81), ("PMMA", 0.53)])
def test_normal_incidence_transmission_matches_impedance_formula_and_table(other, value):
    z1, v1 = _zv("Al")
    z2, v2 = _zv(other)
    t0 = float(transmission(0.0, z1, z2, v1, v2))
    assert t0 == pytest.approx(4 * z1 * z2 / (z1 + z2) ** 2, rel=1e-14)
    assert t0 == pytest.approx(value, abs=0.01)  # reference values computed from the same material table


def test_total_internal_reflection_only_from_the_slower_medium():
    z1, v1 = _zv("Al")
    z2, v2 = _zv("sapphire")
    thc = critical_angle(v1, v2)
    assert thc == pytest.approx(math.asin(6420 / 11100), rel=1e-12)
    assert float(transmission(thc + 1e-6, z1, z2, v1, v2)) == 0.0
    assert float(transmission(thc - 1e-3, z1, z2, v1, v2)) > 0.0
    assert critical_angle(v2, v1) == pytest.approx(math.pi / 2)  # sapphire → Al: no TIR


@pytest.mark.parametrize(("a", "b"), [("Al", "sapphire"), ("Al", "PMMA"), ("Nb", "Si"), ("Sn", "SiO2")])
def test_amm_reciprocity_gamma12_over_v1_squared_equals_reverse(a, b):
    za, va = _zv(a)
    zb, vb = _zv(b)
    g_ab = hemispherical_transmission(za, zb, va, vb)
    g_ba = hemispherical_transmission(zb, za, vb, va)
    assert g_ab / va**2 == pytest.approx(g_ba / vb**2, rel=1e-8)  # quad tolerance 1e-12 absolute
    assert kapitza_conductance(a, b, 0.5) == pytest.approx(kapitza_conductance(b, a, 0.5), rel=1e-8)


def test_identical_media_transmit_everything_and_give_the_phonon_radiation_limit():
    m = AcousticMedium("x", 3000.0, 5000.0, 3000.0)
    assert hemispherical_transmission(1.5e7, 1.5e7, 5000.0, 5000.0) == pytest.approx(1.0, rel=1e-10)
    from neqsc.constants import hbar, k_B

    expected = math.pi**2 * k_B**4 / (30 * hbar**3) * (1 / 5000.0**2 + 2 / 3000.0**2)
    assert kapitza_conductance(m, m, 1.0) == pytest.approx(expected, rel=1e-10)


def test_kapitza_conductance_scales_as_t_cubed():
    T = np.array([0.1, 0.5, 1.0, 2.0])
    h = kapitza_conductance("Al", "sapphire", T)
    np.testing.assert_allclose(h / T**3, h[2], rtol=1e-12)
    assert 100 < h[2] < 2000  # W m⁻² K⁻¹ at 1 K: typical AMM range for metal/sapphire (order of magnitude)


def test_amm_diode_fractions_are_consistent_and_thermal_fill_equals_emission_split():
    d = amm_diode("Al", "PMMA", "sapphire")
    assert 0 < d.a1 < 1 and d.p_emit == pytest.approx(1 - d.a1)
    # reciprocity: the plate's share of a thermal fill equals its share of isotropic emission (a₁)
    wc, wb = flux_weight("PMMA", "Al"), flux_weight("sapphire", "Al")
    assert wc / (wc + wb) == pytest.approx(d.a1, rel=1e-8)


def test_missing_acoustic_constants_raise():
    with pytest.raises(InvalidParameter):
        medium("unobtainium")
    with pytest.raises(InvalidParameter, match="c_l"):
        AcousticMedium("bad", 1000.0, 0.0, 100.0)


def test_kapitza_dataset_lists_pairs_modes_and_critical_angles():
    from neqsc.phonons.kapitza import kapitza_dataset

    ds = kapitza_dataset([("Al", "sapphire"), ("Al", "PMMA")], [0.5, 1.0])
    assert ds["h_K"].shape == (2, 2)
    assert ds["critical_angle"].sel(pair="Al/sapphire", mode="L").item() == pytest.approx(35.3, abs=0.1)
    assert ds["critical_angle"].sel(pair="Al/PMMA", mode="L").item() == 90.0  # Al is faster than PMMA


def test_model_keyword_routes_through_the_transmission_module():
    from neqsc.phonons.transmission import Interface

    for model in ("amm", "dmm"):
        h = kapitza_conductance("Al", "sapphire", 0.8, model=model)
        assert h == pytest.approx(Interface("Al", "sapphire", model).kapitza_conductance(0.8), rel=1e-12)
        # detailed balance holds for every model
        assert h == pytest.approx(kapitza_conductance("sapphire", "Al", 0.8, model=model), rel=1e-10)
        d = amm_diode("Al", "PMMA", "sapphire", model=model)
        wc, wb = flux_weight("PMMA", "Al", model), flux_weight("sapphire", "Al", model)
        assert wc / (wc + wb) == pytest.approx(d.a1, rel=1e-10)
    assert amm_diode("Al", "PMMA", "sapphire", model="amm").a1 == pytest.approx(0.751, abs=5e-4)  # docs/phonons.md
    assert kapitza_conductance("Al", "sapphire", 1.0) == pytest.approx(393.3, abs=0.1)  # default unchanged
