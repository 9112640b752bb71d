"""e–e collision integral: detailed balance, conservation laws, FFT = direct sum, relaxation sign."""

import numpy as np
import pytest

from neqsc.quasiclassics import ee_collision_integral, uniform_energy_grid, uniform_spectra
from neqsc.quasiclassics.kinetics.collisions import ee_collision_integral_direct


@pytest.fixture(scope="module")
def grid():
    eps = uniform_energy_grid(0.05, 4.0)
    return eps, uniform_spectra(eps, 1.0, 0.02)


@pytest.mark.parametrize("t", [0.05, 0.3, 1.0])
@pytest.mark.parametrize("p", [0.0, 1.0, 1.5])
def test_collision_integral_vanishes_in_equilibrium(grid, t, p):
    eps, s = grid
    I_L = ee_collision_integral(eps, s.N, s.R, np.tanh(eps / (2 * t)), 2e-4, p)
    scale = ee_collision_integral(eps, s.N, s.R, np.tanh(eps / (2 * t)) * 0.9, 2e-4, p)
    # pointwise cancellation of in and out; FFT rounding ~1e-16 of the terms
    assert np.max(np.abs(I_L)) < 1e-11 * np.max(np.abs(scale))


@pytest.mark.parametrize("normal", [False, True])
def test_collision_integral_conserves_particles_and_energy(grid, normal):
    eps, s = grid
    N, R = (np.ones_like(eps), np.zeros_like(eps)) if normal else (s.N, s.R)
    rng = np.random.default_rng(1)
    f = np.clip(np.tanh(eps / 0.3) + 0.3 * rng.standard_normal(eps.size), -1, 1)  # no particle-hole symmetry
    I_L = ee_collision_integral(eps, N, R, f, 2e-4)
    scale = np.sum(np.abs(I_L)) * np.max(np.abs(eps))
    assert abs(np.sum(I_L)) < 1e-12 * scale
    assert abs(np.sum(eps * I_L)) < 1e-12 * scale


def test_fft_evaluation_equals_the_direct_triple_sum():
    eps = uniform_energy_grid(0.1, 3.0)
    s = uniform_spectra(eps, 1.0, 0.05)
    f = np.tanh(eps / 0.2) * (1 - 0.3 * np.exp(-((eps - 2) ** 2)))
    a = ee_collision_integral(eps, s.N, s.R, f, 1e-3)
    b = ee_collision_integral_direct(eps, s.N, s.R, f, 1e-3)
    assert np.max(np.abs(a - b)) < 1e-12 * np.max(np.abs(b))


def test_collisions_relax_towards_equilibrium(grid):
    eps, s = grid
    f0 = np.tanh(eps / 0.2)
    _, nu = ee_collision_integral(eps, s.N, s.R, f0, 2e-4, return_rate=True)
    k = np.searchsorted(eps, 1.5)
    f = f0.copy()
    f[k] -= 0.1  # fewer empty states at ε: I_L < 0 so that D_L ∂²f_L = I_L pushes f_L back up
    I_L = ee_collision_integral(eps, s.N, s.R, f, 2e-4)
    assert I_L[k] < 0
    assert np.all(nu >= -1e-18)
