"""Quasiclassical nonlocal NIS spectroscopy (Ryan, Beckmann & Chandrasekhar, arXiv:2604.26862).

Reduced units throughout: energies and biases in Δ₀ (eV/Δ₀), lengths in ξ = √(ħD/Δ₀), temperatures as
t = k_BT/Δ₀, junction currents in G·Δ₀/e, nonlocal conductances g_nl/(G_inj G_det) in R_ξ.
:mod:`neqsc.quasiclassics.device` converts the paper's SI parameters (Table 1). See docs/quasiclassics.md.

Modules: ``spectra`` (Eq. 1), ``gap`` (Eq. 8), ``wire`` (geometry), ``kinetics`` (Eqs. 9–12), ``collisions``
(e–e collision integral), ``conductance`` (Eqs. 13–15, 21), ``nonlocal_`` (Figs. 11–13 pipelines), ``device``.
``symmetry``, ``measured`` and ``fitting`` (Eqs. 16–19, data, fits) are maintained separately.
"""

from neqsc.quasiclassics.collisions import ee_collision_integral, ee_kernel
from neqsc.quasiclassics.conductance import (
    bias_kernel,
    charge_imbalance_analytic,
    charge_imbalance_conductance,
    detector_current,
    injector_current,
    local_conductance,
    local_current,
    thermal_broadening,
)
from neqsc.quasiclassics.gap import (
    LAMBDA_CONVENTIONS,
    ag_gap,
    coupling_constant,
    critical_temperature,
    default_gap_grid,
    gap_equation_rhs,
    gap_vs_depairing,
    gap_vs_temperature,
    self_consistent_gap,
)
from neqsc.quasiclassics.kinetics import (
    InjectorResponse,
    KineticSolution,
    equilibrium_modes,
    injector_response,
    reservoir_modes,
    solve_kinetics,
)
from neqsc.quasiclassics.nonlocal_ import (
    gap_vs_injection,
    mirror_bias,
    nonlocal_map,
    nonlocal_map_fixed_gap,
    phase_gradient_for_current,
    supercurrent,
    supercurrent_curve,
)
from neqsc.quasiclassics.spectra import (
    Spectra,
    UnresolvedGridWarning,
    ag_spectral_gap,
    check_energy_resolution,
    energy_grid,
    trapezoid_weights,
    uniform_energy_grid,
    uniform_spectra,
    usadel_uniform,
)
from neqsc.quasiclassics.usadel_wire import wire_spectra
from neqsc.quasiclassics.wire import PAPER_WIRE, Wire

__all__ = [
    "LAMBDA_CONVENTIONS",
    "PAPER_WIRE",
    "InjectorResponse",
    "KineticSolution",
    "Spectra",
    "UnresolvedGridWarning",
    "Wire",
    "ag_gap",
    "ag_spectral_gap",
    "bias_kernel",
    "charge_imbalance_analytic",
    "charge_imbalance_conductance",
    "check_energy_resolution",
    "coupling_constant",
    "critical_temperature",
    "default_gap_grid",
    "detector_current",
    "ee_collision_integral",
    "ee_kernel",
    "energy_grid",
    "equilibrium_modes",
    "gap_equation_rhs",
    "gap_vs_depairing",
    "gap_vs_injection",
    "gap_vs_temperature",
    "injector_current",
    "injector_response",
    "local_conductance",
    "local_current",
    "mirror_bias",
    "nonlocal_map",
    "nonlocal_map_fixed_gap",
    "phase_gradient_for_current",
    "reservoir_modes",
    "self_consistent_gap",
    "solve_kinetics",
    "supercurrent",
    "supercurrent_curve",
    "thermal_broadening",
    "trapezoid_weights",
    "uniform_energy_grid",
    "uniform_spectra",
    "usadel_uniform",
    "wire_spectra",
]
