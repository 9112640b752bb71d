r"""Kinetic equations for f_L, f_T on a wire with tunnel injection (Ryan et al. 2026, Eqs. 9–12, 20–22).

Reduced units: x in ξ, energies in Δ₀, distribution functions dimensionless.

Equations as implemented (conservation form; with x-independent spectra and ∂ₓφ they are exactly Eqs. 9–10)::

    ∂ₓ J_L = I_L[f_L],            J_L = D_L ∂ₓf_L + j_S f_T
    ∂ₓ J_T = R_T f_T,             J_T = D_T ∂ₓf_T + j_S f_L,        j_S = j_ε ∂ₓφ

Both coupling terms carry a + sign as printed (because the coupling is then skew and the per-energy
operator stays positive definite).  Tunnel contact at node x_c (Eq. 11, with δf = f − f^(N), Eq. 12)::

    J(x_c⁺) − J(x_c⁻) = κ N(ε) [f(x_c) − f^(N)(ε)]          (half wire: J(0⁺) = (κ/2) N δf, the paper's Eq. 11
                                                               with κ = G_inj R_ξ/2 per branch)

Reservoirs: f_L = tanh(ε/2t), f_T = 0 at both wire ends.

Discretisation: conservative finite volumes on the node grid of :class:`~neqsc.quasiclassics.geometry.Wire`
(second order; the coupling flux uses the face average of f, which keeps its discrete skew symmetry), one 2×2
block-tridiagonal system per energy solved by a Numba block-Thomas sweep (residual checked; LAPACK banded
fallback).  With collisions (γ_ee > 0) the energies are coupled through I_L; we iterate
``(∂ₓD_L∂ₓ − ν) f_L^{n+1} = I_L[f_L^n] − ν f_L^n`` with ν = ∂I_L/∂f_L (diagonal), accelerated by Anderson
mixing, until max|Δf_L| < ``tol``; failure raises :class:`~neqsc.errors.ConvergenceError`.

Spectra may depend on x (for the self-consistent Δ(x) option): pass one :class:`Spectra` per node.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.errors import ConvergenceError, InvalidParameter
from neqsc.quasiclassics.geometry import Wire
from neqsc.quasiclassics.kinetics.blocks import solve_blocks as _solve_blocks
from neqsc.quasiclassics.kinetics.collisions import ee_collision_integral
from neqsc.quasiclassics.usadel.uniform import Spectra

__all__ = [
    "InjectorResponse",
    "KineticSolution",
    "equilibrium_modes",
    "injector_response",
    "reservoir_modes",
    "solve_kinetics",
]


def equilibrium_modes(eps, t: float) -> np.ndarray:
    """tanh(ε/2t) (Eq. 3); t = k_BT/Δ₀ ≥ 0 (t = 0 gives sign(ε)); ``eps`` in Δ0, result dimensionless."""
    eps = np.asarray(eps, dtype=float)
    if t <= 0:
        return np.sign(eps)
    return np.tanh(eps / (2.0 * t))


def reservoir_modes(eps, V: float, t: float) -> tuple[np.ndarray, np.ndarray]:
    """(f_L, f_T) of a normal electrode at bias eV/Δ₀ = ``V`` and temperature t (Eq. 12).

    ``eps`` (energies) and ``V`` in Δ0, ``t`` = k_BT/Δ0; the modes are dimensionless.
    """
    a = equilibrium_modes(np.asarray(eps) + V, t)
    b = equilibrium_modes(np.asarray(eps) - V, t)
    return 0.5 * (a + b), 0.5 * (a - b)


@dataclasses.dataclass
class KineticSolution:
    """Solution of the kinetic equations: ``f_L``, ``f_T`` with shape (n_x, n_eps).

    Parameters (reduced units)
    --------------------------
    x: node positions in ξ. eps: energy grid in Δ0. f_L, f_T: energy and charge modes (dimensionless).
    i_inj, i_det: indices of the injector and detector nodes in ``x``. params: the solver's inputs (κ's, biases in
    Δ0, temperatures in k_BT/Δ0, ...). residuals: max|Δf_L| per collision iteration (empty without collisions).
    J_L, J_T: spectral currents D ∂ₓf + j_S f at the faces between nodes, (n_x − 1, n_eps), in 1/ξ.
    """

    x: np.ndarray
    eps: np.ndarray
    f_L: np.ndarray
    f_T: np.ndarray
    i_inj: int
    i_det: int
    params: dict
    residuals: list[float]
    J_L: np.ndarray | None = None  # at faces, (n_x − 1, n_eps)
    J_T: np.ndarray | None = None

    def to_dataset(self) -> xr.Dataset:
        return xr.Dataset(
            {
                "f_L": (("x", "eps"), self.f_L, {"units": "1", "long_name": "energy mode f_L"}),
                "f_T": (("x", "eps"), self.f_T, {"units": "1", "long_name": "charge mode f_T"}),
            },
            coords={
                "x": ("x", self.x, {"units": "xi", "long_name": "position x/ξ"}),
                "eps": ("eps", self.eps, {"units": "Delta0", "long_name": "energy ε/Δ0"}),
            },
            attrs={
                "neqsc_kind": "quasiclassics.kinetics",
                "i_inj": self.i_inj,
                "i_det": self.i_det,
                **{k: v for k, v in self.params.items() if isinstance(v, int | float | str)},
            },
        )


def kinetic_coefficients(spectra, n_x: int, phase_gradient: float):
    """Arrays (n_x, n_e) of N, R, D_L, D_T, R_T, j_S from one Spectra (uniform) or one per node."""
    if isinstance(spectra, Spectra):
        rows = [spectra]
    else:
        rows = list(spectra)
        if len(rows) != n_x:
            raise InvalidParameter("spectra", f"{len(rows)} entries", f"one Spectra or {n_x} (one per node)")
    eps = rows[0].eps

    def stack(attr):
        return np.stack([np.asarray(getattr(s, attr), dtype=float) for s in rows])

    c = {k: stack(k) for k in ("N", "R", "D_L", "D_T", "R_T", "j_eps")}
    c["j_S"] = c.pop("j_eps") * phase_gradient
    if len(rows) == 1:
        c = {k: np.broadcast_to(v, (n_x, eps.size)) for k, v in c.items()}
    return eps, c


def solve_kinetics(
    spectra: Spectra | Sequence[Spectra],
    wire: Wire,
    *,
    kappa_inj: float,
    V_inj: float,
    t: float,
    t_inj: float | None = None,
    phase_gradient: float = 0.0,
    kappa_det: float = 0.0,
    V_det: float = 0.0,
    t_det: float | None = None,
    gamma_ee: float = 0.0,
    ee_exponent: float = 1.5,
    f_L_guess: np.ndarray | None = None,
    tol: float = 1e-9,
    max_iter: int = 200,
) -> KineticSolution:
    """Solve Eqs. (9)–(11) for f_L(x, ε), f_T(x, ε).

    Parameters (reduced units)
    --------------------------
    spectra: :class:`Spectra` on the energy grid (uniform wire), or one per node of ``wire.nodes()``.
    wire: geometry. kappa_inj: κ_I = G_inj R_ξ of the whole injector junction (dimensionless; a half wire feeds
    ``wire.injector_share`` = ½ of it into the modelled branch).
    V_inj: injector bias eV/Δ₀. t: wire/reservoir temperature k_BT/Δ₀; t_inj, t_det: electrode temperatures
    (default t). phase_gradient: ∂ₓφ in 1/ξ (must match spectra.zeta = ½(∂ₓφ)²). kappa_det: tunnel coupling of
    the detector (0 = non-invasive probe, the paper's assumption). gamma_ee, ee_exponent: e–e collisions (needs an
    equidistant energy grid). f_L_guess: starting f_L (n_x, n_eps) for the collision iteration. V_det: detector
    bias eV/Δ₀ (matters only for kappa_det > 0). tol: convergence of the collision iteration, max|Δf_L|
    (dimensionless). max_iter: iteration limit before :class:`~neqsc.errors.ConvergenceError`.
    """
    validation.nonnegative("kappa_inj", kappa_inj)
    validation.nonnegative("kappa_det", kappa_det)
    validation.nonnegative("t", t)
    validation.finite("V_inj", V_inj)
    validation.finite("phase_gradient", phase_gradient, "1/ξ")
    validation.nonnegative("gamma_ee", gamma_ee)
    t_inj = t if t_inj is None else validation.nonnegative("t_inj", t_inj)
    t_det = t if t_det is None else validation.nonnegative("t_det", t_det)
    x, i_inj, i_det = wire.nodes()
    n_x = x.size
    eps, c = kinetic_coefficients(spectra, n_x, phase_gradient)
    zetas = [spectra.zeta] if isinstance(spectra, Spectra) else [s.zeta for s in spectra]
    if max(abs(z - 0.5 * phase_gradient**2) for z in zetas) > 1e-9 * max(1.0, phase_gradient**2):
        raise InvalidParameter(
            "phase_gradient", phase_gradient, f"consistent with the spectra: ½(∂ₓφ)² = ζ = {zetas[0]}"
        )
    if phase_gradient != 0 and wire.half:
        raise InvalidParameter("wire.length_left", 0.0, "> 0 with a supercurrent (both branches are needed)")
    f_eq = equilibrium_modes(eps, t)
    lo, di, up, rhs0, vol, ends, h = assemble_system(x, i_inj, i_det, eps, c, wire.half, f_eq)
    contacts = [(i_inj, kappa_inj * wire.injector_share, V_inj, t_inj)]
    if kappa_det > 0:
        contacts.append((i_det, kappa_det, V_det, t_det))
    for node, kappa, V, tc in contacts:
        fLN, fTN = reservoir_modes(eps, V, tc)
        kn = kappa * c["N"][node]
        di[:, node, 0, 0] -= kn
        di[:, node, 1, 1] -= kn
        rhs0[:, node, 0] -= kn * fLN
        rhs0[:, node, 1] -= kn * fTN
    half = lambda a: 0.5 * (a[1:] + a[:-1])  # noqa: E731  (face averages)
    DLf, DTf, JSf = half(c["D_L"]), half(c["D_T"]), half(c["j_S"])

    residuals: list[float] = []
    if gamma_ee == 0:
        u = _solve_blocks(lo, di, up, rhs0)
    else:
        u = _solve_with_collisions(
            eps, c, vol, ends, lo, di, up, rhs0, gamma_ee, ee_exponent, f_L_guess, tol, max_iter, residuals
        )
    f_L = u[:, :, 0].T.copy()
    f_T = u[:, :, 1].T.copy()
    J_L = DLf * np.diff(f_L, axis=0) / h[:, None] + JSf * half(f_T)
    J_T = DTf * np.diff(f_T, axis=0) / h[:, None] + JSf * half(f_L)
    params = dict(
        kappa_inj=kappa_inj, V_inj=V_inj, t=t, t_inj=t_inj, t_det=t_det, phase_gradient=phase_gradient,
        kappa_det=kappa_det, V_det=V_det, gamma_ee=gamma_ee, ee_exponent=ee_exponent,
    )  # fmt: skip
    return KineticSolution(x, eps, f_L, f_T, i_inj, i_det, params, residuals, J_L, J_T)


def assemble_system(x, i_inj, i_det, eps, c, half_wire, f_eq):
    """Finite-volume block operator without tunnel contacts; Dirichlet rows at the reservoir ends."""
    n_e = eps.size
    n_x = x.size

    # --- static block operator ---------------------------------------------------------------------------------
    h = np.diff(x)
    vol = np.zeros(n_x)
    vol[:-1] += 0.5 * h
    vol[1:] += 0.5 * h
    half = lambda a: 0.5 * (a[1:] + a[:-1])  # noqa: E731  (face averages)
    DLf, DTf, JSf = half(c["D_L"]), half(c["D_T"]), half(c["j_S"])
    lo = np.zeros((n_e, n_x, 2, 2))
    di = np.zeros((n_e, n_x, 2, 2))
    up = np.zeros((n_e, n_x, 2, 2))
    # face f (between node f and f+1): J = A (u_{f+1} − u_f)/h + S (u_{f+1} + u_f)/2
    AL = (DLf / h[:, None]).T  # (n_e, n_faces)
    AT = (DTf / h[:, None]).T
    S2 = 0.5 * JSf.T
    # contribution +J_{i+1/2} to node i (faces 0..n_x-2 → nodes 0..n_x-2)
    up[:, :-1, 0, 0] += AL
    up[:, :-1, 1, 1] += AT
    up[:, :-1, 0, 1] += S2
    up[:, :-1, 1, 0] += S2
    di[:, :-1, 0, 0] -= AL
    di[:, :-1, 1, 1] -= AT
    di[:, :-1, 0, 1] += S2
    di[:, :-1, 1, 0] += S2
    # contribution −J_{i−1/2} to node i (nodes 1..n_x-1)
    lo[:, 1:, 0, 0] += AL
    lo[:, 1:, 1, 1] += AT
    lo[:, 1:, 0, 1] -= S2
    lo[:, 1:, 1, 0] -= S2
    di[:, 1:, 0, 0] -= AL
    di[:, 1:, 1, 1] -= AT
    di[:, 1:, 0, 1] -= S2
    di[:, 1:, 1, 0] -= S2
    di[:, :, 1, 1] -= (vol[:, None] * c["R_T"]).T
    rhs0 = np.zeros((n_e, n_x, 2))
    # Dirichlet reservoirs: replace the end-node equations by u = u_res
    ends = [n_x - 1] if half_wire else [0, n_x - 1]
    for node in ends:
        lo[:, node] = 0.0
        up[:, node] = 0.0
        di[:, node] = np.eye(2)
        rhs0[:, node, 0] = f_eq
        rhs0[:, node, 1] = 0.0

    return lo, di, up, rhs0, vol, ends, h


def _solve_with_collisions(eps, c, vol, ends, lo, di, up, rhs0, gamma_ee, p, guess, tol, max_iter, residuals):
    n_e, n_x = rhs0.shape[:2]
    interior = np.ones(n_x, dtype=bool)
    interior[ends] = False
    if guess is None:
        u = _solve_blocks(lo, di, up, rhs0)
        f = u[:, :, 0].T.copy()
    else:
        f = np.array(guess, dtype=float, copy=True)
        if f.shape != (n_x, n_e):
            raise InvalidParameter("f_L_guess", f"shape {f.shape}", f"shape {(n_x, n_e)}")
    N, R = c["N"], c["R"]
    hist_g: list[np.ndarray] = []
    hist_f: list[np.ndarray] = []
    m_anderson = 5
    u = None
    for _ in range(max_iter):
        I_L, nu = ee_collision_integral(eps, N, R, f, gamma_ee, p, return_rate=True)
        nu = np.maximum(nu, 0.0)
        d = di.copy()
        rhs = rhs0.copy()
        w = vol[:, None] * interior[:, None]
        d[:, :, 0, 0] -= (w * nu).T
        rhs[:, :, 0] += (w * (I_L - nu * f)).T
        u = _solve_blocks(lo, d, up, rhs)
        g = u[:, :, 0].T  # Picard map G(f)
        r = g - f
        res = float(np.max(np.abs(r)))
        residuals.append(res)
        if res < tol:
            f = g
            break
        # Anderson mixing on the fixed-point map f -> g
        hist_f.append(f.ravel().copy())
        hist_g.append(r.ravel().copy())
        if len(hist_f) > m_anderson + 1:
            hist_f.pop(0)
            hist_g.pop(0)
        if len(hist_f) >= 2:
            dF = np.diff(np.array(hist_g), axis=0).T
            dX = np.diff(np.array(hist_f), axis=0).T
            gamma, *_ = np.linalg.lstsq(dF, r.ravel(), rcond=None)
            f = (f.ravel() + r.ravel() - (dX + dF) @ gamma).reshape(f.shape)
        else:
            f = g
    else:
        raise ConvergenceError(
            f"kinetic equations with e-e collisions (gamma_ee={gamma_ee}) did not converge", residuals
        )
    u[:, :, 0] = f.T
    return u


@dataclasses.dataclass
class InjectorResponse:
    """Collision-free linear response of the wire to the injector electrode (fixed spectra).

    f(x, ε) = ``u0[x, ε]`` + ``chi[x, ε] @ (f_L^(N), f_T^(N))(ε)``, with the electrode modes of Eq. (12).
    ``u0``: (n_x, n_eps, 2); ``chi``: (n_x, n_eps, 2, 2) (all dimensionless). ``x``: node positions in ξ;
    ``eps``: energy grid in Δ0; ``i_inj``, ``i_det``: injector and detector node indices.
    """

    x: np.ndarray
    eps: np.ndarray
    u0: np.ndarray
    chi: np.ndarray
    i_inj: int
    i_det: int

    def modes(self, V_inj: float, t_inj: float) -> tuple[np.ndarray, np.ndarray]:
        """(f_L, f_T) on (n_x, n_eps) for the injector at bias V_inj and temperature t_inj."""
        src = np.stack(reservoir_modes(self.eps, V_inj, t_inj), axis=-1)
        u = self.u0 + np.einsum("xkab,kb->xka", self.chi, src)
        return u[..., 0], u[..., 1]


def injector_response(
    spectra: Spectra | Sequence[Spectra],
    wire: Wire,
    *,
    kappa_inj: float,
    t: float,
    phase_gradient: float = 0.0,
) -> InjectorResponse:
    """Solve the collision-free Eqs. (9)–(11) once for unit electrode sources (see :class:`InjectorResponse`).

    All bias points then cost a matrix product: this is how nonlocal maps are computed without collisions.
    ``spectra``, ``wire``, ``kappa_inj`` (dimensionless), ``t`` (k_BT/Δ0) and ``phase_gradient`` (1/ξ) as in
    :func:`solve_kinetics`.
    """
    validation.nonnegative("kappa_inj", kappa_inj)
    x, i_inj, i_det = wire.nodes()
    eps, c = kinetic_coefficients(spectra, x.size, phase_gradient)
    f_eq = equilibrium_modes(eps, validation.nonnegative("t", t))
    lo, di, up, rhs0, *_ = assemble_system(x, i_inj, i_det, eps, c, wire.half, f_eq)
    kn = kappa_inj * wire.injector_share * c["N"][i_inj]
    di[:, i_inj, 0, 0] -= kn
    di[:, i_inj, 1, 1] -= kn
    # three right-hand sides: reservoirs only, unit f_L^(N), unit f_T^(N); stack them as extra "energies"
    rhs = np.zeros((3, *rhs0.shape))
    rhs[0] = rhs0
    rhs[1, :, i_inj, 0] = -kn
    rhs[2, :, i_inj, 1] = -kn
    big = lambda a: np.concatenate([a, a, a])  # noqa: E731
    u = _solve_blocks(big(lo), big(di), big(up), rhs.reshape(-1, *rhs0.shape[1:])).reshape(rhs.shape)
    u0 = u[0].transpose(1, 0, 2)
    chi = np.stack([u[1], u[2]], axis=-1).transpose(1, 0, 2, 3)
    return InjectorResponse(x, eps, u0, chi, i_inj, i_det)
