r"""Dynes-broadened spectral functions N₁, R₂ and the adiabatic quasiparticle response δn (paper Eq. 11).

Source: Mowgood, Teknowijoyo, Chahid, Gulian, *phase-slip centers as cooling engines*,
Sec. 2, Eq. 11.

Equations (energies in units of k_BT throughout this module — dimensionless internals)::

    s(ε)  = √((ε + iγ)² − Δ²)        retarded branch, Im s > 0
    N₁(ε) = Re[(ε + iγ)/s]            (even in ε, >= 0)
    R₂(ε) = Re[Δ/s]                   (odd in ε, >= 0 for ε > 0)
    h(ε)  = R₂(ε)/(N₁(ε) cosh²(ε/2))  (the kernel of η₁, Eq. 13)
    δn_ε  = α ∂t|Δ|,  α = c_α · τ_ε · cosh⁻²(ε/2T) R₂/N₁ / T                               (Eq. 11)

γ = ħ/(2τ_ε) is the Dynes broadening; with δ = 2τ_εΔ0/ħ (TDGL) one has γ/Δ0 = 1/δ exactly (:func:`gamma_from_delta`).

**Branch.** numpy's principal square root gives Im s < 0 for ε < 0 (then N₁ < 0); we flip the sign there so that
Im s > 0 everywhere (retarded), which makes N₁ even and R₂ odd.

**Factor in α.** The paper prints α = (1/2T)cosh⁻²(ε/2T)R₂/N₁ (no τ_ε). A relaxation-time kinetic equation
∂t f = −(f − f₀(E(t)))/τ_ε with E = √(ε²+Δ²) gives δf = τ_ε(−∂f₀/∂E)(Δ/E)∂tΔ with −∂f₀/∂E = (1/4T)cosh⁻²(E/2T),
i.e. c_α = 1/4 and an explicit τ_ε that makes δn dimensionless (R₂/N₁ plays the rôle of Δ/E with broadening).
We use **c_α = 1/4** (``ALPHA_FACTOR``): with it the prefactor of Eq. 12, λτ_ε𝔙/(2πu³T)·(ω_D/ε_F), follows
exactly from Eqs. 7–8 (mode density 𝔙ω²/(2π²u³), collision prefactor πλω_D/2ε_F); with the printed 1/2T it would
be 1/π instead of 1/(2π). The printed 1/2T is the n ↔ f_L = 1 − 2n convention.

**Sign.** δn > 0 when |Δ| grows (relative to the instantaneous equilibrium), as Eq. 11 states; the conference
abstract's −∂|Ψ|/∂τ is not used.

**Validity.** Eq. 11 is local and adiabatic: PSC period ≫ τ_ε and |∂tΔ|τ_ε ≪ Δ. For Al (τ_ε ~ 10 ns) at GHz PSC
rates it fails; this is a model assumption of the whole engine.
"""

from __future__ import annotations

import math

import numpy as np

from neqsc import validation
from neqsc.constants import DELTA0_OVER_KTC_PER_SQRT_ETA  # re-exported: Δ0/(k_BTc√η)

__all__ = [
    "ALPHA_FACTOR",
    "DELTA0_OVER_KTC_PER_SQRT_ETA",
    "alpha",
    "delta_n",
    "gamma_from_delta",
    "gap_over_T",
    "h_kernel",
    "n1",
    "r2",
    "spectral_functions",
    "validate_T_over_Tc",
    "validate_gamma",
]

#: c_α in α = c_α τ_ε cosh⁻²(ε/2T) R₂/(N₁ T): 1/4 from −∂f₀/∂E (see module docstring; the paper prints 1/2).
ALPHA_FACTOR = 0.25


def validate_T_over_Tc(T_over_Tc) -> float:
    """T/Tc must lie in (0, 1): the TDGL unit Δ0 ∝ √(1 − T/Tc) vanishes at Tc."""
    return validation.in_range("T_over_Tc", T_over_Tc, 0.0, 1.0, closed="neither", unit="(T/Tc)")


def validate_gamma(gamma) -> float:
    """Dynes broadening γ = ħ/(2τ_ε) must be > 0 (retarded functions need Im(ε + iγ) > 0)."""
    return validation.positive("gamma", gamma, "k_BT")


def gap_over_T(psi_abs, T_over_Tc: float):
    """|Δ|/(k_BT) = |Ψ|·Δ0/(k_BT) with Δ0 = 3.0633 k_BTc√η, η = 1 − T/Tc (TDGL unit, see ``docs/tdgl.md``)."""
    t = validate_T_over_Tc(T_over_Tc)
    d0 = DELTA0_OVER_KTC_PER_SQRT_ETA * math.sqrt(1.0 - t) / t
    return np.asarray(psi_abs, dtype=float) * d0


def gamma_from_delta(delta: float, T_over_Tc: float) -> float:
    """Dynes γ in k_BT units tied to the TDGL parameter δ = 2τ_εΔ0/ħ: γ = Δ0/δ (see ``docs/tdgl.md``)."""
    delta = validation.positive("delta", delta)
    return float(gap_over_T(1.0, T_over_Tc)) / delta


def _retarded_s(eps, gap, gamma):
    z = np.asarray(eps, dtype=float) + 1j * gamma
    s = np.sqrt((z - gap) * (z + gap))
    return z, np.where(s.imag < 0, -s, s)


def spectral_functions(eps, gap, gamma):
    """(N₁, R₂) at energies ``eps`` for gap ``gap`` and broadening ``gamma`` (all in k_BT units; broadcast).

    ``gamma`` must be > 0. Returns two float arrays: N₁ even, R₂ odd in ε.
    """
    gamma = validate_gamma(gamma)
    z, s = _retarded_s(eps, np.asarray(gap, dtype=float), gamma)
    return (z / s).real, (np.asarray(gap, dtype=float) / s).real


def n1(eps, gap, gamma):
    """Dynes density of states N₁(ε) = Re[(ε + iγ)/s] (k_BT units)."""
    return spectral_functions(eps, gap, gamma)[0]


def r2(eps, gap, gamma):
    """Anomalous spectral function R₂(ε) = Re[Δ/s] (k_BT units)."""
    return spectral_functions(eps, gap, gamma)[1]


def h_kernel(eps, gap, gamma):
    """h(ε) = R₂/(N₁ cosh²(ε/2)) (ε in k_BT); bounded: R₂/N₁ ≤ 1 and N₁ > 0 for γ > 0."""
    nn, rr = spectral_functions(eps, gap, gamma)
    x = np.abs(np.asarray(eps, dtype=float))
    # cosh⁻²(x/2) = 4e^{−x}/(1 + e^{−x})², overflow-free
    ex = np.exp(-x)
    sech2 = 4.0 * ex / (1.0 + ex) ** 2
    return rr / nn * sech2


def alpha(eps, gap, gamma):
    """α/τ_ε in units of 1/(k_BT): c_α cosh⁻²(ε/2T) R₂/N₁ (Eq. 11 with c_α = 1/4, see module docstring)."""
    return ALPHA_FACTOR * h_kernel(eps, gap, gamma)


def delta_n(eps, gap, gamma, tau_dgap_dt):
    """δn_ε = α ∂t|Δ| (Eq. 11), dimensionless.

    ``tau_dgap_dt`` is τ_ε·∂t|Δ| in k_BT units (τ_ε ∂t|Δ|/k_BT); all energies in k_BT. Positive when |Δ| grows.
    """
    return alpha(eps, gap, gamma) * np.asarray(tau_dgap_dt, dtype=float)
