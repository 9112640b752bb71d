"""From a TDGL run to a cooler result: spectra → energy bookkeeping → diode → κ, T_cold, Eq. 15.

:func:`cooler_from_run` is the one-call entry point used by ``neqsc cooler run``. Every result carries both
sides of the energy bookkeeping (J·V̄ with its normal / interference / condensate parts, and the emitted, absorbed
and net η₁ phonon power) next to κ and T_cold.

Bath temperature: the TDGL run is in reduced units at η = 1 − T/Tc. If ``T_b`` differs from the run's temperature,
the reduced solution is reused with η = 1 − T_b/Tc (η₁, Δ0, ξ, t0 and the prefactors are re-evaluated; the
reduced |Ψ(x, τ)| is not re-solved) and the result says so in ``tdgl_rescaled``. A run made by a
:class:`neqsc.tdgl.Wire` fixes T (its δ and ξ belong to that T), so ``T_b`` must then equal the Wire's T.

Plate coupling (``transmission``): ``"diode"`` is the frequency-independent AMM diode of
:mod:`neqsc.phonons.cooler` (κ from p, a₁); ``"amm"`` (mode conversion), ``"amm-nomc"`` (scalar AMM, no mode
conversion) and ``"dmm"`` use the frequency-resolved transmissions of :mod:`neqsc.phonons.transmission`: the plate
cooling power P_C = −∫w_C(ω)⟨F(ω)⟩dω̄ with an optional plate filter, its ideal-filter bound ∫max(−⟨F⟩, 0)dω̄, and the
Joule split a₁ = h_K,C/(h_K,C + h_K,B) of the same interfaces at T_b:
Q̇_c(T_b) = P_C − a₁(J·V̄ − ∫⟨F⟩dω̄), κ = Q̇_c/(J·V̄). In every mode T_cold, the filament temperature and the
responsivities are the steady state of the :mod:`neqsc.phonons.plate` network (:mod:`neqsc.thermal` solver).

Material, cross-section and temperature come from one place (:func:`~neqsc.phonons.tdgl_input.resolve_device`): the
Wire's attrs for a Wire run, the explicit arguments for a reduced run.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.phonons.cooler import CoolerParams, cooling_power, net_cooling_criterion
from neqsc.phonons.energy import electrical_power, energy_balance
from neqsc.phonons.flux import phonon_spectra
from neqsc.phonons.kapitza import amm_diode
from neqsc.phonons.params import PhononMaterial
from neqsc.phonons.plate import diode_network, plate_network, plate_steady_state
from neqsc.phonons.tdgl_input import require, resolve_device
from neqsc.phonons.transmission import Interface, plate_cooling_power

__all__ = ["TRANSMISSIONS", "cooler_from_run", "run_at_temperature", "simulate_psc_run"]

TRANSMISSIONS = ("diode", "amm", "amm-nomc", "dmm")
_MODEL = {"amm": "amm", "amm-nomc": "amm-scalar", "dmm": "dmm"}


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
    transmission: str = "diode",
    plate_filter=None,
    substrate_filter=None,
    spectra: xr.Dataset | None = None,
    **cooler_kw,
) -> xr.Dataset:
    """Cooler result for one TDGL run (SI). ``p``/``a1`` None → from the AMM diode of (filament, plate, substrate).

    ``material`` (name or :class:`PhononMaterial`), ``cross_section`` S (m²) and ``T_b`` (K): for a run made by a
    :class:`neqsc.tdgl.Wire` (or with ``wire`` given for its reduced run) they come from the Wire and explicit values
    must agree with it; the Wire also sets the defaults of the Eq. 14 filament ``thickness`` d (m, must agree if given)
    and ``contact_area`` (m², default length × width: the plate covers the wire's top face). For a reduced run they
    default to ``"Al"``, 1e-16 m² and the run's η.
    ``T_target``: plate temperature (K) for which Eq. 15 is evaluated (default 0.9 T_b).
    ``omega`` (ħω in k_BT), ``gamma`` (Dynes γ in k_BT; default Δ0/δ of the run) and ``form`` (of η₁): as in
    :func:`~neqsc.phonons.flux.phonon_spectra`.
    ``kinetics``/``rate``: as in :func:`~neqsc.phonons.flux.phonon_spectra`; with ``"relaxation"`` the result also
    carries ``first_law_residual``, ``power_to_quasiparticles_W``, ``absorbed_band_power_W`` and
    ``ideal_filter_kappa`` = (absorbed-band power)/(J V̄), the bound for a plate that sees only the absorbing bands.
    ``transmission``: ``"diode"`` (default; p, a₁ as above) or ``"amm"``, ``"amm-nomc"``, ``"dmm"`` (module
    docstring; ``p`` and ``a1`` must then be None); ``plate_filter``, ``substrate_filter``: power transmissions f(ω)
    (ω in rad/s, e.g. :class:`~neqsc.phonons.transmission.LowPassFilter`) in series with each interface
    (frequency-resolved modes only). These add ``plate_cooling_power_W`` (P_C), ``ideal_filter_bound_W``,
    ``bound_fraction``, ``substrate_emission_W``, ``kapitza_a1``, ``G_kapitza_plate_W_per_K``,
    ``G_kapitza_substrate_W_per_K`` (N A h_K at T_b) and ``plate_flux(omega)``. Every mode adds ``T_filament_K``
    (NaN for the diode), ``dT_cold_dP_load_K_per_W``, ``dT_cold_dT_b`` and the network's ``energy_error``.
    ``spectra``: the phonon spectra of this run, material and T_b computed earlier with the same ``kinetics``
    (reused, e.g. across filters; their T must equal T_b to 10⁻⁹ relative).
    ``cooler_kw``: other :class:`~neqsc.phonons.cooler.CoolerParams` fields (k_leak, contact_area, thickness,
    n_filaments, G_parasitic, P_load, absorption_scaling). Returns a Dataset (``neqsc_kind="psc_cooler"``) with
    scalars kappa, Q_c_W, T_cold_K, criterion_threshold, net_cooling, the energy bookkeeping, the diode numbers,
    and the mean spectrum ``mean_flux(omega)``.
    """
    validation.one_of("kinetics", kinetics, ("adiabatic", "relaxation"))
    validation.one_of("transmission", transmission, TRANSMISSIONS)
    if transmission != "diode":
        for name, value in (("p", p), ("a1", a1)):
            if value is not None:
                raise InvalidParameter(name, value, f"None with transmission={transmission!r} (diode parameters)")
    elif plate_filter is not None or substrate_filter is not None:
        raise InvalidParameter("plate_filter", plate_filter, "None with transmission='diode' (use amm, amm-nomc, dmm)")
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
    if spectra is not None:
        _check_spectra(spectra, T_run, kinetics)
        if kinetics == "relaxation":
            form = "full_linearized"
    elif kinetics == "relaxation":
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
    extra: dict = {}
    plate_flux = None
    if transmission == "diode":
        q = cooling_power(bal["phonon_emitted_W"], bal["phonon_absorbed_W"], joule, params)
        net = diode_network(bal["phonon_emitted_W"], bal["phonon_absorbed_W"], joule, params)
    else:
        model = _MODEL[transmission]
        pc = plate_cooling_power(spectra, material.name, plate, substrate, model=model, plate_filter=plate_filter,
                                 substrate_filter=substrate_filter)  # fmt: skip
        ic = Interface(material.name, plate, model, plate_filter)
        ib = Interface(material.name, substrate, model, substrate_filter)
        h_c, h_b = float(ic.kapitza_conductance(T_run)), float(ib.kapitza_conductance(T_run))
        a1_k = h_c / (h_c + h_b)
        p_c, net_ph = pc["cooling_power"].item(), pc["net_power"].item()
        q = p_c - a1_k * (joule - net_ph)
        NA = params.n_filaments * params.contact_area
        net = plate_network(T_b=T_run, leak_conductance=params.leak_conductance, pump=p_c, joule=joule,
                            substrate_emission=net_ph + p_c, plate_interface=ic, substrate_interface=ib,
                            area=params.contact_area, n_filaments=params.n_filaments, G_parasitic=params.G_parasitic,
                            P_load=params.P_load)  # fmt: skip
        bound = pc["ideal_filter_bound"].item()
        extra = {
            "plate_cooling_power_W": (p_c, "W", "P_C = −∫w_C⟨F⟩dω̄ (spectral heat drawn from the plate)"),
            "substrate_emission_W": (net_ph + p_c, "W", "∫w_B⟨F⟩dω̄ (non-thermal heat into the substrate)"),
            "ideal_filter_bound_W": (bound, "W", "∫max(−⟨F⟩, 0)dω̄ (a plate that sees only absorbing bands)"),
            "bound_fraction": (pc["bound_fraction"].item(), "1", "P_C / ideal-filter bound"),
            "ideal_filter_kappa": (bound / joule, "1", "ideal-filter bound / (J V̄)"),
            "kapitza_a1": (a1_k, "1", "Joule split h_K,C/(h_K,C + h_K,B) at T_b"),
            "diode_p": (float("nan"), "1", "not used (frequency-resolved transmission)"),
            "G_kapitza_plate_W_per_K": (NA * h_c, "W/K", "N A h_K(filament/plate) at T_b"),
            "G_kapitza_substrate_W_per_K": (NA * h_b, "W/K", "N A h_K(filament/substrate) at T_b"),
        }
        plate_flux = pc["plate_flux"]
        params = dataclasses.replace(params, a1=a1_k)
    kappa = q / joule
    sol = plate_steady_state(net)
    t_cold = sol["T_cold"].item()
    extra |= {
        "T_filament_K": (sol["T_filament"].item(), "K", "steady filament temperature (network)"),
        "filament_above_Tc": (
            int(sol["T_filament"].item() >= material.Tc),
            "1",
            "1 if the filament's own Joule heat lifts it above Tc (no PSC: outside the model)",
        ),
        "dT_cold_dP_load_K_per_W": (sol["dT_cold_dP_load"].item(), "K/W", "responsivity of T_cold to a plate load"),
        "dT_cold_dT_b": (sol["dT_cold_dT_b"].item(), "1", "responsivity of T_cold to the bath temperature"),
        "energy_error": (sol["energy_error"].item(), "1", "network energy books at the steady state"),
    }
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
    scalars |= extra
    if kinetics == "relaxation":
        scalars["first_law_residual"] = (spectra["first_law_residual"].item(), "1", "|⟨P_ph⟩ − ⟨P_in⟩|/⟨P_in⟩")
        scalars["power_to_quasiparticles_W"] = (spectra["power_to_quasiparticles"].item(), "W", "⟨P_in⟩")
        scalars["absorbed_band_power_W"] = (spectra["absorbed_band_power"].item(), "W", "∫max(−⟨F⟩, 0)dω̄")
        scalars.setdefault(
            "ideal_filter_kappa",
            (
                spectra["absorbed_band_power"].item() / joule,
                "1",
                "upper bound of κ: a plate that exchanges phonons only in the absorbing bands",
            ),
        )
    ds = xr.Dataset(
        {k: ((), float(v), {"units": u, "long_name": n}) for k, (v, u, n) in scalars.items()}
        | {"mean_flux": spectra["mean_flux"]}
        | ({} if plate_flux is None else {"plate_flux": plate_flux.drop_vars("angular_frequency")}),
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
            "transmission": transmission,
            "plate_filter": repr(plate_filter) if plate_filter is not None else "none",
            "gamma_over_kT": spectra.attrs["gamma_over_kT"],
            "cross_section": cross_section,
            "device_source": "wire" if geo is not None else "explicit",
            **{k: v for k, v in cooler_kw.items()},
        },
    )
    return ds


def _check_spectra(spectra: xr.Dataset, T_run: float, kinetics: str) -> None:
    """Refuse precomputed spectra of another temperature or kinetics."""
    if not isinstance(spectra, xr.Dataset) or "mean_flux" not in spectra:
        raise InvalidParameter("spectra", type(spectra).__name__, "a phonon_spectra Dataset with mean_flux")
    T_s = float(spectra.attrs.get("T", np.nan))
    if not np.isclose(T_s, T_run, rtol=1e-9, atol=0.0):
        raise InvalidParameter("spectra", f"T = {T_s:.10g} K", f"spectra at the cooler's T_b = {T_run:.10g} K")
    if ("first_law_residual" in spectra) != (kinetics == "relaxation"):
        raise InvalidParameter("spectra", "kinetics", f"spectra computed with kinetics={kinetics!r}")
