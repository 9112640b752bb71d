"""Loader of measured conductance: units in headers, grids, and error messages that name the column."""

import numpy as np
import pytest
import xarray as xr

from neqsc.errors import InvalidParameter
from neqsc.quasiclassics.measured import load_conductance, to_csv


def _write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_unit_bearing_headers_are_converted_to_si(tmp_path):
    path = _write(
        tmp_path, "# local conductance of junction B\nV [uV],G [uS],G_err [nS]\n-100,1.5,20\n0,0.5,20\n100,1.5,20\n"
    )
    ds = load_conductance(path)
    assert ds.attrs["measurement"] == "local"
    np.testing.assert_allclose(ds.V.values, [-1e-4, 0.0, 1e-4])
    np.testing.assert_allclose(ds.G.values, [1.5e-6, 0.5e-6, 1.5e-6])
    np.testing.assert_allclose(ds.G_err.values, 2e-8)
    assert ds.G.attrs["units"] == "S" and ds.V.attrs["units"] == "V"


def test_nonlocal_long_format_in_any_row_order_becomes_a_grid(tmp_path):
    vi, vd = np.meshgrid([-2.0, 0.0, 2.0], [-1.0, 1.0], indexing="ij")
    g = vi + 10 * vd
    rows = list(zip(vi.ravel(), vd.ravel(), g.ravel(), strict=True))
    rng = np.random.default_rng(0)
    rng.shuffle(rows)
    text = "V_inj [mV],V_det [mV],g_nl [uS]\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)
    ds = load_conductance(_write(tmp_path, text))
    assert ds.g_nl.dims == ("V_inj", "V_det")
    np.testing.assert_allclose(ds.g_nl.values, g * 1e-6)
    np.testing.assert_allclose(ds.V_inj.values, [-2e-3, 0.0, 2e-3])


def test_dimensionless_normalised_conductance_is_accepted(tmp_path):
    ds = load_conductance(_write(tmp_path, "V [uV],G [1]\n-1,0.1\n1,0.1\n"))
    assert ds.G.attrs["units"] == "1"


def test_csv_round_trip_through_to_csv(tmp_path):
    src = _write(
        tmp_path, "V_inj [uV],I_s [uA],g_nl [uS],g_nl_err [uS]\n-1,-2,3,0.1\n-1,2,4,0.1\n1,-2,5,0.1\n1,2,6,0.1\n"
    )
    ds = load_conductance(src)
    back = load_conductance(to_csv(ds, tmp_path / "back.csv", units={"V_inj": "uV", "g_nl": "uS"}))
    xr.testing.assert_allclose(ds[["g_nl", "g_nl_err"]], back[["g_nl", "g_nl_err"]])


def test_netcdf_with_units_attributes(tmp_path):
    ds = xr.Dataset(
        {"G": ("V", [2.0, 1.0, 2.0], {"units": "uS"})}, coords={"V": ("V", [-5.0, 0, 5.0], {"units": "uV"})}
    )
    path = tmp_path / "local.nc"
    ds.to_netcdf(path, engine="h5netcdf")
    out = load_conductance(path)
    np.testing.assert_allclose(out.G.values, [2e-6, 1e-6, 2e-6])
    np.testing.assert_allclose(out.V.values, [-5e-6, 0, 5e-6])


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("V [uV],X [uS]\n1,2\n", "X"),  # unknown column
        ("V [uV],G [uS]\n1,abc\n", "G"),  # non-numeric entry
        ("V [uV],G [uV]\n1,2\n", "G"),  # unit of the wrong dimension
        ("V [uV],G [furlongs]\n1,2\n", "G"),  # unknown unit
        ("G [uS]\n2\n", "V"),  # bias column missing
        ("V [uV],I [uS]\n1,2\n", "I"),  # neither G nor g_nl (unknown column named)
        ("V [uV],G [uS],G_err [uS]\n1,2,0\n", "G_err"),  # zero uncertainty
        ("V_inj [uV],V_det [uV],g_nl [uS]\n1,1,2\n1,2,3\n2,1,4\n", "V_inj"),  # incomplete grid names the columns
        ("V [uV],G [uS]\n1,2\n1,3\n", "V"),  # repeated point
        ("V [uV],G [uS]\n1,nan\n", "G"),  # NaN entry
        ("V [uV],V_inj [uV],G [uS]\n1,2,3\n", "V_inj"),  # coordinate of the other layout
    ],
)
def test_malformed_files_raise_invalid_parameter_naming_the_column(tmp_path, text, column):
    with pytest.raises(InvalidParameter) as info:
        load_conductance(_write(tmp_path, text))
    assert repr(column) in str(info.value) or f"'{column}'" in str(info.value)


def test_ragged_row_and_missing_file_and_bad_suffix(tmp_path):
    with pytest.raises(InvalidParameter, match="row 3"):
        load_conductance(_write(tmp_path, "V,G\n1,2\n3\n"))
    with pytest.raises(InvalidParameter, match="existing"):
        load_conductance(tmp_path / "nope.csv")
    with pytest.raises(InvalidParameter, match=r"\.csv or \.nc"):
        load_conductance(_write(tmp_path, "x", name="data.txt"))
