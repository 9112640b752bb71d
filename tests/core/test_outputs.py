"""Outputs never destroy data: existing files and folders are replaced only with overwrite, names stay inside."""

import numpy as np
import pytest
import xarray as xr

from neqsc import io
from neqsc.errors import InvalidParameter


def _ds(value: float) -> xr.Dataset:
    return xr.Dataset({"x": ("i", np.full(3, value))})


@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
def test_existing_output_is_refused_then_replaced_with_overwrite(tmp_path, suffix):
    path = io.save(_ds(1.0), tmp_path / f"r{suffix}")
    with pytest.raises(InvalidParameter, match="overwrite"):
        io.save(_ds(2.0), path)
    assert io.load(path).x.values[0] == 1.0  # untouched
    io.save(_ds(2.0), path, overwrite=True)
    assert io.load(path).x.values[0] == 2.0
    with io.allow_overwrite():
        io.save(_ds(3.0), path)
    assert io.load(path).x.values[0] == 3.0
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left behind


def test_folder_with_other_content_is_never_replaced(tmp_path):
    folder = tmp_path / "data.zarr"
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me")
    with pytest.raises(InvalidParameter):
        io.save(_ds(1.0), folder, overwrite=True)
    assert (folder / "precious.txt").read_text() == "keep me"
    (tmp_path / "d.nc").mkdir()
    with pytest.raises(InvalidParameter):
        io.save(_ds(1.0), tmp_path / "d.nc", overwrite=True)


def test_failed_write_keeps_the_old_file(tmp_path):
    path = io.save(_ds(1.0), tmp_path / "r.nc")
    bad = xr.Dataset({"x": ("i", np.array([object(), object()], dtype=object))})
    with pytest.raises(Exception):  # noqa: B017 - any failure of the writer
        io.save(bad, path, overwrite=True)
    assert io.load(path).x.values[0] == 1.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.nc"]


@pytest.mark.parametrize("name", ["../x", "a/b", "..", "", "/abs", "a\\b"])
def test_output_names_cannot_leave_the_folder(tmp_path, name):
    with pytest.raises(InvalidParameter):
        io.output_name(tmp_path, name)
    assert io.output_name(tmp_path, "dev") == tmp_path / "dev"


def test_output_folder_check(tmp_path):
    assert io.check_output_folder(tmp_path / "new") == tmp_path / "new"
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(InvalidParameter, match="overwrite"):
        io.check_output_folder(tmp_path)
    io.check_output_folder(tmp_path, overwrite=True)


@pytest.mark.parametrize("content", [b"", b"hello world\n", b"\x89HDF\r\n\x1a\n" + b"\0" * 20])
def test_damaged_files_are_invalid_parameters(tmp_path, content):
    path = tmp_path / "bad.nc"
    path.write_bytes(content)
    with pytest.raises(InvalidParameter, match="readable"):
        io.load(path)
    (tmp_path / "empty.zarr").mkdir()
    with pytest.raises(InvalidParameter, match="readable"):
        io.load(tmp_path / "empty.zarr")
