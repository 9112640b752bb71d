"""Where finished points go: an in-memory sink, or a Zarr store written point by point (checkpoint + resume).

Store layout (Zarr v3, one group, readable with ``xr.open_zarr`` or :func:`neqsc.io.load`):

* one array per swept parameter (the grid coordinates), written when the store is created;
* ``sweep_status`` over the grid dimensions, int8: 0 missing, 1 done, 2 failed; ``sweep_error`` the failure message;
* one array per result variable, shaped ``grid shape + result shape`` and chunked **one chunk per point**, so a
  finished point is a handful of chunk writes and nothing else is rewritten. They are created when the first point
  succeeds; the result layout is then recorded in the group attributes (``sweep_layout_json``).

Crash safety: Zarr's local store writes every chunk to a temporary file and renames it into place (atomic on
POSIX), and a point's ``sweep_status`` chunk is written *after* its data chunks. A process killed at any instant
therefore leaves every point either fully recorded or missing; a layout whose attribute was never written is
discarded on resume.

The sweep configuration (function, grid, seed) is stored as ``sweep_config_json``; resuming with a different
configuration is refused with the list of differences.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from neqsc.errors import InvalidParameter
from neqsc.sweep.grid import Grid

MISSING, DONE, FAILED = 0, 1, 2
STATUS_ATTRS = {
    "long_name": "state of each sweep point",
    "flag_values": [MISSING, DONE, FAILED],
    "flag_meanings": "missing done failed",
}
ERROR_ATTRS = {"long_name": "error message of a failed point (empty if it succeeded)"}
_INTERNAL_ATTRS = ("sweep_layout_json", "sweep_format")
FORMAT = "neqsc-sweep-1"


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
                    "dtype": _storable_dtype(var.dtype).str,
                    "attrs": _plain(dict(var.attrs)),
                }
                for name, var in ds.data_vars.items()
            },
            "index_coords": {
                str(name): {"values": _plain(ds[name].values.tolist()), "attrs": _plain(dict(ds[name].attrs))}
                for name in ds.dims
                if name in ds.coords
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
            if not np.can_cast(_storable_dtype(var.dtype), np.dtype(spec["dtype"]), casting="same_kind"):
                raise ValueError(f"result {name!r} has dtype {var.dtype}, the first point had {spec['dtype']}")
        for name, spec in self.spec["index_coords"].items():
            if name not in ds.coords or not np.array_equal(ds[name].values, np.asarray(spec["values"])):
                raise ValueError(
                    f"result coordinate {name!r} differs from the first point's (an axis that depends on the swept "
                    "parameters must be returned in scaled form or as a data variable)"
                )


class MemorySink:
    """Collects points in preallocated NumPy arrays (used when no store is given)."""

    def __init__(self, grid: Grid, config: dict[str, Any], attrs: dict[str, Any]) -> None:
        self.grid = grid
        self.config = config
        self.attrs = dict(attrs)
        self.status = np.zeros(grid.size, dtype=np.int8)
        self.errors: dict[int, str] = {}
        self.layout: Layout | None = None
        self._data: dict[str, np.ndarray] = {}

    def write_point(self, index: int, ds: xr.Dataset) -> None:
        if self.layout is None:
            layout = Layout.from_dataset(ds, self.grid)
            self._data = {
                name: np.full(self.grid.shape + tuple(spec["shape"]), _fill(spec["dtype"]), dtype=spec["dtype"])
                for name, spec in layout.variables.items()
            }
            self.layout = layout
        else:
            self.layout.check(ds)
        pos = self.grid.position(index)
        for name in self.layout.variables:
            self._data[name][pos] = ds[name].values
        self.status[index] = DONE
        self.errors.pop(index, None)

    def write_failure(self, index: int, message: str) -> None:
        self.status[index] = FAILED
        self.errors[index] = message

    def close(self) -> None:
        """Nothing to release."""

    def dataset(self) -> xr.Dataset:
        errors = np.full(self.grid.size, "", dtype=object)
        for index, message in self.errors.items():
            errors[index] = message
        arrays = {name: data for name, data in self._data.items()}
        return assemble(self.grid, self.layout, arrays, self.status, errors.astype(str), self.attrs)


class ZarrSink:
    """Writes each finished point into a Zarr store as it arrives; reopens a store to resume it."""

    def __init__(
        self, path: Path, grid: Grid, config: dict[str, Any], attrs: dict[str, Any], *, resume: bool, overwrite: bool
    ) -> None:
        import zarr

        self.path = Path(path)
        self.grid = grid
        self.layout: Layout | None = None
        self._lock: Path | None = None
        if self.path.suffix.lower() != ".zarr":
            raise InvalidParameter("store", str(path), "a path ending in .zarr")
        exists = self.path.exists()
        if exists:
            _check_lock(self.path)
        if exists and not resume and not overwrite:
            raise InvalidParameter(
                "store",
                str(path),
                "a path that does not exist yet",
                hint="pass resume=True (CLI: --resume) to continue that sweep, or overwrite=True to replace it",
            )
        if exists and resume and not overwrite:
            self.group = zarr.open_group(str(self.path), mode="r+")
            _check_resumable(self.group, config, self.path)
            self._reopen()
        else:
            if exists:
                shutil.rmtree(self.path)
            self._create(zarr, config, attrs)
        self._lock = _acquire_lock(self.path)
        self._cleanup_tmp()

    def close(self) -> None:
        """Release the store's lock (other sweeps may resume it from now on)."""
        if self._lock is not None:
            self._lock.unlink(missing_ok=True)
            self._lock = None

    def _create(self, zarr, config: dict[str, Any], attrs: dict[str, Any]) -> None:
        grid = self.grid
        group = zarr.open_group(
            str(self.path),
            mode="w",
            attributes={
                **_plain(attrs),
                "sweep_format": FORMAT,
                "sweep_config_json": json.dumps(config, sort_keys=True),
            },
        )
        for p in grid.parameters:
            arr = group.create_array(
                p.name,
                shape=p.values.shape,
                dtype=_zarr_dtype(p.values.dtype),
                chunks=p.values.shape,
                dimension_names=[p.dim],
                attributes=_plain(p.attrs),
            )
            arr[:] = p.values
        point_chunks = (1,) * len(grid.dims)
        group.create_array(
            "sweep_status",
            shape=grid.shape,
            dtype="i1",
            chunks=point_chunks,
            fill_value=MISSING,
            dimension_names=list(grid.dims),
            attributes=STATUS_ATTRS,
        )
        group.create_array(
            "sweep_error",
            shape=grid.shape,
            dtype=str,
            chunks=point_chunks,
            fill_value="",
            dimension_names=list(grid.dims),
            attributes=ERROR_ATTRS,
        )
        self.group = group
        self.status = np.zeros(grid.size, dtype=np.int8)

    def _reopen(self) -> None:
        group = self.group
        self.status = np.asarray(group["sweep_status"][...], dtype=np.int8).reshape(-1)
        text = group.attrs.get("sweep_layout_json")
        if text is not None:
            self.layout = Layout(json.loads(text))
            return
        # Killed after creating some result arrays but before the layout was recorded: no point can be done yet.
        keep = {"sweep_status", "sweep_error", *self.grid.names}
        for name in list(group.array_keys()):
            if name not in keep:
                del group[name]

    def _cleanup_tmp(self) -> None:
        # A kill during a chunk write leaves the temporary file of the atomic write behind; it holds nothing valid.
        for tmp in self.path.rglob("*.partial"):
            tmp.unlink(missing_ok=True)

    def _create_layout(self, layout: Layout) -> None:
        point_chunks = (1,) * len(self.grid.dims)
        group = self.group
        for name, spec in layout.variables.items():
            group.create_array(
                name,
                shape=self.grid.shape + tuple(spec["shape"]),
                dtype=spec["dtype"],
                chunks=point_chunks + tuple(spec["shape"]),
                fill_value=_fill(spec["dtype"]),
                dimension_names=list(self.grid.dims) + spec["dims"],
                attributes=spec["attrs"],
                overwrite=True,
            )
        for name, spec in layout.spec["index_coords"].items():
            values = np.asarray(spec["values"])
            arr = group.create_array(
                name,
                shape=values.shape,
                dtype=_zarr_dtype(values.dtype),
                chunks=values.shape,
                dimension_names=[name],
                attributes=spec["attrs"],
                overwrite=True,
            )
            arr[:] = values
        group.attrs["sweep_layout_json"] = json.dumps(layout.spec, sort_keys=True)
        self.layout = layout

    def write_point(self, index: int, ds: xr.Dataset) -> None:
        if self.layout is None:
            layout = Layout.from_dataset(ds, self.grid)
            self._create_layout(layout)
        else:
            self.layout.check(ds)
        pos = self.grid.position(index)
        for name, spec in self.layout.variables.items():
            self.group[name][pos] = np.asarray(ds[name].values, dtype=spec["dtype"])
        if self.status[index] == FAILED:
            self.group["sweep_error"][pos] = ""
        self.group["sweep_status"][pos] = DONE  # last: the point counts as done only once its data is in place
        self.status[index] = DONE

    def write_failure(self, index: int, message: str) -> None:
        pos = self.grid.position(index)
        self.group["sweep_error"][pos] = message
        self.group["sweep_status"][pos] = FAILED
        self.status[index] = FAILED

    def dataset(self, load: bool = True) -> xr.Dataset:
        return open_result(self.path, load=load)


