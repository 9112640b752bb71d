r"""Electron–electron collision integral for the energy mode f_L (Ryan et al. 2026, Eq. 9; form RECONSTRUCTED).

The paper uses "Eq. (16) of Bobkova & Bobkov, PRB 93, 024513 (2016)", which we could not consult.  We implement the
standard quasiclassical e–e collision integral for a superconductor with the coherence factor of the density
vertex (e.g. Kopnin, *Theory of Nonequilibrium Superconductivity*, Ch. 4; Pothier et al., PRL 79, 3490 (1997) for
the normal-state kernel), written on the full energy axis (so pair breaking, a quasiparticle at ε ≥ 3Δ exciting a
partner from ε' < −Δ to ε' + ω > Δ, is included automatically)::

    I_L(ε) = (1/8) ∫dω ∫dε' K(ω) M(ε, ε−ω) M(ε', ε'+ω) · { in − out }
    in  = [1+f_L(ε)][1−f_L(ε−ω)][1+f_L(ε')][1−f_L(ε'+ω)]
    out = [1−f_L(ε)][1+f_L(ε−ω)][1−f_L(ε')][1+f_L(ε'+ω)]
    M(ε₁, ε₂) = N(ε₁)N(ε₂) − R(ε₁)R(ε₂),   N = Re G,  R = Im F   (→ 1 in the normal state)
    K(ω) = γ_ee |ω|^{−p}     (ω in Δ₀; p = 3/2 quasi-1D [default], 1 for a 2D film, 0 constant)

With f_L = 1 − 2f, out/16 = f(ε)[1−f(ε−ω)]f(ε')[1−f(ε'+ω)] is the rate of scattering out of ε.  The sign is fixed so
that D_L ∂²f_L = I_L (Eq. 9) relaxes f_L towards equilibrium: ∂I_L(ε)/∂f_L(ε) ≥ 0.

Properties (exact on any uniform grid, tested): I_L[tanh(ε/2t)] = 0 pointwise (detailed balance, ε + ε' = (ε−ω) +
(ε'+ω)); ∫I_L dε = 0 (particle number on the full axis) and ∫ε I_L dε = 0 (energy) for *any* f_L, because each
process enters I_L at its four energies with weights +,−,+,− and M is symmetric.

γ_ee is the kernel amplitude at ω = Δ₀ (paper: γ_ee = ħ/(Δ₀τ_ee) = 2·10⁻⁴); how it maps onto a normal-state τ_ee
at T_c depends on p and is stated in docs/quasiclassics.md.

Numerics: on a uniform grid ε_k = kδε both the ε'-sum (a cross-correlation in ω) and the ω-sum (a convolution in ε)
are evaluated with FFTs, O(N log N) per position instead of O(N³) (:func:`ee_collision_integral_direct` is the
direct triple sum, kept for tests and the benchmark baseline).
"""

from __future__ import annotations

import numpy as np
from scipy.fft import irfft, next_fast_len, rfft

from neqsc import validation
from neqsc.errors import InvalidParameter

__all__ = ["ee_collision_integral", "ee_collision_integral_direct", "ee_kernel"]


def ee_kernel(omega, gamma_ee: float, exponent: float = 1.5) -> np.ndarray:
    """K(ω) = γ_ee |ω|^{−p} with K(0) = 0 (no energy transfer, no effect).

    ``omega`` is the energy transfer in Δ0, ``gamma_ee`` the kernel amplitude at ω = Δ0 (dimensionless,
    ħ/(Δ0τ_ee)) and ``exponent`` p (dimensionless; 3/2 quasi-1D, 1 for a 2D film, 0 constant).
    """
    omega = np.asarray(omega, dtype=float)
    out = np.zeros_like(omega)
    nz = omega != 0
    out[nz] = gamma_ee * np.abs(omega[nz]) ** (-exponent)
    return out


def _check_uniform(eps: np.ndarray) -> float:
    d = np.diff(eps)
    de = float(d.mean())
    if eps.size < 3 or np.max(np.abs(d - de)) > 1e-9 * max(1.0, de):
        raise InvalidParameter("eps", f"grid of {eps.size} points", "an equidistant grid (uniform_energy_grid)")
    return de


