"""Sweep model ``nonlocal``: nonlocal conductance map of an NIS injector/detector pair on a superconducting wire
(:func:`neqsc.quasiclassics.gap_vs_injection` → :func:`neqsc.quasiclassics.nonlocal_map`).

The set-up is the one of the ``ryan2026-fig11/12`` recipes (paper Appendix B): the paper's device (Table 1,
:data:`neqsc.quasiclassics.device.PAPER_DEVICE`) with the temperatures and the injector–detector spacing replaced by
the point's values, injector at the centre of the wire (half wire, κ_I/2), ω_D = 10, λ = 1/arcsinh(ω_D), uniform
energy grid of step ``de`` (in Δ₀; the paper's 1/40 does not resolve Γ = 0.005, so the engine's
UnresolvedGridWarning is silenced here as in those recipes), self-consistent Δ(v_inj) on 0…``v_inj_max`` (``n_inj``
points), mirrored to negative bias, and g_nl on ``n_det`` detector biases in ±``v_det_max``.

SI inputs: temperatures in K, ``spacing`` in m; ``gamma`` (Dynes Γ/Δ₀), ``gamma_ee``, biases (eV/Δ₀) and ``de``
are in the engine's reduced units. Output: ``g_nl(v_inj, v_det)`` in Ω (g_nl/(G_inj G_det) × R_ξ) and ``gap(v_inj)``
in Δ₀.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import xarray as xr

from neqsc.sweep.models import register_model


@register_model(
    "nonlocal",
    units={
        "T": "K",
        "T_inj": "K",
        "T_det": "K",
        "spacing": "m",
        "gamma": "dimensionless",
        "gamma_ee": "dimensionless",
        "v_inj_max": None,
        "n_inj": None,
        "v_det_max": None,
        "n_det": None,
        "de": None,
    },
    description="nonlocal NIS conductance map g_nl(V_inj, V_det) and Δ(V_inj) (quasiclassics, paper device)",
    requires=("neqsc.quasiclassics",),
)
def nonlocal_conductance(
    T: float = 24e-3,
    T_inj: float = 61e-3,
    T_det: float = 37e-3,
    spacing: float = 300e-9,
    gamma: float = 0.005,
    gamma_ee: float = 0.0,
    v_inj_max: float = 5.0,
    n_inj: int = 51,
    v_det_max: float = 1.5,
    n_det: int = 61,
    de: float = 1 / 40,
) -> xr.Dataset:
    """g_nl map for the paper's device at bath/electrode temperatures ``T``, ``T_inj``, ``T_det`` (K)."""
    from neqsc.quasiclassics import SelfConsistency, UnresolvedGridWarning, nonlocal_map, uniform_energy_grid
    from neqsc.quasiclassics.device import PAPER_DEVICE

    dev = dataclasses.replace(PAPER_DEVICE, T=T, T_inj=T_inj, T_det=T_det, spacing=spacing)
    model = dev.model(uniform_energy_grid(de, 10.0), gamma=gamma, gamma_ee=gamma_ee)  # half wire, ω_D, λ defaults
    v_inj = np.linspace(0.0, v_inj_max, int(n_inj))
    v_det = np.linspace(-v_det_max, v_det_max, int(n_det))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)
        m = nonlocal_map(model, v_inj, v_det, SelfConsistency(gap_tol=1e-7))
    return xr.Dataset(
        {
            "g_nl": (("v_inj", "v_det"), m["g_nl"].values * dev.R_xi, {"units": "Ohm", "long_name": "g_nl/(G_I G_D)"}),
            "gap": ("v_inj", m["gap"].values, {"units": "Delta0", "long_name": "self-consistent gap Δ(v_inj)"}),
        },
        coords={"v_inj": m["v_inj"], "v_det": m["v_det"]},
        attrs={"neqsc_kind": "nonlocal_point"},
    )
