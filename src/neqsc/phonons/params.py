"""Material and geometry parameters of a PSC filament for the SI prefactor of Eq. 12 and the cooler.

All constants — acoustic data (ρ, c_l), Tc, resistivity, diffusion and the electron–phonon constants λ, θ_D, ε_F —
come from :mod:`neqsc.materials` (``materials.toml`` with sources); any of them can be overridden. Missing values
raise :class:`~neqsc.errors.InvalidParameter` naming the constant.

The sound speed is called ``c_s`` (never ``u``: u = 5.79 is the TDGL constant).
"""

from __future__ import annotations

import dataclasses

from neqsc import materials, validation
from neqsc.errors import InvalidParameter

__all__ = ["PhononMaterial", "tdgl_units"]


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
    def from_table(cls, name: str | materials.Material, **overrides: float) -> PhononMaterial:
        """Build from ``materials.toml`` (a name) or a :class:`~neqsc.materials.Material` (e.g. a Wire's film
        material); ``overrides`` (SI: Tc K, c_s m/s, density kg/m³, resistivity Ω m, diffusion m²/s, eps_F J) win."""
        mat = name if isinstance(name, materials.Material) else materials.get(name)
        values: dict[str, float] = {}
        for field, source in (
            ("Tc", "Tc"),
            ("c_s", "c_l"),
            ("density", "density"),
            ("resistivity", "resistivity"),
            ("diffusion", "diffusion"),
            ("lam", "lam"),
            ("theta_D", "theta_D"),
            ("eps_F", "eps_F"),
        ):
            if field in overrides:
                values[field] = overrides[field]
            elif getattr(mat, source) is not None:
                values[field] = getattr(mat, source)
            else:
                raise InvalidParameter(
                    f"{mat.name}.{field}",
                    None,
                    "a value (material constant needed for the Eq. 12 prefactor and the TDGL units)",
                    hint=f"no {source} tabulated for {mat.name}; pass {field}=... explicitly",
                )
        return cls(name=mat.name, **values)

    @property
    def acoustic_impedance(self) -> float:
        """Z = ρ c_s (kg m⁻² s⁻¹)."""
        return self.density * self.c_s


def tdgl_units(material: PhononMaterial, T_over_Tc: float) -> dict[str, float]:
    """SI units of the dimensionless TDGL variables at T = T_over_Tc·Tc (paper Appendix A, ``docs/tdgl.md``).

    The scales of :func:`neqsc.tdgl.wire.reduced_units` (the same numbers a :class:`neqsc.tdgl.Wire` of this
    material at this T uses): ``T`` (K), ``eta``, ``Delta0`` (J), ``xi`` (m, dirty limit √(πħD/(8k_B(Tc−T)))),
    ``t0`` (s, πħ/(8u k_B(Tc−T))), ``V0`` (V, ħ/(2e t0)) and ``j0`` (A/m², σ_n V0/ξ).
    """
    from neqsc.tdgl.wire import reduced_units

    t = validation.in_range("T_over_Tc", T_over_Tc, 0.0, 1.0, closed="neither")
    return reduced_units(material.Tc, material.resistivity, material.diffusion, t * material.Tc)
