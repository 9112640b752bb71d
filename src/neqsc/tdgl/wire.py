"""A superconducting wire in SI units on top of the reduced 1D generalized TDGL engine.

:class:`Wire` takes a material (:mod:`neqsc.materials`), the geometry and the bath temperature and provides the
scales of the reduced equations actually integrated by :func:`neqsc.tdgl.simulate` (docs/tdgl.md, "SI wire"):

* ξ = √(πħD/(8k_B(Tc − T))) (dirty-limit GL coherence length; positions x = x̄ξ),
* t0 = τ_GL/u = πħ/(8u k_B(Tc − T)) = ξ²/(uD) (times t = τ t0), u = π⁴/(14ζ(3)),
* V0 = ħ/(2e t0) (potentials and voltages, V = V̄V0),
* j0 = σ_n V0/ξ = V0/(ρξ) (current densities), I0 = j0·w·d (currents, I = j̄ I0),
* R_n = ρL/(wd) (normal-state resistance), so that V/(I R_n) = V̄/(j̄ L̄) with L̄ = L/ξ,
* δ = 2τ_εΔ0/ħ with Δ0 = √(8π²/(7ζ(3)))·k_BTc√η (the GL gap unit), η = 1 − T/Tc, and τ_ε(T) from
  :meth:`neqsc.materials.Material.inelastic_time` (Kaplan's τ0 by default) unless ``delta`` or ``tau_inelastic`` is
  given.

The SI layer adds no physics: :meth:`Wire.simulate` and :meth:`Wire.iv_curve` call the reduced engine and attach SI
copies of the results.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import xarray as xr

from neqsc import materials, validation
from neqsc.constants import DELTA0_OVER_KTC_PER_SQRT_ETA, e, hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.tdgl.iv import iv_curve
from neqsc.tdgl.params import J_DEPAIRING, U_DEFAULT
from neqsc.tdgl.simulate import simulate
from neqsc.units import parse_quantity

__all__ = ["DELTA0_OVER_KTC_PER_SQRT_ETA", "Wire", "reduced_units"]

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_REDUCED = re.compile(rf"^\s*({_NUMBER})\s*\*?\s*(Tc|t0)\s*$")
# keywords of the reduced engine that the wire sets itself
_OWN_KEYWORDS = ("j", "length", "delta", "eta", "u")


def _reduced_or_si(text, unit: str, scale_name: str, scale: float, name: str) -> float:
    """``"0.9 Tc"`` / ``"500 t0"`` → value × scale; otherwise an SI float or unit string in ``unit``."""
    if isinstance(text, str):
        match = _REDUCED.match(text)
        if match:
            if match.group(2) != scale_name:
                raise InvalidParameter(name, text, f"a quantity in {unit} or a multiple of {scale_name}")
            return float(match.group(1)) * scale
    return parse_quantity(text, unit, name)


def reduced_units(Tc: float, resistivity: float, diffusion: float, T: float, u: float = U_DEFAULT) -> dict[str, float]:
    """SI values of the units of the reduced TDGL equations at bath temperature T (the one place they are computed).

    Parameters
    ----------
    Tc:
        Critical temperature in K (> 0).
    resistivity:
        Normal-state resistivity ρ in Ω m (> 0).
    diffusion:
        Electron diffusion constant D in m²/s (> 0).
    T:
        Bath temperature in K, 0 < T < Tc.
    u:
        TDGL constant u (dimensionless), π⁴/(14ζ(3)) by default.

    Returns
    -------
    ``T`` (K), ``eta`` = 1 − T/Tc, ``Delta0`` (J, 3.0633 k_BTc√η), ``xi`` (m, √(πħD/(8k_B(Tc − T)))), ``t0`` (s,
    πħ/(8u k_B(Tc − T))), ``V0`` (V, ħ/(2e t0)) and ``j0`` (A/m², V0/(ρξ)). :class:`Wire` and
    :func:`neqsc.phonons.params.tdgl_units` both take their scales from here.
    """
    Tc = validation.positive("Tc", Tc, "K")
    resistivity = validation.positive("resistivity", resistivity, "ohm*m")
    diffusion = validation.positive("diffusion", diffusion, "m^2/s")
    T = validation.in_range("T", T, 0.0, Tc, closed="neither", unit=f"K (0 < T < Tc = {Tc:g} K)")
    dT = Tc - T
    eta = 1.0 - T / Tc
    xi = math.sqrt(math.pi * hbar * diffusion / (8.0 * k_B * dT))
    t0 = math.pi * hbar / (8.0 * u * k_B * dT)
    V0 = hbar / (2.0 * e * t0)
    return {
        "T": T,
        "eta": eta,
        "Delta0": DELTA0_OVER_KTC_PER_SQRT_ETA * k_B * Tc * math.sqrt(eta),
        "xi": xi,
        "t0": t0,
        "V0": V0,
        "j0": V0 / (resistivity * xi),
    }


class Wire:
    """A current-biased superconducting wire (length × width × thickness) at bath temperature T, in SI units.

    Parameters
    ----------
    material:
        Name in the materials table (``"Al"``) or a :class:`~neqsc.materials.Material` (e.g. with film overrides).
        Needs Tc, resistivity and diffusion; τ0 (Kaplan) or Σ (``inelastic_model="eph"``) unless δ is given.
    length, width, thickness:
        Wire dimensions in m (floats) or unit strings (``"2 um"``, ``"100 nm"``). A wire: width, thickness ≤ length.
    T:
        Bath temperature: K (float), a unit string (``"1.05 K"``, ``"950 mK"``) or a fraction of Tc (``"0.9 Tc"``);
        0 < T < Tc.
    delta:
        Override δ = 2τ_εΔ0/ħ (dimensionless, ≥ 0). Default: from τ_ε(T) of the material.
    tau_inelastic:
        Override τ_ε in s (or a unit string, ``"10 ns"``); δ follows. Give at most one of ``delta``, ``tau_inelastic``.
    inelastic_model:
        ``"kaplan"`` (default, τ_ε = τ0/(7ζ(3))·(Tc/T)³) or ``"eph"`` (C_e/G_e-ph from Σ); see
        :meth:`~neqsc.materials.Material.inelastic_time`.
    resistivity, diffusion, Tc:
        Per-device film values (Ω m, m²/s, K; floats or unit strings) applied with
        :meth:`~neqsc.materials.Material.with_overrides` (ρ alone moves D by the Einstein relation, Tc alone moves Δ0).
    """

    def __init__(
        self,
        material: str | materials.Material,
        length: float | str,
        width: float | str,
        thickness: float | str,
        T: float | str,
        *,
        delta: float | None = None,
        tau_inelastic: float | str | None = None,
        inelastic_model: str = "kaplan",
        resistivity: float | str | None = None,
        diffusion: float | str | None = None,
        Tc: float | str | None = None,
    ) -> None:
        mat = material if isinstance(material, materials.Material) else materials.get(material)
        overrides = {}
        for name, value, unit in (
            ("resistivity", resistivity, "ohm*m"),
            ("diffusion", diffusion, "m^2/s"),
            ("Tc", Tc, "K"),
        ):
            if value is not None:
                overrides[name] = parse_quantity(value, unit, name)
        self.material = mat.with_overrides(**overrides)
        self.Tc = self.material.require("Tc")
        self.resistivity = self.material.require("resistivity")
        self.diffusion = self.material.require("diffusion")

        self.length = validation.positive("length", parse_quantity(length, "m", "length"), "m")
        self.width = validation.positive("width", parse_quantity(width, "m", "width"), "m")
        self.thickness = validation.positive("thickness", parse_quantity(thickness, "m", "thickness"), "m")
        for name, value in (("width", self.width), ("thickness", self.thickness)):
            if value > self.length:
                raise InvalidParameter(name, value, f"≤ length = {self.length:.4g} m (a wire is longer than wide)")

        T_value = _reduced_or_si(T, "K", "Tc", self.Tc, "T")
        validation.finite("T", T_value, "K")
        if not 0.0 < T_value < self.Tc:
            raise InvalidParameter(
                "T", T, f"in (0, Tc) = (0, {self.Tc:g}) K for {self.material.name} (the superconducting state)"
            )
        self.T = T_value
        self.eta = 1.0 - self.T / self.Tc
        self.inelastic_model = validation.one_of("inelastic_model", inelastic_model, materials.INELASTIC_MODELS)

        units = reduced_units(self.Tc, self.resistivity, self.diffusion, self.T)
        #: GL order-parameter unit Δ0 = 3.0633 k_BTc√η in J.
        self.Delta0 = units["Delta0"]
        self.xi, self.t0, self.V0, self.j0 = units["xi"], units["t0"], units["V0"], units["j0"]
        self.cross_section = self.width * self.thickness
        self.I0 = self.j0 * self.cross_section
        self.R_n = self.resistivity * self.length / self.cross_section

        if delta is not None and tau_inelastic is not None:
            raise InvalidParameter("tau_inelastic", tau_inelastic, "not together with delta (δ = 2τ_εΔ0/ħ)")
        if delta is not None:
            self.delta = validation.nonnegative("delta", delta)
            self.tau_inelastic = self.delta * hbar / (2.0 * self.Delta0)
            self.delta_source = "given"
        else:
            if tau_inelastic is not None:
                tau = parse_quantity(tau_inelastic, "s", "tau_inelastic")
                self.delta_source = "tau_inelastic given"
            else:
                try:
                    tau = float(self.material.inelastic_time(self.T, model=self.inelastic_model))
                except InvalidParameter as exc:
                    raise InvalidParameter(
                        exc.name,
                        None,
                        "a tabulated value, or pass delta=... or tau_inelastic=... to the Wire",
                        hint=f"δ needs τ_ε from the {self.inelastic_model!r} model",
                    ) from None
                self.delta_source = f"material ({self.inelastic_model})"
            self.tau_inelastic = validation.nonnegative("tau_inelastic", tau, "s")
            self.delta = 2.0 * self.tau_inelastic * self.Delta0 / hbar

    # -- derived scales -------------------------------------------------------------------------------------------

    @property
    def length_reduced(self) -> float:
        """L/ξ: the wire length in the engine's unit."""
        return self.length / self.xi

    @property
    def I_depairing(self) -> float:
        """Depairing current of the uniform GL wire, j_dp·I0 = 2/(3√3)·I0, in A."""
        return J_DEPAIRING * self.I0

    def scales(self) -> dict[str, float | str]:
        """Every scale and wire parameter, names carrying their SI unit (stored as Dataset attrs)."""
        return {
            "material": self.material.name,
            "T_K": self.T,
            "Tc_K": self.Tc,
            "wire_length_m": self.length,
            "wire_width_m": self.width,
            "wire_thickness_m": self.thickness,
            "resistivity_ohm_m": self.resistivity,
            "diffusion_m2_per_s": self.diffusion,
            "xi_m": self.xi,
            "t0_s": self.t0,
            "V0_V": self.V0,
            "j0_A_per_m2": self.j0,
            "I0_A": self.I0,
            "R_n_ohm": self.R_n,
            "Delta0_J": self.Delta0,
            "tau_inelastic_s": self.tau_inelastic,
            "delta_source": self.delta_source,
        }

    def __repr__(self) -> str:
        return (
            f"Wire({self.material.name}, L={self.length:.4g} m, w={self.width:.4g} m, d={self.thickness:.4g} m, "
            f"T={self.T:.4g} K: ξ={self.xi:.4g} m, L/ξ={self.length_reduced:.4g}, t0={self.t0:.4g} s, "
            f"I0={self.I0:.4g} A, V0={self.V0:.4g} V, R_n={self.R_n:.4g} Ω, δ={self.delta:.4g})"
        )

    # -- conversions ------------------------------------------------------------------------------------------------

    def reduced_current(self, current) -> np.ndarray | float:
        """I (A: float, array or unit string like ``"10 uA"``) → j̄ = I/I0."""
        value = parse_quantity(current, "A", "current") if isinstance(current, str) else np.asarray(current, float)
        value = validation.finite("current", value, "A")
        return value / self.I0

    def reduced_time(self, time, name: str = "t_end") -> float:
        """A time as SI seconds (float or ``"50 ns"``) or in t0 (``"500 t0"``) → τ = t/t0."""
        return _reduced_or_si(time, "s", "t0", self.t0, name) / self.t0

    # -- runs -------------------------------------------------------------------------------------------------------

    def _check_keywords(self, kwargs: dict) -> None:
        clash = [k for k in _OWN_KEYWORDS if k in kwargs]
        if clash:
            raise InvalidParameter(clash[0], kwargs[clash[0]], "set by the Wire (pass geometry, T, delta to Wire)")

    def simulate(self, current: float | str, t_end: float | str = "500 t0", **kwargs) -> xr.Dataset:
        """One run at bias ``current`` (A or ``"50 uA"``) for ``t_end`` (s, ``"20 ns"`` or ``"500 t0"``).

        ``kwargs`` go to :func:`neqsc.tdgl.simulate` (interference, boundary, dx, rtol, initial, …; numerics stay in
        reduced units, except ``save_every``, which is read like ``t_end``). Returns the reduced Dataset plus
        ``current`` (t, A), ``voltage_si`` (t, V), coordinates ``time`` (t, s) and ``x_si`` (x, m), attrs
        ``mean_voltage_si`` (V), ``period_si`` (s), ``current_si`` (A) and :meth:`scales`.
        """
        self._check_keywords(kwargs)
        if kwargs.get("save_every") is not None:
            kwargs["save_every"] = self.reduced_time(kwargs["save_every"], "save_every")
        j = float(self.reduced_current(current))
        ds = simulate(j, self.length_reduced, self.delta, self.eta, t_end=self.reduced_time(t_end), **kwargs)
        return self.attach_si(ds)

    def iv_curve(self, currents: Sequence[float] | str, t_per_point: float | str = "200 t0", **kwargs) -> xr.Dataset:
        """I–V by continuation at ``currents`` (A: sequence, or ``"10 uA:90 uA:17"`` / ``"10uA,20uA"``).

        ``t_per_point``: s, unit string or ``"200 t0"``. ``kwargs`` go to :func:`neqsc.tdgl.iv_curve` (direction,
        workers, interference, boundary, dx, …). Returns the reduced Dataset plus coordinate ``current`` (j, A),
        ``voltage`` (direction, j; mean voltage in V), ``period_si`` (s) and :meth:`scales` in attrs.
        """
        from neqsc.units import parse_range

        self._check_keywords(kwargs)
        values = parse_range(currents, "A", "currents") if isinstance(currents, str) else currents
        j = self.reduced_current(values)
        tau = self.reduced_time(t_per_point, "t_per_point")
        ds = iv_curve(np.atleast_1d(j), self.length_reduced, self.delta, self.eta, t_per_point=tau, **kwargs)
        return self.attach_si(ds)

    def attach_si(self, ds: xr.Dataset) -> xr.Dataset:
        """Add SI variables and the scales to a reduced ``tdgl_run`` or ``tdgl_iv`` Dataset of this wire."""
        kind = ds.attrs.get("neqsc_kind")
        ds = ds.copy()
        if kind == "tdgl_run":
            ds = ds.assign_coords(
                time=("t", ds["t"].values * self.t0, {"units": "s", "long_name": "time"}),
                x_si=("x", ds["x"].values * self.xi, {"units": "m", "long_name": "position along the wire"}),
            )
            ds["current"] = ("t", ds["j_bias"].values * self.I0, {"units": "A", "long_name": "bias current"})
            ds["voltage_si"] = ("t", ds["voltage"].values * self.V0, {"units": "V", "long_name": "voltage"})
            ds.attrs["current_si"] = float(ds.attrs["j"]) * self.I0
            ds.attrs["mean_voltage_si"] = float(ds.attrs["mean_voltage"]) * self.V0
            ds.attrs["period_si"] = float(ds.attrs["period"]) * self.t0
        elif kind == "tdgl_iv":
            ds = ds.assign_coords(current=("j", ds["j"].values * self.I0, {"units": "A", "long_name": "bias current"}))
            ds["voltage"] = (
                ds["mean_voltage"].dims,
                ds["mean_voltage"].values * self.V0,
                {"units": "V", "long_name": "time-averaged voltage"},
            )
            ds["period_si"] = (ds["period"].dims, ds["period"].values * self.t0, {"units": "s", "long_name": "period"})
            for key in ("j_switch_up", "j_retrap_down", "hysteresis_width"):
                if key in ds.attrs and isinstance(ds.attrs[key], int | float | np.floating):
                    ds.attrs[key.replace("j_", "I_", 1) + "_A"] = float(ds.attrs[key]) * self.I0
        else:
            raise InvalidParameter("neqsc_kind", kind, "'tdgl_run' or 'tdgl_iv' (a result of neqsc.tdgl)")
        ds.attrs.update(self.scales())
        ds.attrs["si_units"] = (
            "current A, voltage V (voltage_si in a run), time s, x_si m; reduced variables keep their units"
        )
        return ds
