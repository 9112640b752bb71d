"""Sub-grid link integral of the c₁ term, ∫θ'∂τ|Ψ|²dx over one link (neqsc.tdgl.kernel.c1_link_integral).

The model (docs/tdgl.md): Ψ linear along the link, ∂τ|Ψ|² = s/√(1+δ²|Ψ|²) with s linear. The closed form is checked
against adaptive quadrature of the model integrand, and its limits against the link forms they must reduce to.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

from neqsc.tdgl.kernel import c1_link_integral


def _closed_form(pl, pr, s_l, s_r, d2):
    w_l = math.sqrt(1.0 + d2 * abs(pl) ** 2)
    w_r = math.sqrt(1.0 + d2 * abs(pr) ** 2)
    return c1_link_integral(pl.real, pl.imag, pr.real, pr.imag, abs(pl) ** 2, abs(pr) ** 2, s_l, s_r, w_l, w_r, d2)


def _quadrature(pl, pr, s_l, s_r, d2):
    y = (np.conj(pl) * pr).imag
    d = pr - pl

    def f(t):
        q = abs(pl + t * d) ** 2
        return y * (s_l + (s_r - s_l) * t) / (q * math.sqrt(1.0 + d2 * q))

    t_min = min(max(-(np.conj(pl) * d).real / abs(d) ** 2, 0.0), 1.0)  # closest approach to Ψ = 0
    return quad(f, 0.0, 1.0, points=[t_min], limit=400, epsabs=0.0, epsrel=1e-12)[0]


@pytest.mark.parametrize("seed", range(4))
def test_closed_form_equals_quadrature_of_the_link_model(seed):
    rng = np.random.default_rng(seed)
    worst = 0.0
    for _ in range(50):
        pl = complex(*rng.normal(size=2)) * 10 ** rng.uniform(-2, 0)
        # links from nearly uniform (|ΔΨ| = 1e-3|Ψ|, the Gauss–Legendre branch) to ones that pass near Ψ = 0
        pr = pl * (1.0 + complex(*rng.normal(size=2)) * 10 ** rng.uniform(-3, 0.3))
        s_l, s_r = rng.normal(size=2)
        d2 = float(rng.choice([0.0, 1.0, 100.0, 900.0]))  # δ = 0, 1, 10, 30
        scale = (abs(s_l) + abs(s_r)) * abs(np.angle(np.conj(pl) * pr))
        err = abs(_closed_form(pl, pr, s_l, s_r, d2) - _quadrature(pl, pr, s_l, s_r, d2)) / scale
        worst = max(worst, err)
    # MEASURED ≤ 2e-9 of the natural scale (|s_l| + |s_r|)·|Δθ| with random, non-smooth s (on real grids Δs ∝ h and
    # the error is smaller); the bound 1e-7 is far below the 1e-3 … 1e-1 by which the model differs from the link mean
    assert worst < 1e-7


def test_uniform_rate_gives_the_link_angle_times_the_rate_without_depairing():
    # δ = 0 and s constant: ∫θ'dx = arg(Ψ_l*Ψ_r) exactly, whatever the amplitudes
    pl, pr = 0.3 * np.exp(0.2j), 0.9 * np.exp(1.4j)
    assert _closed_form(pl, pr, 0.7, 0.7, 0.0) == pytest.approx(0.7 * 1.2, rel=1e-12)


def test_link_through_the_core_carries_pi_times_the_rate_at_the_zero():
    # Ψ_l = a, Ψ_r = −b (real, a, b > 0) plus a tiny imaginary offset: the phase turns by ≈ π at the zero t0 = a/(a+b),
    # where |Ψ| → 0 and the depairing factor is 1, so the integral → π·s(t0) for every δ
    a, b, eps = 0.2, 0.6, 1e-9
    t0 = a / (a + b)
    for d2 in (0.0, 100.0, 900.0):
        got = _closed_form(complex(a, eps), complex(-b, eps), 1.0, 3.0, d2)
        assert abs(got) == pytest.approx(math.pi * (1.0 + 2.0 * t0), rel=1e-6)
