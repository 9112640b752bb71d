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
  cost a few vectorised Newton sweeps and one batched block-tridiagonal kinetic solve (collision-free case).
* With e–e collisions (γ_ee > 0, equidistant grid) the kinetic solve of each batch member is the Anderson-
  accelerated iteration of :func:`~neqsc.quasiclassics.kinetics.solve_kinetics`, warm-started from the f_L of the
  reference profile.
"""

from __future__ import annotations

import numpy as np

from neqsc import validation
from neqsc.errors import ConvergenceError
from neqsc.quasiclassics.geometry import Wire
from neqsc.quasiclassics.kinetics.blocks import solve_blocks
from neqsc.quasiclassics.kinetics.equations import assemble_system, equilibrium_modes, reservoir_modes, solve_kinetics
from neqsc.quasiclassics.model import DEFAULT_GAMMA, DEFAULT_OMEGA_D
from neqsc.quasiclassics.usadel.uniform import Spectra, trapezoid_weights
from neqsc.quasiclassics.usadel.wire import tridiag_complex, wire_spectra

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


def _bulk_gap_integral(eps, gaps, gamma, f):
    """∫ Im F_bulk(ε; Δ) f dε by product integration (exact for piecewise-linear f); gaps (...), f (..., n_ε)."""
    z = eps + 1j * gamma
    g = np.asarray(gaps)[..., None]
    s = np.sqrt(z * z - g * g)
    s = np.where(s.imag < 0, -s, s)
    w = z + s
    A = np.log(np.abs(w)) + 1j * np.unwrap(np.angle(w), axis=-1)
    I0 = 1j * g * np.diff(A, axis=-1)
    I1 = 1j * g * np.diff(s, axis=-1) - 1j * gamma * I0
    df = np.diff(f, axis=-1) / np.diff(eps)
    return np.sum((f[..., :-1] * I0 + df * (I1 - eps[:-1] * I0)).imag, axis=-1), (1j * g / s).imag


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
        self.m = np.abs(self.eps) <= omega_D * (1 + 1e-12)
        self.w = trapezoid_weights(self.eps[self.m])
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
        """Newton at η = Γ for profiles ``gaps`` (B, n) from ``theta0`` (B, n_ε, n); None if it fails."""
        B, n = gaps.shape
        n_e = self.eps.size
        et = (self.eps + 1j * self.gamma)[None, :, None]
        g = gaps[:, None, :]
        th = np.array(np.broadcast_to(theta0, (B, n_e, n)), dtype=complex)
        th[:, :, self.ends] = np.arctan(1j * g[:, :, self.ends] / et)
        a = np.zeros((B * n_e, n), dtype=complex)
        c = np.zeros((B * n_e, n), dtype=complex)
        a[:, 1:] = 0.5 / self.h
        c[:, :-1] = 0.5 / self.h
        a[:, self.ends] = 0.0
        c[:, self.ends] = 0.0
        lap = np.zeros(n)
        lap[:-1] -= 0.5 / self.h
        lap[1:] -= 0.5 / self.h
        for _ in range(max_iter):
            sn, cs = np.sin(th), np.cos(th)
            r = self.vol * (1j * et * sn + g * cs)
            b = self.vol * (1j * et * cs - g * sn) + lap
            flux = 0.5 * np.diff(th, axis=-1) / self.h
            r[..., :-1] += flux
            r[..., 1:] -= flux
            r[..., self.ends] = 0.0
            b[..., self.ends] = 1.0
            step = tridiag_complex(a, b.reshape(-1, n), c, -r.reshape(-1, n)).reshape(th.shape)
            big = np.abs(step) > 0.5
            step = np.where(big, 0.5 * step / np.abs(np.where(big, step, 1.0)), step)
            th += step
            if not np.all(np.isfinite(th)):
                return None
            if one_step or np.max(np.abs(step)) < tol:
                return th
        return None

    def theta(self, gaps, theta0=None, *, one_step: bool = False):
        """θ(ε, x) (B, n_ε, n) for profiles ``gaps`` (B, n): warm Newton, else the full η continuation per profile.

        ``one_step``: a single Newton step from the converged θ of a profile within ~1e-6 (the linear response;
        error O(|δΔ|²), used for the finite-difference Jacobian)."""
        gaps = np.atleast_2d(gaps)
        if theta0 is None and self.ref_theta is not None:
            theta0 = self.ref_theta
        th = None if theta0 is None else self._newton_theta(gaps, theta0, one_step=one_step)
        if th is None:
            self.n_fallbacks += 1
            th = np.empty((gaps.shape[0], self.eps.size, self.x.size), dtype=complex)
            for b, p in enumerate(gaps):
                s = wire_spectra(self.eps, self.x, p, self.gamma, half_wire=self.wire.half)
                th[b] = np.stack([-1j * np.log(sp.G + 1j * sp.F) for sp in s], axis=-1)  # e^{iθ} = G + iF
            th = self._newton_theta(gaps, th)  # same discrete equations to the same tolerance
            if th is None:
                raise ConvergenceError("Usadel equation on the wire (warm Newton) did not converge", [])
        return th

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
        th = self.theta(gaps, theta0, one_step=one_step)
        G, F = np.cos(th), np.sin(th)
        flip = G.real < 0
        G = np.where(flip, -G, G)
        F = np.where(flip, -F, F)
        fL, fT = self._kinetics(G, F, gaps, v)
        m = self.m
        em = self.eps[m]
        f = fL[..., m]
        bulk, R_bulk = _bulk_gap_integral(em, gaps, self.gamma, f)
        Fm = F[:, m, :].transpose(0, 2, 1).imag
        corr = np.sum((Fm - R_bulk) * f * self.w, axis=-1)
        self.n_evals += gaps.shape[0]
        R = 0.5 * self.lam * (bulk + corr) - gaps
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
