r"""Fits to measured NIS conductance (Ryan, Beckmann & Chandrasekhar 2026, Sec. IV–V, Table 1, Fig. 10).

(a) Local conductance with a Dynes DOS (paper Sec. IV, Table 1; Dynes et al. PRL 41, 1509 (1978))::

        G(V) = G_N ∫ N(E) [−∂f/∂E](E − eV) dE,   N(E) = |Re[(E + iΓ)/√((E + iΓ)² − Δ²)]|

    fitted for (Δ, Γ, T_e, G_N). Implementation: the convolution is done on a grid *relative to each bias*,
    E = eV + u, cells of width h = k_BT/16 over |u| ≤ 32 k_BT (one matrix product for all biases). The DOS enters
    only through its exact antiderivatives M(E) = sgn(E)·Re√((|E| + iΓ)² − Δ²) (d/dE √(z² − Δ²) = z/√(z² − Δ²)) and
    P = ∫M dE, and −∂f/∂E (as in :func:`neqsc.bcs.minus_dfermi_dE`) is expanded to second order in each cell. This
    stays accurate for Γ → 0, where sampling :func:`neqsc.bcs.dynes_dos` on a grid would need spacing ≪ Γ (the
    paper's Table 1 reports Γ ≤ 10⁻⁵ µeV). Accuracy (measured, 601 biases, T = 37–300 mK): 2·10⁻⁹ G_N for
    Γ = 2 µeV, 1.7·10⁻⁵ G_N at Γ = 0; tests compare with a direct quadrature of ``dynes_dos``.

(b) Charge-imbalance part g_ss(V_inj) (paper Fig. 10a, Appendix B Eq. 21) — collision-free, long-wire solution::

        g_nl(ε) = κ_I N / (κ_I N + D_T/λ_T) · N · exp(−|x|/λ_T),   λ_T = √(D_T/R_T),
        D_T = (Re G)² + (Re F)²,  R_T = 2Δ Re F,  κ_I = G_inj R_ξ / 2 (two wire branches)
        g_ss(V) = G_det ∫ g_nl(ε) [−∂f/∂ε](ε − eV) dε        (sign: positive by the paper's convention, Sec. III)

    fitted for Γ at I_s = 0 and then, with Γ fixed, for the phase gradient ∂xφ (ζ = (∂xφ)²/2, Eq. 7) per
    supercurrent. The forward model supplies the physics: spectra from the uniform Usadel solver
    ``neqsc.quasiclassics.usadel.uniform.uniform_spectra`` (Eq. 1; replaceable through ``spectra=``), Eq. 21 from
    ``conductance.charge_imbalance_analytic``; this module adds the energy grid (uniform, spacing ≤ Γ/3, with a
    trapezoid thermal convolution that converges exponentially on it), the G_det normalisation and the fit. The
    pair potential Δ is held fixed while ∂xφ varies (the paper does not state otherwise).

(c) Supercurrent vs phase gradient (paper Eq. 6, Fig. 10b)::

        I_s = I₀ (∂xφ/2) ∫ j_ε f_L dε,   j_ε = Im(F²),  f_L = tanh(ε/2k_BT)

    linear in I₀; fitted by weighted least squares with effective variances σ_i² = σ_I,i² + (dI_s/d∂xφ)² σ_φ,i²
    (errors of ∂xφ from fit (b) propagated; iterated to self-consistency). At ζ = 0 and Γ → 0,
    ∫ j_ε f_L dε = πΔ tanh(Δ/2k_BT) (the dirty-limit I_s = (π/2)(Δ/eR_ξ)∂xφ), which the tests check. The
    integral itself is ``nonlocal_.supercurrent`` of the forward model.

Energies inside (b), (c) are in units of Δ₀ (paper Sec. II); public arguments state their units.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from neqsc import bcs, validation
from neqsc.constants import e, k_B
from neqsc.errors import InvalidParameter
from neqsc.quasiclassics.conductance import charge_imbalance_analytic
from neqsc.quasiclassics.maps import supercurrent
from neqsc.quasiclassics.measured.fitresult import FitResult, least_squares_fit
from neqsc.quasiclassics.usadel.uniform import Spectra, uniform_spectra

__all__ = [
    "charge_imbalance_conductance",
    "dynes_conductance",
    "fit_charge_imbalance",
    "fit_dynes",
    "fit_supercurrent_scale",
    "spectral_supercurrent_integral",
]

#: ``spectra(eps, gap, gamma, zeta) -> Spectra`` (energies in Δ₀), e.g. ``neqsc.quasiclassics.uniform_spectra``
SpectraProvider = Callable[[np.ndarray, float, float, float], Spectra]

_UEV = 1e-6 * e  # J per µeV
_KB_UEV_PER_MK = k_B * 1e-3 / _UEV  # k_B in µeV/mK
_CELLS_PER_KT = 16
_KT_WINDOW = 32.0  # −∂f/∂E < 1.3e-14 of its peak beyond 32 k_BT


# ----------------------------------------------------------------------------------------- (a) Dynes local fit
def _dos_antiderivatives(E, gap, gamma):
    """M = ∫N dE = sgn(E) Re s and P = ∫M dE = Re[z s − Δ² ln(z + s)]/2 (even), z = |E| + iΓ, s = √(z² − Δ²).

    The principal square root is the retarded branch for Re z ≥ 0, Γ ≥ 0 and z + s stays in the closed first
    quadrant, so both are continuous through the gap edge (also at Γ = 0).
    """
    z = np.abs(E) + 1j * gamma
    s = np.sqrt((z - gap) * (z + gap))
    return np.sign(E) * s.real, 0.5 * (z * s - gap**2 * np.log(z + s)).real


def _dynes_conductance_ueV(V_uV, gap, gamma, T_mK, G_N):
    """G(V) with V in µV, Δ, Γ in µeV, T in mK (result in the unit of G_N).

    Per cell c of width h around u_m (relative to eV), K(u) = −∂f/∂E is expanded to second order about u_m and
    integrated exactly against N: ∫_c N K = K_m ΔM + K'_m [h(M₊ + M₋)/2 − ΔP] + K''_m h²ΔM/24 (the last term
    approximates the second moment). Error: O(h⁴) for Γ > 0; O(h^2.5) from the one cell holding the Γ = 0
    singularity (1.6e-5 of G_N at h = k_BT/16, measured).
    """
    kT = _KB_UEV_PER_MK * T_mK
    h = kT / _CELLS_PER_KT
    n = int(np.ceil(_KT_WINDOW * _CELLS_PER_KT))
    x = np.arange(-n, n + 1) / _CELLS_PER_KT  # cell midpoints (u/k_BT) relative to eV
    f = bcs.fermi_x(x)
    g = f * (1.0 - f)  # = −∂f/∂x
    kernel = g / kT + h * h / 24.0 * g * (1.0 - 6.0 * g) / kT**3
    dkernel = -g * (1.0 - 2.0 * f) / kT**2
    edges = np.asarray(V_uV, dtype=float)[..., None] + h * (np.arange(-n, n + 2) - 0.5)
    M, P = _dos_antiderivatives(edges, gap, gamma)
    first_moment = 0.5 * h * (M[..., 1:] + M[..., :-1]) - np.diff(P, axis=-1)
    return G_N * (np.diff(M, axis=-1) @ kernel + first_moment @ dkernel)


def dynes_conductance(V, gap, gamma, T_e, G_N):
    """Local NIS conductance G(V) = G_N ∫ N_Dynes(E) [−∂f/∂E](E − eV) dE.

    Parameters
    ----------
    V: bias in volts (array). gap: Δ in joules (≥ 0). gamma: Dynes Γ in joules (≥ 0). T_e: electron temperature
    of the normal electrode in kelvin (> 0). G_N: normal-state conductance in siemens.

    Returns
    -------
    ndarray
        dI/dV in siemens, same shape as ``V``; even in V.
    """
    gap = validation.nonnegative("gap", gap, "J")
    gamma = validation.nonnegative("gamma", gamma, "J")
    T_e = validation.positive("T_e", T_e, "K")
    V = validation.finite("V", V, "V")
    return _dynes_conductance_ueV(np.asarray(V) * 1e6, gap / _UEV, gamma / _UEV, T_e * 1e3, G_N)


def _dynes_start(V_uV, G, fixed):
    """Starting values (Δ µeV, Γ µeV, T mK, G_N) from the peak position, the high-bias level and a T scan."""
    aV = np.abs(V_uV)
    gap0 = fixed.get("gap", float(aV[np.argmax(G)]))
    high = aV > 2.0 * gap0
    G_N0 = fixed.get("G_N", float(np.median(G[high])) if np.count_nonzero(high) >= 3 else float(np.max(G)) / 3)
    gamma0 = fixed.get("gamma", 1e-3 * gap0)
    if "T_e" in fixed:
        return gap0, gamma0, fixed["T_e"], G_N0
    candidates = np.geomspace(10.0, 1000.0, 13)  # mK
    costs = [np.sum((_dynes_conductance_ueV(V_uV, gap0, gamma0, T, G_N0) - G) ** 2) for T in candidates]
    return gap0, gamma0, float(candidates[int(np.argmin(costs))]), G_N0


def fit_dynes(V, G, sigma=None, *, fixed: dict | None = None) -> FitResult:
    """Fit the Dynes-DOS local conductance to measured G(V) for Δ, Γ, T_e and G_N (paper Sec. IV, Table 1).

    Parameters
    ----------
    V : array_like
        Bias [V].
    G : array_like
        Measured dI/dV [S] (or normalised, then G_N ≈ 1).
    sigma : array_like or float, optional
        1σ errors of G [same unit as G], or None to estimate them from the residual scatter.
    fixed : dict, optional
        Parameters to hold fixed, any of ``gap`` [J], ``gamma`` [J], ``T_e`` [K], ``G_N`` [S].

    Returns
    -------
    FitResult
        Free parameters among ``gap`` [J], ``gamma`` [J], ``T_e`` [K], ``G_N`` [S] with 1σ errors and χ²_red.
        Γ is bounded to ≥ 0; a best fit at Γ = 0 means "Γ below resolution" (quote Γ ≤ 2σ_Γ).
    """
    V = np.asarray(validation.finite("V", V, "V"), dtype=float).ravel()
    G = np.asarray(validation.finite("G", G, "S"), dtype=float).ravel()
    if V.shape != G.shape:
        raise InvalidParameter("G", f"{G.size} values", f"one per bias value ({V.size})")
    fixed = dict(fixed or {})
    allowed = ("gap", "gamma", "T_e", "G_N")
    for key in fixed:
        validation.one_of("fixed", key, allowed)
    to_internal = {"gap": 1 / _UEV, "gamma": 1 / _UEV, "T_e": 1e3, "G_N": 1.0}
    fixed_int = {k: float(v) * to_internal[k] for k, v in fixed.items()}
    V_uV = V * 1e6
    start = dict(zip(allowed, _dynes_start(V_uV, G, fixed_int), strict=True))
    free = [k for k in allowed if k not in fixed]
    scale = {
        "gap": start["gap"],
        "gamma": max(start["gap"] * 1e-3, 1e-6),
        "T_e": start["T_e"],
        "G_N": abs(start["G_N"]),
    }
    lower = {"gap": 1e-2, "gamma": 0.0, "T_e": 1e-3, "G_N": -np.inf}  # Δ > 0 keeps ln(z + s) finite

    def model(p):
        q = {**fixed_int, **dict(zip(free, p, strict=True))}
        return _dynes_conductance_ueV(V_uV, q["gap"], q["gamma"], q["T_e"], q["G_N"])

    res = least_squares_fit(
        model,
        G,
        sigma,
        [start[k] for k in free],
        names=free,
        units=[{"gap": "J", "gamma": "J", "T_e": "K", "G_N": "S"}[k] for k in free],
        scale=[scale[k] for k in free],
        lower=[lower[k] for k in free],
        fixed=fixed,
        model_name="dynes_local",
    )
    factors = np.array([1.0 / to_internal[k] for k in free])
    return FitResult(
        names=res.names,
        values=res.values * factors,
        errors=res.errors * factors,
        units=res.units,
        covariance=res.covariance * np.outer(factors, factors),
        chi2_red=res.chi2_red,
        dof=res.dof,
        fixed=fixed,
        sigma_known=res.sigma_known,
        model=res.model,
        rms_residual=res.rms_residual,
    )


# ------------------------------------------------------------------------ (b) charge imbalance, Eq. (21)
def _spectral_grid(emax, Gamma, t):
    """Uniform grid on [−emax, emax] (contains 0) with spacing h = min(Γ/3, t/8).

    The retarded spectra are analytic in the strip |Im ε| < Γ and −∂f/∂ε in |Im ε| < πt, so the trapezoid rule
    converges like exp(−2πΓ/h) ≈ 7e-9 (Trefethen & Weideman, SIAM Rev. 56, 385 (2014)); tests find 2e-5 agreement
    with the independent cell-integral evaluation of the local conductance (the κ_I → ∞, x = 0 limit of Eq. 21).
    """
    h = min(Gamma / 3.0, t / 8.0)
    n = int(np.ceil(emax / h))
    return h * np.arange(-n, n + 1)


def charge_imbalance_conductance(
    eV, *, Delta=1.0, Gamma, t, kappa, x, zeta=0.0, G_det=1.0, spectra: SpectraProvider | None = None
):
    """Collision-free charge-imbalance nonlocal conductance g_ss(V_inj) (paper Appendix B, Eq. 21).

    Parameters (energies in Δ₀): ``eV`` injector bias eV_inj/Δ₀ (array); ``Delta`` pair potential; ``Gamma``
    Dynes Γ (> 0); ``t`` = k_BT/Δ₀ of the injector electrode; ``kappa`` = κ_I (G_inj R_ξ/2 for two branches);
    ``x`` injector–detector distance in ξ; ``zeta`` depairing (Eq. 7); ``G_det`` detector conductance (S, or 1 for
    g_nl/G_det); ``spectra(eps, gap, gamma, zeta)`` returning a :class:`~neqsc.quasiclassics.usadel.uniform.Spectra`
    (default: the uniform Usadel solver ``uniform_spectra``).

    Returns g_ss = G_det ∫ g_nl(ε)[−∂f/∂ε](ε − eV) dε in the unit of ``G_det``, even in ``eV``. Eq. 21 itself is
    :func:`neqsc.quasiclassics.conductance.charge_imbalance_analytic`; its ``charge_imbalance_conductance`` is the
    same quantity normalised by G_inj G_det (in R_ξ).
    """
    Gamma = validation.positive("Gamma", Gamma)
    t = validation.positive("t", t)
    kappa = validation.positive("kappa", kappa)
    spectra = spectra or uniform_spectra
    eV = np.asarray(eV, dtype=float)
    emax = float(np.max(np.abs(eV), initial=0.0)) + 40.0 * t + 0.5
    eps = _spectral_grid(emax, Gamma, t)
    g_eps = charge_imbalance_analytic(spectra(eps, Delta, Gamma, zeta), kappa, x)
    return G_det * _thermal_convolution(eps, g_eps, eV.ravel(), t).reshape(eV.shape)


def _thermal_convolution(eps, g_eps, eV, t):
    """½∫ g(ε)[K(ε − eV) + K(ε + eV)] dε, K = −∂f/∂ε, by the trapezoid rule on the uniform grid ``eps``.

    Same quantity as ``conductance.thermal_broadening`` (∂f_T^(N)/∂V kernel), but the trapezoid rule on the uniform
    grid of :func:`_spectral_grid` converges exponentially (see there) where product integration is O(h²); the
    tests' 2e-5 agreement with the cell-integral local conductance depends on it.
    """
    h = eps[1] - eps[0]
    w = np.full(eps.size, h)
    w[[0, -1]] = 0.5 * h
    kernel = bcs.minus_dfermi_x((eps[None, :] - eV[:, None]) / t) + bcs.minus_dfermi_x((eps[None, :] + eV[:, None]) / t)
    return 0.5 * (kernel / t) @ (w * g_eps)


def fit_charge_imbalance(
    eV,
    g_ss,
    sigma=None,
    *,
    free=("Gamma",),
    start: dict | None = None,
    fixed: dict,
    spectra: SpectraProvider | None = None,
) -> FitResult:
    """Fit Eq. (21) to a measured g_ss(V_inj): Γ at I_s = 0, or ``free=("phase_gradient",)`` at I_s ≠ 0.

    ``eV``: eV_inj/Δ₀. ``g_ss``: in the unit of ``fixed["G_det"]``. ``fixed`` must give the others of ``Delta``,
    ``Gamma``, ``t``, ``kappa``, ``x``, ``G_det`` (and ``phase_gradient``, default 0); ``phase_gradient`` is ∂xφ in
    rad/ξ, entering as ζ = (∂xφ)²/2 (Eq. 7). Paper Sec. V fits only eV_inj/Δ < 1.5 (inelastic scattering bends the
    data down above); select the points before calling.

    ``sigma``: 1σ errors of ``g_ss`` in its unit (None: estimated from the scatter). ``free``: names of the fitted
    parameters. ``start``: initial values of free parameters (reduced units as above: Delta, Gamma in Δ₀, t =
    k_BT/Δ₀, x in ξ, kappa dimensionless). ``spectra``: callable (eps, Delta, Gamma, zeta) → Spectra (default: the
    uniform-wire Usadel solution).
    """
    names = ("Delta", "Gamma", "t", "kappa", "x", "G_det", "phase_gradient")
    for key in (*free, *fixed):
        validation.one_of("parameter", key, names)
    defaults = {"phase_gradient": 0.0, "Delta": 1.0}
    missing = [k for k in names if k not in free and k not in fixed and k not in defaults]
    if missing:
        raise InvalidParameter("fixed", sorted(fixed), f"values for {missing} (or list them in `free`)")
    fixed_all = {**defaults, **fixed}
    start = {
        "Gamma": 2e-3,
        "phase_gradient": 0.3,
        "x": 3.0,
        "kappa": 1e-4,
        "Delta": 1.0,
        "G_det": 1.0,
        "t": 0.01,
        **(start or {}),
    }
    eV = np.asarray(eV, dtype=float)

    def model(p):
        q = {**fixed_all, **dict(zip(free, p, strict=True))}
        return charge_imbalance_conductance(
            eV,
            Delta=q["Delta"],
            Gamma=q["Gamma"],
            t=q["t"],
            kappa=q["kappa"],
            x=q["x"],
            zeta=0.5 * q["phase_gradient"] ** 2,
            G_det=q["G_det"],
            spectra=spectra,
        )

    lower = {"Gamma": 1e-6, "phase_gradient": 0.0, "x": 0.0, "kappa": 1e-12, "Delta": 1e-3, "G_det": 0.0, "t": 1e-4}
    return least_squares_fit(
        model,
        np.asarray(g_ss, dtype=float),
        sigma,
        [start[k] for k in free],
        names=free,
        units=["1"] * len(free),
        scale=[abs(start[k]) or 1.0 for k in free],
        lower=[lower[k] for k in free],
        fixed={k: v for k, v in fixed_all.items() if k not in free},
        model_name="charge_imbalance_eq21",
    )


# ---------------------------------------------------------------------- (c) I_s(∂xφ), Eq. (6)
def spectral_supercurrent_integral(phase_gradient, *, Delta=1.0, Gamma, t, spectra: SpectraProvider | None = None):
    """S(∂xφ) = (∂xφ/2) ∫ Im(F²) tanh(ε/2t) dε, so that I_s = I₀ S (Eq. 6); energies in Δ₀, ∂xφ in rad/ξ.

    Equilibrium f_L = tanh(ε/2t); evaluated with :func:`neqsc.quasiclassics.maps.supercurrent` on the spectra
    at ζ = (∂xφ)²/2 (Eq. 7).

    ``phase_gradient``: ∂xφ in rad/ξ (scalar or array); ``Delta`` and ``Gamma``: gap and Dynes broadening in Δ₀;
    ``t`` = k_BT/Δ₀ (> 0); ``spectra``: callable (eps, Delta, Gamma, zeta) → Spectra (default: uniform wire).
    Returns S, dimensionless, with the shape of ``phase_gradient``.
    """
    Gamma = validation.positive("Gamma", Gamma)
    t = validation.positive("t", t)
    spectra = spectra or uniform_spectra
    phase = np.atleast_1d(np.asarray(phase_gradient, dtype=float))
    # Im F² ≈ 2Δ²Γ/ε³ for |ε| ≫ Δ: cutting at |ε| = 12 misses ≈ Γ/144 of ∫ j_ε f_L dε ≈ π (1e-5 relative)
    eps = _spectral_grid(12.0, Gamma, t)
    f_L = np.tanh(eps / (2.0 * t))
    out = np.array([supercurrent(spectra(eps, Delta, Gamma, 0.5 * q**2), f_L, q) for q in phase])
    return out.reshape(np.shape(phase_gradient))


def fit_supercurrent_scale(
    phase_gradient,
    I_s,
    *,
    phase_gradient_err=None,
    I_s_err=None,
    Delta=1.0,
    Gamma,
    t,
    spectra: SpectraProvider | None = None,
) -> FitResult:
    """Fit I_s = I₀ S(∂xφ) (Eq. 6) for I₀ (A) with effective-variance weights; ∂xφ in rad/ξ, I_s in A.

    ``phase_gradient`` and ``I_s``: the measured points (rad/ξ, A); ``phase_gradient_err`` and ``I_s_err``: their 1σ
    errors (None: unweighted fit); ``Delta``, ``Gamma`` (Δ₀), ``t`` (k_BT/Δ₀) and ``spectra``: as in
    :func:`spectral_supercurrent_integral`.
    """
    phase = np.asarray(phase_gradient, dtype=float)
    current = np.asarray(I_s, dtype=float)
    if phase.shape != current.shape or phase.size < 2:
        raise InvalidParameter("I_s", f"{current.size} values", f"one per phase gradient ({phase.size}), at least 2")
    s_val = spectral_supercurrent_integral(phase, Delta=Delta, Gamma=Gamma, t=t, spectra=spectra)
    dq = 1e-4
    slope = (
        spectral_supercurrent_integral(phase + dq, Delta=Delta, Gamma=Gamma, t=t, spectra=spectra)
        - spectral_supercurrent_integral(phase - dq, Delta=Delta, Gamma=Gamma, t=t, spectra=spectra)
    ) / (2 * dq)
    sig_x = np.zeros_like(phase) if phase_gradient_err is None else np.asarray(phase_gradient_err, dtype=float)
    sig_y = np.zeros_like(current) if I_s_err is None else np.asarray(I_s_err, dtype=float)
    known = phase_gradient_err is not None or I_s_err is not None
    I0 = float(np.sum(s_val * current) / np.sum(s_val**2))
    for _ in range(20):  # effective variance: weights depend on I₀ through the x-error term
        var = sig_y**2 + (I0 * slope * sig_x) ** 2 if known else np.ones_like(current)
        if np.any(var <= 0):
            raise InvalidParameter(
                "phase_gradient_err/I_s_err",
                np.column_stack([sig_x, sig_y]).tolist(),
                "> 0 combined uncertainty at every point (or give neither to estimate it from the scatter)",
            )
        wgt = 1.0 / var
        new = float(np.sum(wgt * s_val * current) / np.sum(wgt * s_val**2))
        if abs(new - I0) <= 1e-12 * abs(new):
            I0 = new
            break
        I0 = new
    err2 = 1.0 / float(np.sum(wgt * s_val**2))
    dof = current.size - 1
    chi2_red = float(np.sum(wgt * (current - I0 * s_val) ** 2) / dof)
    if not known:
        err2 *= chi2_red
    return FitResult(
        names=("I0",),
        values=np.array([I0]),
        errors=np.array([np.sqrt(err2)]),
        units=("A",),
        covariance=np.array([[err2]]),
        chi2_red=chi2_red,
        dof=dof,
        fixed={"Delta": Delta, "Gamma": Gamma, "t": t},
        sigma_known=known,
        model="supercurrent_eq6",
        rms_residual=float(np.sqrt(np.mean((current - I0 * s_val) ** 2))),
    )
