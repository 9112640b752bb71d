"""Demo section for the photonic engine: Dey et al. NDTC curve and a Pioldi-type NIS heat current (≈ 2 s)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from neqsc import io
from neqsc.demos import DemoResult, demo_section
from neqsc.photonic import heat_current, matched_resistor_heat_current, ndtc_windows
from neqsc.photonic.devices import DeyCircuit, PioldiCircuit
from neqsc.photonic.results import heat_map


@demo_section("photonic", "Photonic heat transport (Mattis–Bardeen source, NIS reservoirs)", order=40)
def photonic_demo(out: Path) -> DemoResult:
    from neqsc.plotting.photonic import plot_heat_map

    dey = DeyCircuit(r=36.0)
    T_S = np.linspace(0.05, 0.6, 111)
    ds = heat_map(dey.source(), dey.drain(), T_S, np.array([0.03]), parameters={"circuit": "dey", "r": 36.0})
    nc = io.save(ds, out / "photonic_dey_r36.nc", parameters={"r": 36.0, "T_D": 0.03})
    png = plot_heat_map(ds, out / "photonic_dey_r36.png")
    win = ndtc_windows(dey.source(), dey.drain(), T_S, 0.03)
    q_ratio = heat_current(dey.source(), dey.drain(), 0.5, 0.03) / matched_resistor_heat_current(0.5, 0.03)
    p = PioldiCircuit(area_ratio=2.0)
    T_R = np.linspace(0.02, 0.3, 57)
    w_nis = ndtc_windows(p.reservoir("L"), p.reservoir("R"), 0.3, T_R, side="cold")
    rows = [
        ("Dey r = 36 NDTC window", ", ".join(f"{a * 1e3:.0f}–{b * 1e3:.0f} mK" for a, b in win), "paper: ≈350–400 mK"),
        ("Q/Q_matched at T_S > Tc", f"{q_ratio:.5f}", f"4(1+r)/(2+r)² = {dey.tau_min():.5f}"),
        ("NIS (a = 2) NDTC in T_R", ", ".join(f"{a * 1e3:.0f}–{b * 1e3:.0f} mK" for a, b in w_nis), "T_L = 300 mK"),
    ]
    return DemoResult(files=[nc, *png], rows=rows)
