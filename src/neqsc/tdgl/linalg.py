"""Block-tridiagonal stage solves of the Rosenbrock–W steps (see :mod:`neqsc.tdgl.kernel`).

Each stage solves (M_i + 2s − g J_i)k_i − s(k_{i−1} + k_{i+1}) = M_i v_i for the interior nodes, with the 2×2
symmetric mass matrix M_i = ν_i(I + δ²Ψ_iΨ_iᵀ) of (B.4), s = γ dt/h² and g = γ dt or 0: the W-operator
M⁻¹(∂²_x + g/(γdt)·J) multiplied by M, where J_i = (1 − |Ψ_i|²)I − 2Ψ_iΨ_iᵀ is the local Jacobian of the reaction
term (1 − |Ψ|²)Ψ of (A.1) (symmetric, so the pivots stay symmetric). Block Thomas elimination, O(N); three numbers
per node are stored.
"""

from __future__ import annotations

import math

import numba

from neqsc.tdgl.layout import I_N, P_DELTA, P_U


@numba.njit(cache=True)
def factor(a2, re, im, s, g, par, ipar, da, db, dc, nu_arr):
    """Block-Thomas factorisation of (M_i + 2s − gJ_i)k_i − s(k_{i−1} + k_{i+1}); stores the inverse pivots (sym.
    2×2). ``g`` = γdt includes the local reaction Jacobian J_i in W, ``g`` = 0 leaves W = M⁻¹∂²_x."""
    n = ipar[I_N]
    u = par[P_U]
    d2 = par[P_DELTA] ** 2
    pa = 0.0
    pb = 0.0
    pc = 0.0
    for i in range(1, n):
        nu = u / math.sqrt(1.0 + d2 * a2[i])  # one division per node: the pivots below use a reciprocal
        nu_arr[i] = nu
        q = 1.0 - a2[i]
        a = nu * (1.0 + d2 * re[i] * re[i]) + 2.0 * s - g * (q - 2.0 * re[i] * re[i])
        b = (nu * d2 + 2.0 * g) * re[i] * im[i]
        c = nu * (1.0 + d2 * im[i] * im[i]) + 2.0 * s - g * (q - 2.0 * im[i] * im[i])
        if i > 1:
            a -= s * s * pa
            b -= s * s * pb
            c -= s * s * pc
        inv_det = 1.0 / (a * c - b * b)
        pa = c * inv_det
        pb = -b * inv_det
        pc = a * inv_det
        da[i] = pa
        db[i] = pb
        dc[i] = pc


@numba.njit(cache=True)
def solve(vre, vim, nu_arr, re, im, s, par, ipar, da, db, dc, kre, kim, kb_l, kb_r):
    """k = (I − γ dt W)⁻¹ v, using M_i v_i as right-hand side and the stored factorisation.

    ``kb_l``, ``kb_r`` = the stage increment of the boundary value, i·Ψ_b·k_θ for banks and 0 otherwise, which
    enter as Dirichlet data: W contains the stiff coupling of node 1 (n−1) to the bank phase θ_L (θ_R).
    """
    n = ipar[I_N]
    d2 = par[P_DELTA] ** 2
    yre_prev = 0.0
    yim_prev = 0.0
    for i in range(1, n):
        nu = nu_arr[i]
        proj = d2 * (re[i] * vre[i] + im[i] * vim[i])
        rre = nu * (vre[i] + proj * re[i])
        rim = nu * (vim[i] + proj * im[i])
        if i > 1:
            rre += s * (da[i - 1] * yre_prev + db[i - 1] * yim_prev)
            rim += s * (db[i - 1] * yre_prev + dc[i - 1] * yim_prev)
        else:
            rre += s * kb_l.real
            rim += s * kb_l.imag
        if i == n - 1:
            rre += s * kb_r.real
            rim += s * kb_r.imag
        kre[i] = rre
        kim[i] = rim
        yre_prev = rre
        yim_prev = rim
    kre[0] = 0.0
    kim[0] = 0.0
    kre[n] = 0.0
    kim[n] = 0.0
    nxt_re = 0.0
    nxt_im = 0.0
    for i in range(n - 1, 0, -1):
        yre = kre[i] + s * nxt_re
        yim = kim[i] + s * nxt_im
        kre[i] = da[i] * yre + db[i] * yim
        kim[i] = db[i] * yre + dc[i] * yim
        nxt_re = kre[i]
        nxt_im = kim[i]
