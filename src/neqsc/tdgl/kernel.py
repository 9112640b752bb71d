"""Numba time loop for the 1D generalized TDGL system (paper Appendix A, Eqs. A.1, A.3, A.6–A.9).

Semi-discretisation on nodes x_i = −L/2 + i h (i = 0..N; nodes 0 and N carry the boundary values):

* (A.1) solved for ∂τΨ with the closed-form inverse of the mass matrix d_a = ν(I + δ²ΨΨᵀ) (B.4), Sherman–Morrison:
  ∂τΨ = ν⁻¹[R − δ²Ψ Re(Ψ*R)/(1+δ²|Ψ|²)] − iφΨ,  R = Ψ'' + (ε(x) − |Ψ|² + p)Ψ,  ν = u/√(1+δ²|Ψ|²).
  (The −iνφΨ term is orthogonal to Ψ, so the inverse mass matrix maps it to −iφΨ.)
* ∂τ|Ψ|² from the exact identity 2Re(Ψ*R)/(u√(1+δ²|Ψ|²)) (real part of Ψ* times A.1): the current law no longer
  contains an unknown time derivative, so the DAE becomes an explicit ODE system.
* (A.3) on links i+½ (gauge-invariant link forms θ'|Ψ|² → Im(Ψ_i*Ψ_{i+1})/h, θ' → arg(Ψ_i*Ψ_{i+1})/h):
  φ'_{i+½} = [Im(Ψ_i*Ψ_{i+1})/h − c₁ arg(Ψ_i*Ψ_{i+1})/h · ∂τ|Ψ|² − j] / [1 + c₂|Ψ| Z(δ|Ψ|)]
  with link averages of |Ψ| and ∂τ|Ψ|² (the c₁ term θ'∂τ|Ψ|² without a division by |Ψ|²). At the slip core
  (|Ψ|² or the phase changing fast along the link) the c₁ term is blended, C¹, into its sub-grid integral
  ∫θ'∂τ|Ψ|²dx over the linearly interpolated Ψ with ∂τ|Ψ|² = s/√(1+δ²|Ψ|²), s = 2Re(Ψ*R)/u linear
  (:func:`c1_link_integral`; ∂τ|Ψ|² peaks within |Ψ| ≲ 1/δ, narrower than the grid at large δ); φ at nodes by
  cumulative sum minus half the total (A.6).
* Fourth-order grid (``ipar[I_ORDER] = 4``, the default; needs N ≥ 6): five-point Laplacian (one-sided six-point at
  nodes 1 and N−1), link supercurrent = the conservative flux [16Im(Ψ_l*Ψ_{l+1}) − Im(Ψ_l*Ψ_{l+2}) −
  Im(Ψ_{l−1}*Ψ_{l+1})]/12h whose differences are Im(Ψ*∂²Ψ) of that Laplacian (:func:`link_flux4`; a link average,
  j − h²j''/24), |Ψ| of the interference factor at the link midpoint by cubic interpolation, and the potential
  increment h[g + Δ²F_s/(24D) + Δ²g/24] (docs/tdgl.md, "Fourth-order grid"); the c₁ term keeps its link forms.
* Boundaries: banks Ψ_{0,N} = exp(iθ_{L,R}), dθ_{L,R}/dτ = −φ_{0,N} (A.7–A.9); normal leads Ψ = 0; pinned Ψ = 1.
  V = φ_0 − φ_N (positive for j > 0, opposite to the paper's V) and ∫V dτ is integrated with the same
  scheme, so for banks ∫V dτ = θ_R − θ_L exactly.

Time stepping: the Rosenbrock–W method ROS2 (Verwer et al. 1999; order 2 for any W), with W = ν⁻¹(I −
δ²ΨΨᵀ/(1+δ²|Ψ|²))·∂²_x frozen at the start of the step (including the stiff coupling of the end nodes to the bank
phases): each stage solves one 2×2-block tridiagonal system (twisted block elimination, O(N), :mod:`neqsc.tdgl.linalg`);
the rest (reaction, φ coupling) is explicit. The rotation of Ψ is removed over each step by the integrating factor
exp(−iωⁿ(x)τ) with a per-node rate frozen at the step start, so ROS2 only integrates −i(φ − ωⁿ)Ψ: ωⁿ = φⁿ ("potential"
frame, banks) or φⁿ plus the measured offset of each node's phase velocity from φ over the last accepted step
("measured" frame, normal leads / pinned ends). Embedded error estimate ½dt(k₁ + k₂) filtered by (I − γdtW)⁻¹ (local
O(dt²)), max norm with weights atol + rtol|Ψ_i|, step factor 0.8·err^(−1/2) clipped to [0.2, 2], dt ≤ dt_max. Optional
Langevin forcing is added after each accepted step.

Alternatively (``ipar[I_METHOD] = 1``, the default for banks) the same W, integrating factor and stage solves drive
the Rosenbrock–W method ROS34PW2 (Rang & Angermann, BIT 45, 761 (2005): four stages, order 3 for any W,
L-stable, embedded order-2 solution), written in the transformed stage variables u_i = Σ_j Γ_ij k_j
(Hairer & Wanner, Solving ODEs II, §IV.7):
(I − γdtW)u_i = γdt·G(τ + α_i dt, ψ + Σ_j a_ij u_j) + γΣ_j c_ij u_j, ψ⁺ = ψ + Σ m_i u_i, so that every stage is one
block-tridiagonal solve with the step's single factorisation. The stage states are rotated by the integrating factor at
their own times α_i dt; the bank angles are integrated in the rotating frame (ϑ = θ + ωτ, W-row zero). Error
estimate Σ(m_i − m̂_i)u_i, filtered by (I − γdtW)⁻¹ (local O(dt³)), measured per node as
max(|e_phase|, min(1 + δ²|Ψ|², MASS_WEIGHT_MAX)|e_amp|) (:func:`mass_weighted_error`), step factor 0.8·err^(−1/3);
its W also carries the local reaction Jacobian (1 − |Ψ|²)I − 2ΨΨᵀ (:func:`neqsc.tdgl.linalg.factor`).

Phase slips: when min|Ψ|² < 0.25, the winding W = Σ arg(Ψ_i*Ψ_{i+1}) is tracked; a jump |ΔW| > π between two
accepted steps is a slip. Its time is where |Ψ| at the node of smallest |Ψ| is minimal along the linear
interpolation between the two steps, its position that node.
"""

from __future__ import annotations

import functools
import math

import numba
import numpy as np

from neqsc.tdgl.elliptic import zk
from neqsc.tdgl.layout import (  # noqa: F401 (re-exported: the driver and tests index through kernel.*)
    BC_BANKS,
    BC_NORMAL,
    BC_PINNED,
    I_ADAPTIVE,
    I_BC,
    I_MAXSTEPS,
    I_METHOD,
    I_MODE,
    I_N,
    I_ORDER,
    I_ROTATION,
    I_STOP_ON_SLIP,
    N_IPAR,
    N_SCALARS,
    P_ATOL,
    P_C1,
    P_C2,
    P_DELTA,
    P_DTMAX,
    P_DTMIN,
    P_EPS2,
    P_H,
    P_J,
    P_JRATE,
    P_NOISE,
    P_RTOL,
    P_U,
    S_DT,
    S_J,
    S_THL,
    S_THR,
    S_V,
    S_VINT,
)
from neqsc.tdgl.linalg import N_PIV, factor, solve
from neqsc.tdgl.slips import winding

