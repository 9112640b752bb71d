"""Photon-mediated heat transport between reservoirs coupled through impedances (``neqsc.photonic``).

Public API (SI units: ω in rad/s, T in K, Z in Ω, Q̇ in W):

* elements — :class:`Resistor`, :class:`Capacitor`, :class:`Inductor`, :class:`MattisBardeenFilm`,
  :class:`NISJunction`, :class:`Series`, :class:`Parallel`, each with ``impedance(omega, T)``;
* :func:`mattis_bardeen` — complex conductivity σ₁ − iσ₂;
* :func:`transmission`, :func:`heat_current`, :func:`heat_current_map`, :func:`heat_current_derivatives`,
  :func:`mean_transmission`, :func:`ndtc_windows`;
* N-terminal networks — :class:`Network`, :func:`series_loop`;
* :class:`HeatCurrentTable` — spline table of Q̇ and its derivatives for heat-balance solvers;
* :func:`design` — one design loop for a series-film NDTC device (window, heater-power range, T_S, T_D, ΔT_D and
  responsivity vs P_in; :class:`Strip` describes each film), :func:`design_summary`, :func:`design_from_toml`.

See ``docs/photonic.md`` for the equations and validation.
"""

from neqsc.photonic.analysis import differential_conductance, mean_transmission, ndtc_windows
from neqsc.photonic.conductivity import mattis_bardeen
from neqsc.photonic.elements import (
    Capacitor,
    Element,
    Inductor,
    MattisBardeenFilm,
    NISJunction,
    Parallel,
    Resistor,
    Series,
)
from neqsc.photonic.ndtc_design import Strip, design, design_from_toml, design_summary
from neqsc.photonic.network import Network, series_loop
from neqsc.photonic.table import HeatCurrentTable
from neqsc.photonic.transport import (
    heat_current,
    heat_current_derivatives,
    heat_current_map,
    matched_resistor_heat_current,
    transmission,
)
from neqsc.photonic.tunneling import tunnel_conductance_ratio, tunnel_resistance_ratio

__all__ = [
    "Capacitor",
    "Element",
    "HeatCurrentTable",
    "Inductor",
    "MattisBardeenFilm",
    "NISJunction",
    "Network",
    "Parallel",
    "Resistor",
    "Series",
    "Strip",
    "design",
    "design_from_toml",
    "design_summary",
    "differential_conductance",
    "heat_current",
    "heat_current_derivatives",
    "heat_current_map",
    "matched_resistor_heat_current",
    "mattis_bardeen",
    "mean_transmission",
    "ndtc_windows",
    "series_loop",
    "transmission",
    "tunnel_conductance_ratio",
    "tunnel_resistance_ratio",
]
