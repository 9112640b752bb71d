"""TOML sweep files and the model registry: units to SI, ranges, and clear refusals of bad files."""

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.sweep.config import load_config, parse_config
from neqsc.sweep.models import available, get_model

BASE = {"model": "brownian", "parameters": {"mass": "2e-18 kg", "n_walkers": 100}, "sweep": {"gamma": [1e3]}}


def _config(**changes):
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    data.update(changes)
    return data


def test_unit_strings_become_si_values():
    cfg = parse_config(_config(sweep={"temperature": ["50 mK", "0.2 K", 0.3], "gamma": "1 kHz:3 kHz:3"}))
    np.testing.assert_allclose(cfg.grid["temperature"], [0.05, 0.2, 0.3], rtol=1e-15)
    np.testing.assert_allclose(cfg.grid["gamma"], [1e3, 2e3, 3e3], rtol=1e-15)
    assert cfg.fixed == {"mass": pytest.approx(2e-18, rel=1e-15), "n_walkers": 100}
    assert cfg.units == {"temperature": "K", "gamma": "1/s"}


def test_point_lists_are_read_from_points_tables():
    data = {k: v for k, v in _config().items() if k != "sweep"}
    cfg = parse_config(data | {"points": [{"gamma": "1 kHz", "temperature": "10 mK"}]})
    assert cfg.grid == [{"gamma": pytest.approx(1e3), "temperature": pytest.approx(0.01)}]


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (_config(model="nope"), "one of"),
        (_config(parameters={"mass": "1 kg", "colour": "red"}), "colour"),
        (_config(sweep={"gamma": [1e3], "bogus": [1]}), "bogus"),
        (_config(sweep={"gamma": [1e3], "temperature": ["5 m"]}), "dimension of K"),
        (_config(sweep={"gamma": "1:2"}), "start:stop:num"),
        (_config(sweep={"gamma": [1e3], "temperature": [0.1], "mass": [1e-18]}), "either fixed or swept"),
        (_config(), "temperature"),  # a required parameter given nowhere
        (_config(extra=1), "top-level keys"),
        ({"sweep": {"gamma": [1.0]}}, "model name"),
    ],
)
def test_bad_files_raise_invalid_parameter_naming_the_problem(data, match):
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(InvalidParameter, match=match):
        parse_config(data)


@pytest.mark.parametrize("name", ["psc", "photonic", "thermal", "nonlocal", "cooler"])
def test_models_of_engines_not_merged_yet_say_so(name):
    if name in available():
        pytest.skip(f"{name} is available")
    with pytest.raises(InvalidParameter, match="not available yet"):
        get_model(name)


def test_a_model_whose_engine_is_absent_or_has_no_adapter_is_refused_clearly():
    from neqsc.sweep import models

    @models.register_model("needs_absent_engine", units={"x": None}, description="t", requires=("neqsc.no_such",))
    def needs_absent_engine(x):
        return {"x": x}

    models.register_stub("stub_model", "a model without adapter", "waiting for its engine")
    try:
        with pytest.raises(InvalidParameter, match=r"not available yet \(neqsc.no_such not part"):
            get_model("needs_absent_engine")
        with pytest.raises(InvalidParameter, match="waiting for its engine"):
            parse_config({"model": "stub_model", "sweep": {"x": [1]}})
        assert "needs_absent_engine" not in available()
    finally:
        models._MODELS.pop("needs_absent_engine")
        models._MODELS.pop("stub_model")


def test_example_file_parses(tmp_path):
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "sweep_brownian.toml"
    cfg = load_config(example)
    assert cfg.model.name == "brownian" and cfg.grid["gamma"].size == 4 and cfg.seed == 7


def test_malformed_toml_is_a_clean_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("model = ")
    with pytest.raises(InvalidParameter, match="valid TOML"):
        load_config(bad)
