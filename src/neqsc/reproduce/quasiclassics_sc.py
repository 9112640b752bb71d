"""Beyond Ryan et al. (2026) Fig. 11: constant Δ (the paper) versus a self-consistent Δ(x) on the same set-up.

Parameters as in :mod:`neqsc.reproduce.quasiclassics` (Appendix B: ω_D = 10, λ = 1/arcsinh(ω_D), Γ = 0.005,
half wire with κ_I/2, with and without γ_ee = 2e-4).  The recipe traces the branch of self-consistent Δ(x) *with*
the gradient term of Eq. 1 (pseudo-arclength continuation in V_inj, :mod:`~neqsc.quasiclassics.selfconsistency`)
on a grid resolving Γ (δε = Γ/2 for |ε| ≤ 1.4, 1/40 above) without e–e collisions, and compares Δ at the injector
and the detector with the paper's constant Δ.  :func:`fig11_sc_data` (gradient-free Δ(x), stability slopes of the
constant-Δ solution) is kept for the diagnostics quoted in the docs.
"""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import numpy as np
import xarray as xr

from neqsc import io
from neqsc.errors import ConvergenceError
from neqsc.quasiclassics import SelfConsistency, UnresolvedGridWarning, Wire, gap_vs_injection, uniform_energy_grid
from neqsc.quasiclassics.device import PAPER_DEVICE as DEV
from neqsc.quasiclassics.selfconsistency.profile import ProfileProblem, resolved_energy_grid
from neqsc.quasiclassics.selfconsistency.stability import gap_profile_stability
from neqsc.quasiclassics.selfconsistency.sweep import trace_branches
from neqsc.reproduce import RecipeResult, recipe
from neqsc.reproduce.quasiclassics import PAPER, agg_pyplot

#: Half-wire grid of this recipe (``Wire`` keywords, ξ): 39 nodes, h = 0.5 ξ between the junctions, growth 1.2, ≤ 4 ξ.
#: Coarser than the default (:data:`~neqsc.quasiclassics.model.DEFAULT_WIRE_GRID`, chosen for g_nl): the recipe
#: quotes Δ, and the gradient-term continuation costs ∝ n_x² per step (finite-difference Jacobian).
SC_WIRE_GRID = {"h_min": 0.5, "growth": 1.2, "h_max": 4.0}


def _model(eps, **physics):
    """The paper device's reduced model on the recipe's wire grid (:data:`SC_WIRE_GRID`)."""
    return dataclasses.replace(DEV.model(eps, **physics), wire=Wire(0.0, DEV.half_length, DEV.x_det, **SC_WIRE_GRID))


def fig11_sc_data(v_inj=None, gamma_ee: float = 0.0, max_iter: int = 25) -> xr.Dataset:
    """Constant Δ vs self-consistent Δ(x) at the injector and the detector, and the stability slopes."""
    v_inj = np.round(np.arange(0, 5.0001, 0.25), 10) if v_inj is None else np.asarray(v_inj, dtype=float)
    eps = uniform_energy_grid(1 / 40, 10.0)
    model = _model(eps, gamma_ee=gamma_ee)  # Appendix B: half wire, Γ = 0.005, ω_D = 10, λ "paper"
    wire = model.wire
    kw = dict(eps=eps, wire=wire, kappa_inj=model.kappa_inj, t=model.t, t_inj=model.t_inj, gamma=model.gamma,
              omega_D=model.omega_D, gamma_ee=gamma_ee)  # fmt: skip
    x, i_inj, i_det = wire.nodes()
    prof = np.full((v_inj.size, x.size), np.nan)
    last_res = np.full(v_inj.size, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)  # the paper's δε = 1/40 does not resolve Γ = 0.005
        stab = gap_profile_stability(v_inj, lambda_convention=model.lambda_convention, **kw)
        for k, v in enumerate(v_inj):
            try:
                opts = SelfConsistency(gap_profile="local", max_iter=max_iter, gap_tol=1e-8)
                prof[k] = gap_vs_injection(model, [v], opts).gap_x[0]
                last_res[k] = 0.0
            except ConvergenceError as err:
                last_res[k] = err.residuals[-1]
    stab["gap_x_sc"] = (("v_inj", "x"), prof, {"units": "Delta0", "long_name": "self-consistent Δ(x) (NaN: none)"})
    stab["sc_final_residual"] = ("v_inj", last_res, {"units": "Delta0", "long_name": "last max|R| (0: converged)"})
    stab.attrs.update(x_detector=float(x[i_det]), i_injector=int(i_inj), i_detector=int(i_det))
    return stab


def fig11_sc_branch_data(max_steps_up: int = 62, max_steps_down: int = 46) -> tuple[dict, xr.Dataset]:
    """Gradient-term Δ(x) branches on the Fig. 11 set-up without e–e collisions: traced upwards from V_inj = 0
    (equilibrium) and downwards from 5Δ0 (start: the paper's constant Δ, else a normal domain reaching to 10ξ from
    the reservoir), each partial after ``max_steps_*``; and the constant-Δ model on the same grid.
    Returns ({"up": branch, "down": branch}, constant Δ)."""
    eps = resolved_energy_grid(0.005, 10.0, window=(0.0, 1.4))
    model = _model(eps)  # Appendix B: half wire, Γ = 0.005, ω_D = 10, λ "paper"; no e–e collisions
    branches = {}
    for end, steps in (("up", max_steps_up), ("down", max_steps_down)):
        problem = ProfileProblem.from_model(model)
        opts = SelfConsistency(gap_profile="gradient", gap_tol=1e-10, max_steps=steps)
        got, notes = trace_branches(problem, 0.0, 5.0, opts, ends=(end,))
        branches[end] = got[end]
        branches[end].attrs["continuation_end"] = notes.get(end, "reached the other end")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)
        const = gap_vs_injection(model, np.round(np.arange(0, 5.0001, 0.05), 10))
    return branches, const


