r"""BCS core: gap Δ(T), densities of states, and overflow-safe Fermi/Bose functions.

Equations
---------
Weak-coupling BCS self-consistency (Tinkham, *Introduction to Superconductivity*, Eq. 3.53), written without the
Debye cut-off by subtracting the T = Tc equation:

* **Matsubara form** (used for T >= 0.25 Tc)::

      ln(Tc/T) = 2 Σ_{n>=0} [ 1/(2n+1) − 1/√((2n+1)² + x²) ],   x = Δ/(π k_B T)

  The first ``_N_MATSUBARA`` terms are summed explicitly; the tail is summed exactly term by term in powers of
  x²/(2n+1)² with Hurwitz zeta functions.  Newton's method runs on w = x², in which the equation is linear near
  Tc (``ln(Tc/T) ≈ (7ζ(3)/8) w``), so the relative accuracy of Δ holds right up to Tc.

* **Real-energy form** (used for T < 0.25 Tc)::

      ln(Δ(0)/Δ) = 2 ∫_0^∞ dt f(Δ cosh t),   f(E) = 1/(e^{E/k_BT} + 1)

  (substituting E = Δ cosh t in 2∫_Δ^∞ dE f(E)/√(E²−Δ²)); Gauss–Legendre quadrature.

Δ(0) = π e^{−γ_E} k_B Tc ≈ 1.76388 k_B Tc. The interpolation ``model="tanh"`` is Δ(0)·tanh(1.74·√(Tc/T − 1))
(e.g. Gross et al., Z. Phys. B 64, 175 (1986)); it agrees with BCS to about 2 %.

**Default gap model.** :data:`DEFAULT_GAP_MODEL` = ``"bcs"`` is the one default of every function, element, CLI
option and TOML key of the package that takes a gap model: the self-consistent weak-coupling gap is the exact
solution of the model all engines assume, whereas the tanh form is an interpolation of it (≤ 2 % off, largest near
Tc, where photonic NDTC windows live). The tanh form is used only where a paper used it (Dey et al. 2023 set-ups,
passed explicitly by their named examples).

Densities of states (normalised to the normal state): BCS ``N = |E|/√(E²−Δ²)`` for |E| > Δ, else 0; Dynes
``N = |Re[(E + iΓ)/√((E + iΓ)² − Δ²)]|`` (Dynes, Narayanamurti & Garno, PRL 41, 1509 (1978)) with the retarded
branch Im √ > 0, which makes N >= 0 and even in E.

Units: energies in joules and temperatures in kelvin at the public boundary; functions whose name ends in ``_x``
take the dimensionless argument x = E/(k_B T).
"""

from __future__ import annotations

from math import comb
from typing import Literal

import numpy as np
from scipy.special import roots_legendre
from scipy.special import zeta as hurwitz_zeta

from neqsc import validation
from neqsc.constants import bcs_ratio, k_B, zeta3
from neqsc.errors import ConvergenceError

__all__ = [
    "DEFAULT_GAP_MODEL",
    "GAP_MODELS",
    "bcs_dos",
    "bose",
    "bose_x",
    "dynes_dos",
    "fermi",
    "fermi_x",
    "gap",
    "gap0",
    "minus_dfermi_dE",
    "minus_dfermi_x",
]

#: the gap model used wherever none is given (see the module docstring for the reason)
DEFAULT_GAP_MODEL: Literal["bcs", "tanh"] = "bcs"
#: the accepted gap-model names
GAP_MODELS = ("bcs", "tanh")

_N_MATSUBARA = 32  # explicit terms; x <= π^{-1}·Δ0/(0.25 Tc) ≈ 2.25 so the tail series converges fast
_TAIL_ORDER = 6  # terms of the binomial series 1 − (1+z)^{-1/2}, z = x²/(2n+1)² <= 0.0012
_T_SWITCH = 0.25  # T/Tc below which the real-energy form is used
_GL_NODES, _GL_WEIGHTS = roots_legendre(96)


def gap0(Tc: float) -> float:
    """Zero-temperature BCS gap Δ(0) = π e^{−γ_E} k_B Tc, in joules. ``Tc`` in kelvin."""
    return bcs_ratio * k_B * validation.positive("Tc", Tc, "K")


