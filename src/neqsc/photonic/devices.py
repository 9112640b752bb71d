r"""Circuit presets named by topology, and the two published devices as named examples.

Presets (the package defaults, e.g. the gap model :data:`neqsc.bcs.DEFAULT_GAP_MODEL`):

* :class:`SeriesFilmCircuit` (``series-film``) — source = resistor R_series in series with a Mattis–Bardeen film
  (normal resistance R_film, Tc), drain = resistor R_drain.
* :class:`NISCircuit` (``nis``) — two reservoirs of two identical NIS junctions each (R_T(T) ∥ C).
* ``resistors`` — two resistors (no class needed: :class:`~neqsc.photonic.elements.Resistor`).

Named examples (the papers' set-ups; only where a paper fixed a choice do they differ from the presets):

* :class:`DeyCircuit` — Dey et al., PRB 107, 134510 (2023), Sec. III: source Z_S = R_D + Z₀(ω, T_S) (a Cu
  resistor matched to the drain in series with a Ti Mattis–Bardeen film of normal resistance R₀ = r·R_D), drain
  Z_D = R_D.  τ depends on r only, so R_D fixes nothing but the scale of the impedances.  Defaults: the paper's
  Fig. 3 geometry R_D = 2.857 Ω, r = 36, Ti Tc = 0.4 K, tanh gap model (as in the paper).
* :class:`PioldiCircuit` — Pioldi et al. 2025 (arXiv 2503.16295), model reconstructed by us (the available text
  lost the equations and numbers; ``docs/photonic.md``): each reservoir (L, R) is a NISIN island whose two identical NIS
  junctions (R_T(T) ∥ C) sit in the photonic loop, R_T = ρ_N·(R_T/R_N)(T)/A, C = c_s·A, area A_R = a·A_L.
  Every reconstructed choice is a field with its default documented below.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from neqsc import bcs, validation
from neqsc.photonic.elements import Element, MattisBardeenFilm, NISJunction, Parallel, Resistor, Series

__all__ = ["EXAMPLES", "PRESETS", "DeyCircuit", "NISCircuit", "PioldiCircuit", "SeriesFilmCircuit"]


@dataclasses.dataclass(frozen=True)
class SeriesFilmCircuit:
    """``series-film`` preset: Z_S = R_series + Z_film(ω, T_S), Z_D = R_drain.

    Parameters
    ----------
    R_film:
        Normal-state resistance of the superconducting film in Ω (> 0); default 102.86 Ω (= 36 × 2.857 Ω).
    Tc:
        Critical temperature of the film in K (> 0); default 0.4 K.
    R_series:
        Normal resistor in series with the film, in Ω (> 0); default 2.857 Ω.
    R_drain:
        Drain resistance in Ω (> 0); default 2.857 Ω (matched to R_series, the NDTC condition).
    gap_model:
        Δ(T) model, default :data:`neqsc.bcs.DEFAULT_GAP_MODEL` (``"bcs"``).
    dynes:
        Dynes γ of the film (>= 0); default 0 (BCS Mattis–Bardeen).
    """

    R_film: float = 36 * 2.857
    Tc: float = 0.4
    R_series: float = 2.857
    R_drain: float = 2.857
    gap_model: Literal["bcs", "tanh"] = bcs.DEFAULT_GAP_MODEL
    dynes: float = 0.0

    def __post_init__(self):
        validation.positive("R_film", self.R_film, "ohm")
        validation.positive("Tc", self.Tc, "K")
        validation.positive("R_series", self.R_series, "ohm")
        validation.positive("R_drain", self.R_drain, "ohm")
        validation.one_of("gap_model", self.gap_model, bcs.GAP_MODELS)
        validation.nonnegative("dynes", self.dynes)

    @property
    def film(self) -> MattisBardeenFilm:
        return MattisBardeenFilm(self.R_film, self.Tc, self.gap_model, self.dynes)

    def source(self) -> Element:
        """Z_S = R_series + Z_film(ω, T_S)."""
        return Series(Resistor(self.R_series), self.film)

    def drain(self) -> Element:
        """Z_D = R_drain."""
        return Resistor(self.R_drain)


@dataclasses.dataclass(frozen=True)
class DeyCircuit:
    """Dey et al. source/drain circuit.

    Parameters
    ----------
    r:
        R₀/R_D, film normal resistance over drain resistance (> 0); paper: 10…100, Fig. 3 geometry 36.0.
    R_D:
        Drain (and matched source) resistance in Ω (> 0); paper Fig. 3: 2.857 Ω.
    Tc:
        Critical temperature of the Ti film in K (> 0); paper: 0.4 K.
    gap_model:
        ``"tanh"`` (the paper's Δ₀tanh(1.74√(Tc/T − 1)), Δ₀ = 1.764k_BTc; this example's default) or ``"bcs"``.

    Equivalent to :class:`SeriesFilmCircuit` with R_series = R_drain = R_D, R_film = r·R_D
    (:meth:`as_series_film`).
    """

    r: float = 36.0
    R_D: float = 2.857
    Tc: float = 0.4
    gap_model: Literal["bcs", "tanh"] = "tanh"

    def __post_init__(self):
        validation.positive("r", self.r)
        validation.positive("R_D", self.R_D, "ohm")
        validation.positive("Tc", self.Tc, "K")
        validation.one_of("gap_model", self.gap_model, ("bcs", "tanh"))

    def as_series_film(self) -> SeriesFilmCircuit:
        """The same circuit as a ``series-film`` preset."""
        return SeriesFilmCircuit(self.r * self.R_D, self.Tc, self.R_D, self.R_D, self.gap_model)

    @property
    def film(self) -> MattisBardeenFilm:
        return self.as_series_film().film

    def source(self) -> Element:
        """Z_S = R_D + Z₀(ω, T_S)."""
        return self.as_series_film().source()

    def drain(self) -> Element:
        """Z_D = R_D."""
        return Resistor(self.R_D)

    def tau_min(self) -> float:
        """Transmission above Tc, τ₀(1 + r) = 4(1 + r)/(2 + r)² (paper Sec. III B)."""
        return 4.0 * (1.0 + self.r) / (2.0 + self.r) ** 2


@dataclasses.dataclass(frozen=True)
class NISCircuit:
    """``nis`` preset: two reservoirs L, R, each two identical NIS junctions (R_T(T) ∥ C) combined by ``topology``.

    Parameters
    ----------
    Tc:
        Critical temperature of the Al electrodes in K; default 1.2 K.
    dynes:
        Dynes parameter γ = Γ/Δ (>= 0); default 1e-4 (Pekola et al. PRL 105, 026803 (2010); sweep 1e-5…1e-3).
    rho_N:
        Specific normal-state tunnel resistance in Ω·m²; default 1 kΩ·µm² = 1e-9 Ω·m².
    c_s:
        Specific capacitance in F/m²; default 50 fF/µm² = 0.05 F/m².
    area_L:
        Area of one left junction in m²; default 1 µm². τ is invariant under a common rescaling of both areas.
    area_ratio:
        a = A_R/A_L (> 0); default 1.
    topology:
        How a reservoir's two junctions enter the loop: ``"series"`` (default; Z = 2Z_J), ``"parallel"``
        (Z = Z_J/2) or ``"single"`` (one junction).
    gap_model:
        ``"bcs"`` (default, :data:`neqsc.bcs.DEFAULT_GAP_MODEL`) or ``"tanh"``.
    """

    Tc: float = 1.2
    dynes: float = 1e-4
    rho_N: float = 1e-9
    c_s: float = 0.05
    area_L: float = 1e-12
    area_ratio: float = 1.0
    topology: Literal["series", "parallel", "single"] = "series"
    gap_model: Literal["bcs", "tanh"] = bcs.DEFAULT_GAP_MODEL

    def __post_init__(self):
        validation.positive("Tc", self.Tc, "K")
        validation.nonnegative("dynes", self.dynes)
        validation.positive("rho_N", self.rho_N, "ohm m^2")
        validation.positive("c_s", self.c_s, "F/m^2")
        validation.positive("area_L", self.area_L, "m^2")
        validation.positive("area_ratio", self.area_ratio)
        validation.one_of("topology", self.topology, ("series", "parallel", "single"))
        validation.one_of("gap_model", self.gap_model, ("bcs", "tanh"))

    def junction(self, side: Literal["L", "R"]) -> NISJunction:
        """One NIS junction of reservoir ``side``."""
        validation.one_of("side", side, ("L", "R"))
        area = self.area_L * (self.area_ratio if side == "R" else 1.0)
        return NISJunction(self.rho_N / area, self.c_s * area, self.Tc, self.dynes, self.gap_model)

    def reservoir(self, side: Literal["L", "R"]) -> Element:
        """The impedance a reservoir presents to the photonic loop."""
        j = self.junction(side)
        if self.topology == "series":
            return Series(j, j)
        if self.topology == "parallel":
            return Parallel(j, j)
        return j

    def cutoff_frequency(self, T) -> float:
        """ω_c(T) = 1/(ρ_T(T) c_s) in rad/s (area-independent); T in K."""
        j = self.junction("L")
        return 1.0 / (j.tunnel_resistance(T) * self.area_L * self.c_s)


@dataclasses.dataclass(frozen=True)
class PioldiCircuit(NISCircuit):
    """Pioldi et al. 2025 set-up as a named example of the ``nis`` preset (reconstructed parameters; the paper's
    values are not available in its text — see ``docs/photonic.md``).

    The default ``rho_N`` = 0.3 kΩ µm² is the adopted ("search") reconstruction, as in
    :class:`neqsc.thermal.devices.PioldiParameters`; :meth:`reconstruction` gives the named sets (``"first"``:
    1 kΩ µm²).
    """

    rho_N: float = 3e-10

    @classmethod
    def reconstruction(cls, name: str = "search", **overrides) -> PioldiCircuit:
        """The named reconstruction (``"search"`` or ``"first"``) with ``overrides`` (field names, SI)."""
        validation.one_of("reconstruction", name, ("search", "first"))
        fields = {"rho_N": 1e-9} if name == "first" else {}
        return cls(**{**fields, **overrides})


def _resistors(R_hot: float = 1.0, R_cold: float = 1.0):
    return Resistor(R_hot), Resistor(R_cold)


#: circuit presets by topology: name → class whose ``source()/drain()`` or ``reservoir("L"/"R")`` build elements
PRESETS = {"series-film": SeriesFilmCircuit, "nis": NISCircuit, "resistors": _resistors}
#: the papers' set-ups: example name → (preset name, class with the paper's defaults)
EXAMPLES = {"dey2023": ("series-film", DeyCircuit), "pioldi2025": ("nis", PioldiCircuit)}
