r"""Electron–phonon heat exchange: normal-metal power law and the superconducting (Timofeev) form.

Normal metal or semiconductor (Giazotto et al., RMP 78, 217 (2006), Eq. 18 with general exponent)::

    P_N(T_e, T_p) = Σ V (T_e^n − T_p^n)                                                     (1)

with n = 5 for clean metals (Cu, Ag, Al); the materials table gives n = 6 for InAsOI ('typical', see
``docs/thermal.md``). P > 0 is heat flowing from the electrons into the phonons.

BCS superconductor, quasi-equilibrium quasiparticles at T_e (Timofeev et al., PRL 102, 017003 (2009); Dey et al.,
PRB 107, 134510 (2023), Eqs. 8–9)::

    P_S = α_s ∫_0^∞ dε ε³ [n(ε,T_e) − n(ε,T_p)] 𝓕(ε,T_e),     α_s = Σ V / (24 ζ(5) k_B⁵)          (2)
    𝓕(ε,T) = ∫ dE ρ(E) ρ(E+ε) (1 − Δ²/(E(E+ε))) [f(E,T) − f(E+ε,T)]                                (3)

ρ = |E|θ(|E|−Δ)/√(E²−Δ²), Δ = Δ(T_e). For Δ = 0, 𝓕 = ε and (2) reduces *exactly* to (1) with n = 5, because
∫_0^∞ x⁴ n(x) dx = 24 ζ(5) (this fixes the prefactor; forms with 1/(96 ζ(5)) integrate over ε ∈ (−∞, ∞) and
E ∈ (−∞, ∞) twice). The [n_e − n_p]·[f − f'] structure follows from f_E(1 − f_E') = (f_E − f_E')(1 + n(ε,T_e))
for thermal quasiparticles.

Numerics (dimensionless x = ε/k_BT_e, y = E/k_BT_e, δ = Δ/k_BT_e): 𝓕 = 2 𝓕_a + 𝓕_c, where 𝓕_a (y > δ,
scattering above the gap) equals the hole branch y < −δ − x by the symmetry y → −y − x, and 𝓕_c (δ − x < y < −δ,
only for x > 2δ) is recombination/pair breaking. The inverse-square-root edges are removed analytically:
y = δ cosh u on (δ, ∞), and y = −x/2 − h cos θ, h = x/2 − δ on the pair-breaking interval; the remaining
integrands are smooth and integrated with fixed Gauss–Legendre rules (the nodes scale with T_e and Δ(T_e), so the
result is a smooth function of the temperatures — needed for Newton). The ε integral is split at the pair-breaking
threshold x = 2δ. Relative accuracy ≈ 2e-9 against adaptive quadrature (tests/thermal/test_eph.py).

Units: temperatures in K, Σ in W m⁻³ K⁻ⁿ, V in m³, powers in W.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Literal

import numpy as np
from scipy.special import roots_legendre

from neqsc import bcs, materials, validation
from neqsc.constants import k_B, zeta5
from neqsc.errors import InvalidParameter

__all__ = [
    "PowerLawEPh",
    "SuperconductingEPh",
    "eph_from_material",
    "eph_power_law",
    "eph_superconducting",
]

_N_U = 48  # Gauss–Legendre nodes in u (y = δ cosh u)
_N_THETA = 32  # nodes on the pair-breaking interval
_N_X_LOW = 64  # nodes in x below the pair-breaking threshold
_N_X_HIGH = 48  # nodes in x above it
_Y_TAIL = 42.0  # f(y) < e^{-42} beyond y = δ + 42


@functools.lru_cache(maxsize=8)
def _gl(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss–Legendre nodes and weights on [0, 1]."""
    x, w = roots_legendre(n)
    return 0.5 * (x + 1.0), 0.5 * w


def eph_power_law(T_e, T_p, sigma: float, volume: float, n: float = 5.0):
    """Normal-state electron–phonon power Σ V (T_e^n − T_p^n) in W (Eq. 1); T in K, Σ in W m⁻³K⁻ⁿ, V in m³.

    Parameters
    ----------
    T_e, T_p:
        Electron and phonon temperatures in K (> 0), broadcast together.
    sigma:
        Coupling constant Σ in W m⁻³K⁻ⁿ (>= 0).
    volume:
        Volume V of the metal in m³ (>= 0).
    n:
        Exponent n (dimensionless; typically 5 or 6 depending on disorder).
    """
    T_e = validation.positive("T_e", T_e, "K")
    T_p = validation.positive("T_p", T_p, "K")
    sigma = validation.nonnegative("sigma", sigma, "W m^-3 K^-n")
    volume = validation.nonnegative("volume", volume, "m^3")
    n = validation.positive("n", n)
    return sigma * volume * (np.power(T_e, n) - np.power(T_p, n))


