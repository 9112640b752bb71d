"""``neqsc nonlocal ...``: Usadel spectra, nonequilibrium gap and nonlocal conductance maps (quasiclassics engine).

Biases: plain numbers are eV/Δ₀; strings with a unit ("300 uV", "0uV:1.3mV:51") are volts. Device parameters
default to the paper's Table 1 (injector A, detector B, 24 mK bath).
"""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from neqsc.cli._common import console, handle_errors
from neqsc.cli._groups import nonlocal_app


def _bias(text: str, gap0_J: float, name: str) -> np.ndarray:
    from neqsc.constants import e
    from neqsc.units import parse_range

    if any(ch.isalpha() for ch in text.replace("e-", "").replace("e+", "")):
        return parse_range(text, "V", name) * e / gap0_J
    return parse_range(text, "dimensionless", name)


def _device(gap0: str, g_inj: str, g_det: str, t_bath: str, t_inj: str, t_det: str, spacing: str):
    from neqsc.quasiclassics.device import PAPER_DEVICE
    from neqsc.units import parse_quantity as q

    return dataclasses.replace(
        PAPER_DEVICE, gap0=q(gap0, "J", "--gap0"), G_inj=q(g_inj, "S", "--g-inj"), G_det=q(g_det, "S", "--g-det"),
        T=q(t_bath, "K", "--t-bath"), T_inj=q(t_inj, "K", "--t-inj"), T_det=q(t_det, "K", "--t-det"),
        spacing=q(spacing, "m", "--spacing"),
    )  # fmt: skip


GAP0 = Annotated[str, typer.Option("--gap0", help="Δ₀, e.g. '265 ueV'.")]
GINJ = Annotated[str, typer.Option("--g-inj", help="Injector normal-state conductance.")]
GDET = Annotated[str, typer.Option("--g-det", help="Detector normal-state conductance.")]
TB = Annotated[str, typer.Option("--t-bath", help="Wire/bath temperature.")]
TI = Annotated[str, typer.Option("--t-inj", help="Injector electrode temperature.")]
TD = Annotated[str, typer.Option("--t-det", help="Detector electrode temperature.")]
SP = Annotated[str, typer.Option("--spacing", help="Injector–detector distance.")]


@nonlocal_app.command("spectrum")
@handle_errors
def spectrum(
    gamma: Annotated[float, typer.Option(help="Dynes Γ/Δ₀ (> 0 if zeta = 0).")] = 1.53e-3,
    zeta: Annotated[float, typer.Option(help="Depairing ζ/Δ₀ = ½(∂ₓφ)².")] = 0.0,
    gap: Annotated[float, typer.Option(help="|Δ|/Δ₀ (non-self-consistent).")] = 1.0,
    emax: Annotated[float, typer.Option(help="Largest |ε|/Δ₀.")] = 3.0,
    out: Annotated[Path, typer.Option("--out", help="Output .nc/.zarr file.")] = Path("spectrum.nc"),
) -> None:
    """Uniform Usadel spectra (Eq. 1): N, Re/Im G, F, D_L, D_T, R_T, j_ε on a grid refined at the gap edge."""
    from neqsc import io, validation
    from neqsc.quasiclassics import ag_spectral_gap, energy_grid, usadel_uniform

    validation.nonnegative("--zeta", zeta)
    eps = energy_grid(max(ag_spectral_gap(gap, zeta), 1e-3), max(gamma, 1e-4), emax, de=0.005)
    ds = usadel_uniform(eps, gap, gamma, zeta)
    path = io.save(ds, out, parameters={"gamma": gamma, "zeta": zeta, "gap": gap, "emax": emax})
    i = int(np.argmax(ds.N.values))
    console.print(f"DOS peak {float(ds.N[i]):.4g} at ε = {float(ds.eps[i]):.5g} Δ0; N(0) = "
                  f"{float(ds.N.interp(eps=0.0)):.4g}; wrote {path}", markup=False)  # fmt: skip


