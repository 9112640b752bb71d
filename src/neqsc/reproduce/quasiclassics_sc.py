"""Beyond Ryan et al. (2026) Fig. 11: constant Δ (the paper) versus a self-consistent Δ(x) on the same set-up.

Parameters as in :mod:`neqsc.reproduce.quasiclassics` (Appendix B: ω_D = 10, λ = 1/arcsinh(ω_D), Γ = 0.005,
half wire with κ_I/2, with and without γ_ee = 2e-4).  The recipe traces the branch of self-consistent Δ(x) *with*
the gradient term of Eq. 1 (pseudo-arclength continuation in V_inj, :mod:`neqsc.quasiclassics.gap_continuation`)
on a grid resolving Γ (δε = Γ/2 for |ε| ≤ 1.4, 1/40 above) without e–e collisions, and compares Δ at the injector
and the detector with the paper's constant Δ.  :func:`fig11_sc_data` (gradient-free Δ(x), stability slopes of the
constant-Δ solution) is kept for the diagnostics quoted in the docs.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import xarray as xr

from neqsc import io
from neqsc.errors import ConvergenceError
from neqsc.quasiclassics import UnresolvedGridWarning, gap_vs_injection, uniform_energy_grid
from neqsc.quasiclassics.device import PAPER_DEVICE as DEV
from neqsc.quasiclassics.gap import coupling_constant
from neqsc.quasiclassics.gap_continuation import continue_gap_profile
from neqsc.quasiclassics.gap_stability import gap_profile_stability
from neqsc.quasiclassics.profile_problem import ProfileProblem, resolved_energy_grid
from neqsc.reproduce import RecipeResult, recipe
from neqsc.reproduce.quasiclassics import PAPER, _paper_half_wire, _plt


def fig11_sc_data(v_inj=None, gamma_ee: float = 0.0, max_iter: int = 25) -> xr.Dataset:
    """Constant Δ vs self-consistent Δ(x) at the injector and the detector, and the stability slopes."""
    v_inj = np.round(np.arange(0, 5.0001, 0.25), 10) if v_inj is None else np.asarray(v_inj, dtype=float)
    eps = uniform_energy_grid(1 / 40, 10.0)
    wire = _paper_half_wire()
    kw = dict(eps=eps, wire=wire, kappa_inj=DEV.kappa_inj / 2, t=DEV.t, t_inj=DEV.t_inj, gamma=0.005, omega_D=10.0,
              gamma_ee=gamma_ee)  # fmt: skip
    x, i_inj, i_det = wire.nodes()
    prof = np.full((v_inj.size, x.size), np.nan)
    last_res = np.full(v_inj.size, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)  # the paper's δε = 1/40 does not resolve Γ = 0.005
        stab = gap_profile_stability(v_inj, lambda_convention="paper", **kw)
        for k, v in enumerate(v_inj):
            try:
                prof[k] = gap_vs_injection([v], gap_profile=True, max_iter=max_iter, gap_tol=1e-8, **kw).gap_x[0]
                last_res[k] = 0.0
            except ConvergenceError as err:
                last_res[k] = err.residuals[-1]
    stab["gap_x_sc"] = (("v_inj", "x"), prof, {"units": "Delta0", "long_name": "self-consistent Δ(x) (NaN: none)"})
    stab["sc_final_residual"] = ("v_inj", last_res, {"units": "Delta0", "long_name": "last max|R| (0: converged)"})
    stab.attrs.update(x_detector=float(x[i_det]), i_injector=int(i_inj), i_detector=int(i_det))
    return stab


def fig11_sc_branch_data(max_steps: int = 75) -> tuple[xr.Dataset, xr.Dataset, str]:
    """Gradient-term Δ(x) branch from V_inj = 0 upwards (partial after ``max_steps``), and the constant-Δ model
    on the same grid.  Returns (branch, constant Δ dataset, message of the continuation's end)."""
    eps = resolved_energy_grid(0.005, 10.0, window=(0.0, 1.4))
    wire = _paper_half_wire()
    lam = coupling_constant(10.0, "paper", eps=eps, gamma=0.005)
    kw = dict(eps=eps, wire=wire, kappa_inj=DEV.kappa_inj / 2, t=DEV.t, t_inj=DEV.t_inj, gamma=0.005, omega_D=10.0)
    problem = ProfileProblem(lam=lam, **kw)
    x = wire.nodes()[0]
    note = "reached eV_inj = 5"
    try:
        branch = continue_gap_profile(problem, np.full(x.size, 0.99), 0.0, 5.0, ds=0.05, max_steps=max_steps)
    except ConvergenceError as err:
        if not hasattr(err, "branch"):
            raise
        branch, note = err.branch, str(err)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)
        const = gap_vs_injection(np.round(np.arange(0, 5.0001, 0.05), 10), lambda_convention="paper", **kw)
    return branch, const, note


