"""Demo section for :mod:`neqsc.phonons`: η₁ sign change, PSC flux spectra, AMM diode and the cooler balance.

Uses the synthetic periodic PSC history (a TDGL run takes longer than the demo budget); ``neqsc reproduce psc-fig2``
and ``neqsc cooler run`` use the TDGL solver.
"""

from __future__ import annotations

from pathlib import Path

from neqsc import io
from neqsc.demos import DemoResult, demo_section


@demo_section("phonons", "PSC phonon spectra and the PSC cryocooler (synthetic PSC history)", order=45)
def phonons_demo(out: Path) -> DemoResult:
    from neqsc.phonons import cooler_from_run, eta1_dataset, kapitza_conductance, phonon_spectra, synthetic_psc_run
    from neqsc.plotting.phonons import plot_fig2

    run = synthetic_psc_run(nt=401)
    spectra = phonon_spectra(run, "Al", gamma=0.3)
    shapes = eta1_dataset(T_over_Tc=0.9, gamma=0.3, forms=("corrected", "as_printed"))
    png = plot_fig2(spectra, shapes, out / "phonons_fig2_synthetic.png")
    nc = io.save(spectra, out / "phonons_spectra_synthetic.nc", parameters={"source": "synthetic", "gamma": 0.3})
    amm = cooler_from_run(run, "Al")
    ideal = cooler_from_run(run, "Al", p=0.9, a1=0.0)
    second = cooler_from_run(run, "Al", p=0.5, a1=0.0)
    cross = float(shapes.omega_cross.sel(form="corrected", psi=1.0))
    return DemoResult(
        files=[png, nc],
        rows=[
            ("η₁ sign change at |Ψ| = 1", f"{cross:.3f} k_BT", f"2|Δ| = {float(shapes.two_gap.sel(psi=1.0)):.3f} k_BT"),
            ("cycle mean of η₁ flux", f"{spectra['cycle_residual'].item():.1e}", "relative; exact zero (telescoping)"),
            ("⟨emitted⟩ / J·V̄", f"{amm['phonon_emitted_W'].item() / amm['joule_power_W'].item():.2e}", "Al, δ = 10"),
            ("AMM diode p, a₁", f"{amm['diode_p'].item():.3f}, {amm['diode_a1'].item():.3f}", "Al / PMMA / sapphire"),
            ("κ (AMM)", f"{amm['kappa'].item():.3g}", "< 0: the Joule share heats the plate"),
            ("κ (p = 0.9, a₁ = 0)", f"{ideal['kappa'].item():.2e}", "ideal diode, no Joule share"),
            ("T_cold (p = ½, a₁ = 0)", f"{second['T_cold_K'].item():.6f} K", "= T_b exactly (second law)"),
            ("h_K Al→sapphire at 1 K", f"{float(kapitza_conductance('Al', 'sapphire', 1.0)):.0f} W/m²K", "AMM, L+2T"),
        ],
    )
