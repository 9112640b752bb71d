r"""The nonlocal-spectroscopy model in reduced units and the options of its self-consistent solution.

:class:`NonlocalModel` collects everything the solvers of :mod:`neqsc.quasiclassics.maps` need to describe one
device in reduced units (Ryan et al. 2026, Appendix B): the energy grid ε/Δ₀, the :class:`~.geometry.Wire` (lengths
in ξ), κ_I = G_inj R_ξ (Eq. 11; the whole injector junction, also for a half wire), the temperatures
t = k_BT/Δ₀ of the wire, the injector and the detector, the Dynes broadening Γ/Δ₀ (Eq. 1), the Debye cut-off ω_D/Δ₀
and how the coupling λ follows from it (Eq. 8, :func:`~.selfconsistency.gap.coupling_constant`), the e–e collision
strength γ_ee and kernel exponent (Eq. 9, :mod:`~.kinetics.collisions`) and the phase gradient ∂ₓφ·ξ (Eqs. 6, 20).
Build it from SI device parameters with :meth:`neqsc.quasiclassics.device.NonlocalDevice.model`.

:class:`SelfConsistency` holds how Eq. (8) is solved: the Δ(x) approximation (``"constant"`` — Δ(x) ≡ Δ at the
injector, the paper's; ``"local"`` — Δ self-consistent at every node with local spectra; ``"gradient"`` — Δ(x) with
the gradient term of Eq. 1 by pseudo-arclength continuation), tolerances, iteration limits and the continuation
steps.

Defaults (stated here once, used by every solver): Γ = 0.005 Δ₀, ω_D = 10 Δ₀, λ convention ``"paper"``
(λ = 1/arcsinh ω_D), no e–e collisions (γ_ee = 0, kernel exponent 3/2), no phase gradient — the parameters of the
paper's Appendix B; the wire grid :data:`DEFAULT_WIRE_GRID` (g_nl to 1e-3 relative).
"""

from __future__ import annotations

import dataclasses
import types

import numpy as np

from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.quasiclassics.geometry import Wire

__all__ = [
    "DEFAULT_GAMMA",
    "DEFAULT_LAMBDA_CONVENTION",
    "DEFAULT_OMEGA_D",
    "DEFAULT_WIRE_GRID",
    "GAP_PROFILES",
    "NonlocalModel",
    "SelfConsistency",
]

#: Dynes broadening Γ/Δ₀ of the nonlocal model (paper Appendix B).
DEFAULT_GAMMA = 0.005
#: Debye cut-off ω_D/Δ₀ of the gap equation (paper Appendix B).
DEFAULT_OMEGA_D = 10.0
#: How λ follows from ω_D (paper Appendix B: λ = 1/arcsinh ω_D); see ``coupling_constant``.
DEFAULT_LAMBDA_CONVENTION = "paper"
#: Wire grid of a device (:meth:`~neqsc.quasiclassics.device.NonlocalDevice.wire`; ``Wire`` keywords, lengths in ξ):
#: spacing 0.25 ξ between the junctions, growing by 6 % per node up to 3 ξ towards the reservoir.  On the paper
#: device it gives the collision-free g_nl, also where the charge and mode-mixing parts cancel, to < 1e-3 relative
#: of a 10× finer grid (measured 6e-4 at ∂ₓφ = 0.05/ξ, 75 nodes on the half wire).
DEFAULT_WIRE_GRID = types.MappingProxyType({"h_min": 0.25, "growth": 1.06, "h_max": 3.0})
#: The Δ(x) approximations of :class:`SelfConsistency`.
GAP_PROFILES = ("constant", "local", "gradient")