GAMMA_ROS2 = 1.0 + 1.0 / math.sqrt(2.0)
# ROS34PW2 (Rang & Angermann 2005: 4 stages, order 3 for any W, L-stable; embedded order 2), converted to the
# transformed variables u_i = Σ_j Γ_ij k_j: a = αΓ⁻¹, c = diag(1/γ) − Γ⁻¹, m = bΓ⁻¹, m̂ = b̂Γ⁻¹; RW_E = m − m̂.
RW_GAMMA = 0.435866521508459
RW_ALPHA = np.array([0.0, 0.871733043016918, 0.7315799577888524, 1.0])
RW_A = np.array(
    [
        [0.0, 0.0, 0.0, 0.0],
        [2.0, 0.0, 0.0, 0.0],
        [1.4192173174557652, -0.25923221167296978, 0.0, 0.0],
        [4.1847604823191613, -0.28519201735549599, 2.2942803602790423, 0.0],
    ]
)
RW_C = np.array(
    [
        [0.0, 0.0, 0.0, 0.0],
        [-4.5885607205580836, 0.0, 0.0, 0.0],
        [-4.1847604823191613, 0.28519201735549599, 0.0, 0.0],
        [-6.3681792001283597, -6.7956209444668367, 2.8700986043310555, 0.0],
    ]
)
RW_M = np.array([4.184760482319162, -0.2851920173554956, 2.294280360279042, 1.0])
RW_E = RW_M - np.array([3.907010534671193, 1.1180478778205032, 0.521650232611491, 0.5])
#: Z(δ|Ψ|) is tabulated on |Ψ| ∈ [0, Z_TABLE_MAX] (linear interpolation; direct evaluation beyond).
Z_TABLE_MAX = 2.0
#: links treated with the sub-grid c₁ form: relative change of |Ψ|² above C1_CORE_DQ or link angle above
#: C1_CORE_ANGLE (fully from 4·C1_CORE_DQ or 2·C1_CORE_ANGLE on; smoothstep in between) ...
C1_CORE_DQ = 0.4
C1_CORE_ANGLE = 0.2
#: ... and |Ψ_l|² + |Ψ_{l+1}|² above C1_CORE_Q (fully from 4·C1_CORE_Q on): no phase to speak of below
C1_CORE_Q = 1e-6
GAUSS3 = math.sqrt(0.6)  # 3-point Gauss–Legendre nodes ±√(3/5) on [−1, 1]
# Padé [9/8] of atan(t)/t in s = t²: (1 + P1 s + … + P4 s⁴)/(1 + Q1 s + … + Q4 s⁴) (link angles of the c₁ term)
ATAN_P1, ATAN_P2, ATAN_P3, ATAN_P4 = 91.0 / 51.0, 83.0 / 85.0, 1289.0 / 7735.0, 16384.0 / 3828825.0
ATAN_Q1, ATAN_Q2, ATAN_Q3, ATAN_Q4 = 36.0 / 17.0, 126.0 / 85.0, 84.0 / 221.0, 63.0 / 2431.0
FAC_MAX = 2.0
#: cap of the amplitude weight 1 + δ²|Ψ|² of the ROS34PW2 error measure (:func:`mass_weighted_error`)
MASS_WEIGHT_MAX = 1000.0
SAFETY = 0.8
Z_TABLE_SIZE = 32769


@functools.lru_cache(maxsize=64)
def z_table(delta: float, mode: int) -> np.ndarray:
    """Z(δ·a) on a = linspace(0, Z_TABLE_MAX, Z_TABLE_SIZE); empty for mode 0 (interference off).

    Cached per (δ, mode): filling it costs ≈ 1 ms, half the fixed cost of a short run. The array is shared between
    runs and must not be modified (it stays writeable so that the Numba kernels see one array type)."""
    if mode == 0:
        out = np.zeros(0)
    else:
        out = _fill_z_table(np.linspace(0.0, Z_TABLE_MAX, Z_TABLE_SIZE), float(delta), int(mode))
    return out


@numba.njit(cache=True)
def _fill_z_table(a, delta, mode):
    out = np.empty(a.size)
    for i in range(a.size):
        out[i] = zk(delta * a[i], mode)
    return out


# status codes
OK, BLOWUP, TOO_MANY_STEPS, STOPPED = 0, 1, 2, 3


@numba.njit(cache=True)
def seed_rng(seed):
    """Seed Numba's random generator (used by the optional Langevin term)."""
    np.random.seed(seed)  # noqa: NPY002 -- seeds Numba's internal generator, the one njit code can draw from


@numba.njit(cache=True)
def set_boundary(re, im, n, bc, th_l, th_r):
    """Dirichlet values at nodes 0 and n."""
    if bc == BC_BANKS:
        re[0] = math.cos(th_l)
        im[0] = math.sin(th_l)
        re[n] = math.cos(th_r)
        im[n] = math.sin(th_r)
    elif bc == BC_NORMAL:
        re[0] = 0.0
        im[0] = 0.0
        re[n] = 0.0
        im[n] = 0.0
    else:
        re[0] = 1.0
        im[0] = 0.0
        re[n] = 1.0
        im[n] = 0.0


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def atan_ratio(y, x):
    """atan2(y, x); by a one-division Padé [9/8] for x > 0, |y| < x/2 (relative error < 1e-11)."""
    if pade_domain(y, x):
        return atan_pade(y, x)
    return math.atan2(y, x)


@numba.njit(cache=True, inline="always")
def pade_domain(y, x):
    """Where :func:`atan_pade` holds: x > 1e-30 and |y| < x/2."""
    return x > 1e-30 and abs(y) < 0.5 * x


