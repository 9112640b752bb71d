"""``simulate``: one run of the 1D generalized TDGL wire (paper Appendix A) returning an xarray Dataset.

Units: x in ξ(T), τ in t0 = τ_GL/u, φ in ħ/(2e t0), currents in j0, Ψ = Δ/Δ0. The physics and the
integrator are described in :mod:`neqsc.tdgl.kernel`; the period/voltage analysis in
:mod:`neqsc.tdgl.observables`.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.errors import ConvergenceError, InvalidParameter
from neqsc.progress import no_progress
from neqsc.tdgl import kernel, observables
from neqsc.tdgl.elliptic import MODE_EXACT, MODE_OFF, MODE_PAPER
from neqsc.tdgl.params import (
    DELTA_VALIDATED,
    DX_AUTO_CORE,
    J_DEPAIRING,
    Numerics,
    TDGLParameters,
    UnresolvedCoreWarning,
)

_MODES = {"off": MODE_OFF, "exact": MODE_EXACT, "paper_approx": MODE_PAPER}
_BCS = {"banks": kernel.BC_BANKS, "normal_leads": kernel.BC_NORMAL, "pinned": kernel.BC_PINNED}
_SLIP_CAPACITY = 200_000


@dataclasses.dataclass(frozen=True)
class State:
    """A complete restart state: Ψ on the nodes, bank phases θ_L, θ_R, ∫V dτ and the step size.

    All fields are in the reduced units of :func:`simulate`.

    Parameters
    ----------
    psi:
        Complex order parameter Ψ on the grid nodes (dimensionless, |Ψ| = 1 in equilibrium).
    theta_left, theta_right:
        Phases θ_L, θ_R of the left and right banks (rad).
    phase_difference:
        Accumulated voltage integral ∫V dτ across the wire (rad; V in V0 = ħ/(2e t0), τ in t0).
    dt:
        Last accepted step size in t0 (None: start from ``dt_init`` of the numerics).
    """

    psi: np.ndarray
    theta_left: float = 0.0
    theta_right: float = 0.0
    phase_difference: float = 0.0
    dt: float | None = None

    @classmethod
    def from_dataset(cls, ds: xr.Dataset) -> State:
        """The final state of a :func:`simulate` result (to continue a run)."""
        if ds.attrs.get("neqsc_kind") != "tdgl_run":
            raise InvalidParameter("initial", ds.attrs.get("neqsc_kind"), "a Dataset returned by simulate")
        psi = ds["psi_final_re"].values + 1j * ds["psi_final_im"].values
        return cls(
            psi=psi,
            theta_left=float(ds.attrs["final_theta_left"]),
            theta_right=float(ds.attrs["final_theta_right"]),
            phase_difference=float(ds.attrs["final_phase_difference"]),
            dt=float(ds.attrs["final_dt"]),
        )


def simulate(
    j: float,
    length: float,
    delta: float = 10.0,
    eta: float = 0.1,
    interference: bool | str = True,
    boundary: str = "banks",
    t_end: float = 500.0,
    *,
    sc_correction: str = "as_printed",
    u: float | None = None,
    j_rate: float = 0.0,
    phonon_term: Callable | None = None,
    weak_spot: tuple[float, float, float] | None = None,
    noise: float = 0.0,
    seed: int | None = None,
    initial: State | xr.Dataset | None = None,
    progress: Callable[[int, int], None] | None = None,
    period_rtol: float = 1e-3,
    stop_on_slip: bool = False,
    stream_to: str | Path | None = None,
    **numerics,
) -> xr.Dataset:
    """Integrate the wire from τ = 0 to ``t_end`` and return snapshots, slips, period and mean voltage.

    Parameters
    ----------
    j:
        Bias current density in j0; j_dp = 2/(3√3) = 0.385 j0 is the depairing current.
    length:
        Wire length L in ξ(T). Nodes run from −L/2 to L/2.
    delta:
        δ = 2τ_εΔ0/ħ ≥ 0 (0 = gapless TDGL, A.4–A.5).
    eta:
        (Tc − T)/Tc in (0, 1); enters only c₁ and c₂ of the current law (A.2).
    interference:
        True/"exact" (scipy-grade K − E), "paper_approx" (the paper's logarithmic formula, A.3/B.11), False/"off".
    boundary:
        "banks" (massive superconducting banks, A.7–A.9), "normal_leads" (Ψ = 0) or "pinned" (Ψ = 1).
    t_end:
        Simulated time in t0.
    sc_correction:
        c₁ of the supercurrent correction: "as_printed" (2δ√(η/u)), "converted" (2δ√(ηu)) or "off".
    u:
        Ratio of relaxation times; default π⁴/(14ζ(3)) = 5.788.
    j_rate:
        Current ramp dj/dτ (j0/t0); the bias is j + j_rate·τ.
    phonon_term:
        Optional p(|Ψ|) added to 1 − |Ψ|² in (A.1) (phonon feedback hook; default 0).
    weak_spot:
        Optional (x0, width, depth) lowering ε(x) = 1 − depth·exp(−((x − x0)/width)²).
    noise, seed:
        Optional Langevin forcing noise·√(dt/h)·N(0,1) on Re Ψ, Im Ψ after each accepted step, and its seed
        (a tool to leave the Ψ = 0 fixed point or to seed instabilities; 0 = off).
    initial:
        A :class:`State` or a previous result Dataset to continue from (same grid); default Ψ = 1, θ = 0.
    progress:
        Callback ``progress(done, total)`` over saved snapshots.
    period_rtol:
        Relative tolerance of the period test (slip intervals must agree within it; docs/tdgl.md, "Period, transient,
        ⟨V⟩").
    stop_on_slip:
        End the run at the first phase slip (the last snapshot is then the state at that slip).
    stream_to:
        Optional ``.zarr`` path: the (t, x) fields are appended to this store chunk by chunk (≈1 % of the snapshots
        at a time), so memory is bounded by one chunk; the returned Dataset is opened lazily from the store, which
        also holds everything else (a complete result).
    **numerics:
        Fields of :class:`~neqsc.tdgl.params.Numerics`: dx, rtol, atol, dt_init, dt_max, dt_min, adaptive,
        save_every, eps_reg, max_steps, rotation, method.

    Returns
    -------
    xarray.Dataset with dims ``t``, ``x``, ``slip`` (see docs/tdgl.md for every variable) and attrs ``period``,
    ``mean_voltage``, ``neqsc_kind = "tdgl_run"``.
    """
    kwargs = {} if u is None else {"u": u}
    params = TDGLParameters(
        j=j,
        length=length,
        delta=delta,
        eta=eta,
        interference=interference,
        sc_correction=sc_correction,
        boundary=boundary,
        j_rate=j_rate,
        phonon_term=phonon_term,
        weak_spot=weak_spot,
        noise=noise,
        seed=seed,
        **kwargs,
    )
    unknown = set(numerics) - {f.name for f in dataclasses.fields(Numerics)}
    if unknown:
        raise InvalidParameter("numerics", sorted(unknown), "fields of neqsc.tdgl.Numerics")
    num = Numerics(**numerics)
    t_end = validation.positive("t_end", t_end, "t0")
    return run(
        params,
        num,
        t_end,
        initial=initial,
        progress=progress,
        period_rtol=period_rtol,
        stop_on_slip=stop_on_slip,
        stream_to=stream_to,
    )


def run(
    params: TDGLParameters,
    num: Numerics,
    t_end: float,
    *,
    initial: State | xr.Dataset | None = None,
    progress: Callable[[int, int], None] | None = None,
    period_rtol: float = 1e-3,
    stop_on_slip: bool = False,
    stream_to: str | Path | None = None,
) -> xr.Dataset:
    """:func:`simulate` with validated parameter objects (see there; ``stream_to`` as in :func:`simulate`).

    Parameters
    ----------
    params:
        Model parameters (:class:`~neqsc.tdgl.params.TDGLParameters`, reduced units: j in j0, length in ξ).
    num:
        Numerical settings (:class:`~neqsc.tdgl.params.Numerics`: dx in ξ, time steps in t0, tolerances).
    t_end:
        Simulated time in t0.
    initial, progress, period_rtol, stop_on_slip, stream_to:
        As in :func:`simulate` (``period_rtol`` dimensionless).

    Returns
    -------
    xarray.Dataset as returned by :func:`simulate`.
    """
    progress = progress or no_progress
    save_every = num.save_every if num.save_every is not None else t_end / 1000.0
    if save_every > t_end:
        raise InvalidParameter("save_every", save_every, f"<= t_end = {t_end}")
    spacing = num.spacing(params.delta, params.boundary)
    _check_size(params.length, spacing, t_end / save_every + 2, stream_to is not None)
    n, h, x = num.grid(params.length, params.delta, params.boundary)
    n_save = max(1, round(t_end / save_every))
    t_save = np.linspace(0.0, t_end, n_save + 1)

    state = _initial_state(initial, params, n)
    re = np.ascontiguousarray(state.psi.real, dtype=float)
    im = np.ascontiguousarray(state.psi.imag, dtype=float)
    th = np.array([state.theta_left, state.theta_right, state.phase_difference])
    dt = float(state.dt) if (state.dt is not None and num.adaptive) else num.dt_init
    dt = min(dt, num.dt_max)

    par = np.zeros(13)
    par[kernel.P_H] = h
    par[kernel.P_U] = params.u
    par[kernel.P_DELTA] = params.delta
    par[kernel.P_C1] = params.c1
    par[kernel.P_C2] = params.c2
    par[kernel.P_EPS2] = num.eps_reg**2
    par[kernel.P_J] = params.j
    par[kernel.P_JRATE] = params.j_rate
    par[kernel.P_RTOL] = num.rtol
    par[kernel.P_ATOL] = num.atol
    par[kernel.P_DTMAX] = num.dt_max
    par[kernel.P_DTMIN] = num.dt_min
    par[kernel.P_NOISE] = params.noise
    if params.noise > 0.0 and params.seed is not None:
        kernel.seed_rng(int(params.seed))
    ipar = np.zeros(kernel.N_IPAR, dtype=np.int64)
    ipar[kernel.I_N] = n
    ipar[kernel.I_MODE] = _MODES[params.interference]
    ipar[kernel.I_BC] = _BCS[params.boundary]
    ipar[kernel.I_ADAPTIVE] = int(num.adaptive)
    ipar[kernel.I_MAXSTEPS] = num.max_steps
    ipar[kernel.I_STOP_ON_SLIP] = int(stop_on_slip)
    ipar[kernel.I_ROTATION] = int(num.rotation_frame(params.boundary) == "measured")
    ipar[kernel.I_METHOD] = int(num.time_method(params.boundary) == "ros34pw2")
    ipar[kernel.I_ORDER] = num.order
    epsx = params.epsilon_profile(x)
    ptab = params.phonon_table()
    ztab = kernel.z_table(params.delta, ipar[kernel.I_MODE])

    m = t_save.size
    chunk = max(1, m // 100)
    if stream_to is not None:
        stream_to = Path(stream_to)
        if stream_to.suffix != ".zarr":
            raise InvalidParameter("stream_to", str(stream_to), "a path ending in .zarr")
        from neqsc.io import check_new_output

        check_new_output(stream_to, name="stream_to")  # nothing existing is replaced without overwrite
        if stop_on_slip:
            raise InvalidParameter("stream_to", str(stream_to), "None when stop_on_slip is set")
    rows = chunk if stream_to is not None else m
    out_re = np.empty((rows, n + 1))
    out_im = np.empty((rows, n + 1))
    out_phi = np.empty((rows, n + 1))
    out_drate = np.empty((rows, n + 1))
    out_js = np.empty((rows, n))
    out_jn = np.empty((rows, n))
    out_jint = np.empty((rows, n))
    out_scalar = np.empty((m, kernel.N_SCALARS))
    slip_t = np.empty(_SLIP_CAPACITY)
    slip_x = np.empty(_SLIP_CAPACITY, dtype=np.int64)
    slip_sign = np.empty(_SLIP_CAPACITY)
    slip_vint = np.empty(_SLIP_CAPACITY)
    wstate = np.zeros(2)
    omega = np.zeros(n + 2)  # per-node rotation rates of the integrating factor (+ validity flag), see kernel
    stats = np.array([0.0, 0.0, math.inf, 0.0, 0.0])

    t = 0.0
    nslip = 0
    progress(0, m)
    for start in range(0, m, chunk):
        stop = min(m, start + chunk)
        r0, r1 = (0, stop - start) if stream_to is not None else (start, stop)
        status, t, dt, nslip = kernel.integrate(
            re, im, th, t, dt, t_save[start:stop], par, ipar, epsx, ptab, ztab,
            out_re[r0:r1], out_im[r0:r1], out_phi[r0:r1], out_drate[r0:r1],
            out_js[r0:r1], out_jn[r0:r1], out_jint[r0:r1], out_scalar[start:stop],
            slip_t, slip_x, slip_sign, slip_vint, nslip, wstate, omega, stats,
        )  # fmt: skip
        slip_t, slip_x, slip_sign, slip_vint = _room_for_slips(nslip, slip_t, slip_x, slip_sign, slip_vint)
        if status == kernel.BLOWUP:
            raise ConvergenceError(
                "TDGL time stepping blew up (non-finite or |Ψ| > 1e3, or step below dt_min)",
                diagnostics={"time": t, "dt": dt, "j": params.j, "delta": params.delta, "dx": h},
            )
        if status == kernel.TOO_MANY_STEPS:
            raise ConvergenceError(
                "TDGL time stepping exceeded max_steps", diagnostics={"time": t, "dt": dt, "max_steps": num.max_steps}
            )
        if status == kernel.STOPPED:
            # keep the snapshots written so far plus the state at the first slip
            m = start + int(stats[4])
            t_save = np.append(t_save[:m], t)
            out_re, out_im, out_phi, out_drate, out_js, out_jn, out_jint, out_scalar = (
                a[: m + 1] for a in (out_re, out_im, out_phi, out_drate, out_js, out_jn, out_jint, out_scalar)
            )
            kernel.integrate(
                re, im, th, t, dt, t_save[m:], par, ipar, epsx, ptab, ztab,
                out_re[m:], out_im[m:], out_phi[m:], out_drate[m:], out_js[m:], out_jn[m:], out_jint[m:],
                out_scalar[m:], slip_t, slip_x, slip_sign, slip_vint, nslip, wstate, omega, stats,
            )  # fmt: skip
            m += 1
            progress(m, m)
            break
        if stream_to is not None and status == kernel.OK:
            part = _field_dataset(
                t_save[start:stop], x, out_re[r0:r1], out_im[r0:r1], out_phi[r0:r1], out_drate[r0:r1],
                out_js[r0:r1], out_jn[r0:r1], out_jint[r0:r1],
            )  # fmt: skip
            if start == 0:
                part.to_zarr(stream_to, mode="w", consolidated=False)
            else:
                part.to_zarr(stream_to, append_dim="t", consolidated=False)
        progress(stop, m)

    kept = nslip  # _room_for_slips grew the arrays as needed (or raised): every slip is recorded
    half = m // 2
    analysis = observables.analyse(
        slip_t[:kept],
        slip_vint[:kept],
        t_end=float(t_save[-1]),
        vint_end=float(out_scalar[-1, kernel.S_VINT]),
        t_half=float(t_save[half]),
        vint_half=float(out_scalar[half, kernel.S_VINT]),
        rtol=period_rtol,
    )
    rate = _max_rate(re, im, float(out_scalar[-1, kernel.S_J]), par, ipar, epsx, ptab, ztab)
    if nslip > 0:
        _warn_if_unvalidated(params, h)
    if stream_to is None:
        fields = _field_vars(out_re, out_im, out_phi, out_drate, out_js, out_jn, out_jint)
    else:
        fields = None
    ds = _dataset(
        params, num, h, x, t_save, fields, out_scalar,
        slip_t[:kept], slip_x[:kept], slip_sign[:kept], nslip, analysis, re, im, th, dt, stats, rate,
    )  # fmt: skip
    if stream_to is None:
        return ds
    ds.drop_vars("x").to_zarr(stream_to, mode="a", consolidated=False)
    return xr.open_zarr(stream_to, consolidated=False)


def core_resolved(delta: float, dx: float) -> bool:
    """Whether a grid of spacing ``dx`` (ξ) resolves the slip core at ``delta`` (dimensionless): dx ≤ 1.5/δ."""
    return delta * dx <= DX_AUTO_CORE * (1.0 + 1e-9)


def _warn_if_unvalidated(params: TDGLParameters, h: float) -> None:
    """UnresolvedCoreWarning for a run with slips on a grid coarser than 1.5/δ (banks) or at δ > DELTA_VALIDATED."""
    delta = params.delta
    if params.boundary == "banks" and not core_resolved(delta, h):
        warnings.warn(
            f"δ = {delta:.4g}, dx = {h:.3g} ξ: the grid does not resolve the slip core (width ~1/δ; dx <= "
            f"{DX_AUTO_CORE / delta:.2g} ξ resolves it), so ⟨V⟩ may carry more than 1e-3 of grid error; compare with a "
            "run at half the dx",
            UnresolvedCoreWarning,
            stacklevel=4,
        )
    elif delta > DELTA_VALIDATED:
        warnings.warn(
            f"δ = {delta:.4g} is beyond δ <= {DELTA_VALIDATED:g}, where the default numerics are validated to 1e-3 "
            "on ⟨V⟩; compare with a run at half the dx and a tenth of the rtol",
            UnresolvedCoreWarning,
            stacklevel=4,
        )


def _max_rate(re, im, j, par, ipar, epsx, ptab, ztab) -> float:
    """max over interior nodes of |∂τΨ| (lab frame, Δ0/t0) at the state (re, im): the stationarity measure of a run."""
    n = re.size - 1
    bufs = [np.empty(n + 1) for _ in range(4)] + [np.empty(n) for _ in range(3)] + [np.empty(n + 1) for _ in range(2)]
    absn, a2, drate, phi, jsl, gl, den, fre, fim = bufs
    kernel.evaluate(re, im, j, par, ipar, epsx, ptab, ztab, absn, a2, drate, phi, jsl, gl, den, fre, fim)
    return float(np.max(np.hypot(fre[1:n], fim[1:n]))) if n > 1 else 0.0


def _initial_state(initial, params: TDGLParameters, n: int) -> State:
    if initial is None:
        psi = np.ones(n + 1, dtype=complex)
        if params.boundary == "normal_leads":
            psi[0] = psi[-1] = 0.0
        return State(psi=psi)
    if isinstance(initial, xr.Dataset):
        initial = State.from_dataset(initial)
    if not isinstance(initial, State):
        raise InvalidParameter("initial", type(initial).__name__, "a neqsc.tdgl.State, a simulate() Dataset or None")
    psi = np.asarray(initial.psi, dtype=complex)
    if psi.shape != (n + 1,):
        raise InvalidParameter("initial", f"psi with {psi.size} nodes", f"{n + 1} nodes (same length and dx)")
    validation.finite("initial.psi", np.abs(psi))
    return initial


def _node_average(link: np.ndarray) -> np.ndarray:
    out = np.empty((link.shape[0], link.shape[1] + 1))
    out[:, 0] = link[:, 0]
    out[:, -1] = link[:, -1]
    out[:, 1:-1] = 0.5 * (link[:, 1:] + link[:, :-1])
    return out


def _var(dims, data, units, long_name):
    return (dims, data, {"units": units, "long_name": long_name})


def _coords(t, x) -> dict:
    return {
        "t": ("t", t, {"units": "t0", "long_name": "time τ (t0 = τ_GL/u)"}),
        "x": ("x", x, {"units": "ξ", "long_name": "position along the wire"}),
    }


def _field_vars(out_re, out_im, out_phi, out_drate, out_js, out_jn, out_jint) -> dict:
    """The (t, x) data variables of a run; the kernel's output buffers are used without copies (they are not reused
    in memory, and a streamed chunk is written out before its buffer is refilled)."""
    tx = ("t", "x")
    return {
        "psi_abs": _var(tx, np.hypot(out_re, out_im), "Δ0", "|Ψ| = |Δ|/Δ0"),
        "psi_phase": _var(tx, np.arctan2(out_im, out_re), "rad", "phase θ of Ψ (wrapped)"),
        "dpsi2_dt": _var(tx, out_drate, "1/t0", "∂τ|Ψ|² from the exact identity 2Re(Ψ*R)/(u√(1+δ²|Ψ|²))"),
        "phi": _var(tx, out_phi, "ħ/(2e t0)", "electric potential φ (antisymmetric gauge, A.6)"),
        "j_s": _var(tx, _node_average(out_js), "j0", "supercurrent θ'(|Ψ|² − c₁∂τ|Ψ|²)"),
        "j_n": _var(tx, _node_average(out_jn), "j0", "normal current −φ'"),
        "j_int": _var(tx, _node_average(out_jint), "j0", "interference current −φ'c₂|Ψ|Z"),
    }


def _field_dataset(t, x, out_re, out_im, out_phi, out_drate, out_js, out_jn, out_jint) -> xr.Dataset:
    """The (t, x) fields of one streamed chunk."""
    fields = _field_vars(out_re, out_im, out_phi, out_drate, out_js, out_jn, out_jint)
    return xr.Dataset(fields, coords=_coords(t, x))


def _dataset(
    params, num, h, x, t, fields, out_scalar,
    slip_t, slip_x, slip_sign, nslip, analysis, re, im, th, dt, stats, rate,
) -> xr.Dataset:  # fmt: skip
    var = _var
    data_vars = {
        "voltage": var(("t",), out_scalar[:, kernel.S_V], "ħ/(2e t0)", "V = φ(−L/2) − φ(L/2)"),
        "phase_difference": var(("t",), out_scalar[:, kernel.S_VINT], "rad", "∫V dτ (= θ_R − θ_L for banks)"),
        "theta_left": var(("t",), out_scalar[:, kernel.S_THL], "rad", "bank phase θ(−L/2)"),
        "theta_right": var(("t",), out_scalar[:, kernel.S_THR], "rad", "bank phase θ(L/2)"),
        "j_bias": var(("t",), out_scalar[:, kernel.S_J], "j0", "bias current density"),
        "dt": var(("t",), out_scalar[:, kernel.S_DT], "t0", "proposed time step"),
        "slip_time": var(("slip",), np.asarray(slip_t, float), "t0", "phase-slip time"),
        "slip_x": var(("slip",), x[np.asarray(slip_x, dtype=np.int64)], "ξ", "phase-slip position"),
        "slip_sign": var(("slip",), np.asarray(slip_sign, float), "1", "+1: winding removed for V > 0"),
        "psi_final_re": var(("x",), re.copy(), "Δ0", "Re Ψ at t_end (restart state)"),
        "psi_final_im": var(("x",), im.copy(), "Δ0", "Im Ψ at t_end (restart state)"),
    }
    coords = _coords(t, x)
    attrs = {
        "neqsc_kind": "tdgl_run",
        **params.as_attrs(),
        "j_over_jdp": float(params.j / J_DEPAIRING),
        "dx": float(h),
        "n_intervals": int(x.size - 1),
        **{f"numerics_{k}": v for k, v in num.as_attrs().items() if k != "dx"},
        "dx_requested": num.spacing(params.delta, params.boundary),
        "core_resolved": int(core_resolved(params.delta, h)),
        "rotation_frame": num.rotation_frame(params.boundary),
        "time_method": num.time_method(params.boundary),
        "t_end": float(t[-1]),
        "period": analysis.period,
        "mean_voltage": analysis.mean_voltage,
        "transient_end": analysis.transient_end,
        "periodic": int(analysis.periodic),
        "slips_per_period": analysis.slips_per_period,
        "n_slips_averaged": analysis.n_slips_averaged,
        "n_slips": int(nslip),
        "final_theta_left": float(th[0]),
        "final_theta_right": float(th[1]),
        "final_phase_difference": float(th[2]),
        "final_dt": float(dt),
        "final_max_dpsi_dt": rate,
        "n_steps_accepted": int(stats[0]),
        "n_steps_rejected": int(stats[1]),
        "dt_min_used": float(stats[2]) if math.isfinite(stats[2]) else float("nan"),
        "dt_max_used": float(stats[3]),
        "voltage_sign_convention": "V = phi(-L/2) - phi(+L/2) (positive for j > 0; the paper's V has the other sign)",
        "units": "x: xi(T); t: t0 = tau_GL/u; phi, V: hbar/(2e t0); j: j0 = sigma_n hbar/(2e t0 xi); psi: Delta/Delta0",
    }
    # one Dataset constructor (no xr.merge, which copies every (t, x) field)
    return xr.Dataset({**(fields or {}), **data_vars}, coords=coords, attrs=attrs)


def _check_size(length: float, dx: float, n_snapshots: float, streamed: bool) -> None:
    """Refuse (before allocating) a grid or snapshot count that would not fit in memory (neqsc.limits)."""
    from neqsc.limits import check_allocation

    nodes = length / dx + 6.0
    check_allocation("length", nodes * 8.0 * 40, length, f"the TDGL grid ({nodes:.3g} nodes of dx = {dx:g} ξ)")
    rows = min(n_snapshots, max(1.0, n_snapshots / 100)) if streamed else n_snapshots
    check_allocation("save_every", rows * nodes * 8.0 * 7 + n_snapshots * 8.0 * 16, f"{n_snapshots:.3g} snapshots",
                     f"{n_snapshots:.3g} snapshots of {nodes:.3g} nodes")  # fmt: skip


def _room_for_slips(nslip: int, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The slip arrays, grown fourfold once more than half is used, so that no slip is ever dropped.

    Called after each chunk of the time loop; a chunk that produced more slips than the free room (the kernel
    counts but cannot store them) raises :class:`ConvergenceError` instead of analysing a truncated list.
    """
    if nslip > arrays[0].size:
        raise ConvergenceError(
            f"{nslip} phase slips in one output chunk exceed the {arrays[0].size} that could be recorded; "
            "use a smaller save_every (more, shorter chunks) or a shorter t_end",
            diagnostics={"n_slips": nslip, "recorded": arrays[0].size},
        )
    if 2 * nslip <= arrays[0].size:
        return arrays
    from neqsc.limits import check_allocation

    size = 4 * max(nslip, arrays[0].size)
    check_allocation("t_end", size * 8.0 * len(arrays), nslip, "the list of phase slips")
    grown = []
    for arr in arrays:
        new = np.empty(size, dtype=arr.dtype)
        new[: arr.size] = arr
        grown.append(new)
    return tuple(grown)
