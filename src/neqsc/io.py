"""Save and load results: xarray Datasets as netCDF (``.nc``, h5netcdf engine) or Zarr (``.zarr``).

:func:`save` stamps provenance into the Dataset attributes (``neqsc_version``, ``created_utc``,
``git_commit`` when the package runs from a git checkout, and ``parameters_json`` — the parameters that
produced the data, as JSON, so a file can be re-run). netCDF attributes must be scalars or strings, so any
dict/list/bool/None attribute is JSON-encoded on save under its own name with a ``json:`` prefix and decoded on
:func:`load`; the round trip is exact.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from neqsc.errors import InvalidParameter

_JSON_PREFIX = "json:"


def provenance(parameters: dict[str, Any] | None = None) -> dict[str, str]:
    """Attributes describing how a result was made: version, UTC time, git commit, parameters as JSON."""
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


def save(ds: xr.Dataset, path: str | Path, parameters: dict[str, Any] | None = None) -> Path:
    """Write ``ds`` to ``path`` (``.nc`` → netCDF4/h5netcdf, ``.zarr`` → Zarr store) with provenance attrs.

    Parameters
    ----------
    ds:
        The Dataset to write. It is not modified.
    path:
        Destination; the suffix chooses the format. Parent folders are created.
    parameters:
        Optional parameters to embed as ``parameters_json`` (kept if ``ds`` already has it and this is None).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".nc", ".zarr"):
        raise InvalidParameter("path", str(path), "a file name ending in .nc (netCDF) or .zarr (Zarr)")
    out = ds.copy()
    stamp = provenance(parameters)
    if parameters is None and "parameters_json" in ds.attrs:
        stamp.pop("parameters_json", None)
    out.attrs = _encode_attrs({**ds.attrs, **stamp})
    for name in out.variables:
        out[name].attrs = _encode_attrs(out[name].attrs)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".nc":
        out.to_netcdf(path, engine="h5netcdf")
    else:
        out.to_zarr(path, mode="w", consolidated=False)
    return path


def load(path: str | Path) -> xr.Dataset:
    """Read a Dataset written by :func:`save` (or any netCDF/Zarr file) fully into memory."""
    path = Path(path)
    if not path.exists():
        raise InvalidParameter("path", str(path), "an existing .nc file or .zarr store")
    suffix = path.suffix.lower()
    if suffix == ".nc":
        with xr.open_dataset(path, engine="h5netcdf") as handle:
            ds = handle.load()
    elif suffix == ".zarr":
        with xr.open_zarr(path, consolidated=False) as handle:
            ds = handle.load()
    else:
        raise InvalidParameter("path", str(path), "a file name ending in .nc or .zarr")
    ds.attrs = _decode_attrs(ds.attrs)
    for name in ds.variables:
        ds[name].attrs = _decode_attrs(ds[name].attrs)
    return ds


def parameters_of(ds: xr.Dataset) -> dict[str, Any]:
    """The parameters embedded in a result (``parameters_json`` attribute), or ``{}``."""
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
