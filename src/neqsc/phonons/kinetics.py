r"""Non-adiabatic quasiparticle kinetics along a TDGL trajectory, and the phonon spectra it emits.

Paper Eq. 11 (δn = α∂t|Δ|) is the adiabatic limit (PSC period ≫ τ_ε) of a relaxation equation; the TDGL runs
themselves have τ_ε/period ≈ 0.4–1.3, so here the kinetic equation is integrated along the trajectory instead.

**Kinetic equation.** States are labelled by their normal-state energy ξ (a Bogoliubov state keeps its label while
the gap moves); its excitation energy is E(ξ, t) = √(ξ² + |Δ(x, t)|²) (BCS; the quasiparticle density of states
N_s(E) = E/√(E² − Δ²) = dξ/dE appears whenever a ξ-integral is written as an energy integral). With
f = f₀(E(ξ, t)) + δf, f₀ the Fermi function at the bath temperature T, the relaxation-time equation
∂t f = −(f − f₀(E))/τ(E) gives, for every node x and label ξ ≥ 0 (energies in k_BT)::

    ∂t δf(ξ, t) = −δf/τ(E(ξ, t)) − ∂t f₀(E(ξ, t)),     −∂t f₀(E) = ¼ cosh⁻²(E/2) (|Δ|/E) ∂t|Δ|

Its adiabatic solution δf = τ · ¼cosh⁻²(E/2)(|Δ|/E)∂t|Δ| is Eq. 11 with R₂/N₁ → |Δ|/E and c_α = ¼
(:mod:`.spectral`). **Exponential integrator**: between snapshots t_n, t_{n+1} the rate is frozen at the mid-step
gap, λ = 1/τ(E_{n+½}), and f₀(E(ξ, t)) is taken linear in time, so the step is exact for that source::

    δf_{n+1} = e^{−λΔt} δf_n + [f₀(E_n) − f₀(E_{n+1})] (1 − e^{−λΔt})/(λΔt)

**Periodic state.** The window's last snapshot is replaced by its first (``state_mismatch`` reports what that
changed), so the history is exactly periodic. Over the window the map is diagonal, δf_end = Π δf_start + b with
Π = exp(−Σ λΔt): one pass from δf = 0 gives b and Π, the periodic start is δf* = b/(1 − Π) (exact), and a second
pass from δf* produces the periodic trajectory (``periodic_residual`` = max|δf_end − δf*| / max|δf*|).

**Emission (Eq. 8 linearised in δn, Dynes coherence factors, exact occupation weights — the ``full_linearized``
form of** :mod:`.eta1` **)**. With δn(ε) = δf(√(ε² − |Δ|²)) (δf(0) inside the gap)::

    dW/dω̄ = C_F ω̄³ Σ_x w_x ∫dε̄ M(ω̄, ε̄; |Δ|) δn(ε̄)
    M = P(ε;ω)[N⁰ + n(ω−ε)]θ(ω−ε) + Q(ε−ω;ω)[1 + N⁰ − n(ε−ω)]θ(ε−ω) − Q(ε;ω)[N⁰ + n(ε+ω)]
    C_F = λ_ep (ω_D/ε_F) S ξ (k_BT)⁵ / (2π ħ⁴ c_s³)     [W]

(P, Q as in :mod:`.eta1`; for δn = Eq. 11 this is exactly Eq. 12 with η₁ of the full linearisation).
The single-N⁰ ``corrected`` weights are not used here: they violate detailed balance, and the energy a
quasiparticle at ε ≳ 3 k_BT hands to the phonons comes out negative.

**One relaxation rate.** The energy-loss rate of a quasiparticle at ε implied by the same kernel,
R(ε) = ∫dω̄ ω̄³ M(ω̄, ε), defines the loss rate per state q(ε) = ε/τ(ε) = C_F R(ε)/(4 N₀ S ξ (k_BT)² N₁(ε)) (N₀:
single-spin density of states), tabulated on the (|Ψ|, ε) nodes of the kernel; a label's rate in a step is
λ = q̂(|Ψ|_mid, E_mid)/E_mid with q̂ the bilinear interpolant. The coupling C_F is either the material's
(``rate="material"``: λ_ep, θ_D, ε_F and N₀ of the filament) or rescaled (``rate="run"``, default) so that the
energy-relaxation time of a small electron-temperature rise at |Ψ| = 1,
τ_th = 4N₀Sξ(k_BT)²∫ε N₁ δn_T / (C_F∫R δn_T) with δn_T = ε cosh⁻²(ε/2)/4, equals the TDGL run's τ_ε = δħ/(2Δ0):
then the condensate (TDGL δ), the kinetics and the emission relax at one rate. ``rate="independent"`` keeps the
earlier, inconsistent choice (kinetics with the constant τ_ε of the run, emission with the material's coupling)
and, like ``rate="material"`` (whose kinetics no longer relax at the TDGL condensate's rate), issues an
:class:`InconsistentRatesWarning` stating the ratio of the two rates; ``tau_eps`` (s) sets τ_th to a given
value instead (e.g. :func:`inelastic_time`), keeping the energy dependence of the kernel.

**Energy books (exact for the discrete scheme).** Per step and label, with f = f₀(E) + δf, the energy
U = E f changes by ΔU = ΔE f_mid − E_mid ρ (exact product rule), where ρ = δf_n(1 − e^{−λΔt}) + [f₀(E_n) −
f₀(E_{n+1})](1 − φ₁) = λ∫δf dt is what relaxes in the step (φ₁ = (1 − e^{−λΔt})/(λΔt)). Over the closed cycle
ΣΔU = 0, so the work of the moving gap on the quasiparticles,
P_in = 4N₀Sξ(k_BT)² Σ_x w_x Σ_ξ w_ξ Σ_n [ΔE f_mid − ΔF]/T_w (F(E) = −ln(1 + e^{−E}), F' = f₀: ΔF is the
reversible work on f₀, subtracted per step so that nearly equal terms cancel first; ΣΔF = 0), equals the
relaxation loss P_rel = 4N₀Sξ(k_BT)² Σ w E_mid ρ/T_w to round-off. The time-integrated
excitations ∫δf dt of every step are deposited on the (|Ψ|, ε) kernel nodes with the same bilinear weights that
interpolate q, so the net phonon power of the spectra over all ω of the kernel equals P_rel identically:
``first_law_residual`` = |⟨P_ph⟩ − ⟨P_in⟩|/⟨P_in⟩ measures round-off, the periodic closure and the code's
consistency, not a model error. ``mean_power_net`` integrates the spectrum over the requested ω grid only.
"""