@nonlocal_app.command("gap")
@handle_errors
def gap_command(
    vinj: Annotated[str, typer.Option("--vinj", help="Injector biases (eV/Δ₀ or volts), 'start:stop:num'.")] = "0:5:51",
    gamma_ee: Annotated[float, typer.Option(help="e–e collision rate γ_ee = ħ/(Δ₀τ_ee); 0 = elastic.")] = 2e-4,
    gamma: Annotated[float, typer.Option(help="Dynes Γ/Δ₀.")] = 0.005,
    de: Annotated[float, typer.Option(help="Energy step δε/Δ₀ (equidistant grid to ±ω_D).")] = 1 / 40,
    omega_d: Annotated[float, typer.Option("--omega-d", help="Cut-off ω_D/Δ₀.")] = 10.0,
    lambda_convention: Annotated[str, typer.Option(help="real_cutoff | paper | calibrated.")] = "paper",
    gap0: GAP0 = "265 ueV", g_inj: GINJ = "24.6 uS", g_det: GDET = "31.4 uS", t_bath: TB = "24 mK",
    t_inj: TI = "61 mK", t_det: TD = "37 mK", spacing: SP = "300 nm",
    gap_profile: Annotated[str, typer.Option(help="const (paper, Δ(x) ≡ const) | gradient (self-consistent "
                                                   "Δ(x) with the gradient term, arclength continuation; "
                                                   "elastic only, minutes)")] = "const",
    sweep: Annotated[str, typer.Option(help="up | down: which stable Δ(x) a sweep reaches where it is "
                                             "multivalued (gradient only)")] = "up",
    out: Annotated[Path, typer.Option("--out", help="Output .nc/.zarr file.")] = Path("gap_vs_injection.nc"),
) -> None:  # fmt: skip
    """Self-consistent Δ vs injector bias (Fig. 11 pipeline; half wire, Δ(x) ≡ const or self-consistent Δ(x))."""
    from neqsc import io, validation
    from neqsc.errors import InvalidParameter
    from neqsc.progress import rich_progress
    from neqsc.quasiclassics import SelfConsistency, UnresolvedGridWarning, gap_vs_injection, uniform_energy_grid
    from neqsc.quasiclassics.selfconsistency.profile import resolved_energy_grid

    validation.one_of("gap_profile", gap_profile, ("const", "gradient"))
    if gap_profile == "gradient" and gamma_ee > 0:
        raise InvalidParameter("gamma_ee", gamma_ee, "0 with --gap-profile gradient (e–e not implemented there)")
    dev = _device(gap0, g_inj, g_det, t_bath, t_inj, t_det, spacing)
    v = _bias(vinj, dev.gap0, "--vinj")
    grad = gap_profile == "gradient"
    eps = resolved_energy_grid(gamma, omega_d, de=de, window=(0.0, 1.4)) if grad else uniform_energy_grid(de, omega_d)
    model = dev.model(eps, gamma=gamma, omega_D=omega_d, lambda_convention=lambda_convention, gamma_ee=gamma_ee)
    opts = SelfConsistency(gap_profile="gradient" if grad else "constant", sweep=sweep)
    with rich_progress("self-consistent Δ") as cb, warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)
        ds = gap_vs_injection(model, v, opts, progress=cb)
    if grad:
        console.print(f"folds at eV_inj/Δ0 = {ds.attrs['fold_v_inj']}; sweep {sweep}; "
                      f"multivalued at {int((ds.n_stable_solutions > 1).sum())} biases")  # fmt: skip
    path = io.save(ds, out, parameters={**dev.to_dict(), "gamma_ee": gamma_ee, "gamma": gamma, "de": de})
    console.print(f"Δ/Δ0 from {float(ds.gap[0]):.5f} (eV={float(ds.v_inj[0]):.2f}) to {float(ds.gap[-1]):.5f} "
                  f"(eV={float(ds.v_inj[-1]):.2f}); wrote {path}", markup=False)  # fmt: skip


@nonlocal_app.command("map")
@handle_errors
def map_command(
    vinj: Annotated[str, typer.Option("--vinj", help="Injector biases ≥ 0 (mirrored), eV/Δ₀ or volts.")] = "0:3:51",
    vdet: Annotated[str, typer.Option("--vdet", help="Detector biases.")] = "-1.5:1.5:101",
    gamma_ee: Annotated[float, typer.Option(help="e–e collision rate; 0 = elastic (fast).")] = 0.0,
    gamma: Annotated[float, typer.Option(help="Dynes Γ/Δ₀.")] = 0.005,
    de: Annotated[float, typer.Option(help="Energy step δε/Δ₀.")] = 1 / 40,
    gap0: GAP0 = "265 ueV", g_inj: GINJ = "24.6 uS", g_det: GDET = "31.4 uS", t_bath: TB = "24 mK",
    t_inj: TI = "61 mK", t_det: TD = "37 mK", spacing: SP = "300 nm",
    out: Annotated[Path, typer.Option("--out", help="Output .nc/.zarr file.")] = Path("nonlocal_map.nc"),
) -> None:  # fmt: skip
    """Nonlocal conductance map g_nl(V_inj, V_det)/(G_inj G_det) in Ω with the self-consistent Δ(V_inj)."""
    from neqsc import io, validation
    from neqsc.progress import rich_progress
    from neqsc.quasiclassics import UnresolvedGridWarning, nonlocal_map, uniform_energy_grid

    dev = _device(gap0, g_inj, g_det, t_bath, t_inj, t_det, spacing)
    v = validation.nonnegative("--vinj", _bias(vinj, dev.gap0, "--vinj"))  # ≥ 0: negative biases are mirrored
    model = dev.model(uniform_energy_grid(de, 10.0), gamma=gamma, gamma_ee=gamma_ee)
    with rich_progress("self-consistent Δ") as cb, warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)
        m = nonlocal_map(model, np.abs(v), _bias(vdet, dev.gap0, "--vdet"), progress=cb)
    m["g_nl_ohm"] = (m.g_nl * dev.R_xi).assign_attrs(units="Ohm", long_name="g_nl/(G_inj G_det)")
    path = io.save(m, out, parameters={**dev.to_dict(), "gamma_ee": gamma_ee, "gamma": gamma, "de": de})
    console.print(
        f"g_nl/(G_inj G_det): {float(m.g_nl_ohm.min()):.4g} .. {float(m.g_nl_ohm.max()):.4g} Ω; wrote {path}",
        markup=False,
    )


