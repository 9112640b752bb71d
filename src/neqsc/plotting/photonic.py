"""Figures for the photonic engine (Datasets in, PNG out; no solving)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.plotting import register_plotter, use_agg


def _save(fig, path: Path) -> Path:
    import matplotlib.pyplot as plt

    path = Path(path).with_suffix(".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_dey_fig2(ds: xr.Dataset, path) -> Path:
    """Four panels as Dey et al. Fig. 2: Q(T_S) per r, τ̄(T_S), τmax/τmin/modulation vs r, Q(T_S) per T_D."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(2, 2, figsize=(10, 7.5))
    T = ds.T_S.values * 1e3
    for i, r in enumerate(ds.r.values):
        ax[0, 0].plot(T, ds.Q.values[i] * 1e15, label=f"r = {r:g}")
        ax[0, 1].plot(T, ds.tau_mean.values[i], label=f"r = {r:g}")
    ax[0, 0].set(xlabel="T_S (mK)", ylabel="Q_γ (fW)", title=f"(a) T_D = {ds.attrs['T_D_panel_a'] * 1e3:g} mK")
    ax[0, 1].set(xlabel="T_S (mK)", ylabel="τ̄", title="(b) mean transmission")
    ax[0, 0].legend(fontsize=8)
    r = ds.r_sweep.values
    a = ax[1, 0]
    a.semilogx(r, ds.tau_max, "C0", label="τ_max = τ̄(T_S → 0)")
    a.semilogx(r, ds.tau_max_estimate, "C0:", label="(π/r) arctan(r/π)")
    a.semilogx(r, ds.tau_min, "C1", label="τ_min = τ̄(T_S > Tc)")
    a.semilogx(r, ds.tau_min_formula, "k+", ms=4, label="4(1+r)/(2+r)²")
    a.set(xlabel="r = R_0/R_D", ylabel="τ", title="(c)")
    b = a.twinx()
    b.semilogx(r, ds.modulation, "C2--", label="(τmax − τmin)/τmax")
    b.axhline(1 - 8 / np.pi**2, color="C2", lw=0.6, ls=":")
    b.set_ylabel("relative modulation", color="C2")
    a.legend(fontsize=7, loc="center left")
    for i, td in enumerate(ds.T_D.values):
        ax[1, 1].plot(T, ds.Q_r36.values[i] * 1e15, label=f"T_D = {td * 1e3:g} mK")
    ax[1, 1].set(xlabel="T_S (mK)", ylabel="Q_γ (fW)", title="(d) r = 36")
    ax[1, 1].legend(fontsize=8)
    return _save(fig, path)


def plot_pioldi_fig1(ds: xr.Dataset, path) -> Path:
    """R_T/R_N vs T (log scale) per Dynes parameter; solid BCS Δ(T), dotted tanh Δ(T)."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 4))
    for i, g in enumerate(ds.dynes.values):
        ax.semilogy(ds["T"].values * 1e3, ds.RT_over_RN.values[i], f"C{i}", label=f"γ = {g:g}")
        ax.semilogy(ds["T"].values * 1e3, ds.RT_over_RN_tanh.values[i], f"C{i}:")
    ax.set(xlabel="T (mK)", ylabel="R_T / R_N", title=f"NIS zero-bias resistance, Tc = {ds.attrs['Tc']:g} K")
    ax.legend()
    return _save(fig, path)


def plot_pioldi_fig2(ds: xr.Dataset, path) -> Path:
    """(a) J(T_R) at fixed T_L per area ratio, (b) −∂J/∂T_R, (c) J(T_L, T_R) map for a = 1."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 3, figsize=(14, 4))
    T = ds.T_R.values * 1e3
    for i, a in enumerate(ds.a.values):
        ax[0].plot(T, ds.J.values[i] * 1e18, label=f"a = {a:g}")
        ax[1].plot(T, ds.G_cold.values[i] * 1e18, label=f"a = {a:g}")
    ax[0].set(xlabel="T_R (mK)", ylabel="J_γ (aW)", title=f"(a) T_L = {ds.attrs['T_L'] * 1e3:g} mK")
    ax[1].axhline(0, color="k", lw=0.5)
    ax[1].set(xlabel="T_R (mK)", ylabel="−∂J/∂T_R (aW/K)", title="(b) differential conductance")
    ax[0].legend(fontsize=8)
    k = int(np.argmin(np.abs(ds.a.values - 1.0)))
    m = ax[2].pcolormesh(ds.T_R_map * 1e3, ds.T_L_map * 1e3, ds.J_map.values[k] * 1e18, shading="auto", cmap="RdBu_r")
    ax[2].contour(ds.T_R_map * 1e3, ds.T_L_map * 1e3, ds.dJ_dT_R.values[k], levels=[0.0], colors="k")
    fig.colorbar(m, ax=ax[2], label="J_γ (aW)")
    ax[2].set(xlabel="T_R (mK)", ylabel="T_L (mK)", title=f"(c) a = {ds.a.values[k]:g}; black: ∂J/∂T_R = 0")
    return _save(fig, path)


