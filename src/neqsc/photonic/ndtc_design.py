r"""One design loop for a photonic NDTC device: from a film/resistor description to heater power and drain cooling.

Device (the ``series-film`` topology of Dey et al., PRB 107, 134510 (2023), Fig. 3): a *source* made of a normal
strip (resistance R_series) in series with a superconducting film (normal resistance R_film, critical temperature
Tc), both at one temperature T_S and heated by P_in; a *drain* strip (R_drain) at T_D; lossless lines between them;
phonons at T_bath. Each strip is a :class:`Strip` — material, length, width, thickness — whose resistance
R = ρ l/(w t), volume V = l w t, e-ph constant Σ and exponent n (and Tc of the film) default to the materials table
(:mod:`neqsc.materials`) and are each overridable. Heat balance (Dey et al. Eq. 7)::

    P_in = Q_γ(T_S, T_D) + Σ_s V_s (T_S^n − T_b^n) + P_S,e-ph(T_S, T_b)      (source: series strip + film)
    Q_γ(T_S, T_D) = Σ_d V_d (T_D^n − T_b^n)                                 (drain)

with Q_γ the photonic heat current (:func:`neqsc.photonic.heat_current`, Z_S = R_series + Z_MB(ω, T_S),
Z_D = R_drain) and P_S,e-ph the Timofeev superconducting e-ph power (:mod:`neqsc.thermal.eph`).

Method. The balance is parametrised by T_S instead of P_in: for each T_S the drain equation is one monotonic
equation in T_D (its left side falls and its right side rises with T_D), solved by safeguarded Newton on a cubic
spline of Q_γ(T_S, ·) (Q_γ is smooth in T_D because the drain is a resistor), and then P_in(T_S) is explicit. This
needs one :func:`~neqsc.photonic.heat_current_map` (τ evaluated once per T_S row) instead of a nonlinear solve per
power, and it passes folds of T_S(P_in) if there are any. Responsivities follow by implicit differentiation::

    dT_D/dT_S = a/(G_D − b),   dP_in/dT_S = a + b dT_D/dT_S + G_S,   dT_D/dP_in = (dT_D/dT_S)/(dP_in/dT_S)

(a = ∂Q_γ/∂T_S, b = ∂Q_γ/∂T_D, G_D and G_S the e-ph conductances of drain and source).

Windows. *Heat-current window*: T_S where ∂Q_γ/∂T_S < 0 at T_D = T_bath. *Balance window*: T_S where
∂Q_γ/∂T_S < 0 at the drain temperature the balance gives — where P_in(T_S) rises, exactly where the drain cools
as P_in rises (dT_D/dP_in < 0). Both are located on ∂Q_γ/∂T_S itself by Brent's method
(:func:`~neqsc.photonic.analysis.sign_change`; for the balance window each evaluation solves the drain balance
with the exact heat current, τ(ω) of the source evaluated once per T_S), or at Tc where the sign jumps. The
heater-power range is P_in at the balance window's ends; ΔT_D is the drain cooling across it.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from typing import Any

import numpy as np
import xarray as xr
from scipy.interpolate import CubicSpline

from neqsc import bcs, materials, validation
from neqsc.constants import hbar, k_B
from neqsc.errors import ConvergenceError, InvalidParameter
from neqsc.photonic.analysis import negative_intervals
from neqsc.photonic.elements import MattisBardeenFilm, Resistor, Series
from neqsc.photonic.transport import (
    QuadratureRule,
    _bose_power,
    _bose_power_dT,
    _low_tail,
    _low_tail_dT,
    _tau,
    heat_current_derivatives,
    heat_current_map,
)
from neqsc.units import parse_quantity

__all__ = [
    "DEFAULT_DRAIN",
    "DEFAULT_FILM",
    "DEFAULT_SERIES",
    "Strip",
    "design",
    "design_from_toml",
    "design_summary",
]

_LENGTHS = ("length", "width", "thickness")


@dataclasses.dataclass(frozen=True)
class Strip:
    """A thin-film strip: material and geometry, with every derived constant overridable.

    Parameters
    ----------
    material:
        Name in the materials table (``neqsc materials``).
    length, width, thickness:
        m (floats) or unit strings (``"6 um"``).
    resistance:
        Ω; default ρ·length/(width·thickness) with ρ the table's ``resistivity`` (or ``resistivity``).
    resistivity:
        Ω m; default from the table (a thin film is not the bulk — override with the measured value).
    volume:
        m³; default length·width·thickness.
    sigma_eph, eph_exponent:
        e-ph Σ (W m⁻³ K⁻ⁿ) and n; default from the table.
    Tc:
        K, superconducting film only; default from the table.
    """

    material: str
    length: float | str
    width: float | str
    thickness: float | str
    resistance: float | str | None = None
    resistivity: float | str | None = None
    volume: float | str | None = None
    sigma_eph: float | str | None = None
    eph_exponent: float | None = None
    Tc: float | str | None = None

    def __post_init__(self):
        materials.get(self.material)  # unknown material → InvalidParameter
        for key in _LENGTHS:
            object.__setattr__(self, key, validation.positive(key, parse_quantity(getattr(self, key), "m", key), "m"))
        for key, unit in (("resistance", "ohm"), ("resistivity", "ohm m"), ("volume", "m^3"), ("Tc", "K")):
            value = getattr(self, key)
            if value is not None:
                object.__setattr__(self, key, validation.positive(key, parse_quantity(value, unit, key), unit))
        if self.sigma_eph is not None:
            n = self.n
            value = parse_quantity(self.sigma_eph, f"W m^-3 K^-{n:g}", "sigma_eph")
            object.__setattr__(self, "sigma_eph", validation.nonnegative("sigma_eph", value, "W m^-3 K^-n"))
        if self.eph_exponent is not None:
            validation.in_range("eph_exponent", self.eph_exponent, 1.0, 10.0)

    @classmethod
    def from_spec(cls, spec: Strip | dict, where: str, default: Strip) -> Strip:
        """A :class:`Strip` from itself, or from a dict (TOML table) of fields that override ``default``'s."""
        if isinstance(spec, Strip):
            return spec
        if not isinstance(spec, dict):
            raise InvalidParameter(where, spec, "a Strip or a table of Strip fields")
        known = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(spec) - set(known))
        if unknown:
            raise InvalidParameter(where, unknown, "keys " + ", ".join(known))
        return dataclasses.replace(default, **spec)

    @property
    def _mat(self):
        return materials.get(self.material)

    @property
    def R(self) -> float:
        """Resistance in Ω."""
        if self.resistance is not None:
            return float(self.resistance)
        rho = self._mat.require("resistivity") if self.resistivity is None else float(self.resistivity)
        return rho * self.length / (self.width * self.thickness)

    @property
    def V(self) -> float:
        """Volume in m³."""
        return float(self.volume) if self.volume is not None else self.length * self.width * self.thickness

    @property
    def sigma(self) -> float:
        return self._mat.require("sigma_eph") if self.sigma_eph is None else float(self.sigma_eph)

    @property
    def n(self) -> float:
        return self._mat.require("eph_exponent") if self.eph_exponent is None else float(self.eph_exponent)

    @property
    def critical_temperature(self) -> float:
        return self._mat.require("Tc") if self.Tc is None else float(self.Tc)

    def describe(self) -> dict[str, Any]:
        """SI values actually used (for provenance attrs)."""
        out = {"material": self.material, "R_ohm": self.R, "V_m3": self.V, "sigma_eph": self.sigma, "n": self.n}
        out.update({f"{k}_m": getattr(self, k) for k in _LENGTHS})
        return out