from __future__ import annotations

import math
import warnings

import numba
import numpy as np
import xarray as xr

from neqsc import materials, validation
from neqsc.constants import e as e_charge
from neqsc.constants import hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.phonons.params import PhononMaterial, tdgl_units
from neqsc.phonons.spectral import gamma_from_delta, gap_over_T, spectral_functions, validate_gamma
from neqsc.phonons.tdgl_input import require, resolve_device, whole_period_window

__all__ = [
    "RATES",
    "InconsistentRatesWarning",
    "electron_dos",
    "emission_kernel",
    "inelastic_time",
    "relaxation_spectra",
]

RATES = ("run", "material", "independent")


class InconsistentRatesWarning(UserWarning):
    """The condensate (TDGL δ), the kinetics and the phonon emission do not relax at one rate (dimensionless).

    Issued by :func:`relaxation_spectra` for ``rate="independent"`` and ``rate="material"``; the message states
    the ratio τ_th(material)/τ_ε(run) of the two relaxation times.
    """


def inelastic_time(material: str | PhononMaterial, T: float, model: str = "kaplan") -> float:
    """Inelastic (electron–phonon) time τ_ε(T) in s of the filament: :meth:`neqsc.materials.Material.inelastic_time`.

    The one place the cooler takes a material τ_ε from (``model``: ``"kaplan"`` or ``"eph"``).
    """
    name = material if isinstance(material, str) else material.name
    return float(materials.get(name).inelastic_time(validation.positive("T", T, "K"), model=model))


def electron_dos(material: str | PhononMaterial) -> float:
    """Single-spin density of states N₀ (J⁻¹ m⁻³): the table's ``dos`` if present, else 1/(2e²ρD) (Einstein)."""
    name = material if isinstance(material, str) else material.name
    mat = materials.get(name)
    dos = getattr(mat, "dos", None)
    if dos:
        return float(dos)
    return 1.0 / (2.0 * e_charge**2 * mat.require("resistivity") * mat.require("diffusion"))


def _fermi(x):
    ex = np.exp(-np.abs(x))
    return np.where(x > 0, ex / (1.0 + ex), 1.0 / (1.0 + ex))


