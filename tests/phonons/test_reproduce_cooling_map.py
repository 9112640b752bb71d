"""``neqsc reproduce psc-cooling-map``: the case design and one case end to end (runs the TDGL solver: slow)."""

import math

import numpy as np
import pytest

from neqsc import reproduce
from neqsc.reproduce.phonons import COOLING_BASE, COOLING_VARIATIONS, cooling_cases, cooling_map


def test_cooling_map_is_registered_and_varies_one_factor_at_a_time():
    assert "psc-cooling-map" in reproduce.available()
    cases = cooling_cases()
    assert cases[0] == COOLING_BASE
    assert len(cases) == 1 + sum(len(v) for v in COOLING_VARIATIONS.values())
    for case in cases[1:]:
        assert sum(case[k] != COOLING_BASE[k] for k in COOLING_BASE) == 1


@pytest.mark.slow
def test_cooling_map_one_case_books_close_and_the_plate_warms():
    ds = cooling_map([COOLING_BASE], cutoffs=(math.inf, 0.5))
    assert ds.sizes == {"case": 1, "cutoff": 2}
    assert (ds["energy_error"] < 1e-9).all()
    assert (ds["plate_cooling_power"] <= ds["ideal_filter_bound"] * (1 + 1e-12)).all()
    # the low-pass cuts the Joule share a₁ (0.75 → < 0.01) but the plate still warms
    a1 = ds["kapitza_a1"].values[0]
    assert a1[0] > 0.7 and a1[1] < 0.01
    assert np.all(ds["T_cold_minus_T_b"].values > 0) and np.all(ds["Q_c"].values < 0)
