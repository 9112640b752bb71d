"""``neqsc psc run`` and ``neqsc psc iv``: the 1D generalized TDGL wire, in SI (``--material`` and a geometry) or in
the engine's reduced units (docs/tdgl.md)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from neqsc.cli._common import console, handle_errors
from neqsc.cli._groups import psc_app
from neqsc.errors import InvalidParameter

_UNITS_NOTE = "Units: x in ξ(T), t in t0 = τ_GL/u, j in j0, V in ħ/(2e t0) (docs/tdgl.md)."

# Options shared by run and iv (SI wire).
MaterialOpt = Annotated[
    str | None, typer.Option("--material", help="SI mode: material of the wire (materials table), e.g. Al.")
]
LengthOpt = Annotated[
    str, typer.Option("--length", help="Wire length: '2 um' (SI mode) or a bare number in ξ(T) (reduced mode).")
]
WidthOpt = Annotated[str | None, typer.Option("--width", help="SI mode: wire width, e.g. '100 nm'.")]
ThicknessOpt = Annotated[str | None, typer.Option("--thickness", help="SI mode: film thickness, e.g. '20 nm'.")]
TOpt = Annotated[str | None, typer.Option("--T", help="SI mode: bath temperature, '1.05 K' or '0.9 Tc'.")]
TauOpt = Annotated[
    str | None, typer.Option("--tau-inelastic", help="SI mode: τ_ε, e.g. '10 ns' (default: from the material).")
]
ModelOpt = Annotated[
    str | None, typer.Option("--inelastic-model", help="SI mode: kaplan (default) | eph (source of τ_ε).")
]
RhoOpt = Annotated[str | None, typer.Option("--resistivity", help="SI mode: film ρ, e.g. '5e-8 ohm m'.")]
DOpt = Annotated[str | None, typer.Option("--diffusion", help="SI mode: film D, e.g. '20 cm^2/s'.")]
TcOpt = Annotated[str | None, typer.Option("--Tc", help="SI mode: film Tc, e.g. '1.3 K'.")]
DeltaOpt = Annotated[
    float | None, typer.Option("--delta", help="δ = 2τ_εΔ0/ħ (reduced default 10; SI default from τ_ε).")
]
EtaOpt = Annotated[float | None, typer.Option("--eta", help="Reduced mode: (Tc − T)/Tc (default 0.1).")]
DX_HELP = "Grid spacing in ξ (≤ 0.5), or 'auto': clip(1.5/δ, 0.05, 0.1) with banks, 0.1 otherwise."


def _reduced_number(text: str, name: str, unit: str) -> float:
    """A reduced-mode option: a bare number, or a number followed by its reduced unit name."""
    value = text.strip()
    if value.endswith(unit):
        value = value[: -len(unit)].strip()
    try:
        return float(value)
    except ValueError:
        raise InvalidParameter(
            name, text, f"a number in {unit} (reduced mode), or a unit string together with --material (SI mode)"
        ) from None


def _dx(text: str) -> float | str:
    """--dx: 'auto' or a number in ξ (range checked by Numerics)."""
    value = text.strip()
    if value == "auto":
        return "auto"
    try:
        return float(value.removesuffix("ξ").removesuffix("xi").strip())
    except ValueError:
        raise InvalidParameter("--dx", text, "'auto' or a grid spacing in ξ, e.g. 0.05") from None


def _time_option(text: str) -> str:
    """CLI times: a bare number means t0 (as in reduced mode); unit strings ('20 ns') are SI."""
    try:
        return f"{float(text)} t0"
    except ValueError:
        return text


def _wire(material, length, width, thickness, T, delta, tau_inelastic, inelastic_model, resistivity, diffusion, Tc):
    """The SI Wire of the options (``material`` given), checking that every SI option is there."""
    from neqsc.tdgl import Wire

    for name, value in (("--width", width), ("--thickness", thickness), ("--T", T)):
        if value is None:
            raise InvalidParameter(name, None, "a value in SI mode (--material given)")
    return Wire(
        material, length, width, thickness, T, delta=delta, tau_inelastic=tau_inelastic,
        inelastic_model=inelastic_model or "kaplan", resistivity=resistivity, diffusion=diffusion, Tc=Tc,
    )  # fmt: skip


def _reject_si_options(**options) -> None:
    """Reduced mode: SI-only options need --material."""
    for name, value in options.items():
        if value is not None:
            raise InvalidParameter(f"--{name.replace('_', '-')}", value, "only together with --material (SI mode)")


def _wire_table(wire) -> Table:
    table = Table(title=f"SI wire: {wire.material.name}, T = {wire.T:.4g} K (Tc = {wire.Tc:.4g} K)")
    table.add_column("scale")
    table.add_column("value")
    for label, value in (
        ("ξ(T)", f"{wire.xi:.4g} m  (L/ξ = {wire.length_reduced:.4g})"),
        ("t0 = τ_GL/u", f"{wire.t0:.4g} s"),
        ("I0 = j0·w·d", f"{wire.I0:.4g} A  (I_dp = {wire.I_depairing:.4g} A)"),
        ("V0 = ħ/(2e t0)", f"{wire.V0:.4g} V"),
        ("R_n = ρL/(wd)", f"{wire.R_n:.4g} Ω"),
        ("δ = 2τ_εΔ0/ħ", f"{wire.delta:.4g}  (τ_ε = {wire.tau_inelastic:.4g} s, {wire.delta_source})"),
    ):
        table.add_row(label, value)
    return table


@psc_app.command("run")
@handle_errors
def run_cmd(
    j: Annotated[float | None, typer.Option("--j", help="Reduced mode: current density in j0 (default 1.5).")] = None,
    current: Annotated[str | None, typer.Option("--current", help="SI mode: bias current, e.g. '50 uA'.")] = None,
    length: LengthOpt = "10",
    material: MaterialOpt = None,
    width: WidthOpt = None,
    thickness: ThicknessOpt = None,
    T: TOpt = None,
    delta: DeltaOpt = None,
    tau_inelastic: TauOpt = None,
    inelastic_model: ModelOpt = None,
    resistivity: RhoOpt = None,
    diffusion: DOpt = None,
    Tc: TcOpt = None,
    eta: EtaOpt = None,
    t_end: Annotated[str, typer.Option("--t-end", help="Simulated time: a number in t0, or SI ('20 ns').")] = "500",
    interference: Annotated[str, typer.Option(help="exact | paper_approx | off")] = "exact",
    sc_correction: Annotated[str, typer.Option(help="as_printed | converted | off")] = "as_printed",
    boundary: Annotated[str, typer.Option(help="banks | normal_leads | pinned")] = "banks",
    dx: Annotated[str, typer.Option(help=DX_HELP)] = "auto",
    rtol: Annotated[float, typer.Option(help="Relative local error tolerance.")] = 1e-3,
    save_every: Annotated[
        str | None, typer.Option(help="Snapshot interval: number in t0 or SI (default t_end/1000).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Output .nc or .zarr.")] = Path("psc.nc"),
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Simulate one wire at fixed current; write |Ψ|, φ, V(t), currents, slips (netCDF).

    SI mode: --material Al --length "2 um" --width "100 nm" --thickness "20 nm" --T "1.05 K" --current "50 uA".
    Reduced mode: --j 1.5 --length 10 --delta 10 --eta 0.1.
    """
    from neqsc import io
    from neqsc.progress import rich_progress
    from neqsc.tdgl import simulate

    common = {
        "interference": interference, "sc_correction": sc_correction, "boundary": boundary, "dx": _dx(dx), "rtol": rtol,
    }  # fmt: skip
    parameters = {"t_end": t_end, "save_every": save_every, **common}
    wire = None
    if material is not None:
        if j is not None or eta is not None:
            raise InvalidParameter("--j" if j is not None else "--eta", j if j is not None else eta,
                                   "reduced-mode options; in SI mode give --current and --T")  # fmt: skip
        if current is None:
            raise InvalidParameter("--current", None, "a bias current in SI mode, e.g. '50 uA'")
        wire = _wire(material, length, width, thickness, T, delta, tau_inelastic, inelastic_model, resistivity,
                     diffusion, Tc)  # fmt: skip
        parameters |= {"material": material, "current": current, "length": length, "width": width,
                       "thickness": thickness, "T": T, "delta": wire.delta}  # fmt: skip
        save = None if save_every is None else _time_option(save_every)
        with rich_progress("psc run (snapshots)", enabled=not quiet) as cb:
            ds = wire.simulate(current, t_end=_time_option(t_end), save_every=save, progress=cb, **common)
    else:
        _reject_si_options(current=current, width=width, thickness=thickness, T=T, tau_inelastic=tau_inelastic,
                           resistivity=resistivity, diffusion=diffusion, Tc=Tc,
                           inelastic_model=inelastic_model)  # fmt: skip
        j = 1.5 if j is None else j
        delta = 10.0 if delta is None else delta
        eta = 0.1 if eta is None else eta
        length_xi = _reduced_number(length, "--length", "ξ")
        parameters |= {"j": j, "length": length_xi, "delta": delta, "eta": eta}
        with rich_progress("psc run (snapshots)", enabled=not quiet) as cb:
            ds = simulate(
                j, length_xi, delta, eta, t_end=_reduced_number(t_end, "--t-end", "t0"), progress=cb,
                save_every=None if save_every is None else _reduced_number(save_every, "--save-every", "t0"), **common,
            )  # fmt: skip
    path = io.save(ds, out, parameters=parameters)
    a = ds.attrs
    table = Table(title=f"PSC run j = {a['j']:.4g} j0, L = {a['length']:.4g} ξ, δ = {a['delta']:.4g}")
    table.add_column("quantity")
    table.add_column("value")
    table.add_row("mean voltage ⟨V⟩", f"{a['mean_voltage']:.6g} ħ/(2e t0)")
    table.add_row("period per slip", "—" if math.isnan(a["period"]) else f"{a['period']:.6g} t0")
    table.add_row(
        "⟨V⟩·period / 2π", "—" if math.isnan(a["period"]) else f"{a['mean_voltage'] * a['period'] / (2 * math.pi):.6f}"
    )
    if wire is not None:
        table.add_row("bias current I", f"{a['current_si']:.4g} A")
        table.add_row(
            "mean voltage ⟨V⟩ (SI)", f"{a['mean_voltage_si']:.4g} V  (I·R_n = {a['current_si'] * wire.R_n:.4g} V)"
        )
        table.add_row("period per slip (SI)", "—" if math.isnan(a["period"]) else f"{a['period_si']:.4g} s")
    table.add_row("phase slips", str(a["n_slips"]))
    table.add_row("transient end", f"{a['transient_end']:.4g} t0 (periodic: {bool(a['periodic'])})")
    table.add_row("steps accepted / rejected", f"{a['n_steps_accepted']} / {a['n_steps_rejected']}")
    if wire is not None:
        console.print(_wire_table(wire))
    console.print(table)
    console.print(_UNITS_NOTE)
    console.print(f"wrote {path}", markup=False)