def emission_kernel(n_omega: int, stride: int, eps: np.ndarray, gaps, gamma: float) -> np.ndarray:
    """M(ω̄_k, ε̄_j; |Δ|) of the module docstring times the trapezoid weight of ε̄_j; shape (n_gap, n_omega, n_eps).

    ``eps`` is a uniform grid ε_j = j·Δε from 0 (k_BT units); the phonon energies are ω_k = k·stride·Δε,
    k < ``n_omega``, so ε ± ω fall on grid points and the spectral functions are evaluated once per gap.
    """
    gamma = validate_gamma(gamma)
    de = float(eps[1] - eps[0])
    n_e = eps.size
    q = np.arange(int(n_omega)) * int(stride)
    w = q * de
    ext = np.arange(n_e + q[-1] + 1) * de
    j = np.arange(n_e)
    we = np.full(n_e, de)
    we[0] = we[-1] = 0.5 * de
    inv = np.zeros(w.size)
    inv[1:] = 1.0 / np.expm1(np.minimum(w[1:], 700.0))  # N⁰(ω)
    f = _fermi(ext)
    diff = q[:, None] - j[None, :]  # ω − ε in steps
    rec_mask, down_mask = diff > 0, diff < 0
    ad = np.abs(diff)
    up_i = q[:, None] + j[None, :]
    out = np.empty((len(gaps), w.size, n_e))
    for i, g in enumerate(gaps):
        nn, rr = spectral_functions(ext, g, gamma)
        n_j, r_j = nn[:n_e][None, :], rr[:n_e][None, :]
        n_d, r_d = nn[ad], rr[ad]  # at |ω − ε| (N₁ even, R₂ odd: the sign is absorbed below)
        rec = (n_j * n_d + r_j * r_d) * (inv[:, None] + f[ad]) * rec_mask
        down = (n_d * n_j - r_d * r_j) * (1.0 + inv[:, None] - f[ad]) * down_mask
        up = (n_j * nn[up_i] - r_j * rr[up_i]) * (inv[:, None] + f[up_i])
        out[i] = (rec + down - up) * we[None, :]
    return out


