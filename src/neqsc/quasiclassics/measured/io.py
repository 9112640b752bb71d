r"""Loaders for measured local and nonlocal conductance (CSV or netCDF) → xarray in SI units.

CSV format (one row per measured point, "long" format; ``#`` starts a comment line; comma separated)
----------------------------------------------------------------------------------------------------
Header names, optionally followed by a unit in square brackets (``V_inj [uV]``, ``G [uS]``, ``I_s [uA]``). A column
without a unit is taken to be in SI (V, S, A). Units are parsed with pint (:func:`neqsc.units.parse_quantity`).

* **Local conductance** G(V) of one junction: columns ``V`` (bias) and ``G`` (dI/dV); optional ``G_err`` (1σ
  uncertainty of G, same dimension) and ``I_s`` (supercurrent) for maps G(V, I_s).
* **Nonlocal conductance** g_nl = dI_det/dV_inj: columns ``V_inj`` and ``g_nl``; optional ``V_det``, ``I_s`` and
  ``g_nl_err``.

Conductance columns may be dimensionless (unit ``[1]``) for data normalised by the normal-state conductance. The
points must form a complete rectangular grid over the coordinate columns present (every combination exactly once,
any order); missing or repeated combinations raise :class:`InvalidParameter` naming the columns.

netCDF: a file with a variable ``G`` (dims ``V`` [, ``I_s``]) or ``g_nl`` (dims ``V_inj`` [, ``V_det``] [, ``I_s``]),
optional ``G_err`` / ``g_nl_err``; each variable and coordinate may carry a ``units`` attribute (default SI).

Returned Dataset: the conductance variable (S or 1), its ``*_err`` if given, coordinates in V and A, attrs
``measurement = "local" | "nonlocal"``, ``source`` (the path) and ``neqsc_kind = "measured_conductance"``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import xarray as xr

from neqsc.errors import InvalidParameter
from neqsc.units import parse_quantity

__all__ = ["COLUMNS", "load_conductance", "to_csv"]

#: Recognised columns → (SI unit, role, long name).
COLUMNS: dict[str, tuple[str, str, str]] = {
    "V": ("V", "coord", "bias voltage"),
    "V_inj": ("V", "coord", "injector bias voltage"),
    "V_det": ("V", "coord", "detector bias voltage"),
    "I_s": ("A", "coord", "supercurrent"),
    "G": ("S", "data", "local differential conductance dI/dV"),
    "G_err": ("S", "error", "1σ uncertainty of G"),
    "g_nl": ("S", "data", "nonlocal conductance dI_det/dV_inj"),
    "g_nl_err": ("S", "error", "1σ uncertainty of g_nl"),
}
_LAYOUTS = {"local": ("G", ("V", "I_s")), "nonlocal": ("g_nl", ("V_inj", "V_det", "I_s"))}
_HEADER = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\s*([^\]]*?)\s*\])?\s*$")


def _unit_factor(column: str, unit_text: str | None, si_unit: str) -> tuple[float, str]:
    """Factor converting values in ``unit_text`` to ``si_unit`` (or dimensionless for conductance columns)."""
    if not unit_text:
        return 1.0, si_unit
    if COLUMNS[column][1] != "coord" and unit_text in ("1", "-", "G_N", "dimensionless"):
        return 1.0, "1"
    try:
        return parse_quantity(f"1 {unit_text}", si_unit, name=f"unit of column {column!r}"), si_unit
    except InvalidParameter as exc:
        raise InvalidParameter(
            f"column {column!r}", f"[{unit_text}]", f"a unit convertible to {si_unit}", hint=exc.hint
        ) from None


def _parse_header(header: list[str]) -> list[tuple[str, str | None]]:
    out = []
    for raw in header:
        match = _HEADER.match(raw)
        if not match:
            raise InvalidParameter(f"column {raw.strip()!r}", raw, "a header like 'V_inj [uV]' (name [unit])")
        out.append((match.group(1), match.group(2)))
    names = [n for n, _ in out]
    for name in names:
        if names.count(name) > 1:
            raise InvalidParameter(f"column {name!r}", names, "each column name at most once")
    return out


def _detect_layout(names: list[str], path: Path) -> str:
    for kind, (data, coords) in _LAYOUTS.items():
        if data in names:
            if coords[0] not in names:
                raise InvalidParameter(
                    f"column {coords[0]!r}",
                    names,
                    f"present with column {data!r}",
                    hint=f"{path.name}: {kind} data need the bias column {coords[0]!r}",
                )
            return kind
    raise InvalidParameter(
        "column 'G' or 'g_nl'",
        names,
        "a header with 'G' (local) or 'g_nl' (nonlocal) conductance",
        hint=f"{path.name}: recognised columns are " + ", ".join(COLUMNS),
    )


def _read_csv(path: Path) -> xr.Dataset:
    with path.open(newline="") as handle:
        rows = [r for r in csv.reader(line for line in handle if line.strip() and not line.lstrip().startswith("#"))]
    if not rows:
        raise InvalidParameter("path", str(path), "a CSV file with a header row and data rows")
    header = _parse_header(rows[0])
    names = [n for n, _ in header]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise InvalidParameter(f"column {unknown[0]!r}", names, "one of " + ", ".join(COLUMNS))
    kind = _detect_layout(names, path)
    data_name, coord_names = _LAYOUTS[kind]
    for name in names:
        if COLUMNS[name][1] == "coord" and name not in coord_names:
            raise InvalidParameter(f"column {name!r}", names, f"a coordinate of {kind} data: {coord_names}")
        if COLUMNS[name][1] == "error" and name != f"{data_name}_err":
            raise InvalidParameter(f"column {name!r}", names, f"'{data_name}_err' for {kind} data")
    body = rows[1:]
    if not body:
        raise InvalidParameter("path", str(path), "at least one data row after the header")
    values = np.empty((len(body), len(names)))
    for i, row in enumerate(body):
        if len(row) != len(names):
            raise InvalidParameter(f"row {i + 2}", ",".join(row), f"{len(names)} comma-separated values ({names})")
        for j, cell in enumerate(row):
            try:
                values[i, j] = float(cell)
            except ValueError:
                raise InvalidParameter(f"column {names[j]!r}", cell, "a number", hint=f"data row {i + 1}") from None
            if not np.isfinite(values[i, j]):
                raise InvalidParameter(f"column {names[j]!r}", cell, "a finite number", hint=f"data row {i + 1}")
    columns = {}
    units = {}
    for j, (name, unit_text) in enumerate(header):
        factor, units[name] = _unit_factor(name, unit_text, COLUMNS[name][0])
        columns[name] = values[:, j] * factor
    return _grid(columns, units, kind, path)


def _grid(columns: dict[str, np.ndarray], units: dict[str, str], kind: str, path: Path) -> xr.Dataset:
    """Long-format columns → rectangular grid; raises if combinations are missing or repeated."""
    data_name, coord_names = _LAYOUTS[kind]
    dims = [c for c in coord_names if c in columns]
    axes = [np.unique(columns[d]) for d in dims]
    index = tuple(np.searchsorted(ax, columns[d]) for ax, d in zip(axes, dims, strict=True))
    shape = tuple(ax.size for ax in axes)
    flat = np.ravel_multi_index(index, shape)
    counts = np.bincount(flat, minlength=int(np.prod(shape)))
    if np.any(counts > 1):
        k = int(np.argmax(counts > 1))
        where = dict(
            zip(dims, (float(ax[i]) for ax, i in zip(axes, np.unravel_index(k, shape), strict=True)), strict=True)
        )
        raise InvalidParameter(
            "columns " + ", ".join(repr(d) for d in dims),
            where,
            "each combination exactly once",
            hint=f"{path.name}: repeated point",
        )
    if np.any(counts == 0):
        raise InvalidParameter(
            "columns " + ", ".join(repr(d) for d in dims),
            f"{int(np.sum(counts == 0))} missing",
            "a complete rectangular grid (every combination of the coordinate values)",
            hint=f"{path.name}: {len(flat)} rows for a {' x '.join(map(str, shape))} grid",
        )
    coords = {
        d: (d, ax, {"units": "V" if d != "I_s" else "A", "long_name": COLUMNS[d][2]})
        for d, ax in zip(dims, axes, strict=True)
    }
    ds = xr.Dataset(coords=coords)
    for name in (data_name, f"{data_name}_err"):
        if name in columns:
            grid = np.empty(shape)
            grid.ravel()[flat] = columns[name]
            ds[name] = (dims, grid, {"units": units[name], "long_name": COLUMNS[name][2]})
    if f"{data_name}_err" in ds and np.any(ds[f"{data_name}_err"].values <= 0):
        raise InvalidParameter(f"column '{data_name}_err'", float(ds[f"{data_name}_err"].min()), "> 0 everywhere")
    ds.attrs = {"measurement": kind, "source": str(path), "neqsc_kind": "measured_conductance"}
    return ds


def _read_netcdf(path: Path) -> xr.Dataset:
    try:
        with xr.open_dataset(path, engine="h5netcdf") as handle:
            raw = handle.load()
    except (OSError, ValueError) as exc:
        raise InvalidParameter("path", str(path), "a readable netCDF file", hint=str(exc)) from None
    names = [*raw.data_vars, *raw.coords]
    kind = _detect_layout(names, path)
    data_name, coord_names = _LAYOUTS[kind]
    da = raw[data_name]
    for dim in da.dims:
        if dim not in raw.variables:
            raise InvalidParameter(f"coordinate {dim!r}", None, f"a coordinate variable for dimension {dim!r}")
        if dim not in coord_names:
            raise InvalidParameter(f"variable {data_name!r} dimension {dim!r}", da.dims, f"dims among {coord_names}")
    columns = {}
    units = {}
    for name in [*da.dims, data_name, f"{data_name}_err"]:
        if name not in raw.variables:
            continue
        var = raw[name]
        factor, units[name] = _unit_factor(name, var.attrs.get("units") or None, COLUMNS[name][0])
        values = np.broadcast_to(var.values, da.shape) if name != data_name and name not in da.dims else var.values
        if not np.all(np.isfinite(values)):
            raise InvalidParameter(f"variable {name!r}", "non-finite values", "finite numbers")
        columns[name] = values * factor
    grid_cols = {}
    mesh = np.meshgrid(*(columns[d] for d in da.dims), indexing="ij")
    for d, m in zip(da.dims, mesh, strict=True):
        grid_cols[d] = m.ravel()
    for name in (data_name, f"{data_name}_err"):
        if name in columns:
            grid_cols[name] = np.broadcast_to(columns[name], da.shape).ravel()
    return _grid(grid_cols, units, kind, path)


def load_conductance(path: str | Path) -> xr.Dataset:
    """Load measured local (``G``) or nonlocal (``g_nl``) conductance from a ``.csv`` or ``.nc`` file.

    See the module docstring for the column names and units. Returns an xarray Dataset in SI units (V, A, S; or
    dimensionless conductance if the file says ``[1]``). Raises :class:`InvalidParameter` naming the offending column
    for a missing/unknown column, a non-numeric entry, a bad unit or an incomplete grid.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidParameter("path", str(path), "an existing .csv or .nc file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            return _check_bias_scale(_read_csv(path))
        except UnicodeDecodeError as exc:
            raise InvalidParameter("path", str(path), "a UTF-8 (or ASCII) text CSV file", hint=str(exc)) from None
    if suffix in (".nc", ".nc4", ".h5"):
        return _check_bias_scale(_read_netcdf(path))
    raise InvalidParameter("path", str(path), "a file name ending in .csv or .nc")


class BiasUnitWarning(UserWarning):
    """A bias column whose magnitude suggests it is in another unit than its header says."""


# NIS tunnelling biases span a few gaps: |V| from ~10 µV (Δ_Al/e ≈ 0.2 mV) to ~10 mV (Δ_Nb/e ≈ 1.5 mV, several
# gaps). Outside [1 µV, 0.1 V] the column is almost certainly in another unit (µV numbers under a "[V]" header
# give gaps of 10⁶ times the true value).
_BIAS_RANGE_V = (1e-6, 0.1)


def _check_bias_scale(ds: xr.Dataset) -> xr.Dataset:
    import warnings

    for name in ("V", "V_inj", "V_det"):
        if name not in ds.variables or ds[name].attrs.get("units", "V") != "V":
            continue
        vmax = float(np.nanmax(np.abs(ds[name].values))) if ds[name].size else 0.0
        if vmax > 0 and not _BIAS_RANGE_V[0] <= vmax <= _BIAS_RANGE_V[1]:
            warnings.warn(
                f"column {name} reaches |{name}| = {vmax:.3g} V, outside the {_BIAS_RANGE_V[0]:g}–"
                f"{_BIAS_RANGE_V[1]:g} V of NIS bias sweeps: is it in another unit? State it in the header, e.g. "
                f"'{name} [uV]'; fitted gaps scale with it",
                BiasUnitWarning,
                stacklevel=3,
            )
    return ds


def to_csv(ds: xr.Dataset, path: str | Path, units: dict[str, str] | None = None) -> Path:
    """Write a conductance Dataset (as returned by :func:`load_conductance`) back to the long CSV format.

    ``units`` maps column names to display units (e.g. ``{"V": "uV", "G": "uS"}``); others are written in SI.
    """
    path = Path(path)
    units = units or {}
    data_name = "G" if "G" in ds else "g_nl"
    dims = list(ds[data_name].dims)
    names = [*dims, data_name] + ([f"{data_name}_err"] if f"{data_name}_err" in ds else [])
    flat = ds[names].to_dataframe().reset_index() if dims else None
    factors = {n: (parse_quantity(f"1 {COLUMNS[n][0]}", units[n]) if n in units else 1.0) for n in names}
    header = [f"{n} [{units.get(n, COLUMNS[n][0] if ds[n].attrs.get('units', '') != '1' else '1')}]" for n in names]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in flat[names].itertuples(index=False):
            writer.writerow([f"{v * factors[n]:.10g}" for v, n in zip(row, names, strict=True)])
    return path
