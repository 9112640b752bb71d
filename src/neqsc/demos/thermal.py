"""Demo section for heat-balance networks: a bistable node (folds) and the Dey et al. NDTC balance (coarse)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from neqsc import io
from neqsc.demos import DemoResult, demo_section


def _bistable_network():
    """One electron bath with an S-shaped heat loss Q = g(x³ − 3a x² + 3b x), x = T − T_b (three steady states)."""
    from neqsc.thermal import ElectronNode, FixedNode, HeatInput, HeatLink, Network

    g, a, b, tb = 1e-9, 0.1, 0.008, 0.05

    def heat(T, _):
        x = T - tb
        return g * (x**3 - 3 * a * x**2 + 3 * b * x)

    def derivative(T, _):
        x = T - tb
        return g * (3 * x**2 - 6 * a * x + 3 * b), 0.0

    return Network(
        [ElectronNode("e"), FixedNode("b", tb)], [HeatLink("e", "b", heat, derivative, "s")], [HeatInput("e", 0.0, "P")]
    )


@demo_section("thermal", "Heat-balance networks (continuation, folds, photonic NDTC)", order=40)
def thermal_demo(out: Path) -> DemoResult:
    from neqsc.plotting import plot_dataset
    from neqsc.thermal import sweep
    from neqsc.thermal.devices import dey2023_network

    bistable = sweep(_bistable_network(), "P", np.linspace(0.0, 1e-12, 41))
    bistable.attrs["device_name"] = "bistable node (S-shaped loss)"
    dey = sweep(dey2023_network(), "P_in", np.linspace(1.0e-12, 3.0e-12, 21))
    dey.attrs["device_name"] = "Dey et al. 2023 Fig. 3 (coarse)"
    files = [io.save(bistable, out / "thermal_bistable.nc"), io.save(dey, out / "thermal_dey2023.nc")]
    files += plot_dataset(bistable, out / "thermal_bistable") + plot_dataset(dey, out / "thermal_dey2023")
    falling = dey.P_in.values[dey.dT_D_dP_in.values < 0]
    folds = ", ".join(f"{p * 1e12:.4f}" for p in np.sort(bistable[f"fold_{'P'}"].values))
    return DemoResult(
        files=files,
        rows=[
            ("bistable node: folds", f"P = {folds} pW", "exact 0.2211, 0.5789 pW"),
            ("bistable node: multistable", str(bistable.attrs["multistable_ranges"]), "W"),
            ("Dey: max T_D", f"{float(dey.T_D.max()) * 1e3:.2f} mK", "T_p = 30 mK"),
            (
                "Dey: dT_D/dP_in < 0",
                f"{falling.min() * 1e12:.2f}-{falling.max() * 1e12:.2f} pW" if falling.size else "none",
                "paper: 1.5-2.25 pW",
            ),
            (
                "max relative residual",
                f"{float(max(bistable.relative_residual.max(), dey.relative_residual.max())):.1e}",
                "every node, ≤ 1e-9",
            ),
        ],
    )
