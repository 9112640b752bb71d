r"""Tunnel currents and local / nonlocal conductances (Ryan et al. 2026, Eqs. 12–15, 21).

Reduced units: biases v = eV/Δ₀, t = k_BT/Δ₀; a junction current is returned as ĩ = I/(G Δ₀/e) (G its normal-state
conductance), so a normal junction gives ĩ = v.

    ĩ = −½ ∫ N(ε) [f_T^(S)(ε) − f_T^(N)(ε; v)] dε                       (Eqs. 13, 14)
    G(v)/G_N = ∫ N(ε) K_v(ε) dε / 2,   K_v = ∂_v f_T^(N) = ½[n₀'(ε+v) + n₀'(ε−v)]   (thermal broadening; ∫K_v = 2)

Sign of the nonlocal conductance.  Eq. (14) read literally makes the charge-imbalance signal negative.  The paper
(and the experiments it follows) define the measured current so that it is positive; we follow that:
``convention="paper"`` (default) returns g_nl = −dĨ_det/dV_inj with Ĩ_det of Eq. (14), ``"eq14"`` the literal sign.
The same sign is applied to every part of g_nl (charge, energy and mixing parts), so the symmetry decomposition is
unaffected.

Normalisation of g_nl: we return g_nl/(G_inj G_det) in units of R_ξ (multiply by R_ξ in Ω to compare with the
paper's plots in Ω), i.e. (dĩ_det/dv_inj)/κ_I with κ_I = G_inj R_ξ.

Analytic charge-imbalance signal (Appendix B, Eq. 21; semi-infinite branch, no supercurrent, no collisions)::

    g_nl(ε) = κN/(κN + D_T/λ_T) · N · exp(−|x|/λ_T),   λ_T = √(D_T/R_T),   κ = G_inj R_ξ/2 for two branches
"""

from __future__ import annotations

import numpy as np

from neqsc import validation
from neqsc.quasiclassics.kinetics.equations import reservoir_modes
from neqsc.quasiclassics.usadel.uniform import Spectra, trapezoid_weights

__all__ = [
    "bias_kernel",
    "charge_imbalance_analytic",
    "charge_imbalance_conductance",
    "detector_current",
    "injector_current",
    "local_conductance",
    "local_current",
    "thermal_broadening",
]


def _dn0(x, t):
    """d tanh(x/2t)/dx = (1/2t) sech²(x/2t), overflow-safe."""
    a = np.exp(-np.abs(x) / t)
    return (2.0 / t) * a / (1.0 + a) ** 2


def bias_kernel(eps, v, t: float) -> np.ndarray:
    """K_v(ε) = ∂f_T^(N)/∂v = ½[n₀'(ε+v) + n₀'(ε−v)] on the grid (shape (..., n_eps) for array v); t > 0.

    ``eps`` (energy grid) and ``v`` (bias eV) are in Δ0, ``t`` = k_BT/Δ0 (> 0); the kernel is in 1/Δ0.
    """
    t = validation.positive("t", t, "Δ0/k_B (use t > 0 for conductances; t = 0 has delta-function kernels)")
    eps = np.asarray(eps, dtype=float)
    v = np.asarray(v, dtype=float)[..., None]
    return 0.5 * (_dn0(eps + v, t) + _dn0(eps - v, t))


def _logcosh(x):
    ax = np.abs(x)
    return ax + np.log1p(np.exp(-2.0 * ax)) - np.log(2.0)


def thermal_broadening(eps, g_eps, v, t: float) -> np.ndarray:
    """½∫ g(ε) K_v(ε) dε: the spectral conductance g(ε) seen by a junction at bias v and temperature t ≥ 0.

    Product integration, exact for g linear between grid points, so it holds for any ratio of k_BT to the grid
    spacing (t = 0 gives ½[g(v) + g(−v)]).  ``g_eps`` has shape (n_eps,) or (n_v, n_eps) (one spectrum per bias).

    Parameters
    ----------
    eps:
        Energy grid ε in Δ0 (increasing; must reach |v| + 10 t on both sides).
    g_eps:
        Spectral conductance g(ε) on the grid (any unit; the result has the same unit).
    v:
        Biases eV in Δ0.
    t:
        Junction temperature k_BT/Δ0 (>= 0).
    """
    t = validation.nonnegative("t", t)
    eps = np.asarray(eps, dtype=float)
    g = np.asarray(g_eps, dtype=float)
    v = np.atleast_1d(np.asarray(v, dtype=float))[:, None]
    reach = min(eps[-1], -eps[0]) - 10.0 * t
    if np.max(np.abs(v)) > reach:
        from neqsc.errors import InvalidParameter

        raise InvalidParameter("v", float(np.max(np.abs(v))), f"|v| <= {reach:.4g} (energy grid edge − 10 t)")
    m = np.diff(g, axis=-1) / np.diff(eps)
    total = 0.0
    for shift in (v, -v):
        x = eps + shift
        if t > 0:
            P = np.tanh(x / (2.0 * t))
            Q = 2.0 * t * _logcosh(x / (2.0 * t))  # ∫ tanh(x/2t) dx
        else:
            P, Q = np.sign(x), np.abs(x)
        # ∫ g n₀'(ε+s) dε = [g P] − Σ_j m_j (Q_{j+1} − Q_j)
        total = total + (g[..., -1] * P[:, -1] - g[..., 0] * P[:, 0]) - np.sum(m * np.diff(Q, axis=-1), axis=-1)
    return 0.25 * total


