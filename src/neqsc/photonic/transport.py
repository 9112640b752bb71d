r"""Photon-mediated heat current between two reservoirs coupled through their impedances.

Equations (Dey et al., PRB 107, 134510 (2023), Eqs. (1)–(3); Pioldi et al. 2025, Eqs. (2)–(3); Schmidt, Schoelkopf &
Cleland, PRL 93, 045901 (2004))::

    τ(ω) = 4 Re Z_a Re Z_b / |Z_a + Z_b|²                                            (0 <= τ <= 1)
    Q̇(T_hot, T_cold) = ∫_0^∞ (dω/2π) ħω τ(ω) [n(ω, T_hot) − n(ω, T_cold)],   n = 1/(e^{ħω/k_BT} − 1)

Q̇ > 0 flows from the ``hot`` element to the ``cold`` one (the names only fix the sign convention). Matched
resistors give Q̇ = πk_B²(T_hot² − T_cold²)/(12ħ).

Quadrature (the same rule for one pair and for whole maps): composite Gauss–Legendre in u = ln ω on
[ln ω_lo, ln ω_hi] with ω_lo = 10⁻⁶ k_B T_min/ħ and the adaptive upper cut-off ω_hi = 40 k_B T_max/ħ
(n < e^{−40}); panel edges are moved onto the elements' kink frequencies (2Δ/ħ of a film).  A log grid resolves
RC corners at any frequency.  Below ω_lo the exact ω → 0 limit is added analytically with τ(ω) ≈ τ(ω_lo)::

    ∫_0^{ω_lo} (dω/2π) ħω n(ω,T) = (k_BT)²/(2πħ) F(ħω_lo/k_BT),   F(a) = ∫_0^a x dx/(e^x − 1) = a − a²/4 + a³/36 − …

For maps Q̇(T_hot_i, T_cold_j), τ is evaluated once per row on that row's ω grid and reused for every T_cold
(when Z_cold does not depend on T_cold; otherwise Z_cold is evaluated on the (row, ω, T_cold) array, which is cheap
for R, C, L and NIS junctions).
"""

from __future__ import annotations

import numpy as np
from scipy.special import roots_legendre

from neqsc import validation
from neqsc.constants import hbar, k_B
from neqsc.errors import InvalidParameter
from neqsc.photonic.elements import Element

__all__ = [
    "QuadratureRule",
    "heat_current",
    "heat_current_derivatives",
    "heat_current_map",
    "matched_resistor_heat_current",
    "transmission",
]

X_LO = 1e-6  # ω_lo = X_LO k_B T_min/ħ
X_HI = 40.0  # ω_hi = X_HI k_B T_max/ħ
PANEL_WIDTH = 0.6  # maximal panel width in ln ω
ORDER = 8  # Gauss–Legendre nodes per panel


def transmission(Z_a, Z_b, omega=None, T_a=None, T_b=None):
    """Photon transmission τ = 4 Re Z_a Re Z_b / |Z_a + Z_b|² (dimensionless, in [0, 1]).

    ``Z_a``, ``Z_b`` are elements (then ``omega`` in rad/s and ``T_a``, ``T_b`` in K are required and broadcast) or
    complex impedance arrays in Ω (then the other arguments are ignored).
    """
    za = Z_a.impedance(omega, T_a) if isinstance(Z_a, Element) else np.asarray(Z_a, dtype=complex)
    zb = Z_b.impedance(omega, T_b) if isinstance(Z_b, Element) else np.asarray(Z_b, dtype=complex)
    return _tau(za, zb)


def _tau(za, zb):
    # an open circuit (Z = ∞, e.g. an LC tank at anti-resonance) transmits nothing
    is_open = ~(np.isfinite(za) & np.isfinite(zb))
    if np.any(is_open):
        za, zb = np.where(is_open, 1.0, za), np.where(is_open, 0.0, zb)
    ra, rb = za.real, zb.real
    denom = np.abs(za + zb) ** 2
    # two lossless elements (Re Z = 0) transmit nothing; avoid 0/0
    return np.where(denom > 0, 4.0 * ra * rb / np.where(denom > 0, denom, 1.0), 0.0)


def matched_resistor_heat_current(T_hot, T_cold):
    """πk_B²(T_hot² − T_cold²)/(12ħ) in W: the single-channel (τ = 1) photonic heat current; T in K.

    Parameters
    ----------
    T_hot, T_cold:
        Temperatures of the two matched resistors in K (> 0), broadcast together.

    Returns
    -------
    Net heat current from hot to cold in W (the quantum of thermal conductance times ΔT² for ΔT → 0).

    Examples
    --------
    >>> from neqsc.photonic import matched_resistor_heat_current
    >>> round(float(matched_resistor_heat_current(0.2, 0.1)) * 1e15, 1)  # fW
    14.2
    """
    T_hot = validation.positive("T_hot", T_hot, "K")
    T_cold = validation.positive("T_cold", T_cold, "K")
    return np.pi * k_B**2 * (np.asarray(T_hot) ** 2 - np.asarray(T_cold) ** 2) / (12.0 * hbar)


