"""From a TDGL run to a cooler result: spectra → energy bookkeeping → diode → κ, T_cold, Eq. 15.

:func:`cooler_from_run` is the one-call entry point used by ``neqsc cooler run``. Every result carries both
sides of the energy bookkeeping (J·V̄ with its normal / interference / condensate parts, and the emitted, absorbed
and net η₁ phonon power) next to κ and T_cold.

Bath temperature: the TDGL run is in reduced units at η = 1 − T/Tc. If ``T_b`` differs from the run's temperature,
the reduced solution is reused with η = 1 − T_b/Tc (η₁, Δ0, ξ, t0 and the prefactors are re-evaluated; the
reduced |Ψ(x, τ)| is not re-solved) and the result says so in ``tdgl_rescaled``. A run made by a
:class:`neqsc.tdgl.Wire` fixes T (its δ and ξ belong to that T), so ``T_b`` must then equal the Wire's T.

Material, cross-section and temperature come from one place (:func:`~neqsc.phonons.tdgl_input.resolve_device`): the
Wire's attrs for a Wire run, the explicit arguments for a reduced run.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.phonons.cooler import CoolerParams, cooling_power, net_cooling_criterion, steady_state_T_cold
from neqsc.phonons.energy import electrical_power, energy_balance
from neqsc.phonons.flux import phonon_spectra
from neqsc.phonons.kapitza import amm_diode
from neqsc.phonons.params import PhononMaterial
from neqsc.phonons.tdgl_input import require, resolve_device

__all__ = ["cooler_from_run", "run_at_temperature", "simulate_psc_run"]


def simulate_psc_run(
    j: float,
    length: float,
    delta: float,
    eta: float = 0.1,
    t_end: float = 900.0,
    *,
    snapshots_per_period: int = 32,
    n_periods: int = 8,
) -> xr.Dataset:
    """A TDGL run whose snapshots resolve the PSC period (the snapshot interval is chosen here, not by the user).

    ``j`` (j0), ``length`` (ξ), ``delta``, ``eta`` = 1 − T/Tc as in :func:`neqsc.tdgl.simulate`. The wire is
    integrated to ``t_end`` (t0) with coarse snapshots to pass the transient and find the period P; it is then
    continued from its final state for ``n_periods`` periods saved every P/``snapshots_per_period``. A run without a
    periodic PSC (no slips, or a normal domain) is returned as it is (its ``period`` attr is then not finite).
    """
    from neqsc.tdgl import simulate

    if int(snapshots_per_period) < 8:
        raise InvalidParameter("snapshots_per_period", snapshots_per_period, "an integer >= 8")
    if int(n_periods) < 2:
        raise InvalidParameter("n_periods", n_periods, "an integer >= 2")
    run = simulate(j, length, delta, eta=eta, t_end=t_end)
    period = run.attrs.get("period")
    if period is None or not np.isfinite(period) or period <= 0:
        return run
    return simulate(
        j,
        length,
        delta,
        eta=eta,
        t_end=int(n_periods) * float(period),
        initial=run,
        save_every=float(period) / int(snapshots_per_period),
    )


def run_at_temperature(run: xr.Dataset, material: PhononMaterial, T_b: float | None) -> tuple[xr.Dataset, bool]:
    """The run with attr ``eta`` set to 1 − T_b/Tc (T_b in K, must be < Tc); (run, rescaled?)."""
    if T_b is None:
        return run, False
    T_b = validation.in_range("T_b", T_b, 0.0, material.Tc, closed="neither", unit=f"K (< Tc = {material.Tc} K)")
    eta_new = 1.0 - T_b / material.Tc
    if np.isclose(eta_new, float(run.attrs.get("eta", np.nan)), rtol=1e-12, atol=0):
        return run, False
    out = run.copy()
    out.attrs = {**run.attrs, "eta": eta_new}
    return out, True


def cooler_from_run(
    run: xr.Dataset,
    material: str | PhononMaterial | None = None,
    *,
    plate: str = "PMMA",
    substrate: str = "sapphire",
    p: float | None = None,
    a1: float | None = None,
    T_b: float | None = None,
    cross_section: float | None = None,
    gamma: float | None = None,
    form: str = "corrected",
    omega=None,
    T_target: float | None = None,
    kinetics: str = "adiabatic",
    rate: str = "run",
    wire=None,
    **cooler_kw,
) -> xr.Dataset:
    """Cooler result for one TDGL run (SI). ``p``/``a1`` None → from the AMM diode of (filament, plate, substrate).

    ``material`` (name or :class:`PhononMaterial`), ``cross_section`` S (m²) and ``T_b`` (K): for a run made by a
    :class:`neqsc.tdgl.Wire` (or with ``wire`` given for its reduced run) they come from the Wire and explicit values
    must agree with it; the Wire also sets the defaults of the Eq. 14 filament ``thickness`` d (m, must agree if given)
    and ``contact_area`` (m², default length × width: the plate covers the wire's top face). For a reduced run they
    default to ``"Al"``, 1e-16 m² and the run's η.
    ``T_target``: plate temperature (K) for which Eq. 15 is evaluated (default 0.9 T_b).
    ``kinetics``/``rate``: as in :func:`~neqsc.phonons.flux.phonon_spectra`; with ``"relaxation"`` the result also
    carries ``first_law_residual``, ``power_to_quasiparticles_W``, ``absorbed_band_power_W`` and
    ``ideal_filter_kappa`` = (absorbed-band power)/(J V̄), the bound for a plate that sees only the absorbing bands.
    ``cooler_kw``: other :class:`~neqsc.phonons.cooler.CoolerParams` fields (k_leak, contact_area, thickness,
    n_filaments, G_parasitic, P_load, absorption_scaling). Returns a Dataset (``neqsc_kind="psc_cooler"``) with
    scalars kappa, Q_c_W, T_cold_K, criterion_threshold, net_cooling, the energy bookkeeping, the diode numbers,
    and the mean spectrum ``mean_flux(omega)``.
    """
    validation.one_of("kinetics", kinetics, ("adiabatic", "relaxation"))
    validation.one_of("rate", rate, ("run", "material", "independent"))
    require(run, ("psi_abs", "phi", "j_s", "j_n", "j_int", "voltage"), ("delta", "eta", "j"))
    run, material, cross_section, geo = resolve_device(run, material, cross_section, wire)
    if geo is not None:
        if T_b is not None and not np.isclose(T_b, geo["T_K"], rtol=1e-9, atol=0.0):
            raise InvalidParameter(
                "T_b", T_b, f"the Wire's T = {geo['T_K']:.10g} K (or omit it)", hint="for another T, make a new Wire"
            )
        T_b = None
        thickness = geo["wire_thickness_m"]
        if "thickness" in cooler_kw and not np.isclose(cooler_kw["thickness"], thickness, rtol=1e-9, atol=0.0):
            raise InvalidParameter("thickness", cooler_kw["thickness"], f"the Wire's thickness {thickness:.6g} m")
        cooler_kw["thickness"] = thickness
        cooler_kw.setdefault("contact_area", geo["wire_length_m"] * geo["wire_width_m"])
    run, rescaled = run_at_temperature(run, material, T_b)
    T_run = (1.0 - float(run.attrs["eta"])) * material.Tc
    if kinetics == "relaxation":
        spectra = phonon_spectra(run, material, omega=omega, gamma=gamma, cross_section=cross_section,
                                 kinetics="relaxation", rate=rate)  # fmt: skip
        form = "full_linearized"
    else:
        spectra = phonon_spectra(run, material, omega=omega, gamma=gamma, form=form, cross_section=cross_section)
    power = electrical_power(run, material, cross_section=cross_section)
    bal = energy_balance(power, spectra)
    diode = amm_diode(material.name, plate, substrate)
    params = CoolerParams(p=diode.p if p is None else p, a1=diode.a1 if a1 is None else a1, T_b=T_run, **cooler_kw)
    joule = bal["joule_power_W"]
    if not joule > 0.0:
        raise InvalidParameter(
            "tdgl_run (J·V̄)",
            joule,
            "> 0 W: a resistive run with phase slips",
            hint="the run dissipates no power (bias below the switching current?); κ = Q̇_c/(J V̄) is undefined",
        )
    q = cooling_power(bal["phonon_emitted_W"], bal["phonon_absorbed_W"], joule, params)
    kappa = q / joule
    t_cold = steady_state_T_cold(bal["phonon_emitted_W"], bal["phonon_absorbed_W"], joule, params)
    T_target = 0.9 * T_run if T_target is None else validation.positive("T_target", T_target, "K")
    ok, threshold = net_cooling_criterion(kappa, joule, T_target, params)
    scalars = {
        "kappa": (kappa, "1", "κ = Q̇_c/(J V̄) at T_c = T_b"),
        "Q_c_W": (q, "W", "cooling power per filament at T_c = T_b"),
        "T_cold_K": (t_cold, "K", "steady plate temperature"),
        "criterion_threshold": (threshold, "1", "k S (T_b − T_target)/(d J V̄) (Eq. 15)"),
        "reaches_target": (int(ok), "1", "1 if κ exceeds the Eq. 15 threshold for T_target"),
        "net_cooling": (int(t_cold < T_run), "1", "1 if the steady plate is below T_b"),
        **{k: (v, "W" if k.endswith("_W") else "1", k) for k, v in bal.items()},
        "diode_p": (params.p, "1", "diode efficiency used"),
        "diode_a1": (params.a1, "1", "Joule fraction to the plate used"),
        "amm_p_emit": (diode.p_emit, "1", "AMM fraction of emission to the substrate"),
        "amm_p_abs": (diode.p_abs, "1", "AMM fraction of absorption from the plate (paper picture)"),
    }
    if kinetics == "relaxation":
        scalars["first_law_residual"] = (spectra["first_law_residual"].item(), "1", "|⟨P_ph⟩ − ⟨P_in⟩|/⟨P_in⟩")
        scalars["power_to_quasiparticles_W"] = (spectra["power_to_quasiparticles"].item(), "W", "⟨P_in⟩")
        scalars["absorbed_band_power_W"] = (spectra["absorbed_band_power"].item(), "W", "∫max(−⟨F⟩, 0)dω̄")
        scalars["ideal_filter_kappa"] = (
            spectra["absorbed_band_power"].item() / joule,
            "1",
            "upper bound of κ: a plate that exchanges phonons only in the absorbing bands",
        )
    ds = xr.Dataset(
        {k: ((), float(v), {"units": u, "long_name": n}) for k, (v, u, n) in scalars.items()}
        | {"mean_flux": spectra["mean_flux"]},
        attrs={
            "neqsc_kind": "psc_cooler",
            "material": material.name,
            "plate": plate,
            "substrate": substrate,
            "T_b": T_run,
            "T_target": T_target,
            "settled": int(spectra["cycle_residual"].item() < 1e-2),
            "tdgl_rescaled": rescaled,
            "form": form,
            "kinetics": kinetics,
            "gamma_over_kT": spectra.attrs["gamma_over_kT"],
            "cross_section": cross_section,
            "device_source": "wire" if geo is not None else "explicit",
            **{k: v for k, v in cooler_kw.items()},
        },
    )
    return ds
