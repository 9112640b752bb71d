"""Sweep grids: which parameter values make up a sweep, how points are numbered and seeded.

A grid is given in one of three shapes (scqubits/Kwant style, parameters passed by name):

* ``{"T": [...], "L": [...]}`` — the outer product; one dimension per parameter, in the order given;
* ``{("T_hot", "T_cold"): ([...], [...]), "L": [...]}`` — a *zip group*: parameters under a tuple key vary
  together along one dimension (named by joining the names with ``"_"``); their lengths must agree;
* ``[{"T": 1.0, "L": 2.0}, {"T": 3.0, "L": 5.0}]`` — an explicit list of points along a dimension ``point``;
  every point must name the same parameters.

Points are numbered by their C-order (row-major) flat index over the grid dimensions. That index, together with
the sweep seed, fixes the point's random seed (:func:`point_seed`), so a point gets the same seed whatever executor,
worker count or completion order computes it.
"""

from __future__ import annotations

import dataclasses
import json
import keyword
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from neqsc.errors import InvalidParameter
from neqsc.limits import check_points

POINT_DIM = "point"
# Bookkeeping per point in the parent (status, error slot, work queue entry, checksum, seed): a conservative
# estimate used to refuse a grid whose bookkeeping alone would not fit in memory.
BYTES_PER_POINT = 256.0

# Names the sweep machinery itself uses in the combined Dataset; a parameter may not take them.
RESERVED = frozenset({"sweep_status", "sweep_error", POINT_DIM})


@dataclasses.dataclass(frozen=True)
class Parameter:
    """One swept parameter: its name, the grid dimension it varies along, its values and attrs (units, ...)."""

    name: str
    dim: str
    values: np.ndarray
    attrs: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Grid:
    """A normalised sweep grid: ordered dimensions with their sizes, and the parameters varying along each."""

    kind: str  # "outer" or "list"
    dims: tuple[str, ...]
    shape: tuple[int, ...]
    parameters: tuple[Parameter, ...]

    @property
    def size(self) -> int:
        """Number of points."""
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    def point(self, index: int) -> dict[str, Any]:
        """The parameters of point ``index`` (C-order flat index) as plain Python scalars."""
        position = dict(zip(self.dims, np.unravel_index(index, self.shape), strict=True))
        return {p.name: p.values[position[p.dim]].item() for p in self.parameters}

    def position(self, index: int) -> tuple[int, ...]:
        """The multi-index of point ``index`` along :attr:`dims`."""
        return tuple(int(i) for i in np.unravel_index(index, self.shape))

    def describe(self) -> dict[str, Any]:
        """A JSON-able description; two grids with equal descriptions give the same points in the same order."""
        return {
            "kind": self.kind,
            "dims": list(self.dims),
            "shape": list(self.shape),
            "parameters": {
                p.name: {"dim": p.dim, "dtype": p.values.dtype.str, "values": p.values.tolist()}
                for p in self.parameters
            },
        }


def point_seed(sweep_seed: int, index: int) -> int:
    """The random seed of point ``index``: 64 bits drawn from ``SeedSequence(sweep_seed, spawn_key=(index,))``.

    Independent streams per point (NumPy's recommended way to seed parallel work), fixed by data only.
    ``sweep_seed`` (the sweep's seed) and ``index`` (the point's flat index) are integers with no units.
    """
    state = np.random.SeedSequence(int(sweep_seed), spawn_key=(int(index),)).generate_state(1, dtype=np.uint64)
    return int(state[0])


def make_grid(grid: Mapping | Sequence[Mapping], units: Mapping[str, str] | None = None) -> Grid:
    """Validate and normalise a user grid (see the module docstring) into a :class:`Grid`.

    Parameters
    ----------
    grid:
        ``{name: values}`` (outer product; a tuple of names as key makes a zip group) or a list of
        ``{name: value}`` points; values are plain numbers in the units of the swept function's arguments (SI at
        the public API).
    units:
        Optional ``{name: unit string}`` recorded as the ``units`` attribute of each swept coordinate; every key
        must be a swept parameter.

    Raises
    ------
    InvalidParameter
        Empty grid, a parameter with no values or values that are not 1-D, zip-group or list-of-points entries
        of mismatched lengths / names, duplicate or reserved parameter names.
    """
    units = dict(units or {})
    if isinstance(grid, Mapping):
        parsed = _outer(grid, units)
    elif isinstance(grid, Sequence) and not isinstance(grid, str | bytes):
        parsed = _listed(grid, units)
    else:
        raise InvalidParameter("grid", grid, "a dict {name: values} (outer product) or a list of dicts (points)")
    unknown = set(units) - set(parsed.names)
    if unknown:
        raise InvalidParameter("units", sorted(unknown), "names of swept parameters: " + ", ".join(parsed.names))
    n_points = float(np.prod([float(n) for n in parsed.shape]))
    shape = " × ".join(map(str, parsed.shape))
    check_points("grid", n_points, shape, BYTES_PER_POINT, f"a sweep of {n_points:.3g} points")
    return parsed


