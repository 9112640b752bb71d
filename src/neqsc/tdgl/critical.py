"""Critical currents of the wire from adiabatic current ramps.

* Switching current j_c1 (upper end of the superconducting branch): ramp j upward at rate r from the
  superconducting state; the first phase slip occurs at j_slip(r) = j_c1 + A·r^(2/3) (delay of a slowly swept
  saddle-node bifurcation). Two rates r and r/2 eliminate A:
  j_c1 = [j_slip(r/2) − 2^(−2/3) j_slip(r)]/(1 − 2^(−2/3)).
* Retrapping current j_c2 (lower end of the resistive branch): step-down continuation from the resistive state
  (see :func:`retrapping_current`).

The PSC window is j_c2 < j < j_c1 for a hysteretic wire (Kramer & Baratoff, PRL 38, 518 (1977)).
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
    step: float = 0.04,
    fine_step: float = 0.01,
    dwell: float = 150.0,
    j_min: float = 0.02,
    **kwargs,
) -> dict:
    """j_c2 by step-down continuation from the resistive state at ``j_start``.

    The current is lowered in steps of ``step`` (then ``fine_step`` from the last resistive point), dwelling
    ``dwell`` t0 at each value (3 × dwell at ``j_start``); a point is resistive when its mean voltage over the
    second half of the dwell exceeds 1e-3·jL (PSC or normal domain). j_c2 is the lowest resistive current
    (resolution ``fine_step``); NaN if ``j_start`` itself is not resistive. (Current
    ramps are unsuitable here: near retrapping the period diverges and slow amplitude recovery at large δ lets slips
    continue far below j_c2 during a ramp.)
    """
    validation.positive("step", step, "j0")
    validation.positive("fine_step", fine_step, "j0")
    validation.positive("dwell", dwell, "t0")

    def dwell_at(j, state):
        t_end = dwell if state is not None else 3.0 * dwell
        ds = simulate(j, length, delta, t_end=t_end, initial=state, save_every=t_end / 10, **kwargs)
        flux = ds["phase_difference"].values
        mean_v = (flux[-1] - flux[5]) / (0.5 * t_end)
        return bool(mean_v > 1e-3 * j * length), State.from_dataset(ds)

    resistive, state = dwell_at(j_start, None)
    if not resistive:
        return {"j_c2": math.nan, "resistive_at_start": False}
    last_j, last_state = j_start, state
    for size in (step, fine_step):
        j = last_j - size
        state = last_state
        while j >= j_min:
            resistive, state = dwell_at(j, state)
            if not resistive:
                break
            last_j, last_state = j, state
            j -= size
    return {"j_c2": float(last_j), "resistive_at_start": True, "resolution": fine_step}