# ---------------------------------------------------------------- quadrature
_GX, _GW = roots_legendre(ORDER)


class QuadratureRule:
    """Composite Gauss–Legendre rule in ln ω for rows of a heat-current evaluation.

    ``omega`` and ``weights`` have shape (rows, n_nodes); Σ weights·g(ω) ≈ ∫_{ω_lo}^{ω_hi} g(ω) dω.
    """

    def __init__(self, T_min, T_max, breakpoints=None, panel_width: float = PANEL_WIDTH):
        T_min = np.atleast_1d(np.asarray(T_min, dtype=float))
        T_max = np.atleast_1d(np.asarray(T_max, dtype=float))
        u0 = np.log(X_LO * k_B * T_min / hbar)
        u1 = np.log(X_HI * k_B * T_max / hbar)
        n_panels = max(int(np.ceil(np.max(u1 - u0) / panel_width)), 4)
        frac = np.linspace(0.0, 1.0, n_panels + 1)
        edges = u0[:, None] + (u1 - u0)[:, None] * frac[None, :]
        if breakpoints is not None and np.size(breakpoints):
            bp = np.asarray(breakpoints, dtype=float).reshape(u0.size, -1)
            h = (u1 - u0) / n_panels
            rows = np.arange(u0.size)
            for k in range(bp.shape[1]):
                ub = np.log(np.where(bp[:, k] > 0, bp[:, k], 1e-300))
                j = np.rint((ub - u0) / h).astype(int)
                ok = (j >= 1) & (j <= n_panels - 1)
                # moving an edge by at most h/2 keeps the edges ordered
                edges[rows[ok], j[ok]] = ub[ok]
        half = 0.5 * np.diff(edges, axis=1)  # (rows, panels)
        mid = 0.5 * (edges[:, 1:] + edges[:, :-1])
        u = (mid[:, :, None] + half[:, :, None] * _GX[None, None, :]).reshape(u0.size, -1)
        self.omega = np.exp(u)
        self.weights = (half[:, :, None] * _GW[None, None, :]).reshape(u0.size, -1) * self.omega
        self.omega_lo = np.exp(u0)


def _bose_power(omega, T):
    """(ħω/2π) n(ω, T) in J (per unit ω in the integral), overflow-free."""
    x = hbar * omega / (k_B * T)
    return hbar * omega / (2.0 * np.pi) / np.expm1(np.minimum(x, 700.0))


def _low_tail(omega_lo, T):
    """∫_0^{ω_lo}(dω/2π)ħω n(ω,T) = (k_BT)²/(2πħ) F(a), a = ħω_lo/k_BT <= 1e-6 (series to a³, error ~a⁵)."""
    a = hbar * omega_lo / (k_B * T)
    F = a - a * a / 4.0 + a**3 / 36.0
    return (k_B * T) ** 2 / (2.0 * np.pi * hbar) * F


def _low_tail_dT(omega_lo, T):
    """∂/∂T of :func:`_low_tail` (F'(a) = a/(e^a − 1) ≈ 1 − a/2 + a²/12)."""
    a = hbar * omega_lo / (k_B * T)
    F = a - a * a / 4.0 + a**3 / 36.0
    dF = 1.0 - a / 2.0 + a * a / 12.0
    return k_B**2 * (2.0 * T * F - T * a * dF) / (2.0 * np.pi * hbar)


def _bose_power_dT(omega, T):
    """∂/∂T of (ħω/2π) n(ω,T) = (ħω/2π)(x/T) e^x/(e^x − 1)², x = ħω/k_BT."""
    x = hbar * omega / (k_B * T)
    em = np.expm1(-x)  # e^x/(e^x − 1)² = e^{−x}/(1 − e^{−x})², overflow-free
    return hbar * omega / (2.0 * np.pi) * (x / T) * np.exp(-x) / em**2


# ---------------------------------------------------------------- pairs
def _validate_pair(T_hot, T_cold):
    T_hot = np.asarray(validation.positive("T_hot", T_hot, "K"), dtype=float)
    T_cold = np.asarray(validation.positive("T_cold", T_cold, "K"), dtype=float)
    shape = np.broadcast_shapes(T_hot.shape, T_cold.shape)
    return np.broadcast_to(T_hot, shape).ravel(), np.broadcast_to(T_cold, shape).ravel(), shape


def _pair_rule(Z_hot, Z_cold, th, tc):
    bps = [Z_hot.breakpoints(th), Z_cold.breakpoints(tc)]
    bp = np.concatenate([b.reshape(th.size, -1) for b in bps], axis=1)
    return QuadratureRule(np.minimum(th, tc), np.maximum(th, tc), bp)


