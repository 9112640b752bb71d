"""Block-tridiagonal stage solves of the Rosenbrock–W steps (see :mod:`neqsc.tdgl.kernel`).

Each stage solves (M_i + 2s − g J_i)k_i − s(k_{i−1} + k_{i+1}) = M_i v_i for the interior nodes, with the 2×2
symmetric mass matrix M_i = ν_i(I + δ²Ψ_iΨ_iᵀ) of (B.4), s = γ dt/h² and g = γ dt or 0: the W-operator
M⁻¹(∂²_x + g/(γdt)·J) multiplied by M, where J_i = (1 − |Ψ_i|²)I − 2Ψ_iΨ_iᵀ is the local Jacobian of the reaction
term (1 − |Ψ|²)Ψ of (A.1) (symmetric, so the pivots stay symmetric).

Twisted block elimination, O(N): the pivots run from both ends towards the middle node p + 1 at once
(p = ⌊(N−1)/2⌋), D_1 = A_1, D_i = A_i − s²D_{i−1}⁻¹ (i = 2 … p) from the left, E_{N−1} = A_{N−1},
E_i = A_i − s²E_{i+1}⁻¹ (i = N−2 … p+2) from the right, and the two meet in F = A_{p+1} − s²(D_p⁻¹ + E_{p+2}⁻¹).
It is the same exact elimination as block Thomas in another order, but every sweep carries two independent
recurrences, which the processor overlaps: the sweeps are bound by the latency of their recurrences, not by
arithmetic, so this halves their time. ``piv`` (6 × (N+1)) holds per node the inverse pivot (symmetric 2×2: a, b, c)
and the same times s, so
that each step of a recurrence is two fused multiply-adds.
"""

from __future__ import annotations

import math

import numba

from neqsc.tdgl.layout import I_N, P_DELTA, P_U

#: rows of the pivot store ``piv``: inverse pivot (a, b, c) and s × inverse pivot (sa, sb, sc)
N_PIV = 6


@numba.njit(cache=True, inline="always")
def _block(a2, re, im, s, g, d2, u, i):
    """A_i = M_i + 2s − gJ_i (symmetric 2×2: a, b, c) and ν_i."""
    nu = u / math.sqrt(1.0 + d2 * a2[i])
    q = 1.0 - a2[i]
    a = nu * (1.0 + d2 * re[i] * re[i]) + 2.0 * s - g * (q - 2.0 * re[i] * re[i])
    b = (nu * d2 + 2.0 * g) * re[i] * im[i]
    c = nu * (1.0 + d2 * im[i] * im[i]) + 2.0 * s - g * (q - 2.0 * im[i] * im[i])
    return a, b, c, nu


@numba.njit(cache=True, inline="always")
def _store(piv, i, s, a, b, c):
    """Store the inverse of the symmetric pivot (a, b; b, c) and s times it at node i; return the inverse."""
    inv_det = 1.0 / (a * c - b * b)
    pa = c * inv_det
    pb = -b * inv_det
    pc = a * inv_det
    piv[0, i] = pa
    piv[1, i] = pb
    piv[2, i] = pc
    piv[3, i] = s * pa
    piv[4, i] = s * pb
    piv[5, i] = s * pc
    return pa, pb, pc


@numba.njit(cache=True, inline="always")
def split(n):
    """Last node p of the left sweep (0: none); the right sweep covers p + 2 … N − 1, the two meet at p + 1."""
    return (n - 1) // 2


@numba.njit(cache=True)
def factor(a2, re, im, s, g, par, ipar, piv, nu_arr):
    """Twisted block factorisation of (M_i + 2s − gJ_i)k_i − s(k_{i−1} + k_{i+1}): fills ``piv`` (see the module
    docstring) and ν_i in ``nu_arr``. ``g`` = γdt includes the local reaction Jacobian J_i in W, ``g`` = 0 leaves
    W = M⁻¹∂²_x."""
    n = ipar[I_N]
    u = par[P_U]
    d2 = par[P_DELTA] ** 2
    s2 = s * s
    p = split(n)
    nr = n - 2 - p  # nodes of the right sweep (p + 2 … n − 1)
    la = lb = lc = 0.0  # last inverse pivots of the left and right sweeps
    ra = rb = rc = 0.0
    for t in range(max(p, nr)):
        if t < p:
            i = 1 + t
            a, b, c, nu = _block(a2, re, im, s, g, d2, u, i)
            nu_arr[i] = nu
            la, lb, lc = _store(piv, i, s, a - s2 * la, b - s2 * lb, c - s2 * lc)
        if t < nr:
            i = n - 1 - t
            a, b, c, nu = _block(a2, re, im, s, g, d2, u, i)
            nu_arr[i] = nu
            ra, rb, rc = _store(piv, i, s, a - s2 * ra, b - s2 * rb, c - s2 * rc)
    i = p + 1
    a, b, c, nu = _block(a2, re, im, s, g, d2, u, i)
    nu_arr[i] = nu
    _store(piv, i, s, a - s2 * (la + ra), b - s2 * (lb + rb), c - s2 * (lc + rc))


