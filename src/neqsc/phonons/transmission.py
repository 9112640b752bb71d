r"""Frequency- and angle-resolved phonon transmission through a solid–solid interface.

References: W. A. Little, "The transport of heat between dissimilar solids at low temperatures", Can. J. Phys. 37,
334 (1959); E. T. Swartz and R. O. Pohl, "Thermal boundary resistance", Rev. Mod. Phys. 61, 605 (1989), Secs. III–IV
and Appendix A; K. Aki and P. G. Richards, *Quantitative Seismology* (2nd ed., 2002), Sec. 5.2 (displacement–stress
vectors of P, SV and SH waves).

**AMM with mode conversion** (welded contact). Interface z = 0, medium 1 (z < 0) and medium 2 (z > 0), isotropic,
Lamé constants μ = ρc_t², λ = ρc_l² − 2μ. All waves share the horizontal slowness p = sinθ/c (Snell); the vertical
slowness of a wave of speed c is q = √(1/c² − p²), imaginary (Im q > 0) beyond its critical angle (evanescent).
A plane wave u = A d exp[iω(px ± qz − t)] has the displacement–stress vector b = (u_x, u_z, σ_zz/iω, σ_xz/iω)::

    P  (d = c(p, ±q)):   b = c (p, ±q, ρ(1 − 2c_t²p²), ±2ρc_t² p q)
    SV (d = c(±q, −p)):  b = c (±q, −p, ∓2ρc_t² p q, ρc_t²(q² − p²))

(upper sign: transmitted wave in 2 travelling +z; lower sign: reflected wave in 1 travelling −z, q → −q).
Continuity of u and of the normal traction (σ_zz, σ_xz) gives, for an incident P or SV wave of unit amplitude,
the 4 × 4 system B₂ (T_P, T_SV) − B₁ (R_P, R_SV) = b_inc. SH (u_y) decouples:
T = 2μ₁q₁/(μ₁q₁ + μ₂q₂), R = (μ₁q₁ − μ₂q₂)/(μ₁q₁ + μ₂q₂). The energy-flux coefficient of an outgoing mode k is the
ratio of normal energy fluxes (time average ½ρω²c|A|²cosθ, cosθ = c Re q)::

    e_k = ρ_k c_k² Re(q_k) |A_k|² / (ρ_inc c_inc² q_inc)

so evanescent modes carry none and Σ_k e_k = 1 (checked by the tests, not imposed). The transmission of an incident
mode j is t_j(θ) = Σ_{k ∈ 2} e_k. At equal p the mode-to-mode coefficients are reciprocal, e_{1a→2b} = e_{2b→1a};
integrated over the hemisphere this is detailed balance Σ_j Γ₁₂,j / c₁,j² = Σ_j Γ₂₁,j / c₂,j².

**Hemispherical average and Little's formula**::

    Γ_j = ∫₀^{π/2} t_j(θ) 2 sinθ cosθ dθ = 2 c_j² ∫₀^{1/c_j} t_j(p) p dp
    h_K(T) = π² k_B⁴ T³ / (30 ħ³) · Σ_{j ∈ L, SV, SH} Γ_j / c_j²

With a frequency filter f(ω) the Planck integral is done numerically:
h_K(T) = Σ_j Γ_j/(8π² c_j²) · (k_B⁴T³/ħ³) ∫₀^∞ x⁴eˣ/(eˣ − 1)² f(xk_BT/ħ) dx (= Little's formula for f = 1).

**DMM** (diffuse mismatch, Swartz & Pohl Sec. IV.B): a phonon forgets its side and mode; detailed balance fixes
t₁₂ = Σ_j c₂,j⁻² / (Σ_j c₁,j⁻² + Σ_j c₂,j⁻²), independent of θ, ω and mode, with t₁₂ + t₂₁ = 1 and
t₁₂ Σ_j c₁,j⁻² = t₂₁ Σ_j c₂,j⁻².

**Filters**: the total transmission is t(ω, θ) = t_interface(θ) · f(ω), f a callable of ω (rad/s) or a
:class:`LowPassFilter` f = 1/(1 + (ω/ω_c)^{2n}) (n = ∞: ideal step).

**Plate cooling power** (:func:`plate_cooling_power`). A filament between a plate C and a substrate B exchanges
phonons of frequency ω with each side at a rate ∝ g_X(ω) = f_X(ω) Σ_j Γ_{F→X,j}/c_{F,j}² (reciprocal, so the same
weight holds for phonons leaving and entering the filament). The plate's share of the filament's cycle-averaged net
spectrum ⟨F(ω)⟩ (W per unit ω̄ = ħω/k_BT; F < 0 in absorbing bands) is w_C = g_C/(g_C + g_B), and the heat drawn
from the plate is P_C = −∫ w_C(ω) ⟨F(ω)⟩ dω̄ (> 0: cooling). Ideal-filter bound: a plate that sees only the
absorbing bands (w_C = 1 where ⟨F⟩ < 0, 0 elsewhere) gets P_C,max = ∫ max(−⟨F⟩, 0) dω̄, and P_C <= P_C,max for any
pair of filters.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.constants import hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.phonons.kapitza import AcousticMedium, medium

__all__ = [
    "MODELS",
    "Interface",
    "LowPassFilter",
    "amm_coefficients",
    "dmm_transmission",
    "mode_gammas",
    "plate_cooling_power",
]

MODELS = ("amm", "amm-scalar", "dmm")
MODES = ("L", "SV", "SH")
_QUAD_NODES = 96  # Gauss–Legendre nodes per smooth segment in p (convergence checked in the tests)


def _speeds(m: AcousticMedium) -> dict[str, float]:
    return {"L": m.c_l, "SV": m.c_t, "SH": m.c_t}


def _vslow(c: float, p: np.ndarray) -> np.ndarray:
    """Vertical slowness q = √(1/c² − p²), principal branch (Im q ≥ 0: evanescent waves decay away from z = 0)."""
    return np.sqrt((1.0 / c**2 - p**2).astype(complex))


def _b_p(m: AcousticMedium, p, q) -> np.ndarray:
    """Displacement–stress vector of a P wave with vertical slowness q (sign included), shape (..., 4)."""
    mu = m.density * m.c_t**2
    c = m.c_l
    return c * np.stack([p + 0 * q, q, m.density - 2 * mu * p**2 + 0 * q, 2 * mu * p * q], axis=-1)


def _b_sv(m: AcousticMedium, p, q) -> np.ndarray:
    """Displacement–stress vector of an SV wave with vertical slowness q (sign included), shape (..., 4)."""
    mu = m.density * m.c_t**2
    c = m.c_t
    return c * np.stack([q, -p + 0 * q, -2 * mu * p * q, mu * (q**2 - p**2)], axis=-1)


def amm_coefficients(side1, side2, p, incident: str = "L") -> dict[str, np.ndarray]:
    """Energy-flux coefficients of the welded-contact AMM for a wave incident from ``side1`` at horizontal slowness p.

    Parameters
    ----------
    side1, side2 : str or AcousticMedium
        Incident and far medium (materials-table names or media with density in kg/m³, c_l, c_t in m/s).
    p : array_like
        Horizontal slowness sinθ₁/c₁,incident in s/m, 0 <= p < 1/c₁,incident (any shape).
    incident : {"L", "SV", "SH"}
        Incident mode (no units).

    Returns
    -------
    dict
        ``"R_L", "R_SV", "T_L", "T_SV"`` (P–SV problem) or ``"R_SH", "T_SH"`` (SH problem): dimensionless ratios of
        normal energy flux, each of p's shape; evanescent outgoing modes have 0.
    """
    if incident not in MODES:
        raise InvalidParameter("incident", incident, f"one of {MODES}")
    m1, m2 = medium(side1), medium(side2)
    p = np.asarray(p, dtype=float)
    c_inc = _speeds(m1)[incident]
    if np.any(p < 0) or np.any(p >= 1.0 / c_inc):
        raise InvalidParameter("p", p, f"0 <= p < 1/c = {1 / c_inc:.6g} s/m")
    qL1, qT1, qL2, qT2 = (_vslow(c, p) for c in (m1.c_l, m1.c_t, m2.c_l, m2.c_t))
    q_inc = (qL1 if incident == "L" else qT1).real

    def flux(m, c, q, amp):  # normal energy flux ∝ ρ c² Re(q) |A|², relative to the incident wave
        return m.density * c**2 * q.real * np.abs(amp) ** 2 / (m1.density * c_inc**2 * q_inc)

    if incident == "SH":
        z1, z2 = m1.density * m1.c_t**2 * qT1, m2.density * m2.c_t**2 * qT2
        t_amp = 2 * z1 / (z1 + z2)
        r_amp = (z1 - z2) / (z1 + z2)
        return {"R_SH": flux(m1, m1.c_t, qT1, r_amp), "T_SH": flux(m2, m2.c_t, qT2, t_amp)}
    b_inc = _b_p(m1, p, qL1) if incident == "L" else _b_sv(m1, p, qT1)
    mat = np.stack([_b_p(m2, p, qL2), _b_sv(m2, p, qT2), -_b_p(m1, p, -qL1), -_b_sv(m1, p, -qT1)], axis=-1)
    amp = np.linalg.solve(mat, b_inc[..., None])[..., 0]
    return {
        "T_L": flux(m2, m2.c_l, qL2, amp[..., 0]),
        "T_SV": flux(m2, m2.c_t, qT2, amp[..., 1]),
        "R_L": flux(m1, m1.c_l, qL1, amp[..., 2]),
        "R_SV": flux(m1, m1.c_t, qT1, amp[..., 3]),
    }


def _amm_t(m1: AcousticMedium, m2: AcousticMedium, p: np.ndarray, mode: str) -> np.ndarray:
    """Total transmission (sum over transmitted modes) of the mode-converting AMM at slowness p."""
    co = amm_coefficients(m1, m2, p, mode)
    return sum(v for k, v in co.items() if k.startswith("T_"))


def _scalar_t(m1: AcousticMedium, m2: AcousticMedium, p: np.ndarray, mode: str) -> np.ndarray:
    """The no-conversion scalar AMM of :mod:`neqsc.phonons.kapitza` (L → L, T → T with Z = ρc) at slowness p."""
    key = "c_l" if mode == "L" else "c_t"
    c1, c2 = getattr(m1, key), getattr(m2, key)
    q1, q2 = _vslow(c1, p), _vslow(c2, p)
    z1, z2 = m1.density * c1, m2.density * c2
    cos1, cos2 = c1 * q1.real, c2 * q2.real
    return np.where(q2.real > 0, 4 * z1 * z2 * cos1 * cos2 / np.maximum((z1 * cos2 + z2 * cos1) ** 2, 1e-300), 0.0)


def dmm_transmission(side1, side2) -> float:
    """DMM transmission t₁₂ = Σ_j c₂,j⁻² / (Σ_j c₁,j⁻² + Σ_j c₂,j⁻²), dimensionless.

    ``side1`` (where the phonons come from) and ``side2``: materials-table names or media (c_l, c_t in m/s).
    """
    s1 = sum(1 / c**2 for c in _speeds(medium(side1)).values())
    s2 = sum(1 / c**2 for c in _speeds(medium(side2)).values())
    return s2 / (s1 + s2)


def _segments(c_inc: float, breaks: list[float], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Quadrature nodes/weights on [0, 1/c_inc] split at the slowness breakpoints 1/c (square-root kinks there).

    On each segment [a, b] the substitution p = a + (b − a)(1 − cos πs)/2 removes the √ endpoint behaviour.
    """
    top = 1.0 / c_inc
    pts = sorted({0.0, top, *(x for x in breaks if 0.0 < x < top)})
    s, w = np.polynomial.legendre.leggauss(n)
    s, w = 0.5 * (s + 1), 0.5 * w
    nodes, weights = [], []
    for a, b in itertools.pairwise(pts):
        nodes.append(a + (b - a) * (1 - np.cos(np.pi * s)) / 2)
        weights.append(w * (b - a) * np.pi * np.sin(np.pi * s) / 2)
    return np.concatenate(nodes), np.concatenate(weights)


