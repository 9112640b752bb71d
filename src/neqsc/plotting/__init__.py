"""Plotting: matplotlib functions that take Datasets and write figures; they never solve.

:func:`plot_dataset` is the generic fallback used by ``neqsc plot FILE``; engines register specialised plotters
for their result kinds (``ds.attrs["neqsc_kind"]``) with :func:`register_plotter`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import xarray as xr

_PLOTTERS: dict[str, Callable[[xr.Dataset, Path], list[Path]]] = {}


def use_agg() -> None:
    """Select the non-interactive backend (safe on headless machines and in workers)."""
    import matplotlib

    matplotlib.use("Agg", force=True)


def register_plotter(kind: str) -> Callable:
    """Register ``func(ds, out_stem) -> list[Path]`` for Datasets whose ``neqsc_kind`` attr equals ``kind``."""

    def decorate(func):
        _PLOTTERS[kind] = func
        return func

    return decorate


def plot_dataset(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Plot a result: the registered plotter for its ``neqsc_kind``, else one panel per 1D/2D variable.

    ``ds``: a result Dataset (axes are labelled from its ``units`` attributes; no unit conversion). ``out_stem``:
    path without extension of the figure file(s) to write. Returns the paths written.
    """
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    out_stem = Path(out_stem)
    kind = ds.attrs.get("neqsc_kind")
    if kind in _PLOTTERS:
        return _PLOTTERS[kind](ds, out_stem)
    return _generic(ds, out_stem)


def _generic(ds: xr.Dataset, out_stem: Path) -> list[Path]:
    use_agg()
    import matplotlib.pyplot as plt

    names = [n for n in ds.data_vars if ds[n].ndim in (1, 2) and ds[n].dtype.kind in "fiuc"]
    if not names:
        return []
    fig, axes = plt.subplots(len(names), 1, figsize=(6, 2.6 * len(names)), squeeze=False)
    for ax, name in zip(axes[:, 0], names, strict=True):
        var = ds[name]
        if var.dtype.kind == "c":
            var = abs(var)
        var.plot(ax=ax)
        ax.set_title(f"{name} [{var.attrs.get('units', '')}]", fontsize=9)
    fig.tight_layout()
    path = out_stem.with_suffix(".png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]
