"""Plots of TDGL results: a PSC run (|Ψ(x,t)|² map, |Ψ(0,t)|, V(t), currents at characteristic moments) and I–V."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.plotting import register_plotter, use_agg

_PREFIXES = ((1e-15, "f"), (1e-12, "p"), (1e-9, "n"), (1e-6, "µ"), (1e-3, "m"), (1.0, ""))


def si_scale(values, unit: str) -> tuple[float, str]:
    """Factor and prefixed unit that bring the largest |value| into [1, 1000) (e.g. 3e-6 A → 1e6, "µA")."""
    peak = float(np.nanmax(np.abs(values))) if np.size(values) else 0.0
    factor, prefix = 1.0, ""
    for scale, name in _PREFIXES:
        if peak >= scale:
            factor, prefix = 1.0 / scale, name
    return factor, prefix + unit


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


def _secondary(ax, which: str, forward, inverse, label: str) -> None:
    """A secondary x axis with the SI values of the reduced axis (``forward``/``inverse`` are the linear maps)."""
    ax.secondary_xaxis("top", functions=(forward, inverse)).set_xlabel(label)


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
    si = "time" in ds.coords and "x_si" in ds.coords and "voltage_si" in ds
    if si:  # SI axes: relabel the reduced axes with their SI values (same data, linear maps)
        fx, ux = si_scale(ds["x_si"].values, "m")
        ft, ut = si_scale(ds["time"].values, "s")
        xi, t0 = float(ds.attrs["xi_m"]), float(ds.attrs["t0_s"])
        _secondary(ax, "x", lambda v: v * xi * fx, lambda v: v / (xi * fx), f"x [{ux}]")
        ax.set_ylabel(f"τ [t0 = {t0 * ft:.4g} {ut}]")
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
    if si:
        fv, uv = si_scale(ds["voltage_si"].values, "V")
        ax.plot(ds["time"].values * ft, ds["voltage_si"].values * fv, lw=1)
        mean_v = ds.attrs.get("mean_voltage_si", np.nan) * fv
        ax.axhline(mean_v, color="k", ls="--", lw=0.8, label=f"⟨V⟩ = {mean_v:.4g} {uv}")
        ax.set_xlabel(f"t [{ut}]")
        ax.set_ylabel(f"V [{uv}]")
    else:
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
    device = ""
    if si:
        device = (
            f"{a.get('material', '')} wire, I = {a.get('current_si', np.nan) * 1e6:.4g} µA, "
            f"T = {a.get('T_K', np.nan):.4g} K, R_n = {a.get('R_n_ohm', np.nan):.4g} Ω; "
        )
    fig.suptitle(
        device + f"PSC: j = {a.get('j', np.nan):.3g} j0, L = {a.get('length', np.nan):.3g} ξ, "
        f"δ = {a.get('delta', np.nan):.3g}, "
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
    markers = {"up": "^-", "down": "v--"}
    si = "current" in ds.coords and "voltage" in ds and "period_si" in ds
    if si:  # SI: I in A, ⟨V⟩ in V, period in s (prefixed)
        fi, ui = si_scale(ds["current"].values, "A")
        fv, uv = si_scale(ds["voltage"].values, "V")
        fp, up = si_scale(ds["period_si"].values, "s")
        j = ds["current"].values * fi
        voltage = ds["voltage"] * fv
        period = ds["period_si"] * fp
        ohmic = ds["current"].values * float(ds.attrs.get("R_n_ohm", np.nan)) * fv
        labels = (f"I [{ui}]", f"⟨V⟩ [{uv}]", "Ohmic I·R_n", f"period per slip [{up}]")
    else:
        j = ds["j"].values
        voltage, period = ds["mean_voltage"], ds["period"]
        ohmic = j * float(ds.attrs.get("length", np.nan))
        labels = ("j [j0]", "⟨V⟩ [ħ/(2e t0)]", "Ohmic jL", "period per slip [t0]")
    for d in ds["direction"].values:
        ax1.plot(j, voltage.sel(direction=d).values, markers.get(str(d), "o-"), ms=3, label=str(d))
        ax2.plot(j, period.sel(direction=d).values, markers.get(str(d), "o-"), ms=3, label=str(d))
    ax1.plot(j, ohmic, "k:", lw=0.8, label=labels[2])
    ax1.set_xlabel(labels[0])
    ax1.set_ylabel(labels[1])
    ax1.set_ylim(
        bottom=min(0.0, float(np.nanmin(voltage.values))),
        top=1.1 * float(np.nanmax(voltage.values)) + 1e-30,
    )
    ax1.legend(fontsize=8)
    title = "I–V"
    for key in ("j_switch_up", "j_retrap_down"):
        if key in ds.attrs:
            title += f", {key} = {ds.attrs[key]:.3g}"
    ax1.set_title(title, fontsize=9)
    ax2.set_xlabel(labels[0])
    ax2.set_ylabel(labels[3])
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
