"""Usadel spectra (Ryan et al. 2026, Eq. 1): uniform wire with Dynes Γ and depairing ζ, and a wire with a given Δ(x).

Reduced units: energies in Δ₀, lengths in ξ = √(ħD/Δ₀).  ``uniform`` (Eqs. 1, 7, 20, 22; energy grids),
``wire`` (Eq. 1 with the gradient term for a position-dependent Δ(x)).
"""

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
    "Spectra",
    "UnresolvedGridWarning",
    "ag_spectral_gap",
    "check_energy_resolution",
    "energy_grid",
    "trapezoid_weights",
    "uniform_energy_grid",
    "uniform_spectra",
    "usadel_uniform",
    "wire_spectra",
]
