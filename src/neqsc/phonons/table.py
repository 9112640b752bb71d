r"""Tabulated η₁(ω, |Ψ|) and its |Ψ|-antiderivative G, for cheap spectra of long TDGL histories.

The table holds η₁ on a uniform |Ψ| grid (default 121 points on [0, 1.2]) × the requested ω grid, computed with
the FFT path of :mod:`neqsc.phonons.eta1`. Between |Ψ| nodes η₁ is interpolated linearly (η₁ ∝ |Ψ| near 0, so
linear is exact there), and

    G(ω, |Ψ|) = ∫₀^{|Ψ|} η₁(ω, a) da                                   (exact antiderivative)

is the exact integral of that piecewise-linear η₁ (piecewise quadratic). Because η₁(ω; |Ψ|) ∂t|Ψ| = ∂t G(ω, |Ψ|),
the wire flux averaged over a step is the **difference** of Σ_x G between snapshots — the cycle average then
telescopes to zero exactly (to round-off) at every ω, since η₁∂t|Ψ| = ∂tG.

Evaluating Σ_x w_x K(ω, |Ψ(x,t)|) for every snapshot is a sparse "histogram" of interpolation weights per snapshot
(``np.bincount``) followed by one dense matrix product with the table: O(N_t N_x + N_t N_ψ N_ω).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from neqsc import validation
from neqsc.errors import InvalidParameter
from neqsc.phonons.eta1 import FORMS, eta1_grid
from neqsc.phonons.spectral import gap_over_T, validate_gamma, validate_T_over_Tc

__all__ = ["Eta1Table", "build_table"]


@dataclasses.dataclass(frozen=True)
class Eta1Table:
    """η₁ tabulated on (|Ψ|, ω). ``omega`` in k_BT units; ``eta`` has shape (n_psi, n_omega)."""

    omega: np.ndarray
    psi: np.ndarray
    eta: np.ndarray
    G: np.ndarray
    slope0: np.ndarray  # ∂η₁/∂|Ψ| at |Ψ| = 0, used for η₁/|Ψ| near the PSC core
    T_over_Tc: float
    gamma: float
    form: str

    @property
    def dpsi(self) -> float:
        return float(self.psi[1] - self.psi[0])

    def _cell(self, psi_abs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        psi_abs = np.asarray(psi_abs, dtype=float)
        if psi_abs.size and (np.nanmin(psi_abs) < 0 or np.nanmax(psi_abs) > self.psi[-1]):
            raise InvalidParameter(
                "psi_abs",
                float(np.nanmax(psi_abs)),
                f"values in [0, {self.psi[-1]:g}] (the η₁ table range)",
                hint="build the table with a larger psi_max",
            )
        if not np.all(np.isfinite(psi_abs)):
            raise InvalidParameter("psi_abs", "NaN/inf", "finite values")
        pos = psi_abs / self.dpsi
        m = np.minimum(pos.astype(np.int64), self.psi.size - 2)
        return m, pos - m

    def eta_at(self, psi_abs) -> np.ndarray:
        """η₁(ω, |Ψ|) by linear interpolation; shape psi_abs.shape + (n_omega,)."""
        m, u = self._cell(psi_abs)
        return self.eta[m] * (1.0 - u)[..., None] + self.eta[m + 1] * u[..., None]

    def G_at(self, psi_abs) -> np.ndarray:
        """G(ω, |Ψ|) = ∫₀^|Ψ| η₁ da (exact for the piecewise-linear η₁); shape psi_abs.shape + (n_omega,)."""
        m, u = self._cell(psi_abs)
        d = self.dpsi
        w0 = (d * (u - 0.5 * u * u))[..., None]
        w1 = (0.5 * d * u * u)[..., None]
        return self.G[m] + w0 * self.eta[m] + w1 * self.eta[m + 1]

    def wire_sum_G(self, psi_abs: np.ndarray, wx: np.ndarray, chunk: int = 512) -> np.ndarray:
        """Σ_x w_x G(ω, |Ψ(t, x)|) for ``psi_abs`` of shape (n_t, n_x); returns (n_t, n_omega).

        Processed in blocks of ``chunk`` snapshots so the sparse-weight temporaries stay small.
        """
        nt = psi_abs.shape[0]
        out = np.empty((nt, self.omega.size))
        stacked = np.vstack([self.G, self.eta])
        for a in range(0, nt, chunk):
            out[a : a + chunk] = self._g_weights(psi_abs[a : a + chunk], wx) @ stacked
        return out

    def _g_weights(self, psi_abs: np.ndarray, wx: np.ndarray) -> np.ndarray:
        m, u = self._cell(psi_abs)
        nt, nx = psi_abs.shape
        npsi = self.psi.size
        d = self.dpsi
        base = (np.arange(nt)[:, None] * (2 * npsi) + m).ravel()
        w = np.broadcast_to(wx, (nt, nx)).ravel()
        uf = u.ravel()
        acc = np.bincount(base, w, minlength=nt * 2 * npsi)
        acc += np.bincount(base + npsi, w * d * (uf - 0.5 * uf * uf), minlength=nt * 2 * npsi)
        acc += np.bincount(base + npsi + 1, w * 0.5 * d * uf * uf, minlength=nt * 2 * npsi)
        return acc.reshape(nt, 2 * npsi)

    def wire_sum_eta_over_psi(self, psi_abs: np.ndarray, wts: np.ndarray, chunk: int = 512) -> np.ndarray:
        """Σ_x wts(t,x) η₁(ω, |Ψ|)/|Ψ| for arrays (n_t, n_x); regular at |Ψ| = 0 (uses ∂η₁/∂|Ψ| there)."""
        ratio = np.empty_like(self.eta)
        ratio[1:] = self.eta[1:] / self.psi[1:, None]
        ratio[0] = self.slope0
        npsi = self.psi.size
        nt = psi_abs.shape[0]
        out = np.empty((nt, self.omega.size))
        for a in range(0, nt, chunk):
            m, u = self._cell(psi_abs[a : a + chunk])
            n = m.shape[0]
            base = (np.arange(n)[:, None] * npsi + m).ravel()
            wf, uf = wts[a : a + chunk].ravel(), u.ravel()
            acc = np.bincount(base, wf * (1.0 - uf), minlength=n * npsi)
            acc += np.bincount(base + 1, wf * uf, minlength=n * npsi)
            out[a : a + chunk] = acc.reshape(n, npsi) @ ratio
        return out


def build_table(
    omega, T_over_Tc: float = 0.9, gamma: float = 0.3, form: str = "corrected", psi_max: float = 1.2, n_psi: int = 121
) -> Eta1Table:
    """Tabulate η₁ on ``n_psi`` values of |Ψ| in [0, psi_max] and the ω grid ``omega`` (k_BT units).

    ``gamma`` is the Dynes broadening in k_BT units; ``form`` as in :func:`neqsc.phonons.eta1.eta1_grid`.
    """
    t = validate_T_over_Tc(T_over_Tc)
    gamma = validate_gamma(gamma)
    form = validation.one_of("form", form, FORMS)
    psi_max = validation.positive("psi_max", psi_max)
    if int(n_psi) < 3:
        raise InvalidParameter("n_psi", n_psi, ">= 3")
    omega = np.asarray(omega, dtype=float)
    psi = np.linspace(0.0, psi_max, int(n_psi))
    gaps = gap_over_T(psi, t)
    eta = eta1_grid(omega, gaps, gamma, form)
    G = np.zeros_like(eta)
    G[1:] = np.cumsum(0.5 * (eta[1:] + eta[:-1]) * (psi[1] - psi[0]), axis=0)
    small = 1e-4 * psi_max
    slope0 = eta1_grid(omega, gap_over_T([small], t), gamma, form)[0] / small
    return Eta1Table(omega, psi, eta, G, slope0, t, gamma, form)
