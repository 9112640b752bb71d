"""Physical and mathematical constants (SI), taken from :mod:`scipy.constants` (CODATA).

Also the zeta values used throughout the Gor'kov/TDGL literature and the TDGL relaxation constant
``u = π⁴ / (14 ζ(3)) ≈ 5.7882`` (Kramer & Watts-Tobin, PRL 40, 1041 (1978); the PSC paper prints "≈ 5.798",
a rounding slip — see ``docs/tdgl.md``, Units and parameters).
"""

from __future__ import annotations

import math

import scipy.constants as _sc
from scipy.special import zeta as _zeta

k_B: float = _sc.k  #: Boltzmann constant, J/K
hbar: float = _sc.hbar  #: reduced Planck constant, J s
h: float = _sc.h  #: Planck constant, J s
e: float = _sc.e  #: elementary charge, C
m_e: float = _sc.m_e  #: electron mass, kg
mu_0: float = _sc.mu_0  #: vacuum permeability, H/m
epsilon_0: float = _sc.epsilon_0  #: vacuum permittivity, F/m
N_A: float = _sc.N_A  #: Avogadro constant, 1/mol
eV: float = _sc.eV  #: electronvolt, J
R_Q: float = _sc.h / _sc.e**2  #: resistance quantum h/e², Ω
Phi_0: float = _sc.h / (2 * _sc.e)  #: superconducting flux quantum h/2e, Wb

zeta3: float = float(_zeta(3.0))  #: Riemann ζ(3) = 1.2020569...
zeta5: float = float(_zeta(5.0))  #: Riemann ζ(5) = 1.0369277...
euler_gamma: float = 0.57721566490153286  #: Euler–Mascheroni constant γ_E

#: TDGL constant u = π⁴/(14 ζ(3)) ≈ 5.7882 (ratio of order-parameter and phase relaxation times).
u_tdgl: float = math.pi**4 / (14.0 * zeta3)

#: Δ0/(k_BTc√η) = √(8π²/(7ζ(3))) ≈ 3.0633: the TDGL order-parameter unit Δ0 in units of k_BTc√η, η = 1 − T/Tc
#: (Kramer & Watts-Tobin 1978; Mowgood et al., Appendix A).
DELTA0_OVER_KTC_PER_SQRT_ETA: float = math.sqrt(8.0 * math.pi**2 / (7.0 * zeta3))

#: BCS weak-coupling ratio Δ(0)/(k_B Tc) = π e^{-γ_E} ≈ 1.76388.
bcs_ratio: float = math.pi * math.exp(-euler_gamma)

#: Quantum of thermal conductance per channel divided by temperature, π² k_B² / (3 h), W/K².
g_q_over_T: float = math.pi**2 * k_B**2 / (3.0 * h)
