"""Total error of ⟨V⟩ (time and grid) over the documented TDGL range, for the defaults and candidate settings.

Grid: banks, L ∈ {2, 10, 50}ξ × δ ∈ {1, 10, 20, 30} × j ∈ {0.6, 1, 2} (300 t0; 200 t0 at L = 50ξ); normal leads,
L ∈ {4, 10, 30}ξ × δ ∈ {1, 10, 30} × j ∈ {0.6, 1} (300 t0). Exact interference, c₁ as printed, u = 5.79, η = 0.1.
Reference per point: the dx → 0 limit of ⟨V⟩ (Richardson in dx² over the two finest of dx = 0.05, 0.025, 0.0125;
0.05, 0.025 at L = 50ξ), each run with a tight time tolerance (ROS34PW2 — ROS2 for normal leads — at rtol = 1e-6,
atol = 1e-8, dt_max = 0.005). Candidates (run on the same process, CPU time per run, the least of up to five repeats
for runs shorter than 0.3 s):

* ``before``: ROS2 at the former defaults (rtol 1e-3, dt_max 0.05, dx 0.1, second-order grid), ``now``: the
  defaults (dx "auto", fourth-order grid),
* ``p10``/``p05``: ROS34PW2 at dx = 0.1/0.05; ``p05_025``: dx = 0.05 with dt_max = 0.025 (fourth-order grid).

``python -m benchmarks.tdgl_accuracy_campaign banks|normal`` appends one JSON line per point to
benchmarks/results/tdgl_accuracy_campaign.jsonl (≈ 25 min for banks, 5 min for normal leads on one core, most of
it the references); ``--rerun`` runs the candidates again against the stored references and rewrites the file
(≈ 5 min); ``--former-code COMMIT`` times the defaults of the code at COMMIT (a temporary git worktree; the
defaults and the kernel users ran before this work: ROS2, dx = 0.1, second-order grid) at every point and stores
it as ``former_code`` (≈ 2 min with compilation); ``--table`` prints the summary table of docs/tdgl.md (points with
⟨V⟩ < 1e-3 jL, i.e. superconducting, are left out since a relative error means nothing there); ``--floor`` runs
cheaper settings (FLOOR_CANDIDATES) at the banks points of δ = 30 against the stored references, writes
benchmarks/results/tdgl_accuracy_floor.json and prints the cheapest setting that meets 1e-3 at each point (≈ 3 min).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from neqsc.tdgl import simulate

RESULTS = Path(__file__).parent / "results" / "tdgl_accuracy_campaign.jsonl"
TIGHT = {"banks": dict(method="ros34pw2", rtol=1e-6, atol=1e-8, dt_max=0.005),
         "normal_leads": dict(method="ros2", rtol=1e-6, atol=1e-8, dt_max=0.005)}  # fmt: skip
CANDIDATES = {
    "before": dict(method="ros2", dx=0.1, order=2),
    "now": dict(),
    "p10": dict(dx=0.1),
    "p05": dict(dx=0.05),
    "p05_025": dict(dx=0.05, dt_max=0.025),
}
NORMAL_LEADS_CANDIDATES = ("before", "now", "p05")  # ROS2 at the dt_max cap there: only the grid matters
TABLE_COLUMNS = ("before", "now", "p10", "p05", "p05_025")
#: cheaper settings than the defaults at δ = 30 (banks): looser ROS34PW2, ROS2 on the fourth-order grid, coarser grids
FLOOR_CANDIDATES = {
    "ros34pw2 rtol 1.5e-3": dict(rtol=1.5e-3),
    "ros34pw2 dx 0.0667": dict(dx=0.0667),
    "ros34pw2 dx 0.1": dict(dx=0.1),
    "ros2 rtol 5e-4": dict(method="ros2", rtol=5e-4),
    "ros2 rtol 3e-4": dict(method="ros2", rtol=3e-4),
    "ros2 rtol 2e-4": dict(method="ros2", rtol=2e-4),
    "ros2 rtol 3e-4, dx 0.0667": dict(method="ros2", rtol=3e-4, dx=0.0667),
}
FLOOR = RESULTS.with_name("tdgl_accuracy_floor.json")


def points(which: str) -> list[tuple]:
    if which == "banks":
        return [(j, length, delta, t_end, "banks") for length, t_end in ((2.0, 300.0), (10.0, 300.0), (50.0, 200.0))
                for delta in (10.0, 20.0, 30.0, 1.0) for j in (0.6, 1.0, 2.0)]  # fmt: skip
    return [(j, length, delta, 300.0, "normal_leads") for length in (4.0, 10.0, 30.0) for delta in (1.0, 10.0, 30.0)
            for j in (0.6, 1.0)]  # fmt: skip


def run(point: tuple, repeat: bool = False, **numerics) -> dict:
    j, length, delta, t_end, boundary = point
    cpu, total, n = float("inf"), 0.0, 0
    while n == 0 or (repeat and total < 0.3 and n < 5):
        start = time.process_time()
        a = simulate(j, length, delta, t_end=t_end, save_every=t_end / 20, boundary=boundary, **numerics).attrs
        elapsed = time.process_time() - start
        cpu, total, n = min(cpu, elapsed), total + elapsed, n + 1
    return {"v": a["mean_voltage"], "p": a["period"], "per": int(a["periodic"]), "tr": a["transient_end"],
            "ns": int(a["n_slips"]), "cpu": cpu}  # fmt: skip


def candidates(record: dict) -> dict:
    """Run the candidates at the record's point and compare them with its stored dx → 0 limit."""
    names = CANDIDATES if record["point"][4] == "banks" else NORMAL_LEADS_CANDIDATES
    out = {"point": record["point"], "lim_v": record["lim_v"], "lim_p": record["lim_p"], "refs": record["refs"]}
    if "former_code" in record:
        out["former_code"] = record["former_code"]
    for name in names:
        r = run(tuple(record["point"]), repeat=True, **CANDIDATES[name])
        r["err_v"] = r["v"] / record["lim_v"] - 1.0 if record["lim_v"] else float("nan")
        r["err_p"] = (
            r["p"] / record["lim_p"] - 1.0 if np.isfinite(record["lim_p"]) and record["lim_p"] else float("nan")
        )
        out[name] = r
    return out


