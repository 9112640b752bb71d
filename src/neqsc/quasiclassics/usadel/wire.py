r"""Usadel spectra on a wire with a position-dependent pair potential Δ(x) (beyond the paper; used for Δ(x)).

Reduced units (x in ξ = √(ħD/Δ₀), energies in Δ₀). θ-parametrisation G = cos θ, F = sin θ, real gauge (no phase
gradient other than the uniform depairing ζ)::

    ½ ∂ₓ²θ + i(ε + iΓ) sin θ + Δ(x) cos θ − ζ sin θ cos θ = 0            (Eq. 1 with the gradient term)

The factor ½ matches ξ = √(ħD/Δ₀) (ħD/2 ∂²θ in the standard Usadel equation) and ζ = ½(∂ₓφ)² (Eq. 7).
Boundary conditions: bulk solution of Eq. (1) for the reservoir gap at the reservoir ends; ∂ₓθ = 0 at the injector
end of a half wire (the tunnel junction's inverse proximity effect, O(κ_I), is neglected).

Numerics: conservative finite differences on the wire nodes, Newton's method for all energies at once (one
complex tridiagonal system per energy, Numba Thomas sweep), continued in the imaginary part of the energy from
η = 3 down to Γ like :mod:`~neqsc.quasiclassics.usadel.uniform`; starting guess the local bulk solution.
"""

from __future__ import annotations

import numba
import numpy as np

from neqsc.errors import ConvergenceError
from neqsc.quasiclassics.usadel.uniform import Spectra, uniform_spectra

__all__ = ["wire_spectra"]


@numba.njit(cache=True)
def tridiag_complex(a, b, c, d):  # pragma: no cover - compiled
    """Solve a[i] u[i-1] + b[i] u[i] + c[i] u[i+1] = d[i] for arrays (n_e, n)."""
    n_e, n = d.shape
    out = np.empty_like(d)
    cp = np.empty(n, dtype=np.complex128)
    dp = np.empty(n, dtype=np.complex128)
    for k in range(n_e):
        cp[0] = c[k, 0] / b[k, 0]
        dp[0] = d[k, 0] / b[k, 0]
        for i in range(1, n):
            m = b[k, i] - a[k, i] * cp[i - 1]
            cp[i] = c[k, i] / m
            dp[i] = (d[k, i] - a[k, i] * dp[i - 1]) / m
        out[k, n - 1] = dp[n - 1]
        for i in range(n - 2, -1, -1):
            out[k, i] = dp[i] - cp[i] * out[k, i + 1]
    return out


def wire_spectra(
    eps, x, gap_x, gamma: float, zeta: float = 0.0, *, half_wire: bool = True, tol: float = 1e-11
) -> list[Spectra]:
    """Spectra at every node of ``x`` for the pair potential ``gap_x`` (one per node) with the gradient term.

    Returns one :class:`Spectra` per node (for :func:`~neqsc.quasiclassics.kinetics.solve_kinetics`).

    Parameters (reduced units)
    --------------------------
    eps: energy grid in Δ0. x: node positions in ξ. gap_x: pair potential Δ(x) in Δ0 at each node. gamma: Dynes
    broadening Γ in Δ0 (the solution is continued from Γ = 3 down to it). zeta: depairing ζ = ½(∂ₓφ)² in Δ0.
    half_wire: only the right end is a bulk reservoir (injector end reflecting) instead of both ends. tol:
    Newton tolerance on the spectral angle θ (dimensionless).
    """
    eps = np.asarray(eps, dtype=float)
    x = np.asarray(x, dtype=float)
    gap_x = np.asarray(gap_x, dtype=float)
    n = x.size
    h = np.diff(x)
    vol = np.zeros(n)
    vol[:-1] += 0.5 * h
    vol[1:] += 0.5 * h
    ends = [n - 1] if half_wire else [0, n - 1]
    free = np.ones(n, dtype=bool)
    free[ends] = False
    etas = list(np.geomspace(3.0, max(gamma, 1e-9), 28))
    # local bulk guess at the first (large) η
    theta = np.empty((eps.size, n), dtype=complex)
    for i in range(n):
        et = eps + 1j * etas[0]
        theta[:, i] = np.arctan(1j * gap_x[i] / et)
    history: list[float] = []
    for eta in etas:
        et = (eps + 1j * eta)[:, None]
        # reservoir values: bulk solution at this η
        for i in ends:
            s = uniform_spectra(eps, gap_x[i], eta, zeta) if gap_x[i] > 0 else None
            theta[:, i] = np.arctan(s.F / s.G) if s is not None else 0.0  # branch of the arctan guess
        for _ in range(40):
            sn, cs = np.sin(theta), np.cos(theta)
            local = 1j * et * sn + gap_x * cs - zeta * sn * cs
            dlocal = 1j * et * cs - gap_x * sn - zeta * np.cos(2 * theta)
            r = vol * local
            a = np.zeros_like(theta)
            b = vol * dlocal
            c = np.zeros_like(theta)
            flux = 0.5 * np.diff(theta, axis=1) / h  # ½ ∂θ at faces
            r[:, :-1] += flux
            r[:, 1:] -= flux
            b[:, :-1] -= 0.5 / h
            c[:, :-1] += 0.5 / h
            b[:, 1:] -= 0.5 / h
            a[:, 1:] += 0.5 / h
            r[:, ends] = 0.0
            a[:, ends] = 0.0
            c[:, ends] = 0.0
            b[:, ends] = 1.0
            step = tridiag_complex(a, b, c, -r)
            big = np.abs(step) > 0.5
            step = np.where(big, 0.5 * step / np.abs(np.where(big, step, 1.0)), step)
            theta = theta + step
            if np.max(np.abs(step)) < tol:
                break
        history.append(float(np.max(np.abs(step))))
    if not np.all(np.isfinite(theta)) or history[-1] > 1e-8:
        raise ConvergenceError("Usadel equation on the wire did not converge", history)
    G, F = np.cos(theta), np.sin(theta)
    flip = G.real < 0
    G = np.where(flip, -G, G)
    F = np.where(flip, -F, F)
    return [Spectra(eps, G[:, i], F[:, i], float(gap_x[i]), float(gamma), float(zeta)) for i in range(n)]
