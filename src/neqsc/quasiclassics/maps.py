r"""Nonequilibrium self-consistent gap and nonlocal conductance maps (Ryan et al. 2026, Sec. V, Appendix B).

Reduced units (energies, biases in Δ₀; x in ξ; t = k_BT/Δ₀; g_nl/(G_inj G_det) in R_ξ).

Pipeline of Figs. 11–12 (Appendix B): for each injector bias v, iterate
    Δ → spectra(Δ) (Eq. 1, ζ = ½(∂ₓφ)²) → kinetic equations (Eqs. 9–11, with or without e–e collisions)
      → f_L(x = 0, ε) → Δ_new = (λ/2)∫ Im F f_L dε (Eq. 8)
until |Δ_new − Δ| < ``gap_tol`` (secant iteration; :class:`~neqsc.errors.ConvergenceError` otherwise).
Δ(x) ≡ const and f_L(x = 0) in Eq. 8 is the paper's approximation; ``gap_profile=True`` instead makes Δ(x)
self-consistent at every node with local (x-dependent, gradient-free) spectra — beyond the paper, valid when Δ
varies slowly on the scale ξ; ``gap_profile="gradient"`` uses the spectra of Eq. 1 with the gradient term and
pseudo-arclength continuation in v_inj (:mod:`~.selfconsistency.sweep`; multivalued: ``sweep``).

The detector current (Eq. 14) is then Ĩ_det(v_inj, v_det) = −½∫N(ε; Δ(v_inj)) [f_T(x_d) − f_T^(N)(v_det)] dε and
g_nl = ∓dĨ_det/dv_inj (sign convention: see :mod:`~neqsc.quasiclassics.conductance`), by central differences on
the v_inj grid (as in the paper), or analytically from the linear response when Δ is held fixed.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.errors import ConvergenceError, InvalidParameter
from neqsc.progress import ProgressCallback, no_progress
from neqsc.quasiclassics.conductance import bias_kernel, injector_current
from neqsc.quasiclassics.kinetics.equations import injector_response, reservoir_modes, solve_kinetics
from neqsc.quasiclassics.model import NonlocalModel, SelfConsistency
from neqsc.quasiclassics.selfconsistency.gap import coupling_constant, gap_equation_rhs, product_integral
from neqsc.quasiclassics.usadel.uniform import (
    ag_spectral_gap,
    check_energy_resolution,
    trapezoid_weights,
    uniform_spectra,
)

__all__ = [
    "gap_vs_injection",
    "mirror_bias",
    "nonlocal_map",
    "nonlocal_map_fixed_gap",
    "nonlocal_map_from_gap",
    "phase_gradient_for_current",
    "supercurrent",
    "supercurrent_curve",
]


def supercurrent(spectra, f_L, phase_gradient: float) -> float:
    """I_s/I₀ = (∂ₓφ/2)∫ j_ε f_L dε (Eq. 6); I₀ = Δ₀/(eR_ξ).

    ``spectra``: the wire's :class:`~neqsc.quasiclassics.usadel.uniform.Spectra` (energies in Δ0); ``f_L``: the energy
    mode on its grid (dimensionless); ``phase_gradient``: ∂ₓφ in 1/ξ. Returns I_s in I0 (reduced units).
    """
    w = trapezoid_weights(spectra.eps)
    return float(0.5 * phase_gradient * np.sum(spectra.j_eps * np.asarray(f_L) * w))


def _secant(func, x0, tol, max_iter, what):
    hist = []
    xa = x0
    fa = func(xa)
    hist.append(abs(fa))
    if abs(fa) < tol:
        return xa, hist
    xb = min(max(xa * (1.0 + fa), 1e-4), 1.5)  # one fixed-point step Δ → rhs(Δ)
    for _ in range(max_iter):
        fb = func(xb)
        hist.append(abs(fb))
        if abs(fb) < tol:
            return xb, hist
        if fb == fa:
            break
        xn = xb - fb * (xb - xa) / (fb - fa)
        xa, fa = xb, fb
        xb = min(max(xn, 1e-4), 1.5)
    raise ConvergenceError(f"self-consistent gap did not converge ({what})", hist)


def _bracketed(func, tol, what):
    """Fallback: Brent's method on [1e-4, 1.5] (func is the ratio form, > 0 at small Δ if superconducting)."""
    from scipy.optimize import brentq

    lo, hi = 1e-4, 1.5
    f_lo, f_hi = func(lo), func(hi)
    if f_lo <= 0:
        return 0.0
    if f_hi > 0:
        raise ConvergenceError(f"self-consistent gap: no root in [1e-4, 1.5] ({what})", [f_lo, f_hi])
    return float(brentq(func, lo, hi, xtol=tol))