def measure(point: tuple) -> dict:
    length, boundary = point[1], point[4]
    dxs = (0.05, 0.025, 0.0125) if length <= 10 else (0.05, 0.025)
    refs = {dx: run(point, dx=dx, **TIGHT[boundary]) for dx in dxs}
    v = [refs[dx]["v"] for dx in dxs]
    p = [refs[dx]["p"] for dx in dxs]
    record = {"point": list(point), "lim_v": v[-1] + (v[-1] - v[-2]) / 3.0, "lim_p": p[-1] + (p[-1] - p[-2]) / 3.0,
              "refs": {str(dx): r for dx, r in refs.items()}}  # fmt: skip
    return candidates(record)


# run in the former code's interpreter: its defaults at each point, the least CPU time of up to five repeats
_FORMER_SCRIPT = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
from neqsc.tdgl import simulate
simulate(1.0, 4.0, 10.0, t_end=1.0)
for j, length, delta, t_end, boundary in json.load(sys.stdin):
    cpu, total, n = float("inf"), 0.0, 0
    while n == 0 or (total < 0.3 and n < 5):
        start = time.process_time()
        a = simulate(j, length, delta, t_end=t_end, save_every=t_end / 20, boundary=boundary).attrs
        elapsed = time.process_time() - start
        cpu, total, n = min(cpu, elapsed), total + elapsed, n + 1
    print(json.dumps({"v": a["mean_voltage"], "cpu": cpu}), flush=True)
