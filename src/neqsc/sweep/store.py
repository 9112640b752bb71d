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

Integrity: each finished point also gets a 64-bit checksum (BLAKE2b of its index and its values, array
``sweep_checksum``), written before its status. Resuming, :func:`read_status` and :func:`open_result` recompute the
checksums of the done points: a point whose chunks were altered, replaced by garbage or deleted is reported as
*corrupt*; a resume recomputes it, :func:`read_status` counts it, :func:`open_result` refuses the store until a
resume has repaired it. A store is created atomically: it is built under a temporary name, with its lock, and
renamed into place, so of two sweeps creating the same store at once exactly one succeeds and the other is refused.

The sweep configuration (function, grid, seed, and a SHA-256 of every input file the parameters name) is stored as
``sweep_config_json``; resuming with a different configuration, or after an input file changed, is refused with the
list of differences.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
import warnings
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
from neqsc.sweep.lock import LOCK_NAME, acquire_lock, check_lock

_INTERNAL_ATTRS = ("sweep_layout_json", "sweep_format")
FORMAT = "neqsc-sweep-1"
CHECKSUM = "sweep_checksum"
# the lock file lives inside the store while a sweep writes it; Zarr notes that it is not part of the hierarchy
warnings.filterwarnings("ignore", message=f"Object at {LOCK_NAME} is not recognized")


class CorruptPointsWarning(UserWarning):
    """Points of a sweep store failed their checksum (they are recomputed on resume)."""


