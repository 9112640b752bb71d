"""Electrical power bookkeeping (J·V̄ and its parts) vs phonon power."""

import numpy as np
import pytest

from neqsc.phonons.energy import electrical_power, energy_balance
from neqsc.phonons.flux import phonon_spectra
from neqsc.phonons.synthetic import synthetic_psc_run


@pytest.fixture(scope="module")
def run():
    return synthetic_psc_run()


def test_power_parts_add_up_to_current_times_voltage(run):
    p = electrical_power(run)
    total = p["p_normal"] + p["p_interference"] + p["p_super"]
    # E from second-order differences, trapezoid in x: O(Δx²) ≈ 1e-4 relative on this grid
    np.testing.assert_allclose(total.values, p["p_electrical"].values, rtol=2e-3, atol=1e-6)


def test_normal_part_is_ohmic_and_nonnegative(run):
    p = electrical_power(run)
    assert np.all(p["p_normal"].values >= 0)
    assert p["mean_p_normal"].item() > 0


def test_joule_power_dominates_the_vanishing_net_phonon_power(run):
    p = electrical_power(run, "Al")
    s = phonon_spectra(run)
    bal = energy_balance(p, s)
    assert bal["joule_power_W"] > 0
    assert abs(bal["phonon_net_W"]) < 1e-10 * bal["phonon_emitted_W"]
    assert bal["normal_power_W"] + bal["interference_power_W"] + bal["super_power_W"] == pytest.approx(
        bal["joule_power_W"], rel=2e-3
    )
