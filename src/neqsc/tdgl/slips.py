"""Phase-slip detection: winding Σ arg(Ψ_i*Ψ_{i+1}) along the wire, slip number between banks, link angles."""

from __future__ import annotations

import math

import numba

# Padé [9/8] of atan(t)/t in s = t²: (1 + P1 s + … + P4 s⁴)/(1 + Q1 s + … + Q4 s⁴) (link angles of the c₁ term)
ATAN_P1, ATAN_P2, ATAN_P3, ATAN_P4 = 91.0 / 51.0, 83.0 / 85.0, 1289.0 / 7735.0, 16384.0 / 3828825.0
ATAN_Q1, ATAN_Q2, ATAN_Q3, ATAN_Q4 = 36.0 / 17.0, 126.0 / 85.0, 84.0 / 221.0, 63.0 / 2431.0


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


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def atan_ratio(y, x):
    """atan2(y, x); by a one-division Padé [9/8] for x > 0, |y| < x/2 (relative error < 1e-11)."""
    if x > 1e-30 and abs(y) < 0.5 * x:
        # homogeneous in (x², y²) so that one division suffices (x > 1e-30 keeps x⁹ clear of underflow)
        p = x * x
        q = y * y
        q2 = q * q
        num = p * (p * (p * (p + ATAN_P1 * q) + ATAN_P2 * q2) + ATAN_P3 * q2 * q) + ATAN_P4 * q2 * q2
        dnm = p * (p * (p * (p + ATAN_Q1 * q) + ATAN_Q2 * q2) + ATAN_Q3 * q2 * q) + ATAN_Q4 * q2 * q2
        return y * num / (x * dnm)
    return math.atan2(y, x)


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def slip_number(re, im, n, th_l, th_r):
    """(θ_R − θ_L − Σ_links arg(Ψ_l*Ψ_{l+1}))/2π: an integer (to rounding) for banks, the net number of slips.

    Σ arg(Ψ_l*Ψ_{l+1}) ≡ arg Ψ_n − arg Ψ_0 = θ_R − θ_L (mod 2π) for any nonzero Ψ, so the quotient changes only when a
    link angle passes ±π, i.e. when Ψ passes through zero at a slip. A link with an exact zero contributes 0.
    """
    w = 0.0
    for l in range(n):
        y = re[l] * im[l + 1] - im[l] * re[l + 1]
        x = re[l] * re[l + 1] + im[l] * im[l + 1]
        w += atan_ratio(y, x)
    return (th_r - th_l - w) / (2.0 * math.pi)
