"""A prescribed, exactly periodic PSC history in the ``tdgl_run`` format (tests, demos, benchmarks).

|Ψ(x, τ)| = 1 − A(s) e^{−x²/2w²}, s = (τ mod P)/P, A(s) = A_min + (1 − A_min) sin²(π s^q): |Ψ(0)| falls slowly for
most of the period, touches 0 at s = 2^{−1/q} and recovers fast — the shape of the paper's Fig. 1(b)/2(a).
∂τ|Ψ|² is analytic. φ, j_n, j_int, j_s and V are a simple consistent set (Ohmic field localised at the PSC,
j_int a fixed fraction of j_n, j_s = j − j_n − j_int) so that the energy bookkeeping identities can be tested; they
are **not** a TDGL solution.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc.constants import u_tdgl

__all__ = ["synthetic_psc_run"]


def synthetic_psc_run(
    period: float = 10.0,
    n_periods: float = 4.0,
    nt: int = 801,
    length: float = 30.0,
    nx: int = 301,
    width: float = 1.5,
    a_min: float = 0.3,
    q: float = 4.0,
    j: float = 0.5,
    delta: float = 10.0,
    eta: float = 0.1,
    int_fraction: float = 0.2,
) -> xr.Dataset:
    """Build a synthetic periodic PSC run (t in t0, x in ξ) covering ``n_periods`` periods with ``nt`` snapshots.

    The amplitude is prescribed, |Ψ| = max(0, 1 − a(t)·exp(−x²/2w²)) with a = a_min + (1 − a_min) sin²(π s^q) and
    s the phase of the period in [0, 1); the normal current is the local field E = j(1 − |Ψ|)², the interference
    current ``int_fraction``·E and the supercurrent the rest of ``j``. All quantities are in the reduced TDGL units
    of :func:`neqsc.tdgl.simulate`; the result has the variables and attrs of a TDGL run.

    Parameters
    ----------
    period:
        PSC period in t0.
    n_periods:
        Number of periods covered.
    nt:
        Number of snapshots.
    length:
        Wire length in ξ.
    nx:
        Number of grid points.
    width:
        Width w of the Gaussian dip in ξ.
    a_min:
        Smallest dip depth (dimensionless, in [0, 1]); the dip reaches |Ψ(0)| = 0 once per period.
    q:
        Shape exponent of the dip's time dependence (dimensionless; larger q: later, sharper collapse).
    j:
        Bias current density in j0.
    delta, eta:
        TDGL parameters δ = 2τ_εΔ0/ħ and η = 1 − T/Tc (dimensionless), stored as attributes.
    int_fraction:
        Interference current as a fraction of the normal current (dimensionless).
    """
    t = np.linspace(0.0, period * n_periods, nt)
    x = np.linspace(-length / 2, length / 2, nx)
    s = np.mod(t / period, 1.0)
    a = a_min + (1.0 - a_min) * np.sin(np.pi * s**q) ** 2
    da_dt = (1.0 - a_min) * np.sin(2 * np.pi * s**q) * np.pi * q * s ** (q - 1) / period
    g = np.exp(-(x**2) / (2 * width**2))
    psi = np.clip(1.0 - a[:, None] * g[None, :], 0.0, None)
    dpsi2 = 2.0 * psi * (-da_dt[:, None] * g[None, :])
    # Ohmic field near the core, strongest when |Ψ(0)| is small; V = ∫E dx
    e_field = j * (1.0 - psi) ** 2
    j_n = e_field
    j_int = int_fraction * e_field
    j_s = j - j_n - j_int
    dx = x[1] - x[0]
    cum = np.concatenate([np.zeros((t.size, 1)), np.cumsum(0.5 * (e_field[:, 1:] + e_field[:, :-1]) * dx, axis=1)], 1)
    phi = -(cum - 0.5 * cum[:, -1:])  # antisymmetric, E = −φ'
    voltage = phi[:, 0] - phi[:, -1]
    dims = ("t", "x")
    return xr.Dataset(
        {
            "psi_abs": (dims, psi, {"units": "1"}),
            "psi_phase": (dims, np.zeros_like(psi), {"units": "rad"}),
            "dpsi2_dt": (dims, dpsi2, {"units": "1/t0"}),
            "phi": (dims, phi, {"units": "V0"}),
            "voltage": ("t", voltage, {"units": "V0"}),
            "j_s": (dims, j_s, {"units": "j0"}),
            "j_n": (dims, j_n, {"units": "j0"}),
            "j_int": (dims, j_int, {"units": "j0"}),
        },
        coords={"t": ("t", t, {"units": "t0"}), "x": ("x", x, {"units": "xi"})},
        attrs={
            "neqsc_kind": "tdgl_run",
            "synthetic": "prescribed periodic |Psi| (neqsc.phonons.synthetic)",
            "period": period,
            "mean_voltage": float(np.mean(voltage)),
            "delta": delta,
            "eta": eta,
            "u": u_tdgl,
            "length": length,
            "j": j,
            "boundary": "synthetic",
            "interference": "synthetic",
            "sc_correction": "synthetic",
        },
    )
