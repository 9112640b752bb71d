r"""Composable impedance elements Z(ω, T) for photonic heat transport (engineering sign, e^{+iωt}).

Every element has ``impedance(omega, T)``: ``omega`` in rad/s (> 0, any array shape), ``T`` in K (> 0, broadcast
against ``omega``) → complex Ω with Im Z > 0 for an inductive response.  Elements are frozen dataclasses,
validated on construction.

=====================  ===========================================================================================
element                impedance
=====================  ===========================================================================================
``Resistor(R)``        Z = R
``Capacitor(C)``       Z = 1/(iωC)
``Inductor(L)``        Z = iωL
``MattisBardeenFilm``  Z = R_n/(σ₁ − iσ₂) (Dey et al. PRB 107, 134510, Sec. III A; σ from
                       :func:`~neqsc.photonic.conductivity.mattis_bardeen` with Δ(T) BCS or tanh)
``NISJunction``        Z = R_T(T)/(1 + iωR_T(T)C) — zero-bias tunnel resistance ∥ geometric capacitance
                       (Pioldi et al. 2025, junction impedance, reconstructed)
``Series(*e)``         Z = Σ Z_k
``Parallel(*e)``       Z = 1/Σ(1/Z_k)
=====================  ===========================================================================================

``breakpoints(T)`` returns the angular frequencies (rad/s) at which Z(ω) has a kink (2Δ(T)/ħ for a film); the
heat-current quadrature puts panel edges there.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

import numpy as np

from neqsc import bcs, validation
from neqsc.constants import hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.photonic.conductivity import mattis_bardeen_reduced
from neqsc.photonic.conductivity_dynes import dynes_conductivity_interpolated
from neqsc.photonic.tunneling import tunnel_conductance_ratio

__all__ = [
    "Capacitor",
    "Element",
    "Inductor",
    "MattisBardeenFilm",
    "NISJunction",
    "Parallel",
    "Resistor",
    "Series",
]


def _omega_T(omega, T):
    omega = np.asarray(validation.positive("omega", omega, "rad/s"), dtype=float)
    T = np.asarray(validation.positive("T", T, "K"), dtype=float)
    return omega, T


class Element:
    """Base class: a two-terminal linear element with a temperature-dependent impedance."""

    #: True when Z does not depend on T (lets callers skip re-evaluation)
    temperature_independent: bool = True

    def impedance(self, omega, T):  # pragma: no cover - abstract
        raise NotImplementedError

    def breakpoints(self, T) -> np.ndarray:
        """Angular frequencies (rad/s) where Z(ω, T) is not smooth; shape ``T.shape + (k,)``."""
        return np.zeros((*np.shape(T), 0))

    def temperature_kinks(self) -> tuple[float, ...]:
        """Temperatures (K) at which Z(ω, T) is not smooth in T (Tc of a superconductor)."""
        return ()

    def _shape(self, omega, T):
        return np.broadcast_shapes(np.shape(omega), np.shape(T))


@dataclasses.dataclass(frozen=True)
class Resistor(Element):
    """Ohmic resistor, ``R`` in Ω (> 0)."""

    R: float

    def __post_init__(self):
        object.__setattr__(self, "R", validation.positive("R", self.R, "ohm"))

    def impedance(self, omega, T):
        omega, T = _omega_T(omega, T)
        return np.full(self._shape(omega, T), self.R, dtype=complex)


@dataclasses.dataclass(frozen=True)
class Capacitor(Element):
    """Capacitor, ``C`` in F (> 0): Z = 1/(iωC)."""

    C: float

    def __post_init__(self):
        object.__setattr__(self, "C", validation.positive("C", self.C, "F"))

    def impedance(self, omega, T):
        omega, T = _omega_T(omega, T)
        return np.broadcast_to(1.0 / (1j * omega * self.C), self._shape(omega, T)).copy()


@dataclasses.dataclass(frozen=True)
class Inductor(Element):
    """Inductor, ``L`` in H (> 0): Z = iωL."""

    L: float

    def __post_init__(self):
        object.__setattr__(self, "L", validation.positive("L", self.L, "H"))

    def impedance(self, omega, T):
        omega, T = _omega_T(omega, T)
        return np.broadcast_to(1j * omega * self.L, self._shape(omega, T)).copy()


@dataclasses.dataclass(frozen=True)
class MattisBardeenFilm(Element):
    """Superconducting film with Mattis–Bardeen impedance Z = R_n/(σ₁ − iσ₂).

    Parameters
    ----------
    R_n:
        Normal-state resistance in Ω (> 0).
    Tc:
        Critical temperature in K (> 0).
    gap_model:
        ``"bcs"`` (self-consistent Δ(T), the package default :data:`neqsc.bcs.DEFAULT_GAP_MODEL`) or ``"tanh"``
        (Δ₀tanh(1.74√(Tc/T − 1)), Dey et al.; Δ₀ = 1.764k_BTc).
    dynes:
        Dynes broadening γ = Γ/Δ(T) (>= 0). 0: BCS Mattis–Bardeen (:mod:`~neqsc.photonic.conductivity`);
        > 0: Nam's generalisation with Dynes Green's functions (:mod:`~neqsc.photonic.conductivity_dynes`), from
        a spline table built once per γ (≈ 0.7 s CPU; relative error ≤ 2e-5 against the quadrature).
    """

    R_n: float
    Tc: float
    gap_model: Literal["bcs", "tanh"] = bcs.DEFAULT_GAP_MODEL
    dynes: float = 0.0
    temperature_independent = False

    def __post_init__(self):
        object.__setattr__(self, "R_n", validation.positive("R_n", self.R_n, "ohm"))
        object.__setattr__(self, "Tc", validation.positive("Tc", self.Tc, "K"))
        validation.one_of("gap_model", self.gap_model, ("bcs", "tanh"))
        object.__setattr__(self, "dynes", validation.nonnegative("dynes", self.dynes))

    def gap(self, T):
        """Δ(T) in J for ``T`` in K (vectorised)."""
        return bcs.gap(T, self.Tc, model=self.gap_model)

    def conductivity(self, omega, T):
        """σ/σ_n = σ₁ − iσ₂ at ``omega`` (rad/s) and ``T`` (K), broadcast."""
        omega, T = _omega_T(omega, T)
        shape = self._shape(omega, T)
        # Δ(T) is evaluated once per distinct temperature, then broadcast over ω
        delta = np.broadcast_to(np.asarray(self.gap(T)), np.shape(T))
        with np.errstate(divide="ignore"):
            w = np.where(delta > 0, hbar * omega / np.where(delta > 0, delta, 1.0), np.inf)
            t = np.where(delta > 0, k_B * T / np.where(delta > 0, delta, 1.0), 0.0)
        if self.dynes > 0:
            return dynes_conductivity_interpolated(np.broadcast_to(w, shape), np.broadcast_to(t, shape), self.dynes)
        return mattis_bardeen_reduced(np.broadcast_to(w, shape), np.broadcast_to(t, shape))

    def impedance(self, omega, T):
        return self.R_n / self.conductivity(omega, T)

    def breakpoints(self, T):
        return (2.0 * np.asarray(self.gap(T)) / hbar)[..., None]

    def temperature_kinks(self):
        return (self.Tc,)


@dataclasses.dataclass(frozen=True)
class NISJunction(Element):
    """NIS tunnel junction in linear response: R_T(T) ∥ C.

    The whole junction (N and S) is at the temperature ``T`` passed to :meth:`impedance`.

    Parameters
    ----------
    R_N:
        Normal-state tunnel resistance in Ω (> 0).
    C:
        Junction capacitance in F (> 0).
    Tc:
        Critical temperature of the S electrode in K (> 0).
    dynes:
        Dynes parameter γ = Γ/Δ (>= 0).
    gap_model:
        ``"bcs"`` (default, :data:`neqsc.bcs.DEFAULT_GAP_MODEL`) or ``"tanh"`` for Δ(T); the whole junction (N
        and S) is at the temperature ``T`` passed to :meth:`impedance`.
    """

    R_N: float
    C: float
    Tc: float
    dynes: float = 1e-4
    gap_model: Literal["bcs", "tanh"] = bcs.DEFAULT_GAP_MODEL
    temperature_independent = False

    def __post_init__(self):
        object.__setattr__(self, "R_N", validation.positive("R_N", self.R_N, "ohm"))
        object.__setattr__(self, "C", validation.positive("C", self.C, "F"))
        object.__setattr__(self, "Tc", validation.positive("Tc", self.Tc, "K"))
        object.__setattr__(self, "dynes", validation.nonnegative("dynes", self.dynes))
        validation.one_of("gap_model", self.gap_model, ("bcs", "tanh"))

    def tunnel_resistance(self, T):
        """Zero-bias tunnel resistance R_T(T) in Ω, ``T`` in K (vectorised); inf if G_T underflows (γ = 0, T ≪ Tc)."""
        g = np.asarray(tunnel_conductance_ratio(T, self.Tc, self.dynes, self.gap_model))
        with np.errstate(divide="ignore"):
            r = self.R_N / g
        return float(r) if r.ndim == 0 else r

    def impedance(self, omega, T):
        omega, T = _omega_T(omega, T)
        # R_T depends on T only: evaluate on the distinct temperatures, then broadcast over ω
        flat, inverse = np.unique(T.ravel(), return_inverse=True)
        g_t = (tunnel_conductance_ratio(flat, self.Tc, self.dynes, self.gap_model) / self.R_N)[inverse]
        # admittance form: a BCS junction (γ = 0) deep below Tc has G_T → 0 (underflow) and stays a capacitor
        return 1.0 / (g_t.reshape(T.shape) + 1j * omega * self.C)

    def breakpoints(self, T):
        return np.zeros((*np.shape(T), 0))

    def temperature_kinks(self):
        return (self.Tc,)


class _Composite(Element):
    """Shared behaviour of :class:`Series` and :class:`Parallel`: a tuple of sub-elements."""

    elements: tuple

    def __init__(self, *elements: Element):
        _check_elements(elements)
        object.__setattr__(self, "elements", tuple(elements))

    @property
    def temperature_independent(self):  # type: ignore[override]
        return all(e.temperature_independent for e in self.elements)

    def breakpoints(self, T):
        return np.concatenate([e.breakpoints(T) for e in self.elements], axis=-1)

    def temperature_kinks(self):
        return tuple(sorted({k for e in self.elements for k in e.temperature_kinks()}))


@dataclasses.dataclass(frozen=True, init=False)
class Series(_Composite):
    """Elements in series: Z = Σ Z_k."""

    elements: tuple

    def impedance(self, omega, T):
        return sum(e.impedance(omega, T) for e in self.elements)


@dataclasses.dataclass(frozen=True, init=False)
class Parallel(_Composite):
    """Elements in parallel: Z = 1/Σ(1/Z_k)."""

    elements: tuple

    def impedance(self, omega, T):
        branches = [np.asarray(e.impedance(omega, T), dtype=complex) for e in self.elements]
        # exact resonances of ideal L/C combinations: a branch with Z = 0 shorts the whole element (Z = 0); zero
        # total admittance (an LC tank at anti-resonance) is an open circuit, Z = ∞, which transmits nothing
        shorted = np.logical_or.reduce([z == 0 for z in branches])
        admittance = sum(1.0 / np.where(z == 0, 1.0, z) for z in branches)
        is_open = (admittance == 0) & ~shorted
        safe = np.where(is_open | shorted, 1.0, admittance)
        return np.where(shorted, 0j, np.where(is_open, complex(np.inf, 0.0), 1.0 / safe))


def _check_elements(elements) -> None:
    if len(elements) == 0:
        raise InvalidParameter("elements", elements, "at least one impedance element")
    for e in elements:
        if not isinstance(e, Element):
            raise InvalidParameter("elements", e, "neqsc.photonic elements (Resistor, Capacitor, ...)")
