"""Sweep grids: point numbering, zip groups, point lists, seeds, and rejection of malformed grids."""

import numpy as np
import pytest
import xarray as xr

from neqsc.errors import InvalidParameter
from neqsc.sweep import make_grid, point_seed


def test_outer_grid_numbers_points_in_c_order():
    g = make_grid({"a": [1, 2, 3], "b": [10.0, 20.0]})
    assert g.dims == ("a", "b") and g.shape == (3, 2) and g.size == 6
    assert [g.point(i) for i in range(6)] == [{"a": a, "b": b} for a in (1, 2, 3) for b in (10.0, 20.0)]
    assert all(type(v) in (int, float) for v in g.point(5).values())  # plain Python scalars reach the workers


def test_zip_group_varies_parameters_together_along_one_dimension():
    g = make_grid({("T_hot", "T_cold"): ([1.0, 2.0], [0.1, 0.2]), "L": [5, 6, 7]})
    assert g.dims == ("T_hot_T_cold", "L") and g.shape == (2, 3)
    assert g.point(4) == {"T_hot": 2.0, "T_cold": 0.2, "L": 6}


def test_point_list_grid_has_a_point_dimension():
    g = make_grid([{"x": 1.0, "s": "a"}, {"x": 2.0, "s": "b"}])
    assert g.dims == ("point",) and g.point(1) == {"x": 2.0, "s": "b"}


def test_dataarray_values_carry_their_units():
    g = make_grid({"T": xr.DataArray([0.1, 0.2], attrs={"units": "K"})}, units=None)
    assert g.parameters[0].attrs == {"units": "K"}


@pytest.mark.parametrize(
    "grid",
    [
        {("a", "b"): ([1, 2], [1, 2, 3])},  # zip group with mismatched lengths
        [{"a": 1}, {"a": 2, "b": 3}],  # points naming different parameters
        {"a": []},  # no values
        {"a": [[1, 2], [3, 4]]},  # not 1-D
        {"a": "1,2"},  # a string is not a sequence of values
        {"sweep_status": [1]},  # reserved name
        {"not-an-identifier": [1]},
        {},
        [],
        42,
    ],
)
def test_malformed_grids_raise_invalid_parameter(grid):
    with pytest.raises(InvalidParameter):
        make_grid(grid)


def test_mismatched_zip_lengths_are_named_in_the_message():
    with pytest.raises(InvalidParameter, match="equal lengths"):
        make_grid({("a", "b"): ([1, 2], [1, 2, 3])})


def test_units_for_an_unswept_name_is_rejected():
    with pytest.raises(InvalidParameter, match="units"):
        make_grid({"a": [1]}, units={"b": "K"})


def test_point_seeds_depend_only_on_sweep_seed_and_index():
    seeds = [point_seed(7, i) for i in range(1000)]
    assert seeds == [point_seed(7, i) for i in range(1000)]
    assert len(set(seeds)) == 1000  # independent streams per point
    assert point_seed(8, 0) != point_seed(7, 0)
    # the streams themselves are uncorrelated: neighbouring points' first normals have ~zero correlation
    first = np.array([np.random.default_rng(s).standard_normal() for s in seeds])
    r = np.corrcoef(first[:-1], first[1:])[0, 1]
    assert abs(r) < 4 / np.sqrt(999)  # 4σ of the sample correlation of independent normals
