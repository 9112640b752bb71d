"""Quasiclassical nonlocal NIS spectroscopy (Ryan, Beckmann & Chandrasekhar, arXiv:2604.26862).

Reduced units throughout: energies in Δ₀, lengths in ξ = √(ħD/Δ₀), temperatures as t = k_BT/Δ₀, biases as eV/Δ₀.
See docs/quasiclassics.md for the equations as implemented.
"""

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
]
