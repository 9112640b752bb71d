"""Save and load results: xarray Datasets as netCDF (``.nc``, h5netcdf engine) or Zarr (``.zarr``).

:func:`save` stamps provenance into the Dataset attributes (``neqsc_version``, ``created_utc``,
``git_commit`` when the package runs from a git checkout, and ``parameters_json`` — the parameters that
produced the data, as JSON, so a file can be re-run). netCDF attributes must be scalars or strings, so any
dict/list/bool/None attribute is JSON-encoded on save under its own name with a ``json:`` prefix and decoded on
:func:`load`; the round trip is exact.

Nothing is destroyed by accident: :func:`save` refuses an existing file or folder unless ``overwrite=True`` (or the
call runs inside :func:`allow_overwrite`, which is how the CLI's ``--overwrite`` reaches every writer), and even then
it writes to a temporary name first and moves the result into place, so a failed write leaves the old file intact.
:func:`output_name` refuses names (from configuration files) that would leave their output folder.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import functools
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from neqsc.errors import InvalidParameter

_JSON_PREFIX = "json:"
_OVERWRITE: contextvars.ContextVar[bool] = contextvars.ContextVar("neqsc_overwrite", default=False)


@contextlib.contextmanager
def allow_overwrite(allowed: bool = True) -> Iterator[None]:
    """Within this block :func:`save` (with ``overwrite=None``) may replace existing outputs (CLI ``--overwrite``).

    ``allowed`` (a flag, no units): False forbids overwriting inside the block even within an outer
    ``allow_overwrite()``.
    """
    token = _OVERWRITE.set(bool(allowed))
    try:
        yield
    finally:
        _OVERWRITE.reset(token)


def overwrite_allowed(overwrite: bool | None = None) -> bool:
    """``overwrite`` if given, else whether the caller is inside :func:`allow_overwrite` (a flag, no units)."""
    return _OVERWRITE.get() if overwrite is None else bool(overwrite)


def check_new_output(path: str | Path, overwrite: bool | None = None, name: str = "path") -> Path:
    """Refuse ``path`` if it exists and overwriting is not allowed; return it as a Path.

    ``overwrite`` as in :func:`overwrite_allowed`; ``name`` is the parameter name reported in the error (no units).

    Raises
    ------
    InvalidParameter
        ``path`` exists (file or folder) and neither ``overwrite=True`` nor :func:`allow_overwrite` is in effect.
    """
    path = Path(path)
    if (path.exists() or path.is_symlink()) and not overwrite_allowed(overwrite):
        hint = "pass --overwrite (API: overwrite=True) to replace it"
        raise InvalidParameter(name, str(path), "a path that does not exist yet", hint=hint)
    return path


def check_output_folder(folder: str | Path, overwrite: bool | None = None, name: str = "--out") -> Path:
    """Refuse a non-empty output folder unless overwriting is allowed (files in it could be replaced).

    ``folder``: the output folder; ``overwrite`` as in :func:`overwrite_allowed`; ``name``: the option reported in
    the error. No units. Returns ``folder`` as a Path.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InvalidParameter(name, str(folder), "a folder (or a path that does not exist yet)")
    if folder.is_dir() and any(folder.iterdir()) and not overwrite_allowed(overwrite):
        raise InvalidParameter(
            name, str(folder), "an empty or new folder", hint="pass --overwrite to replace the files already in it"
        )
    return folder


def output_name(folder: str | Path, name: str, what: str = "name") -> Path:
    """``folder / name`` for a name read from a configuration file, refusing names that would leave ``folder``.

    A name must be a single path component: no ``/`` or ``\\``, not ``.`` or ``..``, not empty, no NUL.
    ``what`` is the configuration key reported in the error (no units).
    """
    if (
        not isinstance(name, str)
        or not name.strip()
        or name in (".", "..")
        or any(ch in name for ch in ("/", "\\", "\0"))
        or Path(name).is_absolute()
    ):
        raise InvalidParameter(what, name, "a plain file name (no folders, no '..'), e.g. 'my_device'")
    return Path(folder) / name


