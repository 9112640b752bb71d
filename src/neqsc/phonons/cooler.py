r"""The PSC cryocooler: cooling power, κ, the net-cooling criterion (Eqs. 14–15) and the steady-state T_cold.

Paper: Mowgood et al., *phase-slip centers as cooling engines*, Sec. 3.2–3.3 (Fig. 3, Eqs. 14–15); the energy-balance
model below is our reconstruction because the paper gives only Eqs. 14–15 ("the focus of future studies").

Nodes: filament F (on the substrate, at T_b), top plate C (cold, T_c), substrate/bath B (T_b).

1. Source: the period-averaged emitted and absorbed η₁ fluxes ⟨F⁺⟩, ⟨F⁻⟩ (W) of :mod:`neqsc.phonons.flux`, and the
   Joule power P_J = J·V̄ (W) of :mod:`neqsc.phonons.energy`. Since ⟨F⁺⟩ = ⟨F⁻⟩ exactly (zero cycle mean),
   both are replaced by F̄ = ½(⟨F⁺⟩ + ⟨F⁻⟩); the numerical difference is reported as ``phonon_net_W``.
2. Diode with efficiency p: a fraction p of the absorbed flux is drawn from the plate, a fraction p of the emitted
   flux goes to the substrate; a₁ of the Joule heat goes to the plate (AMM, :func:`~neqsc.phonons.kapitza.amm_diode`)::

       Q̇_c(T_c) = p F̄ s(T_c) − (1 − p) F̄ − a₁ P_J,      κ = Q̇_c(T_b) / (J V̄)

   s(T_c) = (T_c/T_b)⁴ (``absorption_scaling="debye"``: the plate supplies the absorbed phonons from its Planck
   population, ∝ T_c⁴) or 1 (``"none"``). At T_c = T_b, Q̇_c = (2p − 1)F̄ − a₁P_J.
3. Plate balance for N identical filaments in series (same current, each with its own leak, Eq. 14), a fixed
   parasitic conductance G_par (leads, supports) and a load P_load::

       0 = −N Q̇_c(T_c) + (N k S/d + G_par)(T_b − T_c) + P_load

   The right side decreases monotonically in T_c, so the root is unique (``brentq``). With p = ½, a₁P_J = 0 and
   P_load = 0 the root is T_c = T_b exactly (second law: no pumping without rectification).
4. Net-cooling criterion (Eq. 15): κ > k S (T_b − T_cold)/(d J V̄).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import xarray as xr
from scipy.optimize import brentq

from neqsc import validation
from neqsc.errors import ConvergenceError, InvalidParameter

__all__ = ["CoolerParams", "cooler_map", "cooling_power", "net_cooling_criterion", "steady_state_T_cold"]


@dataclasses.dataclass(frozen=True)
class CoolerParams:
    """Cooler parameters (SI).

    p : diode efficiency in [0, 1]; a1 : Joule fraction to the plate in [0, 1]; T_b : bath temperature (K, > 0);
    k_leak : filament thermal conductivity (W m⁻¹ K⁻¹); contact_area S (m²) and thickness d (m) of Eq. 14;
    n_filaments N >= 1; G_parasitic (W/K) >= 0; P_load (W) >= 0; absorption_scaling ``"debye"`` | ``"none"``.
    """

    p: float = 0.75
    a1: float = 0.0
    T_b: float = 1.0
    k_leak: float = 1.0
    contact_area: float = 1e-14
    thickness: float = 1e-8
    n_filaments: int = 1
    G_parasitic: float = 0.0
    P_load: float = 0.0
    absorption_scaling: str = "debye"

    def __post_init__(self) -> None:
        validation.in_range("p", self.p, 0.0, 1.0)
        validation.in_range("a1", self.a1, 0.0, 1.0)
        validation.positive("T_b", self.T_b, "K")
        validation.positive("k_leak", self.k_leak, "W/(m K)")
        validation.positive("contact_area", self.contact_area, "m^2")
        validation.positive("thickness", self.thickness, "m")
        validation.nonnegative("G_parasitic", self.G_parasitic, "W/K")
        validation.nonnegative("P_load", self.P_load, "W")
        validation.one_of("absorption_scaling", self.absorption_scaling, ("debye", "none"))
        if int(self.n_filaments) != self.n_filaments or self.n_filaments < 1:
            raise InvalidParameter("n_filaments", self.n_filaments, "an integer >= 1")

    @property
    def leak_conductance(self) -> float:
        """k S/d in W/K (Eq. 14)."""
        return self.k_leak * self.contact_area / self.thickness


def _scaling(params: CoolerParams, T_c: float) -> float:
    return (T_c / params.T_b) ** 4 if params.absorption_scaling == "debye" else 1.0


def cooling_power(F_emit: float, F_abs: float, joule: float, params: CoolerParams, T_c: float | None = None) -> float:
    """Q̇_c (W) drawn from the plate by one filament at plate temperature ``T_c`` (default T_b).

    ``F_emit`` and ``F_abs``: period-averaged emitted and absorbed
    phonon fluxes ⟨F⁺⟩, ⟨F⁻⟩ of one filament in W; ``joule``: its Joule power J·V̄ in W; ``params``: the
    :class:`CoolerParams` (SI units). ``T_c`` in K.
    """
    fbar = 0.5 * (validation.nonnegative("F_emit", F_emit, "W") + validation.nonnegative("F_abs", F_abs, "W"))
    joule = validation.nonnegative("joule", joule, "W")
    T_c = params.T_b if T_c is None else validation.positive("T_c", T_c, "K")
    return params.p * fbar * _scaling(params, T_c) - (1.0 - params.p) * fbar - params.a1 * joule


def steady_state_T_cold(F_emit: float, F_abs: float, joule: float, params: CoolerParams) -> float:
    """Steady plate temperature T_cold (K) for N filaments (module docstring, step 3).

    ``F_emit`` and ``F_abs``: period-averaged emitted and absorbed
    phonon fluxes ⟨F⁺⟩, ⟨F⁻⟩ of one filament in W; ``joule``: its Joule power J·V̄ in W; ``params``: the
    :class:`CoolerParams` (SI units).
    """
    N = params.n_filaments
    G = N * params.leak_conductance + params.G_parasitic

    def balance(T_c: float) -> float:
        return -N * cooling_power(F_emit, F_abs, joule, params, T_c) + G * (params.T_b - T_c) + params.P_load

    f_b = balance(params.T_b)
    if f_b == 0.0:
        return params.T_b
    if f_b < 0.0:
        lo, hi = params.T_b * 1e-9, params.T_b
    else:
        lo, hi = params.T_b, 2.0 * params.T_b
        history = []
        while balance(hi) > 0.0:
            history.append(balance(hi))
            hi *= 2.0
            if hi > 1e6 * params.T_b:
                raise ConvergenceError("no upper bracket for T_cold", history, {"T_b": params.T_b})
    return float(brentq(balance, lo, hi, xtol=1e-15 * params.T_b, rtol=4 * np.finfo(float).eps))


def net_cooling_criterion(kappa: float, joule: float, T_cold: float, params: CoolerParams) -> tuple[bool, float]:
    """Eq. 15: (κ > threshold, threshold) with threshold = k S (T_b − T_cold)/(d J V̄).

    ``kappa``: the cooling coefficient κ = Q̇_c/(J V̄) (dimensionless); ``joule``: Joule power J V̄ in W (> 0);
    ``T_cold``: plate temperature in K; ``params``: the :class:`CoolerParams` (leak conductance k S/d in W/K, T_b
    in K). The threshold is dimensionless.
    """
    joule = validation.positive("joule", joule, "W")
    T_cold = validation.positive("T_cold", T_cold, "K")
    threshold = params.leak_conductance * (params.T_b - T_cold) / joule
    return bool(kappa > threshold), float(threshold)


def cooler_map(cases: list[dict], p_values, stacks: list[tuple[str, str]] | None = None, **param_kw) -> xr.Dataset:
    """κ and T_cold over (case, p, stack); T_cold from the :mod:`neqsc.phonons.plate` network (thermal solver).

    ``cases``: dicts with ``F_emit``, ``F_abs``, ``joule`` (W), ``T_b`` (K), ``filament`` (material name) and any
    labels (``J``, ``delta``) that become coordinates. ``stacks``: (plate, substrate) pairs; each gives a₁ from AMM
    (``a1`` in ``param_kw`` overrides). ``param_kw``: other :class:`CoolerParams` fields. ``p_values``: diode
    efficiencies p (dimensionless, in [0, 1]).
    """
    from neqsc.phonons.kapitza import amm_diode
    from neqsc.phonons.plate import diode_network, plate_steady_state

    p_values = np.atleast_1d(np.asarray(p_values, dtype=float))
    stacks = stacks or [("PMMA", "sapphire")]
    shape = (len(cases), p_values.size, len(stacks))
    kappa, tcold, margin, a1s = np.empty(shape), np.empty(shape), np.empty(shape), np.empty((len(cases), len(stacks)))
    for i, case in enumerate(cases):
        validation.positive(f"cases[{i}].joule", case["joule"], "W (a resistive PSC run)")
        for k, (plate, substrate) in enumerate(stacks):
            a1 = param_kw.get("a1", amm_diode(case["filament"], plate, substrate).a1)
            a1s[i, k] = a1
            for j, p in enumerate(p_values):
                kw = {**param_kw, "p": float(p), "a1": a1, "T_b": case["T_b"]}
                params = CoolerParams(**kw)
                q = cooling_power(case["F_emit"], case["F_abs"], case["joule"], params)
                kappa[i, j, k] = q / case["joule"]
                net = diode_network(case["F_emit"], case["F_abs"], case["joule"], params)
                tcold[i, j, k] = plate_steady_state(net)["T_cold"].item()
                margin[i, j, k] = kappa[i, j, k] - net_cooling_criterion(1.0, case["joule"], tcold[i, j, k], params)[1]
    labels = {key: ("case", [c.get(key, np.nan) for c in cases]) for key in ("J", "delta", "T_b")}
    labels["filament"] = ("case", [str(c["filament"]) for c in cases])
    return xr.Dataset(
        {
            "kappa": (("case", "p", "stack"), kappa, {"units": "1", "long_name": "κ = Q̇_c/(J V̄)"}),
            "T_cold": (("case", "p", "stack"), tcold, {"units": "K", "long_name": "steady plate temperature"}),
            "criterion_margin": (("case", "p", "stack"), margin, {"units": "1", "long_name": "κ − Eq. 15 threshold"}),
            "a1": (("case", "stack"), a1s, {"units": "1", "long_name": "Joule fraction to the plate (AMM)"}),
        },
        coords={
            "p": ("p", p_values, {"units": "1", "long_name": "diode efficiency"}),
            "stack": ("stack", [f"{a}/{b}" for a, b in stacks], {"long_name": "plate/substrate"}),
            **labels,
        },
        attrs={"neqsc_kind": "psc_cooler_map", **{k: v for k, v in param_kw.items() if k != "a1"}},
    )
