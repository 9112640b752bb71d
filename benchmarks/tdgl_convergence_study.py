"""Convergence study behind the equal-accuracy neqsc-vs-pyTDGL comparison (opt-in; ≈ 1 h on one core).

``PYTHONPATH=src:. python -m benchmarks.tdgl_convergence_study [--analyse-only]``

Runs (set-ups in :mod:`benchmarks._tdgl_strip`), each cached as one JSON line in
``benchmarks/results/tdgl_convergence_runs.jsonl`` (re-running skips cached runs):

* pyTDGL, equivalent strip (end-edge terminals, probes on sites, smoothed mesh), max edge h = 0.5, 0.25, 0.125ξ
  at j = 0.2 (window A), 0.45 (window B), 0.6 (window A); time-step check at h = 0.5 with dt_max = 0.002;
* neqsc, tight time tolerance (rtol = 1e-5, atol = 1e-7, dt_max = 0.005) at dx = 0.5, 0.25, 0.125, 0.1, 0.0625, and
  the grid dx ∈ {0.5, 0.25, 0.125, 0.1} × rtol ∈ {1e-2, 3e-3, 1e-3, 3e-4, 1e-4} (atol = rtol/100), plus
  dt_max = 0.2 instead of the default 0.05 at rtol = 1e-2 and 3e-3.

The analysis (``tdgl_convergence.json``) gives each code's converged probe voltage (Richardson extrapolation in h²
from its two finest tight runs), the observed orders, and every run's relative error against its own converged
value and against the other code's.
"""

from __future__ import annotations

import json
import sys

from benchmarks._harness import RESULTS, machine_info
from benchmarks._tdgl_strip import CASES, neqsc_run, pytdgl_run

RUNS = RESULTS / "tdgl_convergence_runs.jsonl"
TIGHT = {"rtol": 1e-5, "atol": 1e-7, "dt_max": 0.005}
NEQSC_DX = (0.5, 0.25, 0.125, 0.1, 0.0625)
NEQSC_GRID_DX = (0.5, 0.25, 0.125, 0.1)
RTOLS = (1e-2, 3e-3, 1e-3, 3e-4, 1e-4)
PYTDGL_H = (0.5, 0.25, 0.125)  # h = 0.1 MEASURED ≈ 30 s per t0 (1.7 h for one current): not run


def _key(r: dict) -> str:
    if r["code"] == "neqsc":
        return json.dumps(["neqsc", r["j"], r["dx"], sorted(r["numerics"].items())])
    return json.dumps(["pytdgl", r["geometry"], r["j"], r["h"], r["smooth"], r["dt_max"]])


def _plan() -> list[tuple[str, dict]]:
    plan = []
    for dx in NEQSC_DX:
        for j, (_, t_end) in CASES.items():
            plan.append(("neqsc", {"j": j, "dx": dx, "t_end": t_end, **TIGHT}))
    for dx in NEQSC_GRID_DX:
        for rtol in RTOLS:
            for j, (_, t_end) in CASES.items():
                plan.append(("neqsc", {"j": j, "dx": dx, "t_end": t_end, "rtol": rtol, "atol": rtol / 100}))
        for rtol in RTOLS[:2]:  # loose tolerances are capped by the default dt_max = 0.05: also without the cap
            for j, (_, t_end) in CASES.items():
                kw = {"rtol": rtol, "atol": rtol / 100, "dt_max": 0.2}
                plan.append(("neqsc", {"j": j, "dx": dx, "t_end": t_end, **kw}))
    order = [(0.5, 0.2), (0.5, 0.45), (0.5, 0.6), (0.25, 0.2), (0.25, 0.45), (0.25, 0.6), (0.125, 0.2)]
    order += [(0.125, 0.6), (0.125, 0.45)]
    for j in CASES:
        plan.append(("pytdgl", {"j": j, "h": 0.5, "t_end": CASES[j][1], "dt_max": 0.002}))
    for h, j in order:
        plan.append(("pytdgl", {"j": j, "h": h, "t_end": CASES[j][1]}))
    return plan


