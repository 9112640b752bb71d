"""The interference-current factor Z_K = [K(k) − E(k)]/k of the generalized TDGL current law.

Paper (Mowgood et al., *phase-slip centers as cooling engines*) Eq. (2) and (A.2): the normal current is enhanced by
``1 + c₂|Ψ| Z(k)`` with ``k = δ|Ψ|/√(1+δ²|Ψ|²)`` (modulus, not the parameter m = k² that scipy takes). Two forms:

* ``exact`` — Z_K(k) = [K(k) − E(k)]/k by the arithmetic–geometric mean without cancellation:
  K − E = K·Σ_{n≥0} 2^{n−1} c_n², c_0 = k, c_{n+1} = c_n²/(4a_{n+1}), K = π/(2 a_∞), started from a_0 = 1,
  b_0 = k' = 1/√(1+s²) with s = δ|Ψ| (so k → 1 keeps full precision). For k < 1e-3 the series
  πk/4 + 3πk³/32 is used.
* ``paper_approx`` — (A.3)/(B.11): Z(k) = ln(1−k²)/(2k) − ln(1−k) (the paper's K − E ≈ ln√(1−k²) − k ln(1−k),
  divided by k), written without cancellation as Z = ½ln(1+s²)(1 − √(1+s²)/s) + asinh(s).

Both are functions of ``s = δ|Ψ| ≥ 0`` here. Numba-compiled scalar kernels plus vectorised NumPy wrappers.
"""

from __future__ import annotations

import math

import numba
import numpy as np

MODE_OFF = 0
MODE_EXACT = 1
MODE_PAPER = 2


@numba.njit(cache=True, fastmath=False)
def zk_exact(s: float) -> float:
    """[K(k) − E(k)]/k at k = s/√(1+s²), s ≥ 0 (AGM, relative accuracy ~1e-15)."""
    if s <= 0.0:
        return 0.0
    r2 = 1.0 + s * s
    k = s / math.sqrt(r2)
    if k < 1e-3:
        return math.pi * k / 4.0 + 3.0 * math.pi * k**3 / 32.0
    a = 1.0
    b = 1.0 / math.sqrt(r2)
    c = k
    total = 0.5 * c * c
    weight = 0.5
    for _ in range(40):
        a_new = 0.5 * (a + b)
        b = math.sqrt(a * b)
        c = c * c / (4.0 * a_new)
        a = a_new
        weight *= 2.0
        total += weight * c * c
        if c < 1e-17 * a:
            break
    kk = math.pi / (2.0 * a)
    return kk * total / k


@numba.njit(cache=True, fastmath=False)
def zk_paper(s: float) -> float:
    """Paper's (B.11) Z(k) = ln(1−k²)/(2k) − ln(1−k) at k = s/√(1+s²), s ≥ 0."""
    if s <= 0.0:
        return 0.0
    if s < 1e-4:
        # Z = k/2 + k²/2 + k³/12 + O(k⁴), k = s(1 − s²/2 + ...)
        return 0.5 * s + 0.5 * s * s - (1.0 / 6.0) * s**3
    l1 = math.log1p(s * s)
    return 0.5 * l1 * (1.0 - math.sqrt(1.0 + s * s) / s) + math.asinh(s)


@numba.njit(cache=True)
def zk(s: float, mode: int) -> float:
    """Z for the interference mode (0 off, 1 exact, 2 paper approximation)."""
    if mode == MODE_EXACT:
        return zk_exact(s)
    if mode == MODE_PAPER:
        return zk_paper(s)
    return 0.0


def interference_factor(s, mode: str = "exact") -> np.ndarray:
    """Vectorised Z_K(s) for ``mode`` in {"exact", "paper_approx", "off"} (s = δ|Ψ|)."""
    code = {"off": MODE_OFF, "exact": MODE_EXACT, "paper_approx": MODE_PAPER}[mode]
    arr = np.asarray(s, dtype=float)
    out = np.array([zk(float(v), code) for v in arr.ravel()])
    return out.reshape(arr.shape)
