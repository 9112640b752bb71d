"""Physical limits and conservation laws of the wire: depairing current, Ohmic branch, energy theorem, charge
continuity, Josephson relation from the bank phases, symmetry, regularisation.

The conservation-law tests recompute every term from the output fields (time derivatives by finite differences of
finely sampled snapshots, not the kernel's right-hand side), so they can fail if the integrator, the current law or
the bank boundary conditions are wrong; j_s + j_n + j_int = j is not tested because the kernel sets φ' from it.
"""

from __future__ import annotations

import numpy as np
import pytest

from neqsc.errors import ConvergenceError, InvalidParameter
from neqsc.tdgl import J_DEPAIRING, simulate


def test_depairing_current_of_long_wire_is_2_over_3_sqrt3():
    # Slow current ramps on a 40 ξ wire between banks; the first slip lags the static instability by
    # A·rate^(2/3) (dynamic saddle-node delay), so two rates extrapolate to the static critical current.
    j0, length = 0.3, 40.0
    first = []
    for rate in (2e-4, 1e-4):
        ds = simulate(j0, length, 0.0, t_end=(0.42 - j0) / rate, j_rate=rate, dx=0.2, save_every=10.0)
        assert ds.sizes["slip"] > 0
        first.append(j0 + rate * float(ds["slip_time"][0]))
    r = 2.0 ** (-2.0 / 3.0)
    j_c = (first[1] - r * first[0]) / (1.0 - r)
    assert first[1] > J_DEPAIRING  # no slip below j_dp
    # 1 %: the banks make the 40 ξ wire slightly inhomogeneous and the delay law holds to leading order only
    assert abs(j_c / J_DEPAIRING - 1.0) < 0.01


def test_normal_wire_between_normal_leads_is_ohmic():
    # Ψ ≡ 0 ⇒ φ' = −j everywhere and V = jL exactly (sign: V = φ(−L/2) − φ(L/2) > 0 for j > 0)
    j, length = 2.0, 10.0
    ds = simulate(j, length, 10.0, boundary="normal_leads", t_end=150.0, save_every=5.0)
    assert float(ds["psi_abs"].isel(t=-1).max()) < 1e-12
    assert ds["voltage"].values[-1] == pytest.approx(j * length, rel=1e-10)
    assert ds.attrs["mean_voltage"] == pytest.approx(j * length, rel=1e-9)
    # slips happen while the wire goes normal; afterwards the phase of Ψ ≈ 0 must not be read as winding
    assert np.all(ds["slip_time"].values < 75.0)


@pytest.fixture(scope="module")
def psc_run():
    return simulate(1.5, 5.0, 10.0, t_end=200.0, save_every=0.05)


@pytest.fixture(scope="module", params=[4, 2], ids=["order4", "order2"])
def psc_cycles(request):
    """Periodic PSC state (L = 5ξ, j = 1.5, δ = 10, default switches and numerics; the default fourth-order grid and
    the second-order one), four periods sampled at T/2000."""
    return _sampled_cycles("as_printed", request.param)


def _sampled_cycles(sc_correction, order=4):
    warm = simulate(1.5, 5.0, 10.0, t_end=200.0, save_every=200.0, sc_correction=sc_correction, order=order)
    period = warm.attrs["period"]
    return simulate(
        1.5, 5.0, 10.0, t_end=4.0 * period, save_every=period / 2000.0, initial=warm, sc_correction=sc_correction,
        order=order,
    )


def _fields(ds):
    """Ψ, φ, ∂τΨ, ∂τ|Ψ|² (central differences in time) on the inner snapshots, and the snapshot times."""
    psi = ds["psi_abs"].values * np.exp(1j * ds["psi_phase"].values)
    t = ds["t"].values
    step = t[1] - t[0]
    dpsi = (psi[2:] - psi[:-2]) / (2.0 * step)
    a2 = np.abs(psi) ** 2
    da2 = (a2[2:] - a2[:-2]) / (2.0 * step)
    return psi[1:-1], ds["phi"].values[1:-1], dpsi, da2, t[1:-1]