def mode_gammas(side1, side2, model: str = "amm", n: int = _QUAD_NODES) -> dict[str, float]:
    """Hemispherical transmissions Γ_j = ∫₀^{π/2} t_j(θ) 2 sinθ cosθ dθ for j = L, SV, SH (dimensionless).

    Parameters
    ----------
    side1, side2 : str or AcousticMedium
        Side the phonons come from and the far side (names in the materials table, or media in SI).
    model : {"amm", "amm-scalar", "dmm"}
        Mode-converting AMM, the scalar no-conversion AMM of :mod:`neqsc.phonons.kapitza`, or DMM (no units).
    n : int
        Gauss–Legendre nodes per smooth slowness segment (dimensionless).
    """
    if model not in MODELS:
        raise InvalidParameter("model", model, f"one of {MODELS}")
    m1, m2 = medium(side1), medium(side2)
    if model == "dmm":
        t = dmm_transmission(m1, m2)
        return dict.fromkeys(MODES, t)
    breaks = [1 / c for c in (m1.c_l, m1.c_t, m2.c_l, m2.c_t)]
    fn = _amm_t if model == "amm" else _scalar_t
    out = {}
    for mode in MODES:
        c = _speeds(m1)[mode]
        p, w = _segments(c, breaks, n)
        out[mode] = float(2 * c**2 * np.sum(w * p * fn(m1, m2, p, mode)))
    return out


