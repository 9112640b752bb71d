"""Reproductions of Ryan, Beckmann & Chandrasekhar, arXiv:2604.26862, Figs. 10–13 (simulation curves only).

Parameters: Table 1 and Appendix B (see :data:`neqsc.quasiclassics.device.PAPER_DEVICE`): Δ₀ = 265 µeV, ξ = 64.8 nm,
R_ξ = 8.54 Ω, injector A (κ_I = G_A R_ξ = 2.10e-4, T_e = 61 mK), detector B (T_e = 37 mK) 300 nm away, bath 24 mK,
injector at the centre of the 11 µm wire.  Figs. 11–12: ω_D = 10, λ = 1/arcsinh(ω_D), Γ = 0.005, δε = 1/40,
γ_ee = 2e-4, 0 ≤ eV_inj ≤ 5 step 0.1, half wire (mirror-symmetric branch), Δ(x) ≡ const.  Figs. 10, 13: Γ = 1.53e-3,
I₀ = 29.8 µA (the paper's fit), both branches.  The measured data are not available to us.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import xarray as xr

from neqsc import io
from neqsc.quasiclassics import (
    SelfConsistency,
    UnresolvedGridWarning,
    ag_spectral_gap,
    charge_imbalance_conductance,
    energy_grid,
    gap_vs_injection,
    mirror_bias,
    nonlocal_map_fixed_gap,
    nonlocal_map_from_gap,
    phase_gradient_for_current,
    supercurrent_curve,
    uniform_energy_grid,
    uniform_spectra,
)
from neqsc.quasiclassics.device import PAPER_DEVICE as DEV
from neqsc.reproduce import RecipeResult, recipe

PAPER = "Ryan, Beckmann & Chandrasekhar, arXiv:2604.26862 (2026)"
I0_FIT = 29.8e-6  # A, paper's Eq. 6 fit
GAMMA_FIT = 1.53e-3
SUPERCURRENTS_UA = (0.0, 5.0, 8.0, 10.0)


def agg_pyplot():
    """matplotlib.pyplot on the Agg backend (no display needed)."""
    from neqsc.plotting import use_agg

    use_agg()
    import matplotlib.pyplot as plt

    return plt


def fig11_data(v_inj=None, gamma_ee: float = 2e-4, progress=None) -> xr.Dataset:
    """Self-consistent Δ(v_inj) on the paper's Appendix-B setup (with e–e collisions at rate ``gamma_ee``)."""
    v_inj = np.round(np.arange(0, 5.0001, 0.1), 10) if v_inj is None else v_inj
    eps = uniform_energy_grid(1 / 40, 10.0)
    kw = {} if progress is None else {"progress": progress}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)  # the paper's δε = 1/40 does not resolve Γ = 0.005
        # Appendix B: half wire, Γ = 0.005, ω_D = 10, λ = 1/arcsinh ω_D (the model's defaults)
        return gap_vs_injection(DEV.model(eps, gamma_ee=gamma_ee), v_inj, SelfConsistency(gap_tol=1e-7), **kw)


