r"""The phonon spectral function η₁(ω; |Ψ|, T, γ) of paper Eq. 13, in three forms.

Source: Mowgood et al., *phase-slip centers as cooling engines*, Eqs. 8–13. Energies in k_BT units (T = 1),
P(ε) = N₁(ε)N₁(ω−ε) + R₂(ε)R₂(ω−ε), Q(ε) = N₁(ε)N₁(ω+ε) − R₂(ε)R₂(ω+ε), h = R₂/(N₁cosh²(ε/2)),
n(ε) = 1/(e^ε + 1), N⁰(ω) = 1/(e^ω − 1).

Derivation. Insert n = n⁰ + δn with δn = α∂t|Δ| (Eq. 11, α ∝ h) into the collision integral Eq. 8 and keep the
terms linear in δn (Dynes spectral functions replace the BCS coherence factors Φ^rec,rel ↔ N₁N₁' ± R₂R₂', which
agrees with Kaplan et al., PRB 14, 4854 (1976)). Recombination (ε + ε' = ω, symmetric in ε ↔ ε') gives
2∫₀^ω dε P(ε) δn(ε) [N⁰(ω) + n(ω−ε)]; scattering (ε = ε' + ω) gives
2∫₀^∞ dε Q(ε) {δn(ε+ω)[1 + N⁰(ω) − n(ε)] − δn(ε)[N⁰(ω) + n(ε+ω)]}. Writing the result as N⁰(ω)·η₁ (Eq. 12):

``form="full_linearized"`` (exact linearisation, the occupation weights kept)::

    η₁ = ¼∫₀^ω P h [N⁰ + n(ω−ε)]/N⁰ dε + ¼∫₀^∞ Q {h(ε+ω)[1 + N⁰ − n(ε)] − h(ε)[N⁰ + n(ε+ω)]}/N⁰ dε

``form="corrected"`` (the paper's single N⁰ weight, with the two fixes listed below)::

    η₁ = ¼∫₀^ω P h dε + ¼∫₀^∞ Q {h(ε+ω) − h(ε)} dε

  * the recombination integral stops at ε = ω (Eq. 8's δ(ε+ε'−ω) with ε, ε' > 0); the printed ∫₀^∞ lets
    ω − ε < 0 enter through the broadened functions (a spurious tail, η₁ ≈ +0.15 already at ω → 0);
  * the scattering term carries **+**: linearising Eq. 8's relaxation bracket gives +N⁰{δn(ε+ω) − δn(ε)};
    the printed − makes η₁ > 0 at every ω, contradicting the sign change in the paper's Fig. 2(b).
    The corrected form reproduces the negative segment below and the positive one above ω ≈ 2|Δ|.

``form="as_printed"`` (Eq. 13 literally)::

    η₁ = ¼∫₀^∞ P h dε − ¼∫₀^∞ Q {h(ε+ω) − h(ε)} dε

All forms vanish at |Ψ| = 0 (R₂ ∝ Δ). The overall factor (¼ and the c_α of Eq. 11) sits in the prefactor of
Eq. 12, see :mod:`neqsc.phonons.flux`.

Numerics (fast path, :func:`eta1_grid`): on a uniform ε-grid of step ``de`` (≤ γ/16) the recombination integral
is a discrete **convolution** and the scattering integral a discrete **correlation** of 1D arrays, so every
ω = k·de is obtained at once with FFTs (trapezoid rule; O(M log M) per |Ψ|), then interpolated to the requested
ω. :func:`eta1_quad` is the direct per-point adaptive quadrature, kept as the reference and the
benchmark baseline.
"""

from __future__ import annotations

import numpy as np
from scipy import fft as sfft
from scipy import integrate

from neqsc import validation
from neqsc.limits import check_allocation, check_work
from neqsc.phonons.spectral import h_kernel, spectral_functions, validate_gamma

__all__ = ["FORMS", "eta1", "eta1_dataset", "eta1_grid", "eta1_psi", "eta1_quad"]

FORMS = ("as_printed", "corrected", "full_linearized")
_TAIL = 40.0  # k_BT beyond max(ω, Δ) where h ~ e^{-40}: negligible at double precision relative to O(1) integrals


def _fermi(x):
    ex = np.exp(-np.abs(x))
    return np.where(x > 0, ex / (1.0 + ex), 1.0 / (1.0 + ex))