@dataclasses.dataclass(frozen=True)
class LowPassFilter:
    """Phononic low-pass f(ω) = 1/(1 + (ω/ω_c)^{2·order}); ``omega_c`` in rad/s, ``order`` > 0 (inf: ideal step)."""

    omega_c: float
    order: float = 4.0

    def __post_init__(self) -> None:
        validation.positive("omega_c", self.omega_c, "rad/s")
        if not (isinstance(self.order, int | float) and self.order > 0):  # math.inf allowed: ideal step
            raise InvalidParameter("order", self.order, "a positive number or math.inf")

    def __call__(self, omega) -> np.ndarray:
        """Power transmission f(ω) (dimensionless) at angular frequency ``omega`` in rad/s (>= 0)."""
        x = np.asarray(omega, dtype=float) / self.omega_c
        if math.isinf(self.order):
            return np.where(x < 1.0, 1.0, np.where(x == 1.0, 0.5, 0.0))
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + x ** (2.0 * self.order))


@dataclasses.dataclass(frozen=True)
class Interface:
    """Phonon transmission from ``side1`` into ``side2``: t(ω, θ) = t_interface(θ) · filter(ω).

    Parameters
    ----------
    side1, side2 : str or AcousticMedium
        Near side (where the phonons come from) and far side: materials-table names or media (SI: kg/m³, m/s).
    model : {"amm", "amm-scalar", "dmm"}
        Interface model (no units), see :func:`mode_gammas`.
    filter : callable or None
        Power transmission f(ω) of a frequency filter, ω in rad/s (e.g. :class:`LowPassFilter`); None: f = 1.
    """

    side1: str | AcousticMedium
    side2: str | AcousticMedium
    model: str = "amm"
    filter: Callable | None = None

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise InvalidParameter("model", self.model, f"one of {MODELS}")
        object.__setattr__(self, "side1", medium(self.side1))
        object.__setattr__(self, "side2", medium(self.side2))

    def reverse(self) -> Interface:
        """The same interface seen from ``side2`` (same model and filter; no units)."""
        return Interface(self.side2, self.side1, self.model, self.filter)

    def gammas(self) -> dict[str, float]:
        """Γ_j for j = L, SV, SH (dimensionless, filter not included)."""
        return mode_gammas(self.side1, self.side2, self.model)

    def filter_values(self, omega) -> np.ndarray:
        """f(ω) (dimensionless) at ``omega`` in rad/s; 1 without a filter."""
        omega = np.asarray(omega, dtype=float)
        return np.ones_like(omega) if self.filter is None else np.asarray(self.filter(omega), dtype=float)

    def transmission(self, omega, theta, mode: str = "L") -> np.ndarray:
        """t(ω, θ) (dimensionless) for incident ``mode`` ("L", "SV", "SH"); ``omega`` in rad/s, ``theta`` in rad.

        Arrays broadcast; θ in [0, π/2] (grazing incidence π/2 transmits nothing).
        """
        theta = np.asarray(validation.in_range("theta", theta, 0.0, math.pi / 2, unit="rad"), dtype=float)
        if mode not in MODES:
            raise InvalidParameter("mode", mode, f"one of {MODES}")
        m1, m2 = self.side1, self.side2
        if self.model == "dmm":
            t = np.where(theta < math.pi / 2, dmm_transmission(m1, m2), 0.0)
        else:
            c = _speeds(m1)[mode]
            graze = theta >= math.pi / 2
            p = np.where(graze, 0.0, np.sin(theta) / c)
            t = (_amm_t if self.model == "amm" else _scalar_t)(m1, m2, p, mode)
            t = np.where(graze, 0.0, t)
        return t * self.filter_values(omega)

    def flux_weight(self) -> float:
        """Σ_j Γ_j / c₁,j² in s²/m² (the T³ coefficient of Little's formula divided by π²k_B⁴/(30ħ³))."""
        sp = _speeds(self.side1)
        return sum(g / sp[j] ** 2 for j, g in self.gammas().items())

    def spectral_transmission(self, omega) -> np.ndarray:
        """Fraction of an isotropic phonon flux of frequency ω (rad/s) in side 1 that crosses (dimensionless).

        ᾱ(ω) = f(ω) Σ_j (Γ_j/c_j²) / Σ_j c_j⁻² (modes weighted by their density of states ∝ c_j⁻³ times c_j).
        """
        sp = _speeds(self.side1)
        return self.flux_weight() / sum(1 / c**2 for c in sp.values()) * self.filter_values(omega)

    def kapitza_conductance(self, T, n_x: int = 16) -> np.ndarray:
        """Kapitza conductance h_K(T) in W m⁻² K⁻¹ for ``T`` in K (> 0); Little's formula, Planck integral with filter.

        ``n_x``: Gauss–Legendre nodes per unit panel of x = ħω/k_BT on [0, 50] when a filter is set (dimensionless);
        a filter with an ``omega_c`` attribute gets a panel edge at ħω_c/k_BT (exact for an ideal step).
        """
        T = np.asarray(validation.positive("T", T, "K"), dtype=float)
        little = math.pi**2 * k_B**4 / (30 * hbar**3) * self.flux_weight()
        if self.filter is None:
            return little * T**3
        s, w = np.polynomial.legendre.leggauss(n_x)

        def ratio(t: float) -> float:  # ∫ x⁴eˣ/(eˣ−1)² f dx / (4π⁴/15)
            edges = np.arange(0.0, 51.0)
            wc = getattr(self.filter, "omega_c", None)
            if wc is not None and 0 < hbar * wc / (k_B * t) < 50:
                edges = np.unique(np.append(edges, hbar * wc / (k_B * t)))
            a, b = edges[:-1, None], edges[1:, None]
            x = (a + (b - a) * (s + 1) / 2).ravel()
            wx = ((b - a) * w / 2).ravel()
            kern = x**4 * np.exp(-x) / (-np.expm1(-x)) ** 2
            return float(np.sum(wx * kern * self.filter_values(x * k_B * t / hbar)) / (4 * math.pi**4 / 15))

        r = np.vectorize(ratio)(T)
        return little * T**3 * r


