r"""Phonon-flux spectra dW(ω, t) of a phase-slip centre, integrated over the wire (paper Eq. 12).

Source: Mowgood et al., *phase-slip centers as cooling engines*, Eqs. 7–13 (Sec. 2 and 3.1). Input: a TDGL run
(:mod:`neqsc.phonons.tdgl_input`). Output: an ``xarray.Dataset`` with ``neqsc_kind="psc_phonon_spectra"``.

Equation as implemented (ħ restored, ω̄ = ħω/k_BT, x̄ = x/ξ, τ = t/t0)::

    dW/dω̄ (t) = C_W · ω̄³ N⁰(ω̄) · ∫ dx̄ η₁(ω̄; |Ψ(x̄,τ)|) ∂τ|Ψ(x̄,τ)|                     (Eq. 12)

    C_W = λ (ω_D/ε_F) δ S ξ (k_BT)⁴ / (4π ħ³ c_s³ t0)   [W]

Derivation of C_W: Eq. 7 (mode density 𝔙E²/(2π²ħ³c_s³), energy E per phonon), Eq. 8's prefactor
(πλω_D/2ε_F)/ħ, the linearisation of :mod:`neqsc.phonons.eta1` (factor 2 from the symmetric recombination and the
explicit 2 of the scattering term, ¼ inside η₁), and δn = c_α τ_ε ∂t|Δ| h/k_BT with c_α = ¼
(:mod:`neqsc.phonons.spectral`) give dW/dE = λ(ω_D/ε_F)τ_εΔ0 ∂t|Ψ| 𝔙E³N⁰η₁/(2πħ⁴c_s³k_BT) — the paper's
1/(2π) — with one more factor Δ0 than printed (∂t|Δ| = Δ0∂t|Ψ|; the printed form mixes Ψ and Δ). Then
τ_εΔ0 = δħ/2 (δ = 2τ_εΔ0/ħ), ∂t = ∂τ/t0 and 𝔙 = S ξ ∫dx̄. ``C_W`` is stored in the output; tests check shapes and
ratios, not its absolute value (no published number exists).

Two time discretisations (``method``):

* ``"conservative"`` (default): the step-averaged flux on [τ_n, τ_{n+1}] is
  C_W ω̄³N⁰ Σ_x w_x [G(ω̄,|Ψ_{n+1}|) − G(ω̄,|Ψ_n|)]/(τ_{n+1} − τ_n) with G = ∫η₁ d|Ψ| (:mod:`.table`). Exact for
  any path of |Ψ| inside a step, so the whole-period average telescopes to zero at every ω (η₁∂t|Ψ| = ∂tG).
  Time coordinate: the step mid-points.
* ``"instantaneous"``: the flux at the snapshots, η₁/|Ψ| · ½∂τ|Ψ|² from the TDGL variable ``dpsi2_dt``
  (regular at |Ψ| = 0). Its period average vanishes only to the time-resolution error.

Positive / negative parts F± = max(±F, 0) are taken pointwise in (ω, t); P(t) = ∫F dω̄, P±(t) = ∫F± dω̄.
Averages are over a whole number of PSC periods (:func:`~neqsc.phonons.tdgl_input.whole_period_window`).

Validity: Eq. 11 is adiabatic and local (period ≫ τ_ε); free phonon escape (τ_es → 0), no phonon feedback.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from neqsc import validation
from neqsc.constants import h as h_planck
from neqsc.constants import hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.limits import check_points
from neqsc.phonons.params import PhononMaterial, tdgl_units
from neqsc.phonons.spectral import gamma_from_delta, validate_gamma
from neqsc.phonons.table import Eta1Table, build_table
from neqsc.phonons.tdgl_input import period_of, require, resolve_device, whole_period_window

__all__ = ["flux_prefactor", "phonon_spectra", "spectrum_at"]

METHODS = ("conservative", "instantaneous")
KINETICS = ("adiabatic", "relaxation")


def flux_prefactor(material: PhononMaterial, T_over_Tc: float, delta: float, cross_section: float) -> float:
    """C_W of the module docstring in W (``cross_section`` S in m², ``delta`` = 2τ_εΔ0/ħ of the TDGL run)."""
    units = tdgl_units(material, T_over_Tc)
    kT = k_B * units["T"]
    return (
        material.lam
        * (k_B * material.theta_D / material.eps_F)
        * delta
        * cross_section
        * units["xi"]
        * kT**4
        / (4.0 * math.pi * hbar**3 * material.c_s**3 * units["t0"])
    )


def _x_weights(x: np.ndarray) -> np.ndarray:
    w = np.empty_like(x)
    dx = np.diff(x)
    w[0], w[-1] = 0.5 * dx[0], 0.5 * dx[-1]
    w[1:-1] = 0.5 * (dx[1:] + dx[:-1])
    return w


def _omega3_bose(omega: np.ndarray) -> np.ndarray:
    """ω̄³N⁰(ω̄) = ω̄³/(e^ω̄ − 1), → 0 at ω̄ = 0."""
    out = np.zeros_like(omega)
    nz = omega > 0
    out[nz] = omega[nz] ** 3 / np.expm1(omega[nz])
    return out


#: fewest snapshots per PSC period for which whole-period averages are meaningful (below that the snapshots alias)
MIN_SNAPSHOTS_PER_PERIOD = 4


def _require_resolved_period(t: np.ndarray, period) -> None:
    """Refuse runs whose snapshots alias the PSC oscillation (the ∮ F dt = 0 bookkeeping would then fail)."""
    if period is None or not np.isfinite(period) or period <= 0 or t.size < 2:
        return
    spacing = float(np.median(np.diff(t)))
    if spacing > period / MIN_SNAPSHOTS_PER_PERIOD:
        raise InvalidParameter(
            "tdgl_run (snapshot spacing)",
            spacing,
            f"<= period/{MIN_SNAPSHOTS_PER_PERIOD} = {period / MIN_SNAPSHOTS_PER_PERIOD:.3g} t0",
            hint=f"the run's PSC period is {period:.3g} t0; rerun the TDGL simulation with a smaller save_every",
        )


def phonon_spectra(
    run: xr.Dataset,
    material: str | PhononMaterial | None = None,
    *,
    omega=None,
    gamma: float | None = None,
    form: str | None = None,
    method: str = "conservative",
    cross_section: float | None = None,
    n_periods: int | None = None,
    table: Eta1Table | None = None,
    kinetics: str = "adiabatic",
    rate: str = "run",
    tau_eps: float | None = None,
    wire=None,
) -> xr.Dataset:
    """Wire-integrated phonon-flux spectra dW/dω̄(t) of a TDGL run (Eq. 12).

    Parameters
    ----------
    run : TDGL Dataset (``neqsc_kind="tdgl_run"``) with ``psi_abs(t, x)`` (and ``dpsi2_dt`` for
        ``method="instantaneous"``), coords t (t0) and x (ξ), attrs ``delta`` and ``eta`` (= 1 − T/Tc). A run made
        by a :class:`neqsc.tdgl.Wire` supplies the material (with its film Tc, ρ, D), the cross-section and T itself.
    material : name in the materials table or a :class:`PhononMaterial` (λ, θ_D, ε_F, c_s, D, Tc). Default: the
        Wire's for a Wire run (a different one is refused), ``"Al"`` for a reduced run.
    omega : phonon energies ħω/k_BT (default 200 points on [0, 8]).
    gamma : Dynes γ/k_BT (> 0); default tied to the run, γ = Δ0/δ.
    form : η₁ form (``"as_printed"``, ``"corrected"`` (default), ``"full_linearized"``); ``kinetics="relaxation"``
        uses (and requires) ``"full_linearized"``.
    method : ``"conservative"`` or ``"instantaneous"`` (module docstring).
    cross_section : wire cross-section S in m² (volume 𝔙 = S ξ L). Default: width × thickness of the Wire for a
        Wire run (a different value is refused), 1e-16 m² for a reduced run.
    n_periods : whole periods averaged (default: all that fit after the transient, see ``whole_period_window``).
    table : a prebuilt :class:`Eta1Table` (must match T/Tc, γ, form and ω).
    kinetics : ``"adiabatic"`` (Eq. 11, δn = α∂t|Δ|) or ``"relaxation"`` (the relaxation equation integrated along
        the trajectory, :func:`neqsc.phonons.kinetics.relaxation_spectra`, whose extra outputs it then has).
    rate, tau_eps : relaxation rate choice (``"run"``, ``"material"``, ``"independent"``) and an optional constant
        τ_ε in s, for ``kinetics="relaxation"`` only.
    wire : a :class:`neqsc.tdgl.Wire` whose reduced run ``run`` is (η, δ, L/ξ must agree); then as a Wire run.

    Returns
    -------
    Dataset with ``flux``, ``flux_pos``, ``flux_neg`` (t, omega) in W per unit ω̄, ``power``,
    ``power_emitted``, ``power_absorbed`` (t) in W, period means ``mean_flux`` (omega) and scalars
    ``mean_power_emitted``, ``mean_power_absorbed``, ``mean_power_net``, ``cycle_residual`` (max_ω |∮F| / mean |F|),
    centre diagnostics ``psi_center`` and ``dpsi_dt_center`` (t), and ``source`` = ∫η₁∂τ|Ψ|dx̄ (t, omega).
    """
    kinetics = validation.one_of("kinetics", kinetics, KINETICS)
    run, material, cross_section, geo = resolve_device(run, material, cross_section, wire)
    if kinetics == "relaxation":
        if form not in (None, "full_linearized"):
            raise InvalidParameter("form", form, "'full_linearized' with kinetics='relaxation' (detailed balance)")
        from neqsc.phonons.kinetics import relaxation_spectra

        return relaxation_spectra(run, material, omega=omega, gamma=gamma, rate=rate, tau_eps=tau_eps,
                                  cross_section=cross_section, n_periods=n_periods)  # fmt: skip
    form = "corrected" if form is None else form
    method = validation.one_of("method", method, METHODS)
    needs = ("psi_abs", "dpsi2_dt") if method == "instantaneous" else ("psi_abs",)
    require(run, needs, ("delta", "eta"))
    eta_tdgl = validation.in_range("tdgl_run.eta", run.attrs["eta"], 0.0, 1.0, closed="neither")
    T_over_Tc = 1.0 - eta_tdgl
    delta = validation.positive("tdgl_run.delta", run.attrs["delta"])
    gamma = gamma_from_delta(delta, T_over_Tc) if gamma is None else validate_gamma(gamma)
    cross_section = validation.positive("cross_section", cross_section, "m^2")
    omega = np.linspace(0.0, 8.0, 200) if omega is None else validation.nonnegative("omega", np.asarray(omega, float))
    # flux, flux_pos, flux_neg, source and work arrays: ~8 float arrays of (t, omega)
    check_points("n_omega", omega.size * run.sizes["t"], omega.size, 64.0, f"spectra on {run.sizes['t']} times")
    if table is None:
        table = build_table(omega, T_over_Tc, gamma, form)
    elif not (
        np.allclose(table.omega, omega)
        and table.form == form
        and np.isclose(table.gamma, gamma)
        and np.isclose(table.T_over_Tc, T_over_Tc)
    ):
        raise InvalidParameter("table", f"{table.form}, γ={table.gamma}", f"a table for {form}, γ={gamma}, this ω grid")
    run = run.transpose("t", "x", ...)
    t = run["t"].values.astype(float)
    _require_resolved_period(t, run.attrs.get("period"))
    x = run["x"].values.astype(float)
    psi = np.asarray(run["psi_abs"].values, dtype=float)
    wx = _x_weights(x)
    if method == "conservative":
        gsum = table.wire_sum_G(psi, wx)
        source = np.diff(gsum, axis=0) / np.diff(t)[:, None]
        t_out = 0.5 * (t[1:] + t[:-1])
    else:
        dpsi2 = np.asarray(run["dpsi2_dt"].values, dtype=float)
        source = table.wire_sum_eta_over_psi(psi, 0.5 * dpsi2 * wx[None, :])
        t_out = t
    cw = flux_prefactor(material, T_over_Tc, delta, cross_section)
    flux = cw * _omega3_bose(omega)[None, :] * source
    ds = _assemble(run, t, t_out, omega, flux, source, psi, x, method, n_periods)
    units = tdgl_units(material, T_over_Tc)
    ds = ds.assign_coords(frequency=("omega", omega * k_B * units["T"] / h_planck, {"units": "Hz", "long_name": "f"}))
    ds.attrs.update(
        {
            "neqsc_kind": "psc_phonon_spectra",
            "form": form,
            "method": method,
            "gamma_over_kT": gamma,
            "T_over_Tc": T_over_Tc,
            "delta": delta,
            "C_W": cw,
            "material": material.name,
            "c_s": material.c_s,
            "cross_section": cross_section,
            "device_source": "wire" if geo is not None else "explicit",
            "xi": units["xi"],
            "t0": units["t0"],
            "T": units["T"],
            "tau_eps": delta * hbar / (2.0 * units["Delta0"]),
            # Eq. 11 needs period ≫ τ_ε: τ_ε/t0 = δ/(2 Δ0 t0/ħ); report τ_ε / period
            "adiabatic_ratio": delta * hbar / (2.0 * units["Delta0"]) / (ds.attrs["period_t0"] * units["t0"]),
            "tdgl_attrs": {k: v for k, v in run.attrs.items() if isinstance(v, int | float | str)},
        }
    )
    return ds


def _assemble(run, t, t_out, omega, flux, source, psi, x, method, n_periods):
    pos, neg = np.maximum(flux, 0.0), np.maximum(-flux, 0.0)
    # trapezoid weights in ω (a single ω point: unit weight, the "power" is then the spectral density itself)
    wo = np.ones_like(omega)
    if omega.size > 1:
        d = np.diff(omega)
        wo[:] = 0.0
        wo[:-1] += 0.5 * d
        wo[1:] += 0.5 * d
    i0, i1, n = whole_period_window(run, n_periods)
    if method == "conservative":
        dt = np.diff(t)[i0:i1]
        sel = slice(i0, i1)  # steps i0 .. i1−1 cover [t_i0, t_i1] exactly
        mean = lambda a: np.tensordot(dt, a[sel], axes=(0, 0)) / dt.sum()  # noqa: E731
    else:
        tt = t[i0 : i1 + 1]
        wt = np.zeros_like(tt)
        dtt = np.diff(tt)
        wt[:-1] += 0.5 * dtt
        wt[1:] += 0.5 * dtt
        sel = slice(i0, i1 + 1)
        mean = lambda a: np.tensordot(wt, a[sel], axes=(0, 0)) / wt.sum()  # noqa: E731
    mean_flux = mean(flux)
    mean_abs = mean(np.abs(flux))
    residual = float(np.max(np.abs(mean_flux)) / max(float(np.max(mean_abs)), 1e-300))
    ic = int(np.argmin(np.abs(x)))
    psi_c = psi[:, ic]
    if method == "conservative":
        psi_c_out = 0.5 * (psi_c[1:] + psi_c[:-1])
        dpsi_c = np.diff(psi_c) / np.diff(t)
    else:
        psi_c_out = psi_c
        dpsi_c = np.gradient(psi_c, t)
    tattrs = {"units": "t0", "long_name": "time (TDGL units τ_GL/u)"}
    W = {"units": "W", "long_name": "dW/d(ħω/k_BT)"}
    ds = xr.Dataset(
        {
            "flux": (("t", "omega"), flux, {**W, "long_name": "phonon flux spectrum dW/dω̄ (Eq. 12)"}),
            "flux_pos": (("t", "omega"), pos, {**W, "long_name": "emitted part max(F, 0)"}),
            "flux_neg": (("t", "omega"), neg, {**W, "long_name": "absorbed part max(−F, 0)"}),
            "source": (("t", "omega"), source, {"units": "1", "long_name": "∫ η₁ ∂τ|Ψ| dx̄ (k_BT·ξ/t0 units)"}),
            "power": ("t", flux @ wo, {"units": "W", "long_name": "net phonon power"}),
            "power_emitted": ("t", pos @ wo, {"units": "W", "long_name": "emitted phonon power"}),
            "power_absorbed": ("t", neg @ wo, {"units": "W", "long_name": "absorbed phonon power"}),
            "mean_flux": ("omega", mean_flux, {**W, "long_name": "period-averaged flux spectrum"}),
            "mean_power_emitted": ((), float(mean(pos) @ wo), {"units": "W"}),
            "mean_power_absorbed": ((), float(mean(neg) @ wo), {"units": "W"}),
            "mean_power_net": ((), float(mean_flux @ wo), {"units": "W"}),
            "cycle_residual": ((), residual, {"units": "1", "long_name": "max_ω |⟨F⟩| / max_ω ⟨|F|⟩"}),
            "psi_center": ("t", psi_c_out, {"units": "1", "long_name": "|Ψ| at the PSC (x = 0)"}),
            "dpsi_dt_center": ("t", dpsi_c, {"units": "1/t0", "long_name": "∂τ|Ψ| at the PSC"}),
        },
        coords={
            "t": ("t", t_out, tattrs),
            "omega": ("omega", omega, {"units": "k_B T", "long_name": "phonon energy ħω/k_BT"}),
        },
    )
    # the cycle residual of the conservative scheme equals the state mismatch between the window ends
    mismatch = float(np.sqrt(np.mean((psi[i1] - psi[i0]) ** 2)))
    P = period_of(run)
    ds.attrs.update(
        {
            "window_t0": float(t[i0]),
            "window_t1": float(t[i1]),
            "n_periods": n,
            "state_mismatch": mismatch,
            "period_t0": P,
            "snapshots_per_period": float(P / np.median(np.diff(t))),
        }
    )
    return ds


def spectrum_at(spectra: xr.Dataset, times) -> xr.Dataset:
    """Spectra dW/dω̄ at chosen moments (t0 units; nearest available time) with their ∂τ|Ψ| at the PSC."""
    times = np.atleast_1d(np.asarray(times, dtype=float))
    sub = spectra[["flux", "psi_center", "dpsi_dt_center"]].sel(t=times, method="nearest")
    return sub.assign_coords(t_requested=("t", times))
