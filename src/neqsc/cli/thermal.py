"""``neqsc thermal solve device.toml``: steady state or swept heat balance of a TOML-described device."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from neqsc.cli._common import console, handle_errors
from neqsc.cli._groups import thermal_app


@thermal_app.command("solve")
@handle_errors
def solve(
    device: Annotated[Path, typer.Argument(help="TOML device description (see examples/thermal_dey2023.toml).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder for the netCDF and PNG files.")] = Path(
        "neqsc-thermal"
    ),
) -> None:
    """Solve the heat balance of DEVICE (nodes, materials, volumes, links, powers, optional sweep); write .nc + .png."""
    from neqsc.io import output_name, save
    from neqsc.plotting import plot_dataset
    from neqsc.progress import rich_progress
    from neqsc.thermal.device import load_device, solve_device

    dev = load_device(device)
    stem = output_name(out, dev.name, "[device] name")  # before computing: a bad name fails at once
    out.mkdir(parents=True, exist_ok=True)
    if dev.sweep_parameter is None:
        ds = solve_device(dev)
    else:
        with rich_progress(f"sweeping {dev.sweep_parameter}") as progress:
            ds = solve_device(dev, progress=progress)
    nc = save(ds, stem.with_suffix(".nc"), parameters=dev.description)
    pngs = plot_dataset(ds, stem)
    table = Table(title=f"{dev.name}: heat balance")
    table.add_column("quantity")
    table.add_column("value")
    if dev.sweep_parameter is None:
        for n in ds.node.values:
            table.add_row(f"T_{n}", f"{float(ds['T'].sel(node=n)) * 1e3:.4f} mK")
        table.add_row("max relative residual", f"{float(ds.relative_residual.max()):.2e}")
        table.add_row("stable", str(ds.attrs["stable"]))
    else:
        coord = ds.attrs["sweep_coordinate"]
        table.add_row("points", str(ds.sizes[coord]))
        for n in ds.node.values:
            t = ds[f"T_{n}"]
            table.add_row(f"T_{n} range", f"{float(t.min()) * 1e3:.3f} – {float(t.max()) * 1e3:.3f} mK")
            resp = ds[f"dT_{n}_d{coord}"]
            negative = ds[coord].values[resp.values < 0]
            if negative.size:
                unit = ds[coord].attrs.get("units", "")
                table.add_row(f"dT_{n}/d{coord} < 0", f"{negative.min():.4g} – {negative.max():.4g} {unit}")
        table.add_row("folds", str(ds.attrs["n_folds"]))
        table.add_row("multistable ranges", str(ds.attrs["multistable_ranges"]) if ds.attrs["multistable"] else "none")
        table.add_row("max relative residual", f"{float(ds.relative_residual.max()):.2e}")
    console.print(table)
    console.print("wrote: " + ", ".join(str(p) for p in [nc, *pngs]), markup=False)