@numba.njit(cache=True, inline="always", error_model="numpy", fastmath={"contract", "arcp"})
def atan_pade(y, x):
    """atan(y/x) by the Padé [9/8] of :func:`atan_ratio` (valid where :func:`pade_domain`; branch-free)."""
    # homogeneous in (x², y²) so that one division suffices (x > 1e-30 keeps x⁹ clear of underflow)
    p = x * x
    q = y * y
    q2 = q * q
    num = p * (p * (p * (p + ATAN_P1 * q) + ATAN_P2 * q2) + ATAN_P3 * q2 * q) + ATAN_P4 * q2 * q2
    dnm = p * (p * (p * (p + ATAN_Q1 * q) + ATAN_Q2 * q2) + ATAN_Q3 * q2 * q) + ATAN_Q4 * q2 * q2
    return y * num / (x * dnm)


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def log_quotient(z):
    """ln((1 + z)/(1 − z)) = 2 atanh z for |z| < 1; by its series for |z| < 0.1 (relative error < 1e-13)."""
    if abs(z) < 0.1:
        z2 = z * z
        return 2.0 * z * (1.0 + z2 * (1.0 / 3.0 + z2 * (0.2 + z2 * (1.0 / 7.0 + z2 * (1.0 / 9.0 + z2 / 11.0)))))
    return math.log((1.0 + z) / (1.0 - z))


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def c1_link_integral(re_l, im_l, re_r, im_r, q_l, q_r, s_l, s_r, w_l, w_r, d2):
    """∫ θ' ∂τ|Ψ|² dx over one link for the sub-grid model of the c₁ term (see docs/tdgl.md).

    Ψ(t) = (1 − t)Ψ_l + tΨ_r (t ∈ [0, 1]), so θ'dx = Im(Ψ_l*Ψ_r) dt/q(t) with q = |Ψ(t)|²; ∂τ|Ψ|² = s(t)/w(t) with
    s = 2Re(Ψ*R)/u linear in t and w = √(1 + δ²q) (the factor that makes ∂τ|Ψ|² peak at the slip core, width ~1/δ).
    Closed form with D = Ψ_r − Ψ_l, α = |D|², a_l,r = Re(Ψ_l,r* D), y = Im(Ψ_l*Ψ_r):
    ∫dθ/w = atan2(y(αw_l − δ²a_l(a_l + a_r)/(w_l + w_r)), y²w_lw_r + a_la_r)  (= arg(Ψ_l*Ψ_r) at δ = 0),
    ∫(t − ½)dθ/w = [y/2·ln(q_r(w_l + 1)²/(q_l(w_r + 1)²)) − ½(a_l + a_r)∫dθ/w]/α (Gauss–Legendre for α ≪ q).
    Needs q_l q_r > 0 (the caller returns 0 for |Ψ_lΨ_r| < 1e-30: no phase there).
    """
    dre = re_r - re_l
    dim = im_r - im_l
    alpha = dre * dre + dim * dim
    a_l = re_l * dre + im_l * dim
    a_r = re_r * dre + im_r * dim
    y = re_l * im_r - im_l * re_r
    ang = atan_ratio(y * (alpha * w_l - d2 * a_l * (a_l + a_r) / (w_l + w_r)), y * y * w_l * w_r + a_l * a_r)
    if alpha < 0.01 * min(q_l, q_r):
        # |Ψ_r − Ψ_l| < 0.1|Ψ|: the integrand of ∫(t − ½)dθ/w is smooth; 3-point Gauss–Legendre (its centre node has
        # weight × (t − ½) = 0), relative error ≲ 720·0.1⁶/2016000 = 4e-10; the closed form would lose
        # |Ψ|/|Ψ_r − Ψ_l| digits to cancellation here
        g = 0.5 * GAUSS3
        r1 = re_l + (0.5 - g) * dre
        i1 = im_l + (0.5 - g) * dim
        r3 = re_l + (0.5 + g) * dre
        i3 = im_l + (0.5 + g) * dim
        q1 = r1 * r1 + i1 * i1
        q3 = r3 * r3 + i3 * i3
        k = y * (5.0 / 18.0) * g * (1.0 / (q3 * math.sqrt(1.0 + d2 * q3)) - 1.0 / (q1 * math.sqrt(1.0 + d2 * q1)))
    else:
        # ln(q_r/q_l) − 2ln((w_r + 1)/(w_l + 1)) from the exact differences q_r − q_l = a_l + a_r and
        # w_r − w_l = δ²(a_l + a_r)/(w_l + w_r)
        dq = a_l + a_r
        lg = log_quotient(dq / (q_l + q_r)) - 2.0 * log_quotient(d2 * dq / ((w_l + w_r) * (w_l + w_r + 2.0)))
        k = (0.5 * y * lg - 0.5 * dq * ang) / alpha
    return 0.5 * (s_l + s_r) * ang + (s_r - s_l) * k


@numba.njit(cache=True, inline="always")
def link_weights(m):
    """Cubic-interpolation weights of Ψ at the midpoint of link k0 + m from the four nodes k0 … k0 + 3
    (m = 1: centred; m = 0, 2: the first and last link of the wire)."""
    if m == 1:
        return -0.0625, 0.5625, 0.5625, -0.0625
    if m == 0:
        return 0.3125, 0.9375, -0.3125, 0.0625
    return 0.0625, -0.3125, 0.9375, 0.3125


@numba.njit(cache=True, inline="always")
def im_pair(re, im, a, b):
    """Im(Ψ_a* Ψ_b)."""
    return re[a] * im[b] - im[a] * re[b]


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def link_flux4(re, im, n, inv_h, out):
    """Fourth-order supercurrent Im(Ψ*Ψ') on the links whose differences are exactly Im(Ψ_i*·∂²_xΨ_i) of the
    fourth-order Laplacian (discrete continuity): F_{l} = [16 Im(Ψ_l*Ψ_{l+1}) − Im(Ψ_l*Ψ_{l+2}) − Im(Ψ_{l−1}*Ψ_{l+1})]
    /12h inside, and at the end links F_0 = F_1 − h·Im(Ψ_1*∂²Ψ_1), F_{n−1} = F_{n−2} + h·Im(Ψ_{n−1}*∂²Ψ_{n−1}) with
    the one-sided six-point Laplacian there. F is the link average of the current: j(x_{l+½}) − h²j''/24 + O(h⁴)."""
    c = inv_h / 12.0
    for l in range(1, n - 1):
        out[l] = c * (16.0 * im_pair(re, im, l, l + 1) - im_pair(re, im, l, l + 2) - im_pair(re, im, l - 1, l + 1))
    lap1 = 10.0 * im_pair(re, im, 1, 0) - 4.0 * im_pair(re, im, 1, 2) + 14.0 * im_pair(re, im, 1, 3)
    lap1 += -6.0 * im_pair(re, im, 1, 4) + im_pair(re, im, 1, 5)
    out[0] = out[1] - c * lap1
    m = n - 1
    lapm = 10.0 * im_pair(re, im, m, n) - 4.0 * im_pair(re, im, m, m - 1) + 14.0 * im_pair(re, im, m, m - 2)
    lapm += -6.0 * im_pair(re, im, m, m - 3) + im_pair(re, im, m, m - 4)
    out[n - 1] = out[n - 2] + c * lapm


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def smoothstep(z):
    """0 for z ≤ 0, 1 for z ≥ 1, 3z² − 2z³ in between (C¹)."""
    if z <= 0.0:
        return 0.0
    if z >= 1.0:
        return 1.0
    return z * z * (3.0 - 2.0 * z)


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def core_correction(re, im, a2, drate, l, d2, c1_over_h, mean):
    """Sub-grid c₁ term of link l minus its link-mean form ``mean`` (the amount to add to the link supercurrent)."""
    w_l = math.sqrt(1.0 + d2 * a2[l])
    w_r = math.sqrt(1.0 + d2 * a2[l + 1])
    s_l = drate[l] * w_l  # s = 2Re(Ψ*R)/u, smooth through the core (∂τ|Ψ|² = s/w is not)
    s_r = drate[l + 1] * w_r
    sub = c1_link_integral(re[l], im[l], re[l + 1], im[l + 1], a2[l], a2[l + 1], s_l, s_r, w_l, w_r, d2)
    return mean - c1_over_h * sub


