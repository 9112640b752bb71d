"""I–V curves of the 1D generalized TDGL wire by current continuation (issue 4, item 4).

Each current point continues from the final state of the previous one (same direction of the sweep) and runs for
``t_per_point``; its mean voltage and period come from :mod:`neqsc.tdgl.observables` (transient detected
automatically from the slip record). A point is classified only when it has declared itself (stationary, or
slipping; :mod:`neqsc.tdgl.points`): otherwise it runs on up to ``t_max_per_point`` and is reported ``"undecided"``,
never superconducting.

Beside the dynamic switching current the Dataset reports the static fold ``j_fold_static`` = j_max(L) of the
superconducting branch (:func:`neqsc.tdgl.critical.static_fold`; banks without weak spot or phonon term, else NaN).

Parallelisation. Continuation is sequential along a sweep direction, so the natural parallel units are the two
directions of ``direction="both"``. With more workers than directions, each direction is cut into contiguous
segments that run in parallel; a segment that does not start the sweep is prepared the way the sweep would
prepare it — an up-segment by ramping the current adiabatically (rate ``ramp_rate``) from 0 on the
superconducting state, a down-segment by running the top current from Ψ = 1 and ramping down. This follows the
same branch as strict continuation except within (ramp rate × response time) of a switching current; pass
``workers=1`` for strictly sequential sweeps.
"""

from __future__ import annotations

import concurrent.futures
import math
import os
from collections.abc import Callable, Sequence

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.limits import cap_workers
from neqsc.tdgl.critical import static_fold
from neqsc.tdgl.params import J_DEPAIRING
from neqsc.tdgl.points import STATES, STATIONARY_TOL, T_MAX_PER_POINT, run_point
from neqsc.tdgl.simulate import State, simulate

_SUMMARY = (
    "mean_voltage", "period", "periodic", "n_slips", "transient_end", "min_psi", "max_dpsi_dt", "t_run", "resistive",
    "undecided",
)  # fmt: skip


def _run_segment(task: dict) -> list[dict]:
    """Worker: prepare the segment's start state, then continue through its currents."""
    model = task["model"]
    t_point = task["t_per_point"]
    state = None
    prep = task["prep"]
    if prep is not None:
        kind, j_from, j_to = prep
        if kind == "down":
            ds = simulate(j_from, t_end=t_point, save_every=t_point / 10, **model)
            state = State.from_dataset(ds)
        rate = task["ramp_rate"] * math.copysign(1.0, j_to - j_from)
        t_ramp = abs(j_to - j_from) / task["ramp_rate"]
        if t_ramp > 0:
            ds = simulate(j_from, t_end=t_ramp, j_rate=rate, initial=state, save_every=t_ramp / 10, **model)
            state = State.from_dataset(ds)
    out = []
    for j in task["currents"]:
        summary, state = run_point(j, state, model, t_point, task["t_max"], task["stationary_tol"])
        out.append(summary)
    return out


