"""``neqsc reproduce psc-fig2`` (Fig. 2 of Mowgood et al., PSC phonon spectra) and ``psc-cooling-map``.

(a) ∂τ|Ψ| at the PSC centre and the pulsating wire-integrated flux spectrum dW/dω̄(τ) (Eq. 12) of a TDGL run;
(b) the spectral shape ω̄³N⁰(ω̄)η₁(ω̄; |Ψ|) at T = 0.9 Tc, γ = 0.3 k_BT (the unit of the paper's γ is not stated;
k_BT is the reading that reproduces the sign change at ω ≈ 2|Δ|), ``"corrected"`` form with the
``"as_printed"`` curve for comparison.

TDGL input for (a): the run of ``neqsc reproduce psc-fig1`` (:mod:`neqsc.reproduce.tdgl`): J = 1.5 with J0 ≈ 1 —
δ = 10, the paper's switches (interference "paper_approx", c₁ "as_printed"), L chosen so that the switching current
is 1 j0 (≈ 1.08 ξ), 200 t0 saved every 0.01 t0. Without the TDGL engine the synthetic periodic history of
:mod:`neqsc.phonons.synthetic` is used (reported as ``tdgl_source``).

``psc-cooling-map`` (:func:`cooling_map`): does a PSC refrigerate a plate? Cooling power Q̇_c(T_b) =
P_C − a₁(J·V̄ − ∫⟨F⟩dω̄) (P_C = −∫w_C⟨F⟩dω̄, paper Sec. 3.2–3.3 with the frequency-resolved AMM of
:mod:`neqsc.phonons.transmission`) and T_cold − T_b from the plate network of :mod:`neqsc.phonons.plate` (leak of
Eq. 14, Kapitza links, the PSC as a heat pump), over a base case and one-factor-at-a-time variations of material,
T/Tc, L, j, δ or the material's physical τ_ε, times an ideal plate low-pass cut-off. Relaxation kinetics
(:mod:`neqsc.phonons.kinetics`); TDGL runs by :func:`neqsc.phonons.pipeline.simulate_psc_run` (period resolved).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import xarray as xr

from neqsc import io
from neqsc.constants import hbar, k_B
from neqsc.reproduce import RecipeResult, recipe


def psc_run():
    """The Fig. 1 PSC run (TDGL engine if present, else synthetic). Returns (Dataset, source label)."""
    try:
        from neqsc.reproduce.tdgl import FIG1_DELTA, FIG1_OPTIONS, length_for_unit_switching_current
        from neqsc.tdgl import simulate
    except ImportError:
        simulate = None
    if simulate is not None:
        l_star, _ = length_for_unit_switching_current()
        ds = simulate(1.5, l_star, FIG1_DELTA, t_end=200.0, dx=0.05, save_every=0.01, rtol=1e-4, **FIG1_OPTIONS)
        return ds, f"neqsc.tdgl.simulate (psc-fig1 run: J = 1.5, L = {l_star} xi, delta = {FIG1_DELTA})"
    from neqsc.phonons.synthetic import synthetic_psc_run

    return synthetic_psc_run(), "synthetic (neqsc.phonons.synthetic)"


@recipe("psc-fig2", "PSC phonon flux: pulsating spectrum and η₁ sign change at 2|Δ|", paper="Mowgood et al., Fig. 2")
def psc_fig2(out: Path) -> RecipeResult:
    from neqsc.phonons.eta1 import eta1_dataset
    from neqsc.phonons.flux import phonon_spectra
    from neqsc.plotting.phonons import plot_fig2

    run, source = psc_run()
    spectra = phonon_spectra(run, "Al", gamma=0.3)
    shapes = eta1_dataset(T_over_Tc=1.0 - float(run.attrs["eta"]), gamma=0.3)
    files = [
        io.save(spectra, out / "psc_fig2a_spectra.nc", parameters={"tdgl_source": source, "gamma": 0.3}),
        io.save(shapes, out / "psc_fig2b_eta1.nc", parameters={"T_over_Tc": 0.9, "gamma": 0.3}),
        plot_fig2(spectra, shapes, out / "psc_fig2.png"),
    ]
    numbers: dict[str, float | str] = {"tdgl_source": source}
    for psi in shapes.psi.values:
        numbers[f"crossing omega/kT at |Psi|={psi:g} (corrected)"] = float(
            shapes.omega_cross.sel(form="corrected", psi=psi)
        )
        numbers[f"2|Delta|/kT at |Psi|={psi:g}"] = float(shapes.two_gap.sel(psi=psi))
    numbers["as_printed min eta1 (>0: no sign change)"] = float(shapes.eta1.sel(form="as_printed").min())
    numbers["period-mean emitted phonon power (W)"] = spectra["mean_power_emitted"].item()
    numbers["cycle residual max|<F>|/max<|F|>"] = spectra["cycle_residual"].item()
    steady = spectra.t.values >= spectra.attrs["window_t0"]
    dpsi = spectra.dpsi_dt_center.values[steady]
    numbers["fraction of period with d|Psi(0)|/dt < 0"] = float(np.mean(dpsi < 0))
    numbers["max / |min| of d|Psi(0)|/dt"] = float(dpsi.max() / abs(dpsi.min()))
    numbers["period (t0)"] = spectra.attrs["period_t0"]
    return RecipeResult(files=files, numbers=numbers)


# ------------------------------------------------------------------------------------------- psc-cooling-map
COOLING_BASE = {"material": "Al", "T_over_Tc": 0.9, "length": 10.0, "j": 0.45, "delta": 10.0, "rate": "run"}
COOLING_VARIATIONS = {  # one factor at a time around the base case (L in ξ, j in j0)
    "material": ("Sn",),
    "T_over_Tc": (0.95,),
    "length": (8.0, 12.0),
    "j": (0.5, 0.55),
    "delta": (5.0, 20.0),
    "rate": ("material",),  # the material's physical e–ph relaxation instead of τ_ε = δħ/(2Δ0)
}
COOLING_CUTOFFS = (math.inf, 4.0, 2.0, 1.0, 0.5)  # ideal low-pass on the plate, ħω_c/k_BT (inf: no filter)
COOLING_STACK = ("PMMA", "sapphire")
COOLING_SECTION = (1e-8, 1e-8)  # wire width and thickness (m): cross-section 1e-16 m², Eq. 14 thickness d = 10 nm


def cooling_cases(base: dict | None = None, variations: dict | None = None) -> list[dict]:
    """The base case followed by one-factor-at-a-time variations (dicts with the keys of ``COOLING_BASE``).

    ``base``: material name, T_over_Tc (1), length (ξ), j (j0), delta (1), rate (``"run"`` | ``"material"``);
    ``variations``: key → tuple of other values. Defaults: ``COOLING_BASE``, ``COOLING_VARIATIONS``.
    """
    base = dict(COOLING_BASE if base is None else base)
    cases = [base]
    for key, values in (COOLING_VARIATIONS if variations is None else variations).items():
        cases += [{**base, key: v} for v in values]
    return cases


def cooling_map(cases: list[dict] | None = None, cutoffs=COOLING_CUTOFFS, transmission: str = "amm") -> xr.Dataset:
    """Frequency-resolved PSC cooler over cases (material, T/Tc, L, j, δ or physical τ_ε) × plate filter cut-off.

    Each case (:func:`cooling_cases`): a TDGL run (:func:`~neqsc.phonons.pipeline.simulate_psc_run` at
    η = 1 − T/Tc; reused across materials and rates), relaxation-kinetics spectra (``rate="run"``: τ_ε from δ;
    ``"material"``: the material's own e–ph coupling) computed once and reused across cut-offs, and
    :func:`~neqsc.phonons.pipeline.cooler_from_run` with ``transmission`` and an ideal plate low-pass at
    ħω_c = cutoff·k_BT. Geometry: width × thickness ``COOLING_SECTION`` (m), contact area = L ξ × width (m²),
    k = 1 W m⁻¹K⁻¹, PMMA plate on a sapphire substrate. ``cutoffs``: ħω_c/k_BT (dimensionless; inf: no filter);
    ``transmission``: ``"amm"``, ``"amm-nomc"`` or ``"dmm"``.
    """
    from neqsc.phonons.flux import phonon_spectra
    from neqsc.phonons.params import PhononMaterial, tdgl_units
    from neqsc.phonons.pipeline import cooler_from_run, simulate_psc_run
    from neqsc.phonons.transmission import LowPassFilter

    width, thick = COOLING_SECTION
    keys = {
        "Q_c_W": "W", "plate_cooling_power_W": "W", "ideal_filter_bound_W": "W", "joule_power_W": "W",
        "phonon_net_W": "W", "kappa": "1", "kapitza_a1": "1", "T_cold_K": "K", "T_filament_K": "K",
        "dT_cold_dP_load_K_per_W": "K/W", "energy_error": "1",
    }  # fmt: skip
    rows, runs = [], {}
    cases = [dict(c) for c in (cooling_cases() if cases is None else cases)]
    for case in cases:
        mat_name, t, L, j, d, rate = (case[k] for k in ("material", "T_over_Tc", "length", "j", "delta", "rate"))
        key = (t, L, j, d)
        if key not in runs:
            runs[key] = simulate_psc_run(j, L, d, eta=1.0 - t)
        run = runs[key]
        mat = PhononMaterial.from_table(mat_name)
        row = np.full((len(cutoffs), len(keys) + 2), np.nan)
        period = run.attrs.get("period", np.nan)
        if period is not None and np.isfinite(period):
            units = tdgl_units(mat, t)
            area = L * units["xi"] * width
            sp = phonon_spectra(run, mat, kinetics="relaxation", rate=rate, cross_section=width * thick)
            for n, wc in enumerate(cutoffs):
                filt = None if math.isinf(wc) else LowPassFilter(wc * k_B * units["T"] / hbar, math.inf)
                res = cooler_from_run(run, mat, kinetics="relaxation", rate=rate, transmission=transmission,
                                      plate_filter=filt, spectra=sp, cross_section=width * thick, contact_area=area,
                                      thickness=thick)  # fmt: skip
                row[n, : len(keys)] = [res[k].item() for k in keys]
                row[n, -2] = res["first_law_residual"].item()
                row[n, -1] = units["T"]
        case["period"] = float(period) if period is not None else np.nan
        rows.append(row)
    data = np.array(rows)
    names = [k.removesuffix("_K_per_W").removesuffix("_W").removesuffix("_K") for k in keys]
    dims = ("case", "cutoff")
    ds = xr.Dataset(
        {nm: (dims, data[..., i], {"units": u}) for i, (nm, u) in enumerate(zip(names, keys.values(), strict=True))}
        | {"first_law_residual": (dims, data[..., -2], {"units": "1"})},
        coords={
            "material": ("case", [c["material"] for c in cases]),
            "T_over_Tc": ("case", [c["T_over_Tc"] for c in cases], {"units": "1"}),
            "length": ("case", [c["length"] for c in cases], {"units": "xi"}),
            "j": ("case", [c["j"] for c in cases], {"units": "j0"}),
            "delta": ("case", [c["delta"] for c in cases], {"units": "1"}),
            "rate": ("case", [c["rate"] for c in cases], {"long_name": "run: τ_ε from δ; material: e-ph rate"}),
            "period": ("case", [c["period"] for c in cases], {"units": "t0"}),
            "T_b": ("case", data[:, 0, -1], {"units": "K"}),
            "cutoff": ("cutoff", np.asarray(cutoffs, dtype=float), {"units": "k_B T", "long_name": "ħω_c (inf: none)"}),
        },
        attrs={"neqsc_kind": "psc_cooling_map", "transmission": transmission, "plate": COOLING_STACK[0],
               "substrate": COOLING_STACK[1], "k_leak_W_per_mK": 1.0, "width_m": width, "thickness_m": thick},
    )  # fmt: skip
    ds["T_cold_minus_T_b"] = (dims, ds["T_cold"].values - ds["T_b"].values[:, None], {"units": "K"})
    ds["ideal_T_drop"] = (
        dims,
        -ds["ideal_filter_bound"].values * ds["dT_cold_dP_load"].values,
        {"units": "K", "long_name": "plate temperature change if the bound were drawn with no Joule share"},
    )
    return ds


@recipe(
    "psc-cooling-map",
    "Does a PSC refrigerate a plate? Frequency-resolved cooling power and T_cold − T_b over a parameter grid",
    paper="Mowgood et al., Sec. 3.2–3.3 (Eqs. 14–15)",
)
def psc_cooling_map(out: Path) -> RecipeResult:
    from neqsc.plotting.phonons import plot_cooling_map

    ds = cooling_map()
    files = [
        plot_cooling_map(ds, out / "psc_cooling_map.png"),
        io.save(ds, out / "psc_cooling_map.nc", parameters={"transmission": "amm", "kinetics": "relaxation"}),
    ]
    ok = np.isfinite(ds["Q_c"].values)
    q = ds["Q_c"].values[ok]
    dT = ds["T_cold_minus_T_b"].values[ok]
    ratio = (ds["plate_cooling_power"] / ds["joule_power"]).values[ok]
    bound_ratio = (ds["ideal_filter_bound"] / ds["joule_power"]).values[ok]
    heat_over_pump = (ds["kapitza_a1"] * (ds["joule_power"] - ds["phonon_net"]) / ds["ideal_filter_bound"]).values[ok]
    numbers: dict[str, float | str] = {
        "cases (material, T/Tc, L, j, delta/rate) with a periodic PSC": int(np.isfinite(ds["period"]).sum()),
        "cases without a periodic PSC (skipped)": int((~np.isfinite(ds["period"])).sum()),
        "points that cool the plate (Q_c > 0)": int((q > 0).sum()),
        "points with T_cold < T_b": int((dT < 0).sum()),
        "max Q_c (W)": float(q.max()),
        "min T_cold - T_b (K)": float(dT.min()),
        "max T_cold - T_b (K)": float(dT.max()),
        "max P_C / (J V) (spectral plate cooling, filters included)": float(ratio.max()),
        "max ideal-filter bound / (J V)": float(bound_ratio.max()),
        "min (Joule heat reaching the plate) / (ideal-filter bound)": float(heat_over_pump.min()),
        "max ideal-filter plate cooling with zero Joule share (K)": float(-np.nanmin(ds["ideal_T_drop"].values)),
        "kappa range (min)": float(ds["kappa"].values[ok].min()),
        "kappa range (max)": float(ds["kappa"].values[ok].max()),
        "filament above Tc (points)": int((ds["T_filament"].values[ok] >= _tc(ds)[ok]).sum()),
        "max first-law residual (rate=run)": float(np.nanmax(ds["first_law_residual"].where(ds.rate == "run"))),
        "max first-law residual (rate=material)": float(np.nanmax(ds["first_law_residual"].where(ds.rate ==
                                                                                                 "material"))),
        "max network energy error": float(np.nanmax(ds["energy_error"].values)),
    }  # fmt: skip
    return RecipeResult(files=files, numbers=numbers)


def _tc(ds: xr.Dataset) -> np.ndarray:
    from neqsc.phonons.params import PhononMaterial

    tc = np.array([PhononMaterial.from_table(m).Tc for m in ds["material"].values])
    return np.broadcast_to(tc[:, None], ds["Q_c"].shape)
