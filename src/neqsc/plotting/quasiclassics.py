"""Figures for the quasiclassics engine (they take Datasets and never solve)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.plotting import register_plotter, use_agg


@register_plotter("quasiclassics.demo")
def _demo_plotter(ds: xr.Dataset, out_stem: Path) -> list[Path]:
    return [plot_demo(ds, Path(out_stem).with_suffix(".png"))]


def plot_demo(ds: xr.Dataset, path: str | Path) -> Path:
    """Three panels: DOS at ζ = 0 and 0.2; g_ss (Eq. 21) and Δ(V_inj); the g_nl map."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, (a, b, c) = plt.subplots(1, 3, figsize=(13, 3.8))
    a.plot(ds.eps, ds.N_zeta0, label="ζ = 0")
    a.plot(ds.eps, ds.N_zeta02, label="ζ = 0.2")
    a.set(xlim=(0, 2.5), ylim=(0, 8), xlabel="ε/Δ0", ylabel="N", title="Usadel DOS (Eq. 1)")
    a.legend()
    b.plot(ds.v, ds.g_ss, label="g_ss (Ω), Eq. 21")
    b.set(xlabel="eV_inj/Δ0", ylabel="g_ss/(G_inj G_det) (Ω)", title="charge imbalance")
    b2 = b.twinx()
    b2.plot(ds.v_inj, ds.gap, "C1--")
    b2.set_ylabel("Δ/Δ0 (dashed)")
    lim = float(np.percentile(np.abs(ds.g_nl), 99))
    c.pcolormesh(ds.v_inj, ds.v_det, ds.g_nl.T, cmap="RdBu_r", vmin=-lim, vmax=lim, shading="auto")
    c.set(xlabel="eV_inj/Δ0", ylabel="eV_det/Δ0", title="g_nl (Ω), no collisions")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