def provenance(parameters: dict[str, Any] | None = None) -> dict[str, str]:
    """Attributes describing how a result was made: version, UTC time, git commit, parameters as JSON.

    ``parameters``: the inputs that produced the result (JSON-serialisable; numbers in SI or the documented reduced
    units of the engine, stored as given).
    """
    import neqsc

    attrs = {
        "neqsc_version": neqsc.__version__,
        "created_utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }
    commit = git_commit()
    if commit:
        attrs["git_commit"] = commit
    if parameters is not None:
        attrs["parameters_json"] = json.dumps(parameters, default=_json_default, sort_keys=True)
    return attrs


@functools.lru_cache(maxsize=1)
def git_commit() -> str | None:
    """The commit of the source tree neqsc is imported from, or None outside a git checkout."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def save(
    ds: xr.Dataset, path: str | Path, parameters: dict[str, Any] | None = None, overwrite: bool | None = None
) -> Path:
    """Write ``ds`` to ``path`` (``.nc`` → netCDF4/h5netcdf, ``.zarr`` → Zarr store) with provenance attrs.

    Parameters
    ----------
    ds:
        The Dataset to write. It is not modified.
    path:
        Destination; the suffix chooses the format. Parent folders are created.
    parameters:
        Optional parameters to embed as ``parameters_json`` (kept if ``ds`` already has it and this is None).
    overwrite:
        Replace an existing file or Zarr store at ``path``. ``None`` (default): only inside :func:`allow_overwrite`.
        Without it an existing ``path`` raises :class:`InvalidParameter` and nothing is touched. A folder that is
        not a Zarr store, or a folder where a ``.nc`` file is to go, is never replaced.

    The data are written under a temporary name next to ``path`` and moved into place at the end, so an error or
    a kill during the write never leaves a half-written file under ``path`` nor loses the file it replaces.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".nc", ".zarr"):
        raise InvalidParameter("path", str(path), "a file name ending in .nc (netCDF) or .zarr (Zarr)")
    check_new_output(path, overwrite)
    if path.exists() and not _replaceable(path, suffix):
        raise InvalidParameter(
            "path", str(path), f"a {suffix} file (or nothing) to replace", hint="it is a folder or file of another kind"
        )
    out = ds.copy()
    stamp = provenance(parameters)
    if parameters is None and "parameters_json" in ds.attrs:
        stamp.pop("parameters_json", None)
    out.attrs = _encode_attrs({**ds.attrs, **stamp})
    for name in out.variables:
        out[name].attrs = _encode_attrs(out[name].attrs)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if suffix == ".nc":
            out.to_netcdf(tmp, engine="h5netcdf")
        else:
            out.to_zarr(tmp, mode="w-", consolidated=False)
        _move_into_place(tmp, path)
    finally:
        _remove(tmp)
    return path


def _replaceable(path: Path, suffix: str) -> bool:
    """An existing ``path`` may be replaced (with overwrite) only by the same kind of thing."""
    if suffix == ".nc":
        return path.is_file() or path.is_symlink()
    return path.is_dir() and ((path / "zarr.json").exists() or (path / ".zgroup").exists() or not any(path.iterdir()))


def _move_into_place(tmp: Path, path: Path) -> None:
    if tmp.is_dir() and path.exists():
        old = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.old")
        os.replace(path, old)
        try:
            os.replace(tmp, path)
        except OSError:
            os.replace(old, path)
            raise
        _remove(old)
    else:
        os.replace(tmp, path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink(missing_ok=True)


def load(path: str | Path) -> xr.Dataset:
    """Read a Dataset written by :func:`save` (or any netCDF/Zarr file) fully into memory.

    ``path``: a ``.nc`` file or ``.zarr`` store (no units; the variables keep their ``units`` attributes).
    """
    path = Path(path)
    if not path.exists():
        raise InvalidParameter("path", str(path), "an existing .nc file or .zarr store")
    suffix = path.suffix.lower()
    if suffix not in (".nc", ".zarr"):
        raise InvalidParameter("path", str(path), "a file name ending in .nc or .zarr")
    try:
        if suffix == ".nc":
            with xr.open_dataset(path, engine="h5netcdf") as handle:
                ds = handle.load()
        else:
            with xr.open_zarr(path, consolidated=False) as handle:
                ds = handle.load()
        ds.attrs = _decode_attrs(ds.attrs)
        for name in ds.variables:
            ds[name].attrs = _decode_attrs(ds[name].attrs)
    except MemoryError:
        raise
    except Exception as exc:  # h5py, zarr, JSON, OS errors: whatever a damaged or foreign file raises
        kind = "netCDF (.nc) file" if suffix == ".nc" else "Zarr store (.zarr folder)"
        raise InvalidParameter(
            "path", str(path), f"a readable {kind}", hint=f"it could not be read ({type(exc).__name__}: {exc})"
        ) from None
    return ds


def parameters_of(ds: xr.Dataset) -> dict[str, Any]:
    """The parameters embedded in a result (``parameters_json`` attribute), or ``{}``.

    ``ds``: a result Dataset; the values come back as stored by :func:`provenance` (no unit conversion).
    """
    text = ds.attrs.get("parameters_json")
    return json.loads(text) if text else {}


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(obj)
    return repr(obj)


def _encode_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    encoded = {}
    for key, value in attrs.items():
        if isinstance(value, bool | dict | list | tuple) or value is None:
            encoded[key] = _JSON_PREFIX + json.dumps(value, default=_json_default)
        else:
            encoded[key] = value
    return encoded


def _decode_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    decoded = {}
    for key, value in attrs.items():
        if isinstance(value, str) and value.startswith(_JSON_PREFIX):
            decoded[key] = json.loads(value[len(_JSON_PREFIX) :])
        else:
            decoded[key] = value
    return decoded