def plate_cooling_power(
    spectra: xr.Dataset,
    filament,
    plate,
    substrate,
    *,
    model: str = "amm",
    plate_filter: Callable | None = None,
    substrate_filter: Callable | None = None,
) -> xr.Dataset:
    """Heat drawn from the plate by the filament's net phonon spectrum, P_C = −∫ w_C(ω) ⟨F(ω)⟩ dω̄, in W.

    Parameters
    ----------
    spectra : xarray.Dataset
        Phonon spectra with ``mean_flux`` (W per unit ω̄) on ``omega`` (ħω/k_BT) and attribute ``T`` in K, e.g.
        ``phonon_spectra(run, material, kinetics="relaxation")``.
    filament, plate, substrate : str or AcousticMedium
        Materials-table names or media (density in kg/m³, c_l, c_t in m/s).
    model : {"amm", "amm-scalar", "dmm"}
        Interface model for both interfaces (no units).
    plate_filter, substrate_filter : callable or None
        Power transmissions f(ω) (ω in rad/s, dimensionless values) in series with each interface.

    Returns
    -------
    xarray.Dataset
        ``plate_share`` w_C(ω) (1), ``plate_flux`` = w_C⟨F⟩ (W per unit ω̄), scalars ``cooling_power`` P_C (W, > 0
        cools the plate), ``ideal_filter_bound`` ∫max(−⟨F⟩, 0)dω̄ (W), ``net_power`` ∫⟨F⟩dω̄ (W) and
        ``bound_fraction`` P_C / bound (1).
    """
    if "mean_flux" not in spectra or "omega" not in spectra.coords:
        raise InvalidParameter("spectra", "Dataset", "phonon spectra with mean_flux(omega)")
    T = validation.positive("spectra.attrs['T']", spectra.attrs.get("T", float("nan")), "K")
    wbar = np.asarray(spectra["omega"].values, dtype=float)
    flux = np.asarray(spectra["mean_flux"].values, dtype=float)
    omega = wbar * k_B * T / hbar
    ic = Interface(filament, plate, model, plate_filter)
    ib = Interface(filament, substrate, model, substrate_filter)
    gc = ic.flux_weight() * ic.filter_values(omega)
    gb = ib.flux_weight() * ib.filter_values(omega)
    tot = gc + gb
    share = np.divide(gc, tot, out=np.zeros_like(tot), where=tot > 0)
    wq = np.zeros_like(wbar)  # trapezoid weights on the (possibly non-uniform) ω̄ grid
    if wbar.size > 1:
        d = np.diff(wbar)
        wq[:-1] += 0.5 * d
        wq[1:] += 0.5 * d
    cooling = float(-(share * flux) @ wq)
    bound = float(np.maximum(-flux, 0.0) @ wq)
    W = {"units": "W", "long_name": "dW/d(ħω/k_BT)"}
    return xr.Dataset(
        {
            "plate_share": ("omega", share, {"units": "1", "long_name": "w_C = g_C/(g_C + g_B)"}),
            "plate_flux": ("omega", share * flux, {**W, "long_name": "plate part of ⟨F⟩"}),
            "cooling_power": ((), cooling, {"units": "W", "long_name": "heat drawn from the plate"}),
            "ideal_filter_bound": ((), bound, {"units": "W", "long_name": "∫max(−⟨F⟩, 0)dω̄"}),
            "net_power": ((), float(flux @ wq), {"units": "W", "long_name": "∫⟨F⟩dω̄"}),
            "bound_fraction": ((), cooling / bound if bound > 0 else float("nan"), {"units": "1"}),
        },
        coords={
            "omega": ("omega", wbar, {"units": "k_B T"}),
            "angular_frequency": ("omega", omega, {"units": "rad/s"}),
        },
        attrs={
            "neqsc_kind": "plate_cooling",
            "model": model,
            "filament": ic.side1.name,
            "plate": ic.side2.name,
            "substrate": ib.side2.name,
            "T": T,
        },
    )
