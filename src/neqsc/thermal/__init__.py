"""Heat-balance networks with electron–phonon and photonic links (``neqsc.thermal``).

Public API (SI units: T in K, P in W, Σ in W m⁻³K⁻ⁿ, V in m³):

* couplings — :func:`eph_power_law`, :func:`eph_superconducting`, :class:`PowerLawEPh`,
  :class:`SuperconductingEPh`, :func:`eph_from_material`;
* networks — :class:`Network` of :class:`ElectronNode`/:class:`FixedNode`, links :class:`ElectronPhononLink`,
  :class:`PhotonicLink`, :class:`HeatLink`, inputs :class:`HeatInput`;
* solvers — :func:`steady_state`, :func:`sweep` (continuation, folds, multistability, responsivities);
* devices — :func:`load_device` / :func:`device_from_dict` (TOML description), :func:`solve_device`;
* paper set-ups — :mod:`neqsc.thermal.devices` (Dey et al. 2023 Fig. 3, Pioldi et al. 2025 set-ups 1 and 2).

See ``docs/thermal.md``.
"""

from neqsc.thermal.eph import (
    PowerLawEPh,
    SuperconductingEPh,
    eph_from_material,
    eph_power_law,
    eph_superconducting,
)
from neqsc.thermal.network import (
    ElectronNode,
    ElectronPhononLink,
    FixedNode,
    HeatInput,
    HeatLink,
    Network,
    PhotonicLink,
)
from neqsc.thermal.results import steady_state, sweep
from neqsc.thermal.solve import continuation_path, responsivities, solve_point

__all__ = [
    "ElectronNode",
    "ElectronPhononLink",
    "FixedNode",
    "HeatInput",
    "HeatLink",
    "Network",
    "PhotonicLink",
    "PowerLawEPh",
    "SuperconductingEPh",
    "continuation_path",
    "eph_from_material",
    "eph_power_law",
    "eph_superconducting",
    "responsivities",
    "solve_point",
    "steady_state",
    "sweep",
]