@numba.njit(cache=True)
def _evolve(psi, t, xi, d0, q_tab, psi_step, eps_step, lam_const, adiabatic, dfx, wx, wxi, out_idx, store, books):
    """One pass of the exponential integrator over snapshots 0..nt−1 of ``psi`` (nt, nx) starting from ``dfx``.

    ``q_tab`` (n_psi, n_eps): the energy-loss rate per state q = λε (k_BT/t0) on the table nodes (|Ψ|_p = p·
    ``psi_step``, ε_j = j·``eps_step``); the rate of a label in a step is λ = q̂(|Ψ|_mid, E_mid)/E_mid with q̂ the
    bilinear interpolant, unless ``lam_const`` > 0 (1/t0). ``adiabatic``: δf_{n+1} = τ × the step-averaged source
    (Eq. 11, no memory). Returns (δf at the end (nx, nxi), Σ λΔt (nx, nxi), the deposit D (n_psi, n_eps) of the
    time-integrated excitations ∫δf dt with the same bilinear weights, W_in = Σ w (ΔE f_mid − ΔF), W_rel = Σ w E_mid
    λ∫δf dt); with ``books=False`` only the first two (the rest zero). Fills ``store`` with δf at ``out_idx``.
    Nodes are independent: the loop runs node by node (x outer), so a node's labels stay in cache for all steps.
    """
    nt, nx = psi.shape
    nxi = xi.size
    npsi, neps = q_tab.shape
    df = dfx.copy()
    lsum = np.zeros((nx, nxi))
    dep = np.zeros((npsi, neps))
    xi2 = xi * xi
    e_prev = np.empty(nxi)
    f_prev = np.empty(nxi)
    l_prev = np.empty(nxi)  # ln(1 + e^{−E}) = −F(E), F' = f₀
    inv_de = 1.0 / eps_step
    inv_dp = 0.5 / psi_step
    w_in = 0.0
    w_rel = 0.0
    for ix in range(nx):
        g0 = psi[0, ix] * d0
        for k in range(nxi):
            e = math.sqrt(xi2[k] + g0 * g0)
            ex = math.exp(-e)
            e_prev[k] = e
            f_prev[k] = ex / (1.0 + ex)
            l_prev[k] = math.log1p(ex)
        dfr = df[ix]
        lsr = lsum[ix]
        wgt = wx[ix]
        acc_in = 0.0
        acc_rel = 0.0
        k_out = 0
        p_old = psi[0, ix]
        for n in range(nt - 1):
            dt = t[n + 1] - t[n]
            p_new = psi[n + 1, ix]
            g1 = p_new * d0
            g1s = g1 * g1
            pm = (p_old + p_new) * inv_dp
            p_old = p_new
            mr = min(int(pm), npsi - 2)
            ur = pm - mr
            row0 = q_tab[mr]
            row1 = q_tab[mr + 1]
            dep0 = dep[mr]
            dep1 = dep[mr + 1]
            for k in range(nxi):
                e0 = e_prev[k]
                e1 = math.sqrt(xi2[k] + g1s)
                em = 0.5 * (e0 + e1)
                pe = em * inv_de
                je = min(int(pe), neps - 2)
                ue = pe - je
                if lam_const > 0.0:
                    lam = lam_const
                else:
                    qm = (1.0 - ur) * ((1.0 - ue) * row0[je] + ue * row0[je + 1]) + ur * (
                        (1.0 - ue) * row1[je] + ue * row1[je + 1]
                    )
                    if je == 0 and ue < 1e-9:  # E_mid ≈ 0: the limit q̂/E = λ at the first node
                        lam = ((1.0 - ur) * row0[1] + ur * row1[1]) * inv_de
                    else:
                        lam = qm / em
                ex = math.exp(-e1)
                f0b = ex / (1.0 + ex)
                f0a = f_prev[k]
                ds = f0a - f0b
                z = lam * dt
                old = dfr[k]
                # φ₁ = (1 − e^{−z})/z and φ₂ = (1 − φ₁)/z; series to z⁹ below 1/16 (truncation < 1e-17, no cancellation)
                if z < 0.0625:
                    phi2 = 0.5 - z * (1.0 / 6 - z * (1.0 / 24 - z * (1.0 / 120 - z * (1.0 / 720 - z * (
                        1.0 / 5040 - z * (1.0 / 40320 - z * (1.0 / 362880 - z * (1.0 / 3628800))))))))
                    phi1 = 1.0 - z * phi2
                else:
                    phi1 = -math.expm1(-z) / z
                    phi2 = (1.0 - phi1) / z
                if adiabatic:
                    new = ds / z
                    r = new  # ∫δf dt / Δt in the step
                else:
                    r = old * phi1 + ds * phi2  # ∫δf dt / Δt, exact for the step's model
                    new = (1.0 - z * phi1) * old + ds * phi1
                rel = z * r  # relaxed in the step: λ∫δf dt = old − new + Δf₀
                dfr[k] = new
                lsr[k] += z
                e_prev[k] = e1
                f_prev[k] = f0b
                if books:
                    # ΔU = ΔE·f_mid − E_mid·rel exactly (f = f₀ + δf); minus the reversible work ΔF on f₀, per step so
                    # that the two nearly equal terms cancel before summation
                    l1 = math.log1p(ex)
                    acc_in += ((e1 - e0) * (0.5 * (old + new) + 0.5 * (f0a + f0b)) - (l_prev[k] - l1)) * wxi[k]
                    l_prev[k] = l1
                    acc_rel += em * rel * wxi[k]
                    c = wgt * wxi[k] * dt * r  # ∫δf dt in the step (states·t0)
                    c0 = c * (1.0 - ur)
                    c1 = c * ur
                    dep0[je] += c0 * (1.0 - ue)
                    dep0[je + 1] += c0 * ue
                    dep1[je] += c1 * (1.0 - ue)
                    dep1[je + 1] += c1 * ue
            if k_out < out_idx.size and out_idx[k_out] == n + 1:
                store[k_out, ix] = dfr
                k_out += 1
        w_in += acc_in * wgt
        w_rel += acc_rel * wgt
    return df, lsum, dep, w_in, w_rel


