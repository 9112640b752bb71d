r"""Weighted nonlinear least squares with covariance-based 1σ uncertainties, shared by the fits of this package.

For data y_i with 1σ errors σ_i and a model m(x_i; p), :func:`least_squares_fit` minimises
χ² = Σ [(y_i − m_i)/σ_i]² with :func:`scipy.optimize.least_squares` (trust-region reflective, bounds allowed) and
returns the covariance C = (JᵀJ)⁻¹ of the weighted residuals' Jacobian J at the optimum (Gauss–Newton, exact for a
linear model; Press et al., *Numerical Recipes* §15.5). If the σ_i are not known, a common σ is assumed and
estimated from the residual scatter (σ̂² = Σ r_i²/(n − p), C multiplied accordingly, as in
``curve_fit(absolute_sigma=False)``).

Unknown σ: the residuals are still divided by a common scale of order the noise, because the optimiser's stopping
tests are not all scale free (its gradient test is absolute): with raw residuals of 1e-7 S it stops early, far from
the minimum. Stage 1 uses σ₀ from the second differences of the data (white noise: Var(y_{i+1} − 2y_i + y_{i−1})
= 6σ², median-based so signal features do not dominate); stage 2 restarts from the stage-1 optimum with σ̂ from its
residuals. A common scale does not move the minimum of χ², only how well the optimiser finds it.

Parameters are optimised in user-chosen scales (``scale``) so the problem is well conditioned; the results are
returned in SI (or the unit given per parameter).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np
import xarray as xr
from scipy.optimize import least_squares

from neqsc import validation
from neqsc.errors import ConvergenceError, InvalidParameter

__all__ = ["FitResult", "fit_variables", "least_squares_fit", "noise_scale"]


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
    rms_residual:
        Root-mean-square of the unweighted residuals y − model, in the unit of the data.
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
    rms_residual: float = float("nan")

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
            "rms_residual": float(self.rms_residual),
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
        w = np.full(y.shape, 1.0 / noise_scale(y))
    lo = np.full(k, -np.inf) if lower is None else np.asarray(lower, dtype=float)
    hi = np.full(k, np.inf) if upper is None else np.asarray(upper, dtype=float)
    q0 = np.clip(p0, lo, hi) / scale

    def solve(q_start, weights):
        def residual(q):
            return ((model(q * scale) - y) * weights).ravel()

        sol = least_squares(
            residual,
            q_start,
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
                f"least-squares fit of {model_name} failed: {sol.message}",
                [float(np.sum(sol.fun**2))],
                {"nfev": sol.nfev},
            )
        return sol

    sol = solve(q0, w)
    if not sigma_known:
        # stage 2: common σ̂ from the stage-1 residuals, restart there (moves nothing if σ₀ was already right)
        rms = float(np.sqrt(np.sum(sol.fun**2) / (n - k))) / w[0]
        if rms > 0 and np.isfinite(rms):
            w = np.full(y.shape, 1.0 / rms)
            sol = solve(sol.x, w)
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
        chi2_red = float(np.sum(sol.fun**2) / dof) / w[0] ** 2  # residual variance in the unit of y²
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
        rms_residual=float(np.sqrt(np.mean((model(values) - y).ravel() ** 2))),
    )


def noise_scale(y) -> float:
    """Robust estimate of a white-noise σ of ``y`` along its last axis from second differences (see module doc).

    Falls back to the rms of ``y`` (or 1) when the differences vanish (noise-free data).
    """
    y = np.asarray(y, dtype=float)
    if y.shape[-1] >= 3:
        d2 = np.diff(y, n=2, axis=-1).ravel()
        s = float(np.median(np.abs(d2)) / 0.6745 / np.sqrt(6.0))  # MAD → σ for a normal distribution
        if s > 0 and np.isfinite(s):
            return s
    rms = float(np.sqrt(np.mean(y**2)))
    return rms if rms > 0 else 1.0


def fit_variables(
    fits: Sequence[FitResult],
    *,
    dim: str | None = None,
    coord=None,
    coord_attrs: dict | None = None,
    convert: dict[str, tuple[str, float]] | None = None,
    prefix: str = "fit_",
) -> dict[str, xr.DataArray]:
    """Fit results as Dataset variables: ``{prefix}{name}`` and ``{prefix}{name}_err`` (1σ) per free parameter,
    ``{prefix}chi2_red``, ``{prefix}rms_residual`` and ``{prefix}sigma_known``, along ``dim`` (one fit per ``coord``
    value) or scalar for a single fit.

    ``convert`` maps a parameter name to ``(unit, factor)``: the stored value is ``factor`` × the fitted one (e.g.
    J → eV). A parameter missing from a fit (held fixed there) is NaN.
    """
    convert = convert or {}
    if dim is None and len(fits) != 1:
        raise InvalidParameter("fits", len(fits), "exactly one fit when no dimension is given")
    names = list(dict.fromkeys(n for f in fits for n in f.names))

    def var(values, attrs):
        values = np.asarray(values, dtype=float if not isinstance(values[0], bool) else np.int8)
        if dim is None:
            return xr.DataArray(values[0], attrs=attrs)
        coords = {dim: (dim, np.asarray(coord), coord_attrs or {})}
        return xr.DataArray(values, dims=(dim,), coords=coords, attrs=attrs)

    out = {}
    for name in names:
        unit_default = next(f.units[f.names.index(name)] for f in fits if name in f.names)
        unit, factor = convert.get(name, (unit_default, 1.0))
        vals = [f[name][0] * factor if name in f.names else np.nan for f in fits]
        errs = [f[name][1] * factor if name in f.names else np.nan for f in fits]
        out[f"{prefix}{name}"] = var(vals, {"units": unit, "long_name": f"fitted {name}"})
        out[f"{prefix}{name}_err"] = var(errs, {"units": unit, "long_name": f"1σ uncertainty of fitted {name}"})
    out[f"{prefix}chi2_red"] = var(
        [f.chi2_red if f.sigma_known else np.nan for f in fits],
        {"units": "1", "long_name": "χ²/dof with the data's σ (NaN where σ was estimated from the residuals)"},
    )
    out[f"{prefix}rms_residual"] = var([f.rms_residual for f in fits], {"long_name": "rms of data − fit"})
    out[f"{prefix}sigma_known"] = var(
        [bool(f.sigma_known) for f in fits], {"units": "1", "long_name": "1 if the data carried σ, 0 if estimated"}
    )
    return out
