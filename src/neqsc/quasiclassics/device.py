"""SI device parameters and their conversion to the reduced units of the model (paper Table 1, Eq. 2, 6, 11).

ξ = √(ħD/Δ₀) (Eq. 2), R_ξ = ρξ/A = R_wire ξ/l, I₀ = Δ₀/(eR_ξ) (Eq. 6), κ = G R_ξ (Eq. 11), t = k_BT/Δ₀.

Consistency with :mod:`neqsc.materials` (Al): the paper's ρ = R w d/l = 1.58e-7 Ω m (w = 150 nm, d = 8 nm) and
D = 16.9 cm²/s obey 1/ρ = 2e²N0D with the free-electron N0 of the tabulated ε_F; the table's Sommerfeld N0 includes
1 + λ and gives D smaller by ≈ 1.48 for the same ρ. Δ₀ = 265 µeV is a thin-film gap (Tc ≈ 1.74 K vs bulk 1.175 K).
"""

from __future__ import annotations

import dataclasses
import math

from neqsc import validation
from neqsc.constants import e, eV, hbar, k_B
from neqsc.quasiclassics.geometry import Wire
from neqsc.quasiclassics.model import DEFAULT_WIRE_GRID, NonlocalModel

__all__ = ["PAPER_DEVICE", "NonlocalDevice"]


@dataclasses.dataclass(frozen=True)
class NonlocalDevice:
    """A superconducting wire with NIS junctions, in SI units.

    gap0: Δ₀ in J; diffusion: D_N in m²/s; wire_resistance: R in Ω; wire_length: l in m; G_inj, G_det: normal-state
    tunnel conductances in S; T: bath (wire) temperature in K; T_inj, T_det: electrode electron temperatures in K;
    spacing: injector–detector distance in m.
    """

    gap0: float = 265e-6 * eV
    diffusion: float = 16.9e-4
    wire_resistance: float = 1.45e3
    wire_length: float = 11e-6
    G_inj: float = 24.6e-6
    G_det: float = 31.4e-6
    T: float = 24e-3
    T_inj: float = 61e-3
    T_det: float = 37e-3
    spacing: float = 300e-9

    def __post_init__(self) -> None:
        for name in ("gap0", "diffusion", "wire_resistance", "wire_length", "G_inj", "G_det", "spacing"):
            validation.positive(name, getattr(self, name))
        for name in ("T", "T_inj", "T_det"):
            validation.nonnegative(name, getattr(self, name), "K")

    @property
    def xi(self) -> float:
        """ξ = √(ħD/Δ₀) in m (Eq. 2)."""
        return math.sqrt(hbar * self.diffusion / self.gap0)

    @property
    def R_xi(self) -> float:
        """Normal-state resistance of a length ξ of wire, Ω."""
        return self.wire_resistance * self.xi / self.wire_length

    @property
    def I0(self) -> float:
        """I₀ = Δ₀/(eR_ξ) in A (Eq. 6)."""
        return self.gap0 / (e * self.R_xi)

    @property
    def kappa_inj(self) -> float:
        return self.G_inj * self.R_xi

    @property
    def kappa_det(self) -> float:
        return self.G_det * self.R_xi

    def reduced_temperature(self, T: float) -> float:
        return k_B * T / self.gap0

    @property
    def t(self) -> float:
        return self.reduced_temperature(self.T)

    @property
    def t_inj(self) -> float:
        return self.reduced_temperature(self.T_inj)

    @property
    def t_det(self) -> float:
        return self.reduced_temperature(self.T_det)

    @property
    def x_det(self) -> float:
        """Injector–detector distance in ξ."""
        return self.spacing / self.xi

    @property
    def half_length(self) -> float:
        """Half the wire length in ξ (injector at the centre, as in Appendix B)."""
        return 0.5 * self.wire_length / self.xi

    def to_dict(self) -> dict[str, float]:
        return dataclasses.asdict(self)

    def wire(self, half: bool = True) -> Wire:
        """The device's wire in ξ: the half wire of Appendix B (injector at the mirror plane, x = 0) or the full wire.

        ``half``: True — ``Wire(0, half_length, x_det)``; False — ``Wire(half_length, half_length, x_det)`` (no
        units).  Both on the grid :data:`~neqsc.quasiclassics.model.DEFAULT_WIRE_GRID` (h = 0.25 ξ between the
        junctions, growth 1.06, ≤ 3 ξ: g_nl to 1e-3 relative).
        """
        if half:
            return Wire(0.0, self.half_length, self.x_det, **DEFAULT_WIRE_GRID)
        return Wire(self.half_length, self.half_length, self.x_det, **DEFAULT_WIRE_GRID)

    def model(self, eps, *, half_wire: bool = True, **physics) -> NonlocalModel:
        """The reduced :class:`~neqsc.quasiclassics.model.NonlocalModel` of this device (SI → reduced units).

        κ_I = G_inj R_ξ (the whole junction also for the half wire), t = k_BT/Δ₀ for the bath, the injector and
        the detector, the wire of :meth:`wire`.

        Parameters
        ----------
        eps:
            Energy grid ε/Δ₀ (in Δ0).
        half_wire:
            Model the half wire (the paper's Appendix B, default) or the full wire (no units).
        physics:
            Further fields of ``NonlocalModel`` in reduced units: ``gamma`` (Γ in Δ0), ``omega_D`` (in Δ0),
            ``lambda_convention``, ``gamma_ee``, ``ee_exponent`` (dimensionless), ``phase_gradient`` (in 1/ξ);
            unset ones take the model's defaults.
        """
        return NonlocalModel(eps=eps, wire=self.wire(half_wire), kappa_inj=self.kappa_inj, t=self.t,
                             t_inj=self.t_inj, t_det=self.t_det, **physics)  # fmt: skip


#: Paper Table 1: injector A, detector B (junctions 300 nm apart, Methods), 24 mK bath.
PAPER_DEVICE = NonlocalDevice()
