r"""Energy bookkeeping of a PSC: electrical power J·V̄ split into its parts vs the phonon power of Eq. 12.

Electrical power per unit cross-section, in TDGL units j0·V0 (see :mod:`neqsc.tdgl.params`), with E = −∂x̄φ and the
current decomposition of paper Eq. 2 / A.2 (j = j_s + j_n + j_int, constant in x)::

    j V(t) = ∫ j E dx̄ = ∫ j_n E dx̄ + ∫ j_int E dx̄ + ∫ j_s E dx̄

(V = φ(−L/2) − φ(L/2), the neqsc sign). ∫j_n E = ∫j_n² ≥ 0 is the Ohmic (normal) part, ∫j_int E the interference
part; ∫j_s E is the work done on the condensate, whose period average is the order-parameter relaxation loss.
All of J·V̄ ends up as heat (Joule share P_J).

Structural result: with G(ω; |Ψ|) = ∫₀^|Ψ| η₁(ω; a) da the η₁-driven flux of Eq. 12 is
C(ω)η₁(ω;|Ψ|)∂t|Ψ| = C(ω)∂t G(ω;|Ψ|), so its average over a whole period vanishes at every ω and x — it is purely
oscillatory, and the net heating is the dissipative J·V̄, which Eq. 12 does not contain.
:func:`energy_balance` reports both.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from neqsc.phonons.params import PhononMaterial, tdgl_units
from neqsc.phonons.tdgl_input import require, resolve_device, whole_period_window, wire_attrs

__all__ = ["electrical_power", "energy_balance"]


def _trap_weights(t: np.ndarray) -> np.ndarray:
    w = np.zeros_like(t)
    d = np.diff(t)
    w[:-1] += 0.5 * d
    w[1:] += 0.5 * d
    return w


def electrical_power(
    run: xr.Dataset,
    material: str | PhononMaterial | None = None,
    cross_section: float | None = None,
    n_periods: int | None = None,
    wire=None,
) -> xr.Dataset:
    """Time series and whole-period means of the electrical power and its normal/interference/super parts.

    Dimensionless (j0·V0 per unit area × ξ) for a reduced run without ``material``; also SI (W) when ``material``
    (name or PhononMaterial) is given — with ``cross_section`` S in m², default 1e-16 m² — or when the run was made
    by a :class:`neqsc.tdgl.Wire` (or ``wire`` is given), which then supplies material and S (explicit values must
    agree): P_SI = p · j0 V0 S = p · S σ_n V0²/ξ. Requires ``phi``, ``j_s``, ``j_n``, ``j_int``, ``voltage`` and
    attr ``j``.
    """
    require(run, ("psi_abs", "phi", "j_s", "j_n", "j_int", "voltage"), ("j",))
    si = material is not None or wire is not None or wire_attrs(run) is not None
    if si:
        run, material, cross_section, _ = resolve_device(run, material, cross_section, wire)
    run = run.transpose("t", "x", ...)
    x = run["x"].values.astype(float)
    t = run["t"].values.astype(float)
    efield = -np.gradient(run["phi"].values, x, axis=1)
    wx = _trap_weights(x)
    parts = {name: (run[name].values * efield) @ wx for name in ("j_n", "j_int", "j_s")}
    jv = float(run.attrs["j"]) * run["voltage"].values
    i0, i1, n = whole_period_window(run, n_periods)
    wt = _trap_weights(t[i0 : i1 + 1])

    def mean(a):
        return float(wt @ a[i0 : i1 + 1] / wt.sum())

    data = {
        "p_electrical": ("t", jv, {"units": "j0 V0 ξ", "long_name": "j·V(t)"}),
        "p_normal": ("t", parts["j_n"], {"units": "j0 V0 ξ", "long_name": "∫ j_n E dx"}),
        "p_interference": ("t", parts["j_int"], {"units": "j0 V0 ξ", "long_name": "∫ j_int E dx"}),
        "p_super": ("t", parts["j_s"], {"units": "j0 V0 ξ", "long_name": "∫ j_s E dx"}),
    }
    ds = xr.Dataset(data, coords={"t": ("t", t, {"units": "t0"})})
    for name in list(data):
        ds[f"mean_{name}"] = ((), mean(ds[name].values), {"units": "j0 V0 ξ"})
    ds.attrs.update({"n_periods": n, "window_t0": float(t[i0]), "window_t1": float(t[i1])})
    if si:
        units = tdgl_units(material, 1.0 - float(run.attrs["eta"]))
        scale = units["j0"] * units["V0"] * cross_section
        for name in data:
            ds[f"mean_{name}_W"] = ((), ds[f"mean_{name}"].item() * scale, {"units": "W"})
        ds.attrs["power_unit_W"] = scale
    return ds


def energy_balance(power: xr.Dataset, spectra: xr.Dataset) -> dict[str, float]:
    """Period-averaged electrical power (total, normal, interference, super) vs phonon power (net, ±), in W.

    ``power`` from :func:`electrical_power` with a material; ``spectra`` from
    :func:`neqsc.phonons.flux.phonon_spectra`. The net η₁ phonon power should vanish (zero cycle mean);
    the heat released is the Joule power J·V̄.
    """
    out = {
        "joule_power_W": power["mean_p_electrical_W"].item(),
        "normal_power_W": power["mean_p_normal_W"].item(),
        "interference_power_W": power["mean_p_interference_W"].item(),
        "super_power_W": power["mean_p_super_W"].item(),
        "phonon_emitted_W": spectra["mean_power_emitted"].item(),
        "phonon_absorbed_W": spectra["mean_power_absorbed"].item(),
        "phonon_net_W": spectra["mean_power_net"].item(),
        "cycle_residual": spectra["cycle_residual"].item(),
    }
    return out
