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
from neqsc.sweep.layout import (
    DONE,
    ERROR_ATTRS,
    FAILED,
    MISSING,
    STATUS_ATTRS,
    Layout,
    assemble,
    fill_value_for,
    json_plain,
    zarr_dtype,
)
from neqsc.sweep.lock import acquire_lock, check_lock

_INTERNAL_ATTRS = ("sweep_layout_json", "sweep_format")
FORMAT = "neqsc-sweep-1"


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
                name: np.full(
                    self.grid.shape + tuple(spec["shape"]), fill_value_for(spec["dtype"]), dtype=spec["dtype"]
                )
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
        self._arrays: dict[str, object] = {}
        if self.path.suffix.lower() != ".zarr":
            raise InvalidParameter("store", str(path), "a path ending in .zarr")
        exists = self.path.exists()
        if exists:
            check_lock(self.path)
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
        self._lock = acquire_lock(self.path)
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
                **json_plain(attrs),
                "sweep_format": FORMAT,
                "sweep_config_json": json.dumps(config, sort_keys=True),
            },
        )
        for p in grid.parameters:
            arr = group.create_array(
                p.name,
                shape=p.values.shape,
                dtype=zarr_dtype(p.values.dtype),
                chunks=p.values.shape,
                dimension_names=[p.dim],
                attributes=json_plain(p.attrs),
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
                fill_value=fill_value_for(spec["dtype"]),
                dimension_names=list(self.grid.dims) + spec["dims"],
                attributes=spec["attrs"],
                overwrite=True,
            )
        for name, spec in layout.spec["fixed_coords"].items():
            values = np.asarray(spec["values"])
            arr = group.create_array(
                name,
                shape=values.shape,
                dtype=zarr_dtype(values.dtype),
                chunks=values.shape,
                dimension_names=spec["dims"],
                attributes=spec["attrs"],
                overwrite=True,
            )
            arr[...] = values
        group.attrs["sweep_layout_json"] = json.dumps(layout.spec, sort_keys=True)
        self.layout = layout

    def _array(self, name: str):
        """The Zarr array ``name``, opened once (opening reads its metadata from disk)."""
        if name not in self._arrays:
            self._arrays[name] = self.group[name]
        return self._arrays[name]

    def write_point(self, index: int, ds: xr.Dataset) -> None:
        if self.layout is None:
            layout = Layout.from_dataset(ds, self.grid)
            self._create_layout(layout)
        else:
            self.layout.check(ds)
        pos = self.grid.position(index)
        for name, spec in self.layout.variables.items():
            self._array(name)[pos] = np.asarray(ds[name].values, dtype=spec["dtype"])
        if self.status[index] == FAILED:
            self._array("sweep_error")[pos] = ""
        self._array("sweep_status")[pos] = DONE  # last: the point counts as done only once its data is in place
        self.status[index] = DONE

    def write_failure(self, index: int, message: str) -> None:
        pos = self.grid.position(index)
        self._array("sweep_error")[pos] = message
        self._array("sweep_status")[pos] = FAILED
        self.status[index] = FAILED

    def dataset(self, load: bool = True) -> xr.Dataset:
        return open_result(self.path, load=load)


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
    config = json.loads(ds.attrs["sweep_config_json"])
    coords = [*config["grid"]["parameters"], *layout["coords"], *layout.get("fixed_coords", {})]
    ds = ds.set_coords([n for n in coords if n in ds.data_vars])
    ds = ds[[n for n in [*layout["variables"], "sweep_status", "sweep_error"] if n not in coords]]  # function order
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
