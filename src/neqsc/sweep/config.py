"""TOML sweep files for ``neqsc sweep run``: a named model, fixed parameters and swept ones, all with units.

Example (see ``examples/sweep_brownian.toml``)::

    model = "brownian"            # a name from neqsc.sweep.models
    store = "brownian.zarr"       # where points are written as they finish (relative to the working directory)
    executor = "processes"        # serial | processes | dask          (optional)
    scheduler = "local"           # dask: local | tcp://host:port | slurm | pbs ...   (optional)
    workers = 2                   # (optional)
    seed = 7                      # sweep seed (optional, default 0)
    retries = 1                   # resubmissions of a point that raised (optional, default 0)

    [parameters]                  # fixed for every point
    mass = "1e-18 kg"
    n_walkers = 4000

    [sweep]                       # outer product; a list of values, or "start:stop:num" (linear, inclusive)
    gamma = "1 kHz:10 kHz:4"
    temperature = ["10 mK", "50 mK", "100 mK"]

Instead of ``[sweep]`` a file may list explicit points as ``[[points]]`` tables. Unit strings are converted to the
SI unit the model declares for each parameter; a bare number is taken to be in that unit already.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from pathlib import Path
from typing import Any

import numpy as np

from neqsc.errors import InvalidParameter
from neqsc.sweep.executors import check_jobqueue
from neqsc.sweep.models import Model, get_model
from neqsc.units import parse_quantity, parse_range
from neqsc.validation import reader

_KEYS = {
    "model",
    "store",
    "executor",
    "scheduler",
    "workers",
    "seed",
    "retries",
    "parameters",
    "sweep",
    "points",
    "jobqueue",
}


@dataclasses.dataclass
class SweepConfig:
    """A parsed sweep file: everything :func:`neqsc.sweep.sweep` needs, in SI units."""

    model: Model
    fixed: dict[str, Any]
    grid: dict[str, np.ndarray] | list[dict[str, Any]]
    store: Path | None
    executor: str = "processes"
    scheduler: str | None = None
    workers: int | None = None
    seed: int = 0
    retries: int = 0
    jobqueue: dict[str, Any] = dataclasses.field(default_factory=dict)
    text: str = ""

    @property
    def func(self) -> functools.partial:
        """The model function with the fixed parameters bound (picklable: a partial of a module-level function)."""
        return functools.partial(self.model.func, **self.fixed)

    @property
    def units(self) -> dict[str, str]:
        names = self.grid[0].keys() if isinstance(self.grid, list) else self.grid.keys()
        return {n: self.model.coord_units(n) for n in names if self.model.coord_units(n)}

    def provenance(self) -> dict[str, Any]:
        """Parameters to embed in the result: the model, the fixed values in SI units and the TOML text."""
        return {"model": self.model.name, "fixed_si": self.fixed, "toml": self.text}


def load_config(path: str | Path) -> SweepConfig:
    """Read and validate a sweep TOML file (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidParameter("config", str(path), "an existing TOML file")
    text = path.read_text()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidParameter("config", str(path), "valid TOML", hint=str(exc)) from None
    return parse_config(data, text)


@reader("sweep file")
def parse_config(data: dict[str, Any], text: str = "") -> SweepConfig:
    """Validate a sweep configuration given as a dict (the parsed TOML)."""
    unknown = set(data) - _KEYS
    if unknown:
        raise InvalidParameter("config", sorted(unknown), "top-level keys among " + ", ".join(sorted(_KEYS)))
    check_jobqueue(data.get("jobqueue", {}))  # trusted input that reaches batch scripts: known keys only
    if "model" not in data:
        raise InvalidParameter("model", None, 'a model name, e.g. model = "brownian"')
    model = get_model(data["model"])
    fixed_in = data.get("parameters", {})
    if not isinstance(fixed_in, dict):
        raise InvalidParameter("parameters", fixed_in, "a table of name = value")
    fixed = {name: _value(model, name, value) for name, value in fixed_in.items()}
    if ("sweep" in data) == ("points" in data):
        raise InvalidParameter("sweep", None, "exactly one of a [sweep] table or [[points]] tables")
    grid: dict[str, np.ndarray] | list[dict[str, Any]]
    if "sweep" in data:
        if not isinstance(data["sweep"], dict) or not data["sweep"]:
            raise InvalidParameter("sweep", data["sweep"], 'a table of name = [values] or "start:stop:num"')
        grid = {name: _values(model, name, value) for name, value in data["sweep"].items()}
        names = list(grid)
    else:
        points = data["points"]
        if not isinstance(points, list) or not points or not all(isinstance(p, dict) for p in points):
            raise InvalidParameter("points", points, "a list of [[points]] tables")
        grid = [{name: _value(model, name, value) for name, value in p.items()} for p in points]
        names = list(points[0])
    both = set(names) & set(fixed)
    if both:
        raise InvalidParameter("parameters", sorted(both), "each parameter either fixed or swept, not both")
    _check_complete(model, set(fixed) | set(names))
    store = data.get("store")
    return SweepConfig(
        model=model,
        fixed=fixed,
        grid=grid,
        store=None if store is None else Path(store),
        executor=data.get("executor", "processes"),
        scheduler=data.get("scheduler"),
        workers=data.get("workers"),
        seed=data.get("seed", 0),
        retries=data.get("retries", 0),
        jobqueue=dict(data.get("jobqueue", {})),
        text=text,
    )


def _value(model: Model, name: str, value: Any) -> Any:
    unit = model.unit(name)
    if unit is None:
        return value
    return parse_quantity(value, unit, name)


def _values(model: Model, name: str, value: Any) -> np.ndarray:
    unit = model.unit(name)
    if isinstance(value, str):
        if unit is None:  # a number in the model's natural units, or a label: a range of plain numbers only
            if ":" not in value:
                raise InvalidParameter(name, value, 'a list of values or a range of plain numbers "start:stop:num"')
            return parse_range(value, "dimensionless", name)
        return parse_range(value, unit, name)
    if not isinstance(value, list) or not value:
        raise InvalidParameter(name, value, 'a non-empty list of values or a range "start:stop:num"')
    return np.asarray([_value(model, name, v) for v in value])


def _check_complete(model: Model, given: set[str]) -> None:
    missing = [name for name in model.required if name not in given]
    if missing:
        raise InvalidParameter(
            missing[0],
            "(missing)",
            f"a value for every required parameter of model {model.name!r}: " + ", ".join(model.required),
        )