def _delta_n_on_eps(dfx: np.ndarray, xi: np.ndarray, wxi: np.ndarray, eps: np.ndarray, gap, gamma: float):
    """δn on the ε grid by depositing the excitations of the ξ-labelled states (count-conserving).

    Each label ξ_k carries w_k δf_k states at E_k = √(ξ_k² + gap²); they are shared linearly between the two ε
    nodes around E_k, and δn_j = (deposit)_j/(N₁(ε_j) w_j) with the Dynes N₁ of the emission kernel, so that
    ∫ε N₁ δn dε = ∫E δf dξ to second order in the grid step. dfx (..., n_xi), gap broadcastable to dfx[..., 0].
    """
    gap = np.broadcast_to(np.asarray(gap, float), dfx.shape[:-1])
    lead = int(np.prod(dfx.shape[:-1]))
    de = float(eps[1] - eps[0])
    energy = np.sqrt(xi[None, :] ** 2 + gap.reshape(lead, 1) ** 2)
    pos = np.clip(energy / de, 0.0, eps.size - 1 - 1e-9)
    j = pos.astype(np.int64)
    u = pos - j
    base = (np.arange(lead)[:, None] * eps.size + j).ravel()
    val = (dfx.reshape(lead, -1) * wxi[None, :]).ravel()
    uf = u.ravel()
    dep = np.bincount(base, val * (1.0 - uf), minlength=lead * eps.size)
    dep += np.bincount(base + 1, val * uf, minlength=lead * eps.size)
    dep = dep.reshape(lead, eps.size)
    we = np.full(eps.size, de)
    we[0] = we[-1] = 0.5 * de
    n1 = spectral_functions(eps[None, :], gap.reshape(lead, 1), gamma)[0]
    return (dep / (n1 * we[None, :])).reshape(*dfx.shape[:-1], eps.size)


