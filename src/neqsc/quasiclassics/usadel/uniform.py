r"""Uniform Usadel spectra with Dynes broadening Γ and orbital depairing ζ (Ryan et al. 2026, Eqs. 1, 7, 20, 22).

Reduced units: energies in units of Δ₀ (the zero-temperature pair potential), lengths in ξ = √(ħD/Δ₀).

Equations
---------
Uniform Usadel equation (paper Eq. 1), retarded Green's functions, θ-parametrisation G = cos θ, F = sin θ::

    Δ G + i(ε + iΓ) F − ζ F G = 0,      G² + F² = 1,      ζ = ½(∂ₓφ)²   (Eq. 7)

For ζ = 0 the solution is G = ε̃/s, F = iΔ/s, s = √(ε̃² − Δ²), ε̃ = ε + iΓ, on the retarded branch Im s > 0 (so that
G → 1 for |ε| → ∞).  With this sign of F: Im F > 0 above the gap, Re F ≥ 0, F(−ε) = F(ε)*, G(−ε) = G(ε)*.

Spectral coefficients (Eqs. 6, 20, 22 and the standard identities for G² + F² = 1)::

    N   = Re G                                   density of states
    R   = Im F                                   gap-equation weight (Eq. 8)
    D_L = (Re G)² − (Im F)² = ½(1 + |G|² − |F|²) ≥ 0      energy-mode diffusion (Eq. 22)
    D_T = (Re G)² + (Re F)² = ½(1 + |G|² + |F|²) ≥ ½      charge-mode diffusion (Eq. 20)
    R_T = 2 Δ Re F  (+ 2 Γ N with ``dynes_charge_relaxation=True``; the paper keeps 2ΔRe F only)  (Eq. 20)
    j_ε = Im(F²)                                 spectral supercurrent (Eq. 6)

Numerics
--------
ζ = 0: closed form.  ζ > 0: Newton's method on θ for all energies at once, continued in the imaginary part of the
energy from η = 2 + 2ζ (where the BCS form is an excellent guess and the retarded branch is unambiguous) down to Γ in
geometric steps; the retarded function is analytic in the upper half plane so the continuation stays on the
physical branch.  Every returned point satisfies |residual| < 1e-10 or :class:`~neqsc.errors.ConvergenceError` is
raised.

Regularisation: Γ = 0 with ζ = 0 gives a non-integrable BCS DOS singularity and D_L = 0 inside the gap; it is
rejected with :class:`~neqsc.errors.InvalidParameter` (pass Γ > 0, e.g. 1e-4).  Γ = 0 with ζ > 0 is allowed.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.errors import ConvergenceError, InvalidParameter

__all__ = [
    "Spectra",
    "UnresolvedGridWarning",
    "ag_spectral_gap",
    "check_energy_resolution",
    "energy_grid",
    "trapezoid_weights",
    "uniform_energy_grid",
    "uniform_spectra",
    "usadel_uniform",
]


class UnresolvedGridWarning(UserWarning):
    """The energy grid is too coarse to resolve the Dynes-broadened gap edge."""


@dataclasses.dataclass(frozen=True)
class Spectra:
    """Spectral functions on an energy grid (reduced units; arrays have the shape of ``eps``).

    Attributes: ``eps``, ``G``, ``F`` (complex), ``N``, ``R`` (= Im F), ``D_L``, ``D_T``, ``R_T``, ``j_eps``, and the
    parameters ``gap``, ``gamma``, ``zeta``.

    Parameters (reduced units)
    --------------------------
    eps: energies ε in Δ0. G, F: retarded normal and anomalous Green functions (dimensionless). gap: Δ in Δ0.
    gamma: Dynes broadening Γ in Δ0. zeta: depairing energy ζ = ½(∂ₓφ)² in Δ0. dynes_charge_relaxation: add 2ΓN
    to the charge-relaxation term R_T = 2Δ Re F.
    """

    eps: np.ndarray
    G: np.ndarray
    F: np.ndarray
    gap: float
    gamma: float
    zeta: float
    dynes_charge_relaxation: bool = False

    @property
    def N(self) -> np.ndarray:
        return self.G.real

    @property
    def R(self) -> np.ndarray:
        return self.F.imag

    @property
    def D_L(self) -> np.ndarray:
        return self.G.real**2 - self.F.imag**2

    @property
    def D_T(self) -> np.ndarray:
        return self.G.real**2 + self.F.real**2

    @property
    def R_T(self) -> np.ndarray:
        rt = 2.0 * self.gap * self.F.real
        if self.dynes_charge_relaxation:
            rt = rt + 2.0 * self.gamma * self.G.real
        return rt

    @property
    def j_eps(self) -> np.ndarray:
        return (self.F * self.F).imag

    def to_dataset(self) -> xr.Dataset:
        """The spectra as an ``xarray.Dataset`` (dim ``eps``; kind ``quasiclassics.spectra``)."""
        one = {"units": "1"}
        data = {
            "N": ("eps", self.N, {**one, "long_name": "density of states Re G"}),
            "ReG": ("eps", self.G.real, {**one, "long_name": "Re G"}),
            "ImG": ("eps", self.G.imag, {**one, "long_name": "Im G"}),
            "ReF": ("eps", self.F.real, {**one, "long_name": "Re F"}),
            "ImF": ("eps", self.F.imag, {**one, "long_name": "Im F"}),
            "D_L": ("eps", self.D_L, {**one, "long_name": "energy-mode diffusion D_L"}),
            "D_T": ("eps", self.D_T, {**one, "long_name": "charge-mode diffusion D_T"}),
            "R_T": ("eps", self.R_T, {"units": "Delta0", "long_name": "charge relaxation R_T"}),
            "j_eps": ("eps", self.j_eps, {**one, "long_name": "spectral supercurrent Im F^2"}),
        }
        return xr.Dataset(
            data,
            coords={"eps": ("eps", self.eps, {"units": "Delta0", "long_name": "energy ε/Δ0"})},
            attrs={
                "neqsc_kind": "quasiclassics.spectra",
                "gap": self.gap,
                "gamma": self.gamma,
                "zeta": self.zeta,
                "dynes_charge_relaxation": int(self.dynes_charge_relaxation),
                "units_note": "energies in Δ0",
            },
        )


def ag_spectral_gap(gap: float, zeta: float) -> float:
    """Spectral gap E_g = Δ[1 − (ζ/Δ)^{2/3}]^{3/2} of Eq. (1) at Γ = 0 (Abrikosov–Gor'kov/Maki); 0 for ζ ≥ Δ.

    ``gap`` (Δ), ``zeta`` (ζ) and the result E_g are in Δ₀.
    """
    if gap <= 0 or zeta >= gap:
        return 0.0
    return float(gap * (1.0 - (zeta / gap) ** (2.0 / 3.0)) ** 1.5)


def uniform_spectra(
    eps, gap: float = 1.0, gamma: float = 1e-3, zeta: float = 0.0, *, dynes_charge_relaxation: bool = False
) -> Spectra:
    """Solve Eq. (1) on the energies ``eps`` (units of Δ₀) and return :class:`Spectra`.

    Parameters
    ----------
    eps: energies ε/Δ₀ (any shape). gap: |Δ|/Δ₀ ≥ 0. gamma: Dynes Γ/Δ₀ ≥ 0 (> 0 if ζ = 0 and Δ > 0).
    zeta: depairing ζ/Δ₀ ≥ 0 (ζ = ½(∂ₓφ)², ∂ₓφ in 1/ξ). dynes_charge_relaxation: add 2ΓN to R_T.
    """
    eps = validation.finite("eps", eps)
    eps = np.asarray(eps, dtype=float)
    gap = validation.nonnegative("gap", gap, "Δ0")
    gamma = validation.nonnegative("gamma", gamma, "Δ0")
    zeta = validation.nonnegative("zeta", zeta, "Δ0")
    if gap > 0 and gamma == 0 and zeta == 0:
        raise InvalidParameter(
            "gamma",
            gamma,
            "> 0 when zeta = 0",
            "Γ = 0 and ζ = 0 give the singular BCS DOS (and D_L = 0 in the gap); use a small Dynes Γ such as 1e-4",
        )
    if gap == 0:
        G = np.ones_like(eps, dtype=complex)
        F = np.zeros_like(eps, dtype=complex)
    elif zeta == 0:
        G, F = _bcs_dynes(eps, gap, gamma)
    else:
        G, F = _newton_continuation(eps, gap, gamma, zeta)
    return Spectra(eps, G, F, float(gap), float(gamma), float(zeta), bool(dynes_charge_relaxation))


def usadel_uniform(
    eps, gap: float = 1.0, gamma: float = 1e-3, zeta: float = 0.0, *, dynes_charge_relaxation: bool = False
) -> xr.Dataset:
    """Uniform Usadel spectra (Eq. 1) as a Dataset with N, Re/Im G, Re/Im F, D_L, D_T, R_T, j_ε (see module doc).

    Parameters (reduced units)
    --------------------------
    eps: energies ε in Δ₀. gap: |Δ| in Δ₀. gamma: Dynes broadening Γ in Δ₀. zeta: depairing energy ζ in Δ₀.
    dynes_charge_relaxation: add 2ΓN to R_T. As in :func:`uniform_spectra`.
    """
    return uniform_spectra(eps, gap, gamma, zeta, dynes_charge_relaxation=dynes_charge_relaxation).to_dataset()


def _retarded_sqrt(z: np.ndarray) -> np.ndarray:
    s = np.sqrt(z)
    return np.where(s.imag < 0, -s, s)


def _bcs_dynes(eps: np.ndarray, gap: float, gamma: float) -> tuple[np.ndarray, np.ndarray]:
    et = eps + 1j * gamma
    s = _retarded_sqrt(et * et - gap * gap)
    return et / s, 1j * gap / s


def _residual(theta, et, gap, zeta):
    c, s = np.cos(theta), np.sin(theta)
    return gap * c + 1j * et * s - zeta * s * c, -gap * s + 1j * et * c - zeta * np.cos(2.0 * theta)


def _newton_continuation(eps, gap, gamma, zeta, tol=1e-12, max_iter=60):
    shape = eps.shape
    e = eps.ravel()
    eta0 = 2.0 * gap + 2.0 * zeta + 1.0
    eta_end = gamma if gamma > 0 else 1e-9
    n_stage = int(np.ceil(np.log(eta0 / eta_end) / np.log(1.0 / 0.6))) + 1
    etas = list(np.geomspace(eta0, eta_end, n_stage))
    if gamma == 0:
        etas.append(0.0)
    et = e + 1j * etas[0]
    theta = np.arctan(1j * gap / et)  # BCS guess, unambiguous for |ε̃| > Δ
    history: list[float] = []
    for eta in etas:
        et = e + 1j * eta
        for _ in range(max_iter):
            f, df = _residual(theta, et, gap, zeta)
            step = f / df
            # damp large steps (keeps the iteration on the branch it was continued along)
            big = np.abs(step) > 0.5
            step = np.where(big, 0.5 * step / np.abs(np.where(big, step, 1.0)), step)
            theta = theta - step
            if np.max(np.abs(step)) < tol:
                break
        res = float(np.max(np.abs(_residual(theta, et, gap, zeta)[0])))
        history.append(res)
    G, F = np.cos(theta), np.sin(theta)
    # the physical (retarded) branch has Re G >= 0; G -> -G, F -> -F is the other solution of the same equation
    flip = G.real < 0
    G = np.where(flip, -G, G)
    F = np.where(flip, -F, F)
    if not np.all(np.isfinite(G)) or history[-1] > 1e-10:
        raise ConvergenceError(
            f"uniform Usadel equation (gap={gap}, gamma={gamma}, zeta={zeta}) did not converge",
            history,
            {"worst_eps": float(e[np.argmax(np.abs(_residual(theta, e + 1j * etas[-1], gap, zeta)[0]))])},
        )
    return G.reshape(shape), F.reshape(shape)


def uniform_energy_grid(de: float, emax: float) -> np.ndarray:
    """Equidistant grid −emax..emax with spacing ``de`` (units of Δ₀), containing ε = 0 (needed by collisions)."""
    de = validation.positive("de", de, "Δ0")
    emax = validation.positive("emax", emax, "Δ0")
    n = round(emax / de)
    return np.arange(-n, n + 1) * de


def energy_grid(
    edge: float = 1.0,
    gamma: float = 1e-3,
    emax: float = 3.0,
    *,
    de: float = 0.01,
    omega_D: float | None = None,
    width: float = 0.2,
) -> np.ndarray:
    """Symmetric non-uniform energy grid (units of Δ₀) refined at ±``edge``.

    Base spacing ``de`` for |ε| ≤ emax; near ±edge a sinh-stretched cluster with spacing Γ/4 at the edge growing to
    ~``de`` at distance ``width``; if ``omega_D`` > emax the grid continues to ±ω_D with geometrically growing
    spacing (ratio 1.01), ending exactly at ±ω_D (the gap-equation cut-off). ``edge``, ``gamma`` (Dynes Γ, > 0),
    ``emax``, ``de``, ``omega_D`` and ``width`` are all in Δ₀.
    """
    edge = validation.nonnegative("edge", edge, "Δ0")
    gamma = validation.positive("gamma", gamma, "Δ0")
    emax = validation.positive("emax", emax, "Δ0")
    de = validation.positive("de", de, "Δ0")
    pos = list(np.arange(0.0, emax + 0.5 * de, de))
    pos[-1] = emax
    if omega_D is not None and omega_D > emax:
        e, step = emax, de
        while e + step * 1.01 < omega_D - 0.5 * step:
            step *= 1.01
            e += step
            pos.append(e)
        pos.append(float(omega_D))
    pos = np.asarray(pos)
    if edge > 0:
        c = gamma / 4.0 / 0.25
        a = np.arcsinh(width / c)
        u = np.arange(-a, a + 0.125, 0.25)
        cluster = edge + c * np.sinh(u)
        cluster = cluster[(cluster > 0) & (cluster < pos[-1])]
        pos = np.concatenate([pos, cluster])
    pos = np.unique(pos)
    # merge points closer than 1e-3 of the local minimum spacing scale
    keep = np.concatenate([[True], np.diff(pos) > min(gamma, de) * 1e-3])
    pos = pos[keep]
    pos = pos[pos > 0]
    return np.concatenate([-pos[::-1], [0.0], pos])


def trapezoid_weights(eps) -> np.ndarray:
    """Weights w with Σ w·g ≈ ∫g dε (trapezoid rule) on the (possibly non-uniform) grid ``eps``."""
    eps = np.asarray(eps, dtype=float)
    w = np.zeros_like(eps)
    d = np.diff(eps)
    w[:-1] += 0.5 * d
    w[1:] += 0.5 * d
    return w


def check_energy_resolution(eps, edge: float, gamma: float, *, factor: float = 0.5, stacklevel: int = 2) -> bool:
    """Warn (:class:`UnresolvedGridWarning`) if the spacing at the gap edge ±``edge`` exceeds ``factor``·Γ.

    The Dynes coherence peak has a width of order Γ, so integrals over N need δε ≲ Γ/2 there. Returns True if
    resolved. With Γ = 0 nothing is checked. ``eps`` (the grid), ``edge`` and ``gamma`` (Γ) are in Δ₀, ``factor``
    is dimensionless; ``stacklevel`` is passed to :func:`warnings.warn` (no units).
    """
    eps = np.asarray(eps, dtype=float)
    if gamma <= 0 or edge <= 0 or eps.size < 2:
        return True
    need = factor * gamma
    worst = 0.0
    for e0 in (edge, -edge):
        i = int(np.clip(np.searchsorted(eps, e0), 1, eps.size - 1))
        worst = max(worst, float(eps[i] - eps[i - 1]))
    if worst > need:
        warnings.warn(
            f"energy grid spacing {worst:.3g} Δ0 at the gap edge ε = ±{edge:.4g} does not resolve Γ = {gamma:.3g}; "
            f"a spacing <= {need:.3g} Δ0 there is needed (use energy_grid(edge, gamma, ...))",
            UnresolvedGridWarning,
            stacklevel=stacklevel,
        )
        return False
    return True