def gap_vs_injection(
    model: NonlocalModel,
    v_inj,
    options: SelfConsistency | None = None,
    *,
    progress: ProgressCallback = no_progress,
) -> xr.Dataset:
    """Self-consistent Δ(v_inj) with the nonequilibrium f_L (Fig. 11), with or without e–e collisions.

    Returns a Dataset with ``gap`` (v) — and ``gap_x`` (v, x) unless ``options.gap_profile`` is ``"constant"`` —
    ``f_L_inj`` (v, eps), ``f_L_det``, ``f_T_det`` (v, eps) and ``N_det`` (v, eps) (DOS at the detector), ``i_inj``
    (v) the injector current Ĩ_inj; attrs: the model's scalar parameters and λ.

    ``options.gap_profile``: ``"constant"`` — Δ(x) ≡ const (the paper); ``"local"`` — Δ(x) self-consistent at every
    node with local spectra (fixed point; unstable above the gap at the paper's parameters, see
    :mod:`~neqsc.quasiclassics.selfconsistency.stability`); ``"gradient"`` — Δ(x) with the gradient term of Eq. 1 by
    pseudo-arclength continuation (:mod:`~.selfconsistency.sweep`; ``model.eps`` must resolve Γ where the gap
    edges lie, see :func:`~.selfconsistency.profile.resolved_energy_grid`; no supercurrent).  Where
    Δ(x) is multivalued ``options.sweep`` ("up"/"down") selects the stable solution a sweep in that direction
    reaches (attrs ``sweep``, ``fold_v_inj``; variable ``n_stable_solutions``).

    Parameters
    ----------
    model:
        The device in reduced units (:class:`~neqsc.quasiclassics.model.NonlocalModel`; ``eps`` must span ±ω_D,
        equidistant if ``gamma_ee`` > 0).
    v_inj:
        Injector biases eV/Δ0 (in Δ0).
    options:
        How Eq. 8 is solved (:class:`~neqsc.quasiclassics.model.SelfConsistency`; default: its defaults; no units).
    progress:
        Callback ``progress(done, total)`` (no units).
    """
    if not isinstance(model, NonlocalModel):
        raise InvalidParameter("model", type(model).__name__, "a NonlocalModel (see NonlocalDevice.model)")
    opts = SelfConsistency() if options is None else options
    if not isinstance(opts, SelfConsistency):
        raise InvalidParameter("options", type(opts).__name__, "a SelfConsistency")
    eps, wire, kappa_inj, t, t_inj = model.eps, model.wire, model.kappa_inj, model.t, model.t_inj
    gamma, phase_gradient, omega_D = model.gamma, model.phase_gradient, model.omega_D
    lambda_convention, gamma_ee, ee_exponent = model.lambda_convention, model.gamma_ee, model.ee_exponent
    gap_profile = {"constant": False, "local": True, "gradient": "gradient"}[opts.gap_profile]
    gap_tol, max_iter = opts.gap_tol, opts.max_iter
    v_inj = np.atleast_1d(validation.finite("v_inj", v_inj))
    if gap_profile == "gradient":
        if phase_gradient != 0:
            raise InvalidParameter("phase_gradient", phase_gradient, "0 with gap_profile='gradient'")
        from neqsc.quasiclassics.selfconsistency.profile import ProfileProblem
        from neqsc.quasiclassics.selfconsistency.sweep import gradient_gap_sweep

        problem = ProfileProblem.from_model(model)
        lam = problem.lam
        ds = gradient_gap_sweep(problem, v_inj, opts.replace(gap_tol=min(gap_tol, 1e-10)), progress=progress)
        x, _, i_det = wire.nodes()
        ds.attrs.update({
            "neqsc_kind": "quasiclassics.gap_vs_injection", "kappa_inj": kappa_inj, "t": t,
            "t_inj": t if t_inj is None else t_inj, "gamma": gamma, "phase_gradient": 0.0, "omega_D": omega_D,
            "lambda": lam, "lambda_convention": lambda_convention, "gamma_ee": gamma_ee, "ee_exponent": ee_exponent,
            "gap_profile": "gradient", "x_detector": float(x[i_det]), "length_left": wire.length_left,
            "length_right": wire.length_right, "t_det": model.t_det,
        })  # fmt: skip
        return ds
    gap_profile = bool(gap_profile)
    zeta = 0.5 * phase_gradient**2
    lam = coupling_constant(omega_D, lambda_convention, eps=eps, gamma=gamma)
    check_energy_resolution(eps, 1.0, gamma, stacklevel=2)
    x, i_inj, i_det = wire.nodes()
    n_v, n_e = v_inj.size, eps.size
    gaps = np.zeros(n_v)
    gap_x = np.zeros((n_v, x.size))
    out = {k: np.zeros((n_v, n_e)) for k in ("f_L_inj", "f_L_det", "f_T_det", "N_det")}
    i_inj_arr = np.zeros(n_v)
    delta = 1.0
    profile = np.ones(x.size)
    guess = None
    m_w = np.abs(eps) <= omega_D * (1 + 1e-12)
    for k, v in enumerate(v_inj):
        state = {}

        def solve(d, v=v, state=state, guess=guess):
            spectra = uniform_spectra(eps, d, gamma, zeta) if np.ndim(d) == 0 else [
                uniform_spectra(eps, di, gamma, zeta) for di in d
            ]  # fmt: skip
            sol = solve_kinetics(
                spectra, wire, kappa_inj=kappa_inj, V_inj=v, t=t, t_inj=t_inj, phase_gradient=phase_gradient,
                gamma_ee=gamma_ee, ee_exponent=ee_exponent, f_L_guess=state.get("f_L", guess),
                tol=state.get("tol", 1e-9),
            )  # fmt: skip
            state["f_L"], state["sol"], state["spectra"] = sol.f_L, sol, spectra
            return sol

        if not gap_profile:

            def residual(d, state=state):
                sol = solve(d)
                # ratio form: rhs(Δ) − Δ also vanishes at the trivial root Δ = 0, rhs/Δ − 1 does not
                r = gap_equation_rhs(eps, d, gamma, zeta, sol.f_L[i_inj], lam, omega_D) / d - 1.0
                # inexact inner solves: the collision iteration only needs to be ~100x tighter than the gap residual
                state["tol"] = min(1e-6, max(1e-10, 1e-2 * abs(r)))
                return r

            start = 2 * gaps[k - 1] - gaps[k - 2] if k >= 2 else delta  # linear extrapolation along the sweep
            try:
                delta, _ = _secant(residual, start, gap_tol, max_iter, f"v_inj = {v}")
            except ConvergenceError:
                if max_iter < 5:
                    raise
                delta = _bracketed(residual, gap_tol, f"v_inj = {v}")
                residual(delta)  # leave the state at the root
            gaps[k] = delta
            gap_x[k] = delta
        else:
            # vector fixed point Δ(x) → (λ/2)∫Im F(Δ(x)) f_L(x; Δ) dε with f_L recomputed for the current Δ(x)
            # (solving each local equation with f_L frozen is unstable: subgap f_L follows the electrode),
            # accelerated by Anderson mixing
            hist, xs, gs = [], [], []
            for _ in range(max_iter):
                sol = solve(profile)
                new = np.array([0.5 * lam * product_integral(eps[m_w], d, gamma, f[m_w])
                                for d, f in zip(profile, sol.f_L, strict=True)])  # fmt: skip
                r = new - profile
                hist.append(float(np.max(np.abs(r))))
                if hist[-1] < gap_tol:
                    break
                xs.append(profile.copy())
                gs.append(r.copy())
                if len(xs) > 6:
                    xs.pop(0)
                    gs.pop(0)
                if len(xs) >= 2:
                    dR = np.diff(np.array(gs), axis=0).T
                    dX = np.diff(np.array(xs), axis=0).T
                    coef, *_ = np.linalg.lstsq(dR, r, rcond=None)
                    profile = np.clip(profile + r - (dX + dR) @ coef, 1e-4, 1.5)
                else:
                    profile = new
            else:
                raise ConvergenceError(
                    f"self-consistent gap profile did not converge (v_inj = {v}); above the gap the gradient-free "
                    "Δ(x) problem is locally unstable, see neqsc.quasiclassics.selfconsistency.stability",
                    hist,
                    {"gap_injector": float(profile[i_inj]), "gap_min": float(profile.min())},
                )
            solve(profile)
            gaps[k] = profile[i_inj]
            gap_x[k] = profile
        sol, spectra = state["sol"], state["spectra"]
        N_det = spectra.N if not isinstance(spectra, list) else spectra[i_det].N
        N_inj = spectra.N if not isinstance(spectra, list) else spectra[i_inj].N
        out["f_L_inj"][k] = sol.f_L[i_inj]
        out["f_L_det"][k] = sol.f_L[i_det]
        out["f_T_det"][k] = sol.f_T[i_det]
        out["N_det"][k] = N_det
        i_inj_arr[k] = injector_current(eps, N_inj, sol.f_T[i_inj], v, t_inj)
        guess = sol.f_L
        progress(k + 1, n_v)
    one = {"units": "1"}
    data = {
        "gap": ("v_inj", gaps, {"units": "Delta0", "long_name": "self-consistent Δ at the injector"}),
        "i_inj": ("v_inj", i_inj_arr, {"units": "G_inj*Delta0/e", "long_name": "injector current"}),
        **{name: (("v_inj", "eps"), arr, {**one, "long_name": name}) for name, arr in out.items()},
    }
    if gap_profile:
        data["gap_x"] = (("v_inj", "x"), gap_x, {"units": "Delta0", "long_name": "Δ(x)"})
    return xr.Dataset(
        data,
        coords={
            "v_inj": ("v_inj", v_inj, {"units": "Delta0/e", "long_name": "injector bias eV/Δ0"}),
            "eps": ("eps", eps, {"units": "Delta0", "long_name": "energy ε/Δ0"}),
            "x": ("x", x, {"units": "xi", "long_name": "position x/ξ"}),
        },
        attrs={
            "neqsc_kind": "quasiclassics.gap_vs_injection",
            "kappa_inj": kappa_inj, "t": t, "t_inj": t_inj, "gamma": gamma, "phase_gradient": phase_gradient,
            "omega_D": omega_D, "lambda": lam, "lambda_convention": lambda_convention, "gamma_ee": gamma_ee,
            "ee_exponent": ee_exponent, "gap_profile": int(gap_profile), "x_detector": float(x[i_det]),
            "length_left": wire.length_left, "length_right": wire.length_right, "t_det": model.t_det,
        },
    )  # fmt: skip


