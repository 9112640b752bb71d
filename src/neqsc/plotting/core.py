"""Figures for the superconductivity core."""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from neqsc.plotting import use_agg


def plot_gap_and_dos(ds: xr.Dataset, path: str | Path) -> Path:
    """Two panels: Δ(T) (BCS and tanh) and the Dynes DOS, from :func:`neqsc.demos.core.gap_and_dos_dataset`."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5))
    ax1.plot(ds.T, ds.gap_bcs * 1e6, label="BCS")
    ax1.plot(ds.T, ds.gap_tanh * 1e6, "--", label="tanh model")
    ax1.set(xlabel="T (K)", ylabel="Δ (µeV)", title=f"{ds.attrs.get('material', '')} gap")
    ax1.legend()
    ax2.plot(ds.E * 1e6, ds.dos)
    ax2.set(xlabel="E (µeV)", ylabel="N(E)/N₀", title=f"Dynes DOS, Γ/Δ = {ds.attrs.get('gamma_over_gap')}")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
