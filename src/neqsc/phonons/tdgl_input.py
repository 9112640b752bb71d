"""Reading a TDGL run (``neqsc_kind="tdgl_run"``): required variables and whole-period averaging windows.

Contract (``neqsc.tdgl.simulate``): dims ``t`` (t0 = τ_GL/u) and ``x`` (ξ(T)); variables ``psi_abs``,
``dpsi2_dt`` (∂τ|Ψ|²), ``phi``, ``voltage``, ``j_s``, ``j_n``, ``j_int``; attrs ``period``, ``delta``, ``eta``,
``j``, ... A file lacking what a computation needs raises :class:`~neqsc.errors.InvalidParameter` naming it.

A run made by a :class:`neqsc.tdgl.Wire` (``wire.simulate``, ``neqsc psc run --material``) also carries the Wire's
material, film values, geometry and bath temperature as attrs (:meth:`neqsc.tdgl.Wire.scales`). :func:`resolve_device`
makes these the one source of the phonon engine's material, cross-section and T: a material or cross-section given
alongside such a run must agree with it, and a reduced run keeps taking them explicitly.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from neqsc.errors import InvalidParameter

__all__ = ["WIRE_ATTRS", "period_of", "require", "resolve_device", "whole_period_window", "wire_attrs"]

#: attrs a Wire writes into its runs that the phonon engine reads (name: K, m, Ω m, m²/s as the suffix says)
WIRE_ATTRS = (
    "material",
    "T_K",
    "Tc_K",
    "resistivity_ohm_m",
    "diffusion_m2_per_s",
    "wire_length_m",
    "wire_width_m",
    "wire_thickness_m",
)
#: default filament material and cross-section (m²) of a reduced run given without them
DEFAULT_MATERIAL = "Al"
DEFAULT_CROSS_SECTION = 1e-16
# agreement required between a value given explicitly and the Wire's (both are the same double up to round-off)
_RTOL = 1e-9


def wire_attrs(run: xr.Dataset) -> dict | None:
    """The Wire attrs of :data:`WIRE_ATTRS` of ``run`` (material name, T_K, Tc_K in K, resistivity in Ω m,
    diffusion in m²/s, wire length/width/thickness in m), or None for a reduced run (none of them present).

    A run carrying only some of them raises :class:`~neqsc.errors.InvalidParameter` naming the missing ones.
    """
    present = [a for a in WIRE_ATTRS if a in run.attrs]
    if not present:
        return None
    missing = [a for a in WIRE_ATTRS if a not in run.attrs]
    if missing:
        raise InvalidParameter(
            "tdgl_run", "attrs " + ", ".join(missing), "all Wire attrs (" + ", ".join(WIRE_ATTRS) + ") or none"
        )
    return {a: (str(run.attrs[a]) if a == "material" else float(run.attrs[a])) for a in WIRE_ATTRS}


def _agree(a: float, b: float) -> bool:
    return abs(a - b) <= _RTOL * max(abs(a), abs(b))


def _check_wire_matches_run(run: xr.Dataset, wire) -> xr.Dataset:
    """A Wire passed with a run: the run must be this wire's (same η, δ, L/ξ); returns a copy with the Wire attrs."""
    from neqsc.tdgl.wire import Wire

    if not isinstance(wire, Wire):
        raise InvalidParameter("wire", type(wire).__name__, "a neqsc.tdgl.Wire")
    own = wire_attrs(run)
    if own is not None:
        scales = wire.scales()
        for key, value in own.items():
            same = value == scales[key] if key == "material" else _agree(value, scales[key])
            if not same:
                raise InvalidParameter(
                    "wire", f"{key} = {scales[key]!r}", f"the run's value {value!r} (the run was made by another Wire)"
                )
        return run
    x = run["x"].values
    for key, run_value, wire_value in (
        ("eta", float(run.attrs.get("eta", np.nan)), wire.eta),
        ("delta", float(run.attrs.get("delta", np.nan)), wire.delta),
        ("length", float(x[-1] - x[0]), wire.length_reduced),
    ):
        if not _agree(run_value, wire_value):
            raise InvalidParameter(
                "wire",
                f"{key} = {wire_value:.10g}",
                f"the run's {key} = {run_value:.10g} (a Wire given with a reduced run must be the wire it simulated)",
            )
    out = run.copy()
    out.attrs = {**run.attrs, **wire.scales()}
    return out