#: default geometry: Dey et al. (2023) Fig. 3 (Ti 6 µm × 700 nm × 25 nm, Cu leads 2 µm × 700 nm × 30 nm);
#: materials constants (ρ, Σ, n, Tc) from the materials table
DEFAULT_FILM = Strip("Ti", 6e-6, 700e-9, 25e-9)
DEFAULT_SERIES = Strip("Cu", 2e-6, 700e-9, 30e-9)
DEFAULT_DRAIN = Strip("Cu", 2e-6, 700e-9, 30e-9)


@dataclasses.dataclass(frozen=True)
class _Device:
    film: Strip
    series: Strip | None
    drain: Strip
    T_bath: float
    gap_model: str
    dynes: float

    @property
    def Tc(self) -> float:
        return self.film.critical_temperature

    def source_element(self):
        film = MattisBardeenFilm(self.film.R, self.Tc, self.gap_model, self.dynes)
        return film if self.series is None else Series(Resistor(self.series.R), film)

    def drain_element(self):
        return Resistor(self.drain.R)

    def source_eph(self, T_S):
        """(P, dP/dT_S) of the source's e-ph losses in W, W/K (vectorised)."""
        from neqsc.thermal.eph import SuperconductingEPh

        T_S = np.atleast_1d(np.asarray(T_S, float))
        sc = SuperconductingEPh(self.film.sigma, self.film.V, self.Tc, self.gap_model)
        h = 1e-5 * T_S  # central difference as in SuperconductingEPh.derivatives, in one vectorised call
        p3 = np.asarray(sc.heat(np.concatenate([T_S, T_S - h, T_S + h]), self.T_bath), float).reshape(3, -1)
        p, dp = p3[0], (p3[2] - p3[1]) / (2.0 * h)
        if self.series is not None:
            s = self.series
            p = p + s.sigma * s.V * (T_S**s.n - self.T_bath**s.n)
            dp = dp + s.sigma * s.V * s.n * T_S ** (s.n - 1)
        return p, dp

    @functools.cached_property
    def _drain_constants(self) -> tuple[float, float]:
        """(Σ V, n) of the drain, looked up once (the Newton loops call :meth:`drain_eph` hundreds of times)."""
        return self.drain.sigma * self.drain.V, self.drain.n

    def drain_eph(self, T_D):
        sv, n = self._drain_constants
        T_D = np.asarray(T_D, float)
        return sv * (T_D**n - self.T_bath**n), sv * n * T_D ** (n - 1)


