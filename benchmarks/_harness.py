"""Shared helpers for benchmarks: timing, peak memory, machine facts, JSON output."""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def best_time(func: Callable[[], Any], repeat: int = 3, number: int = 1) -> float:
    """Best wall time in seconds of ``number`` calls, over ``repeat`` repetitions."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux ru_maxrss is in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def machine_info() -> dict[str, Any]:
    import numpy

    import neqsc

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "numpy": numpy.__version__,
        "neqsc": neqsc.__version__,
        "date_utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }


def write_result(name: str, figures: dict[str, Any]) -> Path:
    """Write ``results/<name>.json`` with the figures and the machine info; return the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "figures": figures, "machine": machine_info()}
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return path