# no division here can be by zero (h, u > 0; √(1+δ²|Ψ|²), the current-law denominator ≥ 1; the Padé denominator > 0):
# the numpy error model drops the zero checks, fused multiply-adds and reciprocals are harmless to the accuracy
@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def evaluate(re, im, j, par, ipar, epsx, ptab, ztab, absn, a2, drate, phi, jsl, gl, den, fre, fim):
    """Right-hand side F(Ψ) of the semi-discrete system; also fills |Ψ|², ∂τ|Ψ|², φ and link currents.

    Returns nothing; dθ_L/dτ = −phi[0], dθ_R/dτ = −phi[n], V = phi[0] − phi[n]. On the links: ``jsl`` = supercurrent
    (with the c₁ term), ``gl`` = φ' = −j_n, ``den`` = 1/D = 1/(1 + c₂|Ψ|Z) (so j_int = −gl·(1/den − 1)); ``absn``
    (|Ψ| at the nodes) is filled only where it is used (phonon table, second-order interference factor).
    """
    n = ipar[I_N]
    mode = ipar[I_MODE]
    h = par[P_H]
    u = par[P_U]
    d2 = par[P_DELTA] ** 2
    delta = par[P_DELTA]
    c1 = par[P_C1]
    c2 = par[P_C2]
    inv_h2 = 1.0 / (h * h)
    inv_h = 1.0 / h
    c1h = 0.5 * c1 * inv_h
    inv_u = 1.0 / u
    m = ptab.size
    pscale = (m - 1) / 2.0
    nz = ztab.size
    zscale = (nz - 1) / Z_TABLE_MAX
    o4 = ipar[I_ORDER] == 4 and n >= 6
    for i in range(n + 1):
        a2[i] = re[i] * re[i] + im[i] * im[i]
    if (mode != 0 and not o4) or m > 0:
        # |Ψ| at the nodes: the phonon table, and the interference factor of the second-order grid (link mean)
        for i in range(n + 1):
            absn[i] = math.sqrt(a2[i])
    drate[0] = 0.0
    drate[n] = 0.0
    fre[0] = 0.0
    fim[0] = 0.0
    fre[n] = 0.0
    fim[n] = 0.0
    # R = Ψ'' + (ε − |Ψ|² + p)Ψ in three loops without branches inside (the last two vectorise): the Laplacian, the
    # optional phonon term, then the local terms, ∂τ|Ψ|² and the inverse mass matrix
    if o4:
        # fourth order: five-point stencil; at the nodes next to the ends the one-sided six-point formula
        c4 = inv_h2 / 12.0
        fre[1] = c4 * (10.0 * re[0] - 15.0 * re[1] - 4.0 * re[2] + 14.0 * re[3] - 6.0 * re[4] + re[5])
        fim[1] = c4 * (10.0 * im[0] - 15.0 * im[1] - 4.0 * im[2] + 14.0 * im[3] - 6.0 * im[4] + im[5])
        for i in range(2, n - 1):
            fre[i] = c4 * (16.0 * (re[i - 1] + re[i + 1]) - 30.0 * re[i] - re[i - 2] - re[i + 2])
            fim[i] = c4 * (16.0 * (im[i - 1] + im[i + 1]) - 30.0 * im[i] - im[i - 2] - im[i + 2])
        k = n - 1
        fre[k] = c4 * (10.0 * re[n] - 15.0 * re[k] - 4.0 * re[k - 1] + 14.0 * re[k - 2] - 6.0 * re[k - 3] + re[k - 4])
        fim[k] = c4 * (10.0 * im[n] - 15.0 * im[k] - 4.0 * im[k - 1] + 14.0 * im[k - 2] - 6.0 * im[k - 3] + im[k - 4])
    else:
        for i in range(1, n):
            fre[i] = (re[i + 1] - 2.0 * re[i] + re[i - 1]) * inv_h2
            fim[i] = (im[i + 1] - 2.0 * im[i] + im[i - 1]) * inv_h2
    if m > 0:
        for i in range(1, n):
            q = absn[i] * pscale
            k = int(q)
            if k >= m - 1:
                pv = ptab[m - 1]
            else:
                w = q - k
                pv = (1.0 - w) * ptab[k] + w * ptab[k + 1]
            fre[i] += pv * re[i]
            fim[i] += pv * im[i]
    for i in range(1, n):
        s = epsx[i] - a2[i]
        r_re = fre[i] + s * re[i]
        r_im = fim[i] + s * im[i]
        one_d = 1.0 + d2 * a2[i]
        sq = math.sqrt(one_d)
        inv_sq = 1.0 / sq
        dot = re[i] * r_re + im[i] * r_im
        drate[i] = 2.0 * inv_u * dot * inv_sq
        nu_inv = sq * inv_u
        fac = d2 * dot * (inv_sq * inv_sq)
        fre[i] = nu_inv * (r_re - fac * re[i])
        fim[i] = nu_inv * (r_im - fac * im[i])
    phi[0] = 0.0
    if o4:
        link_flux4(re, im, n, inv_h, jsl)
        if mode != 0:
            # |Ψ| at the link midpoints by cubic interpolation of Ψ over four nodes (one-sided at the end links), kept
            # in ``den`` until the link loop below replaces it by 1/D
            for l in range(1, n - 1):
                mr = 0.5625 * (re[l] + re[l + 1]) - 0.0625 * (re[l - 1] + re[l + 2])
                mi = 0.5625 * (im[l] + im[l + 1]) - 0.0625 * (im[l - 1] + im[l + 2])
                den[l] = math.sqrt(mr * mr + mi * mi)
            for l in (0, n - 1):
                k0 = min(max(l - 1, 0), n - 3)
                w0, w1, w2, w3 = link_weights(l - k0)
                mr = w0 * re[k0] + w1 * re[k0 + 1] + w2 * re[k0 + 2] + w3 * re[k0 + 3]
                mi = w0 * im[k0] + w1 * im[k0 + 1] + w2 * im[k0 + 2] + w3 * im[k0 + 3]
                den[l] = math.sqrt(mr * mr + mi * mi)
    if c1 != 0.0:
        # link angles arg(Ψ_l*Ψ_{l+1}) by the Padé form on every link (a loop that vectorises), kept in ``gl`` until
        # the link loop below; the few links outside its domain are redone there
        for l in range(n):
            gl[l] = atan_pade(re[l] * im[l + 1] - im[l] * re[l + 1], re[l] * re[l + 1] + im[l] * im[l + 1])
    for l in range(n):
        y = re[l] * im[l + 1] - im[l] * re[l + 1]
        js = jsl[l] if o4 else y * inv_h  # fourth order: the conservative link flux filled above
        if c1 != 0.0:
            # c₁θ'∂τ|Ψ|² with θ' = arg(Ψ_l*Ψ_{l+1})/h (gauge-invariant link phase gradient) and the link mean of
            # ∂τ|Ψ|²: no division by |Ψ|², so the term stays regular at the slip core
            x = re[l] * re[l + 1] + im[l] * im[l + 1]
            p = x * x + y * y  # |Ψ_l Ψ_{l+1}|²
            # |Ψ_l Ψ_{l+1}| < 1e-30 (normal region or a normal lead): no phase to speak of, and ∂τ|Ψ|² ≈ 0
            angle = gl[l]
            if p < 1e-60:
                angle = 0.0
            elif not pade_domain(y, x):
                angle = math.atan2(y, x)
            mean = c1h * angle * (drate[l] + drate[l + 1])
            js -= mean
            # at the slip core — |Ψ|² changes by more than 40 % along the link or its phase by more than 0.2, and
            # |Ψ| ≳ 1e-3 — the sub-grid form of the link is blended in, C¹ in each of the three measures
            qmin = min(a2[l], a2[l + 1])
            qsum = a2[l] + a2[l + 1]
            dq = abs(a2[l + 1] - a2[l])
            if (dq > C1_CORE_DQ * qmin or abs(angle) > C1_CORE_ANGLE) and qsum > C1_CORE_Q and p >= 1e-60:
                z = max((dq / qmin - C1_CORE_DQ) / (3.0 * C1_CORE_DQ), (abs(angle) - C1_CORE_ANGLE) / C1_CORE_ANGLE)
                chi = smoothstep(z) * smoothstep((qsum - C1_CORE_Q) / (3.0 * C1_CORE_Q))
                js += chi * core_correction(re, im, a2, drate, l, d2, c1 * inv_h, mean)
        dn = 1.0
        if mode != 0:
            if o4:
                amp = den[l]  # the midpoint |Ψ| filled above
            else:
                amp = 0.5 * (absn[l] + absn[l + 1])
            q = amp * zscale
            k = int(q)
            if k < nz - 1:
                w = q - k
                dn = 1.0 + c2 * amp * ((1.0 - w) * ztab[k] + w * ztab[k + 1])
            else:
                dn = 1.0 + c2 * amp * zk(delta * amp, mode)
        inv_dn = 1.0 / dn
        g = (js - j) * inv_dn
        jsl[l] = js
        gl[l] = g
        den[l] = inv_dn  # 1/D: the fourth-order increment below needs it again
        if not o4:
            phi[l + 1] = phi[l] + h * g
    if o4:
        # fourth order: the link fluxes are face averages, F = j(x_{l+½}) − h²j''/24, the potential increment is
        # ∫φ'dx = −∫j_n/D dx = h[g + Δ²F_s/(24D) + Δ²g/24] with g = (F_s − j)/D (docs/tdgl.md, "Fourth-order grid")
        for l in range(n):
            q = min(max(l, 1), n - 2)
            d2f = jsl[q - 1] - 2.0 * jsl[q] + jsl[q + 1]
            d2g = gl[q - 1] - 2.0 * gl[q] + gl[q + 1]
            phi[l + 1] = phi[l] + h * (gl[l] + (d2f * den[l] + d2g) * (1.0 / 24.0))
    half = 0.5 * phi[n]
    for i in range(n + 1):
        phi[i] -= half
    for i in range(1, n):
        fre[i] += phi[i] * im[i]
        fim[i] -= phi[i] * re[i]


