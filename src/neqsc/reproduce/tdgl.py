"""Reproductions for the 1D generalized TDGL engine (Mowgood et al., *phase-slip centers as cooling engines*).

* ``psc-fig1`` — Fig. 1: |Ψ(x,τ)|², |Ψ(0,τ)|, V(τ) and j_s, j_n, j_int at characteristic moments for J = 1.5 with
  J0 ≈ 1. The paper gives neither L nor δ. We keep δ = 10 (the default) and the paper's switches (interference
  "paper_approx", c₁ "as_printed") and choose L such that the switching current J0 = j_c1 (extrapolated up-ramp,
  :func:`neqsc.tdgl.switching_current`) equals 1 j0: J0(L) is measured on a few lengths and interpolated.
* ``psc-window`` — the PSC window j_c2 < j < j_c1 versus L for δ ∈ {0, 1, 3, 10} (coarse: dx = 0.2 ξ; j_c1 is the
  static fold j_max(L) of the superconducting branch, :func:`neqsc.tdgl.critical.static_fold`, independent of δ;
  j_c2 by step-down continuation, each current run until it is stationary or slipping, see
  :mod:`neqsc.tdgl.points`).
"""

from __future__ import annotations

import concurrent.futures
import math
import warnings
from pathlib import Path

import numpy as np
import xarray as xr

from neqsc import io
from neqsc.reproduce import RecipeResult, recipe
from neqsc.tdgl import J_DEPAIRING, UnresolvedCoreWarning, retrapping_current, simulate, switching_current
from neqsc.tdgl.critical import static_fold

PAPER = "Mowgood, Teknowijoyo, Chahid, Gulian, phase-slip centers as cooling engines (Fig. 1, App. A-B)"
FIG1_DELTA = 10.0
FIG1_OPTIONS = {"interference": "paper_approx", "sc_correction": "as_printed"}
FIG1_LENGTHS = (0.9, 1.0, 1.1, 1.2, 1.3)


def length_for_unit_switching_current(delta: float = FIG1_DELTA, lengths=FIG1_LENGTHS) -> tuple[float, dict]:
    """L (in ξ, rounded to 0.01) where J0(L) = j_c1 = 1 j0, and the measured J0(L) table."""
    table = {
        L: switching_current(L, delta, j_start=0.5, j_stop=3.0, rate=1e-3, dx=0.05, **FIG1_OPTIONS)["j_c1"]
        for L in lengths
    }
    ls = np.array(list(table))
    j0 = np.array(list(table.values()))
    order = np.argsort(j0)
    l_star = float(np.interp(1.0, j0[order], ls[order]))
    return round(l_star, 2), table


@recipe("psc-fig1", "PSC oscillations at J = 1.5, J0 ≈ 1 (|Ψ|², |Ψ(0)|, V, j_s, j_n, j_int)", paper=PAPER)
def psc_fig1(out: Path) -> RecipeResult:
    from neqsc.plotting.tdgl import plot_run

    l_star, table = length_for_unit_switching_current()
    j0_check = switching_current(l_star, FIG1_DELTA, j_start=0.5, j_stop=3.0, rate=1e-3, dx=0.05, **FIG1_OPTIONS)
    ds = simulate(1.5, l_star, FIG1_DELTA, t_end=200.0, dx=0.05, save_every=0.01, rtol=1e-4, **FIG1_OPTIONS)
    ds.attrs["J0_switching"] = j0_check["j_c1"]
    nc = io.save(ds, out / "psc_fig1.nc", parameters={"j": 1.5, "length": l_star, "delta": FIG1_DELTA, **FIG1_OPTIONS})
    png = plot_run(ds, out / "psc_fig1")[0]
    centre = int(np.argmin(np.abs(ds["x"].values)))
    steady = ds["t"].values >= ds.attrs["transient_end"]
    psi0 = ds["psi_abs"].values[steady, centre]
    dpsi0 = np.gradient(psi0, ds["t"].values[steady])
    numbers = {
        "delta": FIG1_DELTA,
        "L for J0 = 1 (xi)": l_star,
        **{f"J0(L={k:g})": float(v) for k, v in table.items()},
        "J0 at chosen L (j0)": float(j0_check["j_c1"]),
        "J / J0": 1.5 / float(j0_check["j_c1"]),
        "J / j_dp": 1.5 / J_DEPAIRING,
        "period (t0)": float(ds.attrs["period"]),
        "mean voltage (hbar/(2e t0))": float(ds.attrs["mean_voltage"]),
        "<V> * period / 2pi": float(ds.attrs["mean_voltage"] * ds.attrs["period"] / (2 * math.pi)),
        "min |Psi(0)| after transient": float(psi0.min()),
        "max |Psi(0)| after transient": float(psi0.max()),
        "fraction of period with d|Psi(0)|/dt < 0": float(np.mean(dpsi0 < 0)),
        "slip positions (unique, xi)": ", ".join(f"{v:g}" for v in np.unique(ds["slip_x"].values[-10:])),
    }
    return RecipeResult(files=[nc, png], numbers=numbers)