def _plan_key(code: str, kw: dict) -> str:
    if code == "neqsc":
        num = {k: v for k, v in kw.items() if k not in ("j", "dx", "t_end")}
        return json.dumps(["neqsc", kw["j"], kw["dx"], sorted(num.items())])
    return json.dumps(["pytdgl", "strip", kw["j"], kw["h"], 100, kw.get("dt_max", 0.1)])


def load_runs() -> list[dict]:
    if not RUNS.exists():
        return []
    return [json.loads(line) for line in RUNS.read_text().splitlines() if line.strip()]


def run_all() -> None:
    done = {_key(r) for r in load_runs()}
    for code, kw in _plan():
        if _plan_key(code, kw) in done:
            continue
        r = neqsc_run(**kw) if code == "neqsc" else pytdgl_run(**kw)
        with RUNS.open("a") as f:
            f.write(json.dumps(r) + "\n")
        print(json.dumps(r), flush=True)


def _obs(r: dict) -> float:
    return r["V" + CASES[r["j"]][0]]


def _order(ha: float, hb: float, hc: float, va: float, vb: float, vc: float) -> float:
    """p with (va − vb)/(vb − vc) = (ha^p − hb^p)/(hb^p − hc^p) (bisection on [0.2, 8]); NaN if not monotone."""
    if (va - vb) * (vb - vc) <= 0.0:
        return float("nan")
    target = (va - vb) / (vb - vc)

    def g(p: float) -> float:
        return (ha**p - hb**p) / (hb**p - hc**p) - target

    lo, hi = 0.2, 8.0
    if g(lo) * g(hi) > 0.0:
        return float("nan")
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if g(lo) * g(mid) <= 0.0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def analyse(runs: list[dict]) -> dict:
    """Converged values, orders and per-run errors (see the module docstring)."""
    out: dict = {"cases": {str(j): {"window": CASES[j][0], "t_end": CASES[j][1]} for j in CASES}}
    tight_n = {k: v for k, v in TIGHT.items()}
    for j in CASES:
        c = out["cases"][str(j)]
        nt = sorted(
            ((r["dx"], _obs(r)) for r in runs if r["code"] == "neqsc" and r["j"] == j and r["numerics"] == tight_n),
            reverse=True,
        )
        pt = sorted(
            ((r["h"], _obs(r)) for r in runs if r["code"] == "pytdgl" and r["j"] == j and r["dt_max"] == 0.1),
            reverse=True,
        )
        c["neqsc_tight"] = nt
        c["pytdgl"] = pt
        for name, seq in (("neqsc", nt), ("pytdgl", pt)):
            if len(seq) >= 2:
                (h1, v1), (h2, v2) = seq[-2], seq[-1]
                c[f"{name}_converged"] = v2 + (v2 - v1) * h2**2 / (h1**2 - h2**2)
                c[f"{name}_converged_from"] = [h1, h2]
            if len(seq) >= 3:
                # observed order from three spacings h_a > h_b > h_c (exact for equal ratios; else fixed-point solve)
                (ha, va), (hb, vb), (hc, vc) = seq[-3], seq[-2], seq[-1]
                c[f"{name}_observed_order"] = _order(ha, hb, hc, va, vb, vc)
        if "neqsc_converged" in c and "pytdgl_converged" in c:
            c["pytdgl_converged / neqsc_converged - 1"] = c["pytdgl_converged"] / c["neqsc_converged"] - 1.0
    rows = []
    for r in runs:
        c = out["cases"][str(r["j"])]
        v = _obs(r)
        row = {k: r.get(k) for k in ("code", "j", "h", "dx", "numerics", "dt_max", "s_per_t0", "steps_per_t0", "sites")}
        row["V"] = v
        for name in ("neqsc", "pytdgl"):
            if f"{name}_converged" in c:
                row[f"rel_err_vs_{name}_converged"] = v / c[f"{name}_converged"] - 1.0
        rows.append(row)
    out["runs"] = rows
    return out


def main(argv: list[str]) -> int:
    if "--analyse-only" not in argv:
        run_all()
    result = {"study": "tdgl_convergence", "figures": analyse(load_runs()), "machine": machine_info()}
    (RESULTS / "tdgl_convergence.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