def _solve_drain_rows(dev: _Device, Z_S, Z_D, T_S: np.ndarray, n_cold: int = 40):
    """T_D(T_S) of the drain balance for each T_S, with a, b = ∂Q_γ/∂T_S, ∂Q_γ/∂T_D and Q_γ there."""
    T_b = dev.T_bath
    # τ ≤ 1 bounds Q_γ by the matched-resistor value, so the drain never exceeds T_top
    q_bound = np.pi * k_B**2 * (T_S.max() ** 2 - T_b**2) / (12 * hbar)
    d = dev.drain
    T_top = min(float(T_S.max()), (q_bound / (d.sigma * d.V) + T_b**d.n) ** (1 / d.n)) * 1.02
    x = np.linspace(0.0, 1.0, n_cold) ** 2  # nodes cluster near T_bath, where the drain usually sits
    T_cold = T_b + (T_top - T_b) * x
    q, dq_h, _ = heat_current_map(Z_S, Z_D, T_S, T_cold, derivatives=True)
    s_q = CubicSpline(T_cold, q.T)
    s_h = CubicSpline(T_cold, dq_h.T)
    rows = np.arange(T_S.size)
    # f(T_D) = Q_γ − P_D decreases in T_D; f(T_b) = Q_γ(T_S, T_b) >= 0; bracketed Newton
    lo = np.full(T_S.size, T_b)
    hi = np.full(T_S.size, T_cold[-1])
    t = np.clip((q[:, 0] / (d.sigma * d.V) + T_b**d.n) ** (1 / d.n), lo, hi)
    for _ in range(60):
        f = s_q(t)[rows, rows] - dev.drain_eph(t)[0]
        df = s_q(t, 1)[rows, rows] - dev.drain_eph(t)[1]
        lo = np.where(f > 0, t, lo)
        hi = np.where(f <= 0, t, hi)
        step = t - f / df
        bad = ~((step > lo) & (step < hi))
        new = np.where(bad, 0.5 * (lo + hi), step)
        if np.all(np.abs(new - t) <= 1e-13 * t):
            t = new
            break
        t = new
    else:
        raise ConvergenceError("drain balance (design)", diagnostics={"max residual W": float(np.max(np.abs(f)))})
    return t, s_h(t)[rows, rows], s_q(t, 1)[rows, rows], s_q(t)[rows, rows], dq_h[:, 0]


