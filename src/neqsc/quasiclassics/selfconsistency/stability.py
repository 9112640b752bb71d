r"""Linear stability of the self-consistent Δ(x) under injection (beyond Ryan et al. 2026; diagnostics for Eq. 8).

Reduced units (energies and biases in Δ₀, x in ξ, t = k_BT/Δ₀).

With Δ(x) self-consistent at every node (local, gradient-free spectra, ζ = 0), the stationary problem is
R(Δ) = 0 with the node residual

    R_i(Δ) = (λ/2) ∫_{−ω_D}^{ω_D} Im F(ε; Δ_i, Γ) f_L(x_i, ε; Δ) dε − Δ_i                  (Eq. 8)

where f_L(x, ε; Δ) solves the kinetic equations (Eqs. 9–11) for the spectra of the whole profile Δ.  If Δ relaxes
as ∂_tΔ ∝ R (time-dependent Ginzburg–Landau-type dynamics), a solution is linearly stable when all eigenvalues of
the Jacobian J = ∂R/∂Δ have negative real part.  In equilibrium at t → 0, Γ → 0 every node is decoupled and
J_ii = −λ/√(1 − Δ²/ω_D²) (differentiate Δ = λΔ arccosh(ω_D/Δ) at its root).

Measured at the paper's Figs. 11–12 parameters: J is diagonally dominant (off-diagonal |J_ij| ≲ 3e-3, the
injected quasiparticles respond to a change of Δ at one node only there), and the local slope J_ii at the injector
changes sign from ≈ −0.33 to > 0 once eV_inj exceeds the gap (the injected quasiparticles then sit at the gap edge
and a lower Δ_i admits more of them — the Owen–Scalapino-type gap instability).  The constant-Δ solution of the
paper is then a saddle of the Δ(x) problem and, because the nodes are practically decoupled, the gradient-free
model has many (patchwork) solutions: no unique self-consistent Δ(x) exists to converge to.  See docs.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.quasiclassics.geometry import Wire
from neqsc.quasiclassics.kinetics.equations import solve_kinetics
from neqsc.quasiclassics.model import DEFAULT_GAMMA, DEFAULT_LAMBDA_CONVENTION, DEFAULT_OMEGA_D
from neqsc.quasiclassics.selfconsistency.gap import coupling_constant, product_integral
from neqsc.quasiclassics.usadel.uniform import trapezoid_weights, uniform_spectra

__all__ = ["gap_profile_residual", "gap_profile_stability"]


def gap_profile_residual(
    profile, *, eps, wire: Wire, kappa_inj: float, V_inj: float, t: float, t_inj: float | None = None,
    gamma: float = DEFAULT_GAMMA, omega_D: float = DEFAULT_OMEGA_D, lam: float, gamma_ee: float = 0.0,
    ee_exponent: float = 1.5, tol: float = 1e-11, gradient: bool = False,
):  # fmt: skip
    """R_i(Δ) of Eq. (8) at every node for the profile Δ(x_i) = ``profile`` [Δ₀]; returns (R, KineticSolution).

    ``gradient=True`` uses the spectra of Eq. 1 *with* the gradient term (:func:`wire_spectra`); the integral is
    then the bulk part by product integration plus the proximity correction Im(F − F_bulk(Δ_i)) by the trapezoid
    rule, which is only consistent on a grid that resolves Γ at the gap edges (δε ≲ Γ/2 there).
    """
    eps = np.asarray(eps, dtype=float)
    profile = np.asarray(profile, dtype=float)
    m = np.abs(eps) <= omega_D * (1 + 1e-12)
    if gradient:
        from neqsc.quasiclassics.usadel.wire import wire_spectra

        spectra = wire_spectra(eps, wire.nodes()[0], profile, gamma, half_wire=wire.half)
    else:
        spectra = [uniform_spectra(eps, d, gamma, 0.0) for d in profile]
    sol = solve_kinetics(
        spectra, wire, kappa_inj=kappa_inj, V_inj=V_inj, t=t, t_inj=t_inj, gamma_ee=gamma_ee,
        ee_exponent=ee_exponent, tol=tol,
    )  # fmt: skip
    rhs = np.array(
        [0.5 * lam * product_integral(eps[m], d, gamma, f[m]) for d, f in zip(profile, sol.f_L, strict=True)]
    )
    if gradient:
        w = trapezoid_weights(eps[m])
        rhs += np.array([0.5 * lam * np.sum((s.R[m] - uniform_spectra(eps[m], d, gamma, 0.0).R) * f[m] * w)
                         for d, f, s in zip(profile, sol.f_L, spectra, strict=True)])  # fmt: skip
    return rhs - profile, sol


def gap_profile_stability(
    v_inj,
    *,
    eps,
    wire: Wire,
    kappa_inj: float,
    t: float,
    t_inj: float | None = None,
    gamma: float = DEFAULT_GAMMA,
    omega_D: float = DEFAULT_OMEGA_D,
    lambda_convention: str = DEFAULT_LAMBDA_CONVENTION,
    gamma_ee: float = 0.0,
    ee_exponent: float = 1.5,
    step: float = 1e-5,
    full_jacobian: bool = False,
    gradient: bool = False,
) -> xr.Dataset:
    """Stability of the paper's constant-Δ solution as a self-consistent Δ(x) (see module docstring).

    For each injector bias: the constant Δ_c of :func:`~neqsc.quasiclassics.gap_vs_injection` (Eq. 8 with f_L at
    the injector), the node residual R(Δ_c) of the Δ(x) problem, and by forward differences (``step`` in Δ₀) the
    local slope ``slope_local`` = ∂R_inj/∂Δ_inj and the uniform-mode slope ``slope_uniform`` = Σ_j ∂R_inj/∂Δ_j
    (the slope of the paper's scalar equation).  ``full_jacobian`` adds J (v, x, x') and its eigenvalue with the
    largest real part (costs one kinetic solve per node).  Slopes > 0: the solution is unstable.  ``gradient``:
    evaluate R with the gradient-term spectra (see :func:`gap_profile_residual`; needs a grid resolving Γ).
    """
    from neqsc.quasiclassics.maps import gap_vs_injection
    from neqsc.quasiclassics.model import NonlocalModel, SelfConsistency

    v_inj = np.atleast_1d(validation.finite("v_inj", v_inj))
    validation.positive("step", step, "Δ0")
    eps = np.asarray(eps, dtype=float)
    lam = coupling_constant(omega_D, lambda_convention, eps=eps, gamma=gamma)
    x, i_inj, _ = wire.nodes()
    kw = dict(eps=eps, wire=wire, kappa_inj=kappa_inj, t=t, t_inj=t_inj, gamma=gamma, omega_D=omega_D,
              gamma_ee=gamma_ee, ee_exponent=ee_exponent)  # fmt: skip
    model = NonlocalModel(lambda_convention=lambda_convention, **kw)
    const = gap_vs_injection(model, v_inj, SelfConsistency(gap_tol=1e-10)).gap.values
    kw["gradient"] = gradient
    res = np.zeros((v_inj.size, x.size))
    s_loc, s_uni, top = np.zeros(v_inj.size), np.zeros(v_inj.size), np.full(v_inj.size, np.nan)
    jac = np.zeros((v_inj.size, x.size, x.size)) if full_jacobian else None
    for k, v in enumerate(v_inj):
        base = np.full(x.size, const[k])
        r0, _ = gap_profile_residual(base, V_inj=v, lam=lam, **kw)
        res[k] = r0
        e = np.zeros(x.size)
        e[i_inj] = step
        s_loc[k] = (gap_profile_residual(base + e, V_inj=v, lam=lam, **kw)[0][i_inj] - r0[i_inj]) / step
        s_uni[k] = (gap_profile_residual(base + step, V_inj=v, lam=lam, **kw)[0][i_inj] - r0[i_inj]) / step
        if full_jacobian:
            for j in range(x.size):
                e = np.zeros(x.size)
                e[j] = step
                jac[k, :, j] = (gap_profile_residual(base + e, V_inj=v, lam=lam, **kw)[0] - r0) / step
            top[k] = float(np.max(np.linalg.eigvals(jac[k]).real))
    coords = {
        "v_inj": ("v_inj", v_inj, {"units": "Delta0/e", "long_name": "injector bias eV/Δ0"}),
        "x": ("x", x, {"units": "xi", "long_name": "position x/ξ"}),
    }
    per_d = {"units": "1"}
    data = {
        "gap_const": ("v_inj", const, {"units": "Delta0", "long_name": "constant-Δ solution (paper)"}),
        "residual": (("v_inj", "x"), res, {"units": "Delta0", "long_name": "Δ(x) residual R_i at Δ ≡ Δ_c"}),
        "slope_local": ("v_inj", s_loc, {**per_d, "long_name": "∂R_inj/∂Δ_inj"}),
        "slope_uniform": ("v_inj", s_uni, {**per_d, "long_name": "Σ_j ∂R_inj/∂Δ_j"}),
    }
    if full_jacobian:
        coords["x2"] = ("x2", x, {"units": "xi", "long_name": "position x'/ξ"})
        data["jacobian"] = (("v_inj", "x", "x2"), jac, {**per_d, "long_name": "∂R_i/∂Δ_j"})
        data["max_eigenvalue"] = ("v_inj", top, {**per_d, "long_name": "max Re eig J"})
    return xr.Dataset(
        data,
        coords=coords,
        attrs={"neqsc_kind": "quasiclassics.gap_stability", "kappa_inj": kappa_inj, "t": t,
               "t_inj": t if t_inj is None else t_inj, "gamma": gamma, "omega_D": omega_D, "lambda": lam,
               "lambda_convention": lambda_convention, "gamma_ee": gamma_ee, "step": step,
               "gradient": int(gradient)},
    )  # fmt: skip