@recipe("ryan2026-fig11", "Self-consistent Δ vs injector bias with/without e–e collisions; f_L(ε) drop at 3Δ", PAPER)
def fig11(out: Path) -> RecipeResult:
    plt = agg_pyplot()
    with_ee = fig11_data(gamma_ee=2e-4)
    without = fig11_data(gamma_ee=0.0)
    ds = xr.Dataset(
        {
            "gap_ee": with_ee.gap, "gap_elastic": without.gap,
            "f_L_ee": with_ee.f_L_inj, "f_L_elastic": without.f_L_inj,
        },
        attrs={**with_ee.attrs, "neqsc_kind": "quasiclassics.fig11"},
    )  # fmt: skip
    nc = io.save(ds, out / "ryan2026_fig11.nc", parameters={"recipe": "ryan2026-fig11", **DEV.to_dict()})
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    a.plot(ds.v_inj, ds.gap_ee, "-", label="with e–e (γ_ee = 2e-4)")
    a.plot(ds.v_inj, ds.gap_elastic, "--", label="without")
    a.set(xlabel="eV_inj/Δ0", ylabel="Δ/Δ0", title="Fig. 11a")
    a.legend()
    eps = ds.eps.values
    f_eq = np.tanh(eps / (2 * ds.attrs["t"]))
    # the paper's Fig. 11b shows the injected part (largest just above Δ, zero above eV): δf_L = f_L^eq − f_L
    for v, c in zip((2.0, 3.0, 4.0, 5.0), ("C0", "C1", "C2", "C3"), strict=True):
        b.semilogy(eps, f_eq - ds.f_L_ee.sel(v_inj=v), c, label=f"eV={v}")
        b.semilogy(eps, f_eq - ds.f_L_elastic.sel(v_inj=v), c + "--")
        b.axvline(3 * float(ds.gap_ee.sel(v_inj=v)), color=c, lw=0.5)
    b.set(xlim=(0.8, 5.5), ylim=(1e-4, 0.5), xlabel="ε/Δ0", ylabel="δf_L(x=0) = tanh(ε/2t) − f_L",
          title="Fig. 11b (solid: e–e, dashed: none; lines: 3Δ)")  # fmt: skip
    b.legend(fontsize=8)
    fig.tight_layout()
    png = out / "ryan2026_fig11.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    d5 = float(ds.gap_ee.sel(v_inj=5.0))
    f5 = (xr.DataArray(f_eq, coords={"eps": eps}) - ds.f_L_ee.sel(v_inj=5.0)).interp(eps=[2.7 * d5, 3.3 * d5]).values
    return RecipeResult(
        [nc, png],
        {
            "Δ(V=0)": float(ds.gap_ee[0]),
            "Δ(V=2) elastic": float(ds.gap_elastic.sel(v_inj=2.0)),
            "Δ(V=5) elastic": float(ds.gap_elastic.sel(v_inj=5.0)),
            "Δ(V=2) with e-e": float(ds.gap_ee.sel(v_inj=2.0)),
            "Δ(V=5) with e-e": d5,
            "δf_L(V=5, x=0) at 2.7Δ / 3.3Δ (e-e)": f"{f5[0]:.4g} / {f5[1]:.4g}",
        },
    )


@recipe(
    "ryan2026-fig12", "g_sa(V_inj) for several V_det from the self-consistent Δ with collisions, and the map", PAPER
)
def fig12(out: Path) -> RecipeResult:
    plt = agg_pyplot()
    ds = mirror_bias(fig11_data(gamma_ee=2e-4))
    v_det = np.linspace(-1.5, 1.5, 61)
    m = nonlocal_map_from_gap(ds, v_det, t_det=DEV.t_det)
    g = m.g_nl * DEV.R_xi  # Ω
    g_sa = 0.5 * (g - g.isel(v_inj=slice(None, None, -1)).values)
    res = xr.Dataset({"g_nl": g.assign_attrs(units="Ohm"), "g_sa": g_sa.assign_attrs(units="Ohm"), "gap": m.gap},
                     attrs={**m.attrs, "neqsc_kind": "quasiclassics.fig12", "R_xi": DEV.R_xi})  # fmt: skip
    nc = io.save(res, out / "ryan2026_fig12.nc", parameters={"recipe": "ryan2026-fig12", **DEV.to_dict()})
    traces = (0.5, 0.9, 1.1, 1.3)
    fig = plt.figure(figsize=(12, 5.5))
    grid = fig.add_gridspec(len(traces), 2, width_ratios=(1, 1.15), hspace=0.12, wspace=0.25)
    for k, vd in enumerate(traces):  # one panel per V_det: the traces differ by orders of magnitude
        a = fig.add_subplot(grid[k, 0])
        a.plot(res.v_inj, res.g_sa.sel(v_det=vd, method="nearest"), f"C{k}")
        a.axhline(0.0, color="0.6", lw=0.5)
        a.text(0.02, 0.78, f"eV_det = {vd}Δ0", transform=a.transAxes, fontsize=8, bbox={"fc": "w", "ec": "none"})
        a.set_ylabel("g_sa (Ω)", fontsize=8)
        if k == 0:
            a.set_title("Fig. 12a: g_sa/(G_inj G_det)")
        if k < len(traces) - 1:
            a.tick_params(labelbottom=False)
        else:
            a.set_xlabel("eV_inj/Δ0")
    b = fig.add_subplot(grid[:, 1])
    lim = float(np.nanpercentile(np.abs(res.g_sa), 99))
    mesh = b.pcolormesh(res.v_inj, res.v_det, res.g_sa.T, cmap="RdBu_r", vmin=-lim, vmax=lim, shading="auto")
    fig.colorbar(mesh, ax=b, label="g_sa/(G_inj G_det) (Ω)", extend="both")  # clipped at the 99th percentile
    b.set(xlabel="eV_inj/Δ0", ylabel="eV_det/Δ0", title="Fig. 12b: g_sa map")
    png = out / "ryan2026_fig12.png"
    fig.savefig(png, dpi=120, bbox_inches="tight")
    plt.close(fig)
    line = res.g_sa.sel(v_det=0.5, method="nearest")
    pos = line.where(line.v_inj > 0, drop=True)
    return RecipeResult(
        [nc, png],
        {
            "max |g_sa| (Ω) at eV_det=0.5": float(np.abs(pos).max()),
            "eV_inj of that peak": float(pos.v_inj.values[int(np.argmax(np.abs(pos.values)))]),
            "g_sa(eV_inj=4.5, eV_det=0.5) (Ω)": float(line.sel(v_inj=4.5)),
            "max |g_nl| over the map (Ω)": float(np.abs(res.g_nl).max()),
        },
    )