def nonlocal_map(
    model: NonlocalModel,
    v_inj,
    v_det,
    options: SelfConsistency | None = None,
    *,
    convention: str = "paper",
    progress: ProgressCallback = no_progress,
) -> xr.Dataset:
    """g_nl(v_inj, v_det)/(G_inj G_det) [R_ξ] of a model: :func:`gap_vs_injection`, then the detector (Eqs. 14–15).

    Without a phase gradient the biases ``v_inj`` (>= 0) are extended to −``v_inj`` by particle–hole symmetry
    (:func:`mirror_bias`); with one they are used as given.

    Parameters
    ----------
    model:
        The device in reduced units (:class:`~neqsc.quasiclassics.model.NonlocalModel`); ``t_det`` is the detector
        temperature.
    v_inj:
        Injector biases eV/Δ0 (in Δ0; >= 0 when ``model.phase_gradient`` = 0).
    v_det:
        Detector biases eV/Δ0 (in Δ0).
    options:
        How Eq. 8 is solved (:class:`~neqsc.quasiclassics.model.SelfConsistency`; no units).
    convention:
        ``"paper"`` or ``"eq14"`` sign, as in :func:`nonlocal_map_from_gap` (no units).
    progress:
        Callback ``progress(done, total)`` of the gap sweep (no units).
    """
    v_inj = np.atleast_1d(validation.finite("v_inj", v_inj))
    mirror = model.phase_gradient == 0
    if mirror and np.any(v_inj < 0):
        raise InvalidParameter("v_inj", v_inj.min(), ">= 0 Δ0 (mirrored to negative biases when phase_gradient = 0)")
    gap_ds = gap_vs_injection(model, v_inj, options, progress=progress)
    if mirror:
        gap_ds = mirror_bias(gap_ds)
    return nonlocal_map_from_gap(gap_ds, v_det, t_det=model.t_det, convention=convention)