def _outer(grid: Mapping, units: dict[str, str]) -> Grid:
    if not grid:
        raise InvalidParameter("grid", dict(grid), "at least one swept parameter")
    dims, shape, parameters = [], [], []
    for key, value in grid.items():
        if isinstance(key, tuple):
            names = [_check_name(k) for k in key]
            if not isinstance(value, Sequence | np.ndarray) or len(value) != len(names):
                raise InvalidParameter(
                    f"grid[{key!r}]", value, f"a tuple of {len(names)} value arrays, one per name in the zip group"
                )
            columns = [_values(n, v) for n, v in zip(names, value, strict=True)]
            lengths = {n: len(c[0]) for n, c in zip(names, columns, strict=True)}
            if len(set(lengths.values())) != 1:
                raise InvalidParameter(
                    f"grid[{key!r}]", lengths, "equal lengths for parameters that vary together (zip group)"
                )
            dim = "_".join(names)
        else:
            names = [_check_name(key)]
            columns = [_values(key, value)]
            dim = names[0]
        dims.append(dim)
        shape.append(len(columns[0][0]))
        for name, (values, attrs) in zip(names, columns, strict=True):
            if name in units:
                attrs = {**attrs, "units": units[name]}
            parameters.append(Parameter(name, dim, values, attrs))
    _check_unique([p.name for p in parameters] + [d for d in dims if d not in {p.name for p in parameters}])
    return Grid("outer", tuple(dims), tuple(shape), tuple(parameters))


def _listed(points: Sequence[Mapping], units: dict[str, str]) -> Grid:
    if len(points) == 0:
        raise InvalidParameter("grid", list(points), "at least one point")
    for i, p in enumerate(points):
        if not isinstance(p, Mapping):
            raise InvalidParameter(f"grid[{i}]", p, "a dict {name: value} for each point")
    names = list(points[0].keys())
    for i, p in enumerate(points):
        if set(p.keys()) != set(names):
            raise InvalidParameter(
                f"grid[{i}]", sorted(p.keys()), f"the same parameter names as point 0: {sorted(names)}"
            )
    parameters = []
    for name in names:
        _check_name(name)
        values, attrs = _values(name, [p[name] for p in points])
        if name in units:
            attrs = {**attrs, "units": units[name]}
        parameters.append(Parameter(name, POINT_DIM, values, attrs))
    _check_unique(names)
    return Grid("list", (POINT_DIM,), (len(points),), tuple(parameters))


def _values(name: str, value: Any) -> tuple[np.ndarray, dict[str, Any]]:
    attrs: dict[str, Any] = {}
    if hasattr(value, "attrs") and hasattr(value, "values"):  # an xarray DataArray carries units/long_name
        attrs = {k: v for k, v in dict(value.attrs).items() if _jsonable(v)}
        value = value.values
    if isinstance(value, str | bytes):
        raise InvalidParameter(name, value, "a 1-D sequence of values (wrap a single value in a list)")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise InvalidParameter(name, value, "a 1-D sequence of numbers, strings or booleans", hint=str(exc)) from None
    if arr.ndim != 1:
        raise InvalidParameter(name, value, "a 1-D sequence of values (one per grid point along its dimension)")
    if arr.size == 0:
        raise InvalidParameter(name, value, "at least one value")
    if arr.dtype.kind not in "biufcUS":
        raise InvalidParameter(name, value, "numbers, strings or booleans (plain data a worker can receive)")
    if arr.dtype.kind == "S":
        arr = arr.astype(str)
    return arr, attrs


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise InvalidParameter("grid", name, "parameter names that are Python identifiers (passed as keywords)")
    if name in RESERVED:
        raise InvalidParameter("grid", name, "a name other than " + ", ".join(sorted(RESERVED)))
    return name


def _check_unique(names: list[str]) -> None:
    seen = set()
    for n in names:
        if n in seen:
            raise InvalidParameter("grid", n, "each parameter and dimension name once")
        seen.add(n)


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True
