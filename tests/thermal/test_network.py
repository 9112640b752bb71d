"""Heat-balance networks: closed forms, Jacobian, energy conservation, responsivities, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from neqsc.constants import hbar, k_B
from neqsc.errors import ConvergenceError, InvalidParameter
from neqsc.thermal import (
    ElectronNode,
    ElectronPhononLink,
    FixedNode,
    HeatInput,
    HeatLink,
    Network,
    PhotonicLink,
    PowerLawEPh,
    solve_point,
    steady_state,
)
from neqsc.thermal.devices import dey2023_network

# matched resistors (τ = 1): Q = π k_B² (T_a² − T_b²) / (12 ħ)  (Pendry; Schmidt et al. PRL 93, 045901 (2004))
_C = np.pi * k_B**2 / (12 * hbar)


def matched(T_a, T_b):
    return _C * (T_a**2 - T_b**2)


def matched_derivative(T_a, T_b):
    return 2 * _C * T_a, -2 * _C * T_b


def photonic_only_network(P=1e-13, T_bath=0.05):
    return Network(
        [ElectronNode("a"), FixedNode("b", T_bath)],
        [PhotonicLink("a", "b", heat_function=matched, derivative=matched_derivative)],
        [HeatInput("a", P, "P")],
    )


def test_matched_resistor_balance_gives_closed_form_temperature():
    # P = C (T_a² − T_b²) ⇒ T_a = √(T_b² + P/C); Newton stops at 1e-9 relative residual, i.e. ~5e-10 in T_a
    P, Tb = 1e-13, 0.05
    ds = steady_state(photonic_only_network(P, Tb))
    assert float(ds.T_a) == pytest.approx(np.sqrt(Tb**2 + P / _C), rel=1e-9)
    # responsivities: dT_a/dP = 1/(2 C T_a), dT_a/dT_b = T_b/T_a
    Ta = float(ds.T_a)
    assert float(ds.responsivity.sel(node="a", parameter="P")) == pytest.approx(1 / (2 * _C * Ta), rel=1e-9)
    assert float(ds.responsivity.sel(node="a", parameter="b")) == pytest.approx(Tb / Ta, rel=1e-9)


def test_photonic_link_without_derivative_uses_accurate_central_difference():
    # relative step 1e-5 on a quadratic: central differences are exact up to round-off (~1e-11)
    link = PhotonicLink("a", "b", heat_function=matched)
    d_a, d_b = link.derivatives(0.3, 0.1)
    assert d_a == pytest.approx(2 * _C * 0.3, rel=1e-9)
    assert d_b == pytest.approx(-2 * _C * 0.1, rel=1e-9)


def three_node_network():
    """Two heated electron baths exchanging photons, each coupled to phonons; a third bath coupled to both."""
    eph = PowerLawEPh(2e9, 5e-20, 5.0)
    return Network(
        [ElectronNode("A"), ElectronNode("B"), ElectronNode("C"), FixedNode("p", 0.03), FixedNode("R", 0.08)],
        [
            PhotonicLink("A", "B", heat_function=matched, derivative=matched_derivative),
            PhotonicLink("B", "C", heat_function=lambda a, b: 0.3 * matched(a, b)),
            ElectronPhononLink("A", "p", eph),
            ElectronPhononLink("B", "p", PowerLawEPh(5e7, 1e-19, 6.0)),
            ElectronPhononLink("C", "p", eph),
            PhotonicLink("C", "R", heat_function=matched, derivative=matched_derivative),
        ],
        [HeatInput("A", 2e-13, "P_A"), HeatInput("B", 5e-14, "P_B")],
    )


def test_every_node_balance_holds_to_1e9_and_energy_is_conserved():
    net = three_node_network()
    ds = steady_state(net)
    assert float(ds.relative_residual.max()) <= 1e-9
    # Σ P = Σ (flows into fixed nodes): the node residuals sum to their difference, each ≤ 1e-9 of its node's
    # throughput (≤ 2ΣP), so 1e-8 relative bounds it
    assert float(ds.power_to_fixed_nodes) == pytest.approx(float(ds.injected_power), rel=1e-8)


def test_jacobian_of_dey_network_matches_finite_differences():
    # analytic e-ph derivatives, photonic derivatives from neqsc.photonic (analytic Bose factors, τ by central
    # difference) and the superconducting central difference: all ~1e-8 accurate; tolerance 1e-5 relative
    net = dey2023_network(P_in=1.5e-12)
    params = net.parameters()
    T = np.array([0.36, 0.14])
    ev = net.evaluate(T, params)
    h = 1e-5 * T
    for j in range(2):
        dT = np.zeros(2)
        dT[j] = h[j]
        fd = (net.evaluate(T + dT, params, False).residual - net.evaluate(T - dT, params, False).residual) / (2 * h[j])
        np.testing.assert_allclose(ev.jacobian[:, j], fd, rtol=1e-5, atol=1e-5 * np.max(np.abs(fd)))
    # ∂R/∂P_in = 1 on S, 0 on D; ∂R/∂T_p by finite difference
    k = net.parameter_names.index("P_in")
    np.testing.assert_array_equal(ev.dparam[:, k], [1.0, 0.0])
    kp = net.parameter_names.index("p")
    hp = 1e-5 * params["p"]
    up = net.evaluate(T, {**params, "p": params["p"] + hp}, False).residual
    dn = net.evaluate(T, {**params, "p": params["p"] - hp}, False).residual
    np.testing.assert_allclose(ev.dparam[:, kp], (up - dn) / (2 * hp), rtol=1e-5)


def test_responsivity_matches_resolving_at_shifted_parameters():
    # dT/dP from the implicit-function theorem vs (T(P+δ) − T(P−δ))/2δ; δ = 1e-4 P gives ~1e-8 truncation
    net = three_node_network()
    base = net.parameters()
    ds = steady_state(net)
    for name in ("P_A", "R"):
        d = 1e-4 * base[name]
        t_up = solve_point(net, {name: base[name] + d}, rtol=1e-13).T
        t_dn = solve_point(net, {name: base[name] - d}, rtol=1e-13).T
        np.testing.assert_allclose(ds.responsivity.sel(parameter=name).values, (t_up - t_dn) / (2 * d), rtol=1e-6)


def test_follower_node_moves_with_its_leader():
    # T_R = T_b (Pioldi set-up 2): dT_a/dT_b includes both the phonon and the photonic terminal
    net = Network(
        [ElectronNode("a"), FixedNode("b", 0.05), FixedNode("R", follows="b")],
        [
            PhotonicLink("a", "R", heat_function=matched, derivative=matched_derivative),
            ElectronPhononLink("a", "b", PowerLawEPh(2e9, 5e-20)),
        ],
        [HeatInput("a", 1e-14, "P")],
    )
    assert net.parameter_names == ["b", "P"]
    ds = steady_state(net)
    d = 1e-6
    t_up = solve_point(net, {"b": 0.05 + d}, rtol=1e-13).T[0]
    t_dn = solve_point(net, {"b": 0.05 - d}, rtol=1e-13).T[0]
    assert float(ds.responsivity.sel(node="a", parameter="b")) == pytest.approx((t_up - t_dn) / (2 * d), rel=1e-6)


def test_equilibrium_without_power_is_the_bath_temperature():
    ds = steady_state(photonic_only_network(P=0.0, T_bath=0.07))
    assert float(ds.T_a) == 0.07


def test_non_convergence_raises_with_residual_history():
    with pytest.raises(ConvergenceError) as info:
        solve_point(photonic_only_network(), max_iter=1)
    assert len(info.value.residuals) >= 2


@pytest.mark.parametrize(
    "build",
    [
        lambda: FixedNode("b", 0.0),
        lambda: FixedNode("b", -0.03),
        lambda: HeatInput("a", -1e-12),
        lambda: Network(
            [ElectronNode("a"), ElectronNode("c"), FixedNode("b", 0.05)],
            [PhotonicLink("a", "b", heat_function=matched)],
        ),  # c is not connected
        lambda: Network([ElectronNode("a"), FixedNode("b", 0.05)], [PhotonicLink("a", "x", heat_function=matched)]),
        lambda: Network([ElectronNode("a")], []),
        lambda: Network(
            [ElectronNode("a"), FixedNode("b", 0.05), FixedNode("R", follows="zz")],
            [PhotonicLink("a", "b", heat_function=matched)],
        ),
        lambda: photonic_only_network().parameters({"T_nonexistent": 1.0}),
        lambda: photonic_only_network().parameters({"b": -0.01}),
        lambda: solve_point(photonic_only_network(), guess=[-0.1]),
    ],
)
def test_bad_network_input_is_rejected(build):
    with pytest.raises(InvalidParameter):
        build()


def test_heat_link_reports_non_finite_heat():
    net = Network(
        [ElectronNode("a"), FixedNode("b", 0.05)],
        [HeatLink("a", "b", lambda a, b: float("nan"))],
        [HeatInput("a", 1e-13)],
    )
    with pytest.raises(InvalidParameter):
        solve_point(net)