LOCK_NAME = "sweep.lock"


def _check_lock(path: Path) -> None:
    """Refuse a store another live sweep is writing; a lock left by a killed sweep (dead pid) is stale."""
    import socket

    lock = path / LOCK_NAME
    try:
        owner = json.loads(lock.read_text())
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        owner = {}
    host, pid = owner.get("host"), owner.get("pid")
    if host == socket.gethostname() and isinstance(pid, int) and not _alive(pid):
        lock.unlink(missing_ok=True)
        return
    raise InvalidParameter(
        "store",
        str(path),
        "a store no other running sweep is writing",
        hint=f"it is locked by pid {pid} on {host}; if that sweep is no longer running, delete {lock}",
    )


def _acquire_lock(path: Path) -> Path:
    import os
    import socket

    lock = path / LOCK_NAME
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        _check_lock(path)  # raises unless the lock turned out stale
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with os.fdopen(fd, "w") as handle:
        json.dump({"pid": os.getpid(), "host": socket.gethostname()}, handle)
    return lock


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def open_result(path: str | Path, load: bool = True) -> xr.Dataset:
    """The combined Dataset of a sweep store (complete or not); ``load=False`` keeps data on disk (lazy)."""
    path = Path(path)
    if not (path / "zarr.json").exists():
        raise InvalidParameter("store", str(path), "an existing sweep store (.zarr directory)")
    ds = xr.open_zarr(path, consolidated=False, chunks=None)
    if ds.attrs.get("sweep_format") != FORMAT:
        raise InvalidParameter("store", str(path), f"a store written by neqsc.sweep (format {FORMAT})")
    layout_text = ds.attrs.get("sweep_layout_json")
    layout = json.loads(layout_text) if layout_text else {"variables": {}, "coords": []}
    coords = layout["coords"]
    ds = ds[[*layout["variables"], "sweep_status", "sweep_error"]]  # the order the function returned them in
    config = json.loads(ds.attrs["sweep_config_json"])
    ds = ds.set_coords([n for n in [*config["grid"]["parameters"], *coords] if n in ds.variables])
    ds.attrs = {k: v for k, v in ds.attrs.items() if k not in _INTERNAL_ATTRS}
    if load:
        ds = ds.load()
        for name in ds.variables:
            if ds[name].dtype.kind == "T":  # NumPy StringDType from Zarr → fixed-width str, as in memory
                var = ds[name].variable
                ds[name] = xr.Variable(var.dims, np.array(var.values.tolist(), dtype=str), var.attrs)
    return ds


