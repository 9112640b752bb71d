"""Fuzzing the command line: every command, every value option, invalid values and corrupt files.

Each case must end in a clean refusal: exit code 2 (bad input) or 1 (failed computation), one ``error:`` line on
stderr (or click's usage error for a value of the wrong type), no traceback, and no file outside the output folder
created or changed. Hypothesis draws the cases (derandomised in CI); the exhaustive product is a slow test that
prints its counts.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz._cli_cases import (
    CORRUPT,
    INVALID,
    base_args,
    commands,
    file_arguments,
    inputs,
    run_case,
    value_options,
    variant_for,
)

COMMANDS = commands()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    files = inputs(root / "inputs")
    return root, files


_COUNTER = itertools.count()


def _fresh(out: Path) -> Path:
    """A new output folder for each case: an accepted value must not hide behind 'file exists' refusals."""
    return out / f"case{next(_COUNTER)}"


def _option_cases(files, out):
    for path, cmd in sorted(COMMANDS.items()):
        if base_args(path, files, out) is None:
            continue
        for option in value_options(cmd):
            for value in INVALID:
                yield [*path, *base_args(path, files, _fresh(out)), *variant_for(cmd, option), option, value]


def _file_cases(files, out, root):
    for path, cmd in sorted(COMMANDS.items()):
        base = base_args(path, files, out)
        if not base or not file_arguments(cmd) or not str(base[0]).startswith(str(root)):
            continue
        for name in [*CORRUPT, "empty.zarr", "does-not-exist.nc"]:
            yield [*path, str(root / "inputs" / name), *base_args(path, files, _fresh(out))[1:]]


def test_every_command_is_covered():
    """A command added without base arguments here is not fuzzed: list it so that it is added."""
    unknown = sorted(" ".join(p) for p in COMMANDS if base_args(p, _Any(), _Any()) is None)
    # `explore` starts a server that runs until stopped: its input handling is tested in a browser (tests/explore)
    assert unknown == ["explore", "info", "sweep models"], f"add base arguments for: {unknown}"


class _Any(dict):
    def __getitem__(self, key):
        return "x"

    def __truediv__(self, other):
        return "x"


ISSUE_CASES = [
    ["plot", "{inputs}/empty.nc"],
    ["plot", "{inputs}/truncated.nc"],
    ["plot", "{inputs}/text.nc"],
    ["plot", "{inputs}/empty.zarr"],
    ["psc", "spectrum", "{inputs}/empty.nc"],
    ["psc", "spectrum", "{inputs}/empty.zarr"],
    ["photonic", "heat", "--ts", "1 K)", "--out", "{out}/h"],
    ["photonic", "heat", "--ts", "1 (K", "--out", "{out}/h"],
    ["cooler", "map", "--synthetic", "--stacks", "PMMA", "--out", "{out}/m.nc"],
    ["cooler", "kapitza", "--pairs", "Al", "--out", "{out}/k.nc"],
    ["nonlocal", "mixing", "--i0", "0uA", "--out", "{out}/x.nc"],
    ["nonlocal", "spectrum", "--zeta", "-1", "--out", "{out}/x.nc"],
    ["nonlocal", "map", "--vinj", "-1:1:3", "--out", "{out}/x.nc"],
    ["psc", "iv", "--j", "0.2,0.2", "--out", "{out}/x.nc", "--quiet"],
    ["psc", "iv", "--j", "0:1:1000000000", "--out", "{out}/x.nc", "--quiet"],
    ["psc", "run", "--length", "1e9", "--out", "{out}/x.nc", "--quiet"],
    ["psc", "spectrum", "{inputs}/run.nc", "--n-omega", "100000000", "--out", "{out}/x.nc"],
    ["cooler", "run", "--synthetic", "--t-b", "1uK", "--out", "{out}/x.nc"],
    ["photonic", "heat", "--ts", "0.1K:1K:10000", "--td", "0.01K:0.09K:10000", "--out", "{out}/h"],
    ["nonlocal", "fit", "{inputs}/latin1.csv", "--out", "{out}"],
    ["thermal", "solve", "{inputs}/bad.toml", "--out", "{out}"],
    ["thermal", "solve", "{inputs}/binary.toml", "--out", "{out}"],
    ["sweep", "status", "{inputs}/empty.zarr"],
]


@pytest.mark.parametrize("case", ISSUE_CASES, ids=lambda c: " ".join(c[:3]))
def test_cases_from_the_hostile_test(sandbox, case):
    root, _files = sandbox
    out = root / "out"
    args = [a.format(inputs=root / "inputs", out=_fresh(out)) for a in case]
    outcome = run_case(args, root, out)
    assert outcome.problem is None, f"{args}: {outcome.problem}\n{outcome.stderr}{outcome.stdout[-500:]}"
    assert outcome.seconds < 5  # refused at once (the memory guards: well under 1 s of work after start-up)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_invalid_option_values_are_refused_cleanly(sandbox, data):
    root, files = sandbox
    out = root / "out"
    known = sorted(p for p in COMMANDS if base_args(p, files, out) is not None and value_options(COMMANDS[p]))
    path = data.draw(st.sampled_from(known), label="command")
    option = data.draw(st.sampled_from(value_options(COMMANDS[path])), label="option")
    value = data.draw(st.sampled_from(INVALID) | st.text(max_size=12).map(lambda t: t + " K)"), label="value")
    case_out = _fresh(out)
    args = [*path, *base_args(path, files, case_out), *variant_for(COMMANDS[path], option), option, value]
    outcome = run_case(args, root, out)
    assert outcome.problem is None, f"{args}: {outcome.problem}\n{outcome.stderr}"


@pytest.mark.slow
def test_exhaustive_option_and_file_fuzz(sandbox, capsys):
    """Every command × value option × invalid value, and every file argument × corrupt file: count the clean ones."""
    root, files = sandbox
    out = root / "out"
    cases = list(_option_cases(files, out)) + list(_file_cases(files, out, root))
    problems = []
    for args in cases:
        outcome = run_case(args, root, out)
        if outcome.problem:
            problems.append(f"{' '.join(args)} → {outcome.problem}: {outcome.stderr.strip()[:160]}")
    with capsys.disabled():
        print(f"\nCLI fuzz: {len(cases)} cases, {len(cases) - len(problems)} clean")
        for line in problems[:40]:
            print("  " + line)
    assert not problems


_ = itertools  # (kept for local experiments with product orders)