def _average_over_slips(t, y, slip_t):
    """Time average of the sampled y(t) from the first to the last slip (a whole number of periods)."""
    from scipy.integrate import cumulative_trapezoid

    c = cumulative_trapezoid(y, t, initial=0.0)
    ta, tb = slip_t[0], slip_t[-1]
    return (np.interp(tb, t, c) - np.interp(ta, t, c)) / (tb - ta)


def test_time_averaged_energy_theorem(psc_cycles):
    # Energy theorem of A.1–A.3 with banks (derived in docs/tdgl.md): with F = ∫(|Ψ'|² − |Ψ|² + ½|Ψ|⁴)dx,
    #   ½ dF/dτ = jV − P_n − P_c1 − P_Ψ,
    #   P_n = ∫(1 + c₂|Ψ|Z) φ'² dx  (Joule heat of the normal + interference current),
    #   P_c1 = c₁ ∫ φ' θ' ∂τ|Ψ|² dx  (work of the supercurrent correction),
    #   P_Ψ = ∫ ν[|∂τΨ + iφΨ|² + ¼δ²(∂τ|Ψ|²)²] dx  (order-parameter relaxation),
    # so over whole periods j⟨V⟩ = ⟨P_n + P_c1 + P_Ψ⟩. Each term from the fields (link forms of the grid).
    from neqsc.tdgl.elliptic import interference_factor

    ds = psc_cycles
    a = ds.attrs
    h, delta, c1, c2, j = a["dx"], a["delta"], a["c1"], a["c2"], a["j"]
    psi, phi, dpsi, da2, t = _fields(ds)
    a2 = np.abs(psi) ** 2
    nu = a["u"] / np.sqrt(1.0 + delta**2 * a2)
    density = nu * (np.abs(dpsi + 1j * phi * psi) ** 2 + 0.25 * delta**2 * da2**2)
    p_psi = h * density[:, 1:-1].sum(axis=1)  # bank nodes: ∂τΨ = −iφΨ exactly, no relaxation
    grad_phi = np.diff(phi, axis=1) / h
    amp = 0.5 * (np.abs(psi)[:, 1:] + np.abs(psi)[:, :-1])
    p_n = h * ((1.0 + c2 * amp * interference_factor(delta * amp, "exact")) * grad_phi**2).sum(axis=1)
    # P_c1 = ∫E·(j_s − Im(Ψ*Ψ'))dx on the links, with the link supercurrent recovered from the node-averaged j_s
    # output (end nodes carry the end links, inner nodes the mean of their two links)
    js_nodes = ds["j_s"].values[1:-1]
    js_link = np.empty_like(grad_phi)
    js_link[:, 0] = js_nodes[:, 0]
    for k in range(1, js_link.shape[1]):
        js_link[:, k] = 2.0 * js_nodes[:, k] - js_link[:, k - 1]
    im_link = np.imag(np.conj(psi[:, :-1]) * psi[:, 1:]) / h
    p_c1 = -h * (grad_phi * (js_link - im_link)).sum(axis=1)
    assert c1 > 0 and np.allclose(js_link[:, -1], js_nodes[:, -1], rtol=0, atol=1e-9)  # recovery is consistent
    voltage = phi[:, 0] - phi[:, -1]
    slips = ds["slip_time"].values
    assert slips.size >= 4
    power_in = j * _average_over_slips(t, voltage, slips)
    terms = [_average_over_slips(t, p, slips) for p in (p_n, p_c1, p_psi)]
    # Second-order grid: MEASURED residual 1.9e-7 (the grid satisfies a discrete form of the theorem for any link
    # form of the c₁ term, so the residual is time-integration and sampling error); bound 2e-4. Fourth-order grid:
    # MEASURED 3.8e-4 — the terms are evaluated with the second-order link forms above, whose O(h²) quadrature error
    # the fourth-order fields no longer cancel; bound 1e-3. Both are well below the smallest term,
    # P_c1/(j⟨V⟩) = 8.5e-3, and P_Ψ/(j⟨V⟩) = 0.10: dropping any term fails the test.
    bound = 2e-4 if ds.attrs["numerics_order"] == 2 else 1e-3
    assert sum(terms) / power_in == pytest.approx(1.0, abs=bound)
    assert terms[1] / power_in > 8 * bound and terms[2] / power_in > 0.05


