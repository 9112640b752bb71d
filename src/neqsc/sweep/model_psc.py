"""Sweep model ``psc``: one generalized-TDGL run of a current-biased wire (:func:`neqsc.tdgl.simulate`).

Parameters are in the TDGL engine's natural units (docs/tdgl.md): bias ``j`` in j0, ``length`` in ξ(T), ``delta`` =
2τ_εΔ0/ħ, ``eta`` = (Tc − T)/Tc, ``t_end`` and ``save_every`` in t0, ``dx`` in ξ. The point result keeps what has the
same shape at every point of a sweep — the period/voltage summary and V(t) on the save grid (t_end and save_every
fixed) — and drops the (t, x) fields and the per-slip arrays, whose sizes depend on the length and the dynamics.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc.sweep.models import register_model

_SUMMARY = ("mean_voltage", "period", "n_slips", "periodic", "slips_per_period", "transient_end")


@register_model(
    "psc",
    units={
        "j": None,
        "length": None,
        "delta": None,
        "eta": None,
        "interference": None,
        "boundary": None,
        "t_end": None,
        "sc_correction": None,
        "noise": None,
        "dx": None,
        "save_every": None,
    },
    description="phase-slip centre in a current-biased wire (generalized TDGL): ⟨V⟩, period, V(t)",
    labels={"j": "j0", "length": "xi", "t_end": "t0", "save_every": "t0", "dx": "xi"},
    requires=("neqsc.tdgl",),
)
def psc(
    j: float,
    length: float,
    delta: float = 10.0,
    eta: float = 0.1,
    interference: bool | str = True,
    boundary: str = "banks",
    t_end: float = 500.0,
    sc_correction: str = "as_printed",
    noise: float = 0.0,
    dx: float | None = None,
    save_every: float | None = None,
    seed: int = 0,
) -> xr.Dataset:
    """Run :func:`neqsc.tdgl.simulate` and return its per-point summary (natural units, see the module docstring)."""
    from neqsc.tdgl import simulate

    numerics = {k: v for k, v in (("dx", dx), ("save_every", save_every)) if v is not None}
    run = simulate(
        j,
        length,
        delta,
        eta,
        interference,
        boundary,
        t_end,
        sc_correction=sc_correction,
        noise=noise,
        seed=int(seed) if noise else None,
        **numerics,
    )
    units = {"mean_voltage": "hbar/(2e t0)", "period": "t0", "transient_end": "t0"}
    data = {
        name: ((), np.asarray(run.attrs[name]).item() if name in run.attrs else np.nan, {"units": units.get(name, "1")})
        for name in _SUMMARY
    }
    data["voltage"] = ("t", run["voltage"].values, dict(run["voltage"].attrs))
    return xr.Dataset(data, coords={"t": run["t"]}, attrs={"neqsc_kind": "psc_point"})