def resolve_device(run: xr.Dataset, material=None, cross_section: float | None = None, wire=None):
    """Material, cross-section and bath temperature of the filament of ``run``: one source of truth.

    Parameters
    ----------
    run:
        TDGL Dataset; a Wire run carries :data:`WIRE_ATTRS`.
    material:
        None, a name or a :class:`~neqsc.phonons.params.PhononMaterial`. With a Wire run it must name the Wire's
        material (a PhononMaterial must also have its Tc (K), resistivity (Ω m) and diffusion (m²/s)); with a
        reduced run None means ``"Al"``.
    cross_section:
        Filament cross-section S in m², or None. With a Wire run it must equal width × thickness; with a reduced run
        None means 1e-16 m².
    wire:
        A :class:`neqsc.tdgl.Wire`; a reduced run is then taken to be this wire's (its η, δ and L/ξ must agree)
        and receives the Wire attrs.

    Returns
    -------
    (run, material, cross_section, attrs): the run (with Wire attrs if ``wire`` was given), a
    :class:`~neqsc.phonons.params.PhononMaterial` with the Wire's film Tc, ρ, D, S in m², and the Wire attrs of
    :func:`wire_attrs` (None for a reduced run). A mismatch raises :class:`~neqsc.errors.InvalidParameter`.
    """
    from neqsc import materials
    from neqsc.phonons.params import PhononMaterial

    require(run)
    if wire is not None:
        run = _check_wire_matches_run(run, wire)
    geo = wire_attrs(run)
    if geo is None:
        material = DEFAULT_MATERIAL if material is None else material
        if isinstance(material, str):
            material = PhononMaterial.from_table(material)
        cross_section = DEFAULT_CROSS_SECTION if cross_section is None else cross_section
        return run, material, cross_section, None
    eta_wire = 1.0 - geo["T_K"] / geo["Tc_K"]
    if not _agree(float(run.attrs.get("eta", np.nan)), eta_wire):
        raise InvalidParameter(
            "tdgl_run.eta", run.attrs.get("eta"), f"1 − T/Tc = {eta_wire:.10g} of the run's Wire attrs T_K, Tc_K"
        )
    film = {"Tc": geo["Tc_K"], "resistivity": geo["resistivity_ohm_m"], "diffusion": geo["diffusion_m2_per_s"]}
    name = geo["material"]
    if material is None or isinstance(material, str):
        if material is not None and materials.get(material).name != name:
            raise InvalidParameter("material", material, f"{name!r}, the material of the run's Wire (or omit it)")
        base = wire.material if wire is not None else name
        material = PhononMaterial.from_table(base, **film)
    elif isinstance(material, PhononMaterial):
        bad = [k for k, v in film.items() if not _agree(getattr(material, k), v)]
        if material.name != name or bad:
            field = "name" if material.name != name else bad[0]
            wanted = name if field == "name" else film[field]
            raise InvalidParameter(
                f"material.{field}", getattr(material, field), f"{wanted!r} of the run's Wire (or omit material)"
            )
    else:
        raise InvalidParameter("material", type(material).__name__, "None, a material name or a PhononMaterial")
    area = geo["wire_width_m"] * geo["wire_thickness_m"]
    if cross_section is not None and not _agree(float(cross_section), area):
        raise InvalidParameter(
            "cross_section",
            cross_section,
            f"width × thickness = {area:.6g} m² of the run's Wire (or omit it)",
            hint="the cross-section of a Wire run comes from the Wire",
        )
    return run, material, area, geo


