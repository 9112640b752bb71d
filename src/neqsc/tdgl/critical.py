"""Critical currents of the wire from adiabatic current ramps.

* Switching current j_c1 (upper end of the superconducting branch): ramp j upward at rate r from the
  superconducting state; the first phase slip occurs at j_slip(r) = j_c1 + A·r^(2/3) (delay of a slowly swept
  saddle-node bifurcation). Two rates r and r/2 eliminate A:
  j_c1 = [j_slip(r/2) − 2^(−2/3) j_slip(r)]/(1 − 2^(−2/3)).
* Retrapping current j_c2 (lower end of the resistive branch): start in the resistive state at ``j_start``, ramp
  down at rate r, and take the current of the last phase slip. (Retrapping is a global bifurcation of the
  periodic orbit; no delay law is assumed, so the value carries a lag of order r × period.)

The PSC window is j_c2 < j < j_c1 for a hysteretic wire (Kramer & Baratoff 1977; notes §4 target 10).
"""

from __future__ import annotations

import math

from neqsc import validation
from neqsc.tdgl.simulate import State, simulate


def switching_current(
    length: float,
    delta: float,
    *,
    j_start: float = 0.2,
    j_stop: float = 4.0,
    rate: float = 2e-3,
    extrapolate: bool = True,
    **kwargs,
) -> dict:
    """j_c1 from up-ramps (see module docstring); returns {"j_c1", "j_slip_r", "j_slip_r2", "rate"} in j0."""
    validation.positive("rate", rate, "j0/t0")
    rates = (rate, rate / 2.0) if extrapolate else (rate,)
    slips = []
    for r in rates:
        ds = simulate(
            j_start, length, delta, t_end=(j_stop - j_start) / r, j_rate=r, save_every=10.0, stop_on_slip=True, **kwargs
        )
        ts = ds["slip_time"].values
        slips.append(j_start + r * float(ts[0]) if ts.size else math.nan)
    if extrapolate:
        c = 2.0 ** (-2.0 / 3.0)
        j_c1 = (slips[1] - c * slips[0]) / (1.0 - c)
    else:
        j_c1 = slips[0]
    return {"j_c1": j_c1, "j_slip_r": slips[0], "j_slip_r2": slips[-1], "rate": rate}


def retrapping_current(
    length: float,
    delta: float,
    j_start: float,
    *,
    j_stop: float = 0.05,
    rate: float = 2e-3,
    t_settle: float = 100.0,
    **kwargs,
) -> dict:
    """j_c2: current of the last slip on a down-ramp from the resistive state at ``j_start`` (NaN if none)."""
    validation.positive("rate", rate, "j0/t0")
    ds = simulate(j_start, length, delta, t_end=t_settle, save_every=t_settle / 10, **kwargs)
    if ds.attrs["n_slips"] == 0:
        return {"j_c2": math.nan, "rate": rate, "resistive_at_start": False}
    state = State.from_dataset(ds)
    ds = simulate(
        j_start, length, delta, t_end=(j_start - j_stop) / rate, j_rate=-rate, initial=state, save_every=10.0, **kwargs
    )
    ts = ds["slip_time"].values
    j_c2 = j_start - rate * float(ts[-1]) if ts.size else j_start
    return {"j_c2": j_c2, "rate": rate, "resistive_at_start": True}
