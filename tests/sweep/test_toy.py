"""The Brownian test model obeys its exact solution: equipartition and ⟨v²⟩(t) = (k_BT/m)(1 − e^{−2γt})."""

import numpy as np
import pytest

from neqsc.constants import k_B
from neqsc.errors import InvalidParameter
from neqsc.sweep.toy import brownian_relaxation


def test_ensemble_reaches_equipartition_within_statistical_error():
    ds = brownian_relaxation(gamma=2e3, temperature=0.05, n_walkers=20000, n_steps=200, seed=1)
    t_kin, err = float(ds["kinetic_temperature"]), float(ds["kinetic_temperature_error"])
    assert abs(t_kin - 0.05) < 4 * err  # 4σ of the (conservative) snapshot standard error √(2/N) T


def test_mean_square_velocity_follows_the_exact_relaxation_curve():
    n = 20000
    ds = brownian_relaxation(gamma=1e3, temperature=0.1, mass=2e-18, n_walkers=n, n_steps=100, seed=2)
    exact = ds["v2_exact"].values[1:]
    # each snapshot of ⟨v²⟩ over N Gaussian walkers has relative standard error √(2/N); allow 5σ at every time
    np.testing.assert_array_less(np.abs(ds["v2"].values[1:] / exact - 1), 5 * np.sqrt(2 / n))
    assert ds["v2_exact"].values[-1] == pytest.approx(k_B * 0.1 / 2e-18 * (1 - np.exp(-10)), rel=1e-12)


def test_velocity_distribution_is_maxwellian():
    ds = brownian_relaxation(gamma=1e3, temperature=0.1, n_walkers=50000, n_steps=100, n_bins=21, seed=3)
    u = ds["u"].values
    gauss = np.exp(-(u**2) / 2) / np.sqrt(2 * np.pi)
    width = u[1] - u[0]
    sigma = np.sqrt(gauss / (50000 * width))  # Poisson error of a histogram density
    assert np.all(np.abs(ds["velocity_pdf"].values - gauss) < 5 * sigma + 1e-12)


def test_same_seed_same_numbers():
    a = brownian_relaxation(1e3, 0.1, seed=9)
    b = brownian_relaxation(1e3, 0.1, seed=9)
    np.testing.assert_array_equal(a["v2"].values, b["v2"].values)


@pytest.mark.parametrize(("name", "value"), [("gamma", 0.0), ("temperature", -1.0), ("n_steps", 0), ("n_walkers", 2.5)])
def test_unphysical_inputs_are_refused(name, value):
    kwargs = {"gamma": 1e3, "temperature": 0.1, name: value}
    with pytest.raises(InvalidParameter, match=name):
        brownian_relaxation(**kwargs)