@recipe(
    "ryan2026-fig11-sc",
    "Fig. 11 set-up: constant Δ (paper) vs the self-consistent Δ(x) branch with the gradient term (folds)",
    PAPER,
)
def fig11_sc(out: Path) -> RecipeResult:
    from neqsc.reproduce.quasiclassics import fig11_data

    plt = _plt()
    branch, const, note = fig11_sc_branch_data()
    const_ee = fig11_data(gamma_ee=2e-4)
    ds = branch.rename({"point": "branch_point"})
    ds["gap_const"] = ("v_const", const.gap.values, {"units": "Delta0", "long_name": "constant Δ (paper), elastic"})
    ds["gap_const_ee"] = ("v_const_ee", const_ee.gap.values, {"units": "Delta0", "long_name": "constant Δ, e–e"})
    ds = ds.assign_coords(v_const=("v_const", const.v_inj.values, {"units": "Delta0/e"}),
                          v_const_ee=("v_const_ee", const_ee.v_inj.values, {"units": "Delta0/e"}))  # fmt: skip
    ds = ds.drop_vars("jacobian")
    ds.attrs.update(neqsc_kind="quasiclassics.fig11_sc", continuation_end=note)
    nc = io.save(ds, out / "ryan2026_fig11_sc.nc", parameters={"recipe": "ryan2026-fig11-sc", **DEV.to_dict()})
    v, stable = branch.v_inj.values, branch.max_eigenvalue.values < 0
    folds = np.flatnonzero(branch.is_fold.values)
    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    for ax, var, title in ((axes[0], "gap_inj", "injector"), (axes[1], "gap_det", f"detector (x = {DEV.x_det:.2f}ξ)")):
        y = branch[var].values
        ax.plot(const.v_inj, const.gap, "k-", lw=1, label="constant Δ (paper), elastic")
        ax.plot(const_ee.v_inj, const_ee.gap, "k--", lw=1, label="constant Δ, e–e (paper grid)")
        ax.plot(v, np.where(stable, y, np.nan), "C0-", label="Δ(x) branch, stable")
        ax.plot(v, np.where(~stable, y, np.nan), "C3:", label="Δ(x) branch, unstable")
        ax.plot(v[folds], y[folds], "kx", label="fold")
        ax.set(xlabel="eV_inj/Δ0", ylabel="Δ/Δ0", title=f"Δ at the {title}", xlim=(0, 1.2))
        ax.legend(fontsize=7)
    x = branch.x.values
    picks = [0, *folds[:2].tolist(), int(branch.sizes["point"]) - 1]
    for k in picks:
        axes[2].plot(x, branch.gap_x[k], label=f"eV = {v[k]:.4f}, Δ_inj = {branch.gap_inj.values[k]:.3f}")
    axes[2].axvline(DEV.x_det, color="k", lw=0.5)
    axes[2].set(xlabel="x/ξ", ylabel="Δ(x)/Δ0", xscale="symlog", title="profiles along the branch")
    axes[2].legend(fontsize=7)
    fig.tight_layout()
    png = out / "ryan2026_fig11_sc.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    k1 = int(folds[0]) if folds.size else v.size
    numbers = {
        "folds eV_inj": [round(float(v[k]), 5) for k in folds],
        "folds Δ_inj": [round(float(branch.gap_inj[k]), 5) for k in folds],
        "folds Δ_det": [round(float(branch.gap_det[k]), 5) for k in folds],
        "σ_min(∂R/∂Δ) at the folds": [float(f"{branch.sigma_min.values[k]:.2e}") for k in folds],
        "max residual on the branch": float(branch.residual.max()),
        "branch points": int(branch.sizes["point"]),
        "Δ_inj at eV = 0.9: constant-Δ model / branch": (
            f"{float(const.gap.sel(v_inj=0.9)):.5f} / {float(np.interp(0.9, v[:k1], branch.gap_inj[:k1])):.5f}"
        ),
        "continuation wall time (s)": round(branch.attrs["wall_time_s"], 1),
        "residual evaluations": branch.attrs["residual_evaluations"],
    }
    return RecipeResult([nc, png], numbers)
