"""Figures for :mod:`neqsc.phonons`: Fig. 2 of the PSC-cooling paper, flux spectra, cooler maps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.plotting import register_plotter, use_agg


def _png(out_stem: str | Path) -> Path:
    """``stem.png`` without with_suffix (a stem like ``run_0.6_spectra`` has a dot in it)."""
    out_stem = Path(out_stem)
    return out_stem.parent / (out_stem.name + ".png")


def _save(fig, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_fig2(spectra: xr.Dataset, shapes: xr.Dataset, path: str | Path) -> Path:
    """Paper Fig. 2: (a) ∂τ|Ψ| at the PSC with the pulsating flux spectrum; (b) ω̄³N⁰η₁ vs ω̄ for several |Ψ|."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    ax = axes[0]
    t = spectra.t.values
    ax.plot(t, spectra.dpsi_dt_center, "r", label="∂τ|Ψ| at x = 0")
    ax.plot(t, spectra.psi_center, "k", lw=0.8, label="|Ψ(0)|")
    ax.set(xlabel="τ (t0)", ylabel="", title="(a) PSC centre")
    ax.legend(fontsize=8)
    ax = axes[1]
    f = spectra.flux.values
    lim = np.abs(f).max() or 1.0
    mesh = ax.pcolormesh(t, spectra.omega, f.T, cmap="RdBu_r", vmin=-lim, vmax=lim, shading="auto")
    fig.colorbar(mesh, ax=ax, label="dW/dω̄ (W)")
    ax.set(xlabel="τ (t0)", ylabel="ħω/k_BT", title="(a) pulsating flux spectrum")
    ax = axes[2]
    for psi in shapes.psi.values:
        line = ax.plot(shapes.omega, shapes.spectral_shape.sel(form="corrected", psi=psi), label=f"|Ψ| = {psi:g}")
        ax.axvline(float(shapes.two_gap.sel(psi=psi)), color=line[0].get_color(), ls=":", lw=0.8)
    if "as_printed" in shapes.form.values:
        ax.plot(
            shapes.omega,
            shapes.spectral_shape.sel(form="as_printed", psi=shapes.psi.values[-1]),
            "k--",
            lw=0.8,
            label="as printed, |Ψ| = 1",
        )
    ax.axhline(0, color="gray", lw=0.5)
    ax.set(
        xlabel="ħω/k_BT",
        ylabel="ω̄³N⁰η₁",
        title=f"(b) T = {shapes.attrs['T_over_Tc']:g} Tc, γ = {shapes.attrs['gamma_over_kT']:g} k_BT",
    )
    ax.legend(fontsize=8)
    return _save(fig, Path(path))


@register_plotter("psc_phonon_spectra")
def plot_spectra(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Flux map, emitted/absorbed power vs time and the period-mean spectrum."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    f = ds.flux.values
    lim = np.abs(f).max() or 1.0
    mesh = axes[0].pcolormesh(ds.t, ds.omega, f.T, cmap="RdBu_r", vmin=-lim, vmax=lim, shading="auto")
    fig.colorbar(mesh, ax=axes[0], label="dW/dω̄ (W)")
    axes[0].set(xlabel="τ (t0)", ylabel="ħω/k_BT", title=f"flux spectrum ({ds.attrs.get('form')})")
    axes[1].plot(ds.t, ds.power_emitted, "r", label="emitted")
    axes[1].plot(ds.t, ds.power_absorbed, "b", label="absorbed")
    axes[1].plot(ds.t, ds.power, "k", lw=0.8, label="net")
    axes[1].set(xlabel="τ (t0)", ylabel="P (W)", title="phonon power")
    axes[1].legend(fontsize=8)
    axes[2].plot(ds.omega, ds.mean_flux, "k")
    axes[2].set(xlabel="ħω/k_BT", ylabel="⟨dW/dω̄⟩ (W)", title=f"period mean (residual {float(ds.cycle_residual):.1e})")
    return [_save(fig, _png(out_stem))]


@register_plotter("psc_cooler_map")
def plot_cooler_map(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """κ and T_cold vs diode efficiency p for every case and stack."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    for c in range(ds.sizes["case"]):
        for s in ds["stack"].values:
            lab = f"{s}" + (f", J = {float(ds.J[c]):g}" if "J" in ds.coords else "")
            a1.plot(ds.p, ds.kappa.isel(case=c).sel(stack=s), marker="o", label=lab)
            a2.plot(ds.p, ds.T_cold.isel(case=c).sel(stack=s), marker="o", label=lab)
    a1.axhline(0, color="gray", lw=0.5)
    a1.set(xlabel="diode efficiency p", ylabel="κ", title="κ = Q̇_c/(J V̄)")
    a2.set(xlabel="diode efficiency p", ylabel="T_cold (K)", title="steady plate temperature")
    a1.legend(fontsize=7)
    return [_save(fig, _png(out_stem))]


def plot_cooling_map(ds: xr.Dataset, path: str | Path) -> Path:
    """``psc-cooling-map``: (a) plate heat budget / J·V̄ and (b) T_cold − T_b versus the plate low-pass cut-off.

    ``ds``: the recipe's Dataset (dims case × cutoff, cut-off ħω_c in k_BT, inf = no filter); ``path``: PNG path.
    """
    use_agg()
    import matplotlib.pyplot as plt

    cut = ds["cutoff"].values
    x = np.where(np.isfinite(cut), cut, 2 * np.nanmax(cut[np.isfinite(cut)]))  # "no filter" drawn at the right
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    jv = ds["joule_power"]
    for i in range(ds.sizes["case"]):
        c = ds.isel(case=i)
        label = f"{c.material.item()} {c.T_over_Tc.item():g}Tc L={c.length.item():g} j={c.j.item():g} " + (
            f"δ={c.delta.item():g}" if c.rate.item() == "run" else "phys. τ"
        )
        line = a.semilogy(x, (-c["Q_c"] / jv.isel(case=i)).values, "-o", ms=3, label=label)[0]
        a.semilogy(x, (c["ideal_filter_bound"] / jv.isel(case=i)).values, ":", color=line.get_color())
        b.semilogy(x, c["T_cold_minus_T_b"].values, "-o", ms=3, color=line.get_color())
    a.set_title("(a) −Q̇_c/(J V̄) (solid, heating) vs ideal-filter bound/(J V̄) (dotted)", fontsize=9)
    b.set_title("(b) T_cold − T_b (K): > 0 everywhere (the plate warms)", fontsize=9)
    for ax in (a, b):
        ax.set_xscale("log")
        ax.set_xlabel("plate low-pass ħω_c / k_BT (rightmost: no filter)")
    a.legend(fontsize=6)
    return _save(fig, Path(path))