def _exact_drain(dev: _Device, Z_S, Z_D, T_S: float, guess: float, rel_step: float = 1e-4):
    """Scalar drain balance solved with the exact heat current; returns (T_D, a, b, Q_γ).

    The source's τ(ω) at T_S and T_S(1 ± rel_step) is evaluated once, on the quadrature rule of
    :func:`~neqsc.photonic.transport.heat_current` for the temperature range [T_bath, T_S] (which contains every
    T_D: the drain is heated by the source only), and reused for every Newton step in T_D: Q_γ(T_S, T_D) and
    ∂Q_γ/∂T_D then need only the Bose factors, differentiated analytically, and a = ∂Q_γ/∂T_S at the root is the
    central difference of τ of :func:`~neqsc.photonic.transport.heat_current_derivatives`. The drain is a
    resistor (its impedance does not depend on T_D). Newton is bracketed by [T_bath, T_S] (Q_γ − P_D is >= 0 at
    T_bath and < 0 at T_S) and stops at a relative step of 1e-12.
    """
    T_b = dev.T_bath
    th, tl = np.array([T_S]), np.array([T_b])
    bp = np.concatenate([Z_S.breakpoints(th).reshape(1, -1), Z_D.breakpoints(tl).reshape(1, -1)], axis=1)
    rule = QuadratureRule(tl, th, bp)
    om, wt = rule.omega[0], rule.weights[0]
    zd = Z_D.impedance(om, T_b)
    h = rel_step * T_S
    tau = _tau(Z_S.impedance(om, T_S), zd)
    dtau = (_tau(Z_S.impedance(om, T_S + h), zd) - _tau(Z_S.impedance(om, T_S - h), zd)) / (2.0 * h)
    wtau = wt * tau
    b_S, tail_S = _bose_power(om, T_S), _low_tail(rule.omega_lo[0], T_S)
    q_S = wtau @ b_S + tau[0] * tail_S

    def q_and_b(t):  # Q_γ(T_S, t) and ∂Q_γ/∂T_D at t (W, W/K)
        return (q_S - wtau @ _bose_power(om, t) - tau[0] * _low_tail(rule.omega_lo[0], t),
                -(wtau @ _bose_power_dT(om, t)) - tau[0] * _low_tail_dT(rule.omega_lo[0], t))  # fmt: skip

    lo, hi = T_b, T_S
    t = min(max(guess, lo), hi)
    for _ in range(100):
        q, b = q_and_b(t)
        p, g = dev.drain_eph(t)
        f = q - p
        if f > 0:
            lo = t
        else:
            hi = t
        t_new = t - f / (b - g)
        if not lo < t_new < hi:
            t_new = 0.5 * (lo + hi)
        if abs(t_new - t) <= 1e-12 * t:
            t = t_new
            break
        t = t_new
    else:
        raise ConvergenceError("drain balance at one T_S (design)", diagnostics={"T_S": T_S, "residual W": float(f)})
    q, b = q_and_b(t)
    b_D, tail_D = _bose_power(om, t), _low_tail(rule.omega_lo[0], t)
    a = wt @ (dtau * (b_S - b_D) + tau * _bose_power_dT(om, T_S)) + dtau[0] * (tail_S - tail_D)
    a += tau[0] * _low_tail_dT(rule.omega_lo[0], T_S)
    return t, float(a), float(b), float(q)


