r"""The nonequilibrium quasiparticle distribution δn_ε(x, t) of a TDGL run (paper Eq. 11).

    δn_ε = α ∂t|Δ| = ¼ cosh⁻²(ε/2T) [R₂/N₁](ε; |Δ|) · τ_ε∂t|Δ|/k_BT                       (Eq. 11, c_α = ¼)

In TDGL units τ_ε∂t|Δ|/k_BT = (δ/2)(ħ/(t0 k_BT)) ∂τ|Ψ| with ħ/(t0 k_BT) = 8uη/(π(1 − η)). The rate
comes from the run's ``dpsi2_dt`` = ∂τ|Ψ|²: R₂ ∝ |Δ| so R₂/|Ψ| is finite and δn = ¼ sech² (R₂/|Ψ|)/N₁ · ½∂τ|Ψ|² ·
(δ/2)(8uη/(π(1−η))) stays regular at the PSC core where ∂τ|Ψ| itself is singular.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.constants import u_tdgl
from neqsc.phonons.spectral import ALPHA_FACTOR, gamma_from_delta, gap_over_T, validate_gamma
from neqsc.phonons.tdgl_input import require

__all__ = ["delta_n_from_run"]


def delta_n_from_run(run: xr.Dataset, eps=None, x: float = 0.0, gamma: float | None = None) -> xr.Dataset:
    """δn_ε(t) at the grid point nearest ``x`` (ξ units) for energies ``eps`` (k_BT units, default 0–8).

    ``gamma``: Dynes γ in k_BT (default Δ0/δ of the run). Returns a Dataset with ``delta_n(t, eps)`` and
    ``psi_abs(t)``, ``dpsi2_dt(t)`` at that point.
    """
    require(run, ("psi_abs", "dpsi2_dt"), ("delta", "eta"))
    eta = validation.in_range("tdgl_run.eta", run.attrs["eta"], 0.0, 1.0, closed="neither")
    delta = validation.positive("tdgl_run.delta", run.attrs["delta"])
    t_over_tc = 1.0 - eta
    gamma = gamma_from_delta(delta, t_over_tc) if gamma is None else validate_gamma(gamma)
    eps = np.linspace(0.0, 8.0, 161) if eps is None else validation.nonnegative("eps", np.asarray(eps, float))
    point = run.sel(x=x, method="nearest")
    psi = np.asarray(point["psi_abs"].values, dtype=float)
    rate2 = np.asarray(point["dpsi2_dt"].values, dtype=float)
    d0 = float(gap_over_T(1.0, t_over_tc))
    z = eps[None, :] + 1j * gamma
    gap = psi[:, None] * d0
    s = np.sqrt((z - gap) * (z + gap))
    s = np.where(s.imag < 0, -s, s)
    n1 = (z / s).real
    r2_over_psi = (d0 / s).real
    ex = np.exp(-eps)
    sech2 = 4.0 * ex / (1.0 + ex) ** 2
    rate_scale = 0.5 * delta * 8.0 * u_tdgl * eta / (math.pi * t_over_tc)
    dn = ALPHA_FACTOR * sech2[None, :] * r2_over_psi / n1 * 0.5 * rate2[:, None] * rate_scale
    return xr.Dataset(
        {
            "delta_n": (("t", "eps"), dn, {"units": "1", "long_name": "δn_ε = α ∂t|Δ| (Eq. 11)"}),
            "psi_abs": ("t", psi, {"units": "1"}),
            "dpsi2_dt": ("t", rate2, {"units": "1/t0"}),
        },
        coords={"t": run["t"], "eps": ("eps", eps, {"units": "k_B T", "long_name": "ε/k_BT"})},
        attrs={
            "neqsc_kind": "psc_delta_n",
            "x": float(point["x"]),
            "gamma_over_kT": gamma,
            "delta": delta,
            "eta": eta,
        },
    )
