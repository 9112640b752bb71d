"""The shape of a sweep's result: per-point layout (fixed by the first success), status flags, assembly.

Shared by the in-memory sink and the Zarr store so that both produce the very same Dataset.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import xarray as xr

from neqsc.sweep.grid import Grid

MISSING, DONE, FAILED = 0, 1, 2
STATUS_ATTRS = {
    "long_name": "state of each sweep point",
    "flag_values": [MISSING, DONE, FAILED],
    "flag_meanings": "missing done failed",
}
ERROR_ATTRS = {"long_name": "error message of a failed point (empty if it succeeded)"}


class Layout:
    """Names, dims, shapes, dtypes and attrs of a point's result, fixed by the first point that succeeds."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    @classmethod
    def from_dataset(cls, ds: xr.Dataset, grid: Grid) -> Layout:
        clash = (set(ds.dims) | set(ds.data_vars)) & (set(grid.dims) | set(grid.names))
        if clash:
            raise ValueError(f"result names {sorted(clash)} clash with swept parameter or dimension names")
        spec = {
            "variables": {
                str(name): {
                    "dims": [str(d) for d in var.dims],
                    "shape": list(var.shape),
                    "dtype": storable_dtype(var.dtype).str,
                    "attrs": json_plain(dict(var.attrs)),
                }
                for name, var in ds.data_vars.items()
            },
            # index coordinates and string-valued coordinates: the same at every point, stored once
            "fixed_coords": {
                str(name): {
                    "dims": [str(d) for d in coord.dims],
                    "values": json_plain(coord.values.tolist()),
                    "attrs": json_plain(dict(coord.attrs)),
                }
                for name, coord in ds.coords.items()
            },
            "coords": list(ds.attrs.get("sweep_coords", [])),
            "point_kind": ds.attrs.get("neqsc_kind"),
        }
        return cls(spec)

    @property
    def variables(self) -> dict[str, dict[str, Any]]:
        return self.spec["variables"]

    def check(self, ds: xr.Dataset) -> None:
        """Raise ValueError naming the first way ``ds`` differs from this layout."""
        if set(ds.data_vars) != set(self.variables):
            raise ValueError(
                f"result variables {sorted(ds.data_vars)} differ from the first point's {sorted(self.variables)}"
            )
        for name, spec in self.variables.items():
            var = ds[name]
            if [str(d) for d in var.dims] != spec["dims"] or list(var.shape) != spec["shape"]:
                raise ValueError(
                    f"result {name!r} has dims {var.dims} shape {var.shape}, the first point had "
                    f"{tuple(spec['dims'])} {tuple(spec['shape'])}"
                )
            if not np.can_cast(storable_dtype(var.dtype), np.dtype(spec["dtype"]), casting="same_kind"):
                raise ValueError(f"result {name!r} has dtype {var.dtype}, the first point had {spec['dtype']}")
        for name, spec in self.spec["fixed_coords"].items():
            if (
                name not in ds.coords
                or [str(d) for d in ds[name].dims] != spec["dims"]
                or not np.array_equal(ds[name].values, np.asarray(spec["values"]))
            ):
                raise ValueError(
                    f"result coordinate {name!r} differs from the first point's (an axis that depends on the swept "
                    "parameters must be returned in scaled form or as a data variable)"
                )


def assemble(
    grid: Grid,
    layout: Layout | None,
    arrays: dict[str, np.ndarray],
    status: np.ndarray,
    errors: np.ndarray,
    attrs: dict[str, Any],
) -> xr.Dataset:
    """Build the combined Dataset from full arrays (same structure as a store opened by :func:`open_result`)."""
    dims = list(grid.dims)
    variables: dict[str, Any] = {}
    coords: dict[str, Any] = {p.name: ([p.dim], p.values, dict(p.attrs)) for p in grid.parameters}
    if layout is not None:
        for name, spec in layout.variables.items():
            variables[name] = (dims + spec["dims"], arrays[name], dict(spec["attrs"]))
        for name, spec in layout.spec["fixed_coords"].items():
            coords[name] = (spec["dims"], np.asarray(spec["values"]), dict(spec["attrs"]))
    variables["sweep_status"] = (dims, status.reshape(grid.shape), dict(STATUS_ATTRS))
    variables["sweep_error"] = (dims, errors.reshape(grid.shape), dict(ERROR_ATTRS))
    ds = xr.Dataset(variables, coords=coords, attrs=dict(attrs))
    if layout is not None and layout.spec["coords"]:
        ds = ds.set_coords(layout.spec["coords"])
    return ds


def storable_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype a result variable is stored with; only numbers and booleans vary along a sweep."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "biufc":
        raise ValueError(f"result dtype {dtype} is not stored by a sweep (numbers and booleans only)")
    return dtype


def zarr_dtype(dtype: np.dtype) -> Any:
    """Zarr dtype of a coordinate array: variable-length UTF-8 for strings, the NumPy dtype otherwise."""
    return str if np.dtype(dtype).kind in "OUST" else np.dtype(dtype)


def fill_value_for(dtype: str | np.dtype) -> Any:
    """Fill value of a not-yet-computed or failed point: NaN for floats, 0 / False / "" otherwise."""
    dtype = np.dtype(dtype)
    if dtype.kind in "fc":
        return np.nan
    if dtype.kind == "b":
        return False
    if dtype.kind in "US":
        return ""
    return 0


def json_plain(value: Any) -> Any:
    """A JSON round trip, so attrs read back from Zarr equal the in-memory ones exactly."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    return str(obj)