def design(
    film: Strip | dict | None = None,
    series: Strip | dict | bool | None = None,
    drain: Strip | dict | None = None,
    *,
    T_bath: float | str = 0.03,
    gap_model: str = bcs.DEFAULT_GAP_MODEL,
    dynes: float = 0.0,
    n_points: int = 200,
    T_S_range: tuple[float | str, float | str] | None = None,
    xtol: float = 1e-7,
) -> xr.Dataset:
    """Design a series-film photonic NDTC device: window, heater-power range, T_S, T_D and ΔT_D vs P_in.

    Parameters
    ----------
    film:
        The superconducting film: a :class:`Strip`, or a dict of Strip fields overriding :data:`DEFAULT_FILM`
        (Ti, 6 µm × 700 nm × 25 nm).
    series:
        The normal strip in series with the film: Strip or dict overriding :data:`DEFAULT_SERIES` (Cu,
        2 µm × 700 nm × 30 nm); ``False`` for none.
    drain:
        The drain strip: Strip or dict overriding :data:`DEFAULT_DRAIN` (Cu, 2 µm × 700 nm × 30 nm).
    T_bath:
        Phonon (substrate) temperature, K or unit string.
    gap_model:
        Δ(T) of the film: ``"bcs"`` (default, :data:`neqsc.bcs.DEFAULT_GAP_MODEL`) or ``"tanh"``.
    dynes:
        Dynes γ of the film's conductivity (>= 0; > 0 is ~30× slower).
    n_points:
        Points of the balance curve (10…5000), spread over T_S around the balance window.
    T_S_range:
        (min, max) of the curve in T_S (K or unit strings); default: the balance window widened by its width on
        each side (by 0.25 Tc when there is no window).
    xtol:
        Tolerance of the window ends in K (each located to within ``xtol``/2).

    Returns
    -------
    xarray.Dataset
        Dimension ``P_in`` (W): ``T_S``, ``T_D`` (K), ``delta_T_D`` (mK, T_D minus T_D at the window start),
        ``dT_D_dP_in``, ``dT_S_dP_in`` (K/W), ``responsivity`` (mK/pW, = dT_D/dP_in), ``Q_photon``,
        ``P_eph_source``, ``P_eph_drain`` (W), ``ndtc`` (bool, inside the balance window). Attributes: the
        windows and power range (``window_T_S_start``/``_end`` K, ``window_P_in_start``/``_end`` W,
        ``heat_current_window_*`` K at T_D = T_bath), ``delta_T_D_mK``, ``min_responsivity_mK_per_pW``,
        ``T_D_max``, the devices' SI values and ``elapsed_s``. :func:`design_summary` gives a pW/mK table.
    """
    t0 = time.perf_counter()
    film = DEFAULT_FILM if film is None else Strip.from_spec(film, "film", DEFAULT_FILM)
    if series is None or series is True:
        series = DEFAULT_SERIES
    elif series is False:
        series = None
    else:
        series = Strip.from_spec(series, "series", DEFAULT_SERIES)
    drain = DEFAULT_DRAIN if drain is None else Strip.from_spec(drain, "drain", DEFAULT_DRAIN)
    if materials.get(film.material).kind != "superconductor" and film.Tc is None:
        raise InvalidParameter("film.material", film.material, "a superconductor (or give film Tc)")
    T_bath = validation.positive("T_bath", parse_quantity(T_bath, "K", "T_bath"), "K")
    validation.one_of("gap_model", gap_model, bcs.GAP_MODELS)
    n_points = int(validation.in_range("n_points", n_points, 10, 5000))
    validation.positive("xtol", xtol, "K")
    dev = _Device(film, series, drain, T_bath, gap_model, validation.nonnegative("dynes", dynes))
    Tc = dev.Tc
    if T_bath >= Tc:
        raise InvalidParameter("T_bath", T_bath, f"< Tc = {Tc:g} K of the film")
    Z_S, Z_D = dev.source_element(), dev.drain_element()

    def g_hc(T):
        return float(heat_current_derivatives(Z_S, Z_D, T, T_bath)[0])

    def g_balance(T):
        guess = float(np.interp(T, T_S, T_D))
        return _exact_drain(dev, Z_S, Z_D, T, guess)[1]

    # stage 1: coarse T_S grid → the balance window to grid resolution (the map's first T_D column is T_bath)
    coarse = np.unique(np.concatenate([np.linspace(max(1.05 * T_bath, 0.2 * Tc), 1.2 * Tc, 57), [Tc]]))
    _, a_c, _, _, g_bath_c = _solve_drain_rows(dev, Z_S, Z_D, coarse)
    rough = negative_intervals(coarse, a_c, (Tc,))

    # stage 2: the curve on n_points T_S values around the balance window
    if T_S_range is not None:
        lo, hi = (parse_quantity(v, "K", "T_S_range") for v in T_S_range)
        if not T_bath < lo < hi:
            raise InvalidParameter("T_S_range", T_S_range, f"T_bath < min < max (K), T_bath = {T_bath:g} K")
    elif rough:
        w0, w1 = rough[0][0], rough[-1][1]
        width = max(w1 - w0, 0.02 * Tc)
        lo, hi = max(w0 - width, 1.02 * T_bath), w1 + width
    else:
        lo, hi = max(Tc - 0.25 * Tc, 1.02 * T_bath), 1.1 * Tc
    T_S = np.linspace(lo, hi, n_points)
    T_D, a, b, Q, g_bath = _solve_drain_rows(dev, Z_S, Z_D, T_S)

    # window ends on the exact conductance, bracketed on the finest grid that holds them (the curve, else coarse)
    def refined(grid, g, func, coarse_g):
        ws = negative_intervals(grid, g, (Tc,), func, xtol)
        inner = [w for w in negative_intervals(coarse, coarse_g, (Tc,)) if w[0] < lo or w[1] > hi]
        if inner and T_S_range is None:  # a window reaching outside the curve: bracket it on the coarse grid
            ws = negative_intervals(coarse, coarse_g, (Tc,), func, xtol)
        return ws

    windows = refined(T_S, a, g_balance, a_c)
    hc_windows = refined(T_S, g_bath, g_hc, g_bath_c)
    ends = [e for w in windows for e in w if lo <= e <= hi]
    if ends:  # put the window ends on the curve, drain balance solved with the exact heat current
        extra = np.array(sorted(set(ends) - set(T_S.tolist())))
        exact = [_exact_drain(dev, Z_S, Z_D, float(e), float(np.interp(e, T_S, T_D))) for e in extra]
        order = np.argsort(np.concatenate([T_S, extra]), kind="stable")
        T_S = np.concatenate([T_S, extra])[order]
        T_D, a, b, Q = (
            np.concatenate([arr, np.asarray(new, float)])[order]
            for arr, new in (
                (T_D, [x[0] for x in exact]),
                (a, [x[1] for x in exact]),
                (b, [x[2] for x in exact]),
                (Q, [x[3] for x in exact]),
            )
        )
    P_S, G_S = dev.source_eph(T_S)
    P_D, G_D = dev.drain_eph(T_D)
    dTD_dTS = a / (G_D - b)
    dP_dTS = a + b * dTD_dTS + G_S
    P_in = Q + P_S
    inside = np.zeros(T_S.size, dtype=bool)
    for w0, w1 in windows:
        inside |= (T_S >= w0) & (T_S <= w1)

    def win_attr(ws):
        return [float(v) for w in ws for v in w]

    attrs: dict[str, Any] = {
        "neqsc_kind": "photonic_design",
        "Tc": Tc,
        "T_bath": T_bath,
        "gap_model": gap_model,
        "dynes": dev.dynes,
        "heat_current_windows_T_S": win_attr(hc_windows),
        "windows_T_S": win_attr(windows),
        "folds": int(np.sum(np.diff(np.sign(dP_dTS)) != 0)),
        "R_source_normal_ohm": series.R if series is not None else 0.0,
        "R_film_ohm": film.R,
        "R_drain_ohm": drain.R,
        "film": str(film.describe()),
        "series": str(series.describe()) if series is not None else "none",
        "drain": str(drain.describe()),
    }
    if windows:
        (w0, _), (_, w1) = windows[0], windows[-1]
        i0, i1 = int(np.argmin(np.abs(T_S - w0))), int(np.argmin(np.abs(T_S - w1)))
        attrs.update(
            window_T_S_start=float(T_S[i0]),
            window_T_S_end=float(T_S[i1]),
            window_P_in_start=float(P_in[i0]),
            window_P_in_end=float(P_in[i1]),
            T_D_at_window_start=float(T_D[i0]),
            T_D_at_window_end=float(T_D[i1]),
            delta_T_D_mK=float((T_D[i0] - T_D[i1]) * 1e3),
        )
        ref = T_D[i0]
    else:
        ref = T_D[0]
        attrs["delta_T_D_mK"] = 0.0
    resp = dTD_dTS / dP_dTS
    attrs["min_responsivity_mK_per_pW"] = float(np.min(resp) * 1e3 / 1e12)
    attrs["T_D_max"] = float(T_D.max())
    attrs["elapsed_s"] = time.perf_counter() - t0

    def v(data, units, long_name):
        return ("P_in", np.asarray(data, float), {"units": units, "long_name": long_name})

    return xr.Dataset(
        {
            "T_S": v(T_S, "K", "source temperature"),
            "T_D": v(T_D, "K", "drain temperature"),
            "delta_T_D": v((T_D - ref) * 1e3, "mK", "T_D − T_D at the window start (drain cooling < 0)"),
            "dT_D_dP_in": v(resp, "K/W", "responsivity dT_D/dP_in"),
            "dT_S_dP_in": v(1.0 / dP_dTS, "K/W", "dT_S/dP_in"),
            "responsivity": v(resp * 1e3 / 1e12, "mK/pW", "dT_D/dP_in"),
            "Q_photon": v(Q, "W", "photonic heat current source → drain"),
            "P_eph_source": v(P_S, "W", "source e-ph loss"),
            "P_eph_drain": v(P_D, "W", "drain e-ph loss (= Q_photon)"),
            "ndtc": ("P_in", inside, {"long_name": "inside the balance NDTC window"}),
        },
        coords={"P_in": ("P_in", P_in, {"units": "W", "long_name": "heater power on the source"})},
        attrs=attrs,
    )


