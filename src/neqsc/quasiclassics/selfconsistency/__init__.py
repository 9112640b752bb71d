"""Self-consistent pair potential (Ryan et al. 2026, Eq. 8): uniform and along the wire under injection.

Reduced units: energies and biases in Δ₀, x in ξ, t = k_BT/Δ₀.  ``gap`` (Eq. 8, uniform Δ, T_c),
``profile`` (batched residual of the Δ(x) problem with the gradient term), ``stability`` (Jacobian and local slopes
of the gradient-free Δ(x) problem), ``continuation`` (pseudo-arclength branches of Δ(x) in the injector bias, built
on :mod:`neqsc.continuation`), ``sweep`` (hysteretic bias sweep of Δ(x) along the traced branches).
"""

from neqsc.quasiclassics.selfconsistency.continuation import (
    continue_gap_profile,
    newton_profile,
    polish_profile,
    stable_segments,
    sweep_profiles,
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
from neqsc.quasiclassics.selfconsistency.profile import ProfileProblem, resolved_energy_grid
from neqsc.quasiclassics.selfconsistency.stability import gap_profile_residual, gap_profile_stability
from neqsc.quasiclassics.selfconsistency.sweep import gradient_gap_sweep, trace_branches

__all__ = [
    "LAMBDA_CONVENTIONS",
    "ProfileProblem",
    "ag_gap",
    "continue_gap_profile",
    "coupling_constant",
    "critical_temperature",
    "default_gap_grid",
    "gap_equation_rhs",
    "gap_profile_residual",
    "gap_profile_stability",
    "gap_vs_depairing",
    "gap_vs_temperature",
    "gradient_gap_sweep",
    "newton_profile",
    "polish_profile",
    "resolved_energy_grid",
    "self_consistent_gap",
    "stable_segments",
    "sweep_profiles",
    "trace_branches",
]
