"""Sweep model ``thermal``: steady state of a heat-balance network described by a device TOML
(:func:`neqsc.thermal.device.load_device`, :func:`neqsc.thermal.steady_state`).

``device`` is the path of a thermal device file (e.g. ``examples/thermal_dey2023.toml``; its own ``[sweep]`` table is
ignored here). ``power`` (W) sets a heat input (``heat_input``: its name, default the first one) and
``bath_temperature`` (K) a fixed node's temperature (``bath``: its name, default the first fixed node); values not
given keep the file's.

Every point is solved from the engine's default initial guess, independently of its neighbours: where the network is
multistable (NDTC windows, folds) a point-wise sweep may land on either branch. Follow a branch with the thermal
engine's own continuation (``neqsc.thermal.sweep`` / ``neqsc thermal solve``), which tracks folds.
"""

from __future__ import annotations

import functools

import xarray as xr

from neqsc.errors import InvalidParameter
from neqsc.sweep.models import register_model


@functools.lru_cache(maxsize=8)
def _device(path: str):
    from neqsc.thermal.device import load_device

    return load_device(path)


@register_model(
    "thermal",
    units={"device": None, "power": "W", "bath_temperature": "K", "heat_input": None, "bath": None},
    description="steady state of a heat-balance network (device TOML): T(node), Q(link), responsivities",
    requires=("neqsc.thermal",),
)
def thermal(
    device: str,
    power: float | None = None,
    bath_temperature: float | None = None,
    heat_input: str | None = None,
    bath: str | None = None,
) -> xr.Dataset:
    """Steady state of the device in ``device`` (path) at heat input ``power`` (W) and bath temperature (K)."""
    from neqsc.thermal import steady_state

    dev = _device(str(device))
    network = dev.network
    params: dict[str, float] = {}
    if power is not None:
        names = [p.name for p in network.inputs]
        name = heat_input or (names[0] if names else None)
        if name not in names:
            raise InvalidParameter("heat_input", heat_input, "one of the device's heat inputs: " + ", ".join(names))
        params[name] = power
    if bath_temperature is not None:
        names = [n.name for n in network.fixed if n.follows is None]
        name = bath or (names[0] if names else None)
        if name not in names:
            raise InvalidParameter("bath", bath, "one of the device's fixed nodes: " + ", ".join(names))
        params[name] = bath_temperature
    ds = steady_state(network, params, rtol=dev.rtol)
    stable = bool(ds.attrs.get("stable", True))
    ds.attrs = {"neqsc_kind": "thermal_point"}  # the network description is the same at every point
    ds["stable"] = ((), stable, {"long_name": "linearly stable steady state"})
    return ds
