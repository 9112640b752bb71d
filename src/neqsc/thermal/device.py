r"""TOML device descriptions for ``neqsc thermal solve device.toml``.

Every number may be a unit string (``"30 mK"``, ``"2 pW"``, ``"4.2e-20 m^3"``, ``"102.9 ohm"``) or a bare SI
number. Layout (see ``examples/thermal_dey2023.toml``)::

    [device]                 name = "...", description = "..."
    [[nodes]]                name = "S", kind = "electron" (T_guess optional)
    [[nodes]]                name = "p", kind = "fixed", T = "30 mK"      (or follows = "other_fixed_node")
    [[links]]  type = "eph"        node, bath, material and volume (or length/width/thickness); optional sigma,
                                   n, superconducting (bool), Tc, gap_model ("bcs" default | "tanh")
    [[links]]  type = "photonic"   from, to, a = <element>, b = <element>      (neqsc.photonic heat current)
    [[links]]  type = "power_law"  from, to, K (W/K^n), n:  Q = K (T_from^n − T_to^n)   (e.g. a Kapitza contact)
    [[inputs]]                     name = "P_in", node = "S", power = "1 pW"
    [sweep]                        parameter = "P_in", values = "0 W:3 pW:200"   (optional)
    [solve]                        rtol = 1e-9                                    (optional)

Elements: ``{type="resistor", R}``, ``{type="capacitor", C}``, ``{type="inductor", L}``,
``{type="mattis_bardeen", R_n, Tc, gap_model}``, ``{type="nis", R_N, C, Tc, dynes, gap_model}``,
``{type="series"|"parallel", elements=[...]}``; a plain list of elements means series.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from neqsc import bcs, materials
from neqsc.errors import InvalidParameter
from neqsc.thermal.eph import PowerLawEPh, eph_from_material
from neqsc.thermal.network import (
    ElectronNode,
    ElectronPhononLink,
    FixedNode,
    HeatInput,
    HeatLink,
    Network,
    PhotonicLink,
)
from neqsc.units import parse_quantity, parse_range
from neqsc.validation import reader

__all__ = ["Device", "device_from_dict", "load_device", "solve_device"]


@dataclasses.dataclass(frozen=True)
class Device:
    """A parsed device: the network, the optional sweep, solver options and the raw description."""

    name: str
    network: Network
    sweep_parameter: str | None
    sweep_values: np.ndarray | None
    rtol: float
    description: dict


def _q(table: dict, key: str, unit: str, where: str, default: Any = None) -> float:
    if key not in table:
        if default is not None:
            return default
        raise InvalidParameter(f"{where}.{key}", None, f"a value in {unit}")
    return parse_quantity(table[key], unit, f"{where}.{key}")


def _element(spec: Any, where: str):
    from neqsc import photonic as ph

    if isinstance(spec, list):
        return ph.Series(*[_element(s, f"{where}[{i}]") for i, s in enumerate(spec)])
    if not isinstance(spec, dict) or "type" not in spec:
        raise InvalidParameter(where, spec, "an element table with a 'type' key, or a list of them (series)")
    kind = str(spec["type"]).lower()
    if kind == "resistor":
        return ph.Resistor(_q(spec, "R", "ohm", where))
    if kind == "capacitor":
        return ph.Capacitor(_q(spec, "C", "F", where))
    if kind == "inductor":
        return ph.Inductor(_q(spec, "L", "H", where))
    if kind == "mattis_bardeen":
        return ph.MattisBardeenFilm(
            _q(spec, "R_n", "ohm", where),
            _q(spec, "Tc", "K", where),
            gap_model=spec.get("gap_model", bcs.DEFAULT_GAP_MODEL),
        )
    if kind == "nis":
        return ph.NISJunction(
            _q(spec, "R_N", "ohm", where),
            _q(spec, "C", "F", where),
            _q(spec, "Tc", "K", where),
            float(spec.get("dynes", 1e-4)),
            spec.get("gap_model", bcs.DEFAULT_GAP_MODEL),
        )
    if kind in ("series", "parallel"):
        parts = [_element(s, f"{where}.elements[{i}]") for i, s in enumerate(spec.get("elements", []))]
        if not parts:
            raise InvalidParameter(f"{where}.elements", [], "at least one element")
        return ph.Series(*parts) if kind == "series" else ph.Parallel(*parts)
    allowed = "resistor, capacitor, inductor, mattis_bardeen, nis, series, parallel"
    raise InvalidParameter(f"{where}.type", kind, allowed)


def _volume(spec: dict, where: str) -> float:
    if "volume" in spec:
        vol = _q(spec, "volume", "m^3", where)
    elif all(k in spec for k in ("length", "width", "thickness")):
        vol = _q(spec, "length", "m", where) * _q(spec, "width", "m", where) * _q(spec, "thickness", "m", where)
    else:
        raise InvalidParameter(f"{where}.volume", None, "'volume' or 'length', 'width' and 'thickness'")
    if vol <= 0:
        raise InvalidParameter(f"{where}.volume", spec.get("volume", vol), "> 0 m^3")
    return vol


def _eph_link(spec: dict, where: str) -> ElectronPhononLink:
    volume = _volume(spec, where)
    overrides = {}
    if "sigma" in spec:
        n_for_unit = spec.get("n")
        if n_for_unit is None and "material" in spec:
            n_for_unit = materials.get(spec["material"]).eph_exponent
        n_for_unit = 5.0 if n_for_unit is None else float(n_for_unit)
        overrides["sigma"] = _q(spec, "sigma", f"W m^-3 K^-{n_for_unit:g}", where)
    if "n" in spec:
        overrides["n"] = float(spec["n"])
    if "Tc" in spec:
        overrides["Tc"] = _q(spec, "Tc", "K", where)
    if "material" in spec:
        coupling = eph_from_material(
            spec["material"],
            volume,
            superconducting=spec.get("superconducting"),
            gap_model=spec.get("gap_model", bcs.DEFAULT_GAP_MODEL),
            **overrides,
        )
    elif "sigma" in spec:
        if spec.get("superconducting"):
            raise InvalidParameter(f"{where}.material", None, "a superconducting material name (for Tc and Δ)")
        coupling = PowerLawEPh(overrides["sigma"], volume, overrides.get("n", 5.0))
    else:
        raise InvalidParameter(f"{where}.material", None, "a material name or an explicit 'sigma'")
    return ElectronPhononLink(spec["node"], spec["bath"], coupling, label=spec.get("label", spec.get("material", "")))


def _power_law_link(spec: dict, where: str) -> HeatLink:
    K = _q(spec, "K", "W", where)
    n = float(spec.get("n", 4.0))
    return HeatLink(
        spec["from"],
        spec["to"],
        lambda a, b: K * (a**n - b**n),
        lambda a, b: (K * n * a ** (n - 1.0), -K * n * b ** (n - 1.0)),
        label=spec.get("label", "power_law"),
    )


# The keys each table may hold; anything else is refused with the nearest valid name (a typo must not be ignored).
_TABLES = {"device": "table", "nodes": "array", "links": "array", "inputs": "array", "sweep": "table", "solve": "table"}
_KEYS = {
    "device": {"name", "description"},
    "nodes": {"name", "kind", "T_guess", "T", "follows"},
    "links": {"type", "node", "bath", "material", "volume", "length", "width", "thickness", "sigma", "n",
              "superconducting", "Tc", "gap_model", "label", "from", "to", "a", "b", "K"},
    "inputs": {"name", "node", "power"},
    "sweep": {"parameter", "values"},
    "solve": {"rtol"},
}  # fmt: skip


def _unknown(key: str, allowed: set[str], where: str) -> InvalidParameter:
    import difflib

    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else None
    return InvalidParameter(f"{where}.{key}" if where else key, key, "one of " + ", ".join(sorted(allowed)), hint)


def check_schema(data: dict) -> None:
    """Refuse unknown tables and keys (naming the nearest valid one) and tables of the wrong kind."""
    for name, value in data.items():
        if name not in _TABLES:
            raise _unknown(name, set(_TABLES), "")
        entries = [value] if _TABLES[name] == "table" else value
        if _TABLES[name] == "array" and not isinstance(value, list):
            raise InvalidParameter(name, value, f"an array of tables ([[{name}]])")
        for i, entry in enumerate(entries):
            where = name if _TABLES[name] == "table" else f"{name}[{i}]"
            if not isinstance(entry, dict):
                raise InvalidParameter(where, entry, f"a table ([{name}])" if _TABLES[name] == "table" else "a table")
            for key in entry:
                if key not in _KEYS[name]:
                    raise _unknown(key, _KEYS[name], where)


@reader("device file")
def device_from_dict(data: dict) -> Device:
    """Build a :class:`Device` from a parsed TOML dictionary (unknown tables or keys are refused)."""
    check_schema(data)
    return _device_from_dict(data)


def _device_from_dict(data: dict) -> Device:
    header = data.get("device", {})
    nodes = []
    for i, spec in enumerate(data.get("nodes", [])):
        where = f"nodes[{i}]"
        kind = spec.get("kind", "electron")
        if kind == "electron":
            guess = _q(spec, "T_guess", "K", where) if "T_guess" in spec else None
            nodes.append(ElectronNode(spec["name"], guess))
        elif kind == "fixed":
            if "follows" in spec:
                nodes.append(FixedNode(spec["name"], follows=spec["follows"]))
            else:
                nodes.append(FixedNode(spec["name"], _q(spec, "T", "K", where)))
        else:
            raise InvalidParameter(f"{where}.kind", kind, "'electron' or 'fixed'")
    links = []
    for i, spec in enumerate(data.get("links", [])):
        where = f"links[{i}]"
        kind = spec.get("type")
        if kind == "eph":
            links.append(_eph_link(spec, where))
        elif kind == "photonic":
            links.append(
                PhotonicLink(
                    spec["from"], spec["to"], _element(spec["a"], f"{where}.a"), _element(spec["b"], f"{where}.b")
                )
            )
        elif kind == "power_law":
            links.append(_power_law_link(spec, where))
        else:
            raise InvalidParameter(f"{where}.type", kind, "'eph', 'photonic' or 'power_law'")
    inputs = [
        HeatInput(s["node"], _q(s, "power", "W", f"inputs[{i}]"), s.get("name", f"P{i}"))
        for i, s in enumerate(data.get("inputs", []))
    ]
    network = Network(nodes, links, inputs)
    sweep = data.get("sweep")
    param = values = None
    if sweep is not None:
        param = sweep.get("parameter")
        if param not in network.parameter_names:
            raise InvalidParameter("sweep.parameter", param, "one of " + ", ".join(network.parameter_names))
        unit = "K" if any(n.name == param for n in network.fixed) else "W"
        values = parse_range(sweep.get("values", ""), unit, "sweep.values")
    rtol = float(data.get("solve", {}).get("rtol", 1e-9))
    name = header.get("name", "device")
    if not isinstance(name, str):
        raise InvalidParameter("device.name", name, "a string")
    return Device(name, network, param, values, rtol, data)


def load_device(path: str | Path) -> Device:
    """Read a TOML device description (see the module docstring)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, IsADirectoryError):
        raise InvalidParameter("device file", str(path), "an existing TOML file") from None
    except UnicodeDecodeError as exc:
        raise InvalidParameter("device file", str(path), "a UTF-8 text file", hint=str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidParameter("device file", str(path), "valid TOML", hint=str(exc)) from None
    return device_from_dict(data)


def solve_device(device: Device, progress=None) -> xr.Dataset:
    """Steady state (no ``[sweep]``) or the swept balance curve of ``device``; the TOML is kept in the attrs."""
    from neqsc.thermal.results import steady_state, sweep

    if device.sweep_parameter is None:
        ds = steady_state(device.network, rtol=device.rtol)
    else:
        ds = sweep(device.network, device.sweep_parameter, device.sweep_values, rtol=device.rtol, progress=progress)
    ds.attrs["device_name"] = device.name
    ds.attrs["device"] = device.description
    return ds