def design_summary(ds: xr.Dataset) -> dict[str, str]:
    """The design's key numbers as strings in mK and pW (rows of the CLI table).

    Parameters
    ----------
    ds:
        A result of :func:`design` (temperatures in K, powers in W).
    """
    a = ds.attrs

    def mk(x):
        return f"{x * 1e3:.2f}"

    def windows(flat):
        pairs = list(zip(flat[::2], flat[1::2], strict=True))
        return ", ".join(f"{mk(x)}–{mk(y)}" for x, y in pairs) or "none"

    out = {
        "film R_n / series R / drain R (Ω)": f"{a['R_film_ohm']:.4g} / {a['R_source_normal_ohm']:.4g} / "
        f"{a['R_drain_ohm']:.4g}",
        "Tc, T_bath (mK)": f"{mk(a['Tc'])}, {mk(a['T_bath'])}",
        "NDTC window of Q_γ in T_S at T_D = T_bath (mK)": windows(a["heat_current_windows_T_S"]),
        "NDTC window in the balance, T_S (mK)": windows(a["windows_T_S"]),
    }
    if "window_P_in_start" in a:
        out["heater power range (pW)"] = f"{a['window_P_in_start'] * 1e12:.4g} – {a['window_P_in_end'] * 1e12:.4g}"
        out["T_D across it (mK)"] = f"{mk(a['T_D_at_window_start'])} → {mk(a['T_D_at_window_end'])}"
        out["drain cooling ΔT_D (mK)"] = f"{a['delta_T_D_mK']:.3f}"
    else:
        out["heater power range (pW)"] = "none (no NDTC in the balance)"
    out["min dT_D/dP_in (mK/pW)"] = f"{a['min_responsivity_mK_per_pW']:.4g}"
    out["folds of T_S(P_in)"] = str(a["folds"])
    out["curve"] = f"{ds.sizes['P_in']} points, P_in {float(ds.P_in.min()) * 1e12:.4g}–" + (
        f"{float(ds.P_in.max()) * 1e12:.4g} pW"
    )
    out["time (s)"] = f"{a['elapsed_s']:.2f}"
    return out