def local_current(eps, N, v, t: float, f_T_S=0.0) -> np.ndarray:
    """ĩ(v) = −½∫N (f_T^(S) − f_T^(N)(v)) dε (Eqs. 13/14) for biases ``v`` (array) and wire f_T^(S).

    Parameters
    ----------
    eps:
        Energy grid ε in Δ0.
    N:
        Wire density of states N(ε) at the junction (dimensionless, normal state 1).
    v:
        Biases eV in Δ0.
    t:
        Temperature k_BT/Δ0 of the normal electrode.
    f_T_S:
        The wire's transverse (charge) mode f_T(ε) at the junction (dimensionless; 0 = equilibrium wire).

    Returns
    -------
    ĩ = I/(G Δ0/e) for each bias (dimensionless, reduced units; G the junction's normal-state conductance).
    """
    eps = np.asarray(eps, dtype=float)
    w = trapezoid_weights(eps)
    v = np.atleast_1d(np.asarray(v, dtype=float))
    fTN = np.stack([reservoir_modes(eps, vi, t)[1] for vi in v])
    return -0.5 * np.sum(np.asarray(N) * (np.asarray(f_T_S) - fTN) * w, axis=-1)


def injector_current(eps, N, f_T_at_injector, v_inj: float, t_inj: float) -> float:
    """Injector current ĩ_inj (Eq. 13) from the wire's f_T at the injector node.

    ``eps`` in Δ0, ``N`` the DOS at the injector (dimensionless), ``f_T_at_injector`` the wire's f_T(ε) there,
    ``v_inj`` = eV_inj/Δ0, ``t_inj`` = k_BT_inj/Δ0; returns ĩ_inj = I_inj/(G_inj Δ0/e) (reduced units).
    """
    return float(local_current(eps, N, [v_inj], t_inj, f_T_at_injector)[0])


def detector_current(eps, N, f_T_at_detector, v_det, t_det: float) -> np.ndarray:
    """Detector current ĩ_det (Eq. 14) for detector biases ``v_det`` given the wire's f_T at the detector.

    ``eps`` in Δ0, ``N`` the DOS at the detector (dimensionless), ``f_T_at_detector`` the wire's f_T(ε) there,
    ``v_det`` = eV_det/Δ0 (array), ``t_det`` = k_BT_det/Δ0; returns ĩ_det = I_det/(G_det Δ0/e) (reduced units).
    """
    return local_current(eps, N, v_det, t_det, f_T_at_detector)


def local_conductance(v, spectra: Spectra, t: float) -> np.ndarray:
    """G(v)/G_N = ½∫N K_v dε of an NIS junction on the wire (equilibrium wire), thermally broadened.

    ``v`` = eV/Δ0 (scalar or array), ``spectra`` the wire's :class:`Spectra` (energies in Δ0), ``t`` = k_BT/Δ0 of
    the normal electrode; the result is dimensionless.
    """
    return thermal_broadening(spectra.eps, spectra.N, np.atleast_1d(v), t)


def charge_imbalance_analytic(spectra: Spectra, kappa: float, x: float) -> np.ndarray:
    """Spectral g_nl(ε) of Eq. (21) (units of κ·... as printed; divide by κ_I for g_nl/(G_inj G_det) in R_ξ).

    spectra: the wire's :class:`Spectra` (energies in Δ0; N, D_T, R_T dimensionless);
    kappa: κ of the branch (G_inj R_ξ/2 for an injector in the middle of a long wire); x: distance in ξ.
    Energies where R_T = 0 (λ_T infinite) give N·κN/(κN) → the Eq. 21 limit with λ_T → ∞: N·1.
    """
    N, DT, RT = spectra.N, spectra.D_T, spectra.R_T
    with np.errstate(divide="ignore"):
        lam = np.where(RT > 0, np.sqrt(DT / np.where(RT > 0, RT, 1.0)), np.inf)
    kn = kappa * N
    damp = np.where(np.isfinite(lam), np.exp(-abs(x) / np.where(np.isfinite(lam), lam, 1.0)), 1.0)
    ratio = np.where(np.isfinite(lam), kn / (kn + DT / np.where(np.isfinite(lam), lam, 1.0)), 1.0)
    return ratio * N * damp


def charge_imbalance_conductance(spectra: Spectra, kappa: float, x: float, v, t: float, kappa_inj=None):
    """Thermally broadened Eq. (21): g_ss(v)/(G_inj G_det) in units of R_ξ (paper sign, positive).

    ``kappa_inj`` (default 2κ) is κ_I = G_inj R_ξ used for the normalisation.

    Parameters
    ----------
    spectra:
        The wire's :class:`Spectra` (energies in Δ0).
    kappa:
        κ of the branch (dimensionless; G_inj R_ξ/2 for an injector in the middle of a long wire).
    x:
        Injector–detector distance in ξ.
    v:
        Detector biases eV/Δ0.
    t:
        Detector temperature k_BT/Δ0.
    kappa_inj:
        κ_I = G_inj R_ξ (dimensionless).
    """
    kappa_inj = 2.0 * kappa if kappa_inj is None else kappa_inj
    g = charge_imbalance_analytic(spectra, kappa, x)
    return thermal_broadening(spectra.eps, g, np.atleast_1d(v), t) / kappa_inj