@register_plotter("photonic_heat_map")
def plot_heat_map(ds: xr.Dataset, path) -> list[Path]:
    """Q (and derivatives) vs temperature: lines when one temperature axis has length 1, else colour maps."""
    use_agg()
    import matplotlib.pyplot as plt

    names = [n for n in ("Q", "dQ_dT_hot", "dQ_dT_cold") if n in ds]
    fig, ax = plt.subplots(1, len(names), figsize=(4.6 * len(names), 3.8), squeeze=False)
    th, tc = ds.T_hot.values * 1e3, ds.T_cold.values * 1e3
    for a, n in zip(ax[0], names, strict=True):
        v = ds[n].values
        if v.shape[0] == 1 or v.shape[1] == 1:
            x, lab = (tc, "T_cold (mK)") if v.shape[0] == 1 else (th, "T_hot (mK)")
            a.plot(x, v.ravel())
            a.set(xlabel=lab, ylabel=f"{n} ({ds[n].attrs.get('units', '')})")
        else:
            m = a.pcolormesh(tc, th, v, shading="auto", cmap="RdBu_r")
            fig.colorbar(m, ax=a, label=f"{n} ({ds[n].attrs.get('units', '')})")
            if n != "Q":
                a.contour(tc, th, v, levels=[0.0], colors="k", linewidths=0.8)
            a.set(xlabel="T_cold (mK)", ylabel="T_hot (mK)")
        a.set_title(n)
    return [_save(fig, Path(path))]


def plot_network(ds: xr.Dataset, path) -> Path:
    """Heat-current matrix Q[source, sink] as a colour map and the absorbed powers as bars."""
    use_agg()
    import matplotlib.pyplot as plt

    names = list(ds.reservoir.values)
    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    q = ds.Q.values
    lim = np.max(np.abs(q)) or 1.0
    m = ax[0].imshow(q, cmap="RdBu_r", vmin=-lim, vmax=lim)
    ax[0].set_xticks(range(len(names)), names)
    ax[0].set_yticks(range(len(names)), names)
    ax[0].set(xlabel="sink", ylabel="source", title="Q (W)")
    fig.colorbar(m, ax=ax[0])
    ax[1].bar(names, ds.P.values)
    ax[1].axhline(0, color="k", lw=0.5)
    ax[1].set(ylabel="absorbed P (W)", title="net photonic power per reservoir")
    return _save(fig, path)


def _as_list(func):
    def plotter(ds: xr.Dataset, out_stem) -> list[Path]:
        return [func(ds, out_stem)]

    return plotter


for _kind, _func in (
    ("dey2023_fig2", plot_dey_fig2),
    ("pioldi2025_fig1", plot_pioldi_fig1),
    ("pioldi2025_fig2", plot_pioldi_fig2),
    ("photonic_network", plot_network),
):
    register_plotter(_kind)(_as_list(_func))


@register_plotter("photonic_design")
def plot_design(ds: xr.Dataset, path) -> Path:
    """Design loop: T_S and T_D vs P_in (balance NDTC window shaded) and the responsivity dT_D/dP_in."""
    use_agg()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 3, figsize=(12, 3.6))
    P = ds.P_in.values * 1e12
    inside = ds.ndtc.values.astype(bool)
    ax[0].plot(P, ds.T_S * 1e3)
    ax[0].axhline(ds.attrs["Tc"] * 1e3, color="0.6", lw=0.8, ls=":")
    ax[0].set(xlabel="P_in (pW)", ylabel="T_S (mK)", title="source")
    ax[1].plot(P, ds.delta_T_D)
    ax[1].set(xlabel="P_in (pW)", ylabel="T_D − T_D(window start) (mK)", title="drain")
    ax[2].plot(P, ds.responsivity)
    ax[2].axhline(0, color="0.6", lw=0.8)
    ax[2].set(xlabel="P_in (pW)", ylabel="dT_D/dP_in (mK/pW)", title="responsivity")
    for a in ax:
        if inside.any():
            a.axvspan(P[inside].min(), P[inside].max(), color="C3", alpha=0.12, lw=0)
    dT = ds.attrs.get("delta_T_D_mK", 0.0)
    fig.suptitle(f"photonic NDTC design: ΔT_D = {dT:.3g} mK (shaded: dT_D/dP_in < 0)", fontsize=9)
    return _save(fig, path)
