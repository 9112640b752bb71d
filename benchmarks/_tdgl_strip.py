"""Shared set-ups of the neqsc-vs-pyTDGL comparison (used by ``bench_tdgl_pytdgl`` and ``tdgl_convergence_study``).

The 1D wire (neqsc) and the 2D strip (pyTDGL ``tdgl``, opt-in, not a dependency) describe the same problem: L = 30ξ,
γ = δ = 10, u = π⁴/(14ζ(3)), normal-metal contacts (Ψ = 0) at x = ±15ξ, bias j in j0 (pyTDGL current
I = j·K0·W/4, pyTDGL issue #97), interference current and c₁ correction off (pyTDGL has neither). Observable: the probe
voltage V(t) = φ(−12ξ) − φ(+12ξ) in ħ/(2e t0) (pyTDGL's μ is our φ, its τ0 our t0).

Two pyTDGL geometries:

* ``"legacy"`` (the original benchmark): film ``box(30, 1).resample(248)``, unsmoothed mesh, terminals = 1ξ × 1ξ boxes
  centred on the ends — they also capture the boundary sites of the long edges within 0.5ξ of each end, so Ψ = 0 is
  imposed on an L-shaped contact (2 × 0.5ξ of side edge plus the end edge): not the 1D problem. Probes = nearest mesh
  sites to (±12, 0), which are up to 0.2ξ off.
* ``"strip"`` (the equivalent strip): boundary vertices every h along the edges (so (±12, −W/2) are sites), terminals
  that contain only the end edges, probes on the sites (±12, −W/2) (the solution is uniform across a 1ξ strip), and
  the mesh smoothed (``smooth=100``): on unsmoothed Delaunay meshes pyTDGL's probe voltage converges erratically
  (MEASURED j = 0.2, h = 0.25: 0.1029 unsmoothed vs 0.1055 smoothed; neqsc converged 0.1059).
"""

from __future__ import annotations

import time

import numpy as np

from neqsc.tdgl import U_DEFAULT, simulate

LENGTH = 30.0
WIDTH = 1.0
GAMMA = 10.0
PROBE = 12.0
#: averaging windows (t0): A for the stationary superconducting state (j = 0.2) and the switching/front transient
#: (j = 0.6, which ends fully normal at τ ≈ 300), B for the stationary resistive state at j = 0.45 (switched at τ ≈ 150)
WINDOWS = {"A": (100.0, 200.0), "B": (250.0, 450.0)}
#: observable and run length per current
CASES = {0.2: ("A", 200.0), 0.45: ("B", 450.0), 0.6: ("A", 200.0)}


def _window_means(t: np.ndarray, v: np.ndarray, t_end: float) -> dict:
    out = {}
    for name, (a, b) in WINDOWS.items():
        if t_end >= b:
            m = (t >= a) & (t <= b)
            out[f"V{name}"] = float(np.mean(v[m]))
    return out


def _strip_points(s: float) -> np.ndarray:
    nx = round(LENGTH / s)
    ny = max(1, int(np.ceil(WIDTH / s - 1e-9)))
    xs = np.linspace(-LENGTH / 2, LENGTH / 2, nx + 1)
    ys = np.linspace(-WIDTH / 2, WIDTH / 2, ny + 1)
    pts = (
        [(x, -WIDTH / 2) for x in xs[:-1]]
        + [(LENGTH / 2, y) for y in ys[:-1]]
        + [(x, WIDTH / 2) for x in xs[::-1][:-1]]
        + [(-LENGTH / 2, y) for y in ys[::-1][:-1]]
    )
    return np.array(pts)


def pytdgl_run(j: float, h: float, t_end: float, geometry: str = "strip", smooth: int = 100, dt_max: float = 0.1):
    """One pyTDGL run; returns window means of the probe voltage, wall s per t0, steps per t0, sites."""
    from tdgl.geometry import box

    import tdgl

    layer = tdgl.Layer(coherence_length=1.0, london_lambda=2.0, thickness=0.1, gamma=GAMMA, u=U_DEFAULT)
    half = LENGTH / 2
    if geometry == "legacy":
        film = tdgl.Polygon("film", points=box(LENGTH, WIDTH)).resample(248)
        source = tdgl.Polygon("source", points=box(1.0, 1.0, center=(-half, 0.0)))
        drain = tdgl.Polygon("drain", points=box(1.0, 1.0, center=(half, 0.0)))
        probes = [(-PROBE, 0.0), (PROBE, 0.0)]
        smooth = 0
    else:
        film = tdgl.Polygon("film", points=_strip_points(h)).buffer(0)
        w = h / 4  # thin terminal boxes around the end edges only
        source = tdgl.Polygon("source", points=box(2 * w, WIDTH + 0.2, center=(-half - 0.9 * w, 0.0)))
        drain = tdgl.Polygon("drain", points=box(2 * w, WIDTH + 0.2, center=(half + 0.9 * w, 0.0)))
        probes = [(-PROBE, -WIDTH / 2 + 0.01), (PROBE, -WIDTH / 2 + 0.01)]
    device = tdgl.Device(
        "strip", layer=layer, film=film, terminals=[source, drain], probe_points=probes, length_units="um"
    )
    device.make_mesh(max_edge_length=h, smooth=smooth)
    current = j * device.K0.to("uA/um").magnitude * WIDTH / 4.0
    options = tdgl.SolverOptions(
        solve_time=t_end, terminal_psi=0.0, current_units="uA", field_units="mT", dt_max=dt_max, save_every=10**6
    )
    start = time.perf_counter()
    solution = tdgl.solve(device, options, terminal_currents={"source": current, "drain": -current})
    wall = time.perf_counter() - start
    dyn = solution.dynamics
    t = np.asarray(dyn.time)
    grid = np.arange(0.0, t_end, 0.05)
    v = np.interp(grid, t, np.asarray(dyn.voltage()))
    out = {
        "code": "pytdgl",
        "geometry": geometry,
        "j": j,
        "h": h,
        "smooth": smooth,
        "dt_max": dt_max,
        "t_end": t_end,
        "sites": len(device.mesh.sites),
        "probe_sites": device.mesh.sites[device.probe_point_indices].tolist(),
        "s_per_t0": wall / t_end,
        "steps_per_t0": len(t) / t_end,
    }
    out.update(_window_means(grid, v, t_end))
    return out


def neqsc_run(j: float, dx: float, t_end: float, **numerics) -> dict:
    """One neqsc run (normal leads, interference and c₁ off); probe voltage interpolated at x = ±12ξ."""
    start = time.perf_counter()
    ds = simulate(
        j, LENGTH, GAMMA, interference="off", sc_correction="off", boundary="normal_leads", t_end=t_end,
        save_every=0.1, dx=dx, **numerics,
    )  # fmt: skip
    wall = time.perf_counter() - start
    t = ds["t"].values
    v = (ds["phi"].interp(x=-PROBE) - ds["phi"].interp(x=PROBE)).values
    out = {
        "code": "neqsc",
        "j": j,
        "dx": dx,
        "h": float(ds["x"].values[1] - ds["x"].values[0]),
        "numerics": dict(numerics),
        "t_end": t_end,
        "sites": int(ds.sizes["x"]),
        "s_per_t0": wall / t_end,
        "steps_per_t0": (ds.attrs["n_steps_accepted"] + ds.attrs["n_steps_rejected"]) / t_end,
        "V_wire": float(ds.attrs["mean_voltage"]),
    }
    out.update(_window_means(t, v, t_end))
    return out
