"""Fuzzing the file readers: TOML (thermal device, sweep file, photonic netlist) and CSV (measured conductance).

A mutated file either loads or raises :class:`InvalidParameter` — never another exception. Unknown tables and keys
are refused with the nearest valid name.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neqsc.errors import InvalidParameter
from tests.fuzz._cli_cases import NETLIST, ROOT

DEVICE = tomllib.loads((ROOT / "examples" / "thermal_dey2023.toml").read_text())
SWEEP = tomllib.loads((ROOT / "examples" / "sweep_brownian.toml").read_text())
NET = tomllib.loads(NETLIST)
WRONG = st.sampled_from(
    ["abc", "", "1 K)", "1 (K", "-1 K", "nan", "inf K", "[x]", -1.0, 0, 1e308, True, [], {}, [1, "a"]]
)


def _paths(data, prefix=()):
    """Every (path, value) leaf of a nested dict/list."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))
    else:
        yield prefix, data


def _mutated(data, path, value):
    out = copy.deepcopy(data)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


def _thermal(data):
    from neqsc.thermal.device import device_from_dict

    return device_from_dict(data)


def _sweep(data):
    from neqsc.sweep.config import parse_config

    return parse_config(data)


def _netlist(data):
    from neqsc.photonic.netlist import network_from_spec

    return network_from_spec(data)


READERS = [(_thermal, DEVICE), (_sweep, SWEEP), (_netlist, NET)]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_wrong_value_anywhere_loads_or_is_an_invalid_parameter(data):
    reader, base = data.draw(st.sampled_from(READERS), label="reader")
    path, _ = data.draw(st.sampled_from(list(_paths(base))), label="key")
    value = data.draw(WRONG, label="value")
    try:
        reader(_mutated(base, path, value))
    except InvalidParameter:
        pass


@pytest.mark.parametrize(
    ("reader", "base", "typo", "nearest"),
    [
        (_thermal, DEVICE, ("sweeep",), "sweep"),
        (_thermal, DEVICE, ("links", 0, "materail"), "material"),
        (_thermal, DEVICE, ("device", "nmae"), "name"),
        (_sweep, SWEEP, ("seeed",), "seed"),
    ],
)
def test_typos_are_refused_with_the_nearest_name(reader, base, typo, nearest):
    with pytest.raises(InvalidParameter, match=nearest):
        reader(_mutated(base, typo, "1"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_csv_reader_never_raises_anything_but_invalid_parameter(tmp_path, content):
    from neqsc.quasiclassics.measured import load_conductance

    path = Path(tmp_path) / "data.csv"
    path.write_bytes(b"V [uV],G [uS]\n" + content)
    try:
        load_conductance(path)
    except InvalidParameter:
        pass
