"""Bad input to the cooler gives InvalidParameter naming the field, never a traceback or a NaN downstream."""

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.errors import InvalidParameter
from neqsc.phonons import CoolerParams, cooler_from_run, cooling_power, synthetic_psc_run

runner = CliRunner()


def test_empty_dataset_names_the_missing_tdgl_entries():
    with pytest.raises(InvalidParameter, match="psi_abs"):
        cooler_from_run(xr.Dataset())


def test_run_without_dissipation_is_rejected_before_dividing_by_zero():
    run = synthetic_psc_run(nt=201)
    run["voltage"] = 0.0 * run["voltage"]
    run["phi"] = 0.0 * run["phi"]
    with pytest.raises(InvalidParameter, match="J·V̄"):
        cooler_from_run(run, "Al")


@pytest.mark.parametrize("t_c", [-1.0, 0.0, np.nan, np.inf])
def test_plate_temperature_is_checked(t_c):
    with pytest.raises(InvalidParameter, match="T_c"):
        cooling_power(1e-12, 1e-12, 1e-11, CoolerParams(), T_c=t_c)


def test_kapitza_pairs_without_a_partner_is_a_clear_cli_error():
    result = runner.invoke(app, ["cooler", "kapitza", "--pairs", "Al"])
    assert result.exit_code != 0
    assert "--pairs" in result.output and "Traceback" not in result.output
