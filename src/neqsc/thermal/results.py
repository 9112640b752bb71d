"""Public solvers returning xarray Datasets: one steady state, and a swept balance curve with folds.

* :func:`steady_state` — temperatures, link heat flows, residuals and every responsivity at one point.
* :func:`sweep` — the balance along a parameter (heater power or a fixed temperature): continuation path, folds,
  every branch at each requested value, responsivities, energy-conservation check.

Variable names: free-node temperatures ``T_<node>`` (K); for a sweep the coordinate is the input's name (e.g.
``P_in``, W) or ``T_<fixed node>`` (K). See :mod:`neqsc.thermal.solve` for the numerics.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import xarray as xr

from neqsc.errors import ConvergenceError, InvalidParameter
from neqsc.thermal.network import FixedNode, Network
from neqsc.thermal.solve import PointSolution, continuation_path, responsivities, solve_point

__all__ = ["steady_state", "sweep"]


def _param_unit(network: Network, name: str) -> str:
    return "K" if any(n.name == name for n in network.fixed) else "W"


def _param_coord(network: Network, name: str) -> str:
    return f"T_{name}" if any(isinstance(n, FixedNode) and n.name == name for n in network.fixed) else name


def steady_state(network: Network, params: dict[str, float] | None = None, guess=None, rtol: float = 1e-9):
    """Steady state of ``network`` as a Dataset.

    Variables: ``T(node)`` K; ``relative_residual(node)``; ``Q(link)`` W (positive from the link's first node);
    ``responsivity(node, parameter)`` dT/dp (K/K or K/W, see ``parameter_units``); ``injected_power`` and
    ``power_to_fixed_nodes`` (W, equal at a steady state: energy conservation). Attr ``stable``.

    Parameters
    ----------
    network:
        The thermal network.
    params:
        Parameter values by name: heater powers in W, fixed-node temperatures in K; names not given take the
        network's defaults.
    guess:
        Initial free-node temperatures in K (default: each node's ``T_guess`` or the hottest fixed node).
    rtol:
        Convergence tolerance on the relative heat-balance residual max_i |R_i|/s_i (dimensionless), where s_i is
        the sum of the magnitudes of the terms at node i.
    """
    sol = solve_point(network, params, guess, rtol=rtol)
    resp = responsivities(network, sol)
    labels = network.link_labels()
    flows = sol.evaluation.flows
    injected, to_fixed = _energy_terms(network, sol.params, flows)
    nodes = [n.name for n in network.free]
    ds = xr.Dataset(
        {
            "T": ("node", sol.T, {"units": "K", "long_name": "electron temperature"}),
            "relative_residual": (
                "node",
                sol.relative_residual,
                {"units": "1", "long_name": "|balance residual| / sum of |terms| at the node"},
            ),
            "Q": ("link", flows, {"units": "W", "long_name": "heat flow along the link (from its first node)"}),
            "responsivity": (
                ("node", "parameter"),
                resp,
                {"units": "K/K or K/W (see parameter_units)", "long_name": "dT_node/d parameter"},
            ),
            "injected_power": ((), injected, {"units": "W"}),
            "power_to_fixed_nodes": ((), to_fixed, {"units": "W"}),
        },
        coords={
            "node": ("node", nodes),
            "link": ("link", labels),
            "parameter": ("parameter", list(network.parameter_names)),
            "parameter_units": (
                "parameter",
                [_param_unit(network, p) for p in network.parameter_names],
            ),
        },
        attrs={
            "neqsc_kind": "thermal_steady_state",
            "stable": sol.stable,
            "newton_iterations": sol.iterations,
            "parameters": dict(sol.params),
            "network": network.describe(),
        },
    )
    for i, n in enumerate(nodes):
        ds[f"T_{n}"] = ((), sol.T[i], {"units": "K"})
    return ds


def _energy_terms(network: Network, params: dict[str, float], flows: np.ndarray) -> tuple[float, float]:
    injected = float(sum(params[p.name] for p in network.inputs))
    fixed = {n.name for n in network.fixed}
    to_fixed = 0.0
    for q, link in zip(flows, network.links, strict=True):
        if link.target in fixed and link.source not in fixed:
            to_fixed += q
        elif link.source in fixed and link.target not in fixed:
            to_fixed -= q
    return injected, float(to_fixed)


def _solve_crossings(network, name, value, params, path, jacobians, rtol) -> list[PointSolution]:
    """Every solution at parameter = value, seeded from each path segment that crosses it (path order)."""
    p = path[:, -1]
    sols: list[PointSolution] = []
    d = p - value
    idx = np.nonzero(d[:-1] * d[1:] <= 0)[0]
    for m in idx:
        if d[m] == 0 and m > 0 and d[m - 1] * d[m + 1] < 0:
            continue  # an exact hit in the middle of a monotonic stretch is also segment m-1's endpoint
        w = 0.0 if p[m + 1] == p[m] else (value - p[m]) / (p[m + 1] - p[m])
        guess = np.exp((1 - w) * np.log(path[m, :-1]) + w * np.log(path[m + 1, :-1]))
        J = jacobians[m] if w < 0.5 else jacobians[m + 1]
        try:
            sol = solve_point(network, {**params, name: value}, guess, rtol=rtol, max_iter=40, jacobian=J)
        except ConvergenceError:
            continue
        _add_unique(sols, sol)
    return sols


def _add_unique(sols: list[PointSolution], sol: PointSolution) -> None:
    if all(np.max(np.abs(sol.T / s.T - 1.0)) > 1e-7 for s in sols):
        sols.append(sol)


_MAX_LOG_JUMP = 0.1  # a Newton solution farther than this (in ln T) from the Euler predictor is not trusted
_MAX_HALVINGS = 14


def _natural_step(network, name, params, prev: PointSolution, target: float, rtol: float, before=None):
    """Advance from ``prev`` to parameter ``target`` by predicted Newton steps, halving the step while the corrector
    lands more than ``_MAX_LOG_JUMP`` from the prediction or det ∂R/∂T changes sign. Returns the solution or None
    (a fold is likely: the branch ends or turns back between the two values).

    Predictor in ln T: Euler from the exact responsivity, plus the quadratic term fixed by the previous point
    ``before = (p, T)`` when given (second order, so the chord Newton needs ~2 residual evaluations).
    """
    k = network.parameter_names.index(name)
    current, p_now = prev, prev.params[name]
    step = target - p_now
    halvings = 0
    while True:
        p_next = target if abs(target - p_now) <= abs(step) * (1 + 1e-12) else p_now + step
        dp = p_next - p_now
        y1 = np.log(current.T)
        slope = responsivities(network, current)[:, k] / current.T
        dy = slope * dp
        if before is not None and before[0] != p_now:
            d0 = before[0] - p_now
            curvature = (np.log(before[1]) - y1 - slope * d0) / d0**2
            dy = dy + curvature * dp**2
        pred = current.T * np.exp(np.clip(dy, -1.0, 1.0))
        try:
            sol = solve_point(
                network, {**params, name: p_next}, pred, rtol=rtol, max_iter=30, jacobian=current.evaluation.jacobian
            )
            ok = np.max(np.abs(np.log(sol.T / pred))) <= _MAX_LOG_JUMP
            ok = ok and np.sign(np.linalg.det(sol.evaluation.jacobian)) == np.sign(
                np.linalg.det(current.evaluation.jacobian)
            )
        except ConvergenceError:
            ok = False
        if ok:
            before = (p_now, current.T)
            current, p_now = sol, p_next
            if p_now == target:
                return current
            step *= 2.0
            halvings = max(halvings - 1, 0)
        else:
            step *= 0.5
            halvings += 1
            if halvings > _MAX_HALVINGS:
                return None


def sweep(
    network: Network,
    parameter: str,
    values,
    params: dict[str, float] | None = None,
    guess=None,
    *,
    rtol: float = 1e-9,
    progress: Callable[[int, int], None] | None = None,
) -> xr.Dataset:
    """Balance curve of ``network`` along ``parameter`` (a heat input's name or a fixed node's name).

    ``values`` — strictly monotonic parameter values (W or K). The curve is followed from ``values[0]`` by
    natural-parameter continuation (Euler predictor from the exact responsivity, Newton corrector, adaptive
    sub-steps). Where the branch ends (the corrector jumps, fails or det ∂R/∂T changes sign) the rest of the sweep
    is followed by pseudo-arclength continuation, which passes and locates the folds; every requested value is
    then solved on every branch the path crosses.

    Dataset (coordinate ``<parameter>`` for inputs, ``T_<node>`` for fixed nodes):

    * ``T_<node>`` — the branch reached by sweeping *up* from ``values[0]``; ``T_<node>_down`` — the branch
      reached sweeping back down (last crossing of the path). They differ only where several steady states
      coexist;
    * ``n_solutions`` — number of steady states found at each value (> 1: multistable);
    * ``dT_<node>_d<coord>`` — responsivity along the up branch; ``responsivity(<coord>, node, parameter)`` all of
      them; ``Q_<link>`` — heat flows (W); ``stable`` — 1 if the up-branch state is linearly stable;
    * ``relative_residual`` — max over nodes of |R_i|/s_i (≤ rtol), ``energy_error`` — |ΣP − Σ flows into fixed
      nodes| / ΣP;
    * ``path_*`` — the continuation path (dim ``path``; the up-branch solutions where no fold was met),
      ``fold_*`` — located folds (dim ``fold``);
    * attrs ``n_folds``, ``multistable``, ``multistable_ranges`` ([low, high] pairs in the parameter's unit).

    Parameters
    ----------
    network:
        The thermal network.
    parameter:
        Name of the swept parameter (a heater input, W, or a fixed node, K).
    values:
        Strictly monotonic parameter values in W or K.
    params:
        Parameter values by name: heater powers in W, fixed-node temperatures in K; names not given take the
        network's defaults.
    guess:
        Initial free-node temperatures in K (default: each node's ``T_guess`` or the hottest fixed node).
    rtol:
        Convergence tolerance on the relative heat-balance residual max_i |R_i|/s_i (dimensionless), where s_i is
        the sum of the magnitudes of the terms at node i.
    progress:
        Callback ``progress(done, total)`` over the requested values.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size < 2:
        raise InvalidParameter("values", values, "a 1-D array of at least 2 parameter values")
    steps = np.diff(values)
    if not (np.all(steps > 0) or np.all(steps < 0)):
        raise InvalidParameter("values", values, "strictly monotonic parameter values")
    params = network.parameters({**(params or {}), parameter: values[0]})
    natural = [solve_point(network, params, guess, rtol=rtol)]
    for k, v in enumerate(values[1:]):
        before = (float(values[k - 1]), natural[-2].T) if k >= 1 else None
        sol = _natural_step(network, parameter, params, natural[-1], float(v), rtol, before)
        if sol is None:
            break
        natural.append(sol)
        if progress is not None:
            progress(len(natural), values.size)
    if len(natural) == values.size:
        path = np.array([np.append(s.T, v) for s, v in zip(natural, values, strict=True)])
        folds = np.zeros((0, len(network.free) + 1))
        up, down, counts = natural, natural, [1] * values.size
    else:
        k0 = len(natural) - 1
        path, folds, jacobians = continuation_path(
            network,
            parameter,
            values[k0],
            values[-1],
            params,
            natural[-1].T,
            rtol=rtol,
            limits=(float(values.min()), float(values.max())),
        )
        up, down, counts = [], [], []
        for j, v in enumerate(values):
            sols = [natural[j]] if j < len(natural) else []
            for s in _solve_crossings(network, parameter, v, params, path, jacobians, rtol):
                _add_unique(sols, s)
            if not sols:
                raise ConvergenceError(f"no steady state found at {parameter} = {v:g} from the continuation path")
            up.append(sols[0])
            down.append(sols[-1])
            counts.append(len(sols))
            if progress is not None:
                progress(j + 1, values.size)
    return _sweep_dataset(network, parameter, values, params, up, down, counts, path, folds, rtol)


def _sweep_dataset(network, parameter, values, params, up, down, counts, path, folds, rtol):
    coord = _param_coord(network, parameter)
    unit = _param_unit(network, parameter)
    nodes = [n.name for n in network.free]
    labels = network.link_labels()
    T_up = np.array([s.T for s in up])
    T_down = np.array([s.T for s in down])
    resp = np.array([responsivities(network, s) for s in up])
    k_par = network.parameter_names.index(parameter)
    flows = np.array([s.evaluation.flows for s in up])
    energy = []
    for s in up:
        inj, out = _energy_terms(network, s.params, s.evaluation.flows)
        energy.append(abs(inj - out) / inj if inj > 0 else abs(out))
    data = {
        "n_solutions": (coord, np.array(counts, dtype=np.int32), {"long_name": "number of steady states"}),
        "stable": (coord, np.array([int(s.stable) for s in up], dtype=np.int8), {"long_name": "up branch stable"}),
        "relative_residual": (
            coord,
            np.array([float(np.max(s.relative_residual)) for s in up]),
            {"units": "1", "long_name": "max |R_i| / (sum of |terms| at node i)"},
        ),
        "energy_error": (
            coord,
            np.array(energy),
            {"units": "1 (W when no power is injected)", "long_name": "|ΣP − Σ flows into fixed nodes| / ΣP"},
        ),
        "responsivity": (
            (coord, "node", "parameter"),
            resp,
            {"units": "K/K or K/W (see parameter_units)", "long_name": "dT_node/d parameter (up branch)"},
        ),
        "path_" + coord: ("path", path[:, -1], {"units": unit, "long_name": "continuation path: parameter"}),
        "fold_" + coord: ("fold", folds[:, -1], {"units": unit, "long_name": "fold (limit point) parameter"}),
    }
    for i, n in enumerate(nodes):
        data[f"T_{n}"] = (coord, T_up[:, i], {"units": "K", "long_name": f"T_{n} (up-sweep branch)"})
        data[f"T_{n}_down"] = (coord, T_down[:, i], {"units": "K", "long_name": f"T_{n} (down-sweep branch)"})
        data[f"dT_{n}_d{coord}"] = (
            coord,
            resp[:, i, k_par],
            {"units": f"K/{unit}", "long_name": f"dT_{n}/d{coord} (up branch)"},
        )
        data[f"path_T_{n}"] = ("path", path[:, i], {"units": "K"})
        data[f"fold_T_{n}"] = ("fold", folds[:, i], {"units": "K"})
    for j, lab in enumerate(labels):
        data[f"Q_{lab}"] = (coord, flows[:, j], {"units": "W", "long_name": f"heat flow {lab} (up branch)"})
    multi = np.array(counts) > 1
    ranges = []
    if np.any(multi):
        edges = np.flatnonzero(np.diff(np.concatenate([[0], multi.astype(int), [0]])))
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            ranges.append([float(values[a]), float(values[b - 1])])
    ds = xr.Dataset(
        data,
        coords={
            coord: (coord, values, {"units": unit, "long_name": parameter}),
            "node": ("node", nodes),
            "parameter": ("parameter", list(network.parameter_names)),
            "parameter_units": ("parameter", [_param_unit(network, p) for p in network.parameter_names]),
        },
        attrs={
            "neqsc_kind": "thermal_sweep",
            "sweep_parameter": parameter,
            "sweep_coordinate": coord,
            "n_folds": len(folds),
            "multistable": bool(np.any(multi)),
            "multistable_ranges": ranges,
            "rtol": rtol,
            "parameters": dict(params),
            "network": network.describe(),
        },
    )
    return ds
