"""Parameters of the 1D generalized TDGL model (physics) and of its time integrator (numerics).

Dimensionless units (paper Appendix A): x in ξ(T), time in t0 = τ_GL/u, φ in ħ/(2e t0),
current density in j0 = σ_n ħ/(2e t0 ξ), Ψ = Δ/Δ0. The coefficients of the current law (A.2)/(A.3) are

* c₁ (supercurrent correction −c₁θ'∂τ|Ψ|²): ``"as_printed"`` 2δ√(η/u) (A.2, A.3, B.9 — used for the paper's
  figures), ``"converted"`` 2δ√(ηu) (unit conversion of Eq. (2)), or ``"off"``;
* c₂ (interference current): (2/π)√(ηu) (A.2), zero when ``interference="off"``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np

from neqsc import constants, validation
from neqsc.errors import InvalidParameter

#: u = π⁴/(14ζ(3)) = 5.7882 (the paper prints ≈ 5.798; the expression is used).
U_DEFAULT = constants.u_tdgl
#: Depairing current of the uniform GL wire in j0 units, 2/(3√3).
J_DEPAIRING = 2.0 / (3.0 * math.sqrt(3.0))

BOUNDARIES = ("banks", "normal_leads", "pinned")
INTERFERENCE = ("exact", "paper_approx", "off")
SC_CORRECTION = ("as_printed", "converted", "off")
METHODS = ("auto", "ros34pw2", "ros2")
#: the automatic grid spacing for banks, clip(DX_AUTO_CORE/δ, DX_AUTO_MIN, DX_AUTO_MAX) in ξ: the slip core's
#: structure of width ~1/δ adds grid error to ⟨V⟩ until dx ≲ 1.5/δ (docs/tdgl.md, "Grid error")
DX_AUTO_CORE = 1.5
DX_AUTO_MIN, DX_AUTO_MAX = 0.05, 0.1
#: largest δ at which the default numerics are validated to 1e-3 on ⟨V⟩ (docs/tdgl.md, "Default accuracy")
DELTA_VALIDATED = 30.0


class UnresolvedCoreWarning(UserWarning):
    """A resistive TDGL run outside the validated numerics: banks with dx > 1.5/δ (the slip core of width ~1/δ is
    not resolved) or δ > 30 (beyond the range where the defaults are checked against converged runs)."""


def normalise_interference(value) -> str:
    """Accept True/False as aliases of "exact"/"off"."""
    if value is True:
        return "exact"
    if value is False or value is None:
        return "off"
    return validation.one_of("interference", value, INTERFERENCE)


@dataclasses.dataclass(frozen=True)
class TDGLParameters:
    """Physical parameters (all dimensionless).

    j: bias current density in j0 (constant; ``j_rate`` adds a linear ramp j(τ) = j + j_rate·τ).
    length: wire length L in ξ(T). delta: δ = 2τ_εΔ0/ħ ≥ 0. eta: (Tc − T)/Tc in (0, 1). u: GL time ratio.
    interference: "exact" | "paper_approx" | "off". sc_correction: "as_printed" | "converted" | "off".
    boundary: "banks" (A.7–A.9) | "normal_leads" (Ψ = 0) | "pinned" (Ψ = 1).
    phonon_term: optional callable p(|Ψ|) (dimensionless, P/η of Eq. 3); None = 0 (paper's assumption).
    weak_spot: optional (x0, width, depth): ε(x) = 1 − depth·exp(−((x − x0)/width)²) replaces 1 in (A.1).
    noise: amplitude of an optional Langevin term: after each accepted step Re Ψ and Im Ψ at every interior node
    receive noise·√(dt/h)·N(0, 1) (white in space and time; a seeding/perturbation tool, not a calibrated thermal
    bath). seed: seed of that noise (None: unseeded).
    """

    j: float
    length: float
    delta: float = 10.0
    eta: float = 0.1
    u: float = U_DEFAULT
    interference: str = "exact"
    sc_correction: str = "as_printed"
    boundary: str = "banks"
    j_rate: float = 0.0
    phonon_term: Callable | None = None
    weak_spot: tuple[float, float, float] | None = None
    noise: float = 0.0
    seed: int | None = None

    def __post_init__(self) -> None:
        validation.finite("j", self.j)
        validation.positive("length", self.length, "ξ")
        validation.nonnegative("delta", self.delta)
        validation.in_range("eta", self.eta, 0.0, 1.0, closed="neither")
        validation.positive("u", self.u)
        object.__setattr__(self, "interference", normalise_interference(self.interference))
        validation.one_of("sc_correction", self.sc_correction, SC_CORRECTION)
        validation.one_of("boundary", self.boundary, BOUNDARIES)
        validation.finite("j_rate", self.j_rate)
        if self.weak_spot is not None:
            if len(self.weak_spot) != 3:
                raise InvalidParameter("weak_spot", self.weak_spot, "a tuple (x0, width, depth)")
            validation.finite("weak_spot.x0", self.weak_spot[0], "ξ")
            validation.positive("weak_spot.width", self.weak_spot[1], "ξ")
            validation.in_range("weak_spot.depth", self.weak_spot[2], 0.0, 2.0)
        validation.nonnegative("noise", self.noise)
        if self.seed is not None and (not isinstance(self.seed, int | np.integer) or self.seed < 0):
            raise InvalidParameter("seed", self.seed, "a non-negative integer or None")
        if self.phonon_term is not None and not callable(self.phonon_term):
            raise InvalidParameter("phonon_term", self.phonon_term, "a callable p(|Ψ|) or None")

    @property
    def c1(self) -> float:
        """Coefficient of the supercurrent correction −c₁θ'∂τ|Ψ|² in (A.2)."""
        if self.sc_correction == "as_printed":
            return 2.0 * self.delta * math.sqrt(self.eta / self.u)
        if self.sc_correction == "converted":
            return 2.0 * self.delta * math.sqrt(self.eta * self.u)
        return 0.0

    @property
    def c2(self) -> float:
        """Coefficient (2/π)√(ηu) of the interference current in (A.2); 0 when switched off."""
        return 0.0 if self.interference == "off" else 2.0 / math.pi * math.sqrt(self.eta * self.u)

    def epsilon_profile(self, x: np.ndarray) -> np.ndarray:
        """ε(x): 1 everywhere, or reduced at the weak spot."""
        if self.weak_spot is None:
            return np.ones_like(x)
        x0, width, depth = self.weak_spot
        return 1.0 - depth * np.exp(-(((x - x0) / width) ** 2))

    def phonon_table(self, n: int = 4001, psi_max: float = 2.0) -> np.ndarray:
        """p(|Ψ|) tabulated on |Ψ| = linspace(0, psi_max, n) (linear interpolation in the kernel); empty if None."""
        if self.phonon_term is None:
            return np.zeros(0)
        grid = np.linspace(0.0, psi_max, n)
        values = np.asarray([float(self.phonon_term(a)) for a in grid])
        validation.finite("phonon_term(|Ψ|)", values)
        return values

    def as_attrs(self) -> dict:
        return {
            "j": float(self.j),
            "length": float(self.length),
            "delta": float(self.delta),
            "eta": float(self.eta),
            "u": float(self.u),
            "interference": self.interference,
            "sc_correction": self.sc_correction,
            "boundary": self.boundary,
            "j_rate": float(self.j_rate),
            "c1": self.c1,
            "c2": self.c2,
            "phonon_term": "none" if self.phonon_term is None else repr(self.phonon_term),
            "weak_spot": "none" if self.weak_spot is None else list(map(float, self.weak_spot)),
            "noise": float(self.noise),
            "seed": -1 if self.seed is None else int(self.seed),
        }


@dataclasses.dataclass(frozen=True)
class Numerics:
    """Integrator settings.

    dx: grid spacing in ξ (≤ 0.5; rounded down so that L/dx is an even integer and x = 0 is a node), or "auto"
    (the default): for banks clip(1.5/δ, 0.05, 0.1) — 0.1 up to δ = 15, 0.075 at δ = 20, 0.05 from δ = 30 on: the
    slip core, whose ∂τ|Ψ|² peaks within |Ψ| ≲ 1/δ, adds grid error to ⟨V⟩ until dx ≲ 1.5/δ; 0.1 for normal leads
    and pinned ends, where dx = 0.1 already gives ≤ 2.5e-4 at δ = 30 in all but one drifting point (see :meth:`spacing`,
    docs/tdgl.md).
    rtol, atol: local error tolerances of the adaptive step (max over nodes and bank phases; per node ROS2 takes the
    larger Ψ component, ROS34PW2 max(|e_phase|, min(1 + δ²|Ψ|², 1000)|e_amp|), see docs/tdgl.md "Error control").
    dt_init, dt_max, dt_min: step sizes in t0 (dt_max caps the step well below the PSC period).
    adaptive: False integrates with the fixed step ``dt_init`` (used for convergence-order tests).
    save_every: time between saved snapshots in t0 (None: t_end/1000).
    eps_reg: dimensionless; no longer used (the c₁ link term θ'∂τ|Ψ|² has no division by |Ψ|² to regularise),
    accepted so that existing calls keep working.
    max_steps: hard limit on accepted + rejected steps (ConvergenceError beyond).
    rotation: rate of the integrating factor exp(−iω(x)τ) of each step — "potential" (ω = φ at the step start),
    "measured" (ω = φ plus the offset between each node's phase velocity over the last accepted step and φ;
    removes the rotation of Ψ where it is static in the lab frame, e.g. next to normal leads) or "auto"
    ("measured" for normal leads and pinned ends, "potential" for banks: MEASURED fastest for each, see
    docs/tdgl.md).
    method: time integrator — "ros2" (second order), "ros34pw2" (third order, four stages with the same W and
    integrating factor) or "auto" ("ros34pw2" for banks: largest ⟨V⟩ time error at the defaults 2e-6 / 7e-4 for
    δ ≤ 1 / ≤ 10 instead of 1e-3 / 2e-3, at median 0.6× the wall time; "ros2" for normal leads and pinned ends,
    whose time error is already ≤ 1e-5 at the dt_max cap, where ROS34PW2 would cost 2× per step; see
    docs/tdgl.md).
    order: spatial order of the discretisation — 2 (three-point Laplacian, link supercurrent Im(Ψ_l*Ψ_{l+1})/h, φ by
    the midpoint rule) or 4, the default (five-point Laplacian, the conservative fourth-order link flux whose
    differences are that Laplacian's Im(Ψ*∂²Ψ), φ with its fourth-order correction; the c₁ term keeps its link
    form; grids of fewer than 6 intervals fall back to order 2). Both need dx ≲ 1.5/δ for the slip core
    (docs/tdgl.md, "Fourth-order grid").
    """

    dx: float | str = "auto"
    rtol: float = 1e-3
    atol: float = 1e-5
    dt_init: float = 1e-3
    dt_max: float = 0.05
    dt_min: float = 1e-10
    adaptive: bool = True
    save_every: float | None = None
    eps_reg: float = 1e-4
    max_steps: int = 100_000_000
    rotation: str = "auto"
    method: str = "auto"
    order: int = 4

    def __post_init__(self) -> None:
        if isinstance(self.dx, str):
            validation.one_of("dx", self.dx, ("auto",))
        else:
            validation.in_range("dx", self.dx, 0.0, 0.5, closed="right", unit="ξ (must resolve ξ)")
        validation.in_range("rtol", self.rtol, 0.0, 0.1, closed="right")
        validation.positive("atol", self.atol)
        validation.positive("dt_init", self.dt_init, "t0")
        validation.positive("dt_max", self.dt_max, "t0")
        validation.positive("dt_min", self.dt_min, "t0")
        if self.save_every is not None:
            validation.positive("save_every", self.save_every, "t0")
        validation.nonnegative("eps_reg", self.eps_reg)
        validation.positive("max_steps", self.max_steps)
        validation.one_of("rotation", self.rotation, ("auto", "potential", "measured"))
        validation.one_of("method", self.method, METHODS)
        validation.one_of("order", self.order, (2, 4))

    def rotation_frame(self, boundary: str) -> str:
        """The integrating-factor rate actually used for a wire with this ``boundary``."""
        if self.rotation != "auto":
            return self.rotation
        return "potential" if boundary == "banks" else "measured"

    def time_method(self, boundary: str) -> str:
        """The time integrator actually used for a wire with this ``boundary``."""
        if self.method != "auto":
            return self.method
        return "ros34pw2" if boundary == "banks" else "ros2"

    def spacing(self, delta: float, boundary: str = "banks") -> float:
        """The grid spacing asked for, in ξ: ``dx``, or for ``dx="auto"`` clip(1.5/δ, 0.05, 0.1) with banks and 0.1
        otherwise."""
        if self.dx != "auto":
            return float(self.dx)
        if boundary != "banks" or delta <= 0.0:
            return DX_AUTO_MAX
        return min(DX_AUTO_MAX, max(DX_AUTO_MIN, DX_AUTO_CORE / delta))

    def grid(self, length: float, delta: float, boundary: str = "banks") -> tuple[int, float, np.ndarray]:
        """(number of intervals N (even), spacing h ≤ :meth:`spacing`, node positions from −L/2 to L/2)."""
        n = math.ceil(length / self.spacing(delta, boundary))
        n += n % 2
        n = max(n, 4)
        x = np.linspace(-0.5 * length, 0.5 * length, n + 1)
        return n, length / n, x

    def as_attrs(self) -> dict:
        d = dataclasses.asdict(self)
        d["adaptive"] = int(self.adaptive)
        d["save_every"] = float("nan") if self.save_every is None else float(self.save_every)
        return d