_DESIGN_KEYS = ("T_bath", "gap_model", "dynes", "n_points", "T_S_range", "xtol")


def design_from_toml(source) -> xr.Dataset:
    """:func:`design` from a TOML file (path) or an already parsed dict.

    Layout: optional tables ``[film]``, ``[series]``, ``[drain]`` (Strip fields overriding the defaults, unit
    strings allowed), ``series = false`` at top level for no series strip, and ``[design]`` with ``T_bath``,
    ``gap_model``, ``dynes``, ``n_points``, ``T_S_range``, ``xtol``::

        [film]
        material = "Al"
        thickness = "50 nm"
        resistance = "200 ohm"
        Tc = "1.2 K"
        [series]
        resistance = "5 ohm"
        [drain]
        resistance = "5 ohm"
        [design]
        T_bath = "20 mK"

    Parameters
    ----------
    source:
        Path of the TOML file, or its parsed dict (values SI or unit strings).
    """
    import tomllib
    from pathlib import Path

    if isinstance(source, dict):
        spec = source
    else:
        try:
            spec = tomllib.loads(Path(source).read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InvalidParameter("DEVICE", str(source), "a readable TOML file", hint=str(exc)) from None
    unknown = sorted(set(spec) - {"film", "series", "drain", "design"})
    if unknown:
        raise InvalidParameter("device", unknown, "tables film, series, drain, design")
    options = dict(spec.get("design", {}))
    bad = sorted(set(options) - set(_DESIGN_KEYS))
    if bad:
        raise InvalidParameter("design", bad, "keys " + ", ".join(_DESIGN_KEYS))
    return design(spec.get("film"), spec.get("series"), spec.get("drain"), **options)
