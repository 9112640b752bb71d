"""Save/load round trips with provenance."""

import json

import numpy as np
import pytest
import xarray as xr

from neqsc import io
from neqsc.errors import ConvergenceError, InvalidParameter


def _dataset():
    rng = np.random.default_rng(1)
    return xr.Dataset(
        {"Q": (("T_S", "T_D"), rng.random((4, 3)), {"units": "W", "long_name": "heat current"})},
        coords={"T_S": ("T_S", np.linspace(0.1, 0.4, 4), {"units": "K"}), "T_D": [0.03, 0.05, 0.07]},
        attrs={"r": 36.0, "label": "test", "flags": [1, 2], "on": True},
    )


@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
def test_round_trip_is_exact_and_stamps_provenance(tmp_path, suffix):
    ds = _dataset()
    path = io.save(ds, tmp_path / f"out{suffix}", parameters={"r": 36.0, "T": [0.1, 0.2]})
    back = io.load(path)
    xr.testing.assert_identical(back[["Q"]].drop_attrs(), ds[["Q"]].drop_attrs())
    assert np.array_equal(back.Q.values, ds.Q.values)  # bit-exact
    assert back.Q.attrs["units"] == "W"
    assert back.attrs["r"] == 36.0 and back.attrs["flags"] == [1, 2] and back.attrs["on"] is True
    assert io.parameters_of(back) == {"r": 36.0, "T": [0.1, 0.2]}
    assert back.attrs["neqsc_version"]
    assert "created_utc" in back.attrs
    assert ds.attrs == _dataset().attrs  # input not modified


def test_bad_suffix_and_missing_file(tmp_path):
    with pytest.raises(InvalidParameter, match="path"):
        io.save(_dataset(), tmp_path / "out.csv")
    with pytest.raises(InvalidParameter, match="path"):
        io.load(tmp_path / "nothing.nc")


def test_errors_carry_diagnostics():
    err = ConvergenceError("Newton failed", [1.0, 0.1, 0.05], {"dt": 1e-3})
    assert err.residuals == [1.0, 0.1, 0.05]
    assert "0.05" in str(err) and "dt" in str(err)
    bad = InvalidParameter("gamma", -1.0, ">= 0")
    assert "gamma" in str(bad) and ">= 0" in str(bad)
    assert isinstance(bad, ValueError)


def test_parameters_json_is_valid_json(tmp_path):
    path = io.save(_dataset(), tmp_path / "a.nc", parameters={"x": np.float64(2.0), "arr": np.arange(3)})
    text = io.load(path).attrs["parameters_json"]
    assert json.loads(text) == {"arr": [0, 1, 2], "x": 2.0}