@psc_app.command("iv")
@handle_errors
def iv_cmd(
    j: Annotated[
        str | None, typer.Option("--j", help="Reduced mode: currents in j0, 'start:stop:num' or a list (0.3:2:64).")
    ] = None,
    current: Annotated[
        str | None, typer.Option("--current", help="SI mode: currents, e.g. '10 uA:90 uA:17' or '10uA,20uA'.")
    ] = None,
    length: LengthOpt = "10",
    material: MaterialOpt = None,
    width: WidthOpt = None,
    thickness: ThicknessOpt = None,
    T: TOpt = None,
    delta: DeltaOpt = None,
    tau_inelastic: TauOpt = None,
    inelastic_model: ModelOpt = None,
    resistivity: RhoOpt = None,
    diffusion: DOpt = None,
    Tc: TcOpt = None,
    eta: EtaOpt = None,
    direction: Annotated[str, typer.Option(help="up | down | both")] = "both",
    t_per_point: Annotated[
        str, typer.Option(help="Simulated time per current point: a number in t0, or SI ('5 ns').")
    ] = "200",
    interference: Annotated[str, typer.Option(help="exact | paper_approx | off")] = "exact",
    sc_correction: Annotated[str, typer.Option(help="as_printed | converted | off")] = "as_printed",
    boundary: Annotated[str, typer.Option(help="banks | normal_leads | pinned")] = "banks",
    dx: Annotated[str, typer.Option(help=DX_HELP)] = "auto",
    workers: Annotated[int | None, typer.Option(help="Parallel processes (1 = strictly sequential).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output .nc or .zarr.")] = Path("iv.nc"),
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """I–V curve by current continuation (up/down sweeps, hysteresis report).

    SI mode: --material Al --length "2 um" --width "100 nm" --thickness "20 nm" --T "1.05 K"
    --current "10 uA:90 uA:17". Reduced mode: --j 0.3:2:64 --length 10 --delta 10 --eta 0.1.
    """
    from neqsc import io
    from neqsc.progress import rich_progress
    from neqsc.tdgl import iv_curve
    from neqsc.units import parse_range

    common = {"direction": direction, "interference": interference, "sc_correction": sc_correction,
              "boundary": boundary, "dx": _dx(dx)}  # fmt: skip
    parameters = {"t_per_point": t_per_point, **common}
    wire = None
    if material is not None:
        if j is not None or eta is not None:
            raise InvalidParameter("--j" if j is not None else "--eta", j if j is not None else eta,
                                   "reduced-mode options; in SI mode give --current and --T")  # fmt: skip
        if current is None:
            raise InvalidParameter("--current", None, "currents in SI mode, e.g. '10 uA:90 uA:17'")
        wire = _wire(material, length, width, thickness, T, delta, tau_inelastic, inelastic_model, resistivity,
                     diffusion, Tc)  # fmt: skip
        parameters |= {"material": material, "current": current, "length": length, "width": width,
                       "thickness": thickness, "T": T, "delta": wire.delta}  # fmt: skip
        with rich_progress("psc iv (current points)", enabled=not quiet) as cb:
            ds = wire.iv_curve(current, t_per_point=_time_option(t_per_point), workers=workers, progress=cb, **common)
    else:
        _reject_si_options(current=current, width=width, thickness=thickness, T=T, tau_inelastic=tau_inelastic,
                           resistivity=resistivity, diffusion=diffusion, Tc=Tc,
                           inelastic_model=inelastic_model)  # fmt: skip
        currents = parse_range("0.3:2:64" if j is None else j, "dimensionless", "--j")
        delta = 10.0 if delta is None else delta
        eta = 0.1 if eta is None else eta
        length_xi = _reduced_number(length, "--length", "ξ")
        parameters |= {"j": j, "length": length_xi, "delta": delta, "eta": eta}
        with rich_progress("psc iv (current points)", enabled=not quiet) as cb:
            ds = iv_curve(
                currents, length_xi, delta, eta, t_per_point=_reduced_number(t_per_point, "--t-per-point", "t0"),
                workers=workers, progress=cb, **common,
            )  # fmt: skip
    path = io.save(ds, out, parameters=parameters)
    table = Table(title="I–V hysteresis report")
    table.add_column("quantity")
    table.add_column("value")
    for key in ("j_switch_up", "j_retrap_down", "hysteresis_width", "hysteretic", "j_fold_static", "n_undecided"):
        if key in ds.attrs:
            table.add_row(key, f"{ds.attrs[key]:.4g}" + ("" if key == "hysteretic" else " j0"))
    for key in ("I_switch_up_A", "I_retrap_down_A", "I_hysteresis_width_A"):
        if key in ds.attrs:
            table.add_row(key[:-2], f"{ds.attrs[key]:.4g} A")
    if wire is not None:
        console.print(_wire_table(wire))
    console.print(table)
    console.print(_UNITS_NOTE)
    console.print(f"wrote {path}", markup=False)
