"""Netlists from plain data (TOML/JSON-like dicts) for :class:`~neqsc.photonic.network.Network`.

Element specs (values are numbers in SI units or unit strings such as ``"2.857 ohm"``, ``"1 nH"``, ``"0.4 K"``)::

    {type = "resistor", R = "10 ohm"}            {type = "capacitor", C = "50 fF"}
    {type = "inductor", L = "1 nH"}
    {type = "mb_film", R_n = "100 ohm", Tc = "0.4 K", dynes = 0}  (gap_model "bcs" default | "tanh")
    {type = "nis", R_N = "1 kohm", C = "50 fF", Tc = "1.2 K", dynes = 1e-4, gap_model = "bcs"}
    {type = "series", elements = [...]}          {type = "parallel", elements = [...]}

A network spec has ``reservoir`` entries ``{name, nodes = [a, b], T = "300 mK", element = {...}}`` and ``line``
entries ``{nodes = [a, b], element = {...}}`` (no element: an ideal wire).
"""

from __future__ import annotations

from typing import Any

from neqsc import bcs
from neqsc.errors import InvalidParameter
from neqsc.photonic.elements import (
    Capacitor,
    Element,
    Inductor,
    MattisBardeenFilm,
    NISJunction,
    Parallel,
    Resistor,
    Series,
)
from neqsc.photonic.network import Network
from neqsc.units import parse_quantity
from neqsc.validation import reader

__all__ = ["element_from_spec", "network_from_spec"]

_LEAVES: dict[str, tuple[type, dict[str, str], dict[str, Any]]] = {
    "resistor": (Resistor, {"R": "ohm"}, {}),
    "capacitor": (Capacitor, {"C": "F"}, {}),
    "inductor": (Inductor, {"L": "H"}, {}),
    "mb_film": (
        MattisBardeenFilm,
        {"R_n": "ohm", "Tc": "K", "dynes": "dimensionless"},
        {"gap_model": bcs.DEFAULT_GAP_MODEL},
    ),
    "nis": (
        NISJunction,
        {"R_N": "ohm", "C": "F", "Tc": "K", "dynes": "dimensionless"},
        {"gap_model": bcs.DEFAULT_GAP_MODEL},
    ),
}


def element_from_spec(spec: dict[str, Any], where: str = "element") -> Element:
    """Build an element from a dict spec (see module docstring)."""
    if not isinstance(spec, dict) or "type" not in spec:
        raise InvalidParameter(where, spec, "a table with a 'type' key")
    kind = spec["type"]
    if kind in ("series", "parallel"):
        children = spec.get("elements")
        if not isinstance(children, list) or not children:
            raise InvalidParameter(f"{where}.elements", children, "a non-empty list of element tables")
        parts = [element_from_spec(c, f"{where}.elements[{i}]") for i, c in enumerate(children)]
        return Series(*parts) if kind == "series" else Parallel(*parts)
    if kind not in _LEAVES:
        raise InvalidParameter(f"{where}.type", kind, "one of " + ", ".join([*_LEAVES, "series", "parallel"]))
    cls, quantities, options = _LEAVES[kind]
    unknown = set(spec) - {"type", *quantities, *options}
    if unknown:
        raise InvalidParameter(where, sorted(unknown), f"keys of a {kind}: " + ", ".join([*quantities, *options]))
    kwargs: dict[str, Any] = {}
    for key, unit in quantities.items():
        if key in spec:
            kwargs[key] = parse_quantity(spec[key], unit, f"{where}.{key}")
        elif key != "dynes":  # optional, element default
            raise InvalidParameter(f"{where}.{key}", None, f"a value in {unit}")
    for key in options:
        if key in spec:
            kwargs[key] = spec[key]
    return cls(**kwargs)


@reader("netlist")
def network_from_spec(spec: dict[str, Any]) -> tuple[Network, list[float]]:
    """(network, reservoir temperatures in K) from a dict with ``reservoir`` and ``line`` lists."""
    reservoirs = spec.get("reservoir")
    if not isinstance(reservoirs, list) or len(reservoirs) < 2:
        raise InvalidParameter("reservoir", reservoirs, "a list of >= 2 [[reservoir]] tables")
    net = Network()
    temps = []
    for i, r in enumerate(reservoirs):
        where = f"reservoir[{i}]"
        nodes = r.get("nodes")
        if not isinstance(nodes, list) or len(nodes) != 2:
            raise InvalidParameter(f"{where}.nodes", nodes, "two node names")
        net.add_reservoir(
            str(r.get("name", f"r{i}")),
            element_from_spec(r.get("element"), f"{where}.element"),
            str(nodes[0]),
            str(nodes[1]),
        )
        temps.append(parse_quantity(r.get("T"), "K", f"{where}.T"))
    for i, line in enumerate(spec.get("line", [])):
        nodes = line.get("nodes")
        if not isinstance(nodes, list) or len(nodes) != 2:
            raise InvalidParameter(f"line[{i}].nodes", nodes, "two node names")
        el = element_from_spec(line["element"], f"line[{i}].element") if "element" in line else None
        net.add_line(str(nodes[0]), str(nodes[1]), el)
    net.validate()
    return net, temps
