"""``neqsc photonic ...``: photon-mediated heat current between two reservoirs (PNG + netCDF output).

Examples::

    neqsc photonic heat --circuit series-film --r-film 200ohm --r-series 5ohm --r-drain 5ohm --tc 1.2K \
        --ts 0.8K:1.3K:101 --td 20mK --ndtc
    neqsc photonic heat --circuit dey2023 --r 36 --ts 50mK:600mK:200 --td 30mK
    neqsc photonic heat --circuit nis --area-ratio 2 --ts 300mK --td 20mK:300mK:100 --ndtc
    neqsc photonic heat --circuit resistors --r-hot 10ohm --r-cold 50ohm --ts 0.1K:0.5K:50 --td 0.05K:0.5K:50
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from neqsc.cli._common import console, handle_errors
from neqsc.cli._groups import photonic_app

#: presets by topology, then the papers' set-ups as named examples (``dey``/``pioldi``: older aliases)
_CIRCUITS = ("series-film", "nis", "resistors", "dey2023", "pioldi2025")
_ALIASES = {"dey": "dey2023", "pioldi": "pioldi2025"}
#: options that only one family of circuits reads; giving one to another circuit is refused (not silently ignored)
_OWN_OPTIONS = {
    "series-film": {"r_film", "r_series", "r_drain"},
    "dey2023": {"r", "rd"},
    "nis": {"dynes", "rho_n", "c_s", "area_ratio", "topology"},
    "pioldi2025": {"dynes", "rho_n", "c_s", "area_ratio", "topology"},
    "resistors": {"r_hot", "r_cold"},
}


def _refuse_foreign_options(circuit: str, values: dict, defaults: dict) -> None:
    """Raise when an option changed from its default belongs to another circuit than ``circuit``."""
    from neqsc.errors import InvalidParameter

    name = _ALIASES.get(circuit, circuit)
    foreign = set().union(*_OWN_OPTIONS.values()) - _OWN_OPTIONS.get(name, set())
    for key in sorted(foreign):
        if key in values and values[key] != defaults.get(key):
            users = sorted(c for c, opts in _OWN_OPTIONS.items() if key in opts)
            flag = "--" + key.replace("_", "-")
            raise InvalidParameter(flag, values[key], f"only with --circuit {' | '.join(users)}")


def _circuit(name, opts):
    """(hot element, cold element, parameters) for a preset or example; ``opts`` holds the raw CLI strings."""
    from neqsc import bcs, validation
    from neqsc.photonic import Resistor
    from neqsc.photonic.devices import DeyCircuit, NISCircuit, PioldiCircuit, SeriesFilmCircuit
    from neqsc.units import parse_quantity

    name = _ALIASES.get(name, name)
    validation.one_of("--circuit", name, _CIRCUITS)

    def q(key, unit, flag):
        return parse_quantity(opts[key], unit, flag)

    if name in ("series-film", "dey2023"):
        if name == "dey2023":  # the paper's example: tanh gap unless overridden
            dey = DeyCircuit(r=opts["r"], R_D=q("rd", "ohm", "--rd"), Tc=q("tc", "K", "--tc") if opts["tc"] else 0.4)
            dev = dataclasses.replace(dey.as_series_film(), gap_model=opts["gap_model"] or dey.gap_model)
        else:
            dev = SeriesFilmCircuit(
                R_film=q("r_film", "ohm", "--r-film"),
                Tc=q("tc", "K", "--tc") if opts["tc"] else SeriesFilmCircuit.Tc,
                R_series=q("r_series", "ohm", "--r-series"),
                R_drain=q("r_drain", "ohm", "--r-drain"),
                gap_model=opts["gap_model"] or bcs.DEFAULT_GAP_MODEL,
            )
        return dev.source(), dev.drain(), {"circuit": name, **dataclasses.asdict(dev)}
    if name in ("nis", "pioldi2025"):
        cls = NISCircuit if name == "nis" else PioldiCircuit
        p = cls(
            Tc=q("tc", "K", "--tc") if opts["tc"] else cls.Tc,
            dynes=opts["dynes"],
            rho_N=q("rho_n", "ohm m^2", "--rho-n"),
            c_s=q("c_s", "F/m^2", "--c-s"),
            area_ratio=opts["area_ratio"],
            topology=opts["topology"],
            gap_model=opts["gap_model"] or cls.gap_model,
        )
        return p.reservoir("L"), p.reservoir("R"), {"circuit": name, **dataclasses.asdict(p)}
    rh, rc = q("r_hot", "ohm", "--r-hot"), q("r_cold", "ohm", "--r-cold")
    return Resistor(rh), Resistor(rc), {"circuit": "resistors", "R_hot": rh, "R_cold": rc}


@photonic_app.command("heat")
@handle_errors
def heat(
    ts: Annotated[str, typer.Option("--ts", help="Hot-side temperature(s): '300mK' or '50mK:600mK:200' or list.")],
    td: Annotated[str, typer.Option("--td", help="Cold-side temperature(s), same syntax.")] = "30mK",
    circuit: Annotated[
        str, typer.Option(help="Preset series-film | nis | resistors, or example dey2023 | pioldi2025.")
    ] = "series-film",
    r_film: Annotated[str, typer.Option("--r-film", help="[series-film] film normal resistance.")] = "102.852 ohm",
    r_series: Annotated[str, typer.Option("--r-series", help="[series-film] resistor in series.")] = "2.857 ohm",
    r_drain: Annotated[str, typer.Option("--r-drain", help="[series-film] drain resistance.")] = "2.857 ohm",
    r: Annotated[float, typer.Option("--r", help="[dey2023] R_0/R_D.")] = 36.0,
    rd: Annotated[str, typer.Option("--rd", help="[dey2023] drain resistance R_D.")] = "2.857 ohm",
    tc: Annotated[
        str | None, typer.Option("--tc", help="Critical temperature (series-film, dey2023 0.4 K; nis 1.2 K).")
    ] = None,
    gap_model: Annotated[
        str | None, typer.Option(help="bcs | tanh (default bcs; the dey2023 example uses the paper's tanh).")
    ] = None,
    dynes: Annotated[float, typer.Option(help="[nis] Dynes γ = Γ/Δ.")] = 1e-4,
    rho_n: Annotated[str, typer.Option("--rho-n", help="[nis] specific tunnel resistance.")] = "1 kohm*um^2",
    c_s: Annotated[str, typer.Option("--c-s", help="[nis] specific capacitance.")] = "50 fF/um^2",
    area_ratio: Annotated[float, typer.Option(help="[nis] A_R/A_L.")] = 1.0,
    topology: Annotated[str, typer.Option(help="[nis] series | parallel | single.")] = "series",
    r_hot: Annotated[str, typer.Option("--r-hot", help="[resistors] hot resistance.")] = "1 ohm",
    r_cold: Annotated[str, typer.Option("--r-cold", help="[resistors] cold resistance.")] = "1 ohm",
    derivatives: Annotated[bool, typer.Option(help="Also compute ∂Q/∂T_hot and ∂Q/∂T_cold.")] = True,
    ndtc: Annotated[bool, typer.Option("--ndtc", help="Print intervals of negative differential conductance.")] = False,
    out: Annotated[Path, typer.Option("--out", help="Output path stem (.nc and .png are added).")] = Path(
        "photonic_heat"
    ),
) -> None:
    """Photonic heat current Q(T_hot, T_cold) for a preset circuit or a paper example; writes netCDF + PNG."""
    import inspect

    import numpy as np

    from neqsc import io, validation
    from neqsc.photonic import ndtc_windows
    from neqsc.photonic.results import heat_map
    from neqsc.plotting.photonic import plot_heat_map
    from neqsc.progress import rich_progress
    from neqsc.units import parse_range

    defaults = {k: p.default for k, p in inspect.signature(heat).parameters.items()}
    opts = dict(r_film=r_film, r_series=r_series, r_drain=r_drain, r=r, rd=rd, tc=tc, gap_model=gap_model)
    opts.update(dynes=dynes, rho_n=rho_n, c_s=c_s, area_ratio=area_ratio, topology=topology)
    opts.update(r_hot=r_hot, r_cold=r_cold)
    _refuse_foreign_options(circuit, opts, defaults)
    th = np.atleast_1d(validation.positive("--ts", parse_range(ts, "K", "--ts"), "K"))
    tcold = np.atleast_1d(validation.positive("--td", parse_range(td, "K", "--td"), "K"))
    z_hot, z_cold, params = _circuit(circuit, opts)
    with rich_progress("photonic heat map") as progress:
        progress(0, 1)
        ds = heat_map(z_hot, z_cold, th, tcold, derivatives=derivatives or ndtc, parameters={"circuit": circuit})
        progress(1, 1)
    params.update({"ts": ts, "td": td})
    nc = io.save(ds, Path(out).with_suffix(".nc"), parameters=params)
    pngs = plot_heat_map(ds, Path(out).with_suffix(".png"))
    table = Table(title=f"photonic heat current ({circuit})")
    for col in ("quantity", "value"):
        table.add_column(col)
    q = ds.Q.values
    i, j = np.unravel_index(np.argmax(q), q.shape)
    table.add_row("grid", f"{th.size} × {tcold.size}")
    table.add_row("max Q", f"{q[i, j]:.4g} W at T_hot = {th[i] * 1e3:.4g} mK, T_cold = {tcold[j] * 1e3:.4g} mK")
    if ndtc:
        if th.size > 1 and tcold.size == 1:
            win = ndtc_windows(z_hot, z_cold, th, float(tcold[0]), "hot")
            label = "NDTC in T_hot (∂Q/∂T_hot < 0)"
        elif tcold.size > 1 and th.size == 1:
            win = ndtc_windows(z_hot, z_cold, float(th[0]), tcold, "cold")
            label = "NDTC in T_cold (∂Q/∂T_cold > 0)"
        else:
            win, label = [], "NDTC windows need one swept and one fixed temperature"
        table.add_row(label, ", ".join(f"{a * 1e3:.6g}–{b * 1e3:.6g} mK" for a, b in win) or "none")
    console.print(table)
    console.print("wrote: " + ", ".join(str(p) for p in [nc, *pngs]), markup=False)


@photonic_app.command("rt")
@handle_errors
def tunnel_resistance(
    t: Annotated[str, typer.Option("--t", help="Temperatures, e.g. '20mK:1.2K:200'.")] = "20mK:1.2K:200",
    tc: Annotated[str, typer.Option("--tc", help="Critical temperature.")] = "1.2 K",
    dynes: Annotated[str, typer.Option(help="Dynes γ values, comma separated.")] = "1e-4,1e-3",
    gap_model: Annotated[str, typer.Option(help="bcs | tanh.")] = "bcs",
    out: Annotated[Path, typer.Option("--out", help="Output path stem.")] = Path("photonic_rt"),
) -> None:
    """Zero-bias NIS tunnel resistance R_T(T)/R_N for several Dynes parameters; writes netCDF + PNG."""
    from neqsc import io, validation
    from neqsc.plotting.photonic import plot_pioldi_fig1
    from neqsc.reproduce.photonic import pioldi_fig1_dataset
    from neqsc.units import parse_quantity, parse_range

    validation.one_of("--gap-model", gap_model, ("bcs", "tanh"))
    T = parse_range(t, "K", "--t")
    gammas = [float(parse_quantity(g, "dimensionless", "--dynes")) for g in dynes.split(",")]
    ds = pioldi_fig1_dataset(gammas, T, parse_quantity(tc, "K", "--tc"))
    if gap_model == "tanh":
        ds["RT_over_RN"] = ds["RT_over_RN_tanh"]
    nc = io.save(ds, Path(out).with_suffix(".nc"), parameters={"t": t, "tc": tc, "dynes": dynes})
    png = plot_pioldi_fig1(ds, Path(out).with_suffix(".png"))
    console.print(f"wrote: {nc}, {png}", markup=False)


@photonic_app.command("network")
@handle_errors
def network(
    netlist: Annotated[Path, typer.Argument(help="TOML netlist with [[reservoir]] and [[line]] tables.")],
    out: Annotated[Path | None, typer.Option("--out", help="Output path stem (default: next to NETLIST).")] = None,
) -> None:
    """Pairwise photonic heat currents of an N-terminal network; writes netCDF + PNG."""
    import tomllib

    from neqsc import io
    from neqsc.errors import InvalidParameter
    from neqsc.photonic.netlist import network_from_spec
    from neqsc.photonic.results import network_heat_flows
    from neqsc.plotting.photonic import plot_network

    try:
        spec = tomllib.loads(Path(netlist).read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidParameter("NETLIST", str(netlist), "a readable TOML file", hint=str(exc)) from None
    net, temps = network_from_spec(spec)
    ds = network_heat_flows(net, temps)
    stem = Path(out) if out is not None else Path(netlist).with_suffix("")
    nc = io.save(ds, stem.with_suffix(".nc"), parameters=spec)
    png = plot_network(ds, stem.with_suffix(".png"))
    table = Table(title="photonic network: heat current source → sink (W)")
    table.add_column("source \\ sink")
    for name in net.names:
        table.add_column(name)
    table.add_column("absorbed P (W)")
    for i, name in enumerate(net.names):
        row = [f"{v:.4g}" for v in ds.Q.values[i]]
        table.add_row(f"{name} ({temps[i] * 1e3:.4g} mK)", *row, f"{ds.P.values[i]:.4g}")
    console.print(table)
    console.print(f"Σ P = {ds.P.values.sum():.3g} W (energy conservation); wrote: {nc}, {png}", markup=False)


def _strip_option(text: str | None, flag: str) -> dict | bool | None:
    """'material=Al,thickness=50nm,resistance=200ohm' → dict of Strip fields; 'none' → False (no strip)."""
    from neqsc.errors import InvalidParameter

    if text is None:
        return None
    if text.strip().lower() == "none":
        return False
    out: dict = {}
    items = [x.strip() for x in text.split(",")]
    if not any(items):  # an empty list silently meant "the defaults"
        raise InvalidParameter(flag, text, "comma-separated key=value pairs, e.g. 'material=Al,Tc=1.2K', or 'none'")
    for item in filter(None, items):
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidParameter(flag, text, "comma-separated key=value pairs, e.g. 'material=Al,Tc=1.2K'")
        out[key.strip()] = float(value) if key.strip() == "eph_exponent" else value.strip()
    return out


@photonic_app.command("design")
@handle_errors
def design_command(
    device: Annotated[
        Path | None, typer.Argument(help="Optional TOML with [film], [series], [drain], [design] tables.")
    ] = None,
    film: Annotated[
        str | None,
        typer.Option(help="Film fields over the default (Ti 6um×700nm×25nm), e.g. 'material=Al,resistance=200ohm'."),
    ] = None,
    series: Annotated[
        str | None, typer.Option(help="Series strip fields over the default (Cu 2um×700nm×30nm), or 'none'.")
    ] = None,
    drain: Annotated[str | None, typer.Option(help="Drain strip fields over the default (Cu 2um×700nm×30nm).")] = None,
    t_bath: Annotated[str | None, typer.Option("--t-bath", help="Phonon temperature (default 30 mK).")] = None,
    gap_model: Annotated[str | None, typer.Option(help="bcs (default) | tanh.")] = None,
    points: Annotated[int | None, typer.Option(help="Points of the balance curve (default 200).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output path stem (.nc and .png are added).")] = Path(
        "photonic_design"
    ),
) -> None:
    """Design a source(series strip + superconducting film)/drain photonic NDTC device: NDTC window, heater-power
    range, T_S and T_D vs P_in, drain cooling ΔT_D and responsivity; writes netCDF + PNG and prints a pW/mK table.

    Every option overrides the TOML, which overrides the defaults (materials table + Dey et al. geometry)."""
    import tomllib

    from neqsc import io
    from neqsc.errors import InvalidParameter
    from neqsc.photonic.ndtc_design import design_from_toml, design_summary
    from neqsc.plotting.photonic import plot_design

    spec: dict = {}
    if device is not None:
        try:
            spec = tomllib.loads(Path(device).read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InvalidParameter("DEVICE", str(device), "a readable TOML file", hint=str(exc)) from None
    for key, text, flag in (("film", film, "--film"), ("series", series, "--series"), ("drain", drain, "--drain")):
        parsed = _strip_option(text, flag)
        if parsed is False:
            spec[key] = False
        elif parsed:
            base = spec.get(key)
            spec[key] = {**(base if isinstance(base, dict) else {}), **parsed}
    options = dict(spec.get("design", {}))
    for key, value in (("T_bath", t_bath), ("gap_model", gap_model), ("n_points", points)):
        if value is not None:
            options[key] = value
    spec["design"] = options
    ds = design_from_toml(spec)
    nc = io.save(ds, Path(out).with_suffix(".nc"), parameters=spec)
    png = plot_design(ds, Path(out).with_suffix(".png"))
    table = Table(title="photonic NDTC design (series-film)")
    table.add_column("quantity")
    table.add_column("value")
    for k, v in design_summary(ds).items():
        table.add_row(k, v)
    console.print(table)
    console.print(f"wrote: {nc}, {png}", markup=False)
