"""Observables of a PSC run: period per slip, time-averaged voltage, automatic transient detection.

The period is measured from the phase-slip times (never from an FFT of adaptive-time data). With
slip times T_k and the integrated voltage Φ_k = ∫_0^{T_k} V dτ recorded at those instants, a run is *periodic*
with m slips per period (m = 1, 2, 3 tried in turn) when the composite intervals T_{k+m} − T_k of the tail agree
within ``rtol`` (default 1e-3); the transient ends at the first slip from which they all do. Then

    period = (T_last − T_k0)/(number of slips),   ⟨V⟩ = (Φ_last − Φ_k0)/(T_last − T_k0),

so ⟨V⟩·period = 2π·(winding removed per slip)/1 is the Josephson relation (A.7) tested in the suite. Without
slips in the second half of the run, ⟨V⟩ is (Φ(t_end) − Φ(t_end/2))/(t_end/2) and the period is NaN.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np


@dataclasses.dataclass(frozen=True)
class SlipAnalysis:
    period: float
    mean_voltage: float
    transient_end: float
    periodic: bool
    slips_per_period: int
    n_slips_averaged: int


def analyse(
    slip_t: np.ndarray,
    slip_vint: np.ndarray,
    t_end: float,
    vint_end: float,
    t_half: float,
    vint_half: float,
    rtol: float = 1e-3,
) -> SlipAnalysis:
    """Period, mean voltage and transient end from the slip record (see module docstring)."""
    slip_t = np.asarray(slip_t, dtype=float)
    slip_vint = np.asarray(slip_vint, dtype=float)
    k = slip_t.size
    fallback_v = (vint_end - vint_half) / (t_end - t_half) if t_end > t_half else math.nan
    if k < 3:
        return SlipAnalysis(math.nan, fallback_v, t_half, False, 0, 0)
    typical = float(np.median(np.diff(slip_t[k // 2 :]))) if k >= 4 else float(slip_t[-1] - slip_t[-2])
    # slips stopped long before the end: the wire has returned to a static state
    if t_end - slip_t[-1] > 3.0 * typical + 1.0:
        return SlipAnalysis(math.nan, fallback_v, float(slip_t[-1]), False, 0, 0)
    for m in (1, 2, 3):
        if k < 3 * m + 1:
            break
        comp = slip_t[m:] - slip_t[:-m]
        last = comp[-1]
        ok = np.abs(comp - last) <= rtol * last
        if not ok[-3 * m :].all():
            continue
        bad = np.nonzero(~ok)[0]
        k0 = int(bad[-1] + 1) if bad.size else 0
        k_last = k - 1
        k_last -= (k_last - k0) % m
        if k_last - k0 < m:
            continue
        span = slip_t[k_last] - slip_t[k0]
        if span <= 0.0:  # simultaneous slips at several places: no time span to average over with this grouping
            continue
        return SlipAnalysis(
            period=float(span / (k_last - k0)),
            mean_voltage=float((slip_vint[k_last] - slip_vint[k0]) / span),
            transient_end=float(slip_t[k0]),
            periodic=True,
            slips_per_period=m,
            n_slips_averaged=int(k_last - k0),
        )
    k0 = k // 2
    span = slip_t[-1] - slip_t[k0]
    if span <= 0:
        return SlipAnalysis(math.nan, fallback_v, t_half, False, 0, 0)
    return SlipAnalysis(
        period=float(span / (k - 1 - k0)),
        mean_voltage=float((slip_vint[-1] - slip_vint[k0]) / span),
        transient_end=float(slip_t[k0]),
        periodic=False,
        slips_per_period=0,
        n_slips_averaged=int(k - 1 - k0),
    )