def test_charge_continuity_normal_current_converts_at_the_pair_conversion_rate():
    # Im(Ψ* × A.1): ∂x Im(Ψ*Ψ') = ν Im(Ψ*(∂τΨ + iφΨ)) (the ½δ²∂τ|Ψ|²Ψ term drops out). With c₁ off the
    # supercurrent is Im(Ψ*Ψ'), so the normal + interference current j_N = −(1 + c₂|Ψ|Z)φ' leaving the left bank
    # link is converted into supercurrent along the wire at that rate: j_N(bank) − j_N(x) = ∫ ν Im(Ψ*(∂τΨ+iφΨ)) dx.
    # Left side from φ (current law), right side from the time derivative of the sampled Ψ (GL equation).
    from neqsc.tdgl.elliptic import interference_factor

    # second-order grid: its link currents are exactly the divergence of its Laplacian's phase part, which the link
    # forms below assume (the fourth-order grid's fluxes satisfy their own exact form; with these link forms its
    # residual is MEASURED 3.3e-3 of the scale, the O(h²) error of the second-order evaluation)
    ds = _sampled_cycles("off", order=2)
    a = ds.attrs
    h, delta = a["dx"], a["delta"]
    psi, phi, dpsi, _, _ = _fields(ds)
    nu = a["u"] / np.sqrt(1.0 + delta**2 * np.abs(psi) ** 2)
    conversion = nu * np.imag(np.conj(psi) * (dpsi + 1j * phi * psi))
    amp = 0.5 * (np.abs(psi)[:, 1:] + np.abs(psi)[:, :-1])
    j_normal = -(1.0 + a["c2"] * amp * interference_factor(delta * amp, "exact")) * np.diff(phi, axis=1) / h
    converted = j_normal[:, :1] - j_normal[:, 1:]
    integral = h * np.cumsum(conversion[:, 1:-1], axis=1)
    scale = np.max(np.abs(converted))
    assert scale > 0.3  # a sizeable part of the bias is converted (normal current at the banks ≈ 1.5, at the PSC less)
    # MEASURED max error 4.7e-6 over all nodes and 8000 snapshots including the slips (1.2e-5 of the scale): the
    # O(Δt²) error of the central time difference at Δt = T/2000; 1e-4 of the scale leaves room for it.
    assert np.max(np.abs(converted - integral)) < 1e-4 * scale


def test_josephson_relation_from_the_bank_phases(psc_cycles):
    # (A.7): dθ_{L,R}/dτ = −φ(∓L/2), so V(τ) = d(θ_R − θ_L)/dτ. Its time average over whole periods, from the
    # sampled potentials at the banks, must equal 2π × (slips, detected from the winding of Ψ inside the wire)
    # per time: ⟨V⟩ = 2π N/(T_N − T_0).
    ds = psc_cycles
    _, phi, _, _, t = _fields(ds)
    slips = ds["slip_time"].values
    bank_rate = _average_over_slips(t, phi[:, 0] - phi[:, -1], slips)
    slip_rate = 2.0 * np.pi * (slips.size - 1) / (slips[-1] - slips[0])
    # MEASURED 5e-5 (slip intervals of the window agree to 3e-4; trapezoid over T/2000 samples); bound 5e-4
    assert bank_rate / slip_rate == pytest.approx(1.0, abs=5e-4)
    # the bank phases themselves advance by the same amount (integrated with the time stepper, not the samples)
    dtheta = np.interp(slips[[0, -1]], ds["t"].values, (ds["theta_right"] - ds["theta_left"]).values)
    assert (dtheta[1] - dtheta[0]) / (2.0 * np.pi * (slips.size - 1)) == pytest.approx(1.0, abs=5e-4)
    assert ds.attrs["n_slips"] == slips.size and np.all(ds["slip_sign"].values == 1.0)