@recipe("ryan2026-fig10", "g_ss vs bias for several supercurrents (Eq. 21 model) and I_s vs ∂xφ (Eq. 6)", PAPER)
def fig10(out: Path) -> RecipeResult:
    plt = agg_pyplot()
    curve = supercurrent_curve(np.linspace(0, 1.0, 41), t=DEV.t, gamma=GAMMA_FIT)
    i_s = np.array(SUPERCURRENTS_UA) * 1e-6 / I0_FIT
    pgs = phase_gradient_for_current(i_s, curve)
    v = np.linspace(0, 3.5, 141)
    rows = []
    for pg in pgs:
        zeta = 0.5 * pg**2
        d = float(np.interp(abs(pg), curve.phase_gradient, curve.gap))
        eps = energy_grid(max(ag_spectral_gap(d, zeta), 1e-3), GAMMA_FIT, 5.0, de=0.005)
        s = uniform_spectra(eps, d, GAMMA_FIT, zeta)
        rows.append(charge_imbalance_conductance(s, DEV.kappa_inj / 2, DEV.x_det, v, DEV.t_inj, DEV.kappa_inj))
    g_ss = np.array(rows) * DEV.R_xi
    ds = xr.Dataset(
        {
            "g_ss": (("I_s", "v_inj"), g_ss, {"units": "Ohm", "long_name": "g_ss/(G_inj G_det), Eq. 21"}),
            "phase_gradient": ("I_s", pgs, {"units": "1/xi"}),
            "i_s_curve": ("pg", curve.i_s.values * I0_FIT * 1e6, {"units": "uA", "long_name": "I_s (Eq. 6)"}),
            "gap_curve": ("pg", curve.gap.values, {"units": "Delta0"}),
        },
        coords={"I_s": ("I_s", np.array(SUPERCURRENTS_UA), {"units": "uA"}),
                "v_inj": ("v_inj", v, {"units": "Delta0/e"}),
                "pg": ("pg", curve.phase_gradient.values, {"units": "1/xi"})},
        attrs={"neqsc_kind": "quasiclassics.fig10", "gamma": GAMMA_FIT, "I0": I0_FIT, "R_xi": DEV.R_xi},
    )  # fmt: skip
    nc = io.save(ds, out / "ryan2026_fig10.nc", parameters={"recipe": "ryan2026-fig10", **DEV.to_dict()})
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for k, cur in enumerate(SUPERCURRENTS_UA):
        a.plot(v, g_ss[k], label=f"I_s={cur} µA (∂xφ={pgs[k]:.3f})")
    a.set(xlabel="eV_inj/Δ0", ylabel="g_ss/(G_inj G_det) (Ω)", title="Fig. 10a (Eq. 21, Γ = 1.53e-3)")
    a.legend(fontsize=8)
    b.plot(ds.pg, ds.i_s_curve)
    b.plot(pgs, np.array(SUPERCURRENTS_UA), "o")
    b.set(xlabel="∂xφ (1/ξ)", ylabel="I_s (µA)", title="Fig. 10b (Eq. 6, I0 = 29.8 µA)")
    fig.tight_layout()
    png = out / "ryan2026_fig10.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    k15 = int(np.argmin(np.abs(v - 1.5)))
    return RecipeResult(
        [nc, png],
        {
            "g_ss(1.5Δ, I_s=0) (Ω)": float(g_ss[0, k15]),
            "g_ss(1.5Δ, I_s=10µA)/g_ss(1.5Δ, 0)": float(g_ss[-1, k15] / g_ss[0, k15]),
            "∂xφ at 10 µA (1/ξ)": float(pgs[-1]),
            "I_c = max I_s (µA)": float(curve.i_s.max() * I0_FIT * 1e6),
        },
    )