@numba.njit(cache=True, inline="always")
def _eliminate(kre, kim, sa, sb, sc, i, j, xre, xim):
    """One elimination step: k_i += s·P_j⁻¹x (x = the finished value of the neighbour j); returns the new k_i."""
    yre = kre[i] + sa[j] * xre + sb[j] * xim
    yim = kim[i] + sb[j] * xre + sc[j] * xim
    kre[i] = yre
    kim[i] = yim
    return yre, yim


@numba.njit(cache=True, inline="always")
def _back(kre, kim, pa, pb, pc, sa, sb, sc, i, xre, xim):
    """One back-substitution step: k_i = P_i⁻¹y_i + s·P_i⁻¹x (x = the neighbour solved before); returns k_i."""
    yre = kre[i]
    yim = kim[i]
    kre[i] = pa[i] * yre + pb[i] * yim + sa[i] * xre + sb[i] * xim
    kim[i] = pb[i] * yre + pc[i] * yim + sb[i] * xre + sc[i] * xim
    return kre[i], kim[i]


@numba.njit(cache=True)
def solve(vre, vim, nu_arr, re, im, s, par, ipar, piv, kre, kim, kb_l, kb_r):
    """k = (I − γ dt W)⁻¹ v, using M_i v_i as right-hand side and the stored twisted factorisation.

    ``kb_l``, ``kb_r`` = the stage increment of the boundary value, i·Ψ_b·k_θ for banks and 0 otherwise, which
    enter as Dirichlet data: W contains the stiff coupling of node 1 (n−1) to the bank phase θ_L (θ_R).
    """
    n = ipar[I_N]
    d2 = par[P_DELTA] ** 2
    p = split(n)
    nr = n - 2 - p
    pa = piv[0]
    pb = piv[1]
    pc = piv[2]
    sa = piv[3]
    sb = piv[4]
    sc = piv[5]
    # right-hand sides M_i v_i (independent per node), with the Dirichlet data s·k_b at the end nodes
    for i in range(1, n):
        nu = nu_arr[i]
        proj = d2 * (re[i] * vre[i] + im[i] * vim[i])
        kre[i] = nu * (vre[i] + proj * re[i])
        kim[i] = nu * (vim[i] + proj * im[i])
    kre[1] += s * kb_l.real
    kim[1] += s * kb_l.imag
    kre[n - 1] += s * kb_r.real
    kim[n - 1] += s * kb_r.imag
    # elimination from both ends: y_i = r_i + s·D_{i−1}⁻¹y_{i−1} (left), z_i = r_i + s·E_{i+1}⁻¹z_{i+1} (right)
    lre = lim = 0.0
    rre = rim = 0.0
    for t in range(max(p, nr)):
        if t < p:
            i = 1 + t
            if t > 0:
                lre, lim = _eliminate(kre, kim, sa, sb, sc, i, i - 1, lre, lim)
            else:
                lre, lim = kre[i], kim[i]
        if t < nr:
            i = n - 1 - t
            if t > 0:
                rre, rim = _eliminate(kre, kim, sa, sb, sc, i, i + 1, rre, rim)
            else:
                rre, rim = kre[i], kim[i]
    # meeting node p + 1: F k = r + s D_p⁻¹y_p + s E_{p+2}⁻¹z_{p+2}
    i = p + 1
    yre = kre[i]
    yim = kim[i]
    if p >= 1:
        yre += sa[p] * lre + sb[p] * lim
        yim += sb[p] * lre + sc[p] * lim
    if nr > 0:
        yre += sa[p + 2] * rre + sb[p + 2] * rim
        yim += sb[p + 2] * rre + sc[p + 2] * rim
    kre[i] = pa[i] * yre + pb[i] * yim
    kim[i] = pb[i] * yre + pc[i] * yim
    lre = rre = kre[i]
    lim = rim = kim[i]
    # back substitution outwards: k_i = D_i⁻¹y_i + s·D_i⁻¹k_{i+1} (left), k_i = E_i⁻¹z_i + s·E_i⁻¹k_{i−1} (right)
    for t in range(max(p, nr)):
        if t < p:
            lre, lim = _back(kre, kim, pa, pb, pc, sa, sb, sc, p - t, lre, lim)
        if t < nr:
            rre, rim = _back(kre, kim, pa, pb, pc, sa, sb, sc, p + 2 + t, rre, rim)
    kre[0] = 0.0
    kim[0] = 0.0
    kre[n] = 0.0
    kim[n] = 0.0
