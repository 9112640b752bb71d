"""Batched 2×2 block-tridiagonal solver (one system per energy) used by the kinetic equations.

Numba block-Thomas sweep; the residual of every system is checked and systems with a poor residual are re-solved
with LAPACK's banded solver (partial pivoting) in the interleaved ordering (L0, T0, L1, T1, ...).
"""

from __future__ import annotations

import numba
import numpy as np
from scipy.linalg import solve_banded

__all__ = ["solve_blocks"]


@numba.njit(cache=True)
def _block_thomas(lo, di, up, rhs):  # pragma: no cover - compiled
    """Solve block-tridiagonal systems, one per energy: arrays (n_e, n, 2, 2) and rhs (n_e, n, 2)."""
    n_e, n = rhs.shape[0], rhs.shape[1]
    out = np.empty_like(rhs)
    cp = np.empty((n, 2, 2))
    dp = np.empty((n, 2))
    for k in range(n_e):
        for i in range(n):
            b00 = di[k, i, 0, 0]
            b01 = di[k, i, 0, 1]
            b10 = di[k, i, 1, 0]
            b11 = di[k, i, 1, 1]
            r0 = rhs[k, i, 0]
            r1 = rhs[k, i, 1]
            if i > 0:
                a00, a01, a10, a11 = lo[k, i, 0, 0], lo[k, i, 0, 1], lo[k, i, 1, 0], lo[k, i, 1, 1]
                b00 -= a00 * cp[i - 1, 0, 0] + a01 * cp[i - 1, 1, 0]
                b01 -= a00 * cp[i - 1, 0, 1] + a01 * cp[i - 1, 1, 1]
                b10 -= a10 * cp[i - 1, 0, 0] + a11 * cp[i - 1, 1, 0]
                b11 -= a10 * cp[i - 1, 0, 1] + a11 * cp[i - 1, 1, 1]
                r0 -= a00 * dp[i - 1, 0] + a01 * dp[i - 1, 1]
                r1 -= a10 * dp[i - 1, 0] + a11 * dp[i - 1, 1]
            det = b00 * b11 - b01 * b10
            i00, i01, i10, i11 = b11 / det, -b01 / det, -b10 / det, b00 / det
            u00, u01, u10, u11 = up[k, i, 0, 0], up[k, i, 0, 1], up[k, i, 1, 0], up[k, i, 1, 1]
            cp[i, 0, 0] = i00 * u00 + i01 * u10
            cp[i, 0, 1] = i00 * u01 + i01 * u11
            cp[i, 1, 0] = i10 * u00 + i11 * u10
            cp[i, 1, 1] = i10 * u01 + i11 * u11
            dp[i, 0] = i00 * r0 + i01 * r1
            dp[i, 1] = i10 * r0 + i11 * r1
        out[k, n - 1, 0] = dp[n - 1, 0]
        out[k, n - 1, 1] = dp[n - 1, 1]
        for i in range(n - 2, -1, -1):
            out[k, i, 0] = dp[i, 0] - cp[i, 0, 0] * out[k, i + 1, 0] - cp[i, 0, 1] * out[k, i + 1, 1]
            out[k, i, 1] = dp[i, 1] - cp[i, 1, 0] * out[k, i + 1, 0] - cp[i, 1, 1] * out[k, i + 1, 1]
    return out


def _banded_fallback(lo, di, up, rhs, k):
    n = rhs.shape[1]
    m = 2 * n
    ab = np.zeros((7, m))  # bandwidth 3 each side in the interleaved ordering (L0, T0, L1, T1, ...)
    for i in range(n):
        for a in range(2):
            r = 2 * i + a
            for b in range(2):
                for blk, j in ((lo, i - 1), (di, i), (up, i + 1)):
                    if 0 <= j < n:
                        c = 2 * j + b
                        ab[3 + r - c, c] = blk[k, i, a, b]
    return solve_banded((3, 3), ab, rhs[k].reshape(m)).reshape(n, 2)


def solve_blocks(lo, di, up, rhs):
    """Solve lo·u[i−1] + di·u[i] + up·u[i+1] = rhs for arrays (n_e, n, 2, 2) / (n_e, n, 2)."""
    u = _block_thomas(lo, di, up, rhs)
    res = _apply(lo, di, up, u) - rhs
    scale = np.abs(di).max(axis=(1, 2, 3)) * (np.abs(u).max(axis=(1, 2)) + 1.0)
    bad = np.nonzero(~np.isfinite(res).all(axis=(1, 2)) | (np.abs(res).max(axis=(1, 2)) > 1e-9 * scale))[0]
    for k in bad:
        u[k] = _banded_fallback(lo, di, up, rhs, k)
    return u


@numba.njit(cache=True)
def _apply(lo, di, up, u):  # pragma: no cover - compiled
    n_e, n = u.shape[0], u.shape[1]
    out = np.zeros_like(u)
    for k in range(n_e):
        for i in range(n):
            for a in range(2):
                acc = di[k, i, a, 0] * u[k, i, 0] + di[k, i, a, 1] * u[k, i, 1]
                if i > 0:
                    acc += lo[k, i, a, 0] * u[k, i - 1, 0] + lo[k, i, a, 1] * u[k, i - 1, 1]
                if i < n - 1:
                    acc += up[k, i, a, 0] * u[k, i + 1, 0] + up[k, i, a, 1] * u[k, i + 1, 1]
                out[k, i, a] = acc
    return out
