r"""Weighted nonlinear least squares with covariance-based 1σ uncertainties, shared by the fits of this package.

For data y_i with 1σ errors σ_i and a model m(x_i; p), :func:`least_squares_fit` minimises
χ² = Σ [(y_i − m_i)/σ_i]² with :func:`scipy.optimize.least_squares` (trust-region reflective, bounds allowed) and
returns the covariance C = (JᵀJ)⁻¹ of the weighted residuals' Jacobian J at the optimum (Gauss–Newton, exact for a
linear model; Press et al., *Numerical Recipes* §15.5). If the σ_i are not known, unit weights are used and C is
multiplied by χ²_red (the residual scatter estimates σ, as in ``curve_fit(absolute_sigma=False)``).

Parameters are optimised in user-chosen scales (``scale``) so the problem is well conditioned; the results are
returned in SI (or the unit given per parameter).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
from scipy.optimize import least_squares

from neqsc import validation
from neqsc.errors import ConvergenceError, InvalidParameter

__all__ = ["FitResult", "least_squares_fit"]


@dataclasses.dataclass(frozen=True)
class FitResult:
    """Best-fit parameters with 1σ uncertainties.

    Attributes
    ----------
    names, values, errors, units:
        Free parameters, their best values, 1σ uncertainties (square roots of the covariance diagonal) and units.
    covariance:
        Covariance matrix of the free parameters (in ``units``).
    chi2_red:
        χ²/(n − p) with the supplied σ (≈ 1 for a good model and correct σ). If σ was estimated from the residuals
        (``sigma_known`` False) it is the residual variance instead and is 1 by construction after rescaling.
    dof:
        Degrees of freedom n − p.
    fixed:
        Parameters held fixed, ``name -> value`` (same unit conventions).
    sigma_known:
        Whether the data uncertainties were supplied (absolute σ) or estimated from the scatter.
    model:
        Short name of the model fitted.
    """

    names: tuple[str, ...]
    values: np.ndarray
    errors: np.ndarray
    units: tuple[str, ...]
    covariance: np.ndarray
    chi2_red: float
    dof: int
    fixed: dict
    sigma_known: bool
    model: str

    def __getitem__(self, name: str) -> tuple[float, float]:
        """``(value, 1σ error)`` of a free parameter, or ``(value, 0.0)`` of a fixed one."""
        if name in self.names:
            i = self.names.index(name)
            return float(self.values[i]), float(self.errors[i])
        if name in self.fixed:
            return float(self.fixed[name]), 0.0
        raise KeyError(name)

    def as_dict(self) -> dict:
        """Plain-data summary (JSON-serialisable) for Dataset attributes and reports."""
        out = {
            "model": self.model,
            "chi2_red": float(self.chi2_red),
            "dof": int(self.dof),
            "sigma_known": bool(self.sigma_known),
        }
        for name, value, err, unit in zip(self.names, self.values, self.errors, self.units, strict=True):
            out[name] = {"value": float(value), "error": float(err), "unit": unit}
        out["fixed"] = {k: float(v) for k, v in self.fixed.items()}
        return out

    def rows(self, display: dict[str, tuple[str, float]] | None = None) -> list[tuple[str, str, str]]:
        """Table rows ``(parameter, value ± error, unit)``; ``display`` maps name → (unit label, factor from SI)."""
        display = display or {}
        rows = []
        for name, value, err, unit in zip(self.names, self.values, self.errors, self.units, strict=True):
            label, factor = display.get(name, (unit, 1.0))
            rows.append((name, f"{value * factor:.5g} ± {err * factor:.2g}", label))
        rows.append(("χ²_red", f"{self.chi2_red:.3f}" if self.sigma_known else "σ from residuals", f"dof {self.dof}"))
        return rows


def least_squares_fit(
    model: Callable[[np.ndarray], np.ndarray],
    y: np.ndarray,
    sigma: np.ndarray | None,
    p0: Sequence[float],
    *,
    names: Sequence[str],
    units: Sequence[str],
    scale: Sequence[float],
    lower: Sequence[float] | None = None,
    upper: Sequence[float] | None = None,
    fixed: dict | None = None,
    model_name: str = "model",
) -> FitResult:
    """Fit ``model(p) ≈ y`` (``p`` in the caller's units, length of ``names``) and return a :class:`FitResult`.

    ``scale`` is a typical magnitude of each parameter (the optimiser works with p/scale). ``sigma`` are the 1σ
    errors of ``y`` (None: estimated from the scatter). ``lower``/``upper`` are bounds (default unbounded).
    """
    y = np.asarray(y, dtype=float)
    p0 = np.asarray(p0, dtype=float)
    scale = np.asarray(scale, dtype=float)
    n, k = y.size, p0.size
    if n <= k:
        raise InvalidParameter("data points", n, f"more than the {k} free parameters {list(names)}")
    sigma_known = sigma is not None
    if sigma_known:
        w = 1.0 / np.broadcast_to(np.asarray(validation.positive("sigma", sigma), dtype=float), y.shape)
    else:
        w = np.ones_like(y)
    lo = np.full(k, -np.inf) if lower is None else np.asarray(lower, dtype=float)
    hi = np.full(k, np.inf) if upper is None else np.asarray(upper, dtype=float)
    q0 = np.clip(p0, lo, hi) / scale

    def residual(q):
        return ((model(q * scale) - y) * w).ravel()

    sol = least_squares(
        residual,
        q0,
        bounds=(lo / scale, hi / scale),
        method="trf",
        x_scale="jac",
        xtol=1e-12,
        ftol=1e-12,
        gtol=1e-12,
        max_nfev=400 * (k + 1),
    )
    if sol.status <= 0 or not np.all(np.isfinite(sol.x)):
        raise ConvergenceError(
            f"least-squares fit of {model_name} failed: {sol.message}", [float(np.sum(sol.fun**2))], {"nfev": sol.nfev}
        )
    jac = sol.jac
    # pseudo-inverse via SVD: a parameter the data do not constrain shows up as a huge error, not as a crash
    _, sv, vt = np.linalg.svd(jac, full_matrices=False)
    threshold = np.finfo(float).eps * max(jac.shape) * sv[0]
    inv_sv2 = np.where(sv > threshold, 1.0 / np.maximum(sv, threshold) ** 2, np.inf)
    cov_q = (vt.T * inv_sv2) @ vt if np.all(np.isfinite(inv_sv2)) else np.full((k, k), np.inf)
    dof = n - k
    chi2_red = float(np.sum(sol.fun**2) / dof)
    if not sigma_known:
        cov_q = cov_q * chi2_red
    cov = cov_q * np.outer(scale, scale)
    values = sol.x * scale
    return FitResult(
        names=tuple(names),
        values=values,
        errors=np.sqrt(np.diag(cov)),
        units=tuple(units),
        covariance=cov,
        chi2_red=chi2_red,
        dof=dof,
        fixed=dict(fixed or {}),
        sigma_known=sigma_known,
        model=model_name,
    )
