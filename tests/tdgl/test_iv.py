"""I–V curves by continuation: branches, hysteresis report, parallel segments."""

from __future__ import annotations

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.tdgl import iv_curve


@pytest.fixture(scope="module")
def iv():
    return iv_curve([0.3, 0.7, 1.1, 1.5], length=5.0, delta=10.0, direction="both", t_per_point=100.0, workers=1)


def test_iv_curve_is_superconducting_below_and_resistive_above_switching(iv):
    up = iv["mean_voltage"].sel(direction="up").values
    assert abs(up[0]) < 1e-3  # j = 0.3 < j_c1 ≈ 0.6 for L = 5ξ: static state, no voltage
    assert np.all(up[1:] > 0.1)
    assert np.all(np.diff(up[1:]) > 0)  # resistive branch: ⟨V⟩ grows with j
    # each resistive point is a periodic PSC obeying the Josephson relation ⟨V⟩·T = 2π
    period = iv["period"].sel(direction="up").values[1:]
    np.testing.assert_allclose(up[1:] * period / (2 * np.pi), 1.0, atol=1e-3)


def test_hysteresis_report_orders_retrapping_below_switching(iv):
    a = iv.attrs
    assert a["neqsc_kind"] == "tdgl_iv"
    assert a["j_retrap_down"] <= a["j_switch_up"]
    assert a["hysteresis_width"] == pytest.approx(a["j_switch_up"] - a["j_retrap_down"])


def test_parallel_segments_follow_the_same_resistive_branch():
    kw = dict(length=5.0, delta=10.0, direction="up", t_per_point=150.0)
    currents = [1.2, 1.4, 1.6, 1.8]
    seq = iv_curve(currents, workers=1, **kw)
    par = iv_curve(currents, workers=2, **kw)
    assert par.attrs["segments_per_direction"] == 2
    both = (seq["periodic"].values == 1) & (par["periodic"].values == 1)
    assert both.sum() >= 3  # points whose transient ended within the run
    # unique periodic orbit far above switching: same ⟨V⟩ up to the period-detection tolerance (1e-3)
    np.testing.assert_allclose(par["mean_voltage"].values[both], seq["mean_voltage"].values[both], rtol=2e-3)


def test_iv_curve_rejects_unknown_direction():
    with pytest.raises(InvalidParameter, match="direction"):
        iv_curve([0.5], direction="sideways")
