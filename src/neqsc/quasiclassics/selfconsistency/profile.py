r"""Fast, batched residual of the self-consistent Δ(x) problem with the gradient term (beyond Ryan et al. 2026).

Reduced units (energies in Δ₀, x in ξ, t = k_BT/Δ₀, biases eV/Δ₀).

For a profile Δ_i = Δ(x_i) on the wire nodes and an injector bias v the residual is (Eq. 8 at every node)

    R_i(Δ, v) = (λ/2) ∫_{−ω_D}^{ω_D} Im F(x_i, ε; Δ) f_L(x_i, ε; Δ, v) dε − Δ_i

with F from Eq. 1 *with* the gradient term (½∂ₓ²θ + iε̃ sin θ + Δ(x) cos θ = 0, ε̃ = ε + iΓ, bulk θ at the
reservoir, ∂ₓθ = 0 at the injector end; as :func:`~neqsc.quasiclassics.usadel.wire.wire_spectra`) and f_L from
the kinetic equations (Eqs. 9–11) for those spectra.  The integral is split as in
:func:`~.stability.gap_profile_residual`: the bulk part Im F_bulk(Δ_i) by product
integration (exact for piecewise-linear f_L) plus the proximity correction Im(F − F_bulk(Δ_i)) by the trapezoid
rule, which needs a grid resolving Γ near the gap edges (:func:`resolved_energy_grid`).

What makes it fast (the continuation needs ~10³ residuals and a Jacobian per step):

* Usadel: Newton at η = Γ warm-started from the θ(x, ε) of a nearby profile (2–4 iterations) instead of the
  28-step continuation in Im ε̃ from η = 3; the full continuation is the fallback.
* Batches: B profiles at once (arrays (B, n_ε, n_x)), so the n_x + 1 residuals of a finite-difference Jacobian
  cost a few compiled Newton sweeps and one batched kinetic solve (collision-free case).
* Compiled row kernels (Numba, one pass per (profile, energy) row): the Usadel Newton sweep also returns
  G = cos θ, F = sin θ, updated from the last iterate's sin and cos by the Taylor series of the last step; the
  members of a Jacobian batch share the start θ, whose sin and cos are computed once.  Without e–e collisions and
  supercurrent the 2×2 kinetic blocks are diagonal, so f_L and f_T solve two scalar tridiagonal systems per row
  (the block solver with pivoting is the fallback for an ill-conditioned row).  The bulk product-integration
  kernels depend on Δ_i only and are computed once per distinct gap value.
* With e–e collisions (γ_ee > 0, equidistant grid) the kinetic solve of each batch member is the Anderson-
  accelerated iteration of :func:`~neqsc.quasiclassics.kinetics.solve_kinetics`, warm-started from the f_L of the
  reference profile.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from neqsc import validation
from neqsc.errors import ConvergenceError
from neqsc.quasiclassics.geometry import Wire
from neqsc.quasiclassics.kinetics.blocks import solve_blocks
from neqsc.quasiclassics.kinetics.equations import assemble_system, equilibrium_modes, reservoir_modes, solve_kinetics
from neqsc.quasiclassics.model import DEFAULT_GAMMA, DEFAULT_OMEGA_D
from neqsc.quasiclassics.usadel.uniform import Spectra, trapezoid_weights
from neqsc.quasiclassics.usadel.wire import wire_spectra

__all__ = ["ProfileProblem", "resolved_energy_grid"]


def resolved_energy_grid(
    gamma: float = 0.005, omega_D: float = 10.0, *, de: float = 1 / 40, window: tuple[float, float] = (0.6, 1.4)
) -> np.ndarray:
    """Symmetric grid to ±ω_D: spacing ``de`` (Δ₀) outside ``window`` and Γ/2 inside |ε| ∈ window (Δ₀), where the
    gap edges of the profile can move; this is what the gradient-term residual needs (module docstring)."""
    validation.positive("gamma", gamma, "Δ0")
    validation.positive("de", de, "Δ0")
    lo, hi = window
    validation.in_range("window[0]", lo, 0.0, hi, unit="Δ0")
    fine = np.arange(lo, hi + 1e-9, gamma / 2)
    coarse = np.arange(0, omega_D + 1e-9, de)
    pos = np.unique(np.round(np.concatenate([coarse[(coarse < lo) | (coarse > hi)], fine]), 12))
    return np.concatenate([-pos[::-1], pos[1:]])


@numba.njit(cache=True)
def _sincos(t):  # pragma: no cover - compiled
    """(sin t, cos t) of a complex t from four real functions (sin, cos, sinh, cosh of its parts)."""
    x, y = t.real, t.imag
    sx, cx, sh, ch = math.sin(x), math.cos(x), math.sinh(y), math.cosh(y)
    return complex(sx * ch, cx * sh), complex(cx * ch, -sx * sh)


@numba.njit(cache=True)
def _sincos_array(th):  # pragma: no cover - compiled
    """sin θ, cos θ of a complex array (n_ε, n)."""
    sn = np.empty_like(th)
    cs = np.empty_like(th)
    for k in range(th.shape[0]):
        for i in range(th.shape[1]):
            sn[k, i], cs[k, i] = _sincos(th[k, i])
    return sn, cs


@numba.njit(cache=True)
def _newton_rows(th, et, g, vol, h, is_end, tol, max_iter, one_step, shared, sn0, cs0, G, F):  # pragma: no cover
    """Newton on the discrete Usadel equation, row by row (one row per profile and energy), in place.

    ``th`` (B, n_ε, n) complex (end values already set), ``et`` (n_ε,) = ε + iΓ, ``g`` (B, n) gaps, ``vol``,
    ``h`` the node volumes and spacings, ``is_end`` the Dirichlet nodes.  Each row iterates until its own
    max|δθ| < ``tol`` (or once with ``one_step``); steps longer than 0.5 are cut to 0.5.  Returns False if a row
    fails (non-finite θ or ``max_iter`` iterations).  With ``shared`` every row starts from the same θ (apart from
    the Dirichlet ends), whose sin and cos are ``sn0``, ``cs0`` (n_ε, n).  On success ``G``, ``F`` (like ``th``)
    hold cos θ, sin θ of the result on the retarded branch (Re G ≥ 0), from the sin, cos of the last iterate and
    the last step δ (Taylor series to δ⁵ for |δ| < 1e-3, error < 1e-20)."""
    B, n_e, n = th.shape
    lo = np.zeros(n)
    up = np.zeros(n)
    for i in range(n):
        if not is_end[i]:
            if i > 0:
                lo[i] = 0.5 / h[i - 1]
            if i < n - 1:
                up[i] = 0.5 / h[i]
    ok = np.ones(B * n_e, dtype=np.bool_)
    r = np.empty(n, dtype=np.complex128)
    d = np.empty(n, dtype=np.complex128)
    cp = np.empty(n, dtype=np.complex128)
    dp = np.empty(n, dtype=np.complex128)
    for row in range(B * n_e):
        b = row // n_e
        k = row - b * n_e
        e = et[k]
        done = False
        for it in range(max_iter):
            for i in range(n):
                if is_end[i]:
                    r[i] = 0.0
                    d[i] = 1.0
                    continue
                t = th[b, k, i]
                if shared and it == 0:
                    sn, cs = sn0[k, i], cs0[k, i]
                else:
                    sn, cs = _sincos(t)
                G[b, k, i] = cs
                F[b, k, i] = sn
                ri = vol[i] * (1j * e * sn + g[b, i] * cs)
                di = vol[i] * (1j * e * cs - g[b, i] * sn)
                if i < n - 1:
                    ri += 0.5 * (th[b, k, i + 1] - t) / h[i]
                    di -= 0.5 / h[i]
                if i > 0:
                    ri -= 0.5 * (t - th[b, k, i - 1]) / h[i - 1]
                    di -= 0.5 / h[i - 1]
                r[i] = ri
                d[i] = di
            cp[0] = up[0] / d[0]
            dp[0] = -r[0] / d[0]
            for i in range(1, n):
                m = d[i] - lo[i] * cp[i - 1]
                cp[i] = up[i] / m
                dp[i] = (-r[i] - lo[i] * dp[i - 1]) / m
            big = 0.0
            finite = True
            s = dp[n - 1]
            for i in range(n - 1, -1, -1):
                if i < n - 1:
                    s = dp[i] - cp[i] * s  # the unclipped step
                a = abs(s)
                st = 0.5 * s / a if a > 0.5 else s
                th[b, k, i] += st
                if not (np.isfinite(th[b, k, i].real) and np.isfinite(th[b, k, i].imag)):
                    finite = False
                big = max(big, abs(st))
                if is_end[i]:
                    continue
                if abs(st) < 1e-3:  # sin, cos at θ + δ from those at θ
                    d2 = st * st
                    sd = st * (1.0 - d2 / 6.0 * (1.0 - d2 / 20.0))
                    cd = 1.0 - d2 / 2.0 * (1.0 - d2 / 12.0)
                    sn, cs = F[b, k, i], G[b, k, i]
                    F[b, k, i] = sn * cd + cs * sd
                    G[b, k, i] = cs * cd - sn * sd
                else:
                    F[b, k, i], G[b, k, i] = _sincos(th[b, k, i])
            if not finite:
                break
            if one_step or big < tol:
                done = True
                break
        ok[row] = done
        for i in range(n):
            if is_end[i]:
                F[b, k, i], G[b, k, i] = _sincos(th[b, k, i])
            if G[b, k, i].real < 0:
                G[b, k, i] = -G[b, k, i]
                F[b, k, i] = -F[b, k, i]
    return ok.all()


@numba.njit(cache=True)
def _kinetic_rows(G, F, gaps, h, vol, is_end, i_inj, kn_share, f_eq, fLN, fTN):  # pragma: no cover - compiled
    """f_L, f_T (B, n, n_ε) of the collision-free kinetic equations without supercurrent (j_S = 0).

    Without j_S the 2×2 blocks of :func:`~neqsc.quasiclassics.kinetics.equations.assemble_system` are diagonal:
    f_L and f_T solve separate tridiagonal systems (face coefficients D/h with face averages of D, −vol·R_T on
    the f_T diagonal, Dirichlet rows at the reservoir ends, the injector term −κ N (f − f_N) at ``i_inj``).
    Also returns, per (profile, energy), the relative residual of both solves (for a pivoting fallback)."""
    B, n_e, n = G.shape
    fL = np.empty((B, n, n_e))
    fT = np.empty((B, n, n_e))
    bad = np.zeros(B * n_e, dtype=np.bool_)
    lo = np.empty(n)
    di = np.empty(n)
    up = np.empty(n)
    rh = np.empty(n)
    cp = np.empty(n)
    dp = np.empty(n)
    u = np.empty(n)
    DL = np.empty(n)
    DT = np.empty(n)
    for row in range(B * n_e):
        b = row // n_e
        k = row - b * n_e
        for i in range(n):
            gr = G[b, k, i].real
            DL[i] = gr * gr - F[b, k, i].imag ** 2
            DT[i] = gr * gr + F[b, k, i].real ** 2
        kn = kn_share * G[b, k, i_inj].real
        for mode in range(2):
            D = DL if mode == 0 else DT
            for i in range(n):
                lo[i] = 0.0
                up[i] = 0.0
                di[i] = 0.0
                rh[i] = 0.0
                if i < n - 1:
                    a = 0.5 * (D[i] + D[i + 1]) / h[i]
                    up[i] = a
                    di[i] -= a
                if i > 0:
                    a = 0.5 * (D[i - 1] + D[i]) / h[i - 1]
                    lo[i] = a
                    di[i] -= a
                if mode == 1:
                    di[i] -= vol[i] * 2.0 * gaps[b, i] * F[b, k, i].real
                if is_end[i]:
                    lo[i] = 0.0
                    up[i] = 0.0
                    di[i] = 1.0
                    rh[i] = f_eq[k] if mode == 0 else 0.0
            di[i_inj] -= kn
            rh[i_inj] -= kn * (fLN[k] if mode == 0 else fTN[k])
            cp[0] = up[0] / di[0]
            dp[0] = rh[0] / di[0]
            for i in range(1, n):
                m = di[i] - lo[i] * cp[i - 1]
                cp[i] = up[i] / m
                dp[i] = (rh[i] - lo[i] * dp[i - 1]) / m
            u[n - 1] = dp[n - 1]
            for i in range(n - 2, -1, -1):
                u[i] = dp[i] - cp[i] * u[i + 1]
            res = 0.0
            scale = 0.0
            umax = 0.0
            for i in range(n):
                acc = di[i] * u[i] - rh[i]
                if i > 0:
                    acc += lo[i] * u[i - 1]
                if i < n - 1:
                    acc += up[i] * u[i + 1]
                res = max(res, abs(acc))
                scale = max(scale, abs(di[i]))
                umax = max(umax, abs(u[i]))
            if not (res <= 1e-9 * scale * (umax + 1.0)):
                bad[row] = True
            if mode == 0:
                for i in range(n):
                    fL[b, i, k] = u[i]
            else:
                for i in range(n):
                    fT[b, i, k] = u[i]
    return fL, fT, bad.any()


def _bulk_kernels(eps, gaps, gamma):
    """Product-integration kernels I0, I1 (..., n_ε − 1) and Im F_bulk (..., n_ε) for the gaps (...)."""
    z = eps + 1j * gamma
    g = np.asarray(gaps)[..., None]
    s = np.sqrt(z * z - g * g)
    s = np.where(s.imag < 0, -s, s)
    w = z + s
    A = np.log(np.abs(w)) + 1j * np.unwrap(np.angle(w), axis=-1)
    I0 = 1j * g * np.diff(A, axis=-1)
    I1 = 1j * g * np.diff(s, axis=-1) - 1j * gamma * I0
    return I0, I1, (1j * g / s).imag


@numba.njit(cache=True)
def _gap_sums(fL, Fi, idx, em, I0, I1, Rb, inv, w):  # pragma: no cover - compiled
    """Σ_ε [f I0 + f' (I1 − ε I0)] + Σ_ε w (Im F − Im F_bulk) f per (profile, node): the bracket of Eq. 8.

    ``fL`` (B, n, n_ε), ``Fi`` = Im F (B, n_ε, n), ``idx`` the energies |ε| ≤ ω_D (values ``em``); ``I0``, ``I1``,
    ``Rb`` the imaginary parts of the bulk kernels per distinct gap (row ``inv`` (B, n)); ``w`` trapezoid weights."""
    B, n = inv.shape
    m = idx.size
    out = np.empty((B, n))
    for row in range(B * n):
        b = row // n
        i = row - b * n
        u = inv[b, i]
        acc = 0.0
        corr = 0.0
        for q in range(m):
            f = fL[b, i, idx[q]]
            if q < m - 1:
                df = (fL[b, i, idx[q + 1]] - f) / (em[q + 1] - em[q])
                acc += f * I0[u, q] + df * (I1[u, q] - em[q] * I0[u, q])
            corr += (Fi[b, idx[q], i] - Rb[u, q]) * f * w[q]
        out[b, i] = acc + corr
    return out


class ProfileProblem:
    """R(Δ, v) of the gradient-term Δ(x) problem with caches and batching (see the module docstring).

    Arguments as :func:`~.stability.gap_profile_residual` (reduced units); ``lam`` is λ.
    ``chunk``: batch size of the finite-difference Jacobian (memory ≈ chunk · n_ε · n_x · 0.3 kB).
    """

    def __init__(
        self, *, eps, wire: Wire, kappa_inj: float, t: float, t_inj: float | None = None,
        gamma: float = DEFAULT_GAMMA, omega_D: float = DEFAULT_OMEGA_D, lam: float, gamma_ee: float = 0.0,
        ee_exponent: float = 1.5, chunk: int = 10,
    ):  # fmt: skip
        self.eps = np.asarray(eps, dtype=float)
        validation.positive("gamma", gamma, "Δ0")
        self.wire, self.kappa_inj, self.t = wire, validation.nonnegative("kappa_inj", kappa_inj), t
        self.t_inj = t if t_inj is None else t_inj
        self.gamma, self.omega_D, self.lam = gamma, omega_D, lam
        self.gamma_ee, self.ee_exponent, self.chunk = gamma_ee, ee_exponent, max(1, int(chunk))
        self.x, self.i_inj, self.i_det = wire.nodes()
        n = self.x.size
        self.h = np.diff(self.x)
        self.vol = np.zeros(n)
        self.vol[:-1] += 0.5 * self.h
        self.vol[1:] += 0.5 * self.h
        self.ends = [n - 1] if wire.half else [0, n - 1]
        self._is_end = np.zeros(n, dtype=bool)
        self._is_end[self.ends] = True
        self.m = np.abs(self.eps) <= omega_D * (1 + 1e-12)
        self.w = trapezoid_weights(self.eps[self.m])
        self._idx = np.flatnonzero(self.m)
        self.f_eq = equilibrium_modes(self.eps, t)
        self.ref_gap: np.ndarray | None = None  # profile whose θ and f_L are cached
        self.ref_theta: np.ndarray | None = None
        self.ref_f_L: np.ndarray | None = None
        self.n_evals = 0  # number of single-profile residual evaluations (a batch of B counts B)
        self.n_fallbacks = 0

    @classmethod
    def from_model(cls, model, *, chunk: int = 10) -> ProfileProblem:
        """The problem of a :class:`~neqsc.quasiclassics.model.NonlocalModel` (reduced units; λ from its convention).

        ``chunk``: batch size of the finite-difference Jacobian (no units).
        """
        from neqsc.quasiclassics.selfconsistency.gap import coupling_constant

        lam = coupling_constant(model.omega_D, model.lambda_convention, eps=model.eps, gamma=model.gamma)
        return cls(eps=model.eps, wire=model.wire, kappa_inj=model.kappa_inj, t=model.t, t_inj=model.t_inj,
                   gamma=model.gamma, omega_D=model.omega_D, lam=lam, gamma_ee=model.gamma_ee,
                   ee_exponent=model.ee_exponent, chunk=chunk)  # fmt: skip

    # ---- Usadel equation ---------------------------------------------------------------------------------------
    def _newton_theta(self, gaps, theta0, tol=1e-11, max_iter=40, one_step=False):
        """Newton at η = Γ for profiles ``gaps`` (B, n) from ``theta0`` (B, n_ε, n); None if it fails.

        Compiled row by row (:func:`_newton_rows`): each (profile, energy) row iterates to its own
        max|δθ| < ``tol``."""
        B, n = gaps.shape
        n_e = self.eps.size
        et = self.eps + 1j * self.gamma
        theta0 = np.asarray(theta0, dtype=complex)
        shared = B > 1 and (theta0.ndim == 2 or theta0.shape[0] == 1)
        if shared:  # sin, cos of the common start computed once
            sn0, cs0 = _sincos_array(np.ascontiguousarray(theta0.reshape(n_e, n)))
        else:
            sn0 = cs0 = np.empty((1, 1), dtype=complex)
        th = np.array(np.broadcast_to(theta0, (B, n_e, n)), dtype=complex)
        th[:, :, self.ends] = np.arctan(1j * gaps[:, None, self.ends] / et[None, :, None])
        G, F = np.empty_like(th), np.empty_like(th)
        ok = _newton_rows(th, et, np.ascontiguousarray(gaps, dtype=float), self.vol, self.h, self._is_end,
                          tol, max_iter, one_step, shared, sn0, cs0, G, F)  # fmt: skip
        return (th, G, F) if ok else None

    def theta(self, gaps, theta0=None, *, one_step: bool = False):
        """θ(ε, x) (B, n_ε, n) for profiles ``gaps`` (B, n): warm Newton, else the full η continuation per profile.

        ``one_step``: a single Newton step from the converged θ of a profile within ~1e-6 (the linear response;
        error O(|δΔ|²), used for the finite-difference Jacobian)."""
        return self._theta_green(gaps, theta0, one_step)[0]

    def _theta_green(self, gaps, theta0=None, one_step=False):
        """(θ, G = cos θ, F = sin θ) (B, n_ε, n) on the retarded branch for profiles ``gaps`` (B, n) (see theta)."""
        gaps = np.atleast_2d(gaps)
        if theta0 is None and self.ref_theta is not None:
            theta0 = self.ref_theta
        out = None if theta0 is None else self._newton_theta(gaps, theta0, one_step=one_step)
        if out is None:
            self.n_fallbacks += 1
            th = np.empty((gaps.shape[0], self.eps.size, self.x.size), dtype=complex)
            for b, p in enumerate(gaps):
                s = wire_spectra(self.eps, self.x, p, self.gamma, half_wire=self.wire.half)
                th[b] = np.stack([-1j * np.log(sp.G + 1j * sp.F) for sp in s], axis=-1)  # e^{iθ} = G + iF
            out = self._newton_theta(gaps, th)  # same discrete equations to the same tolerance
            if out is None:
                raise ConvergenceError("Usadel equation on the wire (warm Newton) did not converge", [])
        return out

    # ---- kinetics ----------------------------------------------------------------------------------------------
    def _coefficients(self, G, F, gaps):
        """Kinetic coefficients (n, B·n_ε) from G, F (B, n_ε, n)."""
        B, n_e, n = G.shape

        def flat(a):
            return np.ascontiguousarray(a.transpose(2, 0, 1).reshape(n, B * n_e))

        Gr, Fr, Fi = G.real, F.real, F.imag
        c = {"N": flat(Gr), "R": flat(Fi), "D_L": flat(Gr**2 - Fi**2), "D_T": flat(Gr**2 + Fr**2),
             "R_T": flat(2.0 * gaps[:, None, :] * Fr)}  # fmt: skip
        c["j_S"] = np.zeros_like(c["N"])
        return c

    def _kinetics(self, G, F, gaps, v):
        """f_L, f_T (B, n, n_ε)."""
        B, n_e, n = G.shape
        if self.gamma_ee > 0:
            fL, fT = np.empty((B, n, n_e)), np.empty((B, n, n_e))
            for b in range(B):
                sp = [Spectra(self.eps, G[b, :, i], F[b, :, i], float(gaps[b, i]), self.gamma, 0.0) for i in range(n)]
                sol = solve_kinetics(
                    sp, self.wire, kappa_inj=self.kappa_inj, V_inj=v, t=self.t, t_inj=self.t_inj,
                    gamma_ee=self.gamma_ee, ee_exponent=self.ee_exponent, f_L_guess=self.ref_f_L, tol=1e-11,
                )  # fmt: skip
                fL[b], fT[b] = sol.f_L, sol.f_T
            return fL, fT
        fLN, fTN = reservoir_modes(self.eps, v, self.t_inj)
        share = self.kappa_inj * self.wire.injector_share
        fL, fT, bad = _kinetic_rows(G, F, np.ascontiguousarray(gaps, dtype=float), self.h, self.vol, self._is_end,
                                    self.i_inj, share, self.f_eq, fLN, fTN)  # fmt: skip
        if not bad:
            return fL, fT
        return self._kinetics_blocks(G, F, gaps, v)  # an ill-conditioned row: LAPACK with pivoting

    def _kinetics_blocks(self, G, F, gaps, v):
        """f_L, f_T (B, n, n_ε) from the assembled 2×2 block system (:func:`solve_blocks`)."""
        B, n_e, n = G.shape
        c = self._coefficients(G, F, gaps)
        eps_t = np.tile(self.eps, B)
        lo, di, up, rhs0, *_ = assemble_system(
            self.x, self.i_inj, self.i_det, eps_t, c, self.wire.half, np.tile(self.f_eq, B)
        )
        fLN, fTN = reservoir_modes(eps_t, v, self.t_inj)
        kn = self.kappa_inj * self.wire.injector_share * c["N"][self.i_inj]
        di[:, self.i_inj, 0, 0] -= kn
        di[:, self.i_inj, 1, 1] -= kn
        rhs0[:, self.i_inj, 0] -= kn * fLN
        rhs0[:, self.i_inj, 1] -= kn * fTN
        u = solve_blocks(lo, di, up, rhs0).reshape(B, n_e, n, 2)
        return u[..., 0].transpose(0, 2, 1), u[..., 1].transpose(0, 2, 1)

    # ---- residual ----------------------------------------------------------------------------------------------
    def evaluate(self, gaps, v, theta0=None, *, one_step: bool = False):
        """R (B, n) for profiles ``gaps`` (B, n) at bias v, and the state dict (θ, G, F, f_L, f_T)."""
        gaps = np.atleast_2d(np.asarray(gaps, dtype=float))
        th, G, F = self._theta_green(gaps, theta0, one_step)
        fL, fT = self._kinetics(G, F, gaps, v)
        # the bulk kernels depend on the gap only: once per distinct value (the profiles of a finite-difference
        # Jacobian share all but one node)
        vals, inv = np.unique(gaps, return_inverse=True)
        I0, I1, R_bulk = _bulk_kernels(self.eps[self.m], vals, self.gamma)
        sums = _gap_sums(fL, np.ascontiguousarray(F.imag), self._idx, self.eps[self.m], np.ascontiguousarray(I0.imag),
                         np.ascontiguousarray(I1.imag), R_bulk, inv.reshape(gaps.shape), self.w)  # fmt: skip
        self.n_evals += gaps.shape[0]
        R = 0.5 * self.lam * sums - gaps
        return R, {"theta": th, "G": G, "F": F, "f_L": fL, "f_T": fT}

    def residual(self, gap, v, *, remember: bool = True):
        """R (n,) for one profile; ``remember`` caches its θ and f_L as the warm start of later calls."""
        R, st = self.evaluate(np.asarray(gap, dtype=float)[None], v)
        if remember:
            self.remember(gap, st)
        return R[0], st

    def remember(self, gap, st, b: int = 0):
        self.ref_gap = np.array(gap, dtype=float)
        self.ref_theta = st["theta"][b : b + 1].copy()
        self.ref_f_L = st["f_L"][b].copy()

    def jacobian(self, gap, v, r0=None, *, step: float = 1e-6, step_v: float = 1e-6):
        """(J_Δ (n, n), J_v (n,), R (n,)) by forward differences, batched over the columns."""
        gap = np.asarray(gap, dtype=float)
        if r0 is None or self.ref_gap is None or not np.array_equal(self.ref_gap, gap):
            r0, _ = self.residual(gap, v)
        n = gap.size
        J = np.empty((n, n))
        th0 = self.ref_theta
        for j0 in range(0, n, self.chunk):
            cols = np.arange(j0, min(n, j0 + self.chunk))
            P = np.repeat(gap[None], cols.size, axis=0)
            P[np.arange(cols.size), cols] += step
            J[:, cols] = ((self.evaluate(P, v, th0, one_step=True)[0] - r0) / step).T
        Jv = (self.evaluate(gap[None], v + step_v, th0, one_step=True)[0][0] - r0) / step_v
        return J, Jv, r0
