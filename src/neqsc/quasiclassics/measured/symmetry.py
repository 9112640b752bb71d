r"""Symmetry decomposition of nonlocal conductance maps (Ryan, Beckmann & Chandrasekhar 2026, Eqs. 16–19).

The nonlocal conductance g_nl(V_inj, V_det, I_s) = dI_det/dV_inj (Eq. 15) is split by parity, first with
respect to the **supercurrent** I_s, then — of the I_s-even part — with respect to the **injector bias** V_inj::

    g_a  = ½[g_nl(I_s) − g_nl(−I_s)]          (16)  odd in I_s
    g_s  = ½[g_nl(I_s) + g_nl(−I_s)]          (17)  even in I_s
    g_sa = ½[g_s(V_inj) − g_s(−V_inj)]        (18)  even in I_s, odd in V_inj
    g_ss = ½[g_s(V_inj) + g_s(−V_inj)]        (19)  even in I_s, even in V_inj

so the first index of a two-letter name refers to I_s and the second to V_inj ("s" = symmetric/even,
"a" = antisymmetric/odd). V_det is never reflected: it is carried along unchanged (the paper's Fig. 12 remarks that
the modelled g_sa is also odd in V_det, but that is a property of the model, not part of the decomposition).
Physical reading (paper Sec. II): g_ss is the charge-imbalance (f_T) signal, g_sa the energy-mode (f_L, gap
suppression) signal, and g_a the supercurrent-induced mixing of the two modes (odd in I_s and in V_inj).

Identities that hold exactly on the output grid: g_nl = g_s + g_a, g_s = g_ss + g_sa, each part has the stated
parity, and the four parts are mutually orthogonal under a sum over the symmetric grid.

Without an ``I_s`` dimension (the usual zero-supercurrent measurement, paper Figs. 4, 6, 12) g_s = g_nl and g_a = 0.

Grids that are not symmetric about zero (measured data rarely are) are linearly interpolated onto the symmetric grid
[−m, m] with m = min(max c, −min c) and the same number of points that the data have inside that window
(never extrapolated). A grid that is already symmetric (c = −c[::-1] to 1e-9 of its spacing) is used as is, so the
decomposition of model data is exact.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc.errors import InvalidParameter

__all__ = ["DIM_I_S", "DIM_V_DET", "DIM_V_INJ", "decompose", "decompose_sigma", "reflect", "symmetric_grid"]

DIM_V_INJ = "V_inj"
DIM_V_DET = "V_det"
DIM_I_S = "I_s"
#: Accepted names: measured data (SI) use V_inj/V_det/I_s; the forward model's maps use v_inj/v_det (eV/Δ₀) and may
#: scan the phase gradient instead of the current (I_s is odd in ∂xφ, Eq. 6, so parity in one is parity in the other).
INJ_NAMES = (DIM_V_INJ, "v_inj")
DET_NAMES = (DIM_V_DET, "v_det")
CURRENT_NAMES = (DIM_I_S, "i_s", "phase_gradient")


def _find(dims, names):
    found = [d for d in names if d in dims]
    if len(found) > 1:
        raise InvalidParameter("g_nl.dims", dims, f"at most one of {names}")
    return found[0] if found else None


_SYMMETRY_RTOL = 1e-9  # relative to the grid spacing: a grid symmetric to round-off is treated as exactly symmetric


def symmetric_grid(values, name: str = "coordinate") -> tuple[np.ndarray, bool]:
    """Symmetric version of a 1D coordinate; returns ``(grid, interpolated)``.

    ``interpolated`` is False when ``values`` is already symmetric about zero (then ``grid`` is ``values`` sorted,
    with round-off asymmetry removed).
    Otherwise ``grid`` is a uniform grid on [−m, m] with as many points as ``values`` has inside [−m, m]
    (at least 3), m = min(max, −min). Raises :class:`InvalidParameter` if the values do not straddle zero.
    """
    c = np.sort(np.asarray(values, dtype=float))
    if c.ndim != 1 or c.size < 2:
        raise InvalidParameter(name, values, "a 1D coordinate with at least 2 values")
    if not np.all(np.isfinite(c)):
        raise InvalidParameter(name, values, "finite coordinate values")
    if np.any(np.diff(c) == 0):
        raise InvalidParameter(name, values, "distinct (non-repeated) coordinate values")
    spacing = float(np.min(np.diff(c)))
    if np.allclose(c, -c[::-1], rtol=0.0, atol=_SYMMETRY_RTOL * spacing):
        return 0.5 * (c - c[::-1]), False  # snap round-off so that reflection is exact
    m = min(c[-1], -c[0])
    if m <= 0:
        raise InvalidParameter(
            name, f"[{c[0]:.6g}, {c[-1]:.6g}]", "a range that contains both signs, so that ±value can be compared"
        )
    inside = int(np.count_nonzero((c >= -m) & (c <= m)))
    return np.linspace(-m, m, max(inside, 3)), True


def reflect(da: xr.DataArray, dim: str) -> xr.DataArray:
    """``da`` evaluated at −coordinate along ``dim`` (the grid of ``dim`` must be symmetric and sorted)."""
    out = da.isel({dim: slice(None, None, -1)})
    return out.assign_coords({dim: da[dim].values})


def decompose(g_nl: xr.DataArray, *, interpolate: bool = True) -> xr.Dataset:
    """Split a nonlocal conductance map into g_s, g_a, g_ss, g_sa (paper Eqs. 16–19).

    Parameters
    ----------
    g_nl:
        DataArray with dimension ``"V_inj"`` (injector bias, V) and optionally ``"V_det"`` (detector bias, V) and
        ``"I_s"`` (supercurrent, A); any further dimensions are carried along. The forward model's names
        ``v_inj``/``v_det`` (eV/Δ₀) and ``i_s`` or ``phase_gradient`` (∂xφ, odd like I_s) are accepted too.
        Values in S (or any unit; the decomposition is linear). Missing points (NaN) propagate into the parts that
        use them.
    interpolate:
        If True (default), a V_inj or I_s grid that is not symmetric about zero is linearly interpolated onto a
        symmetric one (see :func:`symmetric_grid`); if False such a grid raises :class:`InvalidParameter`.

    Returns
    -------
    xarray.Dataset
        Variables ``g_nl`` (on the symmetric grid), ``g_s``, ``g_a`` (Eqs. 17, 16; parity in I_s), ``g_ss``,
        ``g_sa`` (Eqs. 19, 18; parity in V_inj of g_s). ``attrs["interpolated_dims"]`` lists the reflected dims that
        were interpolated; ``neqsc_kind = "nonlocal_symmetry"``.
    """
    if not isinstance(g_nl, xr.DataArray):
        raise InvalidParameter("g_nl", type(g_nl).__name__, "an xarray.DataArray with dims (V_inj[, V_det][, I_s])")
    inj = _find(g_nl.dims, INJ_NAMES)
    cur = _find(g_nl.dims, CURRENT_NAMES)
    det = _find(g_nl.dims, DET_NAMES)
    if inj is None:
        raise InvalidParameter(
            "g_nl.dims", g_nl.dims, f"dimensions including one of {INJ_NAMES} (optionally {DET_NAMES}, {CURRENT_NAMES})"
        )
    units = g_nl.attrs.get("units", "")
    interpolated = []
    da = g_nl.sortby([d for d in (inj, det, cur) if d is not None])
    for dim in (inj, cur):
        if dim is None:
            continue
        if dim not in da.coords:
            raise InvalidParameter(f"g_nl.{dim}", None, f"a coordinate for dimension {dim!r}")
        grid, needs_interp = symmetric_grid(da[dim].values, name=f"g_nl.{dim}")
        if needs_interp:
            if not interpolate:
                raise InvalidParameter(
                    f"g_nl.{dim}",
                    f"[{grid[0]:.6g} .. {grid[-1]:.6g}] asymmetric",
                    "a grid symmetric about 0",
                    hint="pass interpolate=True to interpolate onto a symmetric grid",
                )
            da = da.interp({dim: grid}, method="linear")
            interpolated.append(dim)
        else:
            da = da.assign_coords({dim: grid})
    if cur is not None:
        mirrored = reflect(da, cur)
        g_s = 0.5 * (da + mirrored)
        g_a = 0.5 * (da - mirrored)
    else:
        g_s = da.copy()
        g_a = xr.zeros_like(da)
    mirrored = reflect(g_s, inj)
    g_ss = 0.5 * (g_s + mirrored)
    g_sa = 0.5 * (g_s - mirrored)
    parts = {
        "g_nl": (da, "nonlocal conductance dI_det/dV_inj (Eq. 15)"),
        "g_s": (g_s, "part even in I_s (Eq. 17)"),
        "g_a": (g_a, "part odd in I_s (Eq. 16)"),
        "g_ss": (g_ss, "even in I_s and in V_inj: charge imbalance (Eq. 19)"),
        "g_sa": (g_sa, "even in I_s, odd in V_inj: energy mode (Eq. 18)"),
    }
    ds = xr.Dataset()
    for name, (part, long_name) in parts.items():
        ds[name] = part.assign_attrs({"units": units, "long_name": long_name})
    for dim in ds.dims:
        if dim in g_nl.coords:
            ds[dim].attrs = dict(g_nl[dim].attrs)
    ds.attrs = {
        "neqsc_kind": "nonlocal_symmetry",
        "interpolated_dims": ",".join(interpolated),
        "equations": "Ryan, Beckmann & Chandrasekhar, arXiv:2604.26862, Eqs. 16-19",
    }
    return ds


def _variance_of_parity_part(var: xr.DataArray, dim: str, odd: bool) -> xr.DataArray:
    """Variance of ½[g(c) ± g(−c)] for independent errors: ¼[σ²(c) + σ²(−c)], and at c = 0 σ² (even) or 0 (odd)."""
    out = 0.25 * (var + reflect(var, dim))
    at_zero = var[dim] == 0
    return xr.where(at_zero, 0.0 if odd else var, out).transpose(*var.dims)


def decompose_sigma(sigma: xr.DataArray, *, interpolate: bool = True) -> xr.Dataset:
    """1σ uncertainties of g_s, g_a, g_ss, g_sa for independent 1σ errors ``sigma`` of g_nl (same dims as the map).

    Each part is a tensor product of per-axis parity averages, so its variance is Σ_j L_kj² σ_j²: along each reflected
    axis ¼[σ²(c) + σ²(−c)] away from 0, and at c = 0 σ² for an even part (the point is averaged with itself) or 0
    for an odd part (which vanishes there identically). After interpolation onto a symmetric grid the errors of
    neighbouring points are correlated; the σ returned then are the interpolated σ propagated as if independent.
    """
    var = decompose(sigma**2, interpolate=interpolate)["g_nl"]
    inj, cur = _find(var.dims, INJ_NAMES), _find(var.dims, CURRENT_NAMES)
    if cur is not None:
        var_s = _variance_of_parity_part(var, cur, odd=False)
        var_a = _variance_of_parity_part(var, cur, odd=True)
    else:
        var_s, var_a = var, xr.zeros_like(var)
    parts = {
        "g_s": var_s,
        "g_a": var_a,
        "g_ss": _variance_of_parity_part(var_s, inj, odd=False),
        "g_sa": _variance_of_parity_part(var_s, inj, odd=True),
    }
    units = sigma.attrs.get("units", "")
    return xr.Dataset(
        {f"{k}_err": np.sqrt(v).assign_attrs(units=units, long_name=f"1σ of {k}") for k, v in parts.items()}
    )