def nonlocal_map_from_gap(
    gap_ds: xr.Dataset, v_det, *, t_det: float | None = None, convention: str = "paper"
) -> xr.Dataset:
    """g_nl(v_inj, v_det)/(G_inj G_det) [R_ξ] from a :func:`gap_vs_injection` result (Eqs. 14–15).

    Ĩ_det(v_inj, v_det) uses N(ε; Δ(v_inj)) and f_T at the detector; the derivative along v_inj is taken by central
    differences on the v_inj grid (one-sided at the ends), as in the paper's Appendix B.

    ``gap_ds``: a :func:`gap_vs_injection` result; ``v_det``: detector biases eV/Δ0; ``t_det``: detector
    temperature k_BT/Δ0 (default: the model's, attr ``t_det``); ``convention``: ``"paper"`` (positive
    charge-imbalance signal) or ``"eq14"`` (the literal sign of Eq. 14), see :mod:`~neqsc.quasiclassics.conductance`.
    """
    validation.one_of("convention", convention, ("paper", "eq14"))
    v_det = np.atleast_1d(validation.finite("v_det", v_det))
    t_det = float(gap_ds.attrs["t_det"] if t_det is None else t_det)
    eps = gap_ds.eps.values
    w = trapezoid_weights(eps)
    N = gap_ds.N_det.values
    fTS = gap_ds.f_T_det.values
    fTN = np.stack([reservoir_modes(eps, vd, t_det)[1] for vd in v_det])  # (n_det, n_e)
    # Ĩ_det[v_inj, v_det] = −½ Σ N (fTS − fTN) w
    i_det = -0.5 * (np.sum(N * fTS * w, axis=1)[:, None] - (N * w) @ fTN.T)
    v_inj = gap_ds.v_inj.values
    dIdV = np.gradient(i_det, v_inj, axis=0) if v_inj.size > 1 else np.zeros_like(i_det)
    sign = -1.0 if convention == "paper" else 1.0
    g = sign * dIdV / gap_ds.attrs["kappa_inj"]
    return xr.Dataset(
        {
            "g_nl": (("v_inj", "v_det"), g, {"units": "R_xi", "long_name": "g_nl/(G_inj G_det)"}),
            "i_det": (("v_inj", "v_det"), i_det, {"units": "G_det*Delta0/e", "long_name": "detector current Eq. 14"}),
            "gap": ("v_inj", gap_ds.gap.values, {"units": "Delta0", "long_name": "Δ(v_inj)"}),
        },
        coords={
            "v_inj": ("v_inj", v_inj, {"units": "Delta0/e", "long_name": "injector bias eV/Δ0"}),
            "v_det": ("v_det", v_det, {"units": "Delta0/e", "long_name": "detector bias eV/Δ0"}),
        },
        attrs={**gap_ds.attrs, "neqsc_kind": "quasiclassics.nonlocal_map", "convention": convention,
               "t_det": t_det},
    )  # fmt: skip


