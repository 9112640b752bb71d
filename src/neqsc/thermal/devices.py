r"""Ready-made networks for the two photonic-NDTC papers, with every parameter exposed.

**Dey et al., PRB 107, 134510 (2023), Fig. 3 (Eq. 7).** Source S = Cu lead (R_D) in series with a Ti film
(Mattis–Bardeen, R_0), drain D = Cu lead (R_D), joined by lossless lines; phonons at T_p::

    P_in = Q_γ(T_S, T_D) + Q_N(T_S, T_p) + Q_Sc(T_S, T_p),     Q_γ(T_S, T_D) = Q_N(T_D, T_p)

R = ρ l / A; V = l·A. Caption values (FOUND): ρ_Cu = 3 µΩcm, l_Cu = 2 µm, A_Cu = 700 × 30 nm²; ρ_Ti = 30 µΩcm,
l_Ti = 6 µm, A_Ti = 700 × 25 nm² ⇒ R_D = 2.857 Ω, R_0 = 102.9 Ω, V_Cu = 4.2e-20 m³, V_Ti = 1.05e-19 m³;
Σ_Cu = 3e9, Σ_Ti = 1.3e9 W m⁻³K⁻⁵, Tc = 0.4 K, tanh gap model, T_p = 30 mK.

**Pioldi et al., arXiv:2503.16295 (2025), Figs. 3–4 (Eq. 5).** Two NISIN reservoirs L and R joined by two lossless
Al lines. Each reservoir: two identical NIS junctions in series (N–I–S–I–N), each R_T(T) ∥ C with
R_N = ρ_T / A, C = c_s A (``topology="series"``: Z = 2 Z_J; ``"parallel"``: Z_J/2; ``"single"``: Z_J). The left
reservoir is heated by P_L and loses heat to the phonons at T_b through its two normal wires (Σ V Tⁿ) and its Al
island (Timofeev form); set-up 1: T_R is a fixed temperature (heaters on R); set-up 2: T_R = T_b (cooling fins)::

    P_L = J_γ(T_L, T_R) + Σ_N 2 V_N (T_L^n − T_b^n) + P_S,e-ph(T_L, T_b)

The paper's text lost every number; all values below are RECONSTRUCTED (model: ``docs/photonic.md``) and exposed
as fields of :class:`PioldiParameters`. Its defaults are the parameter set adopted after a search of physically
plausible ranges scored against the paper's claims (:mod:`neqsc.reproduce.pioldi_search`, ``docs/thermal.md``);
the first reconstruction is kept as the named alternative ``"first"`` (:data:`PIOLDI_RECONSTRUCTIONS`,
:func:`pioldi_parameters`).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from neqsc import materials, validation
from neqsc.thermal.eph import PowerLawEPh, SuperconductingEPh
from neqsc.thermal.network import ElectronNode, ElectronPhononLink, FixedNode, HeatInput, Network, PhotonicLink

__all__ = [
    "PIOLDI_RECONSTRUCTIONS",
    "DeyParameters",
    "PioldiParameters",
    "dey2023_network",
    "pioldi2025_network",
    "pioldi_parameters",
]


@dataclasses.dataclass(frozen=True)
class DeyParameters:
    """Dey et al. (2023) Fig. 3 geometry and materials (SI units; FOUND in the caption and text)."""

    T_p: float = 0.03  # K, phonon (substrate) temperature
    rho_Cu: float = 3e-8  # Ω m (3 µΩ cm)
    l_Cu: float = 2e-6  # m
    w_Cu: float = 700e-9  # m
    t_Cu: float = 30e-9  # m
    rho_Ti: float = 30e-8  # Ω m (30 µΩ cm)
    l_Ti: float = 6e-6  # m
    w_Ti: float = 700e-9  # m
    t_Ti: float = 25e-9  # m
    sigma_Cu: float = 3e9  # W m^-3 K^-5
    sigma_Ti: float = 1.3e9  # W m^-3 K^-5
    Tc: float = 0.4  # K
    gap_model: str = "tanh"

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            if f.name != "gap_model":
                validation.positive(f.name, getattr(self, f.name))
        validation.one_of("gap_model", self.gap_model, ("bcs", "tanh"))

    @property
    def R_D(self) -> float:
        """Cu lead resistance ρl/A in Ω (2.857 Ω)."""
        return self.rho_Cu * self.l_Cu / (self.w_Cu * self.t_Cu)

    @property
    def R_0(self) -> float:
        """Ti film normal-state resistance in Ω (102.9 Ω)."""
        return self.rho_Ti * self.l_Ti / (self.w_Ti * self.t_Ti)

    @property
    def V_Cu(self) -> float:
        return self.l_Cu * self.w_Cu * self.t_Cu

    @property
    def V_Ti(self) -> float:
        return self.l_Ti * self.w_Ti * self.t_Ti


def dey2023_network(params: DeyParameters | None = None, P_in: float = 0.0) -> Network:
    """Network of Dey et al. Eq. 7: free nodes ``S`` and ``D``, phonon bath ``p``, heater ``P_in`` (W) on S."""
    from neqsc.photonic import MattisBardeenFilm, Resistor, Series

    p = params or DeyParameters()
    Z_S = Series(Resistor(p.R_D), MattisBardeenFilm(p.R_0, p.Tc, gap_model=p.gap_model))
    Z_D = Resistor(p.R_D)
    return Network(
        [ElectronNode("S"), ElectronNode("D"), FixedNode("p", p.T_p)],
        [
            PhotonicLink("S", "D", Z_S, Z_D, label="photon"),
            ElectronPhononLink("S", "p", PowerLawEPh(p.sigma_Cu, p.V_Cu, 5.0, "Cu"), label="Cu"),
            ElectronPhononLink("S", "p", SuperconductingEPh(p.sigma_Ti, p.V_Ti, p.Tc, p.gap_model, "Ti"), label="Ti"),
            ElectronPhononLink("D", "p", PowerLawEPh(p.sigma_Cu, p.V_Cu, 5.0, "Cu"), label="Cu"),
        ],
        [HeatInput("S", P_in, "P_in")],
    )


@dataclasses.dataclass(frozen=True)
class PioldiParameters:
    """Reconstructed parameters of Pioldi et al. (2025) set-ups 1 and 2 (SI units).

    Every value is RECONSTRUCTED (the paper's numbers are lost). The defaults are the ``"search"`` set (the best
    plausible set of the claims search, ``docs/thermal.md``); :func:`pioldi_parameters` gives the named sets.
    """

    platform: Literal["Ag", "InAsOI"] = "Ag"
    T_bath: float = 0.03  # K ("a typical substrate temperature")
    Tc: float = 1.2  # K, aluminium
    dynes: float = 1e-4  # Γ/Δ
    gap_model: str = "bcs"
    specific_resistance: float = 3e-10  # Ω m² (0.3 kΩ µm²; first reconstruction 1 kΩ µm²)
    specific_capacitance: float = 0.05  # F/m² (50 fF/µm²)
    junction_area: float = 1e-12  # m², left junctions (1 µm²)
    area_ratio: float = 1.0  # a = A_R / A_L
    topology: Literal["series", "parallel", "single"] = "series"
    # normal wires of the left reservoir (two of them); InAsOI: two mesas
    normal_volume: float | None = None  # m³ each; default per platform (see normal_volume_m3)
    sigma_normal: float | None = None  # W m^-3 K^-n; default from neqsc.materials
    n_normal: float | None = None  # exponent; default from neqsc.materials
    # the Al island between the two junctions of the left reservoir
    island_volume: float = 1e-6 * 0.1e-6 * 20e-9  # m³ (1 µm × 100 nm × 20 nm)
    sigma_Al: float = 0.2e9  # W m^-3 K^-5 (Giazotto RMP Table I)

    def __post_init__(self) -> None:
        validation.one_of("platform", self.platform, ("Ag", "InAsOI"))
        validation.one_of("topology", self.topology, ("series", "parallel", "single"))
        validation.one_of("gap_model", self.gap_model, ("bcs", "tanh"))
        for name in ("T_bath", "Tc", "specific_resistance", "specific_capacitance", "junction_area", "area_ratio"):
            validation.positive(name, getattr(self, name))
        validation.nonnegative("dynes", self.dynes)
        validation.positive("island_volume", self.island_volume, "m^3")
        validation.nonnegative("sigma_Al", self.sigma_Al)
        if self.normal_volume is not None:
            validation.positive("normal_volume", self.normal_volume, "m^3")

    @property
    def normal_volume_m3(self) -> float:
        """Volume of each normal wire/mesa: Ag 1 µm × 100 nm × 20 nm; InAsOI mesa 1 µm × 100 nm × 50 nm (the first
        reconstruction used 1 µm × 1 µm × 50 nm)."""
        if self.normal_volume is not None:
            return self.normal_volume
        return 1e-6 * 0.1e-6 * 20e-9 if self.platform == "Ag" else 1e-6 * 0.1e-6 * 50e-9

    def normal_coupling(self) -> PowerLawEPh:
        mat = materials.get(self.platform)
        sigma = mat.require("sigma_eph") if self.sigma_normal is None else self.sigma_normal
        n = mat.require("eph_exponent") if self.n_normal is None else self.n_normal
        return PowerLawEPh(sigma, 2.0 * self.normal_volume_m3, n, self.platform)

    def junction(self, area: float):
        from neqsc.photonic import NISJunction

        return NISJunction(
            self.specific_resistance / area, self.specific_capacitance * area, self.Tc, self.dynes, self.gap_model
        )

    def reservoir(self, area: float):
        """Total impedance element of one reservoir (two identical junctions combined by ``topology``)."""
        from neqsc.photonic import Parallel, Series

        j = self.junction(area)
        if self.topology == "series":
            return Series(j, j)
        if self.topology == "parallel":
            return Parallel(j, j)
        return j


#: named reconstructions of Pioldi et al. (2025): overrides of the :class:`PioldiParameters` defaults; a dict value
#: keyed by platform applies to that platform. "search": the adopted set (the defaults); "first": the set used before
#: the claims search (ρ_T = 1 kΩ µm², InAsOI mesas 1 µm × 1 µm × 50 nm).
PIOLDI_RECONSTRUCTIONS: dict[str, dict] = {
    "search": {},
    "first": {"specific_resistance": 1e-9, "normal_volume": {"Ag": 1e-6 * 0.1e-6 * 20e-9, "InAsOI": 5e-20}},
}


def pioldi_parameters(reconstruction: str = "search", platform: str = "Ag", **overrides) -> PioldiParameters:
    """:class:`PioldiParameters` of the named ``reconstruction`` (``"search"`` or ``"first"``) for ``platform``;
    ``overrides`` (field names, SI) win over the named set."""
    validation.one_of("reconstruction", reconstruction, tuple(PIOLDI_RECONSTRUCTIONS))
    fields: dict = {}
    for k, v in PIOLDI_RECONSTRUCTIONS[reconstruction].items():
        fields[k] = v[platform] if isinstance(v, dict) else v
    fields.update(overrides)
    return PioldiParameters(platform=platform, **fields)


def pioldi2025_network(
    params: PioldiParameters | None = None, setup: Literal[1, 2] = 1, P_L: float = 0.0, T_R: float | None = None
) -> Network:
    """Pioldi et al. Eq. 5 network: free node ``L``, fixed ``R`` and phonon bath ``b``, heater ``P_L`` (W) on L.

    ``setup=1``: T_R is its own parameter (default T_bath); ``setup=2``: R follows the bath (T_R = T_b).
    """
    p = params or PioldiParameters()
    validation.one_of("setup", setup, (1, 2))
    Z_L = p.reservoir(p.junction_area)
    Z_R = p.reservoir(p.junction_area * p.area_ratio)
    if setup == 1:
        right = FixedNode("R", p.T_bath if T_R is None else T_R)
    else:
        right = FixedNode("R", follows="b")
    return Network(
        [ElectronNode("L"), right, FixedNode("b", p.T_bath)],
        [
            PhotonicLink("L", "R", Z_L, Z_R, label="photon"),
            ElectronPhononLink("L", "b", p.normal_coupling(), label=p.platform),
            ElectronPhononLink(
                "L", "b", SuperconductingEPh(p.sigma_Al, p.island_volume, p.Tc, p.gap_model, "Al"), label="Al"
            ),
        ],
        [HeatInput("L", P_L, "P_L")],
    )
