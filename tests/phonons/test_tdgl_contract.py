"""The phonon engine on a real ``neqsc.tdgl.simulate`` run (single central PSC: j = 0.45 j0, L = 10 ξ, δ = 10)."""

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.phonons import cooler_from_run, electrical_power, phonon_spectra

tdgl = pytest.importorskip("neqsc.tdgl")


@pytest.fixture(scope="module")
def run():
    return tdgl.simulate(0.45, 10.0, 10.0, eta=0.1, t_end=900.0)


def test_real_run_satisfies_the_input_contract_and_its_flux_cycle_mean_vanishes(run):
    s = phonon_spectra(run, gamma=0.3)
    # the conservative residual equals the state mismatch between window ends (slow drift of the TDGL state)
    assert s["cycle_residual"].item() < 1e-2
    assert s["mean_power_emitted"].item() > 0
    assert s.attrs["n_periods"] >= 10


def test_real_run_power_parts_add_up_to_j_times_v(run):
    p = electrical_power(run)
    total = (p["p_normal"] + p["p_interference"] + p["p_super"]).values
    # the TDGL currents satisfy j_s + j_n + j_int = j on every link; E = −∂xφ: identity to round-off level
    np.testing.assert_allclose(total, p["p_electrical"].values, rtol=1e-6, atol=1e-9)
    assert p["mean_p_electrical"].item() == pytest.approx(run.attrs["j"] * run.attrs["mean_voltage"], rel=1e-3)


def test_real_run_instantaneous_and_conservative_mean_powers_agree(run):
    c = phonon_spectra(run, gamma=0.3)["mean_power_emitted"].item()
    i = phonon_spectra(run, gamma=0.3, method="instantaneous")["mean_power_emitted"].item()
    assert i == pytest.approx(c, rel=0.1)  # ~7 snapshots per period: positive-part averages differ by a few %


def test_real_run_cooler_second_law(run):
    res = cooler_from_run(run, "Al", p=0.5, a1=0.0)
    assert res["T_cold_K"].item() == res.attrs["T_b"]


def test_snapshots_that_alias_the_psc_period_are_refused(run):
    # snapshots spaced by ~ one period cannot resolve the oscillation: whole-period averages would be meaningless
    coarse = run.isel(t=slice(None, None, 8)).assign_attrs(period=float(run["t"][8] - run["t"][0]) * 1.03)
    with pytest.raises(InvalidParameter, match="snapshot spacing"):
        phonon_spectra(coarse, "Al")
