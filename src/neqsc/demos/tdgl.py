"""Demo section for the 1D generalized TDGL engine: one phase-slip-centre run and a short I–V sweep."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from neqsc import io
from neqsc.demos import DemoResult, demo_section


@demo_section("tdgl", "Phase-slip centres: generalized TDGL wire (run + I–V)", order=20)
def tdgl_demo(out: Path) -> DemoResult:
    from neqsc.plotting.tdgl import plot_iv, plot_run
    from neqsc.tdgl import iv_curve, simulate

    run = simulate(1.5, 5.0, 10.0, t_end=150.0, save_every=0.05)
    nc_run = io.save(run, out / "tdgl_psc_run.nc", parameters={"j": 1.5, "length": 5.0, "delta": 10.0})
    png_run = plot_run(run, out / "tdgl_psc_run")[0]
    iv = iv_curve(np.linspace(0.3, 1.5, 8), length=5.0, delta=10.0, direction="both", t_per_point=100.0)
    nc_iv = io.save(iv, out / "tdgl_iv.nc")
    png_iv = plot_iv(iv, out / "tdgl_iv")[0]
    a = run.attrs
    return DemoResult(
        files=[nc_run, png_run, nc_iv, png_iv],
        rows=[
            ("PSC period (j=1.5, L=5ξ, δ=10)", f"{a['period']:.4f} t0", "from slip times"),
            ("⟨V⟩", f"{a['mean_voltage']:.4f} ħ/(2e t0)", "V = φ(−L/2) − φ(L/2)"),
            ("⟨V⟩·period/2π", f"{a['mean_voltage'] * a['period'] / (2 * math.pi):.6f}", "Josephson relation: 1"),
            ("switching current (up)", f"{iv.attrs.get('j_switch_up', float('nan')):.3f} j0", "8-point sweep"),
            ("retrapping current (down)", f"{iv.attrs.get('j_retrap_down', float('nan')):.3f} j0", "8-point sweep"),
        ],
    )