def nonlocal_map_fixed_gap(model: NonlocalModel, v_inj, *, gap: float = 1.0, convention: str = "paper") -> xr.Dataset:
    """Collision-free g_nl(v_inj)/(G_inj G_det) [R_ξ] at fixed Δ by exact linear response (no V_det dependence).

    Returns ``g_nl`` and its charge (``g_T``: from f_T^(N)) and mode-mixing (``g_L``: from f_L^(N) via ∂ₓφ) parts.
    The model's ``gamma_ee``, ``omega_D`` and ``lambda_convention`` play no role (no collisions, Δ given).

    Parameters
    ----------
    model:
        The device in reduced units (:class:`~neqsc.quasiclassics.model.NonlocalModel`; ``t_inj`` > 0).
    v_inj:
        Injector biases eV/Δ0 (in Δ0).
    gap:
        The fixed Δ in Δ0.
    convention:
        ``"paper"`` or ``"eq14"`` sign, as in :func:`nonlocal_map_from_gap` (no units).
    """
    if not isinstance(model, NonlocalModel):
        raise InvalidParameter("model", type(model).__name__, "a NonlocalModel (see NonlocalDevice.model)")
    validation.positive("t_inj", model.t_inj)
    eps, wire, kappa_inj, t, t_inj = model.eps, model.wire, model.kappa_inj, model.t, model.t_inj
    gamma, phase_gradient = model.gamma, model.phase_gradient
    validation.one_of("convention", convention, ("paper", "eq14"))
    v_inj = np.atleast_1d(validation.finite("v_inj", v_inj))
    zeta = 0.5 * phase_gradient**2
    check_energy_resolution(eps, max(ag_spectral_gap(gap, zeta), 0.0), gamma, stacklevel=2)
    spectra = uniform_spectra(eps, gap, gamma, zeta)
    resp = injector_response(spectra, wire, kappa_inj=kappa_inj, t=t, phase_gradient=phase_gradient)
    chi = resp.chi[resp.i_det]  # (n_e, 2, 2)
    w = trapezoid_weights(eps) * spectra.N
    kT = bias_kernel(eps, v_inj, t_inj)  # ∂f_T^(N)/∂v
    dn = lambda y: 2.0 / t_inj * np.exp(-np.abs(y) / t_inj) / (1 + np.exp(-np.abs(y) / t_inj)) ** 2  # noqa: E731
    kL = 0.5 * (dn(eps + v_inj[:, None]) - dn(eps - v_inj[:, None]))  # ∂f_L^(N)/∂v
    sign = -1.0 if convention == "paper" else 1.0
    g_T = sign * (-0.5) * (kT * chi[:, 1, 1]) @ w / kappa_inj
    g_L = sign * (-0.5) * (kL * chi[:, 1, 0]) @ w / kappa_inj
    return xr.Dataset(
        {
            "g_nl": ("v_inj", g_T + g_L, {"units": "R_xi", "long_name": "g_nl/(G_inj G_det)"}),
            "g_T": ("v_inj", g_T, {"units": "R_xi", "long_name": "charge-mode part"}),
            "g_L": ("v_inj", g_L, {"units": "R_xi", "long_name": "energy-mode (mixing) part"}),
        },
        coords={"v_inj": ("v_inj", v_inj, {"units": "Delta0/e", "long_name": "injector bias eV/Δ0"})},
        attrs={"neqsc_kind": "quasiclassics.nonlocal_fixed_gap", "gap": gap, "gamma": gamma,
               "phase_gradient": phase_gradient, "kappa_inj": kappa_inj, "t": t, "t_inj": t_inj,
               "x_detector": float(resp.x[resp.i_det]), "convention": convention},
    )  # fmt: skip


