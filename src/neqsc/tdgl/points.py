"""Classification of a current point of the wire: superconducting, resistive, or not yet declared.

A run at fixed current is classified only when it has declared itself:

* *resistive*: periodic slips, or at least two slips in the second half of its latest run, or ⟨V⟩ > 0.05·jL (a
  normal domain, where no phase winding is defined);
* *superconducting*: stationary, max|∂τΨ| < ``stationary_tol`` (default 1e-5 Δ0/t0, lab frame) at the end of the
  run, with ⟨V⟩ ≤ 0.05·jL;
* otherwise the point runs on, continuing its state, up to a cap (default 4000 t0); a point still neither stationary
  nor slipping is ``"undecided"`` — never superconducting.

Near the saddle-node (fold) of the superconducting branch both the relaxation below the fold and the passage
through the bottleneck above it are slow (MEASURED, L = 10ξ, δ = 10: max|∂τΨ| decays by a factor ≈ 0.53 per
100 t0 at j = 0.39, fold 0.3927; at j = 0.40 the first slip comes ≈ 350 t0 after the step), which is why a fixed run
length misclassified such points. Choice of the threshold: in the bottleneck above the fold max|∂τΨ| stays above
≈ 0.14·(j − j_max) (MEASURED 1e-3 at j − j_max = 7e-3), so 1e-5 takes a point for stationary only within
≈ 1e-4 j0 of the fold, far below the current steps of a sweep. With Langevin noise a run is never stationary.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc.tdgl.simulate import State, simulate

#: state codes of a current point (``state`` variable of the I–V Dataset)
STATES = ("superconducting", "resistive", "undecided")
STATIONARY_TOL = 1e-5
T_MAX_PER_POINT = 4000.0


def classify(ds: xr.Dataset, stationary_tol: float = STATIONARY_TOL) -> str | None:
    """Classify one :func:`simulate` run: "resistive", "superconducting" or None (not declared; module docstring)."""
    v = float(ds.attrs["mean_voltage"])
    t = ds["t"].values
    t_mid = 0.5 * (t[0] + t[-1])
    late_slips = int(np.count_nonzero(ds["slip_time"].values > t_mid))
    ohmic = abs(float(ds.attrs["j"])) * float(ds.attrs["length"])
    if int(ds.attrs["periodic"]) or late_slips >= 2 or v > 0.05 * ohmic:
        return "resistive"
    if float(ds.attrs["final_max_dpsi_dt"]) < stationary_tol:
        return "superconducting"
    return None


def _summary(ds: xr.Dataset, state: str, t_run: float) -> dict:
    tail = ds["psi_abs"].isel(t=slice(ds.sizes["t"] // 2, None))
    return {
        "mean_voltage": float(ds.attrs["mean_voltage"]),
        "period": float(ds.attrs["period"]),
        "periodic": int(ds.attrs["periodic"]),
        "n_slips": int(ds.attrs["n_slips"]),
        "transient_end": float(ds.attrs["transient_end"]),
        "min_psi": float(tail.min()),
        "max_dpsi_dt": float(ds.attrs["final_max_dpsi_dt"]),
        "t_run": float(t_run),
        "resistive": int(state == "resistive"),
        "undecided": int(state == "undecided"),
    }


def run_point(
    j: float, state: State | None, model: dict, t_per_point: float, t_max: float, stationary_tol: float
) -> tuple[dict, State]:
    """Run one current point until it declares itself (or ``t_max``); returns its summary and final state."""
    t_run = 0.0
    while True:
        ds = simulate(j, t_end=t_per_point, initial=state, save_every=t_per_point / 50, **model)
        state = State.from_dataset(ds)
        t_run += t_per_point
        verdict = classify(ds, stationary_tol)
        if verdict is not None or t_run >= t_max * (1.0 - 1e-12):
            break
    return _summary(ds, verdict or "undecided", t_run), state
