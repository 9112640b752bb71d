"""Figures for heat-balance results (``neqsc_kind`` = ``thermal_sweep`` / ``thermal_steady_state``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.plotting import register_plotter, use_agg


def _scaled(coord: xr.DataArray) -> tuple[np.ndarray, str]:
    unit = coord.attrs.get("units", "")
    if unit == "W":
        return coord.values * 1e12, "pW"
    if unit == "K":
        return coord.values * 1e3, "mK"
    return coord.values, unit


@register_plotter("thermal_sweep")
def plot_sweep(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Node temperatures along the sweep (up branch solid, down branch dashed, folds marked) and responsivities."""
    use_agg()
    import matplotlib.pyplot as plt

    coord = ds.attrs["sweep_coordinate"]
    x, xunit = _scaled(ds[coord])
    nodes = [str(n) for n in ds.node.values]
    fig, axes = plt.subplots(2, 1, figsize=(6.4, 6.4), sharex=True)
    for n in nodes:
        (line,) = axes[0].plot(x, ds[f"T_{n}"] * 1e3, label=f"T_{n}")
        if int(ds.n_solutions.max()) > 1:
            axes[0].plot(x, ds[f"T_{n}_down"] * 1e3, "--", color=line.get_color(), lw=1)
        if ds.sizes.get("fold", 0):
            fx, _ = _scaled(ds[f"fold_{coord}"])
            axes[0].plot(fx, ds[f"fold_T_{n}"] * 1e3, "kx")
        axes[1].plot(x, ds[f"dT_{n}_d{coord}"], label=f"dT_{n}/d{coord}")
    axes[0].set(ylabel="T (mK)", title=ds.attrs.get("device_name", "heat balance"))
    axes[0].legend(fontsize=8)
    axes[1].axhline(0.0, color="0.6", lw=0.8)
    resp = np.concatenate([ds[f"dT_{n}_d{coord}"].values for n in nodes])
    lo, hi = np.percentile(resp, [5, 95])  # the responsivity diverges at equilibrium (P → 0): zoom on the bulk
    pad = 0.2 * (hi - lo) + 1e-30
    axes[1].set_ylim(min(lo, 0.0) - pad, hi + pad)
    axes[1].set(xlabel=f"{coord} ({xunit})", ylabel=f"responsivity (K/{ds[coord].attrs.get('units', '')})")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    path = Path(out_stem).with_suffix(".png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]


@register_plotter("thermal_steady_state")
def plot_steady_state(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Bar chart of node temperatures and link heat flows."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
    ax1.bar([str(n) for n in ds.node.values], ds["T"].values * 1e3)
    ax1.set(ylabel="T (mK)", title="steady state")
    ax2.barh([str(lk) for lk in ds.link.values], ds["Q"].values * 1e12)
    ax2.set(xlabel="Q (pW)", title="heat flows")
    fig.tight_layout()
    path = Path(out_stem).with_suffix(".png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]
