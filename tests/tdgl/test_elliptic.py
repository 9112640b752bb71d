"""The interference factor [K(k) − E(k)]/k: exact form vs scipy, and the paper's approximation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import ellipe, ellipk

from neqsc.tdgl.elliptic import interference_factor
from neqsc.tdgl.kernel import Z_TABLE_MAX, Z_TABLE_SIZE, z_table


def test_exact_interference_factor_matches_scipy_elliptic_integrals():
    s = np.geomspace(1e-6, 1e3, 400)
    k = s / np.sqrt(1 + s**2)
    m = k**2
    ref = (ellipk(m) - ellipe(m)) / k
    # scipy's K − E cancels for small k (relative error ~1e-16/k²) and loses digits of K for m → 1; compare where
    # it is good to ~1e-12, the small-k branch is checked against the series below
    ok = (k > 1e-2) & (k < 0.999)
    np.testing.assert_allclose(interference_factor(s[ok], "exact"), ref[ok], rtol=1e-11)


def test_exact_factor_has_the_small_k_limit_pi_k_over_4():
    s = np.array([1e-8, 1e-6, 1e-4])
    np.testing.assert_allclose(interference_factor(s, "exact"), np.pi * s / 4, rtol=1e-7)


@pytest.mark.parametrize(
    ("k", "ratio"),
    [(0.05, 0.668), (0.2, 0.759), (0.5, 0.929), (0.8, 1.080), (0.95, 1.131), (0.99, 1.117), (0.999, 1.086)],
)
def test_paper_approximation_deviates_from_exact_as_tabulated(k, ratio):
    s = k / np.sqrt(1 - k**2)
    got = interference_factor(s, "paper_approx") / interference_factor(s, "exact")
    assert abs(got - ratio) < 1.5e-3  # the table quotes three decimals


def test_paper_approximation_equals_printed_formula():
    k = np.linspace(0.01, 0.99, 50)
    s = k / np.sqrt(1 - k**2)
    printed = np.log(1 - k**2) / (2 * k) - np.log(1 - k)  # (B.11)
    np.testing.assert_allclose(interference_factor(s, "paper_approx"), printed, rtol=1e-12)


@pytest.mark.parametrize("mode", [1, 2])
def test_tabulated_factor_interpolates_to_1e7(mode):
    delta = 10.0
    table = z_table(delta, mode)
    a = np.linspace(0, Z_TABLE_MAX, 3 * Z_TABLE_SIZE)[1:-1] + 1e-7
    direct = interference_factor(delta * a, "exact" if mode == 1 else "paper_approx")
    interp = np.interp(a, np.linspace(0, Z_TABLE_MAX, Z_TABLE_SIZE), table)
    # linear interpolation on 32768 intervals: error h²/8·max|d²Z/da²| ≈ (6.1e-5)²/8·δ² = 4.7e-8 at δ = 10,
    # a relative change < 1e-8 of the current-law denominator — far below the time-step error
    assert np.max(np.abs(interp - direct)) < 1e-7