def ee_collision_integral(eps, N, R, f_L, gamma_ee: float, exponent: float = 1.5, *, return_rate: bool = False):
    """I_L(ε) of the module docstring on the uniform grid ``eps`` (units of Δ₀).

    ``N``, ``R`` (= Im F) and ``f_L`` have shape (..., n_eps) (leading axes, e.g. positions, are batched). Returns
    I_L (same shape; units Δ₀/ħ in reduced units) and, with ``return_rate``, also ν = ∂I_L(ε)/∂f_L(ε) (the
    out-plus-in scattering rate, used as a diagonal preconditioner). ``gamma_ee`` and ``exponent`` as in
    :func:`ee_kernel` (both dimensionless).
    """
    eps = np.asarray(eps, dtype=float)
    de = _check_uniform(eps)
    validation.nonnegative("gamma_ee", gamma_ee)
    n = eps.size
    N = np.broadcast_to(np.asarray(N, dtype=float), np.shape(f_L))
    R = np.broadcast_to(np.asarray(R, dtype=float), np.shape(f_L))
    f_L = np.asarray(f_L, dtype=float)
    P = 1.0 + f_L
    Q = 1.0 - f_L
    omega = np.arange(-(n - 1), n) * de
    K = ee_kernel(omega, gamma_ee, exponent)
    m = next_fast_len(2 * n - 1, real=True)  # circular wrap lands below the output window n−1..2n−2
    fw = lambda a: rfft(a, m, axis=-1)  # noqa: E731
    WP = {"N": fw(N * P), "R": fw(R * P)}
    WQ = {"N": fw(N * Q), "R": fw(R * Q)}
    # S(ω) = Σ_c σ_c Σ_ε' a_c(ε') b_c(ε'+ω) δε: correlation → conj(A)·B; lag ω = jδε sits at index j mod m
    lags = np.arange(-(n - 1), n) % m
    S_in = irfft(np.conj(WP["N"]) * WQ["N"] - np.conj(WP["R"]) * WQ["R"], m, axis=-1)[..., lags]
    S_out = irfft(np.conj(WQ["N"]) * WP["N"] - np.conj(WQ["R"]) * WP["R"], m, axis=-1)[..., lags]
    T_in = fw(K * S_in * de)  # T placed at indices 0..2n-2 ↔ ω = −(n−1)..(n−1)
    T_out = fw(K * S_out * de)
    I_L = np.zeros_like(f_L)
    rate = np.zeros_like(f_L) if return_rate else None
    for key, W, sign in (("N", N, 1.0), ("R", R, -1.0)):
        # Σ_ω T(ω) g(ε−ω) δω: full convolution; ε index i ↔ output index i + n − 1
        c_in = irfft(T_in * WQ[key], m, axis=-1)[..., n - 1 : 2 * n - 1] * de
        c_out = irfft(T_out * WP[key], m, axis=-1)[..., n - 1 : 2 * n - 1] * de
        I_L += sign * W * (P * c_in - Q * c_out)
        if return_rate:
            rate += sign * W * (c_in + c_out)
    I_L *= 0.125
    if return_rate:
        return I_L, 0.125 * rate
    return I_L


def ee_collision_integral_direct(eps, N, R, f_L, gamma_ee: float, exponent: float = 1.5) -> np.ndarray:
    """Same as :func:`ee_collision_integral` for 1D inputs, by the direct O(N³) sum (reference / baseline)."""
    eps = np.asarray(eps, dtype=float)
    de = _check_uniform(eps)
    n = eps.size
    N, R, f = (np.asarray(a, dtype=float) for a in (N, R, f_L))
    out = np.zeros(n)
    for i in range(n):
        for j in range(n):  # j indexes ε − ω
            w = eps[i] - eps[j]
            if w == 0:
                continue
            k = ee_kernel(np.array([w]), gamma_ee, exponent)[0]
            m1 = N[i] * N[j] - R[i] * R[j]
            shift = i - j  # ε' + ω index = l + shift
            lo, hi = max(0, -shift), min(n, n - shift)
            lidx = np.arange(lo, hi)
            m2 = N[lidx] * N[lidx + shift] - R[lidx] * R[lidx + shift]
            pin = (1 + f[i]) * (1 - f[j]) * (1 + f[lidx]) * (1 - f[lidx + shift])
            pout = (1 - f[i]) * (1 + f[j]) * (1 - f[lidx]) * (1 + f[lidx + shift])
            out[i] += k * m1 * np.sum(m2 * (pin - pout)) * de * de
    return 0.125 * out
