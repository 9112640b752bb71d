"""Material parameters with their sources (``neqsc/data/materials.toml``) and the quantities derived from them.

``get("Al")`` returns a :class:`Material` whose attributes are SI floats (or ``None`` where the table has no
value); ``Material.sources`` maps each field to the reference it came from or ``"typical"``. Asking for a value
that is missing raises :class:`~neqsc.errors.InvalidParameter` via :meth:`Material.require`.

Thin films are not the bulk: ``get("Al", resistivity=5e-8, Tc=1.3)`` (or ``material.with_overrides(...)``) returns a
copy with per-device values. Overriding ρ alone rescales D (and D alone rescales ρ) so that the Einstein relation
1/ρ = 2e²N0D keeps holding with the tabulated single-spin density of states N0 (``dos``); overriding Tc alone
rescales Δ0 ∝ Tc, the BCS ξ0 ∝ 1/Tc and Kaplan's τ0 ∝ Tc⁻³ (τ0 = Z₁ħ/(2πb(k_BTc)³) for a fixed α²F = bΩ², so the
physical scattering rate does not change).

Derived quantities (one place for all engines):

* dirty-limit Ginzburg–Landau coherence length ξ(T) = √(πħD/(8k_B(Tc − T))) (:meth:`Material.xi_gl`);
* inelastic (electron–phonon) time τ_ε(T) (:meth:`Material.inelastic_time`), either Kaplan's normal-state
  scattering time of an electron at the Fermi level, τ_ε = τ0/(7ζ(3))·(Tc/T)³ (S. B. Kaplan et al., Phys. Rev. B
  14, 4854 (1976), with α²F = bΩ²), or the energy-relaxation time C_e/G_e-ph = (2π²/3)N0k_B²T/(nΣT^(n−1)) from the
  measured coupling Σ of P = ΣV(T_e^n − T_ph^n).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import tomllib
from importlib import resources

import numpy as np

from neqsc import validation
from neqsc.constants import e, eV, hbar, k_B, zeta3, zeta5
from neqsc.errors import InvalidParameter

__all__ = ["FIELDS", "INELASTIC_MODELS", "Material", "get", "names", "sigma_from_tau0"]

FIELDS: dict[str, tuple[str, str]] = {
    # name: (unit, description)
    "Tc": ("K", "critical temperature"),
    "gap0": ("J", "zero-temperature gap Δ0"),
    "resistivity": ("ohm m", "normal-state resistivity"),
    "diffusion": ("m^2/s", "electron diffusion constant"),
    "sigma_eph": ("W m^-3 K^-n", "electron–phonon coupling constant Σ"),
    "eph_exponent": ("", "electron–phonon power-law exponent n"),
    "density": ("kg/m^3", "mass density ρ"),
    "c_l": ("m/s", "longitudinal sound velocity"),
    "c_t": ("m/s", "transverse sound velocity"),
    "tau0": ("s", "Kaplan characteristic electron–phonon time τ0"),
    "dos": ("J^-1 m^-3", "single-spin density of states at the Fermi level N0"),
    "fermi_velocity": ("m/s", "Fermi velocity v_F"),
    "xi0": ("m", "BCS coherence length ξ0"),
    "lam": ("", "electron–phonon coupling constant λ"),
    "theta_D": ("K", "Debye temperature θ_D"),
    "eps_F": ("J", "Fermi energy ε_F"),
}

#: Models of :meth:`Material.inelastic_time`.
INELASTIC_MODELS = ("kaplan", "eph")

# Fields whose value follows Tc when only Tc is overridden, with the power of Tc_new/Tc_old they scale with.
_FOLLOW_TC = {"gap0": 1.0, "xi0": -1.0, "tau0": -3.0}


@dataclasses.dataclass(frozen=True)
class Material:
    """One material's parameters (SI). ``None`` means the table has no value.

    Parameters
    ----------
    name:
        Material name as in the table.
    kind:
        ``"superconductor"``, ``"normal"`` or ``"insulator"``.
    Tc:
        Critical temperature [K].
    gap0:
        Zero-temperature gap Δ0 [J].
    resistivity:
        Normal-state resistivity [Ω m].
    diffusion:
        Electron diffusion constant [m²/s].
    sigma_eph:
        Electron–phonon coupling constant Σ [W m⁻³ K⁻ⁿ].
    eph_exponent:
        Electron–phonon power-law exponent n (dimensionless).
    density:
        Mass density ρ [kg/m³].
    c_l, c_t:
        Longitudinal and transverse sound velocities [m/s].
    tau0:
        Kaplan characteristic electron–phonon time τ0 [s].
    dos:
        Single-spin density of states at the Fermi level N0 [J⁻¹ m⁻³].
    fermi_velocity:
        Fermi velocity v_F [m/s].
    xi0:
        BCS coherence length ξ0 [m].
    lam:
        Electron–phonon coupling constant λ (dimensionless).
    theta_D:
        Debye temperature θ_D [K].
    eps_F:
        Fermi energy ε_F [J].
    description:
        Free text.
    sources:
        Reference for each field's value (field name → source).
    """

    name: str
    kind: str
    Tc: float | None = None
    gap0: float | None = None
    resistivity: float | None = None
    diffusion: float | None = None
    sigma_eph: float | None = None
    eph_exponent: float | None = None
    density: float | None = None
    c_l: float | None = None
    c_t: float | None = None
    tau0: float | None = None
    dos: float | None = None
    fermi_velocity: float | None = None
    xi0: float | None = None
    lam: float | None = None
    theta_D: float | None = None
    eps_F: float | None = None
    description: str = ""
    sources: dict[str, str] = dataclasses.field(default_factory=dict)

    def require(self, field: str) -> float:
        """Return ``field``'s value or raise :class:`InvalidParameter` naming the missing constant."""
        value = getattr(self, field)
        if value is None:
            raise InvalidParameter(
                f"{self.name}.{field}",
                None,
                f"a value for {FIELDS[field][1]} ({FIELDS[field][0]})",
                hint=f"the materials table has no {field} for {self.name}; pass it explicitly",
            )
        return float(value)

    @property
    def acoustic_impedance(self) -> float:
        """Longitudinal acoustic impedance Z = ρ c_l in kg m⁻² s⁻¹ (Rayl)."""
        return self.require("density") * self.require("c_l")

    def with_overrides(self, **values: float) -> Material:
        """A copy with per-device values (SI floats, field names of :data:`FIELDS`); sources become ``"override"``.

        Derived values follow: ρ alone rescales D (D alone rescales ρ) at fixed ρD (Einstein relation with the
        tabulated ``dos``); Tc alone rescales Δ0 ∝ Tc, ξ0 ∝ 1/Tc and τ0 ∝ Tc⁻³. A value given explicitly always wins.
        """
        unknown = sorted(set(values) - set(FIELDS))
        if unknown:
            raise InvalidParameter(unknown[0], values[unknown[0]], "one of " + ", ".join(FIELDS))
        if not values:
            return self
        new = {k: validation.positive(f"{self.name}.{k}", float(v), FIELDS[k][0]) for k, v in values.items()}
        for given, other in (("resistivity", "diffusion"), ("diffusion", "resistivity")):
            if given in new and other not in new:
                old_given, old_other = getattr(self, given), getattr(self, other)
                if old_given is not None and old_other is not None:
                    new[other] = old_other * old_given / new[given]
        if "Tc" in new and self.Tc is not None:
            ratio = new["Tc"] / self.Tc
            for field, power in _FOLLOW_TC.items():
                if field not in new and getattr(self, field) is not None:
                    new[field] = getattr(self, field) * ratio**power
        sources = dict(self.sources)
        for field in new:
            follows = "Einstein relation" if field in ("resistivity", "diffusion") else "Tc"
            sources[field] = "override" if field in values else f"override (follows {follows})"
        return dataclasses.replace(self, sources=sources, **new)

    @property
    def einstein_ratio(self) -> float:
        """2e²N0Dρ, which the Einstein relation 1/ρ = 2e²N0D makes equal to 1."""
        return 2.0 * e**2 * self.require("dos") * self.require("diffusion") * self.require("resistivity")

    def xi_gl(self, T) -> np.ndarray | float:
        """Dirty-limit Ginzburg–Landau coherence length ξ(T) = √(πħD/(8k_B(Tc − T))) in m, for 0 ≤ T < Tc (K).

        Vectorised over ``T``; T ≥ Tc raises :class:`InvalidParameter`.
        """
        Tc = self.require("Tc")
        T_arr = self._temperatures(T, upper=Tc)
        out = np.sqrt(math.pi * hbar * self.require("diffusion") / (8.0 * k_B * (Tc - T_arr)))
        return float(out) if np.ndim(T) == 0 else out

    @property
    def xi_gl0(self) -> float:
        """Zero-temperature extrapolation of the GL length, √(πħD/(8k_BTc)) in m (ξ(T) = ξ_GL(0)/√(1 − T/Tc))."""
        return math.sqrt(math.pi * hbar * self.require("diffusion") / (8.0 * k_B * self.require("Tc")))

    def inelastic_time(self, T, model: str = "kaplan") -> np.ndarray | float:
        """Inelastic electron–phonon time τ_ε(T) in s at temperature ``T`` (K, scalar or array, > 0).

        ``model="kaplan"``: Kaplan et al. (1976) normal-state scattering time of an electron at the Fermi level for
        α²F = bΩ², τ_ε = τ0/(7ζ(3))·(Tc/T)³ (needs ``tau0``, ``Tc``). This is the τ_ε of the generalized TDGL
        equations near Tc.

        ``model="eph"``: energy-relaxation time of the electron gas from the measured coupling of
        P = ΣV(T_e^n − T_ph^n), τ_ε = C_e/G_e-ph = (2π²/3)N0k_B²T / (nΣT^(n−1)) (needs ``dos``, ``sigma_eph``,
        ``eph_exponent``).

        For the same α²F = bΩ² (n = 5) the two are proportional: Σ = 48ζ(5)N0k_B²/(τ0Tc³)
        (:func:`sigma_from_tau0`) gives τ_eph/τ_kaplan = 14π²ζ(3)/(720ζ(5)) = 0.2225 at every T. Measured Σ of
        Al films is ≈ 7 times smaller than this Kaplan value, so the two models differ by ≈ 1.6 for Al.
        """
        model = validation.one_of("model", model, INELASTIC_MODELS)
        T_arr = self._temperatures(T, upper=None)
        if np.any(T_arr <= 0.0):
            raise InvalidParameter("T", T, "> 0 K (the inelastic time diverges at T = 0)")
        if model == "kaplan":
            tau = self.require("tau0") / (7.0 * zeta3) * (self.require("Tc") / T_arr) ** 3
        else:
            n = self.require("eph_exponent")
            c_over_t = 2.0 * math.pi**2 / 3.0 * self.require("dos") * k_B**2
            tau = c_over_t * T_arr / (n * self.require("sigma_eph") * T_arr ** (n - 1.0))
        return float(tau) if np.ndim(T) == 0 else tau

    def _temperatures(self, T, upper: float | None) -> np.ndarray:
        T_arr = np.asarray(T, dtype=float)
        if not np.all(np.isfinite(T_arr)) or np.any(T_arr < 0.0):
            raise InvalidParameter("T", T, "finite temperatures ≥ 0 K")
        if upper is not None and np.any(T_arr >= upper):
            raise InvalidParameter("T", T, f"< Tc = {upper:g} K of {self.name} (the superconducting state)")
        return T_arr


