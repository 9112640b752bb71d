"""neqsc.tdgl vs pyTDGL (``pip install tdgl``; opt-in, skipped when not importable) on the equivalent narrow strip.

Set-up (notes tdgl.md §6): pyTDGL strip 30ξ × 1ξ, film resampled to 248 points, mesh max edge 0.5ξ, normal-metal
terminals (terminal_psi = 0), γ = δ = 10, u = π⁴/(14ζ(3)), probes at x = ±12ξ, current density j = 4I/(K0 W)
(pyTDGL issue #97). neqsc: L = 30ξ, dx = 0.1ξ, boundary "normal_leads", interference and c₁ correction off (pyTDGL
has neither). Both report the time-averaged probe voltage ⟨φ(−12) − φ(12)⟩ over τ ∈ [T/2, T] in ħ/(2e t0) (pyTDGL's
μ is our φ), and the wall time per simulated t0 measured in this process.

Accuracy guard: every neqsc point is repeated with a tight-tolerance reference (dt_max = 0.005, rtol = 1e-5,
atol = 1e-7; ≈ 200–700 steps per t0) and the relative deviations of the probe voltage, of the whole-wire ⟨V⟩
(attr ``mean_voltage``, from ∫V dτ) are reported. The normal-lead strip has no clean slip period (the leads also
unwind phase), so the PSC period is checked on the periodic banks case of tests/tdgl (L = 5ξ, j = 1.5 j0, 150 t0).
Step counts per t0 and wall time per step are reported for both codes (pyTDGL records one ``dynamics`` row per step).
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._harness import peak_rss_mb
from neqsc.tdgl import U_DEFAULT, simulate

CURRENTS = (0.2, 0.3, 0.4, 0.45, 0.5, 0.6)
T_END = 200.0
PROBE = 12.0
REFERENCE = {"dt_max": 0.005, "rtol": 1e-5, "atol": 1e-7}
ACCURACY = 1e-3


def _pytdgl_run(j: float, t_end: float = T_END) -> tuple[float, float, float]:
    """(probe ⟨V⟩, wall seconds per t0, time steps per t0) of one pyTDGL run."""
    from tdgl.geometry import box

    import tdgl

    layer = tdgl.Layer(coherence_length=1.0, london_lambda=2.0, thickness=0.1, gamma=10.0, u=U_DEFAULT)
    film = tdgl.Polygon("film", points=box(30.0, 1.0)).resample(248)
    source = tdgl.Polygon("source", points=box(1.0, 1.0, center=(-15.0, 0.0)))
    drain = tdgl.Polygon("drain", points=box(1.0, 1.0, center=(15.0, 0.0)))
    device = tdgl.Device(
        "strip",
        layer=layer,
        film=film,
        terminals=[source, drain],
        probe_points=[(-PROBE, 0.0), (PROBE, 0.0)],
        length_units="um",
    )
    device.make_mesh(max_edge_length=0.5)
    current = j * device.K0.to("uA/um").magnitude * 1.0 / 4.0
    options = tdgl.SolverOptions(solve_time=t_end, terminal_psi=0.0, current_units="uA", field_units="mT")
    start = time.perf_counter()
    solution = tdgl.solve(device, options, terminal_currents={"source": current, "drain": -current})
    wall = time.perf_counter() - start
    steps = len(solution.dynamics.time)
    return float(solution.dynamics.mean_voltage(tmin=0.5 * t_end)), wall / t_end, steps / t_end


def _neqsc_run(j: float, t_end: float = T_END, **numerics) -> dict:
    start = time.perf_counter()
    ds = simulate(
        j, 30.0, 10.0, interference="off", sc_correction="off", boundary="normal_leads", t_end=t_end, save_every=0.1,
        **numerics,
    )  # fmt: skip
    wall = time.perf_counter() - start
    tail = ds["t"].values >= 0.5 * t_end
    v = ds["phi"].sel(x=-PROBE, method="nearest") - ds["phi"].sel(x=PROBE, method="nearest")
    steps = ds.attrs["n_steps_accepted"] + ds.attrs["n_steps_rejected"]
    return {
        "V_probes": float(np.mean(v.values[tail])),
        "V_wire": float(ds.attrs["mean_voltage"]),
        "s_per_t0": wall / t_end,
        "steps_per_t0": steps / t_end,
    }


def _pytdgl_point(j: float, t_end: float = T_END) -> tuple[float, float]:
    """(probe ⟨V⟩, wall seconds per t0) of pyTDGL (used by tests/tdgl/test_reproduce_pytdgl.py)."""
    v, s, _ = _pytdgl_run(j, t_end)
    return v, s


def _neqsc_point(j: float, t_end: float = T_END) -> tuple[float, float]:
    """(probe ⟨V⟩, wall seconds per t0) of neqsc with default numerics (used by tests/tdgl)."""
    r = _neqsc_run(j, t_end)
    return r["V_probes"], r["s_per_t0"]


def _rel(a: float, b: float) -> float:
    return abs(a / b - 1.0) if b != 0.0 else (0.0 if a == 0.0 else float("inf"))


def run() -> dict:
    try:
        import tdgl  # noqa: F401
    except ImportError:
        return {"skipped": "pyTDGL (tdgl) not importable; pip install tdgl to run this comparison"}
    _neqsc_run(0.3, 5.0)  # compile
    out: dict = {}
    devs = []
    for j in CURRENTS:
        n = _neqsc_run(j)
        v_p, s_p, steps_p = _pytdgl_run(j)
        ref = _neqsc_run(j, **REFERENCE)
        out[f"j={j}: V_neqsc"] = n["V_probes"]
        out[f"j={j}: V_pytdgl"] = v_p
        out[f"j={j}: neqsc s per t0"] = n["s_per_t0"]
        out[f"j={j}: pytdgl s per t0"] = s_p
        out[f"j={j}: speedup"] = s_p / n["s_per_t0"]
        out[f"j={j}: neqsc steps per t0"] = n["steps_per_t0"]
        out[f"j={j}: pytdgl steps per t0"] = steps_p
        out[f"j={j}: neqsc us per step"] = 1e6 * n["s_per_t0"] / n["steps_per_t0"]
        out[f"j={j}: pytdgl us per step"] = 1e6 * s_p / steps_p
        dev = {
            "V_probes": _rel(n["V_probes"], ref["V_probes"]),
            "V_wire": _rel(n["V_wire"], ref["V_wire"]),
        }
        for k, d in dev.items():
            out[f"j={j}: rel. deviation of {k} from reference"] = d
        devs.append(dev)
    speed = [out[f"j={j}: speedup"] for j in CURRENTS]
    out["speedup_min"] = float(min(speed))
    out["speedup_median"] = float(np.median(speed))
    out["issue_target_speedup"] = 100.0
    out["issue_target_met"] = bool(min(speed) >= 100.0)
    out["reference_numerics"] = REFERENCE
    out["accuracy_tolerance"] = ACCURACY
    for k in ("V_probes", "V_wire"):
        out[f"max rel. deviation of {k} from reference"] = float(max(d[k] for d in devs))
    psc = [simulate(1.5, 5.0, 10.0, t_end=150.0, **kw).attrs for kw in ({}, REFERENCE)]
    out["psc banks L=5 j=1.5: period default / reference"] = [psc[0]["period"], psc[1]["period"]]
    out["psc banks L=5 j=1.5: rel. deviation of period"] = _rel(psc[0]["period"], psc[1]["period"])
    out["psc banks L=5 j=1.5: rel. deviation of mean_voltage"] = _rel(psc[0]["mean_voltage"], psc[1]["mean_voltage"])
    out["V_ratio_neqsc_over_pytdgl"] = [out[f"j={j}: V_neqsc"] / out[f"j={j}: V_pytdgl"] for j in CURRENTS]
    ohmic = [j * 2 * PROBE for j in CURRENTS]
    # below switching the probes still see the charge-imbalance tail of the N–S contacts (a few % of jL), so the
    # switching current is the first j whose probe voltage exceeds 10 % of the Ohmic value j·24ξ
    out["switching_definition"] = "first j with V_probes > 0.1 * j * 24"
    for name in ("neqsc", "pytdgl"):
        vs = [out[f"j={j}: V_{name}"] for j in CURRENTS]
        switch = [j for j, v, o in zip(CURRENTS, vs, ohmic, strict=True) if v > 0.1 * o]
        out[f"switching_current_{name}"] = float(switch[0]) if switch else float("nan")
    out["peak_rss_mb"] = peak_rss_mb()
    return out
