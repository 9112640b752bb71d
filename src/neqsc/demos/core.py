"""Demo section for the superconductivity core: BCS gap Δ(T) and Dynes DOS for aluminium."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from neqsc import bcs, io, materials
from neqsc.constants import eV, k_B
from neqsc.demos import DemoResult, demo_section


def gap_and_dos_dataset(material: str = "Al", gamma_over_gap: float = 1e-2) -> xr.Dataset:
    """Δ(T) (BCS and tanh models) and the Dynes DOS at T → 0 for ``material``."""
    mat = materials.get(material)
    Tc = mat.require("Tc")
    T = np.linspace(0.02, 1.0, 200) * Tc
    delta_bcs = bcs.gap(T, Tc)
    delta_tanh = bcs.gap(T, Tc, model="tanh")
    d0 = bcs.gap0(Tc)
    E = np.linspace(-3.0, 3.0, 1201) * d0
    dos = bcs.dynes_dos(E, d0, gamma_over_gap * d0)
    ds = xr.Dataset(
        {
            "gap_bcs": ("T", delta_bcs / eV, {"units": "eV", "long_name": "BCS gap Δ(T)"}),
            "gap_tanh": ("T", delta_tanh / eV, {"units": "eV", "long_name": "tanh-model gap"}),
            "dos": ("E", dos, {"units": "1", "long_name": "Dynes DOS N(E)/N_0"}),
        },
        coords={
            "T": ("T", T, {"units": "K", "long_name": "temperature"}),
            "E": ("E", E / eV, {"units": "eV", "long_name": "energy"}),
        },
        attrs={"material": material, "Tc": Tc, "gamma_over_gap": gamma_over_gap},
    )
    return ds


@demo_section("core", "Superconductivity core (BCS gap, Dynes DOS)", order=0)
def core_demo(out: Path) -> DemoResult:
    from neqsc.plotting.core import plot_gap_and_dos

    ds = gap_and_dos_dataset()
    nc = io.save(ds, out / "core_gap_dos.nc", parameters={"material": "Al", "gamma_over_gap": 1e-2})
    png = plot_gap_and_dos(ds, out / "core_gap_dos.png")
    d0 = float(ds.gap_bcs[0]) * eV
    return DemoResult(
        files=[nc, png],
        rows=[
            ("Al Δ(0)", f"{d0 / eV * 1e6:.1f} µeV", "BCS, Tc = 1.175 K"),
            ("Δ(0)/k_BTc", f"{d0 / (k_B * ds.attrs['Tc']):.4f}", "π e^-γE = 1.7639"),
        ],
    )
