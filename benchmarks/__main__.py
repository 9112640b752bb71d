"""Run benchmarks: ``python -m benchmarks`` (all) or ``python -m benchmarks gap photonic`` (by name).

Each benchmark runs in a fresh subprocess so that its peak RSS is its own.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent


def _names() -> list[str]:
    return sorted(m.name[len("bench_") :] for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))


def _run_one(name: str) -> None:
    from benchmarks._harness import write_result

    module = importlib.import_module(f"benchmarks.bench_{name}")
    figures = module.run()
    write_result(name, figures)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        _run_one(argv[1])
        return 0
    names = argv or _names()
    unknown = set(names) - set(_names())
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; available: {', '.join(_names())}")
        return 2
    console = Console()
    table = Table(title="neqsc benchmarks")
    table.add_column("benchmark")
    table.add_column("figure")
    table.add_column("value")
    status = 0
    for name in names:
        console.print(f"running {name} ...")
        proc = subprocess.run([sys.executable, "-m", "benchmarks", "--one", name], cwd=HERE.parent, check=False)
        if proc.returncode != 0:
            table.add_row(name, "FAILED", f"exit {proc.returncode}")
            status = 1
            continue
        figures = json.loads((HERE / "results" / f"{name}.json").read_text())["figures"]
        for key, value in figures.items():
            table.add_row(name, key, f"{value:.4g}" if isinstance(value, float) else str(value))
    console.print(table)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
