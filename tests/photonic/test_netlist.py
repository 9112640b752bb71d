"""TOML/dict netlists and the ``neqsc photonic network`` command."""

import pytest
import xarray as xr
from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.errors import InvalidParameter
from neqsc.photonic import heat_current
from neqsc.photonic.devices import DeyCircuit
from neqsc.photonic.netlist import element_from_spec, network_from_spec

DEY_TOML = """
[[reservoir]]
name = "S"
nodes = ["1", "2"]
T = "370 mK"
element = {type = "series", elements = [{type = "resistor", R = "2.857 ohm"},
           {type = "mb_film", R_n = "102.852 ohm", Tc = "0.4 K", gap_model = "tanh"}]}

[[reservoir]]
name = "D"
nodes = ["2", "1"]
T = "30 mK"
element = {type = "resistor", R = "2.857 ohm"}
"""


def test_toml_netlist_reproduces_the_two_terminal_dey_circuit(tmp_path):
    path = tmp_path / "dey.toml"
    path.write_text(DEY_TOML)
    result = CliRunner().invoke(app, ["photonic", "network", str(path)])
    assert result.exit_code == 0, result.output
    ds = xr.open_dataset(tmp_path / "dey.nc", engine="h5netcdf")
    dey = DeyCircuit(r=36.0)
    # 102.852 = 36 × 2.857: the same circuit as DeyCircuit, so the same number to quadrature rounding
    assert float(ds.Q.sel(source="S", sink="D")) == pytest.approx(
        heat_current(dey.source(), dey.drain(), 0.37, 0.03), rel=1e-10
    )
    assert abs(float(ds.P.sum())) < 1e-10 * float(abs(ds.P).max())


def test_element_specs_with_units():
    e = element_from_spec({"type": "nis", "R_N": "1 kohm", "C": "50 fF", "Tc": "1.2 K", "dynes": 1e-3})
    assert e.R_N == pytest.approx(1e3) and e.C == pytest.approx(5e-14) and e.dynes == 1e-3


@pytest.mark.parametrize(
    "spec",
    [
        {"type": "transistor"},
        {"type": "resistor", "R": "-1 ohm"},
        {"type": "resistor", "R": "1 K"},
        {"type": "resistor"},
        {"type": "series", "elements": []},
        {"type": "capacitor", "C": "1 pF", "colour": "red"},
    ],
)
def test_bad_element_specs_are_rejected(spec):
    with pytest.raises(InvalidParameter):
        element_from_spec(spec)


def test_disconnected_toml_netlist_is_rejected():
    spec = {
        "reservoir": [
            {"name": "a", "nodes": ["1", "2"], "T": "0.1 K", "element": {"type": "resistor", "R": 1}},
            {"name": "b", "nodes": ["3", "4"], "T": "0.2 K", "element": {"type": "resistor", "R": 1}},
        ]
    }
    with pytest.raises(InvalidParameter, match="connected"):
        network_from_spec(spec)


def test_network_command_reports_bad_files_cleanly(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[[reservoir]]\nname = 1 2\n")
    result = CliRunner().invoke(app, ["photonic", "network", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
