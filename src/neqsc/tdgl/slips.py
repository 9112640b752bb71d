"""Phase-slip detection helpers: the winding Σ arg(Ψ_i*Ψ_{i+1}) of the order parameter along the wire."""

from __future__ import annotations

import math

import numba


@numba.njit(cache=True)
def pseudo_angle(y, x):
    """Monotone stand-in for atan2(y, x): continuous except for the exact ±2π jump across the negative x axis."""
    d = abs(x) + abs(y)
    if d == 0.0:
        return 0.0
    p = y / d
    if x >= 0.0:
        return 0.5 * math.pi * p
    return (math.pi if y >= 0.0 else -math.pi) - 0.5 * math.pi * p


@numba.njit(cache=True)
def winding(re, im, n):
    """Σ_links of the link phase arg(Ψ_i*Ψ_{i+1}) (as a pseudo-angle; only its 2π jumps are used)."""
    w = 0.0
    for l in range(n):
        # the phase of |Ψ| < 1e-8 (normal regions, exponential tails) is meaningless: such links are left out
        if re[l] * re[l] + im[l] * im[l] < 1e-16 or re[l + 1] * re[l + 1] + im[l + 1] * im[l + 1] < 1e-16:
            continue
        cr = re[l] * im[l + 1] - im[l] * re[l + 1]
        dt = re[l] * re[l + 1] + im[l] * im[l + 1]
        w += pseudo_angle(cr, dt)
    return w
