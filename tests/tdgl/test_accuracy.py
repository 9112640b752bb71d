"""Default accuracy of the mean voltage and the period (banks, exact interference, c₁ as printed).

References (tight time tolerance: ROS34PW2 with rtol = 1e-7, atol = 1e-9, dt_max = 0.005, time error ≲ 1e-6) printed
by ``PYTHONPATH=src:. python -m benchmarks.bench_tdgl_accuracy --references``; "limit" is the dx → 0 value from
Richardson extrapolation in dx² over dx = 0.025 and 0.0125. All reference runs are periodic (``periodic = 1``) and
⟨V⟩ is averaged over whole periods after the transient.
"""

from __future__ import annotations

import math

import pytest

from neqsc.tdgl import Numerics, simulate

TIGHT = {"method": "ros34pw2", "rtol": 1e-7, "atol": 1e-9, "dt_max": 0.005}
# j = 1.0, L = 10ξ, δ = 1, 100 t0: ⟨V⟩ at dx = 0.1 (tight time, fourth-order grid) and its dx → 0 limit
D_VOLTAGE_DX01 = 8.899427670994365
D_VOLTAGE_LIMIT = 8.899431301766255
# j = 2.0, L = 2ξ, δ = 10, 100 t0 and j = 1.0, L = 2ξ, δ = 30, 300 t0: dx → 0 limits of ⟨V⟩
C_VOLTAGE_LIMIT = 1.9356763454273844
E_VOLTAGE_LIMIT = 0.5895123738265182


def test_default_voltage_within_1e3_of_converged_value_at_delta_1():
    ds = simulate(1.0, 10.0, 1.0, t_end=100.0, save_every=5.0)
    assert ds.attrs["time_method"] == "ros34pw2" and ds.attrs["periodic"] == 1
    # time error MEASURED +2.5e-8, total error −3.8e-7 against the dx → 0 limit (second-order grid: +1.9e-4); bound
    # 1e-3 (the promise)
    assert abs(ds.attrs["mean_voltage"] / D_VOLTAGE_DX01 - 1.0) < 1e-5
    assert abs(ds.attrs["mean_voltage"] / D_VOLTAGE_LIMIT - 1.0) < 1e-3


def _grid_error(point: tuple[float, float, float, float], dx: float, limit: float) -> float:
    j, length, delta, t_end = point
    # the c₁ forms below were compared on the second-order grid (the limit is the same for both orders)
    ds = simulate(j, length, delta, t_end=t_end, save_every=t_end / 20, dx=dx, order=2, **TIGHT)
    assert ds.attrs["periodic"] == 1
    return ds.attrs["mean_voltage"] / limit - 1.0


def test_grid_error_of_a_2xi_bridge_at_delta_10_is_below_1e3_at_the_default_spacing():
    # the slip core of a short bridge is where the c₁θ'∂τ|Ψ|² term needs its sub-grid form: MEASURED −5.9e-4 at
    # dx = 0.1; the link-mean form alone (θ' from the link angle times the mean of ∂τ|Ψ|² at the two nodes) gave
    # +3.3e-3, so the bound 1e-3 fails without the sub-grid form
    assert abs(_grid_error((2.0, 2.0, 10.0, 100.0), 0.1, C_VOLTAGE_LIMIT)) < 1e-3


@pytest.mark.filterwarnings("ignore::neqsc.tdgl.UnresolvedCoreWarning")  # the coarse grid is the point here
@pytest.mark.parametrize(("dx", "bound"), [(0.1, 8e-3), (0.05, 1.6e-3)])
def test_grid_error_at_delta_30_with_the_subgrid_supercurrent_correction(dx, bound):
    # j = 1, L = 2ξ, δ = 30 (slip core ~1/δ): MEASURED +5.2e-3 (dx = 0.1) and +1.1e-3 (dx = 0.05); the link-mean form
    # gave +1.4e-2 and +3.7e-3, so both bounds fail without the sub-grid form (bounds ≈ 1.5× the measured errors)
    assert 0.0 < _grid_error((1.0, 2.0, 30.0, 300.0), dx, E_VOLTAGE_LIMIT) < bound


@pytest.mark.filterwarnings("ignore::neqsc.tdgl.UnresolvedCoreWarning")  # the coarse grid is the point here
def test_the_slip_core_adds_grid_error_until_dx_is_below_1p5_over_delta():
    # plain generalized TDGL (c₁ and interference off: the grid error of the core itself), banks, j = 1, L = 2ξ,
    # δ = 20, 300 t0, against the dx → 0 limit computed here (second order, Richardson over dx = 0.025, 0.0125).
    # Fourth-order grid (the default): MEASURED +1.07e-3 at dx = 0.1, where δ ≤ 10 leaves at most +1.4e-4 (δ = 0:
    # −5e-5, δ = 10: +1.35e-4): the lower bound 7e-4 fails if the core adds nothing. MEASURED +2.9e-4 at the
    # automatic spacing (1.5/δ = 0.075, rounded to 0.0714): bound 5e-4, half the promise, for the other terms.
    def voltage(dx, order=4):
        ds = simulate(1.0, 2.0, 20.0, t_end=300.0, save_every=15.0, sc_correction="off", interference="off", dx=dx,
                      rtol=1e-5, atol=1e-7, dt_max=0.01, order=order)  # fmt: skip
        assert ds.attrs["periodic"] == 1
        return ds.attrs["mean_voltage"]

    fine, finer = voltage(0.025, 2), voltage(0.0125, 2)
    limit = finer + (finer - fine) / 3.0
    assert Numerics().spacing(20.0) == pytest.approx(0.075)
    assert voltage(0.1) / limit - 1.0 > 7e-4
    assert 0.0 < voltage("auto") / limit - 1.0 < 5e-4


def test_fourth_order_grid_converges_at_fourth_order_to_the_second_order_limit():
    # plain generalized TDGL (c₁ and interference off), banks, j = 1, L = 2ξ, δ = 0, 300 t0, tight time. The
    # reference is the second-order scheme's Richardson limit (dx = 0.025, 0.0125): an independent discretisation.
    # MEASURED for order 4: −5.0e-5 at dx = 0.1 and −4.1e-6 at dx = 0.05 (observed order 3.6); the second order has
    # +1.72e-3 at dx = 0.1, so the bound 1.5e-4 fails for it
    def voltage(dx, order):
        ds = simulate(1.0, 2.0, 0.0, t_end=300.0, save_every=15.0, sc_correction="off", interference="off", dx=dx,
                      rtol=1e-5, atol=1e-7, dt_max=0.01, order=order)  # fmt: skip
        assert ds.attrs["periodic"] == 1 and ds.attrs["numerics_order"] == order
        return ds.attrs["mean_voltage"]

    fine, finer = voltage(0.025, 2), voltage(0.0125, 2)
    limit = finer + (finer - fine) / 3.0
    e1, e2 = voltage(0.1, 4) / limit - 1.0, voltage(0.05, 4) / limit - 1.0
    assert abs(e1) < 1.5e-4
    # the limit's own error (≈ 2e-7 from the neglected dx⁴ term of the Richardson step) limits the observed order
    assert 3.0 < math.log2(abs(e1 / e2)) < 5.0
