"""Material parameters with their sources (``neqsc/data/materials.toml``).

``get("Al")`` returns a :class:`Material` whose attributes are SI floats (or ``None`` where the table has no
value); ``Material.sources`` maps each field to the reference it came from or ``"typical"``. Asking for a value
that is missing raises :class:`~neqsc.errors.InvalidParameter` via :meth:`Material.require`.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from importlib import resources

from neqsc.constants import eV
from neqsc.errors import InvalidParameter

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
}


@dataclasses.dataclass(frozen=True)
class Material:
    """One material's parameters (SI). ``None`` means the table has no value."""

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


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, dict]:
    text = resources.files("neqsc").joinpath("data/materials.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def names() -> list[str]:
    """Names of all materials in the table."""
    return list(_table())


def get(name: str) -> Material:
    """Look up a material by name (case-insensitive). Unknown names raise :class:`InvalidParameter`."""
    table = _table()
    lookup = {k.lower(): k for k in table}
    key = lookup.get(str(name).lower())
    if key is None:
        raise InvalidParameter("material", name, "one of " + ", ".join(table))
    raw = dict(table[key])
    sources = {k[: -len("_source")]: v for k, v in raw.items() if k.endswith("_source")}
    values = {k: v for k, v in raw.items() if not k.endswith("_source")}
    if "gap0_ueV" in values:
        values["gap0"] = values.pop("gap0_ueV") * 1e-6 * eV
        sources["gap0"] = sources.pop("gap0_ueV", sources.get("gap0", ""))
    kwargs = {f: float(values[f]) for f in FIELDS if f in values}
    return Material(
        name=key,
        kind=values.get("kind", ""),
        description=values.get("description", ""),
        sources=sources,
        **kwargs,
    )
