"""CLI for :mod:`neqsc.phonons`: ``neqsc psc spectrum FILE`` and ``neqsc cooler run|map``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from neqsc.cli._common import console, err_console, handle_errors, parse_pairs
from neqsc.cli._groups import cooler_app, psc_app


def _opt_gamma(text: str | None) -> float | None:
    from neqsc.units import parse_quantity

    return None if text is None else parse_quantity(text, "dimensionless", "--gamma")


def _load_run(path: Path):
    from neqsc.io import load

    return load(path)


@psc_app.command("spectrum")
@handle_errors
def spectrum(
    file: Annotated[Path, typer.Argument(help="TDGL run (.nc/.zarr) written by `neqsc psc run` or neqsc.tdgl.")],
    material: Annotated[
        str | None, typer.Option(help="Filament material (materials table); default: the run's Wire, else Al.")
    ] = None,
    gamma: Annotated[str | None, typer.Option(help="Dynes γ in k_BT units (default Δ0/δ of the run).")] = None,
    form: Annotated[str, typer.Option(help="η₁ form: as_printed | corrected | full_linearized.")] = "corrected",
    method: Annotated[str, typer.Option(help="conservative | instantaneous.")] = "conservative",
    omega_max: Annotated[float, typer.Option(help="Largest ħω/k_BT.")] = 8.0,
    n_omega: Annotated[int, typer.Option(help="Number of ω points.")] = 200,
    cross_section: Annotated[
        str | None,
        typer.Option(
            help="Wire cross-section, e.g. '2000 nm^2'; default: the run's Wire (width × thickness), else 1e-16 m^2."
        ),
    ] = None,
    at: Annotated[str | None, typer.Option(help="Also save spectra at these times (t0), e.g. '100,102.5'.")] = None,
    out: Annotated[Path | None, typer.Option(help="Output .nc (default FILE stem + _spectra.nc).")] = None,
) -> None:
    """Phonon-flux spectra dW(ω, t) of a PSC (paper Eq. 12) with emitted/absorbed power; writes .nc and .png."""
    import numpy as np

    from neqsc import io
    from neqsc.limits import check_points
    from neqsc.phonons.flux import phonon_spectra
    from neqsc.plotting.phonons import plot_spectra
    from neqsc.units import parse_quantity

    run = _load_run(file)
    omega = np.linspace(0.0, omega_max, check_points("--n-omega", n_omega, n_omega, 64.0 * run.sizes.get("t", 1)))
    area = None if cross_section is None else parse_quantity(cross_section, "m^2", "--cross-section")
    ds = phonon_spectra(
        run, material, omega=omega, gamma=_opt_gamma(gamma), form=form, method=method, cross_section=area
    )
    out = out or file.with_name(file.stem + "_spectra.nc")
    params = {"file": str(file), "material": ds.attrs["material"], "gamma": gamma, "form": form, "method": method,
              "omega_max": omega_max, "n_omega": n_omega, "cross_section_m2": ds.attrs["cross_section"],
              "device_source": ds.attrs["device_source"]}  # fmt: skip
    nc = io.save(ds, out, parameters=params)
    pngs = plot_spectra(ds, out.with_suffix(""))
    if at is not None:
        from neqsc.phonons.flux import spectrum_at
        from neqsc.units import parse_range

        moments = spectrum_at(ds, parse_range(at, "dimensionless", "--at"))
        console.print(
            f"wrote: {io.save(moments, out.with_name(out.stem + '_moments.nc'), parameters=params)}",
            markup=False,
        )
    table = Table(title=f"PSC phonon spectra ({form}, {method})")
    table.add_column("quantity")
    table.add_column("value")
    for key, label in (
        ("mean_power_emitted", "period-mean emitted power (W)"),
        ("mean_power_absorbed", "period-mean absorbed power (W)"),
        ("mean_power_net", "period-mean net power (W)"),
        ("cycle_residual", "cycle residual max|⟨F⟩|/max⟨|F|⟩"),
    ):
        table.add_row(label, f"{ds[key].item():.4g}")
    table.add_row("periods averaged", str(ds.attrs["n_periods"]))
    table.add_row("γ (k_BT)", f"{ds.attrs['gamma_over_kT']:.4g}")
    console.print(table)
    console.print(f"wrote: {nc}, " + ", ".join(str(p) for p in pngs), markup=False)


def _run_source(tdgl_file: Path | None, synthetic: bool, j: float, length: float, delta: float, t_end: float, eta):
    if tdgl_file is not None:
        return _load_run(tdgl_file), str(tdgl_file)
    if synthetic:
        from neqsc.phonons.synthetic import synthetic_psc_run

        return synthetic_psc_run(j=j, length=length, delta=delta, eta=eta), "synthetic"
    from neqsc.phonons.pipeline import simulate_psc_run

    return simulate_psc_run(j, length, delta, eta=eta, t_end=t_end), "neqsc.tdgl.simulate"


_TDGL = typer.Option("--tdgl", help="Use this TDGL run file instead of simulating.")
_TRANSMISSION = typer.Option(
    help="Plate coupling: diode (frequency-independent AMM diode, p and a1) or the frequency-resolved "
    "amm (mode conversion), amm-nomc (no mode conversion), dmm."
)
_CUTOFF = typer.Option(
    help="Plate low-pass filter cut-off frequency f_c (ω_c = 2πf_c), e.g. '50 GHz'; a list for map; "
    "'none' for no filter (frequency-resolved transmissions only)."
)
_ORDER = typer.Option(help="Order n of the low-pass 1/(1 + (ω/ω_c)^2n); 'step' for an ideal step.")


def _plate_filter(cutoff: str | None, order: str):
    """LowPassFilter from the CLI strings (None: no filter)."""
    from neqsc.phonons.transmission import LowPassFilter
    from neqsc.units import parse_quantity
    from neqsc.validation import positive

    n = (
        math.inf
        if order.strip().lower() == "step"
        else positive("--filter-order", parse_quantity(order, "dimensionless", "--filter-order"))
    )
    if cutoff is None or cutoff.strip().lower() == "none":
        return None
    return LowPassFilter(2 * math.pi * parse_quantity(cutoff, "Hz", "--filter-cutoff"), n)


_SYN = typer.Option("--synthetic", help="Use the synthetic periodic PSC history (no TDGL).")


@cooler_app.command("run")
@handle_errors
def cooler_run(
    tdgl_file: Annotated[Path | None, _TDGL] = None,
    synthetic: Annotated[bool, _SYN] = False,
    j: Annotated[float, typer.Option(help="Bias current density in j0 (when simulating).")] = 0.45,
    length: Annotated[float, typer.Option(help="Wire length in ξ (when simulating).")] = 10.0,
    delta: Annotated[float, typer.Option(help="δ = 2τ_εΔ0/ħ (when simulating).")] = 10.0,
    t_end: Annotated[float, typer.Option(help="Simulated time in t0.")] = 900.0,
    t_target: Annotated[str | None, typer.Option(help="Plate temperature for Eq. 15 (default 0.9 T_b).")] = None,
    material: Annotated[str | None, typer.Option(help="Filament material (default: the run's Wire, else Al).")] = None,
    plate: Annotated[str, typer.Option(help="Top plate (cooled) material.")] = "PMMA",
    substrate: Annotated[str, typer.Option(help="Substrate (bath) material.")] = "sapphire",
    p: Annotated[str, typer.Option(help="Diode efficiency in [0, 1], or 'amm'.")] = "amm",
    a1: Annotated[str, typer.Option(help="Joule fraction to the plate in [0, 1], or 'amm'.")] = "amm",
    t_b: Annotated[
        str | None, typer.Option("--t-b", help="Bath temperature (default: the run's Wire T, else 0.9 Tc).")
    ] = None,
    k_leak: Annotated[str, typer.Option(help="Filament thermal conductivity.")] = "1 W/m/K",
    area: Annotated[
        str | None, typer.Option(help="Contact area S of Eq. 14 (default: Wire length × width, else 1e-14 m^2).")
    ] = None,
    thickness: Annotated[
        str | None, typer.Option(help="Filament thickness d of Eq. 14 (default: the Wire's, else 10 nm).")
    ] = None,
    cross_section: Annotated[
        str | None, typer.Option(help="Wire cross-section (phonon volume; default: the Wire's, else 1e-16 m^2).")
    ] = None,
    n_filaments: Annotated[int, typer.Option(help="Identical filaments in series.")] = 1,
    g_parasitic: Annotated[str, typer.Option(help="Fixed parasitic conductance to the bath.")] = "0 W/K",
    p_load: Annotated[str, typer.Option(help="Heat load on the plate.")] = "0 W",
    form: Annotated[str, typer.Option(help="η₁ form.")] = "corrected",
    kinetics: Annotated[str, typer.Option(help="adiabatic (Eq. 11) | relaxation (non-adiabatic).")] = "adiabatic",
    rate: Annotated[str, typer.Option(help="Relaxation rate: run | material | independent.")] = "run",
    transmission: Annotated[str, _TRANSMISSION] = "diode",
    filter_cutoff: Annotated[str | None, _CUTOFF] = None,
    filter_order: Annotated[str, _ORDER] = "step",
    out: Annotated[Path, typer.Option(help="Output .nc")] = Path("cooler.nc"),
) -> None:
    """PSC cryocooler: κ, cooling power, Eq. 15 and steady T_cold from a TDGL run; prints the energy bookkeeping."""
    from neqsc import io
    from neqsc.phonons.params import PhononMaterial
    from neqsc.phonons.pipeline import cooler_from_run
    from neqsc.phonons.tdgl_input import wire_attrs
    from neqsc.units import parse_quantity
    from neqsc.validation import in_range

    run, source = _run_source(tdgl_file, synthetic, j, length, delta, t_end, 0.1)
    kw = {
        "p": None if p == "amm" else in_range("p", parse_quantity(p, "dimensionless", "--p"), 0.0, 1.0),
        "a1": None if a1 == "amm" else in_range("a1", parse_quantity(a1, "dimensionless", "--a1"), 0.0, 1.0),
        "T_b": None if t_b is None else parse_quantity(t_b, "K", "--t-b"),
        "k_leak": parse_quantity(k_leak, "W/m/K", "--k-leak"),
        "cross_section": None if cross_section is None else parse_quantity(cross_section, "m^2", "--cross-section"),
        "G_parasitic": parse_quantity(g_parasitic, "W/K", "--g-parasitic"),
        "P_load": parse_quantity(p_load, "W", "--p-load"),
        "n_filaments": n_filaments,
        "T_target": None if t_target is None else parse_quantity(t_target, "K", "--t-target"),
    }
    # Eq. 14 geometry: given values, else the Wire's (cooler_from_run), else the reduced-run defaults
    wire_run = wire_attrs(run) is not None
    for key, text, unit, flag, fallback in (
        ("contact_area", area, "m^2", "--area", 1e-14),
        ("thickness", thickness, "m", "--thickness", 1e-8),
    ):
        if text is not None:
            kw[key] = parse_quantity(text, unit, flag)
        elif not wire_run:
            kw[key] = fallback
    res = cooler_from_run(
        run, material, plate=plate, substrate=substrate, form=form, kinetics=kinetics, rate=rate,
        transmission=transmission, plate_filter=_plate_filter(filter_cutoff, filter_order), **kw
    )  # fmt: skip
    res.attrs["tdgl_source"] = source
    material = res.attrs["material"]
    kw = {**kw, "cross_section": res.attrs["cross_section"], "T_b": res.attrs["T_b"]}
    kw = {k: v for k, v in kw.items() if v is not None}
    nc = io.save(res, out, parameters={**kw, "material": material, "plate": plate, "substrate": substrate,
                                       "form": form, "tdgl_source": source, "transmission": transmission,
                                       "filter_cutoff": filter_cutoff or "none", "filter_order": filter_order,
                                       "device_source": res.attrs["device_source"]})  # fmt: skip
    table = Table(title=f"PSC cooler: {material} between {plate} (plate) and {substrate} (substrate)")
    table.add_column("quantity")
    table.add_column("value")
    for key in res.data_vars:
        if res[key].ndim == 0:
            table.add_row(f"{key} [{res[key].attrs.get('units', '')}]", f"{res[key].item():.5g}")
    console.print(table)
    tc = float(run.attrs["Tc_K"]) if "Tc_K" in run.attrs else PhononMaterial.from_table(material).Tc
    t_cold = res["T_cold_K"].item()
    if t_cold > tc:  # a steady state above Tc is outside the model (no PSC, no gap): flag it
        err_console.print(f"warning: T_cold = {t_cold:.4g} K is above Tc = {tc:.4g} K of the {material} filament: "
                          "the load exceeds what the cooler model describes (unphysical)")  # fmt: skip
    if res["filament_above_Tc"].item():
        err_console.print(
            f"warning: T_filament = {res['T_filament_K'].item():.4g} K is above Tc = {tc:.4g} K: "
            "the filament's Joule heat through the Kapitza links destroys the PSC (outside the model)"
        )
    if not res.attrs["settled"]:
        console.print("[yellow]warning:[/yellow] the TDGL run is not periodic over the window (cycle residual "
                      f"{res['cycle_residual'].item():.2g}); increase --t-end")  # fmt: skip
    console.print(f"TDGL source: {source}; wrote {nc}", markup=False)


@cooler_app.command("map")
@handle_errors
def cooler_map_cmd(
    tdgl_file: Annotated[Path | None, _TDGL] = None,
    synthetic: Annotated[bool, _SYN] = False,
    j: Annotated[str, typer.Option(help="Bias currents in j0, e.g. '0.45,0.5' (when simulating).")] = "0.45",
    delta: Annotated[str, typer.Option(help="δ values, e.g. '5,10'.")] = "10",
    length: Annotated[float, typer.Option(help="Wire length in ξ (when simulating).")] = 10.0,
    t_b: Annotated[str | None, typer.Option("--t-b", help="Bath temperatures, e.g. '1.0K,1.05K'.")] = None,
    p: Annotated[str, typer.Option(help="Diode efficiencies 'start:stop:num'.")] = "0.5:1.0:6",
    stacks: Annotated[str, typer.Option(help="plate/substrate pairs, e.g. 'PMMA/sapphire,SiO2/Si'.")] = (
        "PMMA/sapphire"
    ),
    material: Annotated[str, typer.Option(help="Filament material(s), e.g. 'Al,Sn'.")] = "Al",
    a1: Annotated[str, typer.Option(help="Joule fraction to the plate, or 'amm'.")] = "amm",
    k_leak: Annotated[str, typer.Option(help="Filament thermal conductivity.")] = "1 W/m/K",
    t_end: Annotated[float, typer.Option(help="Simulated time in t0 per run.")] = 900.0,
    kinetics: Annotated[str, typer.Option(help="adiabatic (Eq. 11) | relaxation (non-adiabatic).")] = "adiabatic",
    transmission: Annotated[str, _TRANSMISSION] = "diode",
    filter_cutoff: Annotated[str | None, _CUTOFF] = None,
    filter_order: Annotated[str, _ORDER] = "step",
    wire_length: Annotated[str | None, typer.Option(help="SI wire: length, e.g. '4 um' (then --t-b is T).")] = None,
    wire_width: Annotated[str | None, typer.Option(help="SI wire: width, e.g. '100 nm'.")] = None,
    wire_thickness: Annotated[str | None, typer.Option(help="SI wire: thickness, e.g. '20 nm'.")] = None,
    out: Annotated[Path, typer.Option(help="Output .nc")] = Path("cooler_map.nc"),
) -> None:
    """Maps of κ and T_cold over (J, δ, T_b) × p × stacks (diode) or × filter cut-offs × stacks; writes .nc (.png)."""
    from neqsc import io
    from neqsc.phonons.cooler import cooler_map
    from neqsc.phonons.energy import electrical_power, energy_balance
    from neqsc.phonons.flux import phonon_spectra
    from neqsc.phonons.params import PhononMaterial
    from neqsc.plotting.phonons import plot_cooler_map
    from neqsc.units import parse_quantity, parse_range

    mats = [PhononMaterial.from_table(m.strip()) for m in material.split(",")]
    pairs = parse_pairs(stacks, "--stacks", "plate/substrate", "PMMA/sapphire,SiO2/Si")
    tbs = [None] if t_b is None else list(parse_range(t_b, "K", "--t-b"))
    geo = _wire_geometry(wire_length, wire_width, wire_thickness, t_b, tdgl_file, synthetic)
    from neqsc.validation import one_of

    one_of("transmission", transmission, ("diode", "amm", "amm-nomc", "dmm"))
    one_of("kinetics", kinetics, ("adiabatic", "relaxation"))
    _plate_filter(None, filter_order)
    if transmission != "diode":
        ds = _transmission_map(tdgl_file, synthetic, j, delta, length, tbs, mats, pairs, k_leak, t_end, kinetics,
                               transmission, filter_cutoff, filter_order, geo)  # fmt: skip
        params = {
            "j": j,
            "delta": delta,
            "t_b": t_b,
            "stacks": stacks,
            "material": material,
            "kinetics": kinetics,
            "transmission": transmission,
            "filter_cutoff": filter_cutoff or "none",
            "filter_order": filter_order,
        }
        nc = io.save(ds, out, parameters=params)
        console.print(ds[["kappa", "T_cold_minus_T_b", "plate_cooling_power", "ideal_filter_bound"]].to_dataframe()
                      .to_string())  # fmt: skip
        console.print(f"wrote {nc}")
        return
    if filter_cutoff is not None:
        from neqsc.errors import InvalidParameter

        raise InvalidParameter("--filter-cutoff", filter_cutoff, "no filter with --transmission diode")
    cases = []
    for jj, dd, mat, r, wire in _map_runs(tdgl_file, synthetic, j, delta, length, t_end, mats, tbs, geo):
        m = None if wire is not None else mat
        sp = phonon_spectra(r, m, kinetics=kinetics, wire=wire)
        bal = energy_balance(electrical_power(r, m, wire=wire), sp)
        cases.append({"F_emit": bal["phonon_emitted_W"], "F_abs": bal["phonon_absorbed_W"],
                      "joule": bal["joule_power_W"], "T_b": sp.attrs["T"], "filament": mat.name, "J": jj,
                      "delta": dd})  # fmt: skip
    kw = {"k_leak": parse_quantity(k_leak, "W/m/K", "--k-leak")}
    if geo is not None:
        kw |= {"contact_area": geo[0] * geo[1], "thickness": geo[2]}
    if a1 != "amm":
        kw["a1"] = parse_quantity(a1, "dimensionless", "--a1")
    ds = cooler_map(cases, parse_range(p, "dimensionless", "--p"), pairs, **kw)
    params = {"j": j, "delta": delta, "t_b": t_b, "p": p, "stacks": stacks, "a1": a1, "material": material}
    nc = io.save(ds, out, parameters=params)
    pngs = plot_cooler_map(ds, out.with_suffix(""))
    console.print(ds[["kappa", "T_cold"]].to_dataframe().to_string())
    console.print(f"wrote {nc}, " + ", ".join(str(x) for x in pngs), markup=False)


def _wire_geometry(wire_length, wire_width, wire_thickness, t_b, tdgl_file, synthetic):
    """(length, width, thickness) in m of an SI wire for ``cooler map``, or None; checks the companion options."""
    from neqsc.errors import InvalidParameter
    from neqsc.units import parse_quantity

    given = (wire_length, wire_width, wire_thickness)
    if all(v is None for v in given):
        return None
    geo = tuple(
        parse_quantity(v, "m", name) if v is not None else None
        for v, name in zip(given, ("--wire-length", "--wire-width", "--wire-thickness"), strict=True)
    )
    if any(v is None for v in geo):
        raise InvalidParameter("--wire-length/--wire-width/--wire-thickness", given, "all three for an SI wire")
    if t_b is None:
        raise InvalidParameter("--t-b", t_b, "the wire temperature(s) with an SI wire, e.g. '1.05K'")
    if tdgl_file is not None or synthetic:
        raise InvalidParameter("--wire-length", wire_length, "no SI wire with --tdgl or --synthetic")
    return geo


def _map_runs(tdgl_file, synthetic, j, delta, length, t_end, mats, tbs, geo):
    """(J, δ, material, run, wire or None) for every map case; an SI wire gets one Wire per (material, T, δ)."""
    from neqsc.phonons.pipeline import run_at_temperature, simulate_psc_run
    from neqsc.units import parse_range

    for jj in parse_range(j, "dimensionless", "--j"):
        for dd in parse_range(delta, "dimensionless", "--delta"):
            if geo is None:
                run, _ = _run_source(tdgl_file, synthetic, float(jj), length, float(dd), t_end, 0.1)
            for mat in mats:
                for tb in tbs:
                    if geo is None:
                        yield float(jj), float(dd), mat, run_at_temperature(run, mat, tb)[0], None
                        continue
                    from neqsc.tdgl import Wire

                    wire = Wire(mat.name, *geo, tb, delta=float(dd))
                    run = simulate_psc_run(float(jj), wire.length_reduced, wire.delta, eta=wire.eta, t_end=t_end)
                    yield float(jj), float(dd), mat, run, wire


def _transmission_map(tdgl_file, synthetic, j, delta, length, tbs, mats, pairs, k_leak, t_end, kinetics,
                      transmission, filter_cutoff, filter_order, geo=None):  # fmt: skip
    """Frequency-resolved cooler over cases (J, δ, material, T_b) × stacks × plate filter cut-offs."""
    import numpy as np
    import xarray as xr

    from neqsc.phonons.flux import phonon_spectra
    from neqsc.phonons.pipeline import cooler_from_run
    from neqsc.units import parse_quantity

    cutoffs = ["none"] if filter_cutoff is None else [c.strip() for c in filter_cutoff.split(",")]
    f_c = [np.inf if c.lower() == "none" else parse_quantity(c, "Hz", "--filter-cutoff") for c in cutoffs]
    k = parse_quantity(k_leak, "W/m/K", "--k-leak")
    keys = {"kappa": "1", "Q_c_W": "W", "T_cold_K": "K", "plate_cooling_power_W": "W", "ideal_filter_bound_W": "W",
            "T_filament_K": "K", "kapitza_a1": "1"}  # fmt: skip
    rows, labels = [], []
    geometry = {} if geo is not None else {"contact_area": 1e-14, "thickness": 1e-8}
    for jj, dd, mat, r, wire in _map_runs(tdgl_file, synthetic, j, delta, length, t_end, mats, tbs, geo):
        m = None if wire is not None else mat
        sp = phonon_spectra(r, m, kinetics=kinetics, wire=wire)
        block = np.empty((len(pairs), len(cutoffs), len(keys)))
        for a, (plate, substrate) in enumerate(pairs):
            for b, c in enumerate(cutoffs):
                filt = _plate_filter(c, filter_order)
                res = cooler_from_run(r, m, plate=plate, substrate=substrate, kinetics=kinetics, wire=wire,
                                      transmission=transmission, plate_filter=filt, spectra=sp, k_leak=k,
                                      **geometry)  # fmt: skip
                block[a, b] = [res[key].item() for key in keys]
        rows.append(block)
        labels.append((jj, dd, mat.name, res.attrs["T_b"]))
    data = np.array(rows)
    dims = ("case", "stack", "filter_cutoff")
    names = {"Q_c_W": "Q_c", "T_cold_K": "T_cold", "plate_cooling_power_W": "plate_cooling_power",
             "ideal_filter_bound_W": "ideal_filter_bound", "T_filament_K": "T_filament"}  # fmt: skip
    ds = xr.Dataset(
        {names.get(key, key): (dims, data[..., n], {"units": u}) for n, (key, u) in enumerate(keys.items())},
        coords={
            "J": ("case", [x[0] for x in labels]),
            "delta": ("case", [x[1] for x in labels]),
            "filament": ("case", [x[2] for x in labels]),
            "T_b": ("case", [x[3] for x in labels], {"units": "K"}),
            "stack": ("stack", [f"{a}/{b}" for a, b in pairs]),
            "filter_cutoff": ("filter_cutoff", f_c, {"units": "Hz", "long_name": "plate low-pass f_c (inf: none)"}),
        },
        attrs={"neqsc_kind": "psc_cooler_transmission_map", "transmission": transmission, "kinetics": kinetics},
    )
    ds["T_cold_minus_T_b"] = ds["T_cold"] - ds["T_b"]
    ds["T_cold_minus_T_b"].attrs["units"] = "K"
    return ds


@cooler_app.command("kapitza")
@handle_errors
def kapitza_cmd(
    pairs: Annotated[str, typer.Option(help="side1/side2 pairs, e.g. 'Al/sapphire,Al/PMMA'.")] = "Al/sapphire,Al/PMMA",
    temperatures: Annotated[str, typer.Option("--T", help="Temperatures 'start:stop:num' or a list.")] = "0.1K:2K:20",
    out: Annotated[Path, typer.Option(help="Output .nc")] = Path("kapitza.nc"),
    model: Annotated[
        str, typer.Option(help="amm-scalar (no mode conversion), amm (mode conversion) or dmm (diffuse mismatch).")
    ] = "amm-scalar",
) -> None:
    """Kapitza conductance h_K(T), hemispherical transmissions and critical angles for material pairs."""
    from neqsc import io
    from neqsc.phonons.kapitza import amm_diode, kapitza_dataset
    from neqsc.units import parse_range

    pair_list = parse_pairs(pairs, "--pairs")
    ds = kapitza_dataset(pair_list, parse_range(temperatures, "K", "--T"), model=model)
    nc = io.save(ds, out, parameters={"pairs": pairs, "T": temperatures, "model": model})
    table = Table(title=f"Kapitza conductance ({ds.attrs['model']})")
    for col in ("pair", "Γ_L", "Γ_T" if model == "amm-scalar" else "Γ_SV", "θ_c,L (deg)", "h_K/T³ (W m⁻² K⁻⁴)"):
        table.add_column(col)
    for name in ds["pair"].values:
        sub = ds.sel(pair=name)
        t0 = float(sub["T"][0])
        table.add_row(str(name), f"{float(sub.Gamma.sel(mode='L')):.3f}", f"{float(sub.Gamma.sel(mode='T')):.3f}",
                      f"{float(sub.critical_angle.sel(mode='L')):.1f}", f"{float(sub.h_K[0]) / t0**3:.4g}")  # fmt: skip
    console.print(table)
    if len(pair_list) == 1:
        d = amm_diode(pair_list[0][0], "PMMA", pair_list[0][1], model=model)
        console.print(f"AMM diode with a PMMA plate: p = {d.p:.3f}, a1 = {d.a1:.3f}")
    console.print(f"wrote {nc}", markup=False)
