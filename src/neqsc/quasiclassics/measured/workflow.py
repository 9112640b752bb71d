r"""Fit workflows on measured-data Datasets (as returned by :func:`neqsc.quasiclassics.measured.load_conductance`).

* :func:`fit_local_dataset` — Dynes fit (Δ, Γ, T_e, G_N) of G(V), per supercurrent slice if ``I_s`` is present.
* :func:`fit_nonlocal_dataset` — symmetry decomposition (Eqs. 16–19) and, given the sample constants, the
  charge-imbalance fit of g_ss (Eq. 21) for Γ at I_s = 0, then ∂xφ per supercurrent, then I₀ from Eq. (6).

Each returns ``(Dataset, fits)``: data, best-fit curves and residuals on the data grid (SI units), the fit results as
variables in SI (energies in eV, temperatures in K, conductances in S, currents in A) with their 1σ
(``fit_<name>``, ``fit_<name>_err``, ``fit_chi2_red``, ``fit_rms_residual``, ``fit_sigma_known``; see
:func:`~neqsc.quasiclassics.measured.fitresult.fit_variables`), and the list of
:class:`~neqsc.quasiclassics.measured.fitresult.FitResult`.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.constants import e, k_B
from neqsc.errors import InvalidParameter
from neqsc.quasiclassics.measured import fitting, symmetry
from neqsc.quasiclassics.measured.fitresult import FitResult, fit_variables

__all__ = ["SampleConstants", "fit_local_dataset", "fit_nonlocal_dataset"]


@dataclasses.dataclass(frozen=True)
class SampleConstants:
    """Constants of the nonlocal fit (paper Table 1, Appendix B).

    Attributes: ``Delta0`` pair potential (J); ``T`` injector electron temperature (K); ``kappa`` = G_inj R_ξ/2
    (dimensionless, two branches); ``distance`` injector–detector distance in units of ξ; ``G_det`` detector
    normal-state conductance (S; 1 for data normalised by G_det); ``fit_max_bias`` largest |eV_inj|/Δ₀ used in the
    g_ss fits (paper: 1.5).
    """

    Delta0: float
    T: float
    kappa: float
    distance: float
    G_det: float = 1.0
    fit_max_bias: float = 1.5

    def __post_init__(self) -> None:
        validation.positive("Delta0", self.Delta0, "J")
        validation.positive("T", self.T, "K")
        validation.positive("kappa", self.kappa)
        validation.nonnegative("distance", self.distance, "ξ")
        validation.positive("G_det", self.G_det, "S")
        validation.positive("fit_max_bias", self.fit_max_bias, "Δ0")

    @property
    def t(self) -> float:
        return k_B * self.T / self.Delta0


def _coord_attrs(units: str, long_name: str) -> dict:
    return {"units": units, "long_name": long_name}


def fit_local_dataset(ds: xr.Dataset, *, fixed: dict | None = None) -> tuple[xr.Dataset, list[FitResult]]:
    """Dynes fit of ``ds.G`` (dims ``V`` [, ``I_s``]); uses ``ds.G_err`` as 1σ if present."""
    if "G" not in ds:
        raise InvalidParameter("dataset", list(ds.data_vars), "a local-conductance dataset with variable 'G'")
    G = ds["G"].transpose("V", ...)
    err = ds["G_err"].transpose("V", ...) if "G_err" in ds else None
    stacked = G.values.reshape(G.sizes["V"], -1)
    err_stacked = None if err is None else err.values.reshape(G.sizes["V"], -1)
    fits, curves = [], np.empty_like(stacked)
    for j in range(stacked.shape[1]):
        res = fitting.fit_dynes(
            ds["V"].values, stacked[:, j], None if err_stacked is None else err_stacked[:, j], fixed=fixed
        )
        q = {**res.fixed, **dict(zip(res.names, res.values, strict=True))}
        curves[:, j] = fitting.dynes_conductance(ds["V"].values, q["gap"], q["gamma"], q["T_e"], q["G_N"])
        fits.append(res)
    out = ds.copy()
    out["G_fit"] = (
        G.dims,
        curves.reshape(G.shape),
        {"units": G.attrs.get("units", "S"), "long_name": "Dynes-model fit"},
    )
    out["G_fit"] = out["G_fit"].transpose(*ds["G"].dims)
    out["residual"] = (out["G"] - out["G_fit"]).assign_attrs(units=G.attrs.get("units", "S"), long_name="G − fit")
    extra = [d for d in G.dims if d != "V"]
    dim = extra[0] if extra else None
    variables = fit_variables(
        fits,
        dim=dim,
        coord=None if dim is None else ds[dim].values,
        coord_attrs=None if dim is None else dict(ds[dim].attrs),
        convert={"gap": ("eV", 1.0 / e), "gamma": ("eV", 1.0 / e), "G_N": (G.attrs.get("units", "S"), 1.0)},
    )
    variables["fit_rms_residual"].attrs["units"] = G.attrs.get("units", "S")
    out = out.assign(variables)
    out.attrs.update({"neqsc_kind": "nonlocal_fit_local"})
    return out, fits


def _gss_fit_slice(eV, y, sig, const: SampleConstants, free, fixed, spectra, start=None):
    mask = np.abs(eV) <= const.fit_max_bias
    base = {"Delta": 1.0, "t": const.t, "kappa": const.kappa, "x": const.distance, "G_det": const.G_det}
    return fitting.fit_charge_imbalance(
        eV[mask],
        y[mask],
        None if sig is None else sig[mask],
        free=free,
        fixed={**base, **fixed},
        spectra=spectra,
        start=start,
    )


def fit_nonlocal_dataset(
    ds: xr.Dataset,
    const: SampleConstants | None = None,
    *,
    spectra=None,
) -> tuple[xr.Dataset, list[FitResult]]:
    """Decompose ``ds.g_nl`` (Eqs. 16–19); with ``const``, fit g_ss for Γ, ∂xφ(I_s) and I₀ (Eqs. 21, 6).

    The g_ss fits use the slice at the V_det closest to 0 (the paper biases the detector at eV_det ≈ 30 µeV ≪ Δ).
    With an ``I_s`` dimension, Γ is fitted at I_s = 0 (which must be present), ∂xφ at every I_s > 0 (g_ss is even
    in I_s), and I₀ from those ∂xφ with their 1σ errors. As in the paper, Γ is then held fixed: the ∂xφ and I₀
    errors are statistical given Γ, Δ₀, κ_I, x and T (their uncertainties are not propagated).
    """
    if "g_nl" not in ds:
        raise InvalidParameter("dataset", list(ds.data_vars), "a nonlocal-conductance dataset with variable 'g_nl'")
    parts = symmetry.decompose(ds["g_nl"])
    out = parts.copy()
    out.attrs.update({"neqsc_kind": "nonlocal_fit_nonlocal", "source": ds.attrs.get("source", "")})
    fits: list[FitResult] = []
    if const is None:
        return out, fits
    gss = parts["g_ss"]
    gss_err = symmetry.decompose_sigma(ds["g_nl_err"])["g_ss_err"] if "g_nl_err" in ds else None
    if symmetry.DIM_V_DET in gss.dims:
        gss = gss.sel({symmetry.DIM_V_DET: 0.0}, method="nearest")
        gss_err = None if gss_err is None else gss_err.sel({symmetry.DIM_V_DET: 0.0}, method="nearest")
    eV = gss[symmetry.DIM_V_INJ].values * e / const.Delta0

    def sigma_at(current):
        if gss_err is None:
            return None
        sel = gss_err.sel({symmetry.DIM_I_S: current}, method="nearest") if symmetry.DIM_I_S in gss.dims else gss_err
        return sel.values

    currents = gss[symmetry.DIM_I_S].values if symmetry.DIM_I_S in gss.dims else np.array([0.0])
    if symmetry.DIM_I_S in gss.dims and not np.any(np.isclose(currents, 0.0, atol=1e-12 * np.ptp(currents))):
        raise InvalidParameter("I_s", currents, "values including 0 (Γ is fitted at zero supercurrent)")
    slice0 = gss.sel({symmetry.DIM_I_S: 0.0}, method="nearest") if symmetry.DIM_I_S in gss.dims else gss
    gamma_fit = _gss_fit_slice(eV, slice0.values, sigma_at(0.0), const, ("Gamma",), {}, spectra)
    fits.append(gamma_fit)
    Gamma = gamma_fit["Gamma"][0]
    curve = {
        0.0: fitting.charge_imbalance_conductance(
            eV, Gamma=Gamma, t=const.t, kappa=const.kappa, x=const.distance, G_det=const.G_det, spectra=spectra
        )
    }
    phases, phase_errs, pos_currents = [], [], []
    for current in currents[currents > 0]:
        y = gss.sel({symmetry.DIM_I_S: current}).values
        # currents ascend, so the previous ∂xφ is a good start (g_ss falls monotonically with ∂xφ: one minimum)
        start = {"phase_gradient": max(phases[-1], 0.05) if phases else 0.3}
        res = _gss_fit_slice(eV, y, sigma_at(current), const, ("phase_gradient",), {"Gamma": Gamma}, spectra, start)
        fits.append(res)
        q, dq = res["phase_gradient"]
        phases.append(q)
        phase_errs.append(dq)
        pos_currents.append(current)
        curve[current] = fitting.charge_imbalance_conductance(
            eV,
            Gamma=Gamma,
            t=const.t,
            kappa=const.kappa,
            x=const.distance,
            zeta=0.5 * q**2,
            G_det=const.G_det,
            spectra=spectra,
        )
    if symmetry.DIM_I_S in gss.dims:
        # g_ss is even in I_s: the curve fitted at |I_s| serves both signs
        fit_curves = np.stack([curve[min(curve, key=lambda k: abs(k - abs(c)))] for c in currents])
        out["g_ss_fit"] = (
            (symmetry.DIM_I_S, symmetry.DIM_V_INJ),
            fit_curves,
            {"units": gss.attrs.get("units", "S"), "long_name": "Eq. 21 fit of g_ss"},
        )
    else:
        out["g_ss_fit"] = (
            (symmetry.DIM_V_INJ,),
            curve[0.0],
            {"units": gss.attrs.get("units", "S"), "long_name": "Eq. 21 fit of g_ss"},
        )
    units = gss.attrs.get("units", "S")
    # one g_ss fit per supercurrent: Γ (in eV) at I_s = 0, ∂xφ at I_s > 0 (NaN where a parameter was held fixed)
    gss_fits = fits[: 1 + len(pos_currents)]
    variables = fit_variables(
        gss_fits,
        dim="I_s_fit",
        coord=np.array([0.0, *pos_currents]),
        coord_attrs=_coord_attrs("A", "supercurrent of the g_ss fit"),
        convert={"Gamma": ("eV", const.Delta0 / e)},
    )
    variables["fit_rms_residual"].attrs["units"] = units
    out = out.assign(variables)
    if len(phases) >= 2:
        i0_fit = fitting.fit_supercurrent_scale(
            np.array(phases),
            np.array(pos_currents),
            phase_gradient_err=np.array(phase_errs),
            Gamma=Gamma,
            t=const.t,
            spectra=spectra,
        )
        fits.append(i0_fit)
        variables = fit_variables([i0_fit], prefix="supercurrent_fit_")
        variables["supercurrent_fit_rms_residual"].attrs["units"] = "A"
        out = out.assign(variables)
    out.attrs.update(
        {
            "Delta0_eV": const.Delta0 / e,
            "T_K": const.T,
            "kappa": const.kappa,
            "distance_xi": const.distance,
            "G_det_S": const.G_det,
            "fit_max_bias": const.fit_max_bias,
        }
    )
    return out, fits