@nonlocal_app.command("mixing")
@handle_errors
def mixing_command(
    supercurrent: Annotated[str, typer.Option("--supercurrent", help="I_s, e.g. '10 uA'.")] = "10 uA",
    i0: Annotated[str, typer.Option("--i0", help="I₀ = Δ₀/(eR_ξ) to convert I_s (paper fit 29.8 µA).")] = "29.8 uA",
    vinj: Annotated[str, typer.Option("--vinj", help="Injector biases, eV/Δ₀ or volts.")] = "-3:3:121",
    gamma: Annotated[float, typer.Option(help="Dynes Γ/Δ₀.")] = 1.53e-3,
    gap0: GAP0 = "265 ueV", g_inj: GINJ = "24.6 uS", g_det: GDET = "31.4 uS", t_bath: TB = "24 mK",
    t_inj: TI = "61 mK", t_det: TD = "37 mK", spacing: SP = "300 nm",
    out: Annotated[Path, typer.Option("--out", help="Output .nc/.zarr file.")] = Path("mixing.nc"),
) -> None:  # fmt: skip
    """g_nl at ±I_s and its parts g_s, g_a (Eqs. 16–17) without collisions, both wire branches (Fig. 13 model)."""
    import xarray as xr

    from neqsc import io, validation
    from neqsc.quasiclassics import (
        ag_spectral_gap,
        energy_grid,
        nonlocal_map_fixed_gap,
        phase_gradient_for_current,
        supercurrent_curve,
    )
    from neqsc.units import parse_quantity as q

    dev = _device(gap0, g_inj, g_det, t_bath, t_inj, t_det, spacing)
    v = _bias(vinj, dev.gap0, "--vinj")
    i_s = q(supercurrent, "A", "--supercurrent") / validation.positive("--i0", q(i0, "A", "--i0"), "A")
    curve = supercurrent_curve(np.linspace(0, 1.0, 21), t=dev.t, gamma=gamma)
    pg = float(phase_gradient_for_current(i_s, curve)[0])
    d = float(np.interp(abs(pg), curve.phase_gradient, curve.gap))
    eps = energy_grid(max(ag_spectral_gap(d, 0.5 * pg**2), 1e-3), gamma, float(np.max(np.abs(v))) + 0.5, de=0.005)
    model = dev.model(eps, half_wire=False, gamma=gamma)
    gp = nonlocal_map_fixed_gap(model.replace(phase_gradient=pg), v, gap=d).g_nl * dev.R_xi
    gm = nonlocal_map_fixed_gap(model.replace(phase_gradient=-pg), v, gap=d).g_nl * dev.R_xi
    ds = xr.Dataset(
        {"g_plus": gp.assign_attrs(units="Ohm"), "g_minus": gm.assign_attrs(units="Ohm"),
         "g_s": (0.5 * (gp + gm)).assign_attrs(units="Ohm", long_name="g_s, Eq. 17"),
         "g_a": (0.5 * (gp - gm)).assign_attrs(units="Ohm", long_name="g_a, Eq. 16")},
        attrs={"neqsc_kind": "quasiclassics.mixing", "phase_gradient": pg, "gap": d, "i_s_over_I0": i_s},
    )  # fmt: skip
    path = io.save(ds, out, parameters={**dev.to_dict(), "I_s": supercurrent, "I0": i0, "gamma": gamma})
    console.print(
        f"∂xφ = {pg:.4f}/ξ, Δ = {d:.5f} Δ0, max|g_a| = {float(np.abs(ds.g_a).max()):.3g} Ω; wrote {path}",
        markup=False,
    )
