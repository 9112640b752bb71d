"""Plots of TDGL results: a PSC run (|Ψ(x,t)|² map, |Ψ(0,t)|, V(t), currents at characteristic moments) and I–V."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.plotting import register_plotter, use_agg


def characteristic_moments(ds: xr.Dataset, n: int = 4) -> np.ndarray:
    """Indices of ``n`` snapshots spread over the last full slip period (or the last quarter of the run)."""
    t = ds["t"].values
    slips = ds["slip_time"].values
    if slips.size >= 2:
        t0, t1 = slips[-2], slips[-1]
    else:
        t0, t1 = t[-1] - 0.25 * (t[-1] - t[0]), t[-1]
    targets = np.linspace(t0, t1, n + 1)[:-1] + 0.5 * (t1 - t0) / n
    return np.unique(np.clip(np.searchsorted(t, targets), 0, t.size - 1))


@register_plotter("tdgl_run")
def plot_run(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Six panels in the layout of the paper's Fig. 1: |Ψ|²(x,t), |Ψ(0,t)|, V(t), j_s, j_n, j_int."""
    use_agg()
    import matplotlib.pyplot as plt

    out_stem = Path(out_stem)
    fig, axes = plt.subplots(3, 2, figsize=(10, 9))
    t = ds["t"].values
    x = ds["x"].values
    period = float(ds.attrs.get("period", np.nan))
    if np.isfinite(period):
        window = t >= max(t[0], t[-1] - 4.0 * period)  # the last four periods, as in the paper's Fig. 1
    else:
        window = t >= max(t[0], float(ds.attrs.get("transient_end", t[0])))
    if window.sum() < 10:
        window = t >= t[0]
    ax = axes[0, 0]
    mesh = ax.pcolormesh(x, t[window], ds["psi_abs"].values[window] ** 2, shading="auto", cmap="viridis")
    fig.colorbar(mesh, ax=ax, label="|Ψ|²")
    ax.set_xlabel("x [ξ]")
    ax.set_ylabel("τ [t0]")
    ax.set_title("(a) |Ψ(x,τ)|²")
    moments = characteristic_moments(ds)
    colors = plt.cm.plasma(np.linspace(0.1, 0.85, moments.size))
    for k, c in zip(moments, colors, strict=True):
        ax.axhline(t[k], color=c, lw=0.8)
    ax = axes[0, 1]
    centre = int(np.argmin(np.abs(x)))
    ax.plot(t[window], ds["psi_abs"].values[window, centre], lw=1)
    for k, c in zip(moments, colors, strict=True):
        ax.plot(t[k], ds["psi_abs"].values[k, centre], "o", color=c)
    ax.set_xlabel("τ [t0]")
    ax.set_ylabel("|Ψ(0,τ)|")
    ax.set_title("(b) order parameter at the centre")
    ax = axes[1, 0]
    ax.plot(t, ds["voltage"].values, lw=1)
    mean_v = ds.attrs.get("mean_voltage", np.nan)
    ax.axhline(mean_v, color="k", ls="--", lw=0.8, label=f"⟨V⟩ = {mean_v:.4g}")
    ax.set_xlabel("τ [t0]")
    ax.set_ylabel("V [ħ/(2e t0)]")
    ax.set_title("(c) voltage V = φ(−L/2) − φ(L/2)")
    ax.legend(fontsize=8)
    for ax, name, title in (
        (axes[1, 1], "j_s", "(d) supercurrent"),
        (axes[2, 0], "j_n", "(e) normal current"),
        (axes[2, 1], "j_int", "(f) interference current"),
    ):
        for k, c in zip(moments, colors, strict=True):
            ax.plot(x, ds[name].values[k], color=c, lw=1, label=f"τ = {t[k]:.2f}")
        ax.set_xlabel("x [ξ]")
        ax.set_ylabel(f"{name} [j0]")
        ax.set_title(title)
    axes[1, 1].legend(fontsize=7)
    a = ds.attrs
    fig.suptitle(
        f"PSC: j = {a.get('j', np.nan):.3g} j0, L = {a.get('length', np.nan):.3g} ξ, δ = {a.get('delta', np.nan):.3g}, "
        f"η = {a.get('eta', np.nan):.3g}, interference {a.get('interference', '?')}, "
        f"period {a.get('period', np.nan):.4g} t0",
        fontsize=10,
    )
    fig.tight_layout()
    path = out_stem.with_suffix(".png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]


@register_plotter("tdgl_iv")
def plot_iv(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """⟨V⟩(j) per sweep direction and the slip period."""
    use_agg()
    import matplotlib.pyplot as plt

    out_stem = Path(out_stem)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    j = ds["j"].values
    markers = {"up": "^-", "down": "v--"}
    for d in ds["direction"].values:
        v = ds["mean_voltage"].sel(direction=d).values
        ax1.plot(j, v, markers.get(str(d), "o-"), ms=3, label=str(d))
        ax2.plot(j, ds["period"].sel(direction=d).values, markers.get(str(d), "o-"), ms=3, label=str(d))
    ohmic = j * float(ds.attrs.get("length", np.nan))
    ax1.plot(j, ohmic, "k:", lw=0.8, label="Ohmic jL")
    ax1.set_xlabel("j [j0]")
    ax1.set_ylabel("⟨V⟩ [ħ/(2e t0)]")
    ax1.set_ylim(
        bottom=min(0.0, float(np.nanmin(ds["mean_voltage"].values))),
        top=1.1 * float(np.nanmax(ds["mean_voltage"].values)) + 1e-9,
    )
    ax1.legend(fontsize=8)
    title = "I–V"
    for key in ("j_switch_up", "j_retrap_down"):
        if key in ds.attrs:
            title += f", {key} = {ds.attrs[key]:.3g}"
    ax1.set_title(title, fontsize=9)
    ax2.set_xlabel("j [j0]")
    ax2.set_ylabel("period per slip [t0]")
    ax2.set_yscale("log")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    path = out_stem.with_suffix(".png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]


@register_plotter("tdgl_window")
def plot_window(ds: xr.Dataset, out_stem: str | Path) -> list[Path]:
    """Switching (j_c1) and retrapping (j_c2) currents vs wire length, one colour per δ."""
    use_agg()
    import matplotlib.pyplot as plt

    out_stem = Path(out_stem)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    lengths = ds["length"].values
    for k, d in enumerate(ds["delta"].values):
        color = f"C{k}"
        c1 = ds["j_c1"].sel(delta=d).values
        c2 = ds["j_c2"].sel(delta=d).values
        ax.plot(lengths, c1, "o-", color=color, label=f"δ = {d:g}: j_c1")
        ax.plot(lengths, c2, "s--", color=color, label=f"δ = {d:g}: j_c2")
        ax.fill_between(lengths, c2, c1, color=color, alpha=0.1)
    ax.axhline(float(ds.attrs.get("j_dp", 2 / (3 * np.sqrt(3)))), color="k", lw=0.8, ls=":", label="j_dp")
    ax.set_xscale("log")
    ax.set_xticks(lengths, [f"{v:g}" for v in lengths])
    ax.minorticks_off()
    ax.set_xlabel("L [ξ]")
    ax.set_ylabel("current [j0]")
    ax.set_title("PSC window j_c2 < j < j_c1 (banks)")
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    path = out_stem.with_suffix(".png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]
