"""Sweep model ``cooler``: the phase-slip-centre cryocooler for one bias point — a TDGL run
(:func:`neqsc.tdgl.simulate`) fed to the phonon pipeline (:func:`neqsc.phonons.cooler_from_run`).

TDGL parameters are in that engine's natural units (``j`` in j0, ``length`` in ξ, ``delta``, ``eta``, ``t_end`` and
``save_every`` in t0, ``dx`` in ξ); the cooler parameters in SI (``T_b``, ``T_target`` in K, ``cross_section`` and
``contact_area`` in m², ``thickness`` in m, ``k_leak`` in W/(m K), ``G_parasitic`` in W/K, ``P_load`` in W; ``p``,
``a1`` None → from the acoustic-mismatch diode of filament/plate/substrate; ``kinetics`` ``"adiabatic"`` |
``"relaxation"``; ``transmission`` ``"diode"`` | ``"amm"`` | ``"amm-nomc"`` | ``"dmm"`` with an optional ideal plate
low-pass at ``filter_cutoff`` f_c in Hz, ω_c = 2πf_c). An SI wire instead of ``length`` (ξ) and ``eta``:
``wire_length``, ``wire_width``, ``wire_thickness`` in m and ``T`` in K (a :class:`neqsc.tdgl.Wire` of ``material`` with
δ = ``delta``; j stays in j0): its ξ, η, cross-section, Eq. 14 thickness and contact area (length × width, unless
``contact_area`` is given) are used. Reduced-run defaults: cross-section 1e-16 m², contact area 1e-14 m², d = 10 nm.
The run is returned as simulated (choose ``save_every`` to
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
        "wire_length": "m",
        "wire_width": "m",
        "wire_thickness": "m",
        "T": "K",
    },
    description="PSC cryocooler at one bias: TDGL run → phonon spectra → κ, cooling power, T_cold",
    labels={"j": "j0", "length": "xi", "t_end": "t0", "save_every": "t0", "dx": "xi"},
    requires=("neqsc.tdgl", "neqsc.phonons"),
)
def cooler(
    j: float,
    length: float | None = None,
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
    cross_section: float | None = None,
    form: str = "corrected",
    T_target: float | None = None,
    k_leak: float = 1.0,
    contact_area: float | None = None,
    thickness: float | None = None,
    n_filaments: int = 1,
    G_parasitic: float = 0.0,
    P_load: float = 0.0,
    kinetics: str = "adiabatic",
    transmission: str = "diode",
    filter_cutoff: float | None = None,
    wire_length: float | None = None,
    wire_width: float | None = None,
    wire_thickness: float | None = None,
    T: float | None = None,
) -> xr.Dataset:
    """TDGL run at bias ``j`` and the cooler built on it (units in the module docstring)."""
    import math

    from neqsc.errors import InvalidParameter
    from neqsc.phonons import LowPassFilter, cooler_from_run
    from neqsc.tdgl import simulate

    numerics = {k: v for k, v in (("dx", dx), ("save_every", save_every)) if v is not None}
    si = (wire_length, wire_width, wire_thickness, T)
    filt = None if filter_cutoff is None else LowPassFilter(2 * math.pi * filter_cutoff, math.inf)
    kw = dict(plate=plate, substrate=substrate, p=p, a1=a1, T_b=T_b, form=form, T_target=T_target, k_leak=k_leak,
              n_filaments=n_filaments, G_parasitic=G_parasitic, P_load=P_load, kinetics=kinetics,
              transmission=transmission, plate_filter=filt)  # fmt: skip
    if any(v is not None for v in si):
        from neqsc.tdgl import Wire

        if any(v is None for v in si) or length is not None:
            raise InvalidParameter(
                "wire", si, "all of wire_length, wire_width, wire_thickness (m) and T (K), and no length (ξ)"
            )
        wire = Wire(material, wire_length, wire_width, wire_thickness, T, delta=delta)
        run = simulate(j, wire.length_reduced, wire.delta, wire.eta, t_end=t_end, **numerics)
        given = {k: v for k, v in (("cross_section", cross_section), ("contact_area", contact_area),
                                   ("thickness", thickness)) if v is not None}  # fmt: skip
        ds = cooler_from_run(run, wire=wire, **kw, **given)
    else:
        if length is None:
            raise InvalidParameter("length", length, "the wire length in ξ (or an SI wire: wire_length, ...)")
        run = simulate(j, length, delta, eta, t_end=t_end, **numerics)
        ds = cooler_from_run(
            run, material, cross_section=1e-16 if cross_section is None else cross_section,
            contact_area=1e-14 if contact_area is None else contact_area,
            thickness=1e-8 if thickness is None else thickness, **kw,
        )  # fmt: skip
    ds.attrs = {"neqsc_kind": "cooler_point"}
    return ds
