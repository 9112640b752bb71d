r"""Complex conductivity of a Dynes-broadened BCS superconductor (generalised Mattis–Bardeen, Nam's form).

With the retarded functions of a Dynes superconductor (Dynes et al. PRL 41, 1509 (1978)), in units of Δ and with
γ = Γ/Δ, z = ε + iγ, s = √(z² − 1) (branch Im s > 0)::

    g(ε) = z/s  (normal),   F(ε) = 1/s  (anomalous),   n = Re g,  p = Re F

the dirty-limit conductivity (Nam, Phys. Rev. 156, 470 (1967); e.g. Zemlička et al. PRB 92, 224506 (2015)) is::

    σ₁ = (1/w) ∫ dε [f(ε) − f(ε')] [n(ε)n(ε') + p(ε)p(ε')]
    σ₂ = −(1/2w) ∫ dε { tanh(ε'/2t)[Im g(ε) n(ε') + Im F(ε) p(ε')] + tanh(ε/2t)[n(ε) Im g(ε') + p(ε) Im F(ε')] }

ε' = ε + w, integrals over the whole real axis.  For γ → 0 both reduce exactly to the Mattis–Bardeen integrals of
:mod:`neqsc.photonic.conductivity` (the two σ₂ terms become equal by ε → −ε'); the tests check this limit, the
normal state (Δ = 0 ⇒ σ = 1) and causality (Kramers–Kronig of σ₁ reproduces σ₂).

Numerics: the integrands have peaks of width γ at ε = ±1 and ε' = ±1 and Fermi steps at ε = 0, −w; the real axis
is cut at these points and every piece is integrated with tanh–sinh (double-exponential) quadrature, which
clusters nodes doubly-exponentially at both ends of each piece; the two infinite tails of σ₂ use ε = b ± u/(1 − u).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from neqsc.photonic.conductivity import _tanh_half

__all__ = ["dynes_conductivity_reduced"]

_H = 1.0 / 24.0
_KMAX = int(3.3 / _H)


def _tanh_sinh_rule():
    k = np.arange(-_KMAX, _KMAX + 1) * _H
    u = 0.5 * np.pi * np.sinh(k)
    x = np.tanh(u)
    w = _H * 0.5 * np.pi * np.cosh(k) / np.cosh(u) ** 2
    # distance to the end points without cancellation: 1 − |x| = 2/(e^{2|u|} + 1)
    d = 2.0 / (np.exp(2.0 * np.abs(u)) + 1.0)
    keep = d > 1e-300
    return x[keep], w[keep], d[keep]


_TX, _TW, _TD = _tanh_sinh_rule()


@njit(cache=True)
def _green(eps, gamma):
    """(n, p, Im g, Im F) of the Dynes superconductor at energy eps (Δ = 1)."""
    z = complex(eps, gamma)
    s = np.sqrt((z - 1.0) * (z + 1.0))
    if s.imag < 0.0:
        s = -s
    g = z / s
    f = 1.0 / s
    return g.real, f.real, g.imag, f.imag


@njit(cache=True)
def _fermi_diff(e, w, t):
    """f(e) − f(e + w) = ½[tanh((e+w)/2t) − tanh(e/2t)]."""
    if t == 0.0:
        return 1.0 if (-w < e < 0.0) else 0.0
    return 0.5 * (math.tanh(0.5 * (e + w) / t) - math.tanh(0.5 * e / t))


@njit(cache=True)
def _integrand(e, w, t, gamma, which):
    n1, p1, ig1, if1 = _green(e, gamma)
    n2, p2, ig2, if2 = _green(e + w, gamma)
    if which == 1:
        return _fermi_diff(e, w, t) * (n1 * n2 + p1 * p2)
    return _tanh_half(e + w, t) * (ig1 * n2 + if1 * p2) + _tanh_half(e, t) * (n1 * ig2 + p1 * if2)


@njit(cache=True)
def _segment(a, b, w, t, gamma, which, tx, tw, td):
    half = 0.5 * (b - a)
    acc = 0.0
    for k in range(tx.size):
        # node measured from the nearer end, so points within 1e-300 of an end point stay distinct from it
        if tx[k] < 0:
            e = a + half * td[k]
        else:
            e = b - half * td[k]
        acc += tw[k] * _integrand(e, w, t, gamma, which)
    return half * acc


@njit(cache=True)
def _tail(b, direction, w, t, gamma, which, tx, tw, td):
    """∫ from b to ±∞ with ε = b ± u/(1 − u), u ∈ [0, 1)."""
    acc = 0.0
    for k in range(tx.size):
        u = 0.5 * (tx[k] + 1.0)
        one_minus = 0.5 * td[k] if tx[k] > 0 else 1.0 - u
        e = b + direction * u / one_minus
        jac = 1.0 / (one_minus * one_minus)
        acc += 0.5 * tw[k] * jac * _integrand(e, w, t, gamma, which)
    return acc


@njit(cache=True)
def _sigma_dynes(w, t, gamma, tx, tw, td):
    pts = np.array([-1.0 - w, 1.0 - w, -1.0, 1.0, -w, 0.0])
    pts = np.sort(pts)
    # σ₁: the Fermi factor confines ε to [−w − 50t − 1, 50t + 1] (t = 0: exactly [−w, 0])
    lo = -w - 50.0 * t
    hi = 50.0 * t
    if t == 0.0:
        lo, hi = -w, 0.0
    s1 = 0.0
    prev = lo
    for i in range(pts.size + 1):
        nxt = pts[i] if i < pts.size else hi
        nxt = min(max(nxt, lo), hi)
        if nxt > prev:
            s1 += _segment(prev, nxt, w, t, gamma, 1, tx, tw, td)
            prev = nxt
    s1 /= w
    s2 = 0.0
    for i in range(pts.size - 1):
        if pts[i + 1] > pts[i]:
            s2 += _segment(pts[i], pts[i + 1], w, t, gamma, 2, tx, tw, td)
    s2 += _tail(pts[-1], 1.0, w, t, gamma, 2, tx, tw, td)
    s2 += _tail(pts[0], -1.0, w, t, gamma, 2, tx, tw, td)
    s2 *= -0.5 / w
    return s1, s2


@njit(cache=True)
def _many(w, t, gamma, tx, tw, td, out1, out2):
    for i in range(w.size):
        if not (w[i] < 1e300):
            out1[i] = 1.0
            out2[i] = 0.0
        else:
            a, b = _sigma_dynes(w[i], t[i], gamma, tx, tw, td)
            out1[i] = a
            out2[i] = b


def dynes_conductivity_reduced(w, t, gamma: float):
    """σ/σ_n = σ₁ − iσ₂ at reduced ``w`` = ħω/Δ (> 0; inf ⇒ normal metal), ``t`` = k_BT/Δ (>= 0), γ = Γ/Δ (> 0)."""
    w, t = np.broadcast_arrays(np.asarray(w, dtype=float), np.asarray(t, dtype=float))
    shape = w.shape
    wf, tf = np.ascontiguousarray(w.ravel()), np.ascontiguousarray(t.ravel())
    s1, s2 = np.empty(wf.size), np.empty(wf.size)
    _many(wf, tf, float(gamma), _TX, _TW, _TD, s1, s2)
    return (s1 - 1j * s2).reshape(shape)
