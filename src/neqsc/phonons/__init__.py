"""Phonon emission by phase-slip centres and the PSC cryocooler (``neqsc.phonons``).

Paper: Mowgood, Teknowijoyo, Chahid, Gulian, *phase-slip centers as cooling engines* (Eqs. 3–15); the
equations as implemented are written out in the module docstrings and in ``docs/phonons.md``. Modules:

* :mod:`.spectral` — Dynes N₁, R₂ (retarded branch), α and δn of Eq. 11;
* :mod:`.distribution` — δn_ε(t) at a point of a TDGL run;
* :mod:`.eta1` — η₁(ω) of Eq. 13 in the forms ``"as_printed"``, ``"corrected"``, ``"full_linearized"``;
* :mod:`.table` — tabulation over (ω, |Ψ|) and the exact |Ψ|-antiderivative G;
* :mod:`.flux` — wire-integrated spectra dW(ω, t) of a TDGL run (Eq. 12), ± parts, powers;
* :mod:`.energy` — J·V̄ and its normal / interference / condensate parts vs phonon power;
* :mod:`.kapitza` — acoustic mismatch, Kapitza conductance, the AMM diode;
* :mod:`.transmission` — mode-converting AMM, DMM and frequency filters t(ω, θ);
* :mod:`.cooler`, :mod:`.pipeline` — cooling power, κ, Eqs. 14–15, T_cold, maps;
* :mod:`.plate` — the plate balance as a :mod:`neqsc.thermal` network (Kapitza links, Eq. 14 leak, PSC heat pump);
* :mod:`.synthetic` — a prescribed periodic PSC history in the TDGL-run format.
"""

from neqsc.phonons.cooler import CoolerParams, cooler_map, cooling_power, net_cooling_criterion, steady_state_T_cold
from neqsc.phonons.distribution import delta_n_from_run
from neqsc.phonons.energy import electrical_power, energy_balance
from neqsc.phonons.eta1 import FORMS, eta1, eta1_dataset, eta1_grid, eta1_psi, eta1_quad
from neqsc.phonons.flux import flux_prefactor, phonon_spectra, spectrum_at
from neqsc.phonons.kapitza import amm_diode, critical_angle, hemispherical_transmission, kapitza_conductance
from neqsc.phonons.params import PhononMaterial
from neqsc.phonons.pipeline import cooler_from_run
from neqsc.phonons.plate import diode_network, kapitza_link, plate_network, plate_steady_state
from neqsc.phonons.spectral import alpha, delta_n, gamma_from_delta, n1, r2, spectral_functions
from neqsc.phonons.synthetic import synthetic_psc_run
from neqsc.phonons.table import Eta1Table, build_table
from neqsc.phonons.transmission import (
    Interface,
    LowPassFilter,
    amm_coefficients,
    dmm_transmission,
    mode_gammas,
    plate_cooling_power,
)

__all__ = [
    "FORMS",
    "CoolerParams",
    "Eta1Table",
    "Interface",
    "LowPassFilter",
    "PhononMaterial",
    "alpha",
    "amm_coefficients",
    "amm_diode",
    "build_table",
    "cooler_from_run",
    "cooler_map",
    "cooling_power",
    "critical_angle",
    "delta_n",
    "delta_n_from_run",
    "diode_network",
    "dmm_transmission",
    "electrical_power",
    "energy_balance",
    "eta1",
    "eta1_dataset",
    "eta1_grid",
    "eta1_psi",
    "eta1_quad",
    "flux_prefactor",
    "gamma_from_delta",
    "hemispherical_transmission",
    "kapitza_conductance",
    "kapitza_link",
    "mode_gammas",
    "n1",
    "net_cooling_criterion",
    "phonon_spectra",
    "plate_cooling_power",
    "plate_network",
    "plate_steady_state",
    "r2",
    "spectral_functions",
    "spectrum_at",
    "steady_state_T_cold",
    "synthetic_psc_run",
]
