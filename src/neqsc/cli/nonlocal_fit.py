"""``neqsc nonlocal fit DATA``: fit measured local or nonlocal NIS conductance (CSV or netCDF).

Local data (column ``G``): Dynes fit of Δ, Γ, T_e, G_N. Nonlocal data (column ``g_nl``): symmetry decomposition
(paper Eqs. 16–19) and, when the sample constants are given (``--delta0 --temperature --kappa --distance``), the
charge-imbalance fit of g_ss for Γ, then ∂xφ per supercurrent and I₀. Writes ``<stem>_fit.nc`` and PNGs into
``--out`` and prints the parameters with 1σ uncertainties.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from neqsc.cli._common import console, handle_errors
from neqsc.cli._groups import nonlocal_app
from neqsc.constants import e

_DISPLAY = {
    "gap": ("µeV", 1e6 / e),
    "gamma": ("µeV", 1e6 / e),
    "T_e": ("mK", 1e3),
    "G_N": ("µS", 1e6),
    "Gamma": ("Δ₀", 1.0),
    "phase_gradient": ("rad/ξ", 1.0),
    "I0": ("µA", 1e6),
}


def _print_fits(fits, title: str, data_unit: str) -> None:
    table = Table(title=title)
    for col in ("fit", "parameter", "value ± 1σ", "unit"):
        table.add_column(col)
    for i, fit in enumerate(fits):
        for name, value, unit in fit.rows(_DISPLAY):
            table.add_row(f"{i}: {fit.model}", name, value, unit)
        table.add_row(f"{i}: {fit.model}", "rms residual", f"{fit.rms_residual:.3g}", data_unit)
    console.print(table)
    estimated = [i for i, fit in enumerate(fits) if not fit.sigma_known]
    if estimated:
        console.print(
            f"[yellow]warning:[/yellow] fit(s) {', '.join(map(str, estimated))}: no uncertainty column, σ estimated"
            " from the residuals (one common σ = rms residual for all points); the 1σ errors assume the model is"
            " right and the noise white"
        )
    for i, fit in enumerate(fits):
        # χ²_red > 1 + 5√(2/dof) is a > 5σ excess for a correct model with correct σ
        if fit.sigma_known and fit.chi2_red > 1 + 5 * (2 / fit.dof) ** 0.5:
            console.print(
                f"[yellow]warning:[/yellow] fit {i} ({fit.model}) has χ²_red = {fit.chi2_red:.3g}: the model or the"
                " constants do not describe the data; its uncertainties are not meaningful"
            )


@nonlocal_app.command("fit")
@handle_errors
def fit(
    data: Annotated[Path, typer.Argument(help="CSV or netCDF with columns V,G[,G_err] or V_inj[,V_det][,I_s],g_nl.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("neqsc-fit"),
    delta0: Annotated[str | None, typer.Option(help="Δ₀ for the g_ss fit, e.g. '265 ueV'.")] = None,
    temperature: Annotated[str | None, typer.Option(help="Injector electron temperature, e.g. '37 mK'.")] = None,
    kappa: Annotated[float | None, typer.Option(help="κ_I = G_inj R_ξ / 2 (dimensionless).")] = None,
    distance: Annotated[float | None, typer.Option(help="Injector–detector distance in units of ξ.")] = None,
    g_det: Annotated[str, typer.Option(help="Detector normal-state conductance ('31.4 uS'; 1 if normalised).")] = "1",
    fit_max_bias: Annotated[float, typer.Option(help="Largest |eV_inj|/Δ₀ in the g_ss fit (paper: 1.5).")] = 1.5,
    fix_temperature: Annotated[
        str | None, typer.Option(help="Local fit: hold T_e fixed at this value, e.g. '37 mK'.")
    ] = None,
) -> None:
    """Fit measured conductance; write netCDF + PNG of data vs fit; print parameters ± 1σ and χ²_red."""
    from neqsc import io
    from neqsc.plotting import plot_dataset
    from neqsc.quasiclassics import measured
    from neqsc.quasiclassics.measured import workflow as fit_workflow
    from neqsc.units import parse_quantity

    ds = measured.load_conductance(data)
    stem = out / data.stem
    if ds.attrs["measurement"] == "local":
        fixed = {} if fix_temperature is None else {"T_e": parse_quantity(fix_temperature, "K", "--fix-temperature")}
        result, fits = fit_workflow.fit_local_dataset(ds, fixed=fixed)
        title = f"Dynes fit of {data.name}"
    else:
        needed = {"--delta0": delta0, "--temperature": temperature, "--kappa": kappa, "--distance": distance}
        const = None
        if all(v is not None for v in needed.values()):
            const = fit_workflow.SampleConstants(
                Delta0=parse_quantity(delta0, "J", "--delta0"),
                T=parse_quantity(temperature, "K", "--temperature"),
                kappa=kappa,
                distance=distance,
                G_det=parse_quantity(g_det, "S", "--g-det"),
                fit_max_bias=fit_max_bias,
            )
        elif any(v is not None for v in needed.values()):
            missing = [k for k, v in needed.items() if v is None]
            console.print(f"[yellow]g_ss fit skipped: also give {', '.join(missing)}[/yellow]")
        result, fits = fit_workflow.fit_nonlocal_dataset(ds, const)
        title = f"nonlocal fits of {data.name}"
    nc = io.save(result, stem.with_name(stem.name + "_fit.nc"), parameters={"data": str(data)})
    pngs = plot_dataset(result, stem)
    if fits:
        unit = ds["G" if "G" in ds else "g_nl"].attrs.get("units", "")
        _print_fits(fits, title, unit)
    else:
        console.print("symmetry decomposition only (g_s, g_a, g_ss, g_sa written)")
    console.print(f"wrote {nc}" + "".join(f", {p}" for p in pngs), markup=False)
