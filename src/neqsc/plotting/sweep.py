"""Plots of sweep results (``neqsc_kind = "sweep"``): each scalar-per-point variable over the grid.

One swept dimension → a line per variable; two or more → a colour map over the first two (the others at index 0).
Failed points (``sweep_status == 2``) are marked with red crosses so a gap in the data is never mistaken for data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.plotting import register_plotter, use_agg


@register_plotter("sweep")
def plot_sweep(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Write ``<out_stem>.png``: every numeric variable that has only grid dimensions, one panel each."""
    use_agg()
    import matplotlib.pyplot as plt

    grid_dims = list(ds["sweep_status"].dims)
    # colour maps need increasing axes; a grid may list its values in any order
    ds = ds.sortby([d for d in grid_dims if d in ds.coords and ds[d].dtype.kind in "fiu"])
    names = [
        n
        for n, v in ds.data_vars.items()
        if n not in ("sweep_status", "sweep_error") and set(v.dims) <= set(grid_dims) and v.dtype.kind in "fiu"
    ]
    if not names:
        names = ["sweep_status"]
    fig, axes = plt.subplots(len(names), 1, figsize=(6, 3.0 * len(names)), squeeze=False)
    extra = {d: 0 for d in grid_dims[2:]}
    status = ds["sweep_status"].isel(extra)
    for ax, name in zip(axes[:, 0], names, strict=True):
        var = ds[name].isel({d: 0 for d in extra if d in ds[name].dims})
        if var.ndim == 1:
            var.plot(ax=ax, marker="o")
            failed = status.values == 2
            coord = ds[grid_dims[0]].values
            ax.plot(coord[failed], np.zeros(failed.sum()), "rx", label="failed")
        else:
            var.transpose(grid_dims[1], grid_dims[0]).plot(ax=ax)
            bad = np.argwhere(status.transpose(grid_dims[0], grid_dims[1]).values == 2)
            xs, ys = ds[grid_dims[0]].values, ds[grid_dims[1]].values
            if bad.size:
                ax.plot(xs[bad[:, 0]], ys[bad[:, 1]], "rx", markersize=10)
        ax.set_title(f"{name} [{var.attrs.get('units', '')}]", fontsize=9)
    fig.tight_layout()
    path = Path(out_stem).with_suffix(".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path]