def relaxation_spectra(
    run: xr.Dataset,
    material: str | PhononMaterial | None = None,
    *,
    omega=None,
    gamma: float | None = None,
    rate: str = "run",
    tau_eps: float | None = None,
    cross_section: float | None = None,
    n_xi: int = 200,
    xi_max: float = 24.0,
    n_psi: int = 61,
    n_out: int = 64,
    n_periods: int | None = None,
    adiabatic: bool = False,
    wire=None,
) -> xr.Dataset:
    """Phonon spectra of a TDGL run with non-adiabatic quasiparticle kinetics (module docstring).

    ``material`` (name or :class:`PhononMaterial`), ``cross_section`` (m²) and ``wire`` (a
    :class:`neqsc.tdgl.Wire`): as in :func:`neqsc.phonons.flux.phonon_spectra` — a Wire run supplies them, a
    reduced run defaults to ``"Al"`` and 1e-16 m².

    ``omega``: ħω/k_BT grid (default 193 points on [0, 24]); ``gamma``: Dynes γ/k_BT of the emission kernel
    (default Δ0/δ); ``rate``: ``"run"`` | ``"material"`` | ``"independent"``; ``tau_eps`` (s): the thermal τ_th
    to calibrate to;
    ``n_xi`` labels on [0, ``xi_max``] k_BT; ``n_psi`` |Ψ| nodes of the kernel tables;
    ``n_out`` snapshots of the time-resolved spectrum; ``adiabatic=True`` replaces the kinetics by Eq. 11 on the
    same labels, kernel and time steps (the τ → 0 reference). Returns the variables of
    :func:`neqsc.phonons.flux.phonon_spectra` (``flux`` at ``n_out`` times of the last window) plus
    ``power_to_quasiparticles``, ``relaxation_power``, ``phonon_power_all_omega`` (W), ``first_law_residual``,
    ``periodic_residual``, ``state_mismatch`` (dimensionless) and ``absorbed_band_power`` (W).
    ``rate="material"`` or ``"independent"`` warn (:class:`InconsistentRatesWarning`) with the ratio of the rates.
    """
    run, material, cross_section, _ = resolve_device(run, material, cross_section, wire)
    require(run, ("psi_abs",), ("delta", "eta"))
    rate = validation.one_of("rate", rate, RATES)
    t_over_tc = 1.0 - validation.in_range("tdgl_run.eta", run.attrs["eta"], 0.0, 1.0, closed="neither")
    delta = validation.positive("tdgl_run.delta", run.attrs["delta"])
    gamma = gamma_from_delta(delta, t_over_tc) if gamma is None else validate_gamma(gamma)
    S = validation.positive("cross_section", cross_section, "m^2")
    omega = np.linspace(0.0, 24.0, 193) if omega is None else validation.nonnegative("omega", np.asarray(omega, float))
    for name, val, low in (("n_xi", n_xi, 16), ("n_psi", n_psi, 8), ("n_out", n_out, 2)):
        if int(val) != val or val < low:
            raise InvalidParameter(name, val, f"an integer >= {low}")
    units = tdgl_units(material, t_over_tc)
    kT, t0 = k_B * units["T"], units["t0"]
    tau_run = delta * hbar / (2.0 * units["Delta0"])
    d0 = float(gap_over_T(1.0, t_over_tc))
    # coupling of the Eq. 12 kernel with the material's constants (W), and the energy-density factor 4N₀Sξ(k_BT)²
    c_mat = material.lam * (k_B * material.theta_D / material.eps_F) * S * units["xi"] * kT**5
    c_mat /= 2.0 * math.pi * hbar**4 * material.c_s**3
    dens = 4.0 * electron_dos(material) * S * units["xi"] * kT**2
    # ε grid of the rate table and the emission kernel
    de = min(gamma / 4.0, 0.05)
    eps = np.arange(0.0, float(xi_max) + d0 * 1.25 + de, de)
    stride = 4  # internal phonon-energy step 4Δε ≤ γ
    psi_grid = np.linspace(0.0, 1.2, int(n_psi))
    gaps = psi_grid * d0
    n_fine = int(np.ceil(36.0 / (stride * de))) + 1
    w_fine = np.arange(n_fine) * stride * de
    m_fine = emission_kernel(n_fine, stride, eps, gaps, gamma)
    r_eps = np.matmul(_w3(w_fine) * _trap(w_fine), m_fine)  # R(ε)·w_ε, (n_psi, n_eps)
    we = np.full(eps.size, de)
    we[0] = we[-1] = 0.5 * de
    n1 = spectral_functions(eps[None, :], gaps[:, None], gamma)[0]
    e_n1 = eps[None, :] * n1 * we[None, :]
    # thermal calibration at |Ψ| = 1: τ_th of the material coupling
    i1 = int(np.argmin(np.abs(psi_grid - 1.0)))
    dn_t = 0.25 * eps / np.cosh(0.5 * np.minimum(eps, 600.0)) ** 2
    tau_th_mat = dens * (e_n1[i1] @ dn_t) / (c_mat * (r_eps[i1] @ dn_t))
    if tau_eps is not None:
        tau_target = validation.positive("tau_eps", tau_eps, "s")
    else:
        tau_target = tau_run if rate in ("run", "independent") else tau_th_mat
    c_emit = c_mat if rate == "independent" else c_mat * tau_th_mat / tau_target
    if tau_eps is None and rate != "run":
        what = ("the kinetics relax at the run's τ_ε, the emission at the material's coupling" if rate == "independent"
                else "the kinetics and the emission relax at the material's rate, the TDGL condensate at the run's δ")
        warnings.warn(f"rate={rate!r}: {what}; τ_th(material)/τ_ε(run) = {tau_th_mat / tau_run:.3g} "
                      f"(τ_th = {tau_th_mat:.3g} s, τ_ε = δħ/(2Δ0) = {tau_run:.3g} s)", InconsistentRatesWarning,
                      stacklevel=2)  # fmt: skip
    lam_const = t0 / tau_target if rate == "independent" else 0.0
    # energy-loss rate per state on the (|Ψ|, ε) nodes, q = λε = C R/(4N₀Sξ(k_BT)² N₁) in k_BT/t0: finite and ≥ 0
    # everywhere (Dynes N₁ > 0; R(0) = 0), so the kinetics and the emission use the same numbers at every node
    q_tab = np.ascontiguousarray(c_emit * r_eps / (dens * n1 * we[None, :]) * t0)
    # window
    run = run.transpose("t", "x", ...)
    i0, i1w, nper = whole_period_window(run, n_periods)
    t = run["t"].values.astype(float)[i0 : i1w + 1]
    psi = np.ascontiguousarray(run["psi_abs"].values[i0 : i1w + 1], dtype=float)
    if psi.max() > 1.2 or psi.min() < 0 or not np.all(np.isfinite(psi)):
        raise InvalidParameter("psi_abs", float(np.nanmax(psi)), "finite values in [0, 1.2]")
    # close the cycle exactly: the window's end state replaced by its start state (the TDGL window closes only to
    # ``state_mismatch``; left open, the periodic closure δf* = b/(1 − Π) amplifies it by 1/(1 − Π))
    mismatch = float(np.max(np.abs(psi[-1] - psi[0])))
    psi[-1] = psi[0]
    x = run["x"].values.astype(float)
    wx = _trap(x)
    xi = np.linspace(0.0, float(xi_max), int(n_xi))
    wxi = _trap(xi)
    out_idx = np.unique(np.linspace(1, t.size - 1, int(n_out)).round().astype(np.int64))
    store = np.zeros((out_idx.size, x.size, xi.size))
    args = (xi, d0, q_tab, psi_grid[1] - psi_grid[0], de, lam_const, bool(adiabatic))
    zero = np.zeros((x.size, xi.size))
    none = np.zeros(0, dtype=np.int64)
    if adiabatic:
        start = zero
    else:
        b, lsum, *_ = _evolve(psi, t, *args, zero, wx, wxi, none, store[:0], False)
        start = b / -np.expm1(-lsum)
    end, _, dep, w_in, w_rel = _evolve(psi, t, *args, start, wx, wxi, out_idx, store, True)
    period_res = 0.0 if adiabatic else float(np.max(np.abs(end - start)) / max(float(np.max(np.abs(start))), 1e-300))
    span = t[-1] - t[0]
    # emission: the time-integrated excitations deposited on the (|Ψ|, ε) nodes of the kernel, δn = D/(N₁ w_ε)
    dn_bins = dep / (n1 * we[None, :]) / span  # (n_psi, n_eps) time mean, weighted by w_x
    p_ph_all = c_emit * float(np.sum(r_eps * dn_bins))  # all ω of the kernel (0 ≤ ω̄ ≤ 36)
    n_int = min(n_fine, int(np.ceil(float(omega.max()) / (stride * de))) + 2)
    w_int = w_fine[:n_int]
    m_out = m_fine[:, :n_int]  # (n_psi, n_omega_int, n_eps) on the internal grid, interpolated to ω below
    w3 = _w3(w_int)
    mean_flux = np.interp(omega, w_int, c_emit * w3 * np.einsum("pwe,pe->w", m_out, dn_bins))
    psi_out = psi[out_idx]
    dn_out = _delta_n_on_eps(store, xi, wxi, eps, psi_out * d0, gamma)  # (n_out, n_x, n_eps)
    flux_int = _flux_at(psi_out, dn_out, wx, psi_grid, m_out) * c_emit * w3[None, :]
    flux = np.stack([np.interp(omega, w_int, row) for row in flux_int])
    p_in = dens * w_in / (span * t0)
    p_rel = dens * w_rel / (span * t0)
    wo = _trap(omega)
    return _dataset(
        run,
        t,
        out_idx,
        omega,
        flux,
        mean_flux,
        wo,
        psi,
        x,
        material,
        units,
        {
            "power_to_quasiparticles": (p_in, "W", "⟨P_in⟩: work of the moving gap on δf"),
            "relaxation_power": (p_rel, "W", "⟨P_rel⟩: relaxation loss of δf"),
            "phonon_power_all_omega": (p_ph_all, "W", "⟨P_ph⟩: net phonon power over all ω of the kernel"),
            "first_law_residual": (abs(p_ph_all - p_in) / max(abs(p_in), 1e-300), "1", "|⟨P_ph⟩ − ⟨P_in⟩|/⟨P_in⟩"),
            "periodic_residual": (period_res, "1", "max|δf_end − δf_start|/max|δf_start|"),
            "state_mismatch": (mismatch, "1", "max_x |Ψ(t_end) − Ψ(t_start)|, closed before the kinetics"),
        },
        {
            "kinetics": "adiabatic_bcs" if adiabatic else "relaxation",
            "rate": rate if tau_eps is None else "tau_eps",
            "tau_eps": tau_target,
            "tau_eps_run": tau_run,
            "tau_thermal_material": tau_th_mat,
            "rate_ratio_run_over_material": tau_th_mat / tau_run,
            "emission_coupling_W": c_emit,
            "gamma_over_kT": gamma,
            "form": "full_linearized",
            "delta": delta,
            "T_over_Tc": t_over_tc,
            "cross_section": S,
            "n_periods": nper,
            "adiabatic_ratio": tau_target / (run.attrs.get("period", np.nan) * t0),
        },
    )


