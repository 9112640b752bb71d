"""Reading a TDGL run (``neqsc_kind="tdgl_run"``): required variables and whole-period averaging windows.

Contract (``neqsc.tdgl.simulate``): dims ``t`` (t0 = τ_GL/u) and ``x`` (ξ(T)); variables ``psi_abs``,
``dpsi2_dt`` (∂τ|Ψ|²), ``phi``, ``voltage``, ``j_s``, ``j_n``, ``j_int``; attrs ``period``, ``delta``, ``eta``,
``j``, ... A file lacking what a computation needs raises :class:`~neqsc.errors.InvalidParameter` naming it.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from neqsc.errors import InvalidParameter

__all__ = ["period_of", "require", "whole_period_window"]


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