def iv_curve(
    currents: Sequence[float],
    length: float = 10.0,
    delta: float = 10.0,
    eta: float = 0.1,
    interference: bool | str = True,
    boundary: str = "banks",
    direction: str = "up",
    *,
    t_per_point: float = 200.0,
    t_max_per_point: float = T_MAX_PER_POINT,
    stationary_tol: float = STATIONARY_TOL,
    workers: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    ramp_rate: float = 0.01,
    progress: Callable[[int, int], None] | None = None,
    **model_and_numerics,
) -> xr.Dataset:
    """⟨V⟩(j) by continuation; returns a Dataset with dims (direction, j) and a hysteresis report in attrs.

    Parameters
    ----------
    currents:
        Bias current densities in j0 (sorted internally; up sweeps run ascending, down sweeps descending).
    length, delta, eta, interference, boundary:
        As in :func:`~neqsc.tdgl.simulate`.
    direction:
        "up", "down" or "both".
    t_per_point:
        Simulated time per current point in t0 (transient + averaging window); a point that has not declared
        itself (module docstring) runs on in further runs of this length.
    t_max_per_point:
        Cap on the simulated time of one point in t0 (default 4000); beyond it the point is ``"undecided"``.
    stationary_tol:
        A point is stationary when max|∂τΨ| < stationary_tol (Δ0/t0; default 1e-5) at the end of a run.
    workers:
        Parallel processes (default: min(CPU count, 2 × directions)); 1 = strictly sequential.
    executor:
        Optional ``concurrent.futures.Executor`` to use instead of a local process pool.
    ramp_rate:
        dj/dτ (j0/t0) of the adiabatic ramps that prepare parallel segments.
    progress:
        Callback ``progress(done, total)`` over current points.
    **model_and_numerics:
        Further keywords of :func:`~neqsc.tdgl.simulate` (sc_correction, u, dx, ...); rtol and atol default to
        3e-3 and 1e-4 here (⟨V⟩ to < 1 %).
    """
    j_values = np.sort(np.asarray(validation.finite("currents", currents), dtype=float).ravel())
    if j_values.size == 0:
        raise InvalidParameter("currents", currents, "at least one current")
    if np.any(np.diff(j_values) == 0):  # a repeated current would give a zero-width continuation step (NaN)
        raise InvalidParameter("currents", currents, "distinct values (a current is repeated)")
    validation.one_of("direction", direction, ("up", "down", "both"))
    validation.positive("t_per_point", t_per_point, "t0")
    validation.positive("ramp_rate", ramp_rate, "j0/t0")
    validation.positive("t_max_per_point", t_max_per_point, "t0")
    validation.positive("stationary_tol", stationary_tol, "Δ0/t0")
    directions = ["up", "down"] if direction == "both" else [direction]
    if workers is None:
        workers = min(os.cpu_count() or 1, 2 * len(directions))
    workers = cap_workers("workers", int(validation.positive("workers", workers)))
    # I–V points need ⟨V⟩ to ~1e-2, not snapshots to 1e-3: looser default tolerances (measured: ⟨V⟩ within 0.7 % of
    # rtol = 1e-3 results, 2.5× fewer steps); pass rtol/atol to override
    model_and_numerics.setdefault("rtol", 3e-3)
    model_and_numerics.setdefault("atol", 1e-4)
    model = {
        "length": length,
        "delta": delta,
        "eta": eta,
        "interference": interference,
        "boundary": boundary,
        **model_and_numerics,
    }
    simulate(float(j_values[0]), t_end=1e-3, save_every=1e-3, **model)  # validate inputs before forking

    n_seg = max(1, min(j_values.size, workers // len(directions)))
    tasks = []
    for d in directions:
        ordered = j_values if d == "up" else j_values[::-1]
        for k, chunk in enumerate(np.array_split(ordered, n_seg)):
            if chunk.size == 0:
                continue
            if d == "up":
                prep = None if (k == 0 and n_seg == 1) else ("up", 0.0, float(chunk[0]))
            else:
                prep = None if k == 0 else ("down", float(ordered[0]), float(chunk[0]))
            tasks.append(
                {
                    "direction": d,
                    "currents": [float(v) for v in chunk],
                    "prep": prep,
                    "model": model,
                    "t_per_point": float(t_per_point),
                    "t_max": float(max(t_max_per_point, t_per_point)),
                    "stationary_tol": float(stationary_tol),
                    "ramp_rate": float(ramp_rate),
                }
            )
    total = j_values.size * len(directions)
    results: dict[int, list[dict]] = {}
    done = 0
    if progress:
        progress(0, total)
    if workers == 1 and executor is None:
        for i, task in enumerate(tasks):
            results[i] = _run_segment(task)
            done += len(task["currents"])
            if progress:
                progress(done, total)
    else:
        own = executor is None
        pool = executor or concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, len(tasks)))
        try:
            futures = {pool.submit(_run_segment, task): i for i, task in enumerate(tasks)}
            for fut in concurrent.futures.as_completed(futures):
                i = futures[fut]
                results[i] = fut.result()
                done += len(tasks[i]["currents"])
                if progress:
                    progress(done, total)
        finally:
            if own:
                pool.shutdown()
    limits = (float(t_per_point), float(max(t_max_per_point, t_per_point)), float(stationary_tol))
    return _assemble(j_values, directions, tasks, results, model, limits, workers, n_seg)


def _fold(model: dict) -> float:
    """Static fold j_max(L) where it applies (banks, uniform wire, no phonon term), else NaN."""
    if model["boundary"] != "banks" or model.get("weak_spot") is not None or model.get("phonon_term") is not None:
        return math.nan
    return static_fold(float(model["length"]))["j_max"]