def test_single_central_phase_slip_centre(psc_run):
    steady = psc_run["slip_time"].values >= psc_run.attrs["transient_end"]
    x = psc_run["slip_x"].values[steady]
    assert x.size >= 20
    assert np.all(np.abs(x) < 1e-12)  # symmetric wire, symmetric banks: the PSC sits at x = 0
    assert np.all(psc_run["slip_sign"].values == 1.0)  # j > 0 ⇒ V > 0 ⇒ winding removed


def test_potential_is_antisymmetric_and_modulus_symmetric(psc_run):
    phi = psc_run["phi"].values
    psi = psc_run["psi_abs"].values
    # symmetry Ψ(x) → Ψ*(−x), φ(x) → −φ(−x) of (A.1)–(A.9) is kept by the scheme up to rounding
    assert np.max(np.abs(phi + phi[:, ::-1])) < 1e-10 * np.max(np.abs(phi))
    assert np.max(np.abs(psi - psi[:, ::-1])) < 1e-10


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"length": 0.0}, "length"),
        ({"length": -3.0}, "length"),
        ({"eta": 0.0}, "eta"),
        ({"eta": 1.0}, "eta"),
        ({"delta": -1.0}, "delta"),
        ({"dx": 1.0}, "dx"),
        ({"interference": "maybe"}, "interference"),
        ({"boundary": "periodic"}, "boundary"),
        ({"t_end": -1.0}, "t_end"),
    ],
)
def test_bad_input_raises_invalid_parameter(kwargs, name):
    args = {"j": 1.0, "length": 5.0, **kwargs}
    with pytest.raises(InvalidParameter, match=name):
        simulate(**args)


def test_blow_up_raises_convergence_error_with_time_and_step():
    # a step-size floor above what the phase slip needs is reported, with the time and step where it failed
    with pytest.raises(ConvergenceError) as info:
        simulate(1.5, 5.0, 10.0, t_end=50.0, dt_min=0.04)
    assert "time" in info.value.diagnostics and "dt" in info.value.diagnostics
    assert 0.0 < info.value.diagnostics["time"] < 50.0


def test_unstable_fixed_step_raises_convergence_error_instead_of_nan():
    # a fixed step of 2 t0 is far beyond the explicit treatment of the potential: the run must fail loudly
    with pytest.raises(ConvergenceError) as info:
        simulate(1.5, 5.0, 10.0, t_end=500.0, adaptive=False, dt_init=2.0, dt_max=2.0, save_every=50.0)
    assert info.value.diagnostics["dt"] == 2.0


def test_phonon_term_hook_shifts_equilibrium_order_parameter():
    # p enters as 1 − |Ψ|² + p in (A.1): with constant p = 0.2 and no current the bulk value is |Ψ|² = 1.2
    ds = simulate(0.0, 20.0, 0.0, boundary="pinned", t_end=100.0, phonon_term=lambda a: 0.2, save_every=100.0)
    centre = float(ds["psi_abs"].sel(x=0.0).isel(t=-1))
    # pinned |Ψ| = 1 ends heal over ~ξ/√(2·1.2); 10ξ away the deviation is e^{-15} ≈ 3e-7
    assert centre**2 == pytest.approx(1.2, abs=1e-5)


def test_weak_spot_depresses_order_parameter_locally():
    ds = simulate(0.0, 20.0, 0.0, boundary="pinned", t_end=100.0, weak_spot=(0.0, 1.0, 0.5), save_every=100.0)
    psi = ds["psi_abs"].isel(t=-1)
    assert float(psi.sel(x=0.0)) < 0.9 * float(psi.sel(x=5.0))
    assert float(psi.sel(x=5.0)) == pytest.approx(1.0, abs=1e-3)


