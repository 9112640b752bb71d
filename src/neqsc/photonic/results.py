"""Solver entry points that return labelled results (xarray Datasets) for the photonic engine.

Each function wraps the array API of :mod:`neqsc.photonic.transport` / :mod:`~neqsc.photonic.analysis` and
returns a Dataset with named dims, coords carrying ``units``/``long_name``, the parameters in ``attrs`` and a
``neqsc_kind`` attribute used by ``neqsc plot``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from neqsc.limits import check_points
from neqsc.photonic.analysis import mean_transmission
from neqsc.photonic.elements import Element
from neqsc.photonic.transport import heat_current_map, matched_resistor_heat_current

__all__ = ["heat_map", "network_heat_flows", "transmission_spectrum"]


def _coord(name, values, units, long_name):
    return (name, np.asarray(values, dtype=float), {"units": units, "long_name": long_name})


def heat_map(
    Z_hot: Element,
    Z_cold: Element,
    T_hot,
    T_cold,
    derivatives: bool = True,
    parameters: dict[str, Any] | None = None,
) -> xr.Dataset:
    """Q̇(T_hot, T_cold) (W) and, with ``derivatives``, ∂Q̇/∂T_hot and ∂Q̇/∂T_cold (W/K) on 1-D grids (K).

    Also stores Q̇/Q̇_matched, the heat current relative to a perfectly matched single channel
    πk_B²(T_hot² − T_cold²)/(12ħ) (NaN on the diagonal T_hot = T_cold, where both vanish).
    """
    th = np.atleast_1d(np.asarray(T_hot, dtype=float))
    tc = np.atleast_1d(np.asarray(T_cold, dtype=float))
    # ~1 kB per (T_hot, T_cold) pair: outputs plus the frequency-integration workspace
    check_points("T_hot × T_cold", th.size * tc.size, f"{th.size} × {tc.size}", 1024.0, "the heat-current map")
    res = heat_current_map(Z_hot, Z_cold, th, tc, derivatives=derivatives)
    q = res[0] if derivatives else res
    qm = matched_resistor_heat_current(th[:, None], tc[None, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        eff = np.where(np.abs(qm) > 0, q / np.where(np.abs(qm) > 0, qm, 1.0), np.nan)
    dims = ("T_hot", "T_cold")
    data = {
        "Q": (dims, q, {"units": "W", "long_name": "photonic heat current hot → cold"}),
        "Q_over_matched": (dims, eff, {"units": "1", "long_name": "Q / (π k_B² (T_hot² − T_cold²)/12ħ)"}),
    }
    if derivatives:
        data["dQ_dT_hot"] = (dims, res[1], {"units": "W/K", "long_name": "∂Q/∂T_hot"})
        data["dQ_dT_cold"] = (dims, res[2], {"units": "W/K", "long_name": "∂Q/∂T_cold"})
    return xr.Dataset(
        data,
        coords={
            "T_hot": _coord("T_hot", th, "K", "hot-side temperature"),
            "T_cold": _coord("T_cold", tc, "K", "cold-side temperature"),
        },
        attrs={"neqsc_kind": "photonic_heat_map", "Z_hot": repr(Z_hot), "Z_cold": repr(Z_cold), **(parameters or {})},
    )


def transmission_spectrum(
    Z_a: Element, Z_b: Element, omega, T_a, T_b, omega_max: float | None = None, parameters=None
) -> xr.Dataset:
    """τ(ω) for each T_a (1-D arrays: ``omega`` in rad/s, ``T_a`` in K; ``T_b`` scalar K), and τ̄(T_a) if
    ``omega_max`` (rad/s) is given."""
    from neqsc.photonic.transport import transmission

    om = np.atleast_1d(np.asarray(omega, dtype=float))
    ta = np.atleast_1d(np.asarray(T_a, dtype=float))
    tau = transmission(Z_a, Z_b, om[None, :], ta[:, None], T_b)
    data = {"tau": (("T_a", "omega"), tau, {"units": "1", "long_name": "photon transmission τ"})}
    if omega_max is not None:
        data["tau_mean"] = ("T_a", mean_transmission(Z_a, Z_b, ta, T_b, omega_max), {"units": "1"})
    return xr.Dataset(
        data,
        coords={
            "T_a": _coord("T_a", ta, "K", "temperature of Z_a"),
            "omega": _coord("omega", om, "rad/s", "angular frequency"),
        },
        attrs={"neqsc_kind": "photonic_transmission", "T_b": float(T_b), **(parameters or {})},
    )


def network_heat_flows(network, temperatures, parameters: dict[str, Any] | None = None) -> xr.Dataset:
    """Pairwise heat currents Q[source, sink] (W) and absorbed powers P[reservoir] (W) of an N-terminal network.

    ``temperatures`` in K, one per reservoir in the network's order. ``P`` is computed independently of ``Q``
    (absorption minus own emission); energy conservation makes Σ P = 0 and P = −Σ_sink Q.
    """
    import numpy as np

    names = network.names
    q = network.heat_currents(temperatures)
    p = network.absorbed_power(temperatures)
    return xr.Dataset(
        {
            "Q": (("source", "sink"), q, {"units": "W", "long_name": "heat current source → sink"}),
            "P": ("reservoir", p, {"units": "W", "long_name": "net photonic power absorbed"}),
            "T": ("reservoir", np.asarray(temperatures, dtype=float), {"units": "K", "long_name": "temperature"}),
        },
        coords={"source": names, "sink": names, "reservoir": names},
        attrs={"neqsc_kind": "photonic_network", **(parameters or {})},
    )