def sigma_from_tau0(material: Material) -> float:
    """Electron–phonon Σ (W m⁻³ K⁻⁵) implied by Kaplan's τ0 for α²F = bΩ²: Σ = 48ζ(5)N0k_B²/(τ0Tc³).

    From the energy-loss rate P = 4πN0/(ħZ₁) ∫dΩ Ω² α²F(Ω)[n(Ω, T_e) − n(Ω, T_ph)] with b/Z₁ = ħ/(2πτ0(k_BTc)³).
    ``material`` must provide ``dos`` (J⁻¹ m⁻³), ``tau0`` (s) and ``Tc`` (K).
    """
    return 48.0 * zeta5 * material.require("dos") * k_B**2 / (material.require("tau0") * material.require("Tc") ** 3)


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, dict]:
    text = resources.files("neqsc").joinpath("data/materials.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def names() -> list[str]:
    """Names of all materials in the table."""
    return list(_table())


def get(name: str, **overrides: float) -> Material:
    """Look up a material by name (case-insensitive); ``overrides`` (SI) are applied by :meth:`Material.with_overrides`.

    Unknown names raise :class:`InvalidParameter`.
    """
    table = _table()
    lookup = {k.lower(): k for k in table}
    key = lookup.get(str(name).lower())
    if key is None:
        raise InvalidParameter("material", name, "one of " + ", ".join(table))
    raw = dict(table[key])
    sources = {k[: -len("_source")]: v for k, v in raw.items() if k.endswith("_source")}
    values = {k: v for k, v in raw.items() if not k.endswith("_source")}
    for field, raw_key, scale in (("gap0", "gap0_ueV", 1e-6 * eV), ("eps_F", "eps_F_eV", eV)):
        if raw_key in values:
            values[field] = values.pop(raw_key) * scale
            sources[field] = sources.pop(raw_key, sources.get(field, ""))
    kwargs = {f: float(values[f]) for f in FIELDS if f in values}
    material = Material(
        name=key,
        kind=values.get("kind", ""),
        description=values.get("description", ""),
        sources=sources,
        **kwargs,
    )
    return material.with_overrides(**overrides)