def _trap(x: np.ndarray) -> np.ndarray:
    w = np.zeros_like(x, dtype=float)
    if x.size > 1:
        d = np.diff(x)
        w[:-1] += 0.5 * d
        w[1:] += 0.5 * d
    else:
        w[:] = 1.0
    return w


def _w3(omega: np.ndarray) -> np.ndarray:
    return np.asarray(omega, float) ** 3


def _flux_at(psi_out, dn_out, wx, psi_grid, m_out) -> np.ndarray:
    """Σ_x w_x Σ_ε M(ω, ε; |Ψ_x|) δn_x(ε) with M linear in |Ψ| between table nodes; (n_out, n_omega)."""
    dp = psi_grid[1] - psi_grid[0]
    pos = psi_out / dp
    m = np.minimum(pos.astype(np.int64), psi_grid.size - 2)
    u = pos - m
    n_out = psi_out.shape[0]
    kk = np.arange(n_out)
    acc = np.zeros((psi_grid.size, n_out, dn_out.shape[-1]))  # δn of every snapshot gathered on the |Ψ| nodes
    for ix in range(psi_out.shape[1]):  # (node, snapshot) pairs are distinct for one x: plain fancy += is exact
        acc[m[:, ix], kk] += (wx[ix] * (1.0 - u[:, ix]))[:, None] * dn_out[:, ix]
        acc[m[:, ix] + 1, kk] += (wx[ix] * u[:, ix])[:, None] * dn_out[:, ix]
    out = np.zeros((n_out, m_out.shape[1]))
    for p in np.unique(np.concatenate([m.ravel(), m.ravel() + 1])):
        out += acc[p] @ m_out[p].T
    return out