def mirror_bias(gap_ds: xr.Dataset) -> xr.Dataset:
    """Extend a :func:`gap_vs_injection` result on v_inj ≥ 0 to ±v_inj using particle–hole symmetry (∂ₓφ = 0).

    Δ, f_L and N are even in v_inj, f_T is odd (the electrode modes of Eq. 12 are even / odd in V).

    ``gap_ds`` is a result computed with ∂ₓφ = 0 (reduced units: v_inj in Δ0/e, energies in Δ0); points at
    v_inj < 0 in it are dropped and replaced by the mirror images.
    """
    if gap_ds.attrs.get("phase_gradient", 0.0) != 0.0:
        from neqsc.errors import InvalidParameter

        raise InvalidParameter("phase_gradient", gap_ds.attrs["phase_gradient"], "0 (no symmetry with a supercurrent)")
    pos = gap_ds.sel(v_inj=gap_ds.v_inj[gap_ds.v_inj > 0])
    neg = pos.isel(v_inj=slice(None, None, -1)).assign_coords(v_inj=-pos.v_inj.values[::-1])
    neg["f_T_det"] = -neg["f_T_det"]
    neg["i_inj"] = -neg["i_inj"]
    out = xr.concat([neg, gap_ds.sel(v_inj=gap_ds.v_inj[gap_ds.v_inj >= 0])], dim="v_inj", data_vars="minimal")
    out.attrs = dict(gap_ds.attrs)
    return out