WINDOW_DELTAS = (0.0, 1.0, 3.0, 10.0)
WINDOW_LENGTHS = (2.0, 4.0, 8.0, 16.0, 30.0)


def _window_point(args: tuple[float, float]) -> tuple[float, float, float, float]:
    delta, length = args
    c1 = static_fold(length)["j_max"]
    with warnings.catch_warnings():
        # the map trades grid accuracy for speed (dx = 0.2 ξ, stated in its attrs): no warning per point
        warnings.simplefilter("ignore", UnresolvedCoreWarning)
        c2 = retrapping_current(length, delta, j_start=1.3 * c1, dx=0.2)["j_c2"]
    return delta, length, c1, c2


def psc_window_dataset(deltas=WINDOW_DELTAS, lengths=WINDOW_LENGTHS, workers: int = 2) -> xr.Dataset:
    """j_c1 (switching) and j_c2 (retrapping) on a (delta, length) grid, in j0 (banks, default switches)."""
    jobs = [(d, L) for d in deltas for L in lengths]
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_window_point, jobs))
    c1 = np.full((len(deltas), len(lengths)), np.nan)
    c2 = np.full_like(c1, np.nan)
    for d, L, a, b in results:
        c1[deltas.index(d), lengths.index(L)] = a
        c2[deltas.index(d), lengths.index(L)] = b
    return xr.Dataset(
        {
            "j_c1": (
                ("delta", "length"),
                c1,
                {"units": "j0", "long_name": "switching current: static fold j_max(L) of the superconducting branch"},
            ),
            "j_c2": (
                ("delta", "length"),
                c2,
                {"units": "j0", "long_name": "retrapping current: lowest resistive current of a step-down (step 0.01)"},
            ),
        },
        coords={
            "delta": ("delta", np.array(deltas), {"units": "1", "long_name": "δ = 2τ_εΔ0/ħ"}),
            "length": ("length", np.array(lengths), {"units": "ξ", "long_name": "wire length"}),
        },
        attrs={
            "neqsc_kind": "tdgl_window",
            "boundary": "banks",
            "interference": "exact",
            "sc_correction": "as_printed",
            "dx": 0.2,
            "j_c2_resolution": 0.01,
            "j_dp": J_DEPAIRING,
        },
    )


@recipe("psc-window", "PSC window (switching and retrapping currents) vs L for δ = 0, 1, 3, 10", paper=PAPER)
def psc_window(out: Path) -> RecipeResult:
    from neqsc.plotting.tdgl import plot_window

    ds = psc_window_dataset()
    nc = io.save(ds, out / "psc_window.nc")
    png = plot_window(ds, out / "psc_window")[0]
    numbers = {}
    for d in ds["delta"].values:
        for L in ds["length"].values:
            c1 = float(ds["j_c1"].sel(delta=d, length=L))
            c2 = float(ds["j_c2"].sel(delta=d, length=L))
            numbers[f"delta={d:g} L={L:g}: j_c2 .. j_c1"] = f"{c2:.3f} .. {c1:.3f}"
    return RecipeResult(files=[nc, png], numbers=numbers)
