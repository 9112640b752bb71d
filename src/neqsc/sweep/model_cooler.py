"""Sweep model ``cooler``: the phase-slip-centre cryocooler for one bias point — a TDGL run
(:func:`neqsc.tdgl.simulate`) fed to the phonon pipeline (:func:`neqsc.phonons.cooler_from_run`).

TDGL parameters are in that engine's natural units (``j`` in j0, ``length`` in ξ, ``delta``, ``eta``, ``t_end`` and
``save_every`` in t0, ``dx`` in ξ); the cooler parameters in SI (``T_b``, ``T_target`` in K, ``cross_section`` and
``contact_area`` in m², ``thickness`` in m, ``k_leak`` in W/(m K), ``G_parasitic`` in W/K, ``P_load`` in W; ``p``,
``a1`` None → from the acoustic-mismatch diode of filament/plate/substrate; ``kinetics`` ``"adiabatic"`` |
``"relaxation"``; ``transmission`` ``"diode"`` | ``"amm"`` | ``"amm-nomc"`` | ``"dmm"`` with an optional ideal plate
low-pass at ``filter_cutoff`` f_c in Hz, ω_c = 2πf_c). The run is returned as simulated (choose ``save_every`` to
resolve the PSC period; :func:`neqsc.phonons.pipeline.simulate_psc_run` does it for the CLI). Returns the
pipeline's scalars (κ, cooling power, T_cold, net-cooling criterion, energy bookkeeping) and the mean phonon spectrum.
"""

from __future__ import annotations

import xarray as xr

from neqsc.sweep.models import register_model


@register_model(
    "cooler",
    units={
        "j": None,
        "length": None,
        "delta": None,
        "eta": None,
        "t_end": None,
        "dx": None,
        "save_every": None,
        "material": None,
        "plate": None,
        "substrate": None,
        "p": "dimensionless",
        "a1": "dimensionless",
        "T_b": "K",
        "cross_section": "m^2",
        "form": None,
        "T_target": "K",
        "k_leak": "W/(m*K)",
        "contact_area": "m^2",
        "thickness": "m",
        "n_filaments": None,
        "G_parasitic": "W/K",
        "P_load": "W",
        "kinetics": None,
        "transmission": None,
        "filter_cutoff": "Hz",
    },
    description="PSC cryocooler at one bias: TDGL run → phonon spectra → κ, cooling power, T_cold",
    labels={"j": "j0", "length": "xi", "t_end": "t0", "save_every": "t0", "dx": "xi"},
    requires=("neqsc.tdgl", "neqsc.phonons"),
)
def cooler(
    j: float,
    length: float,
    delta: float = 10.0,
    eta: float = 0.1,
    t_end: float = 500.0,
    dx: float | None = None,
    save_every: float | None = None,
    material: str = "Al",
    plate: str = "PMMA",
    substrate: str = "sapphire",
    p: float | None = None,
    a1: float | None = None,
    T_b: float | None = None,
    cross_section: float = 1e-16,
    form: str = "corrected",
    T_target: float | None = None,
    k_leak: float = 1.0,
    contact_area: float = 1e-14,
    thickness: float = 1e-8,
    n_filaments: int = 1,
    G_parasitic: float = 0.0,
    P_load: float = 0.0,
    kinetics: str = "adiabatic",
    transmission: str = "diode",
    filter_cutoff: float | None = None,
) -> xr.Dataset:
    """TDGL run at bias ``j`` and the cooler built on it (units in the module docstring)."""
    import math

    from neqsc.phonons import LowPassFilter, cooler_from_run
    from neqsc.tdgl import simulate

    numerics = {k: v for k, v in (("dx", dx), ("save_every", save_every)) if v is not None}
    run = simulate(j, length, delta, eta, t_end=t_end, **numerics)
    filt = None if filter_cutoff is None else LowPassFilter(2 * math.pi * filter_cutoff, math.inf)
    ds = cooler_from_run(
        run, material, plate=plate, substrate=substrate, p=p, a1=a1, T_b=T_b, cross_section=cross_section,
        form=form, T_target=T_target, k_leak=k_leak, contact_area=contact_area, thickness=thickness,
        n_filaments=n_filaments, G_parasitic=G_parasitic, P_load=P_load, kinetics=kinetics,
        transmission=transmission, plate_filter=filt,
    )  # fmt: skip
    ds.attrs = {"neqsc_kind": "cooler_point"}
    return ds
