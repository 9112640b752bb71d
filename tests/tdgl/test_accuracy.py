"""Default accuracy of the mean voltage and the period (banks, exact interference, c₁ as printed).

References (tight time tolerance: ROS34PW2 with rtol = 1e-7, atol = 1e-9, dt_max = 0.005, error ≲ 1e-6) printed by
``PYTHONPATH=src:. python -m benchmarks.bench_tdgl_accuracy --references``; "richardson" is the limit dx → 0 from
dx = 0.05 and 0.025 (second order in dx for δ = 1: observed order 2.01 over dx = 0.1/0.05/0.025).
"""

from __future__ import annotations

import numpy as np
import pytest

from neqsc.tdgl import simulate

# j = 1.0, L = 10ξ, δ = 30, 200 t0, dx = 0.1: ⟨V⟩ and period of the tight run at the same grid
B_VOLTAGE_DX01 = 5.482437513301242
B_PERIOD_DX01 = 1.145839386632242
# j = 1.0, L = 10ξ, δ = 1, 100 t0: ⟨V⟩ at dx = 0.1 and its dx → 0 limit
D_VOLTAGE_DX01 = 8.901087468105194
D_VOLTAGE_CONVERGED = 8.899420845736387


def test_default_time_stepping_keeps_voltage_and_period_within_1e3_at_delta_30():
    ds = simulate(1.0, 10.0, 30.0, t_end=200.0, save_every=10.0)
    assert ds.attrs["time_method"] == "ros34pw2"
    # MEASURED −5.6e-4 (⟨V⟩) and +6.9e-4 (period) with ROS34PW2 at the defaults; the former default ROS2 gives
    # −6.3e-3 / +6.3e-3 (checked below, so the bound can fail); 1e-3 is the accuracy the defaults promise
    assert abs(ds.attrs["mean_voltage"] / B_VOLTAGE_DX01 - 1.0) < 1e-3
    assert abs(ds.attrs["period"] / B_PERIOD_DX01 - 1.0) < 1e-3
    old = simulate(1.0, 10.0, 30.0, t_end=200.0, save_every=10.0, method="ros2")
    assert abs(old.attrs["mean_voltage"] / B_VOLTAGE_DX01 - 1.0) > 3e-3


def test_default_voltage_within_1e3_of_converged_value_at_delta_1():
    ds = simulate(1.0, 10.0, 1.0, t_end=100.0, save_every=5.0)
    # time error MEASURED −9e-8, total (grid) error +1.9e-4 against the dx → 0 limit; bound 1e-3 (the promise)
    assert abs(ds.attrs["mean_voltage"] / D_VOLTAGE_DX01 - 1.0) < 1e-5
    assert abs(ds.attrs["mean_voltage"] / D_VOLTAGE_CONVERGED - 1.0) < 1e-3


def _observed_order(point: tuple[float, float, float, float]) -> float:
    j, length, delta, t_end = point
    v = [
        simulate(j, length, delta, t_end=t_end, save_every=t_end / 20, dx=dx, rtol=1e-5, atol=1e-7, dt_max=0.01).attrs[
            "mean_voltage"
        ]
        for dx in (0.05, 0.025, 0.0125)
    ]
    return float(np.log2((v[0] - v[1]) / (v[1] - v[2])))


@pytest.mark.parametrize("point", [(2.0, 2.0, 10.0, 100.0), (1.0, 2.0, 30.0, 100.0)])
def test_mean_voltage_converges_at_second_order_in_dx_with_the_supercurrent_correction(point):
    # short wires at δ = 10 and 30 (exact interference, c₁ as printed), where the c₁θ'∂τ|Ψ|² term dominates the grid
    # error: MEASURED orders 2.02 and 2.03 over dx = 0.05/0.025/0.0125 (2.01/2.03 at dt_max = 0.005, so the time
    # error does not enter); the former ratio form Im(Ψ_l*Ψ_{l+1})·mean(∂τ|Ψ|²)/mean(|Ψ|²) gave 1.56 and 1.57.
    # The window ±0.15 separates the two.
    assert 1.85 < _observed_order(point) < 2.2