@numba.njit(cache=True, inline="always")
def _cos_sin_small(a):
    """cos a, sin a for |a| < 0.05 by their Taylor series to a⁸ (error ≈ 1e-15)."""
    q = a * a
    return 1.0 - q * (0.5 - q * (1.0 / 24.0 - q / 720.0)), a * (1.0 - q * (1.0 / 6.0 - q * (1.0 / 120.0 - q / 5040.0)))


@numba.njit(cache=True)
def rotation_factors(phi, gl, omega, use_offset, n, h, step, phin, cr, sr):
    """cos/sin of the integrating-factor angle ωⁿ_i·step at every node; ωⁿ (stored in ``phin``) = φ, or φ plus the
    measured offset ``omega`` (interior nodes) when ``use_offset``."""
    npts = n + 1
    if use_offset:
        for i in range(npts):
            w = phi[i] + omega[i] if 0 < i < n else phi[i]
            phin[i] = w
            a = w * step
            if abs(a) < 0.5:
                # Taylor series to a¹² (error < a¹⁴/14! ≈ 7e-16): cheaper than two trigonometric calls per node
                q = a * a
                cr[i] = 1.0 - q * (
                    0.5
                    - q
                    * (1.0 / 24.0 - q * (1.0 / 720.0 - q * (1.0 / 40320.0 - q * (1.0 / 3628800.0 - q / 479001600.0))))
                )
                sr[i] = a * (
                    1.0
                    - q * (1.0 / 6.0 - q * (1.0 / 120.0 - q * (1.0 / 5040.0 - q * (1.0 / 362880.0 - q / 39916800.0))))
                )
            else:
                cr[i] = math.cos(a)
                sr[i] = math.sin(a)
    else:
        # ωⁿ = φⁿ: cos/sin(φⁿ_i dt) by rotating along the wire with the link angles (φ_{l+1} − φ_l)·dt (|a| < 0.05:
        # Taylor series to a⁸ ≈ 1e-15) instead of 2N trigonometric calls
        for i in range(npts):
            phin[i] = phi[i]
        cr[0] = math.cos(phi[0] * step)
        sr[0] = math.sin(phi[0] * step)
        for l in range(n):
            a = (phi[l + 1] - phi[l]) * step  # = h·φ'_{l+½}·step (second order; with the fourth-order φ its increment)
            if abs(a) < 0.05:
                ca, sa = _cos_sin_small(a)
            else:
                ca = math.cos(a)
                sa = math.sin(a)
            cr[l + 1] = cr[l] * ca - sr[l] * sa
            sr[l + 1] = sr[l] * ca + cr[l] * sa


@numba.njit(cache=True)
def rotation_factors3(phi, gl, omega, use_offset, n, h, step, f2, f3, phin, cr, sr, cr2, sr2, cr3, sr3):
    """:func:`rotation_factors` at the three stage times of ROS34PW2 at once (step, f2·step, f3·step; 0 < f2, f3 < 1):
    in the "potential" frame the three rotations along the wire are independent recurrences of one loop, which the
    processor overlaps (the loop is bound by their latency)."""
    if use_offset:
        rotation_factors(phi, gl, omega, use_offset, n, h, step, phin, cr, sr)
        rotation_factors(phi, gl, omega, use_offset, n, h, f2 * step, phin, cr2, sr2)
        rotation_factors(phi, gl, omega, use_offset, n, h, f3 * step, phin, cr3, sr3)
        return
    phin[0] = phi[0]
    step2 = f2 * step
    step3 = f3 * step
    cr[0] = math.cos(phi[0] * step)
    sr[0] = math.sin(phi[0] * step)
    cr2[0] = math.cos(phi[0] * step2)
    sr2[0] = math.sin(phi[0] * step2)
    cr3[0] = math.cos(phi[0] * step3)
    sr3[0] = math.sin(phi[0] * step3)
    for l in range(n):
        phin[l + 1] = phi[l + 1]
        d = phi[l + 1] - phi[l]
        a = d * step
        if abs(a) < 0.05:  # f2, f3 < 1: the stage angles are smaller
            ca, sa = _cos_sin_small(a)
            ca2, sa2 = _cos_sin_small(d * step2)
            ca3, sa3 = _cos_sin_small(d * step3)
        else:
            ca, sa = math.cos(a), math.sin(a)
            ca2, sa2 = math.cos(d * step2), math.sin(d * step2)
            ca3, sa3 = math.cos(d * step3), math.sin(d * step3)
        cr[l + 1] = cr[l] * ca - sr[l] * sa
        sr[l + 1] = sr[l] * ca + cr[l] * sa
        cr2[l + 1] = cr2[l] * ca2 - sr2[l] * sa2
        sr2[l + 1] = sr2[l] * ca2 + cr2[l] * sa2
        cr3[l + 1] = cr3[l] * ca3 - sr3[l] * sa3
        sr3[l + 1] = sr3[l] * ca3 + cr3[l] * sa3


@numba.njit(cache=True, inline="always")
def a2w_mod(x, y):
    return x * x + y * y


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def mass_weighted_error(re, im, ere, eim, d2):
    """Error measure of one node for ROS34PW2: max(|e_phase|, min(1 + δ²|Ψ|², MASS_WEIGHT_MAX)|e_amp|).

    e_amp and e_phase are the components of the error (ere, eim) along Ψ and iΨ. The amplitude part carries the ratio
    (1 + δ²|Ψ|²) of the two eigenvalues of the mass matrix M = ν(I + δ²ΨΨᵀ): the amplitude relaxes that much more
    slowly than the phase, so an amplitude error shifts the time of the next slip — and with it ⟨V⟩ — by that much
    more (docs/tdgl.md, "Error control"). The weight is capped at MASS_WEIGHT_MAX (≈ 1 + δ²|Ψ|² at δ = 30, the
    validated range): beyond it the full weight would make the steps shrink like 1/δ^{2/3} (δ = 2e4: 180× the steps).
    Where Ψ = 0 the plain max norm of the components is used.
    """
    return math.sqrt(mass_weighted_error2(re, im, ere, eim, d2))


