"""Figures for fits to measured NIS conductance: data vs fit (local Dynes fit, g_ss fit) and symmetry maps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.plotting import register_plotter, use_agg


def _save(fig, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


@register_plotter("nonlocal_fit_local")
def plot_local_fit(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Measured G(V) (symbols) with the Dynes fit (line) and the residuals, one curve per I_s slice."""
    use_agg()
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(10, 5))
    grid = fig.add_gridspec(2, 2, height_ratios=(3, 1), width_ratios=(1.4, 1))
    ax = fig.add_subplot(grid[0, 0])
    axr = fig.add_subplot(grid[1, 0], sharex=ax)
    axz = fig.add_subplot(grid[:, 1])
    G = ds["G"].transpose("V", ...)
    fit = ds["G_fit"].transpose("V", ...)
    V = ds["V"].values * 1e6
    scale, unit = (1e6, "µS") if ds["G"].attrs.get("units", "S") == "S" else (1.0, ds["G"].attrs.get("units", "G_N"))
    data = G.values.reshape(len(V), -1) * scale
    model = fit.values.reshape(len(V), -1) * scale
    extra = [d for d in G.dims if d != "V"]
    labels = [str(c) for c in G[extra[0]].values] if len(extra) == 1 else [None] * data.shape[1]
    # sub-gap zoom: |eV| below 80 % of the smallest fitted Δ (or of the conductance-peak position)
    gap_uV = (
        float(np.nanmin(ds["fit_gap"].values)) * 1e6 if "fit_gap" in ds else float(np.abs(V[np.argmax(data[:, 0])]))
    )
    sub = np.abs(V) <= 0.8 * gap_uV
    for j in range(data.shape[1]):
        ax.plot(V, data[:, j], ".", ms=2.5, color=f"C{j}", label=labels[j])
        ax.plot(V, model[:, j], "-", lw=1.0, color=f"C{j}")
        axr.plot(V, data[:, j] - model[:, j], ".", ms=2.0, color=f"C{j}")
        if np.count_nonzero(sub) >= 2:
            axz.plot(V[sub], data[sub, j], ".", ms=3, color=f"C{j}")
            axz.plot(V[sub], model[sub, j], "-", lw=1.0, color=f"C{j}")
    ax.set(ylabel=f"dI/dV ({unit})", title="local conductance: data (dots) and Dynes fit (lines)")
    ax.tick_params(labelbottom=False)
    if labels[0] is not None:
        ax.legend(title=extra[0], fontsize=8)
    axr.axhline(0.0, color="0.5", lw=0.5)
    axr.set(xlabel="V (µV)", ylabel=f"data − fit ({unit})")
    axz.set(xlabel="V (µV)", ylabel=f"dI/dV ({unit})", title=f"sub-gap zoom (|eV| ≤ 0.8Δ = {0.8 * gap_uV:.0f} µeV)")
    return [_save(fig, Path(f"{out_stem}_local_fit.png"))]


@register_plotter("nonlocal_fit_nonlocal")
def plot_nonlocal_fit(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """g_ss data and Eq. 21 fit (per I_s), plus maps of g_ss, g_sa (and g_a) over V_inj × V_det or V_inj × I_s."""
    use_agg()
    import matplotlib.pyplot as plt

    files = []
    gss = ds["g_ss"]
    if "V_det" in gss.dims:
        gss = gss.sel(V_det=0.0, method="nearest")
    fig, ax = plt.subplots(figsize=(6, 4))
    V = ds["V_inj"].values * 1e6
    lines = gss.transpose("V_inj", ...).values.reshape(len(V), -1)
    fits = None if "g_ss_fit" not in ds else ds["g_ss_fit"].transpose("V_inj", ...).values.reshape(len(V), -1)
    labels = [f"I_s = {c * 1e6:.3g} µA" for c in gss["I_s"].values] if "I_s" in gss.dims else ["I_s = 0"]
    for j in range(lines.shape[1]):
        ax.plot(V, lines[:, j], ".", ms=3, color=f"C{j % 10}", label=labels[j])
        if fits is not None:
            ax.plot(V, fits[:, j], "-", lw=1, color=f"C{j % 10}")
    ax.set(
        xlabel="V_inj (µV)",
        ylabel=f"g_ss ({gss.attrs.get('units', 'S')})",
        title="charge-imbalance part g_ss: data (dots), Eq. 21 fit (lines)",
    )
    if lines.shape[1] <= 8:
        ax.legend(fontsize=7)
    files.append(_save(fig, Path(f"{out_stem}_gss_fit.png")))
    files += plot_symmetry_maps(ds, out_stem)
    return files


def _axis(coord: xr.DataArray) -> tuple[np.ndarray, str]:
    """Values and label of a coordinate: SI volts/amperes shown in µV/µA, reduced units as they are."""
    unit = coord.attrs.get("units", "")
    if unit in ("V", "A"):
        return coord.values * 1e6, f"{coord.name} (µ{unit})"
    return coord.values, f"{coord.name} ({unit})" if unit else str(coord.name)


@register_plotter("nonlocal_symmetry")
def plot_symmetry_maps(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Maps of g_ss, g_sa (and g_a if there is a supercurrent axis) over V_inj × (V_det or I_s); [] if 1D."""
    use_agg()
    import matplotlib.pyplot as plt

    from neqsc.quasiclassics.measured.symmetry import CURRENT_NAMES, DET_NAMES, INJ_NAMES

    inj = next(d for d in INJ_NAMES if d in ds.dims)
    current = next((d for d in CURRENT_NAMES if d in ds.dims), None)
    other = next((d for d in DET_NAMES if d in ds.dims), current)
    if other is None:
        return []
    names = ("g_ss", "g_sa", "g_a") if current is not None else ("g_ss", "g_sa")
    fig, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 4))
    for axis, name in zip(axes, names, strict=True):
        da = ds[name]
        extra = [d for d in da.dims if d not in (inj, other)]
        da = da.isel(dict.fromkeys(extra, 0)).transpose(other, inj)
        lim = float(np.nanmax(np.abs(da.values))) or 1.0
        x, xlabel = _axis(da[inj])
        y, ylabel = _axis(da[other])
        mesh = axis.pcolormesh(x, y, da.values, cmap="RdBu_r", vmin=-lim, vmax=lim, shading="auto")
        fig.colorbar(mesh, ax=axis, label=da.attrs.get("units", ""))
        axis.set(xlabel=xlabel, ylabel=ylabel, title=name)
    return [_save(fig, Path(f"{out_stem}_symmetry_maps.png"))]