def read_status(path: str | Path) -> dict[str, Any]:
    """Counts of done / failed / missing points of a store, the failure messages and the configuration."""
    import zarr

    path = Path(path)
    if not (path / "zarr.json").exists():
        raise InvalidParameter("store", str(path), "an existing sweep store (.zarr directory)")
    group = zarr.open_group(str(path), mode="r")
    if group.attrs.get("sweep_format") != FORMAT:
        raise InvalidParameter("store", str(path), f"a store written by neqsc.sweep (format {FORMAT})")
    status = np.asarray(group["sweep_status"][...]).reshape(-1)
    failed = np.flatnonzero(status == FAILED)
    errors = {}
    if failed.size:
        messages = np.asarray(group["sweep_error"][...]).reshape(-1)
        errors = {int(i): str(messages[i]) for i in failed}
    config = json.loads(group.attrs["sweep_config_json"])
    return {
        "total": int(status.size),
        "done": int(np.count_nonzero(status == DONE)),
        "failed": int(failed.size),
        "missing": int(np.count_nonzero(status == MISSING)),
        "errors": errors,
        "config": config,
    }


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
        for name, spec in layout.spec["index_coords"].items():
            coords[name] = ([name], np.asarray(spec["values"]), dict(spec["attrs"]))
    variables["sweep_status"] = (dims, status.reshape(grid.shape), dict(STATUS_ATTRS))
    variables["sweep_error"] = (dims, errors.reshape(grid.shape), dict(ERROR_ATTRS))
    ds = xr.Dataset(variables, coords=coords, attrs=dict(attrs))
    if layout is not None and layout.spec["coords"]:
        ds = ds.set_coords(layout.spec["coords"])
    return ds


