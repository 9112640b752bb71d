"""Kinetic equations for the distribution modes f_L, f_T on a wire (Ryan et al. 2026, Eqs. 9–12, 20–22).

Reduced units: x in ξ, energies in Δ₀.  ``equations`` (assembly and solution of Eqs. 9–11 with tunnel boundary
conditions), ``collisions`` (electron–electron collision integral of Eq. 9), ``blocks`` (batched 2×2
block-tridiagonal solver, one system per energy).
"""

from neqsc.quasiclassics.kinetics.blocks import solve_blocks
from neqsc.quasiclassics.kinetics.collisions import ee_collision_integral, ee_collision_integral_direct, ee_kernel
from neqsc.quasiclassics.kinetics.equations import (
    InjectorResponse,
    KineticSolution,
    equilibrium_modes,
    injector_response,
    reservoir_modes,
    solve_kinetics,
)

__all__ = [
    "InjectorResponse",
    "KineticSolution",
    "ee_collision_integral",
    "ee_collision_integral_direct",
    "ee_kernel",
    "equilibrium_modes",
    "injector_response",
    "reservoir_modes",
    "solve_blocks",
    "solve_kinetics",
]
