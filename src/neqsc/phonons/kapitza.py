r"""Acoustic mismatch model (AMM): interface transmission, Kapitza conductance, and the AMM thermal diode.

References: Little, Can. J. Phys. 37, 334 (1959); Swartz & Pohl, Rev. Mod. Phys. 61, 605 (1989).
Paper context: Mowgood et al., *phase-slip centers as cooling engines*, Sec. 3.2 (thermal diodes, Fig. 3).

Simple (scalar) AMM, applied to each acoustic mode j ∈ {L, T, T} separately with Z_j = ρ v_j and **no mode
conversion** (Little's full treatment differs by tens of percent in h_K)::

    t₁₂(θ₁) = 4 Z₁Z₂ cosθ₁ cosθ₂ / (Z₁ cosθ₂ + Z₂ cosθ₁)²,   sinθ₂ / v₂ = sinθ₁ / v₁
    t₁₂ = 0 for θ₁ > θ_c = arcsin(v₁/v₂)   (only if v₁ < v₂: incidence from the *slower* medium)
    Γ₁₂ = ∫₀^{π/2} t₁₂(θ) 2 sinθ cosθ dθ       (hemispherical, flux-weighted average)
    h_K(T) = Σ_j π² k_B⁴ Γ₁₂,j T³ / (30 ħ³ v₁,j²)   [W m⁻² K⁻¹]

``model="amm"`` or ``"dmm"`` in :func:`kapitza_conductance`, :func:`flux_weight`, :func:`amm_diode` and
:func:`kapitza_dataset` route through :mod:`neqsc.phonons.transmission` (welded-contact AMM with L/SV mode
conversion and SH, or the diffuse mismatch model); the default ``"amm-scalar"`` is the model above.

Two consequences kept explicit (both checked by tests):

* Critical angles follow from **sound speeds alone**. The paper (Sec. 3.2) ties total internal reflection to the
  acoustic impedance ρu; for the usual stacks (e.g. Al between PMMA and sapphire) the critical angle occurs on the
  filament → substrate side (v_Al < v_sapphire), not filament → plate.
* Reciprocity Γ₁₂/v₁² = Γ₂₁/v₂²: equal-temperature Planck populations exchange no net heat, so AMM alone
  rectifies nothing. Only non-thermal phonons (the PSC's pulsed emission) feel the asymmetry; a diode efficiency
  p > ½ must come from that or from the user (:func:`amm_diode`).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import xarray as xr
from scipy import integrate

from neqsc import materials, validation
from neqsc.constants import hbar, k_B
from neqsc.errors import InvalidParameter

__all__ = [
    "AcousticMedium",
    "Diode",
    "amm_diode",
    "critical_angle",
    "hemispherical_transmission",
    "kapitza_conductance",
    "kapitza_dataset",
    "medium",
    "transmission",
]


@dataclasses.dataclass(frozen=True)
class AcousticMedium:
    """Density (kg/m³) and sound speeds c_l, c_t (m/s)."""

    name: str
    density: float
    c_l: float
    c_t: float

    def __post_init__(self) -> None:
        for f in ("density", "c_l", "c_t"):
            validation.positive(f"{self.name}.{f}", getattr(self, f))

    def modes(self) -> list[tuple[str, float]]:
        """(mode, speed) for the three acoustic branches L, T, T."""
        return [("L", self.c_l), ("T", self.c_t), ("T", self.c_t)]


def medium(name: str | AcousticMedium) -> AcousticMedium:
    """An :class:`AcousticMedium` from the materials table (density, c_l, c_t must be present)."""
    if isinstance(name, AcousticMedium):
        return name
    m = materials.get(name)
    return AcousticMedium(m.name, m.require("density"), m.require("c_l"), m.require("c_t"))


def critical_angle(v1: float, v2: float) -> float:
    """θ_c = arcsin(v₁/v₂) (rad) for incidence from medium 1 on medium 2; π/2 (no TIR) if v₁ >= v₂."""
    v1 = validation.positive("v1", v1, "m/s")
    v2 = validation.positive("v2", v2, "m/s")
    return math.asin(v1 / v2) if v1 < v2 else math.pi / 2


def transmission(theta1, Z1: float, Z2: float, v1: float, v2: float) -> np.ndarray:
    """Energy transmission t₁₂(θ₁) of the scalar AMM; θ₁ in rad in [0, π/2], Z in kg m⁻² s⁻¹, v in m/s."""
    Z1 = validation.positive("Z1", Z1)
    Z2 = validation.positive("Z2", Z2)
    theta1 = validation.in_range("theta1", theta1, 0.0, math.pi / 2, unit="rad")
    th = np.asarray(theta1, dtype=float)
    s2 = np.sin(th) * (validation.positive("v2", v2) / validation.positive("v1", v1))
    ok = s2 < 1.0
    c1 = np.cos(th)
    c2 = np.sqrt(np.clip(1.0 - s2**2, 0.0, None))
    t = np.where(ok, 4 * Z1 * Z2 * c1 * c2 / np.maximum((Z1 * c2 + Z2 * c1) ** 2, 1e-300), 0.0)
    return t


def hemispherical_transmission(Z1: float, Z2: float, v1: float, v2: float) -> float:
    """Γ₁₂ = ∫₀^{θ_c} t₁₂(θ) 2 sinθ cosθ dθ (dimensionless, in [0, 1])."""
    thc = critical_angle(v1, v2)
    val, _ = integrate.quad(
        lambda th: float(transmission(th, Z1, Z2, v1, v2)) * math.sin(2 * th), 0.0, thc, limit=200, epsabs=1e-12
    )
    return val


def _mode_gammas(m1: AcousticMedium, m2: AcousticMedium, model: str = "amm-scalar") -> list[tuple[float, float]]:
    """(Γ₁₂,j, v₁,j) for j = L, T, T with Z_j = ρ v_j on each side (scalar); j = L, SV, SH for other models."""
    if model != "amm-scalar":
        from neqsc.phonons.transmission import mode_gammas

        g = mode_gammas(m1, m2, model)
        return [(g["L"], m1.c_l), (g["SV"], m1.c_t), (g["SH"], m1.c_t)]
    out = []
    for (_, v1), (_, v2) in zip(m1.modes(), m2.modes(), strict=True):
        out.append((hemispherical_transmission(m1.density * v1, m2.density * v2, v1, v2), v1))
    return out


def kapitza_conductance(side1, side2, T, model: str = "amm-scalar") -> np.ndarray:
    """AMM Kapitza conductance h_K(T) in W m⁻² K⁻¹ for heat flowing from ``side1`` to ``side2`` (names or media).

    ``T`` in K (> 0), scalar or array. Reciprocity makes h_K(1→2) = h_K(2→1). ``model``: ``"amm-scalar"``
    (default, no mode conversion), ``"amm"`` (mode conversion) or ``"dmm"`` (no units).
    """
    T = validation.positive("T", T, "K")
    m1, m2 = medium(side1), medium(side2)
    pref = sum(g / v**2 for g, v in _mode_gammas(m1, m2, model))
    return math.pi**2 * k_B**4 * pref * np.asarray(T) ** 3 / (30.0 * hbar**3)


def flux_weight(side1, side2, model: str = "amm-scalar") -> float:
    """Σ_j Γ₁₂,j / v₁,j² (s²/m²): the rate (∝ this) at which an isotropic phonon population in 1 crosses into 2.

    ``model`` as in :func:`kapitza_conductance` (no units).
    """
    return sum(g / v**2 for g, v in _mode_gammas(medium(side1), medium(side2), model))


@dataclasses.dataclass(frozen=True)
class Diode:
    """AMM thermal-diode numbers for a filament between a top plate and a substrate.

    ``a1``: fraction of isotropic filament phonons (emission, Joule heat) leaving into the plate.
    ``p_emit = 1 − a1``: fraction of the PSC's emitted flux sent to the substrate.
    ``p_abs``: fraction of the absorbed flux drawn from the plate in the paper's picture (per-phonon transmission
    probabilities Γ_C→F vs Γ_B→F, populations ignored). ``p = ½(p_emit + p_abs)`` (the paper's "certain average",
    footnote ‖). With Planck populations on both sides reciprocity gives a thermal fill fraction ``a1`` from the
    plate, and then the pump cancels exactly (``p_thermal = ½`` effective).
    """

    a1: float
    p_emit: float
    p_abs: float
    p: float
    gamma_fc: float
    gamma_fb: float
    gamma_cf: float
    gamma_bf: float


def amm_diode(filament, plate, substrate, model: str = "amm-scalar") -> Diode:
    """Diode efficiency p and Joule split a₁ from AMM transmissions (names in the materials table or media).

    ``model`` as in :func:`kapitza_conductance` (no units; dimensionless results).
    """
    f, c, b = medium(filament), medium(plate), medium(substrate)
    w_fc, w_fb = flux_weight(f, c, model), flux_weight(f, b, model)
    a1 = w_fc / (w_fc + w_fb)

    def mean_gamma(m1, m2):
        return float(np.mean([g for g, _ in _mode_gammas(m1, m2, model)]))

    g_cf, g_bf = mean_gamma(c, f), mean_gamma(b, f)
    if g_cf + g_bf <= 0:
        raise InvalidParameter("stack", (plate, substrate), "media with non-zero AMM transmission into the filament")
    p_abs = g_cf / (g_cf + g_bf)
    p_emit = 1.0 - a1
    return Diode(a1, p_emit, p_abs, 0.5 * (p_emit + p_abs), mean_gamma(f, c), mean_gamma(f, b), g_cf, g_bf)


def kapitza_dataset(pairs, T, model: str = "amm-scalar") -> xr.Dataset:
    """h_K(T) (W m⁻² K⁻¹), Γ per mode and critical angles for (side1, side2) material pairs; ``T`` in K.

    ``model`` as in :func:`kapitza_conductance` (no units). ``Gamma`` holds Γ_L and Γ_T (scalar) or Γ_SV
    (other models; Γ_SH is in :func:`neqsc.phonons.transmission.mode_gammas`).
    """
    T = np.atleast_1d(validation.positive("T", T, "K"))
    names = [f"{a}/{b}" for a, b in pairs]
    hk = np.array([kapitza_conductance(a, b, T, model) for a, b in pairs])
    gam = np.array([[g for g, _ in _mode_gammas(medium(a), medium(b), model)][:2] for a, b in pairs])
    crit = np.array(
        [[math.degrees(critical_angle(v1, v2)) for (_, v1), (_, v2) in zip(medium(a).modes()[:2], medium(b).modes()[:2],
                                                                          strict=True)] for a, b in pairs]
    )  # fmt: skip
    return xr.Dataset(
        {
            "h_K": (("pair", "T"), hk, {"units": "W m-2 K-1", "long_name": "AMM Kapitza conductance"}),
            "Gamma": (("pair", "mode"), gam, {"units": "1", "long_name": "hemispherical transmission Γ₁₂"}),
            "critical_angle": (("pair", "mode"), crit, {"units": "deg", "long_name": "θ_c (90 = none)"}),
        },
        coords={"pair": ("pair", names), "T": ("T", T, {"units": "K"}), "mode": ("mode", ["L", "T"])},
        attrs={
            "neqsc_kind": "kapitza",
            "model": "scalar AMM per mode, Z = ρv, no mode conversion" if model == "amm-scalar" else model,
        },
    )