@recipe(
    "ryan2026-fig11-sc",
    "Fig. 11 set-up: constant Δ (paper) vs the self-consistent Δ(x) branches with the gradient term (folds)",
    PAPER,
)
def fig11_sc(out: Path) -> RecipeResult:
    from neqsc.reproduce.quasiclassics import fig11_data

    plt = agg_pyplot()
    branches, const = fig11_sc_branch_data()
    const_ee = fig11_data(gamma_ee=2e-4)
    data = {}
    for end, br in branches.items():
        b = br.drop_vars("jacobian").rename({"point": f"point_{end}"})
        for name in ("v_inj", "gap_x", "gap_inj", "gap_det", "dv_ds", "max_eigenvalue", "sigma_min", "residual",
                     "is_fold"):  # fmt: skip
            data[f"{name}_{end}"] = b[name]
    ds = xr.Dataset(data)
    ds["gap_const"] = ("v_const", const.gap.values, {"units": "Delta0", "long_name": "constant Δ (paper), elastic"})
    ds["gap_const_ee"] = ("v_const_ee", const_ee.gap.values, {"units": "Delta0", "long_name": "constant Δ, e–e"})
    ds = ds.assign_coords(v_const=("v_const", const.v_inj.values, {"units": "Delta0/e"}),
                          v_const_ee=("v_const_ee", const_ee.v_inj.values, {"units": "Delta0/e"}))  # fmt: skip
    ds.attrs.update(
        neqsc_kind="quasiclassics.fig11_sc",
        **{f"{k}_{a}": branches[k].attrs[a] for k in branches for a in ("fold_v_inj", "fold_gap_inj",
                                                                          "continuation_end", "wall_time_s")},
    )  # fmt: skip
    nc = io.save(ds, out / "ryan2026_fig11_sc.nc", parameters={"recipe": "ryan2026-fig11-sc", **DEV.to_dict()})
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    for ax, var, title in ((axes[0], "gap_inj", "injector"), (axes[1], "gap_det", f"detector (x = {DEV.x_det:.2f}ξ)")):
        ax.plot(const.v_inj, const.gap, "k-", lw=1, label="constant Δ (paper), elastic")
        ax.plot(const_ee.v_inj, const_ee.gap, "k--", lw=1, label="constant Δ, e–e (paper grid)")
        for (end, br), c in zip(branches.items(), ("C0", "C2"), strict=True):
            v, y, st = br.v_inj.values, br[var].values, br.max_eigenvalue.values < 0
            ax.plot(v, np.where(st, y, np.nan), c + "-", label=f"Δ(x) traced {end}, stable")
            ax.plot(v, np.where(~st, y, np.nan), c + ":", label=f"Δ(x) traced {end}, unstable")
            f = np.flatnonzero(br.is_fold.values)
            ax.plot(v[f], y[f], "kx")
        ax.set(xlabel="eV_inj/Δ0", ylabel="Δ/Δ0", title=f"Δ at the {title} (x: folds)", xlim=(0, 5))
        ax.legend(fontsize=6)
    for (end, br), c in zip(branches.items(), ("C0", "C2"), strict=True):
        f = np.flatnonzero(br.is_fold.values)
        for k, ls in zip([0, *f[:1].tolist()], ("-", "--"), strict=False):
            axes[2].plot(br.x, br.gap_x[k], c + ls, label=f"{end}: eV = {float(br.v_inj[k]):.4f}")
    axes[2].axvline(DEV.x_det, color="k", lw=0.5)
    axes[2].set(xlabel="x/ξ", ylabel="Δ(x)/Δ0", title="profiles: branch start and first fold")
    axes[2].legend(fontsize=7)
    fig.tight_layout()
    png = out / "ryan2026_fig11_sc.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    up, down = branches["up"], branches["down"]
    fu = np.flatnonzero(up.is_fold.values)
    k1 = int(fu[0]) if fu.size else up.sizes["point"]
    numbers = {
        f"{end}: folds eV_inj / Δ_inj": [
            (round(float(br.v_inj[k]), 5), float(f"{float(br.gap_inj[k]):.4g}")) for k in np.flatnonzero(br.is_fold)
        ]
        for end, br in branches.items()
    }
    numbers.update({
        "σ_min(∂R/∂Δ) at the folds (max)": float(
            f"{max(float(br.sigma_min[k]) for br in branches.values() for k in np.flatnonzero(br.is_fold)):.2e}"
        ),
        "max residual on the branches": float(max(float(br.residual.max()) for br in branches.values())),
        "Δ_inj at eV = 0.9: constant-Δ model / Δ(x) branch": (
            f"{float(const.gap.sel(v_inj=0.9)):.5f} / {float(np.interp(0.9, up.v_inj[:k1], up.gap_inj[:k1])):.5f}"
        ),
        "down branch at eV = 5: Δ_inj, Δ(x) < 1e-3 up to x/ξ": (
            f"{float(down.gap_inj[0]):.2e}, {float(down.x[np.argmax(down.gap_x.values[0] > 1e-3)]):.1f}"
        ),
        "continuation wall time up / down (s)": f"{up.attrs['wall_time_s']:.0f} / {down.attrs['wall_time_s']:.0f}",
    })  # fmt: skip
    return RecipeResult([nc, png], numbers)
