r"""Zero-bias tunnel resistance R_T(T) of an NIS junction with a Dynes-broadened superconductor.

Pioldi et al. (arXiv 2503.16295), Eq. (1) as reconstructed by us (the available text lost the equation): the
linear conductance of the quasiparticle current I = (1/eR_N)∫N_S(E)[f_N(E − eV) − f_S(E)]dE at V → 0 is::

    R_N / R_T(T) = ∫ N_S(E) (−∂f/∂E) dE = ∫ N_S(E) [4 k_B T cosh²(E/2k_BT)]⁻¹ dE
    N_S(E) = |Re[(E + iγΔ)/√((E + iγΔ)² − Δ²)]|              (Dynes, γ = Γ/Δ dimensionless)

with the normal metal and the superconductor at the same temperature T (the junction's own reservoir) and
Δ = Δ(T) (BCS self-consistent by default, or the tanh interpolation).  Limits: R_T → R_N for T ≥ Tc;
R_T → R_N/γ for T → 0 (Dynes floor); for γ → 0 and k_BT ≪ Δ, R_N/R_T ≈ √(2πΔ/k_BT) e^{−Δ/k_BT}.

Numerics: energies in Δ units, ε − 1 = γ sinh v resolves both the Dynes peak of width γ at ε = 1 and the
smooth thermal tails (two Gauss–Legendre panels, v < 0 and v > 0); γ = 0 uses ε = cosh u (BCS edge).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.special import roots_legendre

from neqsc import bcs, validation
from neqsc.constants import k_B

__all__ = ["tunnel_conductance_ratio", "tunnel_resistance_ratio"]

_X, _W = roots_legendre(160)
_CUT = 44.0  # thermal factor cosh⁻²(x/2) < 4e-19 beyond |E| = 44 k_BT


def _dos(eps, gamma):
    z = eps + 1j * gamma
    s = np.sqrt((z - 1.0) * (z + 1.0))
    s = np.where(s.imag < 0, -s, s)
    return np.abs((z / s).real)


def _thermal_weight(eps, t):
    """(1/t)·(1/4)cosh⁻²(ε/2t) written with e^{−|ε|/t}: overflow-free."""
    ex = np.exp(-np.abs(eps) / t)
    return ex / (t * (1.0 + ex) ** 2)


def tunnel_conductance_ratio(
    T, Tc: float, dynes: float = 0.0, gap_model: Literal["bcs", "tanh"] = bcs.DEFAULT_GAP_MODEL
):
    """G_T(T)/G_N = R_N/R_T(T) (dimensionless, vectorised over ``T`` in K > 0); ``Tc`` in K; ``dynes`` = Γ/Δ >= 0."""
    T = validation.positive("T", T, "K")
    Tc = validation.positive("Tc", Tc, "K")
    dynes = validation.nonnegative("dynes", dynes)
    validation.one_of("gap_model", gap_model, ("bcs", "tanh"))
    Tarr = np.atleast_1d(np.asarray(T, dtype=float))
    out = np.ones_like(Tarr)
    sc = Tarr < Tc
    if np.any(sc):
        delta = np.atleast_1d(bcs.gap(Tarr[sc], Tc, model=gap_model))
        t = k_B * Tarr[sc] / delta  # k_BT/Δ
        out[sc] = _ratio_reduced(t, dynes)
    return float(out[0]) if np.ndim(T) == 0 else out.reshape(np.shape(T))


def tunnel_resistance_ratio(
    T, Tc: float, dynes: float = 0.0, gap_model: Literal["bcs", "tanh"] = bcs.DEFAULT_GAP_MODEL
):
    """R_T(T)/R_N (dimensionless) — the inverse of :func:`tunnel_conductance_ratio` (inf if that underflows to 0)."""
    g = np.asarray(tunnel_conductance_ratio(T, Tc, dynes, gap_model))
    with np.errstate(divide="ignore"):
        r = 1.0 / g
    return float(r) if r.ndim == 0 else r


def _ratio_reduced(t: np.ndarray, gamma: float) -> np.ndarray:
    """2∫_0^∞ N(ε)(1/4t)cosh⁻²(ε/2t) dε for each t = k_BT/Δ (N even in ε)."""
    t = t[:, None]
    eps_max = 1.0 + _CUT * t
    if gamma == 0.0:
        # BCS: only ε > 1 contributes; ε = cosh u removes the edge singularity (N dε = cosh u du ... ε = cosh u)
        u_max = np.arccosh(eps_max)
        u = 0.5 * u_max * (_X + 1.0)
        eps = np.cosh(u)
        integrand = eps * _thermal_weight(eps, t)  # N(ε) dε = ε/sinh u · sinh u du
        return 2.0 * np.sum(0.5 * u_max * _W * integrand, axis=1)
    v_lo = np.arcsinh(-1.0 / gamma)  # ε = 0
    v_hi = np.arcsinh((eps_max - 1.0) / gamma)
    total = np.zeros(t.shape[0])
    for a, b in ((np.full_like(v_hi, v_lo), np.zeros_like(v_hi)), (np.zeros_like(v_hi), v_hi)):
        half = 0.5 * (b - a)
        v = a + half * (_X + 1.0)
        eps = 1.0 + gamma * np.sinh(v)
        deps = gamma * np.cosh(v)
        total += np.sum(half * _W * deps * _dos(eps, gamma) * _thermal_weight(eps, t), axis=1)
    # the inner-gap region [0, 1) is included by the v < 0 panel; |ε| > ε_max is negligible (e^{-44})
    return 2.0 * total
