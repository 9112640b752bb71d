"""One gap-model default everywhere, presets by topology, and the same NDTC window from CLI, TOML and Python."""

import re
import tomllib

import numpy as np
import pytest
from typer.testing import CliRunner

from neqsc import bcs
from neqsc.cli import app
from neqsc.photonic import MattisBardeenFilm, NISJunction, ndtc_windows
from neqsc.photonic.devices import EXAMPLES, PRESETS, DeyCircuit, SeriesFilmCircuit
from neqsc.photonic.netlist import element_from_spec
from neqsc.thermal.device import device_from_dict
from neqsc.thermal.eph import SuperconductingEPh, eph_from_material

# a new user's device: 50 nm Al film (Tc 1.2 K, R_n 200 Ω) in series with 5 Ω, drain 5 Ω at 20 mK
FILM = {"R_film": 200.0, "Tc": 1.2, "R_series": 5.0, "R_drain": 5.0}
GRID = np.linspace(0.8, 1.3, 41)
T_D = 0.02


def test_every_gap_model_default_is_the_one_stated_in_bcs():
    assert bcs.DEFAULT_GAP_MODEL == "bcs"
    assert MattisBardeenFilm(10.0, 1.0).gap_model == bcs.DEFAULT_GAP_MODEL
    assert NISJunction(1e3, 1e-15, 1.2).gap_model == bcs.DEFAULT_GAP_MODEL
    assert SuperconductingEPh(1e9, 1e-19, 0.4).gap_model == bcs.DEFAULT_GAP_MODEL
    assert eph_from_material("Ti", 1e-19).gap_model == bcs.DEFAULT_GAP_MODEL
    assert SeriesFilmCircuit().gap_model == bcs.DEFAULT_GAP_MODEL
    assert element_from_spec({"type": "mb_film", "R_n": "10 ohm", "Tc": "1 K"}) == MattisBardeenFilm(10.0, 1.0)
    # only the paper example keeps the paper's choice
    assert DeyCircuit().gap_model == "tanh"


def test_presets_are_named_by_topology_and_papers_are_examples():
    assert set(PRESETS) == {"series-film", "nis", "resistors"}
    assert {name: preset for name, (preset, _) in EXAMPLES.items()} == {"dey2023": "series-film", "pioldi2025": "nis"}
    # the Dey example is the series-film preset with the paper's numbers
    assert DeyCircuit().source() == SeriesFilmCircuit(36 * 2.857, 0.4, 2.857, 2.857, "tanh").source()


def _toml_window():
    text = """
    [[nodes]]
    name = "S"
    kind = "electron"
    [[nodes]]
    name = "D"
    kind = "fixed"
    T = "20 mK"
    [[links]]
    type = "photonic"
    from = "S"
    to = "D"
    a = [{type = "resistor", R = "5 ohm"}, {type = "mattis_bardeen", R_n = "200 ohm", Tc = "1.2 K"}]
    b = {type = "resistor", R = "5 ohm"}
    """
    dev = device_from_dict(tomllib.loads(text))
    link = dev.network.links[0]
    return ndtc_windows(link.element_a, link.element_b, GRID, T_D)


def test_cli_toml_and_python_give_the_same_window_for_the_same_device(tmp_path):
    dev = SeriesFilmCircuit(**FILM)
    (py,) = ndtc_windows(dev.source(), dev.drain(), GRID, T_D)
    (toml,) = _toml_window()
    args = ["photonic", "heat", "--circuit", "series-film", "--r-film", "200ohm", "--r-series", "5ohm"]
    args += ["--r-drain", "5 ohm", "--tc", "1.2K", "--ts", "0.8K:1.3K:41", "--td", "20mK", "--ndtc"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    cli = [float(v) * 1e-3 for v in re.findall(r"([\d.]+)–([\d.]+) mK", result.output)[0]]
    # same elements and the same bisection → identical to rounding; the CLI prints 6 significant digits (1e-6 rel)
    assert toml == pytest.approx(py, abs=1e-12)
    assert cli == pytest.approx(list(py), rel=2e-6)
    assert py[1] == pytest.approx(1.2, abs=1e-12)  # the window closes at Tc (the kink), not on a grid point
