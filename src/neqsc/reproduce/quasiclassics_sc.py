"""Beyond Ryan et al. (2026) Fig. 11: constant Δ (the paper) versus a self-consistent Δ(x) on the same set-up.

Parameters as in :mod:`neqsc.reproduce.quasiclassics` (Appendix B: ω_D = 10, λ = 1/arcsinh(ω_D), Γ = 0.005,
δε = 1/40, half wire with κ_I/2, with and without γ_ee = 2e-4).  For each bias the recipe records the paper's
constant Δ_c, the stability slopes of the Δ(x) problem at Δ ≡ Δ_c (:func:`gap_profile_stability`), and tries the
self-consistent Δ(x) (``gap_profile=True``); where that does not converge the profile is NaN.
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
from neqsc.quasiclassics.gap_stability import gap_profile_stability
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


@recipe("ryan2026-fig11-sc", "Fig. 11 set-up: constant Δ (paper) vs self-consistent Δ(x), and why Δ(x) fails", PAPER)
def fig11_sc(out: Path) -> RecipeResult:
    plt = _plt()
    runs = {"elastic": fig11_sc_data(gamma_ee=0.0), "ee": fig11_sc_data(gamma_ee=2e-4)}
    i_det = runs["ee"].attrs["i_detector"]
    ds = xr.Dataset(
        {f"{name}_{k}": r[name] for k, r in runs.items() for name in
         ("gap_const", "slope_local", "slope_uniform", "gap_x_sc", "sc_final_residual", "residual")},
        attrs={**runs["ee"].attrs, "neqsc_kind": "quasiclassics.fig11_sc"},
    )  # fmt: skip
    nc = io.save(ds, out / "ryan2026_fig11_sc.nc", parameters={"recipe": "ryan2026-fig11-sc", **DEV.to_dict()})
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for (k, r), c in zip(runs.items(), ("C0", "C1"), strict=True):
        a.plot(r.v_inj, r.gap_const, c + "-", label=f"constant Δ ({k})")
        a.plot(r.v_inj, r.gap_x_sc[:, i_det], c + "o", label=f"Δ(x_det) self-consistent ({k})")
        b.plot(r.v_inj, r.slope_local, c + "-", label=f"∂R_inj/∂Δ_inj ({k})")
        b.plot(r.v_inj, r.slope_uniform, c + "--", label=f"uniform mode ({k})")
    a.set(xlabel="eV_inj/Δ0", ylabel="Δ/Δ0", title="Δ: paper (line) vs self-consistent Δ(x) (dots)")
    a.legend(fontsize=7)
    b.axhline(0, color="k", lw=0.5)
    b.set(xlabel="eV_inj/Δ0", ylabel="slope of the gap residual", title="> 0: unstable")
    b.legend(fontsize=7)
    fig.tight_layout()
    png = out / "ryan2026_fig11_sc.png"
    fig.savefig(png, dpi=120)
    plt.close(fig)
    numbers = {}
    for k, r in runs.items():
        ok = np.isfinite(r.gap_x_sc[:, 0].values)
        v = r.v_inj.values
        unstable = v[r.slope_local.values > 0]
        last = int(np.flatnonzero(ok)[-1]) if ok.any() else 0
        numbers[f"{k}: last converged eV_inj"] = float(v[last]) if ok.any() else float("nan")
        numbers[f"{k}: first eV_inj without Δ(x)"] = float(v[~ok][0]) if (~ok).any() else float("nan")
        numbers[f"{k}: first eV_inj with local slope > 0"] = float(unstable[0]) if unstable.size else float("nan")
        numbers[f"{k}: Δ_det sc − const at last converged"] = float(r.gap_x_sc[last, i_det] - r.gap_const[last])
        numbers[f"{k}: local / uniform slope at 5Δ0"] = (
            f"{float(r.slope_local[-1]):+.3f} / {float(r.slope_uniform[-1]):+.3f}"
        )
    return RecipeResult([nc, png], numbers)
