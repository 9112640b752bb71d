"""``neqsc sweep``: run a TOML-defined parameter sweep (``run``), inspect a store (``status``), list ``models``."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from neqsc.cli._common import console, handle_errors
from neqsc.cli._groups import sweep_app
from neqsc.progress import ProgressCallback


@sweep_app.command("run")
@handle_errors
def run(
    config: Annotated[Path, typer.Argument(help="Sweep file (TOML): model, [parameters], [sweep], store, ...")],
    store: Annotated[Path | None, typer.Option("--store", help="Zarr store (overrides the file's 'store').")] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the sweep in STORE: compute missing points.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="With --resume, recompute failed points.")
    ] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing store.")] = False,
    executor: Annotated[str | None, typer.Option("--executor", help="serial | processes | dask.")] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask: local | tcp://host:port | slurm | pbs ...")
    ] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Local processes / LocalCluster workers.")] = None,
    retries: Annotated[int | None, typer.Option("--retries", help="Resubmissions of a point that raised.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Also save the combined result (.nc or .zarr).")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and show the grid; compute nothing.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar; one summary line (batch logs).")
    ] = False,
) -> None:
    """Run the sweep a TOML file describes, writing every finished point to its Zarr store as it completes.

    Exit code 0 if every point succeeded, 1 if some failed (they are recorded in the store), 2 on bad input.
    """
    from neqsc.io import save
    from neqsc.sweep import sweep
    from neqsc.sweep.config import load_config

    cfg = load_config(config)
    target = store or cfg.store or Path(config.stem + ".zarr")
    if dry_run:
        from neqsc.sweep import make_grid

        grid = make_grid(cfg.grid, cfg.units)
        shape = " × ".join(f"{d}={n}" for d, n in zip(grid.dims, grid.shape, strict=True))
        console.print(f"model {cfg.model.name}: {grid.size} points ({shape}) → {target}", highlight=False)
        for p in grid.parameters:
            unit = p.attrs.get("units", "")
            console.print(
                f"  {p.name}: {p.values[0]} … {p.values[-1]} {unit} ({p.values.size} values)", highlight=False
            )
        console.print(f"  fixed: {cfg.fixed}", highlight=False)
        return
    start = time.perf_counter()
    with _progress(f"sweep {cfg.model.name}", enabled=not quiet) as progress:
        ds = sweep(
            cfg.func,
            cfg.grid,
            executor=executor or cfg.executor,
            scheduler=scheduler if scheduler is not None else cfg.scheduler,
            store=target,
            resume=resume,
            seed=cfg.seed,
            retries=cfg.retries if retries is None else retries,
            retry_failed=retry_failed,
            workers=workers if workers is not None else cfg.workers,
            progress=progress,
            overwrite=overwrite,
            units=cfg.units,
            attrs={"parameters_json": json.dumps(cfg.provenance(), sort_keys=True, default=str)},
            jobqueue=cfg.jobqueue,
            load=out is not None,
        )
    elapsed = time.perf_counter() - start
    status = ds["sweep_status"].values
    done, failed = int((status == 1).sum()), int((status == 2).sum())
    console.print(
        f"sweep {cfg.model.name}: {done}/{status.size} done, {failed} failed, {status.size - done - failed} missing "
        f"in {elapsed:.1f} s → {target}"
    )
    if out is not None:
        save(ds, out)
        console.print(f"wrote {out}", markup=False)
    if failed:
        _print_errors(ds)
        raise typer.Exit(code=1)


@sweep_app.command("status")
@handle_errors
def status(
    store: Annotated[Path, typer.Argument(help="A sweep store (.zarr) written by 'neqsc sweep run' or sweep().")],
    errors: Annotated[int, typer.Option("--errors", help="How many failure messages to show.")] = 10,
) -> None:
    """Count the done / failed / missing / corrupt points of a sweep store and show the failure messages.

    Every done point's checksum is verified; exit code 1 if any point is corrupt.
    """
    from neqsc.sweep import read_status

    info = read_status(store)
    grid = info["config"]["grid"]
    table = Table(title=f"sweep store {store}")
    table.add_column("item")
    table.add_column("value")
    table.add_row("function", info["config"]["function"])
    table.add_row("grid", " × ".join(f"{d}={n}" for d, n in zip(grid["dims"], grid["shape"], strict=True)))
    for key in ("total", "done", "failed", "missing", "corrupt"):
        table.add_row(key, str(info[key]))
    console.print(table)
    for index, message in list(info["errors"].items())[:errors]:
        console.print(Text.assemble((f"point {index}", "red"), f": {message}"))  # no markup: [..] in messages stays
    if info["corrupt"]:
        from neqsc.cli._common import err_console

        err_console.print(
            f"error: {info['corrupt']} point(s) failed their checksum (first: {info['corrupt_points'][:5]}); "
            "resume the sweep (neqsc sweep run FILE --resume) to recompute them"
        )
        raise typer.Exit(code=1)


@sweep_app.command("models")
def list_models() -> None:
    """List the models a sweep file can name, with their parameters and SI units."""
    from neqsc.sweep.models import models

    table = Table(title="sweep models")
    for col in ("model", "description", "parameters (SI unit)"):
        table.add_column(col)
    for name, model in sorted(models().items()):
        if model.missing:
            table.add_row(name, model.description, f"[yellow]{model.missing}[/yellow]")
            continue
        params = ", ".join(f"{k} ({model.units.get(k) or '-'})" for k in model.parameters)
        table.add_row(name, model.description, params)
    console.print(table)


def _print_errors(ds, limit: int = 5) -> None:
    status = ds["sweep_status"].values.reshape(-1)
    messages = ds["sweep_error"].values.reshape(-1)
    failed = [i for i in range(status.size) if status[i] == 2]
    for index in failed[:limit]:
        console.print(Text.assemble((f"point {index}", "red"), f": {messages[index]}"))
    if len(failed) > limit:
        console.print(f"... and {len(failed) - limit} more (neqsc sweep status STORE --errors N)")


def _log_lines(description: str, steps: int = 10) -> ProgressCallback:
    """A callback printing ``description: done/total (rate, ETA)`` each time another 1/steps of the points is done."""
    start = time.perf_counter()
    printed = [0]

    def callback(done: int, total: int) -> None:
        if total == 0 or done == 0 or (done * steps < (printed[0] + 1) * total and done != total):
            return
        printed[0] = done * steps // total
        elapsed = time.perf_counter() - start
        rate = done / elapsed if elapsed > 0 else float("inf")
        eta = (total - done) / rate if rate > 0 else float("inf")
        console.print(f"{description}: {done}/{total} points, {rate:.3g} pt/s, ETA {eta:.0f} s", highlight=False)

    return callback


@contextlib.contextmanager
def _progress(description: str, *, enabled: bool) -> Iterator[ProgressCallback]:
    """A rich bar with points done / total, rate (points/s), elapsed and ETA; plain log lines when disabled."""
    if not enabled:
        yield _log_lines(description)
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:.2f} pt/s" if task.speed else "-- pt/s", style="progress.data.speed")

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(description, total=None)

        def callback(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield callback