def _check_elements(**elements):
    for name, e in elements.items():
        if not isinstance(e, Element):
            raise InvalidParameter(name, e, "a neqsc.photonic element (Resistor, MattisBardeenFilm, ...)")


def heat_current(Z_hot: Element, Z_cold: Element, T_hot, T_cold):
    """Photonic heat current Q̇ in W from ``Z_hot`` at ``T_hot`` to ``Z_cold`` at ``T_cold`` (K, > 0, broadcast).

    Returns a float for scalar temperatures, else an array of the broadcast shape. Antisymmetric under exchange of
    (element, temperature) pairs and exactly 0 at equal temperatures.
    """
    _check_elements(Z_hot=Z_hot, Z_cold=Z_cold)
    th, tc, shape = _validate_pair(T_hot, T_cold)
    rule = _pair_rule(Z_hot, Z_cold, th, tc)
    tau = _tau(Z_hot.impedance(rule.omega, th[:, None]), Z_cold.impedance(rule.omega, tc[:, None]))
    bh, bc = _bose_power(rule.omega, th[:, None]), _bose_power(rule.omega, tc[:, None])
    q = np.sum(rule.weights * tau * (bh - bc), axis=1)
    q += tau[:, 0] * (_low_tail(rule.omega_lo, th) - _low_tail(rule.omega_lo, tc))
    return float(q[0]) if shape == () else q.reshape(shape)


def heat_current_derivatives(Z_hot: Element, Z_cold: Element, T_hot, T_cold, rel_step: float = 1e-4):
    """(∂Q̇/∂T_hot, ∂Q̇/∂T_cold) in W/K at (``T_hot``, ``T_cold``) in K.

    The Bose factors are differentiated analytically; the temperature dependence of τ (through Z_hot(T_hot) and
    Z_cold(T_cold)) by a central difference with step ``rel_step``·T on the same ω nodes (error ~ rel_step²,
    except within rel_step·T of a kink of Z in T such as Tc of a film). The linear conductance of matched resistors
    is ∂Q̇/∂T_hot = π²k_B²T/(3h).
    """
    _check_elements(Z_hot=Z_hot, Z_cold=Z_cold)
    th, tc, shape = _validate_pair(T_hot, T_cold)
    rel_step = validation.in_range("rel_step", rel_step, 1e-8, 1e-2)
    rule = _pair_rule(Z_hot, Z_cold, th, tc)
    om = rule.omega
    zh = Z_hot.impedance(om, th[:, None])
    zc = Z_cold.impedance(om, tc[:, None])
    tau = _tau(zh, zc)
    bh, bc = _bose_power(om, th[:, None]), _bose_power(om, tc[:, None])
    tail = _low_tail(rule.omega_lo, th) - _low_tail(rule.omega_lo, tc)

    def dtau(element, T, other_z, hot):
        if element.temperature_independent:
            return np.zeros_like(tau)
        h = rel_step * T
        zp = element.impedance(om, (T + h)[:, None])
        zm = element.impedance(om, (T - h)[:, None])
        tp = _tau(zp, other_z) if hot else _tau(other_z, zp)
        tm = _tau(zm, other_z) if hot else _tau(other_z, zm)
        return (tp - tm) / (2.0 * h[:, None])

    dtau_h = dtau(Z_hot, th, zc, True)
    dtau_c = dtau(Z_cold, tc, zh, False)
    d_hot = np.sum(rule.weights * (dtau_h * (bh - bc) + tau * _bose_power_dT(om, th[:, None])), axis=1)
    d_hot += dtau_h[:, 0] * tail + tau[:, 0] * _low_tail_dT(rule.omega_lo, th)
    d_cold = np.sum(rule.weights * (dtau_c * (bh - bc) - tau * _bose_power_dT(om, tc[:, None])), axis=1)
    d_cold += dtau_c[:, 0] * tail - tau[:, 0] * _low_tail_dT(rule.omega_lo, tc)
    if shape == ():
        return float(d_hot[0]), float(d_cold[0])
    return d_hot.reshape(shape), d_cold.reshape(shape)


