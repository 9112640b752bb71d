"""Cost of the SI wire layer (neqsc.tdgl.Wire) against a 1000 t0 reduced run of the same wire.

Wire: Al, 2 µm × 100 nm × 20 nm at 1.05 K with δ = 10 (L = 5.27 ξ, dx = 0.1 ξ), bias 1.5 j0 (resistive PSC state).
Baseline: ``neqsc.tdgl.simulate`` for 1000 t0 with the reduced parameters. SI layer: building the Wire (material
lookup, unit strings, scales, δ), converting current and time, and attaching the SI variables to the 1000 t0 result
(``Wire.attach_si``), averaged over repetitions. Also timed end to end: ``Wire.simulate`` vs ``simulate``.
"""

from __future__ import annotations

import time

from neqsc.tdgl import Wire, simulate

GEOMETRY = ("Al", "2 um", "100 nm", "20 nm", "1.05 K")
T_END, J, REPEAT = 1000.0, 1.5, 50


def run() -> dict:
    wire = Wire(*GEOMETRY, delta=10.0)
    simulate(J, wire.length_reduced, wire.delta, wire.eta, t_end=1.0)  # compile / load cache
    start = time.perf_counter()
    ds = simulate(J, wire.length_reduced, wire.delta, wire.eta, t_end=T_END)
    t_run = time.perf_counter() - start

    start = time.perf_counter()
    for _ in range(REPEAT):
        w = Wire(*GEOMETRY, delta=10.0)
        w.reduced_current(J * w.I0)
        w.reduced_time(f"{T_END} t0")
        w.attach_si(ds)
    t_si = (time.perf_counter() - start) / REPEAT

    start = time.perf_counter()
    si = wire.simulate(J * wire.I0, t_end=f"{T_END} t0")
    t_wire = time.perf_counter() - start
    assert si.attrs["mean_voltage"] == ds.attrs["mean_voltage"]  # same arithmetic
    return {
        "reduced_run_1000t0_s": t_run,
        "si_layer_s": t_si,
        "si_layer_fraction_of_run": t_si / t_run,
        "wire_simulate_1000t0_s": t_wire,
        "end_to_end_ratio": t_wire / t_run,
        "snapshots": int(ds.sizes["t"]),
        "length_xi": wire.length_reduced,
    }
