"""Gradient-term Δ(x) problem on the Fig. 11 set-up (resolved grid, 39 nodes, no collisions): residual, Jacobian and
arclength continuation through the upper fold.

Baseline (same process): the reference residual ``gap_profile_residual(gradient=True)`` (Usadel continued in Im ε̃
from η = 3 at every call, per-node integrals), which the previous ``gap_profile_gradient`` used; its Jacobian cost is
extrapolated as (n_x + 1) reference residuals.  Peak RSS is the process's.
"""

from __future__ import annotations

import time
import warnings

import numpy as np

from benchmarks._harness import best_time, peak_rss_mb
from neqsc.errors import ConvergenceError
from neqsc.quasiclassics import UnresolvedGridWarning, Wire
from neqsc.quasiclassics.selfconsistency.continuation import continue_gap_profile
from neqsc.quasiclassics.selfconsistency.gap import coupling_constant
from neqsc.quasiclassics.selfconsistency.profile import ProfileProblem, resolved_energy_grid
from neqsc.quasiclassics.selfconsistency.stability import gap_profile_residual
from neqsc.reproduce.quasiclassics_sc import SC_WIRE_GRID


def run() -> dict:
    from neqsc.quasiclassics.device import PAPER_DEVICE as DEV

    warnings.simplefilter("ignore", UnresolvedGridWarning)
    eps = resolved_energy_grid(0.005, 10.0, window=(0.0, 1.4))
    wire = Wire(0.0, DEV.half_length, DEV.x_det, **SC_WIRE_GRID)  # the recipe's 39-node grid
    x = wire.nodes()[0]
    kw = dict(eps=eps, wire=wire, kappa_inj=DEV.kappa_inj, t=DEV.t, t_inj=DEV.t_inj, gamma=0.005, omega_D=10.0,
              lam=coupling_constant(10.0, "paper", eps=eps, gamma=0.005))  # fmt: skip
    p = 0.985 - 0.01 * np.exp(-x / 5)
    problem = ProfileProblem(**kw)
    r_new, _ = problem.residual(p, 0.9)
    t_ref = best_time(lambda: gap_profile_residual(p, V_inj=0.9, gradient=True, **kw), repeat=2)
    r_ref, _ = gap_profile_residual(p, V_inj=0.9, gradient=True, **kw)
    q = p + 1e-3 * np.sin(x)  # a nearby profile: the warm start of a corrector iteration
    t_new = best_time(lambda: problem.evaluate(q[None], 0.9, problem.ref_theta), repeat=3)
    t_jac = best_time(lambda: problem.jacobian(p, 0.9, r_new), repeat=2)
    problem = ProfileProblem(**kw)
    start = time.perf_counter()
    try:
        continue_gap_profile(problem, np.full(x.size, 0.987), 0.88, 1.5, ds=0.005, max_steps=32)
        branch = None
    except ConvergenceError as err:
        branch = err.branch
    t_cont = time.perf_counter() - start
    k = int(np.flatnonzero(branch.is_fold.values)[0])
    return {
        "energies": int(eps.size),
        "positions": int(x.size),
        "reference_residual_seconds": t_ref,
        "residual_seconds_warm": t_new,
        "residual_speedup": t_ref / t_new,
        "residual_max_abs_diff_vs_reference": float(np.max(np.abs(r_new - r_ref))),
        "jacobian_seconds": t_jac,
        "jacobian_reference_seconds_extrapolated": t_ref * (x.size + 1),
        "jacobian_speedup": t_ref * (x.size + 1) / t_jac,
        "continuation_0p88_to_fold_seconds": t_cont,
        "continuation_points": int(branch.sizes["point"]),
        "continuation_residual_evaluations": int(branch.attrs["residual_evaluations"]),
        "fold_v_inj": float(branch.v_inj[k]),
        "fold_gap_inj": float(branch.gap_inj[k]),
        "fold_sigma_min": float(branch.sigma_min[k]),
        "peak_rss_mb": peak_rss_mb(),
    }