def gap(T, Tc: float, model: Literal["bcs", "tanh"] = DEFAULT_GAP_MODEL):
    """Equilibrium gap Δ(T) in joules.

    Parameters
    ----------
    T:
        Temperature(s) in kelvin, > 0. Scalar or array (any shape).
    Tc:
        Critical temperature in kelvin, > 0.
    model:
        ``"bcs"`` — full weak-coupling self-consistency (relative accuracy 1e-6 or better);
        ``"tanh"`` — the interpolation Δ(0)·tanh(1.74·√(Tc/T − 1)).

    Returns
    -------
    float or ndarray
        Δ(T) in joules; exactly 0 for T >= Tc.
    """
    T = validation.positive("T", T, "K")
    Tc = validation.positive("Tc", Tc, "K")
    validation.one_of("model", model, ("bcs", "tanh"))
    t = np.atleast_1d(np.asarray(T, dtype=float)) / Tc
    out = np.zeros_like(t)
    below = t < 1.0
    if model == "tanh":
        out[below] = bcs_ratio * np.tanh(1.74 * np.sqrt(1.0 / t[below] - 1.0))
    else:
        low = below & (t < _T_SWITCH)
        high = below & ~low
        out[low] = _gap_real_energy(t[low])
        out[high] = _gap_matsubara(t[high])
    out *= k_B * Tc
    return float(out[0]) if np.ndim(T) == 0 else out.reshape(np.shape(T))


