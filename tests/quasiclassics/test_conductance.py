"""Junction currents and conductances (Eqs. 13–15): normal limits and thermal broadening."""

import numpy as np
import pytest

from neqsc.quasiclassics import (
    energy_grid,
    injector_current,
    local_conductance,
    local_current,
    thermal_broadening,
    uniform_spectra,
)


def test_normal_junction_is_ohmic():
    eps = np.linspace(-6, 6, 4001)
    i = local_current(eps, np.ones_like(eps), [-1.0, 0.3, 2.0], 0.05)
    # ĩ = v for N = 1 (the window ±4 around v is inside the grid; trapezoid on a tanh step is exact by symmetry)
    assert np.allclose(i, [-1.0, 0.3, 2.0], atol=1e-10)
    s = uniform_spectra(eps, 0.0, 0.01)
    assert np.allclose(local_conductance([0.0, 1.0], s, 0.05), 1.0, atol=1e-8)


def test_local_conductance_tends_to_the_dos_at_low_temperature():
    eps = energy_grid(1.0, 0.02, 3.0, de=0.002)
    s = uniform_spectra(eps, 1.0, 0.02)
    v = np.array([0.5, 1.2, 2.0])
    G = local_conductance(v, s, 2e-4)
    # broadening k_BT = 2e-4 ≪ Γ: G(v) = N(v) up to O((t/Γ)²) and the grid spacing
    assert np.allclose(G, np.interp(v, eps, s.N), rtol=2e-3)


def test_thermal_broadening_preserves_a_flat_spectrum_and_injector_current_sign():
    eps = np.linspace(-4, 4, 1601)
    assert np.allclose(thermal_broadening(eps, np.full(eps.size, 3.0), [0.0, 1.0], 0.1), 3.0, atol=1e-9)
    s = uniform_spectra(eps, 1.0, 0.01)
    i = injector_current(eps, s.N, np.zeros_like(eps), 2.0, 0.01)
    assert i == pytest.approx(float(local_current(eps, s.N, [2.0], 0.01)[0]))
    assert 1.5 < i < 2.0  # NIS current at v = 2: between v − 1 and v (√(v² − 1) = 1.73)


def test_bias_beyond_the_energy_grid_is_rejected():
    from neqsc.errors import InvalidParameter

    eps = np.linspace(-3, 3, 601)
    with pytest.raises(InvalidParameter, match="grid edge"):
        thermal_broadening(eps, np.ones_like(eps), [3.5], 0.01)
