"""Core CLI commands: version, info, materials, demo, reproduce, plot."""

from __future__ import annotations

import platform
import time
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

import neqsc
from neqsc.cli._common import console, handle_errors

app = typer.Typer(
    name="neqsc",
    help="neqsc — simulate nonequilibrium superconducting devices.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        console.print(f"neqsc {neqsc.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """neqsc — simulate nonequilibrium superconducting devices."""


@app.command()
def info() -> None:
    """Print versions of neqsc and its main dependencies, and CPU/GPU facts."""
    import numba
    import numpy
    import scipy
    import xarray

    from neqsc.io import git_commit

    table = Table(title="neqsc info")
    table.add_column("item")
    table.add_column("value")
    table.add_row("neqsc", neqsc.__version__)
    table.add_row("git commit", git_commit() or "-")
    table.add_row("python", platform.python_version())
    for mod in (numpy, scipy, xarray, numba):
        table.add_row(mod.__name__, mod.__version__)
    import os

    table.add_row("cpu", f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical cores")
    try:
        from numba import cuda

        gpu = "CUDA available" if cuda.is_available() else "none"
    except Exception:
        gpu = "none"
    table.add_row("gpu", gpu)
    console.print(table)


@app.command()
@handle_errors
def materials(
    name: Annotated[str | None, typer.Argument(help="Material name (omit to list all).")] = None,
) -> None:
    """Print the materials table, or one material's values with their sources."""
    from neqsc import materials as mats
    from neqsc.constants import eV

    if name is None:
        rows = [mats.get(key) for key in mats.names()]
        electronic = Table(title="neqsc materials: electrons (SI units)", box=box.SIMPLE_HEAD, pad_edge=False)
        for col in ("name", "Tc K", "Δ0 µeV", "ρ Ωm", "D m²/s", "N0 J⁻¹m⁻³", "Σ W/m³Kⁿ", "n", "τ0 s"):
            electronic.add_column(col, no_wrap=True, min_width=len(col))
        for m in rows:
            if m.kind == "insulator":
                continue
            gap = None if m.gap0 is None else m.gap0 / eV * 1e6
            electronic.add_row(
                m.name,
                *(_fmt(v, 3) for v in (m.Tc, gap, m.resistivity, m.diffusion, m.dos, m.sigma_eph)),
                _fmt(m.eph_exponent),
                _fmt(m.tau0, 3),
            )
        lattice = Table(title="lattice and Fermi surface", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
        for col in ("name", "k", "ρm kg/m³", "c_L m/s", "c_T m/s", "θ_D K", "λ", "ε_F eV", "v_F m/s"):
            lattice.add_column(col, no_wrap=True, min_width=4 if col == "λ" else None)
        for m in rows:
            eps_F = None if m.eps_F is None else m.eps_F / eV
            lattice.add_row(
                m.name,
                {"superconductor": "S", "normal": "N", "insulator": "I"}.get(m.kind, m.kind),
                *(_fmt(v) for v in (m.density, m.c_l, m.c_t, m.theta_D, m.lam, eps_F, m.fermi_velocity)),
            )
        console.print(electronic)
        console.print(lattice)
        console.print("k: S superconductor, N normal, I insulator. N0: single-spin density of states.")
        console.print("Sources and descriptions: neqsc materials NAME")
        return
    m = mats.get(name)
    table = Table(title=f"{m.name} ({m.kind}) {m.description}", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("field", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("unit", no_wrap=True)
    table.add_column("meaning and source", ratio=1)
    for field, (unit, desc) in mats.FIELDS.items():
        value = getattr(m, field)
        if value is not None:
            table.add_row(field, _fmt(value), unit, f"{desc}: {m.sources.get(field, '')}")
    console.print(table)


def _fmt(value: float | None, digits: int = 4) -> str:
    """Compact number: 3 or 4 significant digits, exponent without '+' and leading zeros (1.08e47, 6e-3)."""
    if value is None:
        return "-"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


@app.command()
@handle_errors
def demo(
    out: Annotated[Path, typer.Option("--out", help="Output folder for figures and data.")] = Path("neqsc-demo"),
) -> None:
    """Run a quick version of every implemented area on built-in defaults; write PNG + netCDF into OUT."""
    from neqsc.demos import sections
    from neqsc.io import check_output_folder

    check_output_folder(out).mkdir(parents=True, exist_ok=True)
    table = Table(title="neqsc demo")
    for col in ("area", "quantity", "value", "note"):
        table.add_column(col)
    written = []
    for section in sections():
        start = time.perf_counter()
        console.print(f"[bold]{section.title}[/bold] ...")
        result = section.func(out)
        elapsed = time.perf_counter() - start
        for quantity, value, note in result.rows:
            table.add_row(section.name, quantity, value, note)
        table.add_row(section.name, "wall time", f"{elapsed:.1f} s", "")
        written.extend(result.files)
    console.print(table)
    console.print(f"wrote {len(written)} files to {out}/: " + ", ".join(p.name for p in written), markup=False)


@app.command()
@handle_errors
def reproduce(
    name: Annotated[str | None, typer.Argument(help="Recipe name, e.g. dey2023-fig2.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("neqsc-reproduce"),
    list_: Annotated[bool, typer.Option("--list", help="List the available recipes.")] = False,
) -> None:
    """Reproduce a published figure (PNG + netCDF) and print its key numbers."""
    from neqsc import reproduce as registry

    if list_ or name is None:
        table = Table(title="reproducible figures")
        table.add_column("name")
        table.add_column("description")
        for key, rec in registry.available().items():
            table.add_row(key, rec.description)
        console.print(table)
        return
    from neqsc.io import check_output_folder

    if name in registry.available():
        check_output_folder(out / name)
    result = registry.run(name, out / name)
    table = Table(title=name)
    table.add_column("quantity")
    table.add_column("value")
    for key, value in result.numbers.items():
        table.add_row(key, f"{value:.6g}" if isinstance(value, float) else str(value))
    console.print(table)
    console.print("wrote: " + ", ".join(str(p) for p in result.files), markup=False)


@app.command()
@handle_errors
def plot(
    file: Annotated[Path, typer.Argument(help="A netCDF (.nc) or Zarr (.zarr) result written by neqsc.")],
    out: Annotated[Path | None, typer.Option("--out", help="PNG path stem (default: next to FILE).")] = None,
) -> None:
    """Plot a saved result as PNG."""
    from neqsc.io import load
    from neqsc.plotting import plot_dataset

    ds = load(file)
    paths = plot_dataset(ds, out or file.with_suffix(""))
    console.print("wrote: " + ", ".join(str(p) for p in paths), markup=False)
