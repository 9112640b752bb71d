"""``neqsc psc run`` and ``neqsc psc iv``: the 1D generalized TDGL wire (dimensionless units, docs/tdgl.md)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from neqsc.cli._common import console, handle_errors
from neqsc.cli._groups import psc_app

_UNITS_NOTE = "Units: x in ξ(T), t in t0 = τ_GL/u, j in j0, V in ħ/(2e t0) (docs/tdgl.md)."


@psc_app.command("run")
@handle_errors
def run_cmd(
    j: Annotated[float, typer.Option("--j", help="Bias current density in j0 (j_dp = 0.385).")] = 1.5,
    length: Annotated[float, typer.Option("--length", help="Wire length L in ξ(T).")] = 10.0,
    delta: Annotated[float, typer.Option("--delta", help="δ = 2τ_εΔ0/ħ (0 = gapless).")] = 10.0,
    eta: Annotated[float, typer.Option("--eta", help="(Tc − T)/Tc in (0, 1).")] = 0.1,
    t_end: Annotated[float, typer.Option("--t-end", help="Simulated time in t0.")] = 500.0,
    interference: Annotated[str, typer.Option(help="exact | paper_approx | off")] = "exact",
    sc_correction: Annotated[str, typer.Option(help="as_printed | converted | off")] = "as_printed",
    boundary: Annotated[str, typer.Option(help="banks | normal_leads | pinned")] = "banks",
    dx: Annotated[float, typer.Option(help="Grid spacing in ξ (≤ 0.5).")] = 0.1,
    rtol: Annotated[float, typer.Option(help="Relative local error tolerance.")] = 1e-3,
    save_every: Annotated[float | None, typer.Option(help="Snapshot interval in t0 (default t_end/1000).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output .nc or .zarr.")] = Path("psc.nc"),
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Simulate one wire at fixed current; write |Ψ|, φ, V(t), currents, slips (netCDF)."""
    from neqsc import io
    from neqsc.progress import rich_progress
    from neqsc.tdgl import simulate

    parameters = {
        "j": j, "length": length, "delta": delta, "eta": eta, "t_end": t_end, "interference": interference,
        "sc_correction": sc_correction, "boundary": boundary, "dx": dx, "rtol": rtol, "save_every": save_every,
    }  # fmt: skip
    with rich_progress("psc run (snapshots)", enabled=not quiet) as cb:
        ds = simulate(
            j, length, delta, eta, interference=interference, boundary=boundary, t_end=t_end,
            sc_correction=sc_correction, dx=dx, rtol=rtol, save_every=save_every, progress=cb,
        )  # fmt: skip
    path = io.save(ds, out, parameters=parameters)
    table = Table(title=f"PSC run j = {j:g} j0, L = {length:g} ξ, δ = {delta:g}")
    table.add_column("quantity")
    table.add_column("value")
    a = ds.attrs
    table.add_row("mean voltage ⟨V⟩", f"{a['mean_voltage']:.6g} ħ/(2e t0)")
    table.add_row("period per slip", "—" if math.isnan(a["period"]) else f"{a['period']:.6g} t0")
    table.add_row(
        "⟨V⟩·period / 2π", "—" if math.isnan(a["period"]) else f"{a['mean_voltage'] * a['period'] / (2 * math.pi):.6f}"
    )
    table.add_row("phase slips", str(a["n_slips"]))
    table.add_row("transient end", f"{a['transient_end']:.4g} t0 (periodic: {bool(a['periodic'])})")
    table.add_row("steps accepted / rejected", f"{a['n_steps_accepted']} / {a['n_steps_rejected']}")
    console.print(table)
    console.print(_UNITS_NOTE)
    console.print(f"wrote {path}")


@psc_app.command("iv")
@handle_errors
def iv_cmd(
    j: Annotated[str, typer.Option("--j", help="Currents in j0: 'start:stop:num' or a comma list.")] = "0.3:2:64",
    length: Annotated[float, typer.Option("--length", help="Wire length L in ξ(T).")] = 10.0,
    delta: Annotated[float, typer.Option("--delta", help="δ = 2τ_εΔ0/ħ.")] = 10.0,
    eta: Annotated[float, typer.Option("--eta", help="(Tc − T)/Tc.")] = 0.1,
    direction: Annotated[str, typer.Option(help="up | down | both")] = "both",
    t_per_point: Annotated[float, typer.Option(help="Simulated time per current point in t0.")] = 200.0,
    interference: Annotated[str, typer.Option(help="exact | paper_approx | off")] = "exact",
    sc_correction: Annotated[str, typer.Option(help="as_printed | converted | off")] = "as_printed",
    boundary: Annotated[str, typer.Option(help="banks | normal_leads | pinned")] = "banks",
    dx: Annotated[float, typer.Option(help="Grid spacing in ξ.")] = 0.1,
    workers: Annotated[int | None, typer.Option(help="Parallel processes (1 = strictly sequential).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output .nc or .zarr.")] = Path("iv.nc"),
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """I–V curve by current continuation (up/down sweeps, hysteresis report)."""
    from neqsc import io
    from neqsc.progress import rich_progress
    from neqsc.tdgl import iv_curve
    from neqsc.units import parse_range

    currents = parse_range(j, "dimensionless", "--j")
    parameters = {
        "j": j, "length": length, "delta": delta, "eta": eta, "direction": direction, "t_per_point": t_per_point,
        "interference": interference, "sc_correction": sc_correction, "boundary": boundary, "dx": dx,
    }  # fmt: skip
    with rich_progress("psc iv (current points)", enabled=not quiet) as cb:
        ds = iv_curve(
            currents, length, delta, eta, interference, boundary, direction, t_per_point=t_per_point,
            workers=workers, progress=cb, sc_correction=sc_correction, dx=dx,
        )  # fmt: skip
    path = io.save(ds, out, parameters=parameters)
    table = Table(title="I–V hysteresis report (j0 units)")
    table.add_column("quantity")
    table.add_column("value")
    for key in ("j_switch_up", "j_retrap_down", "hysteresis_width", "hysteretic", "j_fold_static", "n_undecided"):
        if key in ds.attrs:
            table.add_row(key, f"{ds.attrs[key]:.4g}")
    console.print(table)
    console.print(_UNITS_NOTE)
    console.print(f"wrote {path}")
