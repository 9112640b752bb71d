"""TOML device descriptions and the ``neqsc thermal solve`` command."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from neqsc.cli import app
from neqsc.errors import InvalidParameter
from neqsc.io import load
from neqsc.thermal.device import device_from_dict, load_device, solve_device
from neqsc.thermal.devices import DeyParameters

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "thermal_dey2023.toml"

SMALL = """
[device]
name = "two_baths"
[[nodes]]
name = "a"
kind = "electron"
[[nodes]]
name = "p"
kind = "fixed"
T = "40 mK"
[[links]]
type = "eph"
node = "a"
bath = "p"
material = "Cu"
length = "2 um"
width = "700 nm"
thickness = "30 nm"
[[links]]
type = "power_law"
from = "a"
to = "p"
K = "1e-10 W"
n = 2
[[inputs]]
name = "P_in"
node = "a"
power = "0.1 pW"
"""


def test_dey_caption_geometry_gives_the_published_resistances_and_volumes():
    # Dey Fig. 3 caption: R_D = 2.857 Ω, R_0 = 102.9 Ω (r = 36), V_Cu = 4.2e-20, V_Ti = 1.05e-19 m³
    p = DeyParameters()
    assert p.R_D == pytest.approx(2.857, abs=5e-4)
    assert p.R_0 == pytest.approx(102.86, abs=5e-3)
    assert p.V_Cu == pytest.approx(4.2e-20, rel=1e-12)
    assert p.V_Ti == pytest.approx(1.05e-19, rel=1e-12)


def test_example_toml_builds_the_dey_network():
    dev = load_device(EXAMPLE)
    assert [n.name for n in dev.network.free] == ["S", "D"]
    assert dev.sweep_parameter == "P_in" and dev.sweep_values[-1] == pytest.approx(3e-12)
    volumes = [lk.coupling.volume for lk in dev.network.links if hasattr(lk, "coupling")]
    np.testing.assert_allclose(volumes, [4.2e-20, 1.05e-19, 4.2e-20], rtol=1e-12)


def test_toml_steady_state_matches_closed_form():
    # Σ V (T⁵ − T_p⁵) + K (T² − T_p²) = P: check the solved T satisfies it to the solver tolerance
    import tomllib

    ds = solve_device(device_from_dict(tomllib.loads(SMALL)))
    T = float(ds.T_a)
    V = 2e-6 * 700e-9 * 30e-9
    total = 3e9 * V * (T**5 - 0.04**5) + 1e-10 * (T**2 - 0.04**2)
    assert total == pytest.approx(1e-13, rel=2e-9)


def test_cli_solve_writes_netcdf_and_png(tmp_path):
    toml = tmp_path / "dev.toml"
    toml.write_text(SMALL + '\n[sweep]\nparameter = "P_in"\nvalues = "0 pW:0.5 pW:11"\n')
    result = CliRunner().invoke(app, ["thermal", "solve", str(toml), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    ds = load(tmp_path / "out" / "two_baths.nc")
    assert ds.P_in.attrs["units"] == "W" and ds.sizes["P_in"] == 11
    assert np.all(np.diff(ds.T_a.values) > 0)
    assert (tmp_path / "out" / "two_baths.png").stat().st_size > 0


def test_cli_reports_bad_device_without_traceback(tmp_path):
    toml = tmp_path / "bad.toml"
    toml.write_text(SMALL.replace('thickness = "30 nm"', 'thickness = "-30 nm"'))
    result = CliRunner().invoke(app, ["thermal", "solve", str(toml), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "volume" in result.output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('material = "Cu"', 'material = "Unobtainium"'),
        ('T = "40 mK"', 'T = "0 mK"'),
        ('T = "40 mK"', 'T = "40 W"'),
        ('kind = "fixed"', 'kind = "floating"'),
        ('type = "power_law"', 'type = "wormhole"'),
        ('power = "0.1 pW"', 'power = "-0.1 pW"'),
    ],
)
def test_bad_device_descriptions_are_rejected(old, new):
    import tomllib

    with pytest.raises(InvalidParameter):
        device_from_dict(tomllib.loads(SMALL.replace(old, new)))


def test_missing_device_file_is_reported(tmp_path):
    with pytest.raises(InvalidParameter):
        load_device(tmp_path / "nope.toml")


def test_pioldi_example_toml_is_the_same_network_as_the_builder():
    # the example spells out PioldiParameters() defaults; both networks must give the same balance (round-off)
    from neqsc.thermal.devices import PioldiParameters, pioldi2025_network

    dev = load_device(EXAMPLE.with_name("thermal_pioldi_setup1.toml"))
    ref = pioldi2025_network(PioldiParameters(), 1)
    params = {"P_L": 2e-14, "R": 0.3, "b": 0.03}
    T = np.array([0.35])
    a = dev.network.evaluate(T, dev.network.parameters(params))
    b = ref.evaluate(T, ref.parameters(params))
    np.testing.assert_allclose(a.residual, b.residual, rtol=1e-12)
    np.testing.assert_allclose(a.jacobian, b.jacobian, rtol=1e-9)