@dataclasses.dataclass(frozen=True, eq=False)
class NonlocalModel:
    """A wire with an injector and a detector junction in reduced units (validated on construction).

    Parameters
    ----------
    eps:
        Energy grid ε/Δ₀ (in Δ0; strictly increasing, at least 3 points). Self-consistent solvers need it to span
        ±``omega_D``; with ``gamma_ee`` > 0 it must be equidistant.
    wire:
        The geometry (lengths in ξ), a :class:`~neqsc.quasiclassics.geometry.Wire`.
    kappa_inj:
        κ_I = G_inj R_ξ of the whole injector junction (dimensionless, > 0).
    t:
        Wire and reservoir temperature k_BT/Δ₀ (dimensionless, >= 0).
    t_inj:
        Injector electrode temperature k_BT_inj/Δ₀ (dimensionless, >= 0; default ``t``).
    t_det:
        Detector electrode temperature k_BT_det/Δ₀ (dimensionless, >= 0; default ``t``).
    gamma:
        Dynes broadening Γ in Δ0 (>= 0; > 0 unless ``phase_gradient`` ≠ 0).
    omega_D:
        Debye cut-off ω_D in Δ0 (> 1).
    lambda_convention:
        How λ is fixed from ω_D, one of ``LAMBDA_CONVENTIONS`` (no units).
    gamma_ee:
        e–e collision strength γ_ee = ħ/(Δ₀τ_ee) (dimensionless, >= 0; 0: elastic).
    ee_exponent:
        Exponent of the e–e kernel (dimensionless, > 0).
    phase_gradient:
        Phase gradient ∂ₓφ in 1/ξ (finite; ζ = ½(∂ₓφ)²).
    """

    eps: np.ndarray
    wire: Wire
    kappa_inj: float
    t: float
    t_inj: float | None = None
    t_det: float | None = None
    gamma: float = DEFAULT_GAMMA
    omega_D: float = DEFAULT_OMEGA_D
    lambda_convention: str = DEFAULT_LAMBDA_CONVENTION
    gamma_ee: float = 0.0
    ee_exponent: float = 1.5
    phase_gradient: float = 0.0

    def __post_init__(self) -> None:
        eps = np.array(validation.finite("eps", self.eps, "Δ0"), dtype=float, ndmin=1)
        if eps.ndim != 1 or eps.size < 3 or np.any(np.diff(eps) <= 0):
            raise InvalidParameter("eps", f"array of shape {eps.shape}", "a strictly increasing 1D grid, >= 3 energies")
        eps.setflags(write=False)
        object.__setattr__(self, "eps", eps)
        if not isinstance(self.wire, Wire):
            raise InvalidParameter("wire", self.wire, "a neqsc.quasiclassics.Wire")
        object.__setattr__(self, "kappa_inj", float(validation.positive("kappa_inj", self.kappa_inj)))
        object.__setattr__(self, "t", float(validation.nonnegative("t", self.t)))
        for name in ("t_inj", "t_det"):
            value = self.t if getattr(self, name) is None else getattr(self, name)
            object.__setattr__(self, name, float(validation.nonnegative(name, value)))
        object.__setattr__(self, "gamma", float(validation.nonnegative("gamma", self.gamma, "Δ0")))
        object.__setattr__(self, "omega_D", float(validation.in_range("omega_D", self.omega_D, 1.0, np.inf,
                                                                      closed="neither", unit="Δ0")))  # fmt: skip
        from neqsc.quasiclassics.selfconsistency.gap import LAMBDA_CONVENTIONS  # gap imports this module's users

        validation.one_of("lambda_convention", self.lambda_convention, LAMBDA_CONVENTIONS)
        object.__setattr__(self, "gamma_ee", float(validation.nonnegative("gamma_ee", self.gamma_ee)))
        object.__setattr__(self, "ee_exponent", float(validation.positive("ee_exponent", self.ee_exponent)))
        object.__setattr__(self, "phase_gradient", float(validation.finite("phase_gradient", self.phase_gradient)))
        if self.gamma == 0 and self.phase_gradient == 0:
            raise InvalidParameter("gamma", 0.0, "> 0 Δ0 when phase_gradient = 0 (the BCS edge is singular)")

    @property
    def zeta(self) -> float:
        """Orbital depairing ζ = ½(∂ₓφ)² in Δ0 (Eq. 20)."""
        return 0.5 * self.phase_gradient**2

    def replace(self, **changes) -> NonlocalModel:
        """A copy with ``changes`` (field names as in the constructor, same units), validated again.

        Parameters
        ----------
        changes:
            New values by field name (reduced units, as documented on the class).
        """
        return dataclasses.replace(self, **changes)

    def to_attrs(self) -> dict:
        """The scalar fields as a flat dict for Dataset attributes (reduced units; the grid is not included)."""
        names = ("kappa_inj", "t", "t_inj", "t_det", "gamma", "omega_D", "lambda_convention", "gamma_ee",
                 "ee_exponent", "phase_gradient")  # fmt: skip
        out = {k: getattr(self, k) for k in names}
        out.update(x_detector=float(self.wire.x_detector), length_left=self.wire.length_left,
                   length_right=self.wire.length_right)  # fmt: skip
        return out