"""


def former_code(commit: str, path: Path = RESULTS) -> None:
    """Time the defaults of the code at ``commit`` at every stored point (key ``former_code`` of each record)."""
    repo = Path(__file__).resolve().parent.parent
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "former"
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(tree), commit], check=True)
        try:
            env = dict(os.environ, PYTHONPATH=str(tree / "src"))
            lines = subprocess.run(
                [sys.executable, "-c", _FORMER_SCRIPT], input=json.dumps([r["point"] for r in records]),
                capture_output=True, text=True, env=env, cwd=tmp, check=True,
            ).stdout.splitlines()  # fmt: skip
        finally:
            subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)], check=True)
    for record, line in zip(records, lines, strict=True):
        record["former_code"] = dict(json.loads(line), commit=commit)
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def floor(path: Path = RESULTS, out: Path = FLOOR) -> str:
    """Errors and CPU time (over ``before``, rerun here) of FLOOR_CANDIDATES and the defaults at the δ = 30 banks
    points; a table with the cheapest setting that meets 1e-3 at each point."""
    rows = []
    for record in (json.loads(line) for line in path.read_text().splitlines() if line.strip()):
        j, length, delta, _, boundary = record["point"]
        if boundary != "banks" or delta != 30.0 or abs(record["lim_v"]) < 1e-3 * j * length:
            continue
        before = run(tuple(record["point"]), repeat=True, **CANDIDATES["before"])["cpu"]
        row = {"point": record["point"], "lim_v": record["lim_v"]}
        for name, numerics in {"now": {}, **FLOOR_CANDIDATES}.items():
            r = run(tuple(record["point"]), repeat=True, **numerics)
            row[name] = {"err_v": r["v"] / record["lim_v"] - 1.0, "cpu_ratio": r["cpu"] / before}
        rows.append(row)
    out.write_text(json.dumps(rows, indent=1) + "\n")
    names = ["now", *FLOOR_CANDIDATES]
    lines = ["| L, j | " + " | ".join(names) + " | cheapest within 1e-3 |", "|" + "---|" * (len(names) + 2)]
    for row in rows:
        cells = [f"{row[k]['err_v']:+.1e} ({row[k]['cpu_ratio']:.2f}×)" for k in names]
        ok = [k for k in names if abs(row[k]["err_v"]) <= 1e-3]
        best = min(ok, key=lambda k: row[k]["cpu_ratio"]) if ok else "none"
        best_cell = f"{best} ({row[best]['cpu_ratio']:.2f}×)" if ok else "none"
        lines.append(f"| {row['point'][1]:g}ξ, {row['point'][0]:g} | " + " | ".join(cells) + f" | {best_cell} |")
    return "\n".join(lines)


def table(path: Path = RESULTS) -> str:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    rows.sort(key=lambda r: (r["point"][4], r["point"][1], r["point"][2], r["point"][0]))  # boundary, L, δ, j
    out = [
        "| boundary, L, δ, j | ⟨V⟩ limit | " + " | ".join(TABLE_COLUMNS) + " |",
        "|" + "---|" * (2 + len(TABLE_COLUMNS)),
    ]
    fails = {c: 0 for c in TABLE_COLUMNS}
    ratios = {c: [] for c in TABLE_COLUMNS}
    for r in rows:
        j, length, delta, _, boundary = r["point"]
        if abs(r["lim_v"]) < 1e-3 * j * length:
            continue
        cells = []
        for c in TABLE_COLUMNS:
            if c not in r:
                cells.append("–")
                continue
            ratio = r[c]["cpu"] / r["before"]["cpu"]
            ratios[c].append(ratio)
            fails[c] += abs(r[c]["err_v"]) > 1e-3
            cells.append(f"{r[c]['err_v']:+.1e} ({ratio:.1f}×)")
        label = "banks" if boundary == "banks" else "normal leads"
        finest = r["refs"][min(r["refs"], key=float)]
        mark = "" if finest["per"] else "*"  # not periodic within the run: ⟨V⟩ over the second half of the slips
        out.append(f"| {label}, {length:g}ξ, {delta:g}, {j:g} | {r['lim_v']:.4g}{mark} | " + " | ".join(cells) + " |")
    out.append("")
    for c in TABLE_COLUMNS:
        rr = np.asarray(ratios[c])
        out.append(f"{c}: {fails[c]} of {rr.size} points miss 1e-3; CPU time / before: median {np.median(rr):.2f}, "
                   f"max {rr.max():.2f}")  # fmt: skip
    out.append("")
    out.append(cost_by_group(rows))
    return "\n".join(out)


def cost_by_group(rows: list[dict]) -> str:
    """CPU time of the defaults over ``before`` (same code) and over the former code's defaults, by boundary and δ:
    median and maximum of the per-point ratios, and the ratio of the summed CPU times."""
    groups: dict[str, list[tuple[float, float]]] = {}
    for r in rows:
        j, length, delta, _, boundary = r["point"]
        if abs(r["lim_v"]) < 1e-3 * j * length:
            continue
        former = r["former_code"]["cpu"] if "former_code" in r else float("nan")
        key = f"{boundary}, δ {'≤ 10' if delta <= 10 else f'= {delta:g}'}"
        groups.setdefault(key, []).append((r["now"]["cpu"] / r["before"]["cpu"], r["now"]["cpu"] / former,
                                           r["now"]["cpu"], r["before"]["cpu"], former))  # fmt: skip
        groups.setdefault("all", []).append(groups[key][-1])
    commit = next((r["former_code"]["commit"] for r in rows if "former_code" in r), "none")
    out = [f"| points | now / before: median (max), total | now / former code ({commit}): median (max), total |",
           "|---|---|---|"]  # fmt: skip
    for key, v in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        a = np.asarray(v)
        total_before = a[:, 2].sum() / a[:, 3].sum()
        total_former = a[:, 2].sum() / a[:, 4].sum()
        out.append(f"| {key} ({len(a)}) | {np.median(a[:, 0]):.2f} ({a[:, 0].max():.2f}), {total_before:.2f} | "
                   f"{np.median(a[:, 1]):.2f} ({a[:, 1].max():.2f}), {total_former:.2f} |")  # fmt: skip
    return "\n".join(out)


if __name__ == "__main__":
    if sys.argv[1:] == ["--table"]:
        print(table())
    elif sys.argv[1:] == ["--floor"]:
        simulate(1.0, 4.0, 10.0, t_end=1.0)  # compile / load the cache
        simulate(1.0, 4.0, 10.0, t_end=1.0, method="ros2")
        print(floor())
    elif sys.argv[1:2] == ["--former-code"] and len(sys.argv) == 3:
        former_code(sys.argv[2])
    elif sys.argv[1:] == ["--rerun"]:
        simulate(1.0, 4.0, 10.0, t_end=1.0)  # compile / load the cache
        simulate(1.0, 4.0, 10.0, t_end=1.0, method="ros2")
        records = [json.loads(line) for line in RESULTS.read_text().splitlines() if line.strip()]
        RESULTS.write_text("".join(json.dumps(candidates(r)) + "\n" for r in records))
    else:
        simulate(1.0, 4.0, 10.0, t_end=1.0)  # compile / load the cache
        simulate(1.0, 4.0, 10.0, t_end=1.0, method="ros2")
        with RESULTS.open("a") as f:
            for point in points(sys.argv[1]):
                f.write(json.dumps(measure(point)) + "\n")
                f.flush()