def test_langevin_noise_lets_a_normal_wire_recover_and_is_reproducible_with_a_seed():
    import numpy as np

    from neqsc.tdgl import State

    normal = State(psi=np.zeros(101, dtype=complex))  # L = 10ξ at dx = 0.1, Ψ = 0 everywhere
    kw = dict(boundary="normal_leads", t_end=60.0, initial=normal, save_every=60.0)
    quiet = simulate(0.0, 10.0, 0.0, **kw)
    # Ψ = 0 is an exact fixed point of the noiseless equations; it is linearly unstable for L > πξ, so noise
    # nucleates superconductivity (bulk |Ψ| → 1 at the centre)
    assert float(quiet["psi_abs"].max()) == 0.0
    a = simulate(0.0, 10.0, 0.0, noise=1e-3, seed=7, **kw)
    b = simulate(0.0, 10.0, 0.0, noise=1e-3, seed=7, **kw)
    np.testing.assert_array_equal(a["psi_abs"].values, b["psi_abs"].values)
    assert float(a["psi_abs"].sel(x=0.0).isel(t=-1)) > 0.8


def test_short_wire_is_not_hysteretic_switching_equals_retrapping():
    from neqsc.tdgl import retrapping_current, switching_current

    # a 2ξ bridge between banks behaves like a Josephson weak link: the resistive state exists exactly above j_c1
    c1 = switching_current(2.0, 0.0, dx=0.2, rate=2e-3, j_stop=1.5)["j_c1"]
    c2 = retrapping_current(2.0, 0.0, j_start=1.3 * c1, dx=0.2)["j_c2"]
    assert 0.55 < c1 < 0.7  # well above j_dp = 0.385: the banks stiffen a short wire
    # j_c2 has a resolution of 0.01 (fine step) and j_c1 an extrapolation error of a few 1e-3
    assert abs(c1 - c2) < 0.015


@pytest.mark.filterwarnings("ignore::neqsc.tdgl.UnresolvedCoreWarning")  # the coarse grid is the point here
@pytest.mark.parametrize(
    ("delta", "interference", "dx"), [(0.0, "off", 0.1), (10.0, "off", 0.2), (10.0, "exact", 0.2), (3.0, "exact", 0.2)]
)
def test_electric_field_penetration_length_matches_linearised_theory(delta, interference, dx):
    # Linearising (A.1) and (A.2) about a bulk state |Ψ| = f with steady ∂τθ' = 0 (c₁ drops out):
    # νφ' = θ''' and f²θ' = j + Dφ', D = 1 + c₂fZ(δf), give φ' ∝ exp(−x/ℓ_E) with
    # ℓ_E = √D (1 + δ²f²)^{1/4} / (f√u)  (= (1+δ²)^{1/4}/√u for f = 1, D = 1).
    # A weak spot (ε = −1 at x = 0) makes a resistive centre; the normal current it sheds decays into the wire.
    from neqsc.tdgl import U_DEFAULT
    from neqsc.tdgl.elliptic import interference_factor

    length = 30.0 if delta == 0 else 40.0
    ds = simulate(
        0.1, length, delta, interference=interference, sc_correction="off", weak_spot=(0.0, 2.5, 2.0),
        t_end=300.0, save_every=3.0, dx=dx, rtol=1e-5, atol=1e-8,
    )  # fmt: skip
    x = ds["x"].values
    j_n = ds["j_n"].isel(t=slice(-50, None)).mean("t").values
    window = (x >= 8.0) & (x <= 12.0)
    f = float(np.sqrt(np.mean(ds["psi_abs"].isel(t=-1).values[window] ** 2)))
    d = 1.0 + ds.attrs["c2"] * f * float(interference_factor(delta * f, interference))
    theory = np.sqrt(d) * (1.0 + delta**2 * f**2) ** 0.25 / (f * np.sqrt(U_DEFAULT))
    fitted = -1.0 / np.polyfit(x[window], np.log(np.abs(j_n[window])), 1)[0]
    # 1.5 %: O((h/ℓ_E)²) grid error (1 % at δ = 0, h = 0.1) and residual curvature of the fit window
    assert fitted == pytest.approx(theory, rel=0.015)
