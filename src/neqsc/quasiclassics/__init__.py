"""Quasiclassical nonlocal NIS spectroscopy (Ryan, Beckmann & Chandrasekhar, arXiv:2604.26862).

Reduced units throughout: energies and biases in Δ₀ (eV/Δ₀), lengths in ξ = √(ħD/Δ₀), temperatures as
t = k_BT/Δ₀, junction currents in G·Δ₀/e, nonlocal conductances g_nl/(G_inj G_det) in R_ξ.
:mod:`neqsc.quasiclassics.device` converts the paper's SI parameters (Table 1). See docs/quasiclassics.md.

Layout (the public API below is importable from ``neqsc.quasiclassics``):

* ``usadel`` — spectra: ``uniform`` (Eqs. 1, 7, 20, 22; energy grids), ``wire`` (Eq. 1 with a given Δ(x));
* ``geometry`` — the wire and its node grid (:class:`Wire`);
* ``kinetics`` — ``equations`` (Eqs. 9–12), ``collisions`` (e–e collision integral), ``blocks`` (block-tridiagonal
  solver);
* ``conductance`` — junction currents and conductances (Eqs. 13–15, 21);
* ``selfconsistency`` — ``gap`` (Eq. 8), ``profile`` (Δ(x) residual), ``stability``, ``continuation`` and
  ``sweep`` (Δ(x) branches in the injector bias, on :mod:`neqsc.continuation`);
* ``maps`` — the nonlocal pipelines of Figs. 11–13 (gap versus injection, nonlocal maps, supercurrent);
* ``device`` — the paper's SI device (Table 1) and its reduced :class:`~neqsc.quasiclassics.model.NonlocalModel`;
  ``model`` — the model object and the self-consistency options;
* ``measured`` — measured data: ``io``, ``symmetry`` (Eqs. 16–19), ``fitting``, ``fitresult``, ``workflow``.
"""

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
from neqsc.quasiclassics.geometry import PAPER_WIRE, Wire
from neqsc.quasiclassics.kinetics.collisions import ee_collision_integral, ee_kernel
from neqsc.quasiclassics.kinetics.equations import (
    InjectorResponse,
    KineticSolution,
    equilibrium_modes,
    injector_response,
    reservoir_modes,
    solve_kinetics,
)
from neqsc.quasiclassics.maps import (
    gap_vs_injection,
    mirror_bias,
    nonlocal_map,
    nonlocal_map_fixed_gap,
    nonlocal_map_from_gap,
    phase_gradient_for_current,
    supercurrent,
    supercurrent_curve,
)
from neqsc.quasiclassics.model import (
    DEFAULT_GAMMA,
    DEFAULT_LAMBDA_CONVENTION,
    DEFAULT_OMEGA_D,
    DEFAULT_WIRE_GRID,
    GAP_PROFILES,
    NonlocalModel,
    SelfConsistency,
)
from neqsc.quasiclassics.selfconsistency.gap import (
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
from neqsc.quasiclassics.usadel.uniform import (
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
from neqsc.quasiclassics.usadel.wire import wire_spectra

__all__ = [
    "DEFAULT_GAMMA",
    "DEFAULT_LAMBDA_CONVENTION",
    "DEFAULT_OMEGA_D",
    "DEFAULT_WIRE_GRID",
    "GAP_PROFILES",
    "LAMBDA_CONVENTIONS",
    "PAPER_WIRE",
    "InjectorResponse",
    "KineticSolution",
    "NonlocalModel",
    "SelfConsistency",
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
    "nonlocal_map_from_gap",
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