@dataclasses.dataclass(frozen=True)
class SelfConsistency:
    """How the gap equation (Eq. 8) is solved along an injector-bias sweep (validated on construction).

    Parameters
    ----------
    gap_profile:
        ``"constant"`` (Δ(x) ≡ Δ at the injector, the paper's), ``"local"`` (Δ self-consistent at every node with
        local spectra) or ``"gradient"`` (Δ(x) with the gradient term of Eq. 1, pseudo-arclength continuation in
        the bias; needs ``phase_gradient`` = 0 and ``gamma_ee`` = 0) (no units).
    sweep:
        ``"up"`` or ``"down"``: where Δ(x) is multivalued, the stable solution a sweep in this direction reaches
        (``"gradient"`` only; no units).
    gap_tol:
        Tolerance on Δ in Δ0 (> 0); the ``"gradient"`` profile uses min(``gap_tol``, 1e-10) on max|R|.
    max_iter:
        Largest number of iterations of the gap loop (``"constant"``, ``"local"``; dimensionless, >= 1).
    max_steps:
        Largest number of arclength steps per traced branch (``"gradient"``; dimensionless, >= 1).
    ds:
        Initial arclength step (``"gradient"``) in Δ0 in the metric ds² = |dΔ|² + (``v_weight`` dv)² (> 0).
    ds_min, ds_max:
        Smallest (stall) and largest arclength step in Δ0 (0 < ``ds_min`` <= ``ds`` <= ``ds_max``).
    v_weight:
        Weight of the bias in the arclength metric (dimensionless, > 0).
    fold_tol:
        Folds are refined to |Δs| < ``fold_tol``·ds (dimensionless, in (0, 1)).
    """

    gap_profile: str = "constant"
    sweep: str = "up"
    gap_tol: float = 1e-8
    max_iter: int = 40
    max_steps: int = 60
    ds: float = 0.05
    ds_min: float = 1e-4
    ds_max: float = 0.4
    v_weight: float = 0.1
    fold_tol: float = 1e-4

    def __post_init__(self) -> None:
        validation.one_of("gap_profile", self.gap_profile, GAP_PROFILES)
        validation.one_of("sweep", self.sweep, ("up", "down"))
        validation.positive("gap_tol", self.gap_tol, "Δ0")
        for name in ("max_iter", "max_steps"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
                raise InvalidParameter(name, value, "an integer >= 1")
        validation.positive("ds_min", self.ds_min, "Δ0")
        validation.in_range("ds", self.ds, self.ds_min, np.inf, unit="Δ0")
        validation.in_range("ds_max", self.ds_max, self.ds, np.inf, unit="Δ0")
        validation.positive("v_weight", self.v_weight)
        validation.in_range("fold_tol", self.fold_tol, 0.0, 1.0, closed="neither")

    def replace(self, **changes) -> SelfConsistency:
        """A copy with ``changes`` (field names as in the constructor), validated again.

        Parameters
        ----------
        changes:
            New values by field name (units as documented on the class; no units of its own).
        """
        return dataclasses.replace(self, **changes)