def _dataset(run, t, out_idx, omega, flux, mean_flux, wo, psi, x, material, units, scalars, attrs) -> xr.Dataset:
    from neqsc.constants import h as h_planck

    pos, neg = np.maximum(flux, 0.0), np.maximum(-flux, 0.0)
    W = {"units": "W", "long_name": "dW/d(ħω/k_BT)"}
    ic = int(np.argmin(np.abs(x)))
    absorbed = float(np.maximum(-mean_flux, 0.0) @ wo)
    ds = xr.Dataset(
        {
            "flux": (("t", "omega"), flux, {**W, "long_name": "phonon flux spectrum (relaxation kinetics)"}),
            "flux_pos": (("t", "omega"), pos, {**W, "long_name": "emitted part max(F, 0)"}),
            "flux_neg": (("t", "omega"), neg, {**W, "long_name": "absorbed part max(−F, 0)"}),
            "power": ("t", flux @ wo, {"units": "W", "long_name": "net phonon power"}),
            "power_emitted": ("t", pos @ wo, {"units": "W"}),
            "power_absorbed": ("t", neg @ wo, {"units": "W"}),
            "mean_flux": ("omega", mean_flux, {**W, "long_name": "cycle-averaged net spectrum ⟨F(ω)⟩"}),
            "mean_power_emitted": ((), float(np.mean(pos @ wo)), {"units": "W"}),
            "mean_power_absorbed": ((), float(np.mean(neg @ wo)), {"units": "W"}),
            "mean_power_net": ((), float(mean_flux @ wo), {"units": "W"}),
            "absorbed_band_power": ((), absorbed, {"units": "W", "long_name": "∫ max(−⟨F⟩, 0) dω̄"}),
            "cycle_residual": ((), 0.0, {"units": "1", "long_name": "not applicable (net power is physical)"}),
            "psi_center": ("t", psi[out_idx, ic], {"units": "1"}),
            **{k: ((), float(v), {"units": u, "long_name": n}) for k, (v, u, n) in scalars.items()},
        },
        coords={
            "t": ("t", t[out_idx], {"units": "t0"}),
            "omega": ("omega", omega, {"units": "k_B T", "long_name": "phonon energy ħω/k_BT"}),
        },
    )
    ds = ds.assign_coords(frequency=("omega", omega * k_B * units["T"] / h_planck, {"units": "Hz", "long_name": "f"}))
    ds.attrs.update(
        {
            "neqsc_kind": "psc_phonon_spectra",
            "material": material.name,
            "xi": units["xi"],
            "t0": units["t0"],
            "T": units["T"],
            "window_t0": float(t[0]),
            "window_t1": float(t[-1]),
            "period_t0": float(run.attrs.get("period", np.nan)),
            **attrs,
        }
    )
    return ds
