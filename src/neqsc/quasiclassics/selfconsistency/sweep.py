r"""Self-consistent Δ(x) with the gradient term along a bias sweep (``gap_vs_injection(gap_profile="gradient")``).

Beyond Ryan et al. (2026), whose Figs. 11–12 keep Δ constant along the wire.  Reduced units (energies and biases in
Δ₀, x in ξ).  The branch(es) of R(Δ, v) = 0 (Eq. 8 at every node, Eq. 1 with the gradient term, Eqs. 9–11) are
traced by pseudo-arclength continuation (:mod:`~neqsc.quasiclassics.selfconsistency.continuation`) from both ends of the
requested bias range: upwards from the smallest bias (equilibrium start) and downwards from the largest (start:
the paper's constant Δ at that bias).  Where Δ(x) is multivalued the sweep direction decides which stable solution
is returned (:func:`~.continuation.sweep_profiles`); every returned profile is re-solved at
its bias to max|R| < ``gap_tol``.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc.errors import ConvergenceError
from neqsc.quasiclassics.conductance import injector_current
from neqsc.quasiclassics.kinetics.equations import equilibrium_modes
from neqsc.quasiclassics.model import NonlocalModel, SelfConsistency
from neqsc.quasiclassics.selfconsistency.continuation import continue_gap_profile, polish_profile, sweep_profiles
from neqsc.quasiclassics.selfconsistency.gap import self_consistent_gap
from neqsc.quasiclassics.selfconsistency.profile import ProfileProblem

__all__ = ["gradient_gap_sweep", "trace_branches"]


def trace_branches(problem: ProfileProblem, v_lo: float, v_hi: float, options: SelfConsistency | None = None, *,
                   ends: tuple[str, ...] = ("up", "down"), start_gap_hi: float | None = None):  # fmt: skip
    """Continue from v_lo upwards and from v_hi downwards (each until it crosses the other end, stalls, or after
    ``options.max_steps``; tolerance ``options.gap_tol`` on max|R|, steps ``options.ds`` …).  Returns {"up": branch,
    "down": branch} (partial branches included; a key is missing when Newton found no solution at its start bias)
    and the messages of the continuations that ended early.  Biases in Δ0 (reduced units)."""
    opts = SelfConsistency(gap_profile="gradient", gap_tol=1e-10) if options is None else options
    steps = dict(tol=opts.gap_tol, ds=opts.ds, ds_min=opts.ds_min, ds_max=opts.ds_max, v_weight=opts.v_weight,
                 fold_tol=opts.fold_tol, max_steps=opts.max_steps)  # fmt: skip
    n = problem.x.size
    out, notes = {}, {}
    eq = equilibrium_modes(problem.eps, problem.t)
    d_eq = self_consistent_gap(problem.eps, gamma=problem.gamma, f_L=eq, omega_D=problem.omega_D, lam=problem.lam)
    for end in ends:
        if end == "up":
            guesses, start, stop = [np.full(n, d_eq)], v_lo, v_hi
        else:
            # the paper's constant Δ at v_hi, then a normal domain reaching to 10ξ from the reservoir (the trapped-
            # quasiparticle state found at high bias without inelastic relaxation; see docs)
            d_c = start_gap_hi if start_gap_hi is not None else _constant_gap(problem, v_hi)
            x = problem.x
            front = x.max() - 10.0 if problem.wire.half else None
            guesses = [np.full(n, d_c)]
            if front is not None and front > x.min():
                guesses.append(d_eq * 0.5 * (1 + np.tanh(x - front)) + 1e-3)
            start, stop = v_hi, v_lo
        for g0 in guesses:
            problem.ref_theta = problem.ref_f_L = problem.ref_gap = None
            try:
                out[end] = continue_gap_profile(problem, g0, start, stop, **steps)
                notes.pop(end, None)
                break
            except ConvergenceError as err:  # partial branch (attached), or no solution at the start bias
                notes[end] = str(err)
                if hasattr(err, "branch"):
                    out[end] = err.branch
                    break
    return out, notes


def _constant_gap(problem: ProfileProblem, v: float) -> float:
    """The paper's constant Δ at bias v (Eq. 8 with f_L at the injector, Δ(x) ≡ const) on the problem's grid."""
    import warnings

    from neqsc.quasiclassics.maps import gap_vs_injection
    from neqsc.quasiclassics.usadel.uniform import UnresolvedGridWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)
        model = NonlocalModel(eps=problem.eps, wire=problem.wire, kappa_inj=problem.kappa_inj, t=problem.t,
                              t_inj=problem.t_inj, gamma=problem.gamma, omega_D=problem.omega_D,
                              lambda_convention="paper", gamma_ee=problem.gamma_ee,
                              ee_exponent=problem.ee_exponent)  # fmt: skip
        ds = gap_vs_injection(model, [v])
    return float(ds.gap[0])


def gradient_gap_sweep(problem: ProfileProblem, v_inj, options: SelfConsistency | None = None, *,
                       progress=None) -> xr.Dataset:  # fmt: skip
    """Δ(x) with the gradient term at the biases ``v_inj`` (in Δ0) for a sweep in direction ``options.sweep``.

    ``options``: :class:`~neqsc.quasiclassics.model.SelfConsistency` (tolerance ``gap_tol`` on max|R| in Δ0, the
    continuation steps; default: ``gap_tol`` = 1e-10).

    Returns the variables of :func:`~neqsc.quasiclassics.gap_vs_injection` (``gap`` = Δ at the injector,
    ``gap_x``, ``f_L_inj``, ``f_L_det``, ``f_T_det``, ``N_det``, ``i_inj``) and ``n_stable_solutions`` (number of
    stable solution segments found at each bias; > 1: multivalued, the sweep picked one), ``max_eigenvalue`` (of
    ∂R/∂Δ at the nearest branch point; < 0 stable); attrs ``sweep``, the folds of the traced branches.  Raises
    ConvergenceError (diagnostics: biases without a stable solution, the folds) if a bias has none on the traced
    branches.
    """
    opts = SelfConsistency(gap_profile="gradient", gap_tol=1e-10) if options is None else options
    sweep, gap_tol = opts.sweep, opts.gap_tol
    v_inj = np.atleast_1d(np.asarray(v_inj, dtype=float))
    branches, notes = trace_branches(problem, float(v_inj.min()), float(v_inj.max()), opts)
    keys = [k for k in (("up", "down") if sweep == "up" else ("down", "up")) if k in branches]
    if not keys:
        raise ConvergenceError("no self-consistent Δ(x) at either end of the bias range", [], notes)
    order = [branches[k] for k in keys]
    prof, near, seg, multi = sweep_profiles(order, v_inj, sweep)
    folds = sorted({(round(v, 6), round(g, 6)) for b in branches.values()
                    for v, g in zip(b.attrs["fold_v_inj"], b.attrs["fold_gap_inj"], strict=True)})  # fmt: skip
    missing = v_inj[seg < 0]
    if missing.size:
        err = ConvergenceError(
            f"no stable self-consistent Δ(x) found on the traced branches at v_inj = {missing.tolist()}",
            [float(b.residual.max()) for b in branches.values()],
            {"folds (v_inj, gap_inj)": folds, **{f"{k} continuation": msg for k, msg in notes.items()}},
        )
        err.branches = branches
        raise err
    eps = problem.eps
    n_v = v_inj.size
    gap_x = np.zeros((n_v, problem.x.size))
    out = {k: np.zeros((n_v, eps.size)) for k in ("f_L_inj", "f_L_det", "f_T_det", "N_det")}
    i_inj, eig, res = np.zeros(n_v), np.zeros(n_v), np.zeros(n_v)
    prev_seg, done = None, 0
    for q in np.argsort(v_inj, kind="stable")[:: 1 if sweep == "up" else -1]:
        br = order[near[q, 0]]
        J = br.jacobian.values[near[q, 1]]
        eig[q] = float(br.max_eigenvalue[near[q, 1]])
        if seg[q] != prev_seg:  # warm-start the Usadel solve from the previous bias only on the same segment
            problem.ref_theta = problem.ref_gap = problem.ref_f_L = None
        prev_seg = seg[q]
        g, r, st = polish_profile(problem, prof[q], float(v_inj[q]), J, tol=gap_tol)
        gap_x[q], res[q] = g, float(np.max(np.abs(r)))
        out["f_L_inj"][q] = st["f_L"][0, problem.i_inj]
        out["f_L_det"][q] = st["f_L"][0, problem.i_det]
        out["f_T_det"][q] = st["f_T"][0, problem.i_det]
        out["N_det"][q] = st["G"][0, :, problem.i_det].real
        N_inj = st["G"][0, :, problem.i_inj].real
        i_inj[q] = injector_current(eps, N_inj, st["f_T"][0, problem.i_inj], float(v_inj[q]), problem.t_inj)
        done += 1
        if progress is not None:
            progress(done, n_v)
    one = {"units": "1"}
    return xr.Dataset(
        {
            "gap": ("v_inj", gap_x[:, problem.i_inj], {"units": "Delta0", "long_name": "Δ at the injector"}),
            "gap_x": (("v_inj", "x"), gap_x, {"units": "Delta0", "long_name": "Δ(x), gradient-term spectra"}),
            "i_inj": ("v_inj", i_inj, {"units": "G_inj*Delta0/e", "long_name": "injector current"}),
            **{k: (("v_inj", "eps"), a, {**one, "long_name": k}) for k, a in out.items()},
            "n_stable_solutions": ("v_inj", multi, {**one, "long_name": "stable solution segments at this bias"}),
            "max_eigenvalue": ("v_inj", eig, {**one, "long_name": "max Re eig ∂R/∂Δ (nearest branch point)"}),
            "residual": ("v_inj", res, {"units": "Delta0", "long_name": "max|R| of the returned profile"}),
        },
        coords={
            "v_inj": ("v_inj", v_inj, {"units": "Delta0/e", "long_name": "injector bias eV/Δ0"}),
            "eps": ("eps", eps, {"units": "Delta0", "long_name": "energy ε/Δ0"}),
            "x": ("x", problem.x, {"units": "xi", "long_name": "position x/ξ"}),
        },
        attrs={
            "sweep": sweep, "fold_v_inj": [f[0] for f in folds], "fold_gap_inj": [f[1] for f in folds],
            "multivalued": int(np.any(multi > 1)), "residual_evaluations": int(problem.n_evals),
            **{f"branch_points_{k}": int(b.sizes["point"]) for k, b in branches.items()},
            **{f"continuation_{k}": msg for k, msg in notes.items()},
        },
    )  # fmt: skip