def _matsubara_sum(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """S(w) = 2Σ[1/a − 1/√(a²+w)] over a = 2n+1, and dS/dw; w = x² (vectorised over w)."""
    a = 2.0 * np.arange(_N_MATSUBARA) + 1.0
    root = np.sqrt(a[None, :] ** 2 + w[:, None])
    # 1/a − 1/√(a²+w) written without cancellation, so S keeps full relative precision as w → 0 (T → Tc)
    s = 2.0 * np.sum(w[:, None] / (a[None, :] * root * (root + a[None, :])), axis=1)
    ds = np.sum(1.0 / root**3, axis=1)
    # tail n >= N: 1/a − 1/√(a²+w) = Σ_k c_k w^k a^{−(2k+1)}, c_k = (−1)^{k+1} C(2k,k)/4^k = 1/2, −3/8, 5/16, ...
    q = _N_MATSUBARA + 0.5
    for k in range(1, _TAIL_ORDER + 1):
        c_k = (-1) ** (k + 1) * comb(2 * k, k) / 4.0**k
        s_k = 2.0 ** -(2 * k + 1) * hurwitz_zeta(2 * k + 1, q)  # Σ_{n>=N} (2n+1)^{-(2k+1)}
        s += 2.0 * c_k * w**k * s_k
        ds += 2.0 * c_k * k * w ** (k - 1) * s_k
    return s, ds


def _gap_matsubara(t: np.ndarray) -> np.ndarray:
    """Δ/(k_B Tc) for 0.25 <= t < 1 by Newton in w = (Δ/πk_BT)²."""
    if t.size == 0:
        return t
    target = -np.log(t)
    w = target / (7.0 * zeta3 / 8.0)  # Ginzburg–Landau start, exact as t → 1
    w = np.minimum(w, (bcs_ratio / (np.pi * t)) ** 2)
    history = []
    for _ in range(60):
        s, ds = _matsubara_sum(w)
        step = (s - target) / ds
        w_new = np.maximum(w - step, 0.25 * w)
        err = np.max(np.abs(w_new - w) / np.maximum(w_new, 1e-300))
        history.append(err)
        w = w_new
        if err < 1e-13:
            break
    else:
        raise ConvergenceError("BCS gap (Matsubara form) did not converge", history)
    return np.pi * t * np.sqrt(w)


def _gap_real_energy(t: np.ndarray) -> np.ndarray:
    """Δ/(k_B Tc) for 0 < t < 0.25 by Newton in y = ln(Δ/Δ0)."""
    if t.size == 0:
        return t
    d0 = bcs_ratio
    # f(Δ cosh t') < e^{-45} beyond cosh t' = 45 t/Δ; Δ >= 0.99 Δ0 here, so a fixed interval per T suffices.
    tmax = np.arccosh(np.maximum(45.0 * t / (0.99 * d0), 1.0))
    nodes = 0.5 * tmax[:, None] * (_GL_NODES[None, :] + 1.0)
    weights = 0.5 * tmax[:, None] * _GL_WEIGHTS[None, :]
    y = np.zeros_like(t)
    history = []
    for _ in range(40):
        arg = d0 * np.exp(y)[:, None] * np.cosh(nodes) / t[:, None]
        f = fermi_x(arg)
        integral = 2.0 * np.sum(weights * f, axis=1)
        dintegral = -2.0 * np.sum(weights * arg * f * (1.0 - f), axis=1)
        residual = -y - integral
        jac = -1.0 - dintegral
        step = residual / jac
        y = y - step
        err = np.max(np.abs(step))
        history.append(err)
        if err < 1e-15:
            break
    else:
        raise ConvergenceError("BCS gap (real-energy form) did not converge", history)
    return d0 * np.exp(y)


# ---------------------------------------------------------------- distribution functions
def fermi_x(x):
    """Fermi function 1/(e^x + 1) of x = E/k_BT (dimensionless), overflow-free for any finite x."""
    x = np.asarray(x, dtype=float)
    ex = np.exp(-np.abs(x))  # never overflows; keeps full relative precision in both tails
    return np.where(x > 0, ex / (1.0 + ex), 1.0 / (1.0 + ex))


def minus_dfermi_x(x):
    """−∂f/∂x = e^{−|x|}/(1 + e^{−|x|})² of x = E/k_BT (dimensionless; exact in the tails). Times 1/k_BT: −∂f/∂E."""
    ax = np.abs(np.asarray(x, dtype=float))
    ex = np.exp(-ax)
    return ex / (1.0 + ex) ** 2


def bose_x(x):
    """Bose function 1/(e^x − 1) of x = ħω/k_BT for x != 0, overflow-free; odd identity n(−x) = −1 − n(x)."""
    x = np.asarray(x, dtype=float)
    ax = np.abs(x)
    with np.errstate(divide="ignore"):
        n_pos = np.exp(-ax) / -np.expm1(-ax)
    return np.where(x >= 0, n_pos, -1.0 - n_pos)


def fermi(E, T):
    """Fermi function of energy ``E`` (J) at temperature ``T`` (K, > 0)."""
    T = validation.positive("T", T, "K")
    return fermi_x(np.asarray(E, dtype=float) / (k_B * np.asarray(T)))


def minus_dfermi_dE(E, T):
    """−∂f/∂E in 1/J for energy ``E`` (J) at temperature ``T`` (K, > 0); integrates to 1 over E."""
    T = validation.positive("T", T, "K")
    kT = k_B * np.asarray(T)
    return minus_dfermi_x(np.asarray(E, dtype=float) / kT) / kT


def bose(E, T):
    """Bose function of energy ``E`` = ħω (J, != 0) at temperature ``T`` (K, > 0)."""
    T = validation.positive("T", T, "K")
    return bose_x(np.asarray(E, dtype=float) / (k_B * np.asarray(T)))


# ---------------------------------------------------------------- densities of states
def bcs_dos(E, gap_energy):
    """BCS density of states |E|/√(E² − Δ²) for |E| > Δ, 0 inside the gap (inf exactly at the edge).

    ``E`` and ``gap_energy`` in the same energy unit (J or any), ``gap_energy`` >= 0.
    """
    gap_energy = validation.nonnegative("gap", gap_energy)
    E = np.abs(np.asarray(E, dtype=float))
    out = np.zeros(np.broadcast(E, gap_energy).shape)
    d = np.broadcast_to(gap_energy, out.shape)
    Eb = np.broadcast_to(E, out.shape)
    outside = Eb > d
    out[outside] = Eb[outside] / np.sqrt((Eb[outside] - d[outside]) * (Eb[outside] + d[outside]))
    out[(Eb == d) & (d > 0)] = np.inf
    return out


def dynes_dos(E, gap_energy, gamma):
    """Dynes density of states |Re[(E + iΓ)/√((E + iΓ)² − Δ²)]|, normalised (→ 1 for |E| ≫ Δ).

    Parameters
    ----------
    E, gap_energy, gamma:
        Energy, gap Δ >= 0 and Dynes broadening Γ >= 0, all in the same unit (J, or Δ-units). Broadcast.
        Γ = 0 reduces to :func:`bcs_dos`.

    Returns
    -------
    ndarray
        N(E) >= 0, even in E; ∫(N − 1) dE = 0 (states are conserved).
    """
    gap_energy = validation.nonnegative("gap", gap_energy)
    gamma = validation.nonnegative("gamma", gamma)
    if np.all(np.asarray(gamma) == 0):
        return bcs_dos(E, gap_energy)
    # evaluate at |E|: the retarded function N(E) is even, and this avoids the branch flip at E = 0
    z = np.abs(np.asarray(E, dtype=float)) + 1j * np.asarray(gamma)
    s = np.sqrt((z - gap_energy) * (z + gap_energy))
    s = np.where(s.imag < 0, -s, s)  # retarded branch: Im s > 0
    return np.abs((z / s).real)