def _fermi_diff_positive(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """f(a) − f(b) for 0 <= a <= b without cancellation or overflow."""
    ea = np.exp(-a)
    eb = np.exp(-b)
    return ea * (-np.expm1(a - b)) / ((1.0 + ea) * (1.0 + eb))


def _script_f(x: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """𝓕/k_BT_e (Eq. 3) at dimensionless ε = x, gap δ; x and δ broadcast (δ > 0)."""
    x, delta = np.broadcast_arrays(np.asarray(x, float), np.asarray(delta, float))
    # scattering above the gap, y = δ cosh u, u ∈ [0, u_max]; doubled for the hole branch
    un, uw = _gl(_N_U)
    u_max = np.arccosh(1.0 + _Y_TAIL / delta)
    u = u_max[..., None] * un
    d = delta[..., None]
    y = d * np.cosh(u)
    yp = y + x[..., None]
    # √((y+x)² − δ²) with y + x − δ = 2δ sinh²(u/2) + x (no cancellation)
    root = np.sqrt((2.0 * d * np.sinh(0.5 * u) ** 2 + x[..., None]) * (yp + d))
    # y(y+x) − δ² = δ² sinh² u + x y, exact and non-negative
    numerator = d * d * np.sinh(u) ** 2 + x[..., None] * y
    with np.errstate(invalid="ignore", divide="ignore"):
        integrand = np.where(root > 0, numerator / np.where(root > 0, root, 1.0), 0.0)
    fa = np.sum(uw * integrand * _fermi_diff_positive(y, yp), axis=-1) * u_max
    # recombination / pair breaking, x > 2δ: y = −x/2 − h cos θ, h = x/2 − δ
    tn, tw = _gl(_N_THETA)
    theta = np.pi * tn
    h = np.maximum(0.5 * x - delta, 0.0)[..., None]
    c = np.cos(theta)
    y = -0.5 * x[..., None] - h * c
    yp = y + x[..., None]
    denom = np.sqrt((h * (1.0 + c) + 2.0 * d) * (h * (1.0 - c) + 2.0 * d))
    fdiff = bcs.fermi_x(y) - bcs.fermi_x(yp)
    fc = np.pi * np.sum(tw * (d * d - y * yp) * fdiff / denom, axis=-1)
    fc = np.where(x > 2.0 * delta, fc, 0.0)
    return 2.0 * fa + fc


def _bose_diff_x3(x: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """x³ [n(x) − n(x·ratio)], ratio = T_e/T_p."""
    return x**3 * (bcs.bose_x(x) - bcs.bose_x(x * ratio))


def _x_nodes(delta: np.ndarray, ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ε-nodes (units of k_BT_e) and weights, split at the pair-breaking threshold 2δ; shape (..., N)."""
    x_top = 50.0 * np.maximum(1.0, 1.0 / ratio)  # the slower of n(x) and n(x T_e/T_p) has decayed by e^-50
    split = np.minimum(2.0 * delta, x_top)
    ln, lw = _gl(_N_X_LOW)
    hn, hw = _gl(_N_X_HIGH)
    x_low = split[..., None] * ln
    w_low = split[..., None] * lw
    span = np.maximum(x_top + 2.0 * delta - split, 0.0)[..., None]
    x_high = split[..., None] + span * hn
    w_high = span * hw
    return np.concatenate([x_low, x_high], axis=-1), np.concatenate([w_low, w_high], axis=-1)


def eph_superconducting(
    T_e,
    T_p,
    sigma: float,
    volume: float,
    Tc: float,
    gap_model: Literal["bcs", "tanh"] = bcs.DEFAULT_GAP_MODEL,
):
    """Electron–phonon power of a BCS superconductor in W (Eqs. 2–3; Timofeev et al. 2009, Dey Eqs. 8–9).

    Parameters
    ----------
    T_e, T_p:
        Quasiparticle and phonon temperatures in K (> 0); arrays broadcast.
    sigma:
        Normal-state coupling Σ in W m⁻³ K⁻⁵.
    volume:
        Volume in m³.
    Tc:
        Critical temperature in K; Δ = Δ(T_e) from :func:`neqsc.bcs.gap`.
    gap_model:
        ``"bcs"`` (self-consistent, the package default :data:`neqsc.bcs.DEFAULT_GAP_MODEL`) or ``"tanh"``
        (Dey et al.'s Δ0 tanh(1.74√(Tc/T − 1))).

    Returns
    -------
    float or ndarray
        P_S > 0 for heat flowing from the quasiparticles into the phonons. For T_e >= Tc it equals
        Σ V (T_e⁵ − T_p⁵) exactly.
    """
    T_e = validation.positive("T_e", T_e, "K")
    T_p = validation.positive("T_p", T_p, "K")
    sigma = validation.nonnegative("sigma", sigma, "W m^-3 K^-5")
    volume = validation.nonnegative("volume", volume, "m^3")
    Tc = validation.positive("Tc", Tc, "K")
    validation.one_of("gap_model", gap_model, ("bcs", "tanh"))
    return _superconducting_power(T_e, T_p, sigma * volume, Tc, gap_model)


def _superconducting_power(T_e, T_p, sigma_volume: float, Tc: float, gap_model: str):
    """Eq. 2 without argument checks (temperatures already validated, > 0)."""
    Te, Tp = np.broadcast_arrays(np.atleast_1d(np.asarray(T_e, float)), np.atleast_1d(np.asarray(T_p, float)))
    out = sigma_volume * (Te**5 - Tp**5)
    sc = Te < Tc
    if np.any(sc):
        te, tp = Te[sc], Tp[sc]
        delta = bcs.gap(te, Tc, model=gap_model) / (k_B * te)
        ratio = te / tp
        x, w = _x_nodes(delta, ratio)
        integrand = _bose_diff_x3(x, ratio[:, None]) * _script_f(x, delta[:, None])
        out[sc] = sigma_volume * te**5 * np.sum(w * integrand, axis=-1) / (24.0 * zeta5)
    return float(out[0]) if np.ndim(T_e) == 0 and np.ndim(T_p) == 0 else out


@dataclasses.dataclass(frozen=True)
class PowerLawEPh:
    """Σ V (T_e^n − T_p^n) coupling (Eq. 1). ``sigma`` W m⁻³K⁻ⁿ, ``volume`` m³, ``n`` dimensionless.

    ``label`` is an optional name (no units) shown in the link labels of a network result.
    """

    sigma: float
    volume: float
    n: float = 5.0
    label: str = ""

    def __post_init__(self) -> None:
        validation.nonnegative("sigma", self.sigma, "W m^-3 K^-n")
        validation.nonnegative("volume", self.volume, "m^3")
        validation.in_range("n", self.n, 1.0, 10.0)

    def heat(self, T_e, T_p):
        """Power from electrons to phonons in W (T in K, > 0)."""
        T_e = validation.positive("T_e", T_e, "K")
        T_p = validation.positive("T_p", T_p, "K")
        return self.sigma * self.volume * (np.power(T_e, self.n) - np.power(T_p, self.n))

    def derivatives(self, T_e, T_p) -> tuple:
        """(∂P/∂T_e, ∂P/∂T_p) in W/K (analytic)."""
        c = self.sigma * self.volume * self.n
        return c * np.power(T_e, self.n - 1.0), -c * np.power(T_p, self.n - 1.0)


@dataclasses.dataclass(frozen=True)
class SuperconductingEPh:
    """Timofeev/Dey superconducting coupling (Eqs. 2–3). ``sigma`` W m⁻³K⁻⁵, ``volume`` m³, ``Tc`` K.

    Parameters
    ----------
    sigma:
        Normal-state coupling constant Σ in W m⁻³K⁻⁵ (>= 0).
    volume:
        Volume of the superconductor in m³ (>= 0).
    Tc:
        Critical temperature in K (> 0).
    gap_model:
        Δ(T) law of :func:`neqsc.bcs.gap`: ``"bcs"`` (weak-coupling self-consistency) or ``"tanh"``.
    label:
        Optional name (no units) shown in the link labels of a network result.
    """

    sigma: float
    volume: float
    Tc: float
    gap_model: str = bcs.DEFAULT_GAP_MODEL
    label: str = ""

    def __post_init__(self) -> None:
        validation.nonnegative("sigma", self.sigma, "W m^-3 K^-5")
        validation.nonnegative("volume", self.volume, "m^3")
        validation.positive("Tc", self.Tc, "K")
        validation.one_of("gap_model", self.gap_model, ("bcs", "tanh"))

    @property
    def n(self) -> float:
        return 5.0

    def heat(self, T_e, T_p):
        """Power from quasiparticles to phonons in W (T in K, > 0)."""
        T_e = validation.positive("T_e", T_e, "K")
        T_p = validation.positive("T_p", T_p, "K")
        return _superconducting_power(T_e, T_p, self.sigma * self.volume, self.Tc, self.gap_model)

    def derivatives(self, T_e, T_p) -> tuple:
        """(∂P/∂T_e, ∂P/∂T_p) in W/K.

        ∂/∂T_p is analytic (only n(ε,T_p) depends on it); ∂/∂T_e is a central difference with relative step
        1e-5 (truncation ~1e-10 relative; Δ(T_e) enters through the quadrature nodes, so an analytic form would
        need dΔ/dT and the derivative of every node).
        """
        T_e = np.asarray(T_e, float)
        T_p = np.asarray(T_p, float)
        h = 1e-5 * T_e
        d_te = (self.heat(T_e + h, T_p) - self.heat(T_e - h, T_p)) / (2.0 * h)
        d_tp = self._d_tp(T_e, T_p)
        return d_te, d_tp

    def heat_and_derivatives(self, T_e: float, T_p: float) -> tuple[float, float, float]:
        """(P, ∂P/∂T_e, ∂P/∂T_p) at scalar temperatures; the three T_e points share one vectorised quadrature."""
        h = 1e-5 * T_e
        p = self.heat(np.array([T_e - h, T_e, T_e + h]), T_p)
        return float(p[1]), float((p[2] - p[0]) / (2.0 * h)), float(self._d_tp(T_e, T_p))

    def _d_tp(self, T_e, T_p):
        Te, Tp = np.broadcast_arrays(np.atleast_1d(T_e), np.atleast_1d(T_p))
        out = -5.0 * self.sigma * self.volume * Tp**4
        sc = Te < self.Tc
        if np.any(sc):
            te, tp = Te[sc], Tp[sc]
            delta = bcs.gap(te, self.Tc, model=self.gap_model) / (k_B * te)
            ratio = te / tp
            x, w = _x_nodes(delta, ratio)
            z = x * ratio[:, None]  # ε/k_BT_p
            # ∂n(z)/∂T_p = (z/T_p) e^z/(e^z−1)² = (z/T_p) n(z)(1 + n(z))
            nz = bcs.bose_x(z)
            dn_dtp = z * nz * (1.0 + nz) / tp[:, None]
            integrand = -(x**3) * dn_dtp * _script_f(x, delta[:, None])
            out[sc] = self.sigma * self.volume * te**5 * np.sum(w * integrand, axis=-1) / (24.0 * zeta5)
        if np.ndim(T_e) == 0 and np.ndim(T_p) == 0:
            return float(out[0])
        return out


def eph_from_material(
    material: str,
    volume: float,
    *,
    superconducting: bool | None = None,
    gap_model: str = bcs.DEFAULT_GAP_MODEL,
    **overrides,
):
    """Build the coupling of ``volume`` m³ of ``material`` from :mod:`neqsc.materials`.

    ``superconducting`` defaults to the material's kind; superconductors use the Timofeev form (exponent 5 only).
    ``overrides`` may set ``sigma``, ``n`` or ``Tc`` explicitly.

    Parameters
    ----------
    material:
        Name of a material in :mod:`neqsc.materials` (must provide ``sigma_eph`` and, as needed, ``Tc`` or
        ``eph_exponent``).
    volume:
        Volume of the metal in m³ (> 0).
    superconducting:
        Force the superconducting (True) or normal (False) form; None: from the material's kind.
    gap_model:
        Δ(T) law of :func:`neqsc.bcs.gap`: ``"bcs"`` (weak-coupling self-consistency) or ``"tanh"``.
    **overrides:
        ``sigma`` (W m⁻³K⁻ⁿ), ``n`` (dimensionless) or ``Tc`` (K).

    Returns
    -------
    :class:`SuperconductingEPh` or :class:`PowerLawEPh`, labelled with the material's name.
    """
    volume = validation.positive("volume", volume, "m^3")
    mat = materials.get(material)
    sigma = overrides.pop("sigma", None)
    sigma = mat.require("sigma_eph") if sigma is None else sigma
    if superconducting is None:
        superconducting = mat.kind == "superconductor"
    if superconducting:
        Tc = overrides.pop("Tc", None)
        Tc = mat.require("Tc") if Tc is None else Tc
        n = overrides.pop("n", 5.0)
        if n != 5.0:
            raise InvalidParameter("n", n, "5 for the superconducting (Timofeev) form")
        if overrides:
            raise InvalidParameter("overrides", sorted(overrides), "sigma, n, Tc")
        return SuperconductingEPh(sigma, volume, Tc, gap_model, label=mat.name)
    n = overrides.pop("n", None)
    n = mat.require("eph_exponent") if n is None else n
    overrides.pop("Tc", None)
    if overrides:
        raise InvalidParameter("overrides", sorted(overrides), "sigma, n, Tc")
    return PowerLawEPh(sigma, volume, n, label=mat.name)