def _check_resumable(group, config: dict[str, Any], path: Path) -> None:
    if group.attrs.get("sweep_format") != FORMAT:
        raise InvalidParameter("store", str(path), f"a store written by neqsc.sweep (format {FORMAT})")
    stored = json.loads(group.attrs["sweep_config_json"])
    reasons = config_differences(stored, config)
    if reasons:
        raise InvalidParameter(
            "store",
            str(path),
            "a store written by the same sweep configuration to resume it",
            hint="refusing to resume because " + "; ".join(reasons) + ". Use another store path or overwrite=True",
        )


def config_differences(stored: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Human-readable reasons why two sweep configurations differ (empty if they are the same)."""
    reasons = []
    if stored.get("function") != new.get("function"):
        reasons.append(f"the function differs (store: {stored.get('function')}, now: {new.get('function')})")
    if stored.get("seed") != new.get("seed"):
        reasons.append(f"the seed differs (store: {stored.get('seed')}, now: {new.get('seed')})")
    old_grid, new_grid = stored.get("grid", {}), new.get("grid", {})
    old_p, new_p = old_grid.get("parameters", {}), new_grid.get("parameters", {})
    if set(old_p) != set(new_p):
        reasons.append(f"the swept parameters differ (store: {sorted(old_p)}, now: {sorted(new_p)})")
    else:
        for name in old_p:
            if old_p[name] != new_p[name]:
                reasons.append(f"the values of {name!r} differ")
        if old_grid.get("dims") != new_grid.get("dims") or old_grid.get("kind") != new_grid.get("kind"):
            reasons.append(f"the grid dimensions differ (store: {old_grid.get('dims')}, now: {new_grid.get('dims')})")
    return reasons


def _storable_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype a result variable is stored with; only numbers and booleans vary along a sweep."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "biufc":
        raise ValueError(f"result dtype {dtype} is not stored by a sweep (numbers and booleans only)")
    return dtype


def _zarr_dtype(dtype: np.dtype) -> Any:
    """Zarr dtype of a coordinate array: variable-length UTF-8 for strings, the NumPy dtype otherwise."""
    return str if np.dtype(dtype).kind in "OUST" else np.dtype(dtype)


def _fill(dtype: str | np.dtype) -> Any:
    """Fill value of a not-yet-computed or failed point: NaN for floats, 0 / False / "" otherwise."""
    dtype = np.dtype(dtype)
    if dtype.kind in "fc":
        return np.nan
    if dtype.kind == "b":
        return False
    if dtype.kind in "US":
        return ""
    return 0


def _plain(value: Any) -> Any:
    """A JSON round trip, so attrs read back from Zarr equal the in-memory ones exactly."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    return str(obj)
