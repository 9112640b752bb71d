"""Sweep model ``photonic``: photonic heat current between two reservoirs (:func:`neqsc.photonic.heat_current`).

Circuits (plain data, so that a point is picklable):

* ``circuit = "dey"`` — the Dey et al. 2023 example of the series-film preset: source R_D + Mattis–Bardeen Ti
  film (R₀ = r·R_D, Tc, gap model; default the paper's tanh) at ``T_hot``, drain R_D at ``T_cold``
  (:class:`neqsc.photonic.devices.DeyCircuit`);
* ``circuit = "resistors"`` — two resistors ``R_hot``, ``R_cold`` (the matched case gives the quantum of thermal
  conductance in the linear regime).

Returns Q̇ (W) from hot to cold and its temperature derivatives (W/K).
"""

from __future__ import annotations

import xarray as xr

from neqsc.errors import InvalidParameter
from neqsc.sweep.models import register_model


@register_model(
    "photonic",
    units={
        "T_hot": "K",
        "T_cold": "K",
        "circuit": None,
        "r": "dimensionless",
        "R_D": "ohm",
        "Tc": "K",
        "gap_model": None,
        "R_hot": "ohm",
        "R_cold": "ohm",
    },
    description="photonic heat current Q̇(T_hot → T_cold) and its derivatives (Dey circuit or two resistors)",
    requires=("neqsc.photonic",),
)
def photonic(
    T_hot: float,
    T_cold: float,
    circuit: str = "dey",
    r: float = 36.0,
    R_D: float = 2.857,
    Tc: float = 0.4,
    gap_model: str | None = None,
    R_hot: float = 1.0,
    R_cold: float = 1.0,
) -> xr.Dataset:
    """Heat current in W between reservoirs at ``T_hot``, ``T_cold`` (K); resistances in Ω, Tc in K."""
    from neqsc.photonic import Resistor, heat_current, heat_current_derivatives

    if circuit == "dey":
        from neqsc.photonic.devices import DeyCircuit

        device = DeyCircuit(r=r, R_D=R_D, Tc=Tc, gap_model=gap_model or DeyCircuit.gap_model)
        z_hot, z_cold = device.source(), device.drain()
    elif circuit == "resistors":
        z_hot, z_cold = Resistor(R_hot), Resistor(R_cold)
    else:
        raise InvalidParameter("circuit", circuit, "'dey' or 'resistors'")
    q = heat_current(z_hot, z_cold, T_hot, T_cold)
    dq_hot, dq_cold = heat_current_derivatives(z_hot, z_cold, T_hot, T_cold)
    return xr.Dataset(
        {
            "heat_current": ((), q, {"units": "W", "long_name": "photonic heat current from hot to cold"}),
            "dQ_dT_hot": ((), dq_hot, {"units": "W/K"}),
            "dQ_dT_cold": ((), dq_cold, {"units": "W/K"}),
        },
        attrs={"neqsc_kind": "photonic_point"},
    )