def point_checksum(index: int, values: dict[str, np.ndarray]) -> int:
    """64-bit BLAKE2b of a point's flat index and its values (variables in name order, C order, stored dtype).

    Never 0: 0 is the fill value of a point without a checksum.
    """
    digest = hashlib.blake2b(int(index).to_bytes(8, "little"), digest_size=8)
    for name in sorted(values):
        digest.update(np.ascontiguousarray(values[name]).tobytes())
    return int.from_bytes(digest.digest(), "little") or 1


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
        self.corrupt: list[int] = []
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
        if not exists:
            self._create_atomically(zarr, config, attrs, replace=False)
        else:
            if not (self.path / "zarr.json").exists():
                raise InvalidParameter("store", str(path), "an existing sweep store (.zarr directory) or a new path")
            self._lock = acquire_lock(self.path)  # atomic (O_EXCL): a live sweep holding it makes this raise
            try:
                if overwrite:
                    self._create_atomically(zarr, config, attrs, replace=True)
                else:
                    self.group = zarr.open_group(str(self.path), mode="r+")
                    _check_resumable(self.group, config, self.path)
                    self._reopen()
            except BaseException:
                self.close()
                raise
        self._cleanup_tmp()

    def close(self) -> None:
        """Release the store's lock (other sweeps may resume it from now on)."""
        if self._lock is not None:
            self._lock.unlink(missing_ok=True)
            self._lock = None

    def _create_atomically(self, zarr, config: dict[str, Any], attrs: dict[str, Any], *, replace: bool) -> None:
        """Build the store, with our lock in it, under a temporary name and move it to :attr:`path` in one rename.

        Creating: ``os.rename`` onto a path another sweep created meanwhile fails (the target is a non-empty folder),
        so exactly one of two simultaneous creators wins. Replacing (overwrite, lock on the old store held): the old
        store is moved aside, the new one moved in, the old one deleted.
        """
        tmp = self.path.with_name(f".{self.path.name}.creating-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            self._create(zarr, tmp, config, attrs)
            acquire_lock(tmp)
            if replace:
                old = self.path.with_name(f".{self.path.name}.replaced-{uuid.uuid4().hex[:8]}")
                os.replace(self.path, old)
                os.replace(tmp, self.path)
                shutil.rmtree(old, ignore_errors=True)
            else:
                try:
                    os.rename(tmp, self.path)
                except OSError:
                    raise InvalidParameter(
                        "store",
                        str(self.path),
                        "a store path no other sweep is creating at the same time",
                        hint="another sweep created it first; use another path, or resume that store once it is done",
                    ) from None
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        self._lock = self.path / LOCK_NAME
        self.group = zarr.open_group(str(self.path), mode="r+")
        self._arrays.clear()

    def _create(self, zarr, where: Path, config: dict[str, Any], attrs: dict[str, Any]) -> None:
        grid = self.grid
        group = zarr.open_group(
            str(where),
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
        group.create_array(
            CHECKSUM,
            shape=grid.shape,
            dtype="u8",
            chunks=point_chunks,
            fill_value=0,
            dimension_names=list(grid.dims),
            attributes={"long_name": "BLAKE2b-64 of the point's index and values (0: none)"},
        )
        self.status = np.zeros(grid.size, dtype=np.int8)

    def _reopen(self) -> None:
        group = self.group
        status, readable = _read_flat(group["sweep_status"], self.grid)
        self.status = np.where(readable, status.reshape(-1), MISSING).astype(np.int8)
        text = group.attrs.get("sweep_layout_json")
        if text is not None:
            self.layout = Layout(json.loads(text))
            bad = sorted({*np.flatnonzero(~readable).tolist(), *verify_points(group, self.grid, self.status)})
            if bad:
                self.corrupt = bad
                warnings.warn(
                    f"sweep store {self.path}: {len(bad)} point(s) failed their checksum (first: {bad[:5]}); "
                    "they are recomputed",
                    CorruptPointsWarning,
                    stacklevel=3,
                )
                for index in bad:  # reset: status missing, data chunks rewritten with fill values
                    pos = self.grid.position(index)
                    self._array("sweep_status")[pos] = MISSING
                    for name, spec in self.layout.variables.items():
                        self._array(name)[pos] = fill_value_for(spec["dtype"])
                    self.status[index] = MISSING
            return
        # Killed after creating some result arrays but before the layout was recorded: no point can be done yet.
        keep = {"sweep_status", "sweep_error", CHECKSUM, *self.grid.names}
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

    @property
    def _has_checksums(self) -> bool:
        """Stores written before checksums existed have no ``sweep_checksum`` array; they are not verified."""
        if not hasattr(self, "_checksums"):
            self._checksums = CHECKSUM in self.group.array_keys()
        return self._checksums

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
        variables = self.layout.variables
        values = {name: np.asarray(ds[name].values, dtype=spec["dtype"]) for name, spec in variables.items()}
        for name, value in values.items():
            self._array(name)[pos] = value
        if self.status[index] == FAILED:
            self._array("sweep_error")[pos] = ""
        if self._has_checksums:
            self._array(CHECKSUM)[pos] = point_checksum(index, values)
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
    """The combined Dataset of a sweep store (complete or not); ``load=False`` keeps data on disk (lazy).

    ``path`` is the store's ``.zarr`` directory (no units; the variables keep the units of the swept function).
    """
    path = Path(path)
    if not (path / "zarr.json").exists():
        raise InvalidParameter("store", str(path), "an existing sweep store (.zarr directory)")
    info = read_status(path)
    if info["corrupt"]:
        raise InvalidParameter(
            "store",
            str(path),
            "a store whose points pass their checksums",
            hint=f"{info['corrupt']} point(s) are corrupt (first: {info['corrupt_points'][:5]}); resume the sweep "
            "(CLI: neqsc sweep run FILE --resume) to recompute them",
        )
    ds = xr.open_zarr(path, consolidated=False, chunks=None)
    if ds.attrs.get("sweep_format") != FORMAT:
        raise InvalidParameter("store", str(path), f"a store written by neqsc.sweep (format {FORMAT})")
    layout_text = ds.attrs.get("sweep_layout_json")
    layout = json.loads(layout_text) if layout_text else {"variables": {}, "coords": []}
    config = json.loads(ds.attrs["sweep_config_json"])
    coords = [*config["grid"]["parameters"], *layout["coords"], *layout.get("fixed_coords", {})]
    ds = ds.drop_vars([CHECKSUM], errors="ignore")
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
    """Counts of done / failed / missing / corrupt points of a store, the failure messages and the configuration.

    Every done point's checksum is verified: a point whose data or status cannot be read, or whose values no longer
    match its checksum, counts as ``corrupt`` (listed in ``corrupt_points``), not as done.
    ``path`` is the store's ``.zarr`` directory (no units).
    """
    import zarr

    path = Path(path)
    if not (path / "zarr.json").exists():
        raise InvalidParameter("store", str(path), "an existing sweep store (.zarr directory)")
    try:
        group = zarr.open_group(str(path), mode="r")
        fmt = group.attrs.get("sweep_format")
        config = json.loads(group.attrs["sweep_config_json"]) if fmt == FORMAT else None
    except Exception as exc:  # damaged metadata (zarr.json): not a readable store
        hint = f"{type(exc).__name__}: {exc}"
        raise InvalidParameter("store", str(path), "a readable sweep store", hint=hint) from None
    if fmt != FORMAT:
        raise InvalidParameter("store", str(path), f"a store written by neqsc.sweep (format {FORMAT})")
    grid = _grid_of(config)
    status, readable = _read_flat(group["sweep_status"], grid)
    status = np.where(readable, status.reshape(-1), MISSING)
    bad = set(np.flatnonzero(~readable).tolist())
    if group.attrs.get("sweep_layout_json") is not None:
        bad |= set(verify_points(group, grid, status))
    corrupt = sorted(bad)
    status[corrupt] = MISSING
    failed = np.flatnonzero(status == FAILED)
    errors = {}
    if failed.size:
        messages, ok = _read_flat(group["sweep_error"], grid)
        errors = {int(i): str(messages[i, 0]) if ok[i] else "(unreadable error message)" for i in failed}
    return {
        "total": int(status.size),
        "done": int(np.count_nonzero(status == DONE)),
        "failed": int(failed.size),
        "missing": int(np.count_nonzero(status == MISSING)) - len(corrupt),
        "corrupt": len(corrupt),
        "corrupt_points": corrupt,
        "errors": errors,
        "config": config,
    }


class _StoredGrid:
    """The shape bookkeeping of a stored grid (enough to address points without rebuilding parameter arrays)."""

    def __init__(self, shape: list[int]) -> None:
        self.shape = tuple(int(n) for n in shape)
        self.size = int(np.prod(self.shape, dtype=np.int64))

    def position(self, index: int) -> tuple[int, ...]:
        return tuple(int(i) for i in np.unravel_index(index, self.shape))


def _grid_of(config: dict[str, Any]) -> _StoredGrid:
    return _StoredGrid(config["grid"]["shape"])


def _read_flat(array, grid) -> tuple[np.ndarray, np.ndarray]:
    """An array over the grid as ``(points, values per point)`` and a mask of the points that could be read.

    Read in one go; if that fails (a chunk that does not decode), point by point, so one bad chunk costs one point.
    """
    try:
        return np.asarray(array[...]).reshape(grid.size, -1), np.ones(grid.size, dtype=bool)
    except Exception:
        rest = int(np.prod(array.shape[len(grid.shape) :], dtype=np.int64))
        out = np.zeros((grid.size, rest), dtype=object if array.dtype.kind in "OTU" else array.dtype)
        ok = np.ones(grid.size, dtype=bool)
        for index in range(grid.size):
            try:
                out[index] = np.asarray(array[grid.position(index)]).reshape(-1)
            except Exception:
                ok[index] = False
        return out, ok


def verify_points(group, grid, status: np.ndarray) -> list[int]:
    """Flat indices of done points whose data cannot be read or do not match their checksum."""
    done = np.flatnonzero(np.asarray(status).reshape(-1) == DONE)
    if done.size == 0 or CHECKSUM not in group.array_keys():
        return []
    layout = json.loads(group.attrs["sweep_layout_json"])
    sums, ok = _read_flat(group[CHECKSUM], grid)
    rows = {}
    for name in layout["variables"]:
        if name not in group.array_keys():
            return done.tolist()  # a result array was deleted: nothing done can be trusted
        rows[name], readable = _read_flat(group[name], grid)
        ok &= readable
    bad = []
    for index in done:
        values = {name: rows[name][index] for name in rows}
        if not ok[index] or int(sums[index, 0]) != point_checksum(int(index), values):
            bad.append(int(index))
    return bad


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
    old_in, new_in = stored.get("inputs"), new.get("inputs")
    if old_in is not None and new_in is not None:  # stores written before input fingerprints have none
        for name in sorted(set(old_in) | set(new_in)):
            if old_in.get(name) != new_in.get(name):
                reasons.append(f"the content of input file {name!r} changed since the store was written")
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
