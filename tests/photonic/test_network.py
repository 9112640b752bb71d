"""N-terminal networks: reduction to two terminals, energy conservation, reciprocity and bad netlists."""

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.photonic import Capacitor, Inductor, Network, NISJunction, Resistor, Series, heat_current, series_loop
from neqsc.photonic.devices import DeyCircuit


def test_two_reservoir_loop_reduces_to_the_two_terminal_formula():
    dey = DeyCircuit(r=36.0)
    net = series_loop(("S", dey.source()), ("D", dey.drain()))
    q = net.heat_currents([0.37, 0.03])
    # identical quadrature rule and τ = 4ReZ_1ReZ_2/|Z_1+Z_2|² analytically: agreement to rounding
    assert q[0, 1] == pytest.approx(heat_current(dey.source(), dey.drain(), 0.37, 0.03), rel=1e-12)
    assert q[1, 0] == pytest.approx(-q[0, 1], rel=1e-14)


def _three_terminal():
    return series_loop(
        ("a", Resistor(10.0)),
        ("b", Series(Resistor(30.0), Inductor(2e-9))),
        ("c", NISJunction(1e3, 50e-15, 1.2, 1e-3)),
        lines=[Inductor(1e-9), None, Capacitor(1e-13)],
    )


def test_emission_equals_total_transmission_into_the_other_reservoirs():
    net = _three_terminal()
    omega = np.logspace(7, 12, 40)
    T = [0.3, 0.1, 0.2]
    eps = net.emissivity(omega, T)
    tau = net.transmission_matrix(omega, T)
    # lossless lines: what k radiates is absorbed by the others (computed from different network quantities)
    assert eps == pytest.approx(tau.sum(axis=1), rel=1e-10, abs=1e-14)
    # reciprocity of the passive network: τ_kj = τ_jk
    assert tau == pytest.approx(np.swapaxes(tau, 1, 2), rel=1e-10, abs=1e-15)


def test_energy_is_conserved_in_a_three_terminal_network():
    net = _three_terminal()
    T = [0.3, 0.1, 0.2]
    p = net.absorbed_power(T)
    q = net.heat_currents(T)
    scale = np.max(np.abs(p))
    assert abs(p.sum()) < 1e-10 * scale
    assert p == pytest.approx(-q.sum(axis=1), rel=1e-9, abs=1e-12 * scale)
    assert q == pytest.approx(-q.T, rel=1e-12, abs=1e-14 * scale)


def test_three_equal_resistors_on_one_node_share_the_power():
    # three equal R between the same two nodes: each sees the other two in parallel, τ = 4R(R/2)/(3R/2)² = 8/9,
    # split equally: τ_kj = 4/9
    net = Network()
    for name in "xyz":
        net.add_reservoir(name, Resistor(5.0), "top", "ground")
    tau = net.transmission_matrix(np.array([1e9]), [0.1, 0.2, 0.3])[0]
    off = tau[~np.eye(3, dtype=bool)]
    assert off == pytest.approx(np.full(6, 4 / 9), rel=1e-12)


def test_disconnected_netlist_is_rejected():
    net = Network().add_reservoir("a", Resistor(1.0), "1", "2").add_reservoir("b", Resistor(1.0), "3", "4")
    net.add_line("2", "1")
    with pytest.raises(InvalidParameter, match="connected"):
        net.heat_currents([0.1, 0.2])


def test_lossy_line_is_rejected():
    with pytest.raises(InvalidParameter):
        Network().add_line("1", "2", Resistor(1.0))


def test_wrong_number_of_temperatures_is_rejected():
    net = series_loop(("a", Resistor(1.0)), ("b", Resistor(2.0)))
    with pytest.raises(InvalidParameter):
        net.heat_currents([0.1, 0.2, 0.3])