def _inv_bose(w):
    """1/N⁰(ω) = e^ω − 1 (→ 0 at ω = 0, so the full_linearized extras vanish there as they should)."""
    return np.expm1(np.minimum(w, 700.0))


def _conv(a, b, nfft):
    """c[k] = Σ_{i=0}^{k} a_i b_{k−i} along the last axis (FFT)."""
    m = a.shape[-1]
    return sfft.irfft(sfft.rfft(a, nfft, axis=-1) * sfft.rfft(b, nfft, axis=-1), nfft, axis=-1)[..., :m]


def _corr(a, b, nfft):
    """c[k] = Σ_i a_i b_{i+k} along the last axis (FFT)."""
    m = a.shape[-1]
    fa = sfft.rfft(a[..., ::-1], nfft, axis=-1)
    return sfft.irfft(fa * sfft.rfft(b, nfft, axis=-1), nfft, axis=-1)[..., m - 1 : 2 * m - 1]


def _step(gamma: float, gap_max: float) -> float:
    # γ sets the width of the smoothed gap-edge peaks; 16 points per γ keeps the trapezoid error < 1e-3
    return min(gamma / 16.0, 0.02, max(gap_max, 0.1) / 16.0)


def eta1_grid(omega, gaps, gamma: float, form: str = "corrected", de: float | None = None) -> np.ndarray:
    """η₁ on the grid ``omega`` × ``gaps`` (both in k_BT units) by FFT convolutions; shape (len(gaps), len(omega)).

    Parameters
    ----------
    omega : array, ω/k_BT >= 0 (phonon energy).
    gaps : array, |Δ|/k_BT >= 0.
    gamma : Dynes broadening γ/k_BT > 0.
    form : ``"as_printed"``, ``"corrected"`` or ``"full_linearized"`` (see module docstring).
    de : ε-grid step in k_BT (default min(γ/16, 0.02)).
    """
    gamma = validate_gamma(gamma)
    form = validation.one_of("form", form, FORMS)
    omega = validation.nonnegative("omega", np.atleast_1d(np.asarray(omega, dtype=float)), "k_BT")
    gaps = validation.nonnegative("gap", np.atleast_1d(np.asarray(gaps, dtype=float)), "k_BT")
    wmax = float(omega.max())
    de = _step(gamma, float(gaps.max())) if de is None else validation.positive("de", de, "k_BT")
    m_est = (wmax + gaps.max() + _TAIL) / de + 2
    # ε grid, spectral functions (8 float rows) and ~12 complex FFT buffers of one chunk (≥ 1 row of 2m points)
    check_allocation("temperature", m_est * 8 * 8 + max(4e6, 2 * m_est) * 16 * 12, f"Δ/k_BT = {gaps.max():.4g}, "
                     f"γ/k_BT = {gamma:.4g}", f"the η₁ energy grid ({m_est:.3g} points of {de:.3g} k_BT)")  # fmt: skip
    m = int(np.ceil((wmax + gaps.max() + _TAIL) / de)) + 2
    kmax = int(np.ceil(wmax / de)) + 2
    nfft = sfft.next_fast_len(2 * m)
    # ~12 FFTs of nfft points per gap at ~10⁹ operations/s: bounds the runs just below Tc, where γ → 0 shrinks de
    check_work("temperature", gaps.size * 12 * nfft * np.log2(nfft) / 1e9, f"γ/k_BT = {gamma:.4g}",
               f"the η₁ table ({gaps.size} gaps × {nfft} FFT points)")  # fmt: skip
    eps = np.arange(m) * de
    out = np.empty((gaps.size, omega.size))
    # chunk over |Ψ| to bound memory at ~ chunk·nfft complex numbers
    chunk = max(1, int(4_000_000 // nfft))
    for start in range(0, gaps.size, chunk):
        g = gaps[start : start + chunk, None]
        vals = _eta1_on_eps_grid(eps, g, gamma, form, nfft, kmax) * de
        wk = np.arange(kmax) * de
        for row, v in enumerate(vals):
            out[start + row] = np.interp(omega, wk, v) if wmax > 0 else v[0]
    out[gaps == 0.0] = 0.0  # R₂ ≡ 0: exact zero instead of FFT round-off
    return out


def _eta1_on_eps_grid(eps, g, gamma, form, nfft, kmax):
    """Σ-weights (without the step de) of η₁ at ω_k = k·de, k < kmax, for gaps g (shape (n, 1))."""
    nn, rr = spectral_functions(eps[None, :], g, gamma)
    hh = h_kernel(eps[None, :], g, gamma)
    a_n, a_r = nn * hh, rr * hh
    # recombination ∫₀^ω P h: trapezoid = conv − ½(end points); the ε = 0 end vanishes (h(0) = 0)
    rec = _conv(a_n, nn, nfft) + _conv(a_r, rr, nfft)
    rec -= 0.5 * (a_n * nn[:, :1] + a_r * rr[:, :1])
    # scattering ∫₀^∞ Q{h(ε+ω) − h(ε)}: correlations; half weight at ε = 0
    sca = _corr(nn, a_n, nfft) - _corr(rr, a_r, nfft) - _corr(a_n, nn, nfft) + _corr(a_r, rr, nfft)
    sca -= 0.5 * (nn[:, :1] * a_n - rr[:, :1] * a_r - (a_n[:, :1] * nn - a_r[:, :1] * rr))
    if form == "corrected":
        val = 0.25 * (rec + sca)
    elif form == "as_printed":
        # ∫_ω^∞ P h with ω − ε < 0: N₁ even, R₂ odd ⇒ P(ε) = N₁(ε)N₁(ε−ω) − R₂(ε)R₂(ε−ω); ε = ε' + ω
        tail = _corr(nn, a_n, nfft) - _corr(rr, a_r, nfft)
        tail -= 0.5 * (nn[:, :1] * a_n - rr[:, :1] * a_r)  # half weight at ε = ω joins the conv end point
        val = 0.25 * (rec + tail - sca)
    else:
        f = _fermi(eps)[None, :]
        extra = _conv(a_n, nn * f, nfft) + _conv(a_r, rr * f, nfft)
        extra -= 0.5 * (a_n * (nn * f)[:, :1] + a_r * (rr * f)[:, :1])
        gn, gr = nn * (1.0 - f), rr * (1.0 - f)
        sc2 = _corr(gn, a_n, nfft) - _corr(gr, a_r, nfft) - _corr(a_n, nn * f, nfft) + _corr(a_r, rr * f, nfft)
        sc2 -= 0.5 * (gn[:, :1] * a_n - gr[:, :1] * a_r - (a_n[:, :1] * nn * f - a_r[:, :1] * rr * f))
        wk = np.arange(eps.size) * (eps[1] - eps[0])
        val = 0.25 * (rec + sca) + 0.25 * (extra + sc2) * _inv_bose(wk)[None, :]
    return val[:, :kmax]


def eta1(omega, gap, gamma: float, form: str = "corrected") -> np.ndarray:
    """η₁(ω) for one gap |Δ|/k_BT (fast FFT path); ``omega`` in k_BT units."""
    return eta1_grid(omega, [gap], gamma, form)[0]


def eta1_quad(omega: float, gap: float, gamma: float, form: str = "corrected") -> float:
    """η₁ at one (ω, |Δ|) by adaptive quadrature (``scipy.integrate.quad``) — reference and benchmark baseline.

    Breakpoints at the smoothed gap edges (Δ, ω − Δ for the recombination term; Δ, Δ − ω for scattering),
    E_max = max(ω, Δ) + 40 k_BT.
    """
    gamma = validate_gamma(gamma)
    form = validation.one_of("form", form, FORMS)
    w, d = float(omega), float(gap)

    def nr(e):
        return spectral_functions(e, d, gamma)

    def hk(e):
        return h_kernel(e, d, gamma)

    def p_int(e):
        n_a, r_a = nr(e)
        n_b, r_b = nr(w - e)
        return (n_a * n_b + r_a * r_b) * hk(e)

    def q(e):
        n_a, r_a = nr(e)
        n_b, r_b = nr(e + w)
        return n_a * n_b - r_a * r_b

    emax = max(w, d) + _TAIL
    opts = {"limit": 400, "epsabs": 1e-11, "epsrel": 1e-9}
    pts_q = [p for p in (d, d - w) if 0 < p < emax]

    def sca_w(e):
        return q(e) * (hk(e + w) - hk(e))

    sca = integrate.quad(sca_w, 0, emax, points=pts_q or None, **opts)[0]
    if form == "as_printed":
        pts = [p for p in (d, w - d, w, w + d) if 0 < p < emax + w]
        rec = integrate.quad(p_int, 0, emax + w, points=pts or None, **opts)[0]
        return 0.25 * (rec - sca)
    pts_p = [p for p in (d, w - d) if 0 < p < w]
    rec = integrate.quad(p_int, 0, w, points=pts_p or None, **opts)[0] if w > 0 else 0.0
    if form == "corrected":
        return 0.25 * (rec + sca)
    inv_n0 = float(_inv_bose(w))
    if inv_n0 == 0.0:
        return 0.25 * (rec + sca)

    def rec_extra(e):
        return p_int(e) * _fermi(w - e)

    def sca_extra(e):
        return q(e) * (hk(e + w) * (1.0 - _fermi(e)) - hk(e) * _fermi(e + w))

    extra = integrate.quad(rec_extra, 0, w, points=pts_p or None, **opts)[0]
    extra += integrate.quad(sca_extra, 0, emax, points=pts_q or None, **opts)[0]
    return 0.25 * (rec + sca) + 0.25 * extra * inv_n0


def eta1_dataset(
    omega=None, psi_values=(0.25, 0.5, 0.75, 1.0), T_over_Tc: float = 0.9, gamma: float = 0.3, forms=FORMS
):
    """η₁ and the Eq. 12 spectral shape ω̄³N⁰(ω̄)η₁ vs ω̄ for several |Ψ| and forms (paper Fig. 2(b)).

    ``omega`` in k_BT (default 400 points on [0, 8]); ``gamma`` in k_BT. Also returns, per (form, |Ψ|), the first
    negative → positive crossing ``omega_cross`` (NaN if none) and 2|Δ| = ``two_gap`` (k_BT).
    """
    import xarray as xr

    from neqsc.phonons.spectral import gap_over_T

    omega = np.linspace(0.0, 8.0, 401) if omega is None else np.asarray(omega, dtype=float)
    psi = np.asarray(psi_values, dtype=float)
    gaps = gap_over_T(psi, T_over_Tc)
    eta = np.stack([eta1_grid(omega, gaps, gamma, f) for f in forms])
    w3n = np.zeros_like(omega)
    w3n[omega > 0] = omega[omega > 0] ** 3 / np.expm1(omega[omega > 0])
    cross = np.full(eta.shape[:2], np.nan)
    for i in range(eta.shape[0]):
        for j in range(eta.shape[1]):
            e = eta[i, j]
            k = np.nonzero((e[1:-1] < 0) & (e[2:] >= 0))[0]
            if k.size:
                k0 = k[0] + 1
                cross[i, j] = omega[k0] - e[k0] * (omega[k0 + 1] - omega[k0]) / (e[k0 + 1] - e[k0])
    return xr.Dataset(
        {
            "eta1": (("form", "psi", "omega"), eta, {"units": "k_BT", "long_name": "η₁ (Eq. 13)"}),
            "spectral_shape": (
                ("form", "psi", "omega"),
                eta * w3n,
                {"units": "1", "long_name": "ω̄³ N⁰(ω̄) η₁ (Eq. 12 shape)"},
            ),
            "omega_cross": (("form", "psi"), cross, {"units": "k_BT", "long_name": "sign change − → +"}),
            "two_gap": ("psi", 2 * gaps, {"units": "k_BT", "long_name": "2|Δ|"}),
        },
        coords={
            "form": ("form", list(forms)),
            "psi": ("psi", psi, {"units": "1", "long_name": "|Ψ|"}),
            "omega": ("omega", omega, {"units": "k_B T", "long_name": "ħω/k_BT"}),
        },
        attrs={"neqsc_kind": "psc_eta1", "T_over_Tc": T_over_Tc, "gamma_over_kT": gamma},
    )


def eta1_psi(omega, psi_abs: float, T_over_Tc: float = 0.9, gamma: float = 0.3, form: str = "corrected"):
    """η₁(ω; |Ψ|, T, γ): ``omega`` and ``gamma`` in k_BT, |Ψ| = |Δ|/Δ0, T/Tc in (0, 1) (Δ0 = 3.0633 k_BTc√η)."""
    from neqsc.phonons.spectral import gap_over_T

    return eta1(omega, float(gap_over_T(psi_abs, T_over_Tc)), gamma, form)
