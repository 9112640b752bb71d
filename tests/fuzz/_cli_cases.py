"""The CLI under fuzzing: every command found in the app, valid base arguments for each, invalid values to inject,
corrupt input files, and the check every outcome must pass (exit 1 or 2, one line on stderr, no traceback, nothing
touched outside the output folder)."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from pathlib import Path

import numpy as np
import typer
from typer.testing import CliRunner

from neqsc.cli import app

ROOT = Path(__file__).parents[2]
RUNNER = CliRunner()
TIME_LIMIT_S = 20  # a refusal is immediate; a case still running after this was accepted (a finding)

# Values no option of any command accepts: non-numbers, non-finite numbers, malformed units, markup, empty.
INVALID = ["nan", "inf", "-inf", "abc", "", "1 K)", "1 (K", "[red]x[/red]", "1 K K", "0:1:0", ",", "1e999 K", "--"]
# Options that are not values to fuzz (flags of the boundary, output paths, progress).
SKIP_OPTIONS = {"help", "debug", "overwrite", "out", "quiet", "dry_run", "version", "list_"}

NETLIST = """
[[reservoir]]
name = "S"
nodes = ["1", "2"]
T = "370 mK"
element = {type = "resistor", R = "2.857 ohm"}

[[reservoir]]
name = "D"
nodes = ["2", "1"]
T = "30 mK"
element = {type = "resistor", R = "2.857 ohm"}
"""

CORRUPT = {
    "empty.nc": b"",
    "text.nc": b"this is not netCDF\n",
    "truncated.nc": b"\x89HDF\r\n\x1a\n" + b"\0" * 64,
    "latin1.csv": "V [uV],G [uS]\n1,2\n# µ\n".encode("latin-1"),
    "binary.toml": bytes(range(256)),
    "bad.toml": b"[[nodes]\nname = = 1\n",
    "empty.csv": b"",
}


def inputs(folder: Path) -> dict[str, Path]:
    """Valid input files for the commands that need one, written into ``folder``."""
    from neqsc import io
    from neqsc.phonons.synthetic import synthetic_psc_run

    folder.mkdir(parents=True, exist_ok=True)
    files = {"run": io.save(synthetic_psc_run(nt=201), folder / "run.nc", overwrite=True)}
    files["netlist"] = folder / "net.toml"
    files["netlist"].write_text(NETLIST)
    files["device"] = folder / "device.toml"
    files["device"].write_text((ROOT / "examples" / "thermal_dey2023.toml").read_text())
    files["csv"] = folder / "g.csv"
    v = np.linspace(-600, 600, 41)
    files["csv"].write_text("V [uV],G [uS]\n" + "".join(f"{x},{24.6 * (1 + 0.1 * np.cos(x / 100))}\n" for x in v))
    files["sweep"] = folder / "sweep.toml"
    files["sweep"].write_text(
        'model = "brownian"\nexecutor = "serial"\n[parameters]\nmass = "1e-18 kg"\nn_walkers = 100\nn_steps = 10\n'
        "[sweep]\ngamma = [1000.0]\ntemperature = [0.01]\n"
    )
    for name, content in CORRUPT.items():
        (folder / name).write_bytes(content)
    (folder / "empty.zarr").mkdir(exist_ok=True)
    return files


def base_args(path: tuple[str, ...], files: dict[str, Path], out: Path) -> list[str] | None:
    """Valid arguments that make ``path`` run quickly; None for commands this suite does not know (reported)."""
    fast_psc = ["--t-end", "2", "--length", "4"]
    table = {
        ("psc", "run"): [*fast_psc, "--quiet", "--out", str(out / "r.nc")],
        ("psc", "iv"): ["--j", "0.5,0.6", "--t-per-point", "2", "--length", "4", "--quiet", "--out", str(out / "i.nc")],
        ("psc", "spectrum"): [str(files["run"]), "--out", str(out / "s.nc")],
        ("cooler", "run"): ["--synthetic", "--out", str(out / "c.nc")],
        ("cooler", "map"): ["--synthetic", "--p", "0.5:1:2", "--out", str(out / "m.nc")],
        ("cooler", "kapitza"): ["--T", "0.1K:1K:3", "--out", str(out / "k.nc")],
        ("photonic", "heat"): ["--ts", "0.3K", "--out", str(out / "h")],
        ("photonic", "rt"): ["--t", "0.1K:1K:3", "--out", str(out / "rt")],
        ("photonic", "design"): ["--points", "20", "--out", str(out / "d")],
        ("photonic", "network"): [str(files["netlist"]), "--out", str(out / "n")],
        ("thermal", "solve"): [str(files["device"]), "--out", str(out)],
        ("nonlocal", "spectrum"): ["--out", str(out / "sp.nc")],
        ("nonlocal", "gap"): ["--vinj", "0:1:2", "--out", str(out / "g.nc")],
        ("nonlocal", "map"): ["--vinj", "0:1:2", "--vdet", "0:1:2", "--out", str(out / "mp.nc")],
        ("nonlocal", "mixing"): ["--vinj", "0:1:3", "--out", str(out / "mx.nc")],
        ("nonlocal", "fit"): [str(files["csv"]), "--out", str(out)],
        ("sweep", "run"): [str(files["sweep"]), "--store", str(out / "s.zarr"), "-q"],
        ("sweep", "status"): [str(out / "missing.zarr")],
        ("plot",): [str(files["run"]), "--out", str(out / "p")],
        ("demo",): ["--out", str(out / "demo")],
        ("reproduce",): ["--list"],
        ("materials",): [],
    }
    return table.get(path)


def commands() -> dict[tuple[str, ...], object]:
    """Every leaf command of the app, by its path of names."""
    root = typer.main.get_command(app)
    found: dict[tuple[str, ...], object] = {}

    def walk(cmd, path: tuple[str, ...]) -> None:
        if hasattr(cmd, "commands"):  # a group (typer may vendor its own click: duck typing)
            for name, sub in cmd.commands.items():
                walk(sub, (*path, name))
        else:
            found[path] = cmd

    walk(root, ())
    return found


def value_options(cmd) -> list[str]:
    """The option flags of ``cmd`` that take a value (not flags, not output/boundary options)."""
    names = []
    for param in cmd.params:
        is_option = param.param_type_name == "option"
        if is_option and not getattr(param, "is_flag", False) and param.name not in SKIP_OPTIONS:
            names.append(max(param.opts, key=len))
    return names


def variant_for(cmd, option: str) -> list[str]:
    """Extra arguments that make ``option`` matter: options documented as '[pioldi] ...' apply to that circuit."""
    for param in cmd.params:
        if option in getattr(param, "opts", ()) and (param.help or "").startswith("["):
            variant = param.help[1 : param.help.index("]")]
            if "--circuit" in [o for p in cmd.params for o in getattr(p, "opts", ())] and variant.isalpha():
                return ["--circuit", variant]
    return []


def file_arguments(cmd) -> bool:
    return any(p.param_type_name == "argument" for p in cmd.params)


@dataclasses.dataclass
class Outcome:
    args: list[str]
    exit_code: int
    stderr: str
    stdout: str
    seconds: float
    problem: str | None


class _TimedOut(BaseException):
    """Raised by the alarm: a case still running after TIME_LIMIT_S (not caught by the CLI boundary)."""


def _alarm(signum, frame):
    raise _TimedOut


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def run_case(args: list[str], sandbox: Path, out: Path, env: dict[str, str] | None = None) -> Outcome:
    """Invoke the CLI in ``sandbox`` (cwd) and judge the outcome; ``problem`` is None for a clean refusal."""
    before = {k: v for k, v in snapshot(sandbox).items() if not k.startswith(str(out))}
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT_S)
    cwd = os.getcwd()
    start = time.perf_counter()
    try:
        os.chdir(sandbox)
        result = RUNNER.invoke(app, args, env={"NEQSC_MEMORY_BUDGET": "1 GB", **(env or {})})
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(cwd)
    seconds = time.perf_counter() - start
    after = {k: v for k, v in snapshot(sandbox).items() if not k.startswith(str(out))}
    stderr = result.stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    problem = None
    if isinstance(result.exception, _TimedOut):
        problem = f"still running after {TIME_LIMIT_S} s (accepted?)"
    elif result.exit_code not in (1, 2):
        problem = f"exit code {result.exit_code}"
    elif "Traceback" in result.output or (result.exception and not isinstance(result.exception, SystemExit)):
        problem = "traceback"
    elif after != before:
        problem = "touched files outside the output folder: " + ", ".join(sorted(set(after) ^ set(before)))[:200]
    elif not lines:
        problem = "no message on stderr"
    elif lines[-1].startswith("error:"):
        if len(lines) != 1 and not all(line.startswith("warning:") for line in lines[:-1]):
            problem = f"{len(lines)} lines on stderr"
    elif not any("Error" in line or "Invalid value" in line or "No such option" in line for line in lines):
        problem = "stderr does not end with an error line"  # click usage errors: a boxed 'Error' message
    return Outcome(args, result.exit_code, stderr, result.stdout, seconds, problem)