def _assemble(j_values, directions, tasks, results, model, limits, workers, n_seg) -> xr.Dataset:
    t_per_point, t_max, stationary_tol = limits
    data = {name: np.full((len(directions), j_values.size), np.nan) for name in _SUMMARY}
    for i, task in enumerate(tasks):
        di = directions.index(task["direction"])
        for jv, summary in zip(task["currents"], results[i], strict=True):
            ji = int(np.searchsorted(j_values, jv))
            for name in _SUMMARY:
                data[name][di, ji] = summary[name]
    meta = {
        "mean_voltage": ("ħ/(2e t0)", "time-averaged voltage ⟨V⟩ after the transient"),
        "period": ("t0", "time between successive phase slips"),
        "periodic": ("1", "1 when the slip record is periodic (intervals and ⟨V⟩ steady within 1e-3, no drift)"),
        "n_slips": ("1", "phase slips during the point's run"),
        "transient_end": ("t0", "end of the transient within the point's run"),
        "min_psi": ("Δ0", "minimum |Ψ| over the second half of the point's (last) run"),
        "max_dpsi_dt": ("Δ0/t0", "max|∂τΨ| at the end of the point's run (stationarity measure)"),
        "t_run": ("t0", "simulated time spent on the point (until it declared itself, or the cap)"),
        "resistive": ("1", "1 when slipping (periodic, or ≥ 2 slips in the second half of the run) or ⟨V⟩ > 0.05·jL"),
        "undecided": ("1", "1 when neither stationary nor slipping within t_max_per_point"),
    }
    data_vars = {
        name: (("direction", "j"), data[name], {"units": meta[name][0], "long_name": meta[name][1]})
        for name in _SUMMARY
    }
    codes = np.where(data["undecided"] > 0.5, 2, np.where(data["resistive"] > 0.5, 1, 0))
    data_vars["state"] = (
        ("direction", "j"),
        np.asarray(STATES)[codes],
        {"long_name": "superconducting (stationary) | resistive (slipping or normal) | undecided"},
    )
    coords = {
        "direction": ("direction", np.array(directions)),
        "j": ("j", j_values, {"units": "j0", "long_name": "bias current density"}),
        "j_over_jdp": ("j", j_values / J_DEPAIRING, {"units": "1", "long_name": "j / j_dp, j_dp = 2/(3√3)"}),
    }
    attrs = {
        "neqsc_kind": "tdgl_iv",
        **{k: (v if isinstance(v, int | float | str) else str(v)) for k, v in model.items()},
        "t_per_point": t_per_point,
        "t_max_per_point": t_max,
        "stationary_tol": stationary_tol,
        "workers": int(workers),
        "segments_per_direction": int(n_seg),
        "j_fold_static": _fold(model),
        "n_undecided": int(np.sum(data["undecided"] > 0.5)),
        **hysteresis_report(j_values, directions, data["resistive"]),
    }
    return xr.Dataset(data_vars, coords=coords, attrs=attrs)


def hysteresis_report(j_values: np.ndarray, directions: list[str], resistive: np.ndarray) -> dict:
    """Switching current (up), retrapping current (down) and the width of the hysteresis loop, in j0.

    The switching (retrapping) current is the lowest current classified resistive in the up (down) sweep; undecided
    points are not resistive, so a switching current above an undecided point is an upper bound (``n_undecided``).

    Parameters
    ----------
    j_values:
        Bias current densities of the sweep in j0, ascending.
    directions:
        Sweep direction of each row of ``resistive``: "up" or "down".
    resistive:
        Array (direction, current) that is 1 where a point was classified resistive, else 0 (dimensionless).

    Returns
    -------
    dict with ``j_switch_up``, ``j_retrap_down`` and ``hysteresis_width`` in j0 (NaN where undefined) and
    ``hysteretic`` (1 if the width exceeds one current step, else 0).
    """
    out: dict = {}
    for d, row in zip(directions, resistive, strict=True):
        idx = np.nonzero(row > 0.5)[0]
        lowest = float(j_values[idx[0]]) if idx.size else math.nan
        out["j_switch_up" if d == "up" else "j_retrap_down"] = lowest
    if "j_switch_up" in out and "j_retrap_down" in out:
        width = out["j_switch_up"] - out["j_retrap_down"]
        step = float(np.min(np.diff(j_values))) if j_values.size > 1 else 0.0
        out["hysteresis_width"] = width
        out["hysteretic"] = int(math.isfinite(width) and width > step * 1.0001)
    return out