def require(ds: xr.Dataset, variables=(), attrs=()) -> None:
    """Raise InvalidParameter if ``ds`` lacks any of ``variables`` (with dims (t, x) or (t,)) or ``attrs``."""
    if not isinstance(ds, xr.Dataset):
        raise InvalidParameter("tdgl_run", type(ds).__name__, "an xarray.Dataset from neqsc.tdgl.simulate")
    missing = [v for v in variables if v not in ds.variables]
    missing += [f"attr {a}" for a in attrs if a not in ds.attrs]
    if missing:
        raise InvalidParameter(
            "tdgl_run",
            ", ".join(missing),
            "a TDGL result containing " + ", ".join([*variables, *(f"attr {a}" for a in attrs)]),
            hint="the file lacks the listed entries (is it a neqsc.tdgl.simulate result?)",
        )
    for dim in ("t", "x"):
        if any(dim in ds[v].dims for v in variables) and dim not in ds.sizes:
            raise InvalidParameter("tdgl_run", f"no dim {dim}", "dims t and x")
    if "t" in ds.sizes and ds.sizes["t"] < 3:
        raise InvalidParameter("tdgl_run.t", ds.sizes["t"], ">= 3 snapshots")
    if "t" in ds.coords and not np.all(np.diff(ds["t"].values) > 0):
        raise InvalidParameter("tdgl_run.t", "non-increasing", "strictly increasing snapshot times")


def period_of(ds: xr.Dataset) -> float:
    """PSC period in t0: attr ``period`` if finite > 0, else the mean spacing of the deep minima of min_x |Ψ|."""
    p = ds.attrs.get("period")
    if p is not None and np.isfinite(p) and p > 0:
        return float(p)
    t = ds["t"].values
    pmin = ds["psi_abs"].min("x").values
    thr = pmin.min() + 0.5 * (pmin.max() - pmin.min())
    inner = (pmin[1:-1] < pmin[:-2]) & (pmin[1:-1] <= pmin[2:]) & (pmin[1:-1] < thr)
    times = t[1:-1][inner]
    if times.size < 2:
        raise InvalidParameter("tdgl_run.period", p, "a finite period or at least two phase slips in the run")
    return float(np.mean(np.diff(times)))


def whole_period_window(ds: xr.Dataset, n_periods: int | None = None) -> tuple[int, int, int]:
    """Snapshot indices (i0, i1) spanning an integer number of periods near the end of the run, and that number.

    i1 is the snapshot of the last period where |Ψ| changes slowest; i0 is chosen within ±P/4 of t[i1] − nP as
    the snapshot whose |Ψ(x)| is closest to |Ψ(x, t[i1])| (so the window closes on the same state even if
    snapshots do not align with the period).
    ``n_periods`` None → as many whole periods as fit after the transient (the run's ``transient_end`` attr if
    finite, and at least the first quarter of the run).
    """
    P = period_of(ds)
    t = ds["t"].values
    start = t[0] + 0.25 * (t[-1] - t[0])
    te = ds.attrs.get("transient_end")
    if isinstance(te, int | float) and np.isfinite(te) and te < t[-1]:
        start = max(start, float(te))
    span = t[-1] - start
    n_fit = math.floor(span / P + 1e-9)
    n = n_fit if n_periods is None else int(n_periods)
    if n < 1 or n * P > t[-1] - t[0] + 1e-9:
        raise InvalidParameter("n_periods", n_periods, f"1..{max(n_fit, 1)} whole periods (period {P:.4g} t0)")
    psi = ds["psi_abs"].values
    # end the window where the state changes slowest within the last period, so that the snapshot mismatch
    # between the two ends (which sets the residual of the cycle mean) is smallest
    last = np.nonzero(t >= t[-1] - P)[0]
    last = last[(last >= 1) & (last <= t.size - 2)]
    if last.size:
        speed = np.sqrt(np.mean((psi[last + 1] - psi[last - 1]) ** 2, axis=1))
        i1 = int(last[np.argmin(speed)])
    else:
        i1 = t.size - 1
    target = t[i1] - n * P
    if target < t[0] - 1e-9:
        i1, target = t.size - 1, t[-1] - n * P
    cand = np.nonzero(np.abs(t - target) <= 0.25 * P)[0]
    if cand.size == 0:
        cand = np.array([int(np.argmin(np.abs(t - target)))])
    dist = np.sqrt(np.mean((psi[cand] - psi[i1]) ** 2, axis=1))
    return int(cand[np.argmin(dist)]), i1, n