@numba.njit(cache=True, inline="always", error_model="numpy", fastmath={"contract", "arcp"})
def mass_weighted_error2(re, im, ere, eim, d2):
    """The square of :func:`mass_weighted_error` (one division, no square root, no branch: the time loop's form)."""
    q = re * re + im * im
    big = q >= 1e-60
    amp = re * ere + im * eim  # |Ψ|·e_amp
    pha = re * eim - im * ere  # |Ψ|·e_phase
    w = min(1.0 + d2 * q, MASS_WEIGHT_MAX)
    weighted = max(pha * pha, w * w * (amp * amp)) / (q if big else 1.0)
    return weighted if big else max(ere * ere, eim * eim)


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def ros34_stage_state(st, re, im, ure, uim, crs, srs, psr, psi, re1, im1, n):
    """Stage state of ROS34PW2 stage ``st`` (1 … 3): ψ + Σ_q a_{st,q}u_q (rotating frame, kept in psr, psi) and the
    same rotated to the lab frame by the stage's integrating factor (re1, im1)."""
    a0 = RW_A[st, 0]
    a1 = RW_A[st, 1]
    a2 = RW_A[st, 2]
    for i in range(1, n):
        # a_{st,q} = 0 for q ≥ st: the unused stages are left out by branches on st, which the compiler hoists out
        # of the loop (they may hold anything, e.g. non-finite values of a rejected step)
        pr = re[i] + a0 * ure[0, i]
        pi = im[i] + a0 * uim[0, i]
        if st >= 2:
            pr += a1 * ure[1, i]
            pi += a1 * uim[1, i]
        if st >= 3:
            pr += a2 * ure[2, i]
            pi += a2 * uim[2, i]
        psr[i] = pr
        psi[i] = pi
        re1[i] = pr * crs[i] + pi * srs[i]
        im1[i] = pi * crs[i] - pr * srs[i]


@numba.njit(cache=True, error_model="numpy", fastmath={"contract", "arcp"})
def ros34_stage_rhs(st, fre, fim, crs, srs, phin, psr, psi, ure, uim, gs, n):
    """Right-hand side of stage ``st`` (1 … 3) in place of F (fre, fim):
    γdt·G(τ + α dt, ψ_st) + γΣ_q c_{st,q}u_q with G = R(−α dt)F + iωⁿψ_st."""
    c0 = RW_C[st, 0]
    c1 = RW_C[st, 1]
    c2 = RW_C[st, 2]
    for i in range(1, n):
        # c_{st,q} = 0 for q ≥ st: the unused stages are left out by the branch outside the loop (they may hold
        # anything, e.g. non-finite values of a rejected step)
        vr = c0 * ure[0, i]
        vi = c0 * uim[0, i]
        if st >= 2:
            vr += c1 * ure[1, i]
            vi += c1 * uim[1, i]
        if st >= 3:
            vr += c2 * ure[2, i]
            vi += c2 * uim[2, i]
        gr = fre[i] * crs[i] - fim[i] * srs[i] - phin[i] * psi[i]
        gi = fim[i] * crs[i] + fre[i] * srs[i] + phin[i] * psr[i]
        fre[i] = gs * gr + RW_GAMMA * vr
        fim[i] = gs * gi + RW_GAMMA * vi


