"""Critical currents of the wire: the static fold of the superconducting branch and adiabatic current ramps.

* Static fold j_max(L) (:func:`static_fold`): between massive banks the superconducting branch is the static GL
  solution Ψ = f(x)e^{iθ(x)}, φ ≡ 0, θ' = j/f² and f'' = j²/f³ − f + f³ with f(±L/2) = 1 (A.1 with ∂τ = 0; the
  current law A.2 reduces to j = f²θ' because φ' = 0, so δ, η, u and the interference switches drop out). The
  branch is parametrised by the amplitude f0 = f(0) at the centre (symmetric solutions, f'(0) = 0): for each f0 a
  boundary-value problem on [0, L/2] with the unknown parameter j gives j(f0), and j_max = max over f0 — the
  saddle-node where the stable superconducting branch meets the unstable (saddle) branch. For L → ∞ it tends to
  j_dp = 2/(3√3) at f0² = 2/3; the banks raise it for short wires (0.3927 at L = 10ξ, 0.622 at 2ξ).
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

import numpy as np
from scipy.integrate import solve_bvp
from scipy.optimize import minimize_scalar

from neqsc import validation
from neqsc.errors import ConvergenceError
from neqsc.tdgl.points import STATIONARY_TOL, T_MAX_PER_POINT, run_point
from neqsc.tdgl.simulate import simulate


def static_branch_current(length: float, f0: float, *, tol: float = 1e-10) -> float:
    """Current j (j0) of the static superconducting state between banks with centre amplitude |Ψ(0)| = f0.

    Solves f'' = j²/f³ − f + f³ on [0, L/2] with f(0) = f0, f'(0) = 0, f(L/2) = 1 for f(x) and the parameter j
    (scipy ``solve_bvp``); see the module docstring. Raises ``ConvergenceError`` when the solver fails.
    """
    validation.positive("length", length, "ξ")
    validation.in_range("f0", f0, 0.0, 1.0, closed="neither")
    half = 0.5 * length

    def rhs(x, y, p):
        return np.vstack([y[1], p[0] ** 2 / y[0] ** 3 - y[0] + y[0] ** 3])

    def bc(ya, yb, p):
        return np.array([ya[0] - f0, ya[1], yb[0] - 1.0])

    x = np.linspace(0.0, half, 201)
    guess = np.vstack([f0 + (1.0 - f0) * (x / half) ** 2, 2.0 * (1.0 - f0) * x / half**2])
    # initial j: the uniform wire with amplitude f0 carries f0²√(1 − f0²)
    sol = solve_bvp(rhs, bc, x, guess, p=[f0**2 * math.sqrt(1.0 - f0**2)], tol=tol, max_nodes=50_000)
    if not sol.success:
        raise ConvergenceError("static GL branch: solve_bvp failed", diagnostics={"length": length, "f0": f0})
    return abs(float(sol.p[0]))


def static_fold(length: float, *, tol: float = 1e-10) -> dict:
    """Static fold j_max(L) of the superconducting branch between banks (module docstring), in j0.

    Returns {"j_max": j_max, "psi_centre": f0 at the fold, "length": L}. Valid for ``boundary="banks"`` without
    weak spot or phonon term; independent of δ, η, u and the interference/c₁ switches. Relative accuracy ≈ 1e-9
    (BVP tolerance; the maximum is quadratic in f0, so the f0 tolerance of 1e-7 enters squared).
    """
    validation.positive("length", length, "ξ")

    def negative_current(f0: float) -> float:
        try:
            return -static_branch_current(length, f0, tol=tol)
        except ConvergenceError:
            return 0.0

    res = minimize_scalar(negative_current, bounds=(0.68, 0.85), method="bounded", options={"xatol": 1e-7})
    if not res.success or res.fun >= 0.0:
        raise ConvergenceError("static fold: no maximum of j(f0) found", diagnostics={"length": length})
    return {"j_max": float(-res.fun), "psi_centre": float(res.x), "length": float(length)}


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
    t_max: float = T_MAX_PER_POINT,
    stationary_tol: float = STATIONARY_TOL,
    **kwargs,
) -> dict:
    """j_c2 by step-down continuation from the resistive state at ``j_start``.

    The current is lowered in steps of ``step`` (then ``fine_step`` from the last resistive point); each current
    runs in pieces of ``dwell`` t0 until it has declared itself (:mod:`neqsc.tdgl.points`: slipping or a normal
    domain → resistive, stationary → superconducting), at most ``t_max`` t0. j_c2 is the lowest resistive current
    (resolution ``fine_step``: the true retrapping current lies in (``j_not_resistive``, j_c2]); NaN if
    ``j_start`` itself is not resistive. ``undecided`` lists currents that did not
    declare themselves within ``t_max`` (the descent stops there, so j_c2 is then an upper bound). (Current ramps
    are unsuitable here: near retrapping the period diverges and slow amplitude recovery at large δ lets slips
    continue far below j_c2 during a ramp.)
    """
    validation.positive("step", step, "j0")
    validation.positive("fine_step", fine_step, "j0")
    validation.positive("dwell", dwell, "t0")
    model = {"length": length, "delta": delta, **kwargs}
    undecided: list[float] = []

    def dwell_at(j, state):
        summary, state = run_point(j, state, model, dwell, max(t_max, dwell), stationary_tol)
        if summary["undecided"]:
            undecided.append(float(j))
        return bool(summary["resistive"]), bool(summary["undecided"]), state

    resistive, _, state = dwell_at(j_start, None)
    if not resistive:
        return {"j_c2": math.nan, "resistive_at_start": False, "undecided": undecided}
    last_j, last_state = j_start, state
    below = math.nan  # highest current found not resistive
    stop = False
    for size in (step, fine_step):
        j = last_j - size
        state = last_state
        while j >= j_min and not stop:
            resistive, stop, state = dwell_at(j, state)
            if not resistive:
                below = j
                break
            last_j, last_state = j, state
            j -= size
    return {
        "j_c2": float(last_j),
        "j_not_resistive": float(below),
        "resistive_at_start": True,
        "resolution": fine_step,
        "undecided": undecided,
    }