def supercurrent_curve(
    phase_gradient, *, t: float, gamma: float, omega_D: float = 10.0, lambda_convention: str = "real_cutoff"
) -> xr.Dataset:
    """Equilibrium I_s/I₀ (Eq. 6) and self-consistent Δ(ζ = ½(∂ₓφ)²) (Eq. 8) versus ∂ₓφ (1/ξ); Fig. 10b.

    ``phase_gradient``: values of ∂ₓφ in 1/ξ; ``t``: k_BT/Δ0; ``gamma``: Dynes broadening Γ in Δ0; ``omega_D``:
    Debye cut-off in Δ0; ``lambda_convention``: as in :func:`~neqsc.quasiclassics.coupling_constant`.
    """
    from neqsc.quasiclassics.selfconsistency.gap import ag_gap, self_consistent_gap
    from neqsc.quasiclassics.usadel.uniform import ag_spectral_gap, energy_grid

    pgs = np.atleast_1d(validation.finite("phase_gradient", phase_gradient))
    gaps, cur = np.zeros(pgs.size), np.zeros(pgs.size)
    for k, pg in enumerate(pgs):
        zeta = 0.5 * pg**2
        # gap grid: spacing 0.005 with a cluster at the AG spectral edge (Δ to ≈ 5e-5, below the 1e-3 accuracy of
        # the current); the finer default_gap_grid would cost ≈ 5× here
        edge0 = ag_spectral_gap(float(ag_gap(zeta)[0]), zeta) if zeta > 0 else 1.0
        eps_gap = energy_grid(edge0, max(gamma, 2e-3), min(3.0, omega_D), de=0.005, omega_D=omega_D)
        d = self_consistent_gap(
            eps_gap, t=t, gamma=gamma, zeta=zeta, omega_D=omega_D, lambda_convention=lambda_convention
        )
        gaps[k] = d
        if d > 0 and pg != 0:
            edge = max(ag_spectral_gap(d, zeta), 1e-3)
            eps = energy_grid(edge, max(gamma, 1e-3), 4.0, de=0.005, omega_D=omega_D)
            f_L = np.sign(eps) if t == 0 else np.tanh(eps / (2 * t))
            cur[k] = supercurrent(uniform_spectra(eps, d, gamma, zeta), f_L, pg)
    return xr.Dataset(
        {
            "i_s": ("phase_gradient", cur, {"units": "I0", "long_name": "supercurrent I_s/I0 (Eq. 6)"}),
            "gap": ("phase_gradient", gaps, {"units": "Delta0", "long_name": "self-consistent Δ(ζ)"}),
        },
        coords={"phase_gradient": ("phase_gradient", pgs, {"units": "1/xi", "long_name": "∂xφ"})},
        attrs={"neqsc_kind": "quasiclassics.supercurrent", "t": t, "gamma": gamma, "omega_D": omega_D,
               "lambda_convention": lambda_convention},
    )  # fmt: skip


def phase_gradient_for_current(i_s, curve: xr.Dataset) -> np.ndarray:
    """∂ₓφ carrying I_s/I₀ = ``i_s`` on the rising (stable) branch of a :func:`supercurrent_curve` (interpolated;
    the curve must start at ∂ₓφ = 0). Raises InvalidParameter above the critical current of the curve."""
    from neqsc.errors import InvalidParameter

    pg, cur = curve.phase_gradient.values, curve.i_s.values
    k = int(np.argmax(cur))
    i_c = float(cur[k])
    i_s = np.atleast_1d(np.asarray(i_s, dtype=float))
    if np.any(np.abs(i_s) > i_c):
        raise InvalidParameter("i_s", i_s, f"|I_s/I0| <= critical value {i_c:.4f} of the curve")
    return np.sign(i_s) * np.interp(np.abs(i_s), cur[: k + 1], pg[: k + 1])