@numba.njit(cache=True, nogil=True)  # releases the GIL: a run in a worker thread leaves the server responsive
def integrate(
    re,
    im,
    th,
    t_start,
    dt_start,
    t_save,
    par,
    ipar,
    epsx,
    ptab,
    ztab,
    out_re,
    out_im,
    out_phi,
    out_drate,
    out_js,
    out_jn,
    out_jint,
    out_scalar,
    slip_t,
    slip_x,
    slip_sign,
    slip_vint,
    n_slip_start,
    wstate,
    omega,
    stats,
):
    """Advance (re, im, th = [θ_L, θ_R, ∫V dτ]) from t_start through the save times ``t_save`` (ascending).

    Snapshots are written at each save time (steps are shortened to land on them). Returns
    (status, t, dt, n_slips); ``wstate`` = [W_prev, valid], ``omega`` (n + 2: the rotation rate of each node
    measured over the last accepted step, then a validity flag) and ``stats`` = [accepted, rejected, dt_min_used,
    dt_max_used, snapshots written by this call] persist between calls. With ``ipar[I_STOP_ON_SLIP]`` the call
    returns STOPPED right after the first recorded slip.
    """
    n = ipar[I_N]
    bc = ipar[I_BC]
    adaptive = ipar[I_ADAPTIVE] != 0
    measured = ipar[I_ROTATION] != 0
    max_steps = ipar[I_MAXSTEPS]
    h = par[P_H]
    rtol = par[P_RTOL]
    atol = par[P_ATOL]
    dt_max = par[P_DTMAX]
    dt_min = par[P_DTMIN]
    d2 = par[P_DELTA] ** 2
    gam = GAMMA_ROS2
    npts = n + 1
    a2 = np.empty(npts)
    absn = np.empty(npts)
    drate = np.empty(npts)
    phi = np.empty(npts)
    jsl = np.empty(n)
    gl = np.empty(n)
    den = np.empty(n)
    fre = np.empty(npts)
    fim = np.empty(npts)
    re1 = np.empty(npts)
    im1 = np.empty(npts)
    ren = np.empty(npts)
    imn = np.empty(npts)
    k1re = np.empty(npts)
    k1im = np.empty(npts)
    k2re = np.empty(npts)
    k2im = np.empty(npts)
    piv = np.empty((N_PIV, npts))
    a2w = np.empty(npts)
    erel = np.empty(npts)
    ere = np.empty(npts)
    eim = np.empty(npts)
    phin = np.empty(npts)
    cr = np.empty(npts)
    sr = np.empty(npts)
    th1 = np.empty(3)
    method = ipar[I_METHOD]
    expo = -1.0 / 3.0 if method == 1 else -0.5
    cr2 = np.empty(npts)
    sr2 = np.empty(npts)
    cr3 = np.empty(npts)
    sr3 = np.empty(npts)
    psr = np.empty(npts)
    psi = np.empty(npts)
    pnr = np.empty(npts)
    pni = np.empty(npts)
    ure = np.zeros((4, npts))
    uim = np.zeros((4, npts))
    uth = np.zeros((4, 3))
    eth = np.zeros(3)
    thn = np.empty(3)
    k1th = np.empty(3)
    k2th = np.empty(3)
    t = t_start
    dt = dt_start
    nslip = n_slip_start
    cap = slip_t.size
    n_save = t_save.size
    isave = 0
    failures = 0
    fresh = False  # evaluate() buffers hold F at the current state (after a snapshot): stage 1 can reuse them
    set_boundary(re, im, n, bc, th[0], th[1])
    while isave < n_save:
        t_target = t_save[isave]
        if t >= t_target - 1e-12 * max(1.0, abs(t_target)):
            jt = par[P_J] + par[P_JRATE] * t
            evaluate(re, im, jt, par, ipar, epsx, ptab, ztab, absn, a2, drate, phi, jsl, gl, den, fre, fim)
            for i in range(npts):
                out_re[isave, i] = re[i]
                out_im[isave, i] = im[i]
                out_phi[isave, i] = phi[i]
                out_drate[isave, i] = drate[i]
            for l in range(n):
                out_js[isave, l] = jsl[l]
                out_jn[isave, l] = -gl[l]
                out_jint[isave, l] = -gl[l] * (1.0 / den[l] - 1.0)
            out_scalar[isave, S_V] = phi[0] - phi[n]
            out_scalar[isave, S_VINT] = th[2]
            out_scalar[isave, S_THL] = th[0]
            out_scalar[isave, S_THR] = th[1]
            out_scalar[isave, S_DT] = dt
            out_scalar[isave, S_J] = jt
            isave += 1
            fresh = True
            continue
        step = dt
        truncated = False
        if t + step >= t_target:
            step = t_target - t
            truncated = True
        s = (gam if method == 0 else RW_GAMMA) * step / (h * h)
        # stage 1; bl, br = i·Ψ_boundary (dΨ_b/dθ) for banks, 0 for fixed boundary values
        bl = 0j
        br = 0j
        if bc == BC_BANKS:
            bl = complex(-im[0], re[0])
            br = complex(-im[n], re[n])
        if not fresh:
            jt = par[P_J] + par[P_JRATE] * t
            evaluate(re, im, jt, par, ipar, epsx, ptab, ztab, absn, a2, drate, phi, jsl, gl, den, fre, fim)
        fresh = False
        # ROS34PW2: W also carries the local reaction Jacobian (see linalg.factor); ROS2 keeps its former W = M⁻¹∂²_x
        factor(a2, re, im, s, RW_GAMMA * step if method == 1 else 0.0, par, ipar, piv, a2w)
        # integrating factor: ψ = R(−τ)Ψ with R(τ) = exp(−iωⁿ(x)τ) removes a rotation at the frozen per-node rate ωⁿ;
        # ROS2 then integrates G(τ, ψ) = R(−τ)F(R(τ)ψ) + iωⁿψ, which only contains the rotation −i(φ − ωⁿ)Ψ. Any
        # smooth ωⁿ keeps the scheme a second-order W-method; it matters for the error constant because W's frozen
        # mass-matrix projector (I − δ²ΨΨᵀ/(1+δ²|Ψ|²)) must stay aligned with Ψ during the step (an unremoved
        # rotation φ·dt misaligns it, which makes J − W stiff for δ ≫ 1). "potential": ωⁿ = φⁿ. "measured":
        # ωⁿ = φⁿ + (phase velocity of Ψ_i over the last accepted step − φ there), which is ≈ 0 where Ψ is static in
        # the lab frame (next to normal leads in a stationary state). Boundary nodes always use φ (bank phases move
        # at dθ/dτ = −φ exactly).
        # offset of ωⁿ from φⁿ used in this step (updated from the step's result when it is accepted)
        use_offset = measured and omega[npts] > 0.5
        if method == 0:
            rotation_factors(phi, gl, omega, use_offset, n, h, step, phin, cr, sr)
        else:
            # ROS34PW2: the stage times α₂dt, α₃dt and the full step
            rotation_factors3(
                phi, gl, omega, use_offset, n, h, step, RW_ALPHA[1], RW_ALPHA[2], phin, cr, sr, cr2, sr2, cr3, sr3
            )
        for i in range(1, n):
            fre[i] -= phin[i] * im[i]
            fim[i] += phin[i] * re[i]
        if method == 0:
            k1th[0] = -phi[0]
            k1th[1] = -phi[n]
            k1th[2] = phi[0] - phi[n]
            # in the rotating frame the bank phase moves by k_θ + φⁿ_b: zero in stage 1
            solve(fre, fim, a2w, re, im, s, par, ipar, piv, k1re, k1im, 0j, 0j)
            for i in range(1, n):
                pr = re[i] + step * k1re[i]
                pi = im[i] + step * k1im[i]
                re1[i] = pr * cr[i] + pi * sr[i]
                im1[i] = pi * cr[i] - pr * sr[i]
            for c in range(3):
                th1[c] = th[c] + step * k1th[c]
            set_boundary(re1, im1, n, bc, th1[0], th1[1])
            # stage 2
            jt1 = par[P_J] + par[P_JRATE] * (t + step)
            evaluate(re1, im1, jt1, par, ipar, epsx, ptab, ztab, absn, a2, drate, phi, jsl, gl, den, fre, fim)
            for i in range(1, n):
                gr = fre[i] * cr[i] - fim[i] * sr[i]
                gi = fim[i] * cr[i] + fre[i] * sr[i]
                pr = re[i] + step * k1re[i]
                pi = im[i] + step * k1im[i]
                fre[i] = gr - phin[i] * pi - 2.0 * k1re[i]
                fim[i] = gi + phin[i] * pr - 2.0 * k1im[i]
            k2th[0] = -phi[0] - 2.0 * k1th[0]
            k2th[1] = -phi[n] - 2.0 * k1th[1]
            k2th[2] = phi[0] - phi[n] - 2.0 * k1th[2]
            k2l = k2th[0] - phin[0]
            k2r = k2th[1] - phin[n]
            solve(fre, fim, a2w, re, im, s, par, ipar, piv, k2re, k2im, bl * k2l, br * k2r)
            # filtered error estimate (I − γdtW)⁻¹·½dt(k₁ + k₂): the raw estimate is dominated by stiff diffusion
            # modes that the L-stable scheme damps, which would make the controller needlessly timid
            for i in range(1, n):
                fre[i] = 0.5 * step * (k1re[i] + k2re[i])
                fim[i] = 0.5 * step * (k1im[i] + k2im[i])
            solve(
                fre, fim, a2w, re, im, s, par, ipar, piv, ere, eim, bl * 0.5 * step * k2l, br * 0.5 * step * k2r
            )  # fmt: skip
            err = 0.0
            for i in range(1, n):
                pr = re[i] + step * (1.5 * k1re[i] + 0.5 * k2re[i])
                pi = im[i] + step * (1.5 * k1im[i] + 0.5 * k2im[i])
                pnr[i] = pr
                pni[i] = pi
                ren[i] = pr * cr[i] + pi * sr[i]
                imn[i] = pi * cr[i] - pr * sr[i]
                scale = atol + rtol * math.sqrt(max(a2w_mod(re[i], im[i]), a2w_mod(pr, pi)))
                e = max(abs(ere[i]), abs(eim[i])) / scale
                if e > err:
                    err = e
                if not (abs(ren[i]) < 1e3 and abs(imn[i]) < 1e3):
                    err = math.inf
            for c in range(3):
                thn[c] = th[c] + step * (1.5 * k1th[c] + 0.5 * k2th[c])
            if bc == BC_BANKS:
                for c in range(2):
                    e = abs(0.5 * step * (k1th[c] + k2th[c])) / (atol + rtol)
                    if e > err:
                        err = e
        else:
            # ROS34PW2 in transformed variables: u_i = (I − γdtW)⁻¹[γdt·G(τ + α_i dt, ψ + Σ a_ij u_j) + γΣ c_ij u_j]
            gs = RW_GAMMA * step
            for i in range(1, n):
                fre[i] *= gs
                fim[i] *= gs
            # rotating-frame bank angles ϑ = θ + ωⁿ_b τ (rate −φ_b + ωⁿ_b = 0 in stage 1) and ∫V dτ
            uth[0, 0] = 0.0
            uth[0, 1] = 0.0
            uth[0, 2] = gs * (phi[0] - phi[n])
            solve(fre, fim, a2w, re, im, s, par, ipar, piv, ure[0], uim[0], 0j, 0j)
            for st in range(1, 4):
                if st == 1:
                    crs = cr2
                    srs = sr2
                elif st == 2:
                    crs = cr3
                    srs = sr3
                else:
                    crs = cr
                    srs = sr
                ros34_stage_state(st, re, im, ure, uim, crs, srs, psr, psi, re1, im1, n)
                for c in range(3):
                    v = 0.0
                    for q in range(st):
                        v += RW_A[st, q] * uth[q, c]
                    th1[c] = th[c] + v
                th1[0] -= phin[0] * RW_ALPHA[st] * step
                th1[1] -= phin[n] * RW_ALPHA[st] * step
                set_boundary(re1, im1, n, bc, th1[0], th1[1])
                jts = par[P_J] + par[P_JRATE] * (t + RW_ALPHA[st] * step)
                evaluate(re1, im1, jts, par, ipar, epsx, ptab, ztab, absn, a2, drate, phi, jsl, gl, den, fre, fim)
                ros34_stage_rhs(st, fre, fim, crs, srs, phin, psr, psi, ure, uim, gs, n)
                for c in range(3):
                    v = 0.0
                    for q in range(st):
                        v += RW_C[st, q] * uth[q, c]
                    uth[st, c] = RW_GAMMA * v
                uth[st, 0] += gs * (phin[0] - phi[0])
                uth[st, 1] += gs * (phin[n] - phi[n])
                uth[st, 2] += gs * (phi[0] - phi[n])
                solve(fre, fim, a2w, re, im, s, par, ipar, piv, ure[st], uim[st], bl * uth[st, 0], br * uth[st, 1])
            m0, m1, m2, m3 = RW_M[0], RW_M[1], RW_M[2], RW_M[3]
            e0, e1, e2, e3 = RW_E[0], RW_E[1], RW_E[2], RW_E[3]
            for i in range(1, n):
                pr = re[i] + m0 * ure[0, i] + m1 * ure[1, i] + m2 * ure[2, i] + m3 * ure[3, i]
                pi = im[i] + m0 * uim[0, i] + m1 * uim[1, i] + m2 * uim[2, i] + m3 * uim[3, i]
                vr = e0 * ure[0, i] + e1 * ure[1, i] + e2 * ure[2, i] + e3 * ure[3, i]
                vi = e0 * uim[0, i] + e1 * uim[1, i] + e2 * uim[2, i] + e3 * uim[3, i]
                pnr[i] = pr
                pni[i] = pi
                ren[i] = pr * cr[i] + pi * sr[i]
                imn[i] = pi * cr[i] - pr * sr[i]
                fre[i] = vr
                fim[i] = vi
            for c in range(3):
                v = 0.0
                ve = 0.0
                for q in range(4):
                    v += RW_M[q] * uth[q, c]
                    ve += RW_E[q] * uth[q, c]
                thn[c] = th[c] + v
                eth[c] = ve
            thn[0] -= phin[0] * step
            thn[1] -= phin[n] * step
            # filtered like the ROS2 estimate
            solve(fre, fim, a2w, re, im, s, par, ipar, piv, ere, eim, bl * eth[0], br * eth[1])
            # squared ratios per node in a loop that vectorises, then their maximum
            for i in range(1, n):
                scale = atol + rtol * math.sqrt(max(a2w_mod(re[i], im[i]), a2w_mod(pnr[i], pni[i])))
                erel[i] = mass_weighted_error2(re[i], im[i], ere[i], eim[i], d2) / (scale * scale)
            err2 = 0.0
            for i in range(1, n):
                if erel[i] > err2:
                    err2 = erel[i]
                if not (abs(ren[i]) < 1e3 and abs(imn[i]) < 1e3):
                    err2 = math.inf
            err = math.sqrt(err2)
            if bc == BC_BANKS:
                for c in range(2):
                    e = abs(eth[c]) / (atol + rtol)
                    if e > err:
                        err = e
        if not math.isfinite(thn[2]):
            err = math.inf
        if not math.isfinite(err):
            err = math.inf
        if err <= 1.0 or (not adaptive and math.isfinite(err)):
            failures = 0
            # "measured" frame: rotation rate over this step for the next integrating factor. In the rotating frame
            # node i turned by a = arg(Ψⁿ*·ψ) (small), so its lab-frame rate is ωⁿ − a/dt (tan a ≈ a suffices: any
            # smooth rate is consistent); ωⁿ is kept where Ψ is exactly zero or the phase jumped (|tan a| > 0.5, e.g.
            # at a phase slip). Stored as the offset from φ, so that the next step uses ω = φⁿ⁺¹ + offset.
            for i in range(1, n if measured else 1):
                pr = pnr[i]
                pi = pni[i]
                zr = re[i] * pr + im[i] * pi
                zi = re[i] * pi - im[i] * pr
                w = omega[i] if use_offset else 0.0
                if zr > 0.0 and abs(zi) < 0.5 * zr:
                    w -= zi / (zr * step)
                omega[i] = w
            omega[npts] = 1.0 if measured else 0.0
            if par[P_NOISE] > 0.0:
                # optional Langevin forcing, split from the deterministic step (Euler–Maruyama, strong order ½)
                amp = par[P_NOISE] * math.sqrt(step / h)
                for i in range(1, n):
                    ren[i] += amp * np.random.standard_normal()  # noqa: NPY002 (Numba generator)
                    imn[i] += amp * np.random.standard_normal()  # noqa: NPY002 (Numba generator)
            set_boundary(ren, imn, n, bc, thn[0], thn[1])
            # phase-slip detection
            amin = math.inf
            imin = 1
            for i in range(1, n):
                q = ren[i] * ren[i] + imn[i] * imn[i]
                if q < amin:
                    amin = q
                    imin = i
            if amin < 0.25:
                w = winding(ren, imn, n)
                if wstate[1] > 0.5 and abs(w - wstate[0]) > math.pi:
                    dre = ren[imin] - re[imin]
                    dim = imn[imin] - im[imin]
                    dd = dre * dre + dim * dim
                    frac = 1.0
                    if dd > 0.0:
                        frac = -(re[imin] * dre + im[imin] * dim) / dd
                        frac = min(1.0, max(0.0, frac))
                    # several slips within one step (or at once in several places) each count
                    count = math.floor(abs(w - wstate[0]) / (2.0 * math.pi) + 0.5)
                    for _ in range(max(count, 1)):
                        if nslip < cap:
                            slip_t[nslip] = t + frac * step
                            slip_x[nslip] = imin
                            slip_sign[nslip] = -1.0 if w > wstate[0] else 1.0
                            slip_vint[nslip] = th[2] + frac * (thn[2] - th[2])
                        nslip += 1
                wstate[0] = w
                wstate[1] = 1.0
                if ipar[I_STOP_ON_SLIP] != 0 and nslip > 0:
                    for i in range(npts):
                        re[i] = ren[i]
                        im[i] = imn[i]
                    for c in range(3):
                        th[c] = thn[c]
                    stats[4] = isave
                    return STOPPED, t + step, dt, nslip
            else:
                wstate[1] = 0.0
            for i in range(npts):
                re[i] = ren[i]
                im[i] = imn[i]
            for c in range(3):
                th[c] = thn[c]
            t = t + step
            if truncated:
                t = t_target
            stats[0] += 1.0
            if step < stats[2]:
                stats[2] = step
            if step > stats[3]:
                stats[3] = step
            if adaptive:
                fac = FAC_MAX if err <= 0.0 else min(FAC_MAX, max(0.2, SAFETY * err**expo))
                proposal = min(dt_max, step * fac)
                dt = max(dt, proposal) if truncated else proposal
                dt = min(dt, dt_max)
        else:
            stats[1] += 1.0
            if not math.isfinite(err):
                failures += 1
                if not adaptive or failures > 60:
                    return BLOWUP, t, step, nslip
                dt = step * 0.1
            else:
                dt = step * max(0.2, SAFETY * err**expo)
            if dt < dt_min:
                return BLOWUP, t, dt, nslip
        if stats[0] + stats[1] > max_steps:
            return TOO_MANY_STEPS, t, dt, nslip
    stats[4] = isave
    return OK, t, dt, nslip