@recipe("ryan2026-fig13", "g_a (odd in I_s) vs V_inj for three supercurrents, coupled f_L/f_T, no collisions", PAPER)
def fig13(out: Path) -> RecipeResult:
    plt = agg_pyplot()
    curve = supercurrent_curve(np.linspace(0, 1.0, 41), t=DEV.t, gamma=GAMMA_FIT)
    currents = SUPERCURRENTS_UA[1:]
    pgs = phase_gradient_for_current(np.array(currents) * 1e-6 / I0_FIT, curve)
    v = np.linspace(-3, 3, 241)
    rows = []
    for pg in pgs:
        d = float(np.interp(abs(pg), curve.phase_gradient, curve.gap))
        eps = energy_grid(max(ag_spectral_gap(d, 0.5 * pg**2), 1e-3), GAMMA_FIT, 3.5, de=0.005)
        model = DEV.model(eps, half_wire=False, gamma=GAMMA_FIT)
        gp = nonlocal_map_fixed_gap(model.replace(phase_gradient=pg), v, gap=d).g_nl.values
        gm = nonlocal_map_fixed_gap(model.replace(phase_gradient=-pg), v, gap=d).g_nl.values
        rows.append(0.5 * (gp - gm) * DEV.R_xi)
    g_a = np.array(rows)
    ds = xr.Dataset(
        {"g_a": (("I_s", "v_inj"), g_a, {"units": "Ohm", "long_name": "g_a/(G_inj G_det), Eq. 16"}),
         "phase_gradient": ("I_s", pgs, {"units": "1/xi"})},
        coords={"I_s": ("I_s", np.array(currents), {"units": "uA"}), "v_inj": ("v_inj", v, {"units": "Delta0/e"})},
        attrs={"neqsc_kind": "quasiclassics.fig13", "gamma": GAMMA_FIT, "I0": I0_FIT, "R_xi": DEV.R_xi},
    )  # fmt: skip
    nc = io.save(ds, out / "ryan2026_fig13.nc", parameters={"recipe": "ryan2026-fig13", **DEV.to_dict()})
    fig, ax = plt.subplots(figsize=(6, 4))
    for k, cur in enumerate(currents):
        ax.plot(v, g_a[k] + 10 * k, label=f"I_s={cur} µA")
    ax.set(xlabel="eV_inj/Δ0", ylabel="g_a/(G_inj G_det) (Ω), offset 10 Ω", title="Fig. 13")
    ax.legend(fontsize=8)
    fig.tight_layout()
    png = out / "ryan2026_fig13.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    pos = v > 0
    kmax = int(np.argmax(np.abs(g_a[-1][pos])))
    return RecipeResult(
        [nc, png],
        {
            f"max |g_a| at {currents[-1]} µA (Ω)": float(np.abs(g_a[-1][pos]).max()),
            "eV_inj of that peak": float(v[pos][kmax]),
            f"max |g_a| at {currents[0]} µA (Ω)": float(np.abs(g_a[0][pos]).max()),
        },
    )