def heat_current_map(
    Z_hot: Element, Z_cold: Element, T_hot, T_cold, derivatives: bool = False, rel_step: float = 1e-4, chunk: int = 64
):
    """Q̇(T_hot_i, T_cold_j) in W on the outer product of 1-D temperature arrays (K); shape (len(T_hot), len(T_cold)).

    τ is evaluated once per T_hot row on that row's ω grid (covering all T_cold) and reused for every column, so the
    cost is that of len(T_hot) × ~300 impedance evaluations. Rows are processed in chunks of ``chunk`` to bound
    memory (~chunk × 300 × len(T_cold) × 16 bytes per temporary).

    With ``derivatives=True`` returns ``(Q, dQ/dT_hot, dQ/dT_cold)`` (W, W/K, W/K) computed as in
    :func:`heat_current_derivatives` (analytic Bose factors, central difference of τ with step ``rel_step``·T).

    Parameters
    ----------
    Z_hot, Z_cold:
        The two reservoirs' elements (impedances in Ω; Q̇ > 0 from hot to cold).
    T_hot, T_cold:
        1-D arrays of temperatures in K (> 0).
    derivatives:
        Also return ∂Q̇/∂T_hot and ∂Q̇/∂T_cold (W/K).
    rel_step:
        Relative temperature step of the central difference of τ (dimensionless, 1e-8 … 1e-2).
    chunk:
        Number of T_hot rows evaluated at a time (memory bound; no units).
    """
    _check_elements(Z_hot=Z_hot, Z_cold=Z_cold)
    th = np.atleast_1d(np.asarray(validation.positive("T_hot", T_hot, "K"), dtype=float))
    tc = np.atleast_1d(np.asarray(validation.positive("T_cold", T_cold, "K"), dtype=float))
    rel_step = validation.in_range("rel_step", rel_step, 1e-8, 1e-2)
    if th.ndim != 1 or tc.ndim != 1:
        raise InvalidParameter("T_hot/T_cold", (th.shape, tc.shape), "1-D arrays")
    if Z_hot.temperature_independent and not Z_cold.temperature_independent:
        # rows must carry the temperature-dependent element (its kinks become panel edges): use Q(a→b) = −Q(b→a)
        res = heat_current_map(Z_cold, Z_hot, tc, th, derivatives, rel_step, chunk)
        if not derivatives:
            return -res.T
        return -res[0].T, -res[2].T, -res[1].T
    out = np.empty((3 if derivatives else 1, th.size, tc.size))
    cold_fixed = Z_cold.temperature_independent
    for start in range(0, th.size, chunk):
        rows = th[start : start + chunk]
        bp = Z_hot.breakpoints(rows).reshape(rows.size, -1)
        if cold_fixed:
            bp = np.concatenate([bp, Z_cold.breakpoints(tc[:1]).reshape(1, -1).repeat(rows.size, 0)], axis=1)
        rule = QuadratureRule(np.minimum(rows, tc.min()), np.maximum(rows, tc.max()), bp)
        om = rule.omega  # (r, n)

        def z_hot(T, om=om):
            return Z_hot.impedance(om, T[:, None])[:, :, None]

        def z_cold(T, om=om):
            if cold_fixed:
                return Z_cold.impedance(om, T[0])[:, :, None]
            return Z_cold.impedance(om[:, :, None], T[None, None, :])

        zh, zc = z_hot(rows), z_cold(tc)
        tau = _tau(zh, zc)  # (r, n, 1) or (r, n, c)
        bh = _bose_power(om, rows[:, None])[:, :, None]
        bc = _bose_power(om[:, :, None], tc[None, None, :])
        tail_h = _low_tail(rule.omega_lo, rows)[:, None]
        tail_c = _low_tail(rule.omega_lo[:, None], tc[None, :])
        diff = bh - bc
        out[0, start : start + chunk] = np.einsum("rn,rnc->rc", rule.weights, tau * diff) + tau[:, 0, :] * (
            tail_h - tail_c
        )
        if not derivatives:
            continue
        if Z_hot.temperature_independent:
            dtau_h = np.zeros_like(tau)
        else:
            h = rel_step * rows
            dtau_h = (_tau(z_hot(rows + h), zc) - _tau(z_hot(rows - h), zc)) / (2.0 * h[:, None, None])
        if cold_fixed:
            dtau_c = np.zeros_like(tau)
        else:
            h = rel_step * tc
            dtau_c = (_tau(zh, z_cold(tc + h)) - _tau(zh, z_cold(tc - h))) / (2.0 * h[None, None, :])
        dbh = _bose_power_dT(om, rows[:, None])[:, :, None]
        dbc = _bose_power_dT(om[:, :, None], tc[None, None, :])
        out[1, start : start + chunk] = (
            np.einsum("rn,rnc->rc", rule.weights, dtau_h * diff + tau * dbh)
            + dtau_h[:, 0, :] * (tail_h - tail_c)
            + tau[:, 0, :] * _low_tail_dT(rule.omega_lo, rows)[:, None]
        )
        out[2, start : start + chunk] = (
            np.einsum("rn,rnc->rc", rule.weights, dtau_c * diff - tau * dbc)
            + dtau_c[:, 0, :] * (tail_h - tail_c)
            - tau[:, 0, :] * _low_tail_dT(rule.omega_lo[:, None], tc[None, :])
        )
    return (out[0], out[1], out[2]) if derivatives else out[0]
