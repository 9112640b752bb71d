"""Material and geometry parameters of a PSC filament for the SI prefactor of Eq. 12 and the cooler.

Acoustic data (ρ, c_l, c_t), Tc, resistivity and diffusion come from :mod:`neqsc.materials` (``materials.toml``
with sources). The electron–phonon constants λ, θ_D and ε_F are not in that table; they are kept here
(``ELECTRON_PHONON``) — approximate handbook values, not verified against a primary source — and any of them can be
overridden. Missing values raise :class:`~neqsc.errors.InvalidParameter` naming the constant.

The sound speed is called ``c_s`` (never ``u``: u = 5.79 is the TDGL constant).
"""

from __future__ import annotations

import dataclasses
import math

from neqsc import materials, validation
from neqsc.constants import eV, hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.phonons.spectral import DELTA0_OVER_KTC_PER_SQRT_ETA

__all__ = ["ELECTRON_PHONON", "PhononMaterial", "tdgl_units"]

#: λ (dimensionless), θ_D (K), ε_F (eV) — approximate handbook values (unverified) (Nb λ: middle of 0.8–1.0).
ELECTRON_PHONON: dict[str, dict[str, float]] = {
    "Al": {"lam": 0.43, "theta_D": 428.0, "eps_F_eV": 11.7},
    "Nb": {"lam": 0.9, "theta_D": 275.0, "eps_F_eV": 5.3},
    "NbN": {"lam": 1.2, "theta_D": 300.0, "eps_F_eV": 7.0},
    "Sn": {"lam": 0.72, "theta_D": 200.0, "eps_F_eV": 10.2},
}


@dataclasses.dataclass(frozen=True)
class PhononMaterial:
    """Filament material constants (SI): Tc K, lam 1, theta_D K, eps_F J, c_s m/s (longitudinal sound speed),
    density kg/m³, resistivity Ω m, diffusion m²/s."""

    name: str
    Tc: float
    lam: float
    theta_D: float
    eps_F: float
    c_s: float
    density: float
    resistivity: float
    diffusion: float

    def __post_init__(self) -> None:
        for field in ("Tc", "lam", "theta_D", "eps_F", "c_s", "density", "resistivity", "diffusion"):
            validation.positive(f"{self.name}.{field}", getattr(self, field))

    @classmethod
    def from_table(cls, name: str, **overrides: float) -> PhononMaterial:
        """Build from ``materials.toml`` + ``ELECTRON_PHONON``; ``overrides`` (SI, eps_F in J) win."""
        mat = materials.get(name)
        eph = ELECTRON_PHONON.get(mat.name, {})
        values: dict[str, float] = {}
        for field, source in (
            ("Tc", "Tc"),
            ("c_s", "c_l"),
            ("density", "density"),
            ("resistivity", "resistivity"),
            ("diffusion", "diffusion"),
        ):
            values[field] = overrides[field] if field in overrides else mat.require(source)
        for field, key, scale in (("lam", "lam", 1.0), ("theta_D", "theta_D", 1.0), ("eps_F", "eps_F_eV", eV)):
            if field in overrides:
                values[field] = overrides[field]
            elif key in eph:
                values[field] = eph[key] * scale
            else:
                raise InvalidParameter(
                    f"{mat.name}.{field}",
                    None,
                    "a value (electron–phonon constant needed for the Eq. 12 prefactor)",
                    hint=f"no {field} tabulated for {mat.name}; pass {field}=... explicitly",
                )
        return cls(name=mat.name, **values)

    @property
    def acoustic_impedance(self) -> float:
        """Z = ρ c_s (kg m⁻² s⁻¹)."""
        return self.density * self.c_s


def tdgl_units(material: PhononMaterial, T_over_Tc: float) -> dict[str, float]:
    """SI units of the dimensionless TDGL variables at T = T_over_Tc·Tc (paper Appendix A, ``docs/tdgl.md``).

    Returns ``T`` (K), ``Delta0`` (J), ``xi`` (m, dirty limit √(πħD/(8k_B(Tc−T)))), ``t0`` (s, πħ/(8u k_B(Tc−T))),
    ``V0`` (V, ħ/(2e t0)) and ``j0`` (A/m², σ_n V0/ξ).
    """
    from neqsc.constants import e, u_tdgl

    t = validation.in_range("T_over_Tc", T_over_Tc, 0.0, 1.0, closed="neither")
    eta = 1.0 - t
    dT = material.Tc * eta
    xi = math.sqrt(math.pi * hbar * material.diffusion / (8.0 * k_B * dT))
    t0 = math.pi * hbar / (8.0 * u_tdgl * k_B * dT)
    V0 = hbar / (2.0 * e * t0)
    return {
        "T": t * material.Tc,
        "Delta0": DELTA0_OVER_KTC_PER_SQRT_ETA * k_B * material.Tc * math.sqrt(eta),
        "xi": xi,
        "t0": t0,
        "V0": V0,
        "j0": V0 / (material.resistivity * xi),
    }
