"""The materials table: every value has a source, lookups and errors."""

import pytest

from neqsc import materials
from neqsc.constants import eV
from neqsc.errors import InvalidParameter

REQUIRED = ["Al", "Ti", "Cu", "Ag", "InAsOI", "Nb", "NbN", "Sn", "sapphire", "Si", "SiO2", "PMMA"]


def test_table_has_every_required_material():
    assert set(REQUIRED) <= set(materials.names())


@pytest.mark.parametrize("name", REQUIRED)
def test_every_value_has_a_source(name):
    mat = materials.get(name)
    for field in materials.FIELDS:
        if getattr(mat, field) is not None:
            assert mat.sources.get(field), f"{name}.{field} has no source"


def test_lookup_is_case_insensitive_and_converts_gap_to_joules():
    al = materials.get("al")
    assert al.name == "Al"
    assert al.gap0 == pytest.approx(178.6e-6 * eV)
    assert al.gap0 / (al.Tc * 1.380649e-23) == pytest.approx(1.764, rel=2e-3)  # weak-coupling ratio


def test_acoustic_impedance():
    assert materials.get("sapphire").acoustic_impedance == pytest.approx(3980 * 11100)


def test_unknown_material_raises():
    with pytest.raises(InvalidParameter, match="material"):
        materials.get("unobtainium")


def test_missing_constant_raises_naming_it():
    with pytest.raises(InvalidParameter, match=r"Cu\.Tc"):
        materials.get("Cu").require("Tc")
