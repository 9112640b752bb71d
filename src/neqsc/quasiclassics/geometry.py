"""Wire geometry and its position grid (lengths in ξ = √(ħD/Δ₀)).

The injector junction sits at x = 0, the detector at ``x_detector``; equilibrium (superconducting) reservoirs at
x = −``length_left`` and x = ``length_right``.  ``length_left = 0`` is the paper's half-wire model (Appendix B): the
mirror-symmetric wire with the injector at its centre, of which one branch is modelled.  κ_I = G_inj R_ξ always
means the whole injector junction: half of its tunnel current enters the modelled branch, so the kinetic boundary
condition uses ``injector_share`` · κ_I (½ for a half wire, Eq. 11), and g_nl/(G_inj G_det) is the same for the
half- and the full-wire set-up.

The grid is uniform (spacing ``h_min``) between the junctions and grows geometrically (ratio ``growth``, capped at
``h_max``) towards the reservoirs; both junctions are nodes.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from neqsc import validation
from neqsc.errors import InvalidParameter

__all__ = ["PAPER_WIRE", "Wire"]


@dataclasses.dataclass(frozen=True)
class Wire:
    """A 1D wire with an injector at x = 0 and a (probe) detector at ``x_detector`` (all in units of ξ).

    Parameters
    ----------
    length_left, length_right:
        Lengths of the branches left and right of the injector in ξ (``length_left`` = 0: half-wire model).
    x_detector:
        Detector position in ξ.
    h_min:
        Grid spacing between injector and detector in ξ.
    growth:
        Ratio of successive grid steps beyond them (dimensionless, in [1, 2]).
    h_max:
        Largest grid step in ξ.
    """

    length_left: float = 84.6
    length_right: float = 84.6
    x_detector: float = 4.62
    h_min: float = 0.1
    growth: float = 1.08
    h_max: float = 2.0

    def __post_init__(self) -> None:
        validation.nonnegative("length_left", self.length_left, "ξ")
        validation.positive("length_right", self.length_right, "ξ")
        validation.in_range("x_detector", self.x_detector, -self.length_left, self.length_right, unit="ξ")
        validation.positive("h_min", self.h_min, "ξ")
        validation.in_range("growth", self.growth, 1.0, 2.0)
        validation.positive("h_max", self.h_max, "ξ")
        if self.length_left == 0 and self.x_detector < 0:
            raise InvalidParameter("x_detector", self.x_detector, ">= 0 for a half wire (length_left = 0)")

    @property
    def half(self) -> bool:
        """True for the half-wire model (injector at the left end)."""
        return self.length_left == 0

    @property
    def injector_share(self) -> float:
        """Fraction of the injector's tunnel conductance that feeds the modelled wire: ½ for a half wire, else 1."""
        return 0.5 if self.half else 1.0

    def nodes(self) -> tuple[np.ndarray, int, int]:
        """(x, index of the injector node, index of the detector node)."""
        a, b = sorted((0.0, float(self.x_detector)))
        n_mid = max(1, int(np.ceil((b - a) / self.h_min - 1e-9))) if b > a else 0
        mid = np.linspace(a, b, n_mid + 1) if n_mid else np.array([a])
        right = b + self._stretched(self.length_right - b)
        left = a - self._stretched(self.length_left + a)[::-1] if self.length_left + a > 0 else np.array([])
        x = np.concatenate([left, mid, right])
        i_inj = int(np.argmin(np.abs(x)))
        i_det = int(np.argmin(np.abs(x - self.x_detector)))
        return x, i_inj, i_det

    def _stretched(self, length: float) -> np.ndarray:
        if length <= 0:
            return np.array([])
        steps, total, h = [], 0.0, self.h_min
        while total < length:
            steps.append(h)
            total += h
            h = min(h * self.growth, self.h_max)
        steps = np.asarray(steps) * (length / total)
        return np.cumsum(steps)


#: Geometry of the paper's device: 11 µm wire, injector at its centre, junctions 300 nm apart (ξ = 65 nm).
PAPER_WIRE = Wire(length_left=11e-6 / 2 / 65e-9, length_right=11e-6 / 2 / 65e-9, x_detector=300e-9 / 65e-9)
