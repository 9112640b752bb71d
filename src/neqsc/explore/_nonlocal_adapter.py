"""The one place where the nonlocal view calls :mod:`neqsc.quasiclassics` (kept apart so that a change of that API
touches only this file). :func:`script` returns the code that the view executes and shows in its "copy as Python"
box.
"""

from __future__ import annotations

__all__ = ["script"]


def script(v: dict) -> str:
    """Code computing g_nl(V_inj) at ±∂xφ, its charge/mixing parts, the symmetry decomposition and Eq. 21.

    ``v``: ``gamma`` (Γ/Δ₀), ``t`` (k_BT/Δ₀ of the wire), ``phase_gradient`` (∂xφ in 1/ξ), ``x_detector`` (ξ),
    ``v_max`` (eV_inj/Δ₀).
    """
    return f"""\
import numpy as np
import xarray as xr
from neqsc.quasiclassics import (NonlocalModel, Wire, ag_spectral_gap, charge_imbalance_conductance, energy_grid,
                                 nonlocal_map_fixed_gap, uniform_spectra)
from neqsc.quasiclassics.device import PAPER_DEVICE as dev  # Ryan et al. Table 1: R_ξ, κ_inj, T_inj
from neqsc.quasiclassics.measured.symmetry import decompose

gamma = {v["gamma"]!r}  # Dynes Γ/Δ0
t = {v["t"]!r}  # k_B T/Δ0 of the wire
dphi = {v["phase_gradient"]!r}  # supercurrent phase gradient ∂xφ (1/ξ)
wire = Wire(x_detector={v["x_detector"]!r})  # detector position (ξ from the injector)
zeta = 0.5 * dphi**2  # depairing of the supercurrent
eps = energy_grid(ag_spectral_gap(1.0, zeta), gamma, 3.5)  # ε/Δ0, refined at the spectral gap edge
v_inj = np.linspace(-{v["v_max"]!r}, {v["v_max"]!r}, 121)  # eV_inj/Δ0, symmetric for the decomposition

model = NonlocalModel(eps=eps, wire=wire, kappa_inj=dev.kappa_inj, t=t, t_inj=dev.t_inj, gamma=gamma)

# collision-free linear response at fixed Δ = Δ0: g_nl = g_T (charge mode) + g_L (mode mixing), at +∂xφ and −∂xφ
maps = {{s: nonlocal_map_fixed_gap(model.replace(phase_gradient=s * dphi), v_inj) for s in (1.0, -1.0)}}
g_nl = xr.concat([maps[s].g_nl * dev.R_xi for s in (1.0, -1.0)],
                 dim=xr.DataArray([dphi, -dphi], dims="phase_gradient", name="phase_gradient"))  # Ω
parts = decompose(g_nl) if dphi != 0 else decompose(g_nl.isel(phase_gradient=0))  # Eqs. 16–19
# Eq. 21: charge-imbalance conductance without collisions (Ω), same spectra
g_eq21 = charge_imbalance_conductance(uniform_spectra(eps, 1.0, gamma, zeta), dev.kappa_inj / 2, wire.x_detector,
                                      v_inj, dev.t_inj) * dev.R_xi
"""
