"""Resource budgets: refuse a grid or a worker pool that would not fit, before allocating anything.

Every large array or pool in neqsc is sized from user input (a grid length, a number of points, a temperature that
sets an energy range). :func:`check_allocation` compares an estimate of the bytes a step will allocate with a budget
and raises :class:`ResourceLimit` (an :class:`~neqsc.errors.InvalidParameter`) naming the parameter, the estimate and
the budget, so an impossible request fails at once instead of swapping the machine to death.

Budget: by default half of the memory available now (``psutil.virtual_memory().available``). Set the environment
variable ``NEQSC_MEMORY_BUDGET`` to a size (``"8 GB"``, ``"500MiB"``, a number of bytes) or to a fraction of the
available memory (``"0.8"``) to change it; ``"none"`` switches the check off.

Worker counts are capped by the CPUs this process may use (:func:`cap_workers`) unless ``force=True`` or
``NEQSC_FORCE_WORKERS=1``.
"""

from __future__ import annotations

import os
import re
import warnings

from neqsc.errors import InvalidParameter

DEFAULT_FRACTION = 0.5
ENV_BUDGET = "NEQSC_MEMORY_BUDGET"
ENV_FORCE_WORKERS = "NEQSC_FORCE_WORKERS"
_UNITS = {"": 1, "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "KIB": 2**10, "MIB": 2**20, "GIB": 2**30}
_UNITS["TIB"] = 2**40


class WorkerCapWarning(UserWarning):
    """More workers were asked for than there are CPUs; the count was capped (shown by default, unlike
    ``ResourceWarning``)."""


class ResourceLimit(InvalidParameter):
    """A request whose estimated memory (or process count) exceeds the budget; nothing was allocated."""


def available_memory() -> int:
    """Bytes of memory available to new allocations now (psutil; /proc/meminfo as a fallback)."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except Exception:  # pragma: no cover - psutil is a dependency; this keeps the guard usable without it
        try:
            with open("/proc/meminfo") as handle:
                for line in handle:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
    return 8 * 2**30


def memory_budget() -> tuple[float, str]:
    """The budget in bytes and how it was set (for messages); ``inf`` when switched off."""
    text = os.environ.get(ENV_BUDGET, "").strip()
    if not text:
        return DEFAULT_FRACTION * available_memory(), f"{DEFAULT_FRACTION:.0%} of the available memory"
    if text.lower() in ("none", "off", "inf"):
        return float("inf"), f"{ENV_BUDGET}={text}"
    match = re.fullmatch(r"([0-9.eE+-]+)\s*([A-Za-z]*)", text)
    try:
        value = float(match.group(1)) if match else float("nan")
        unit = _UNITS[match.group(2).upper()] if match else None
    except (ValueError, KeyError):
        value, unit = float("nan"), None
    if unit is None or not value > 0:
        allowed = "a size such as '8 GB', '500 MiB', bytes, a fraction in (0, 1], or none"
        raise InvalidParameter(ENV_BUDGET, text, allowed)
    if not match.group(2) and value <= 1:
        return value * available_memory(), f"{value:.0%} of the available memory ({ENV_BUDGET})"
    return value * unit, f"{ENV_BUDGET}={text}"


def format_bytes(n: float) -> str:
    """``1.5e9`` → ``'1.5 GB'``."""
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n:.0f} B"


def check_allocation(name: str, n_bytes: float, value: object = None, what: str = "") -> float:
    """Raise :class:`ResourceLimit` if an allocation of about ``n_bytes`` exceeds the memory budget.

    Parameters
    ----------
    name:
        The parameter that sets the size, as the user spelled it (``"--length"``, ``"grid"``).
    n_bytes:
        Estimated bytes the step will allocate (a float: products of sizes may exceed int64). NaN counts as too big.
    value:
        The offending value, for the message.
    what:
        What would be allocated (``"the TDGL grid"``), for the message.

    Returns
    -------
    float
        ``n_bytes``, so the call can wrap an expression.
    """
    n_bytes = float(n_bytes)
    budget, source = memory_budget()
    if not n_bytes <= budget:  # NaN or too big
        estimate = "an unbounded amount" if n_bytes != n_bytes or n_bytes == float("inf") else format_bytes(n_bytes)
        raise ResourceLimit(
            name,
            value,
            f"a value for which {what or 'the computation'} fits in memory",
            hint=f"it would need about {estimate}, more than the budget of {format_bytes(budget)} ({source}; "
            f"set {ENV_BUDGET} to change it)",
        )
    return n_bytes


ENV_TIME = "NEQSC_TIME_BUDGET"
DEFAULT_TIME_S = 600.0


def check_work(name: str, seconds: float, value: object = None, what: str = "") -> float:
    """Raise :class:`ResourceLimit` if a step is estimated to take longer than the time budget.

    ``seconds`` is a deliberately rough estimate (operation count over a conservative 10⁹ operations per second);
    the budget, 600 s by default, is set with ``NEQSC_TIME_BUDGET`` (seconds, or ``none``). Meant for grids whose
    size explodes in a corner of parameter space, not as a precise run-time prediction.
    """
    text = os.environ.get(ENV_TIME, "").strip()
    if text.lower() in ("none", "off", "inf"):
        return float(seconds)
    try:
        budget = float(text) if text else DEFAULT_TIME_S
    except ValueError:
        raise InvalidParameter(ENV_TIME, text, "a number of seconds, or none") from None
    if not float(seconds) <= budget:
        raise ResourceLimit(
            name,
            value,
            f"a value for which {what or 'the computation'} finishes in reasonable time",
            hint=f"it would take about {float(seconds):.3g} s, more than the budget of {budget:g} s (set {ENV_TIME} "
            "to change it)",
        )
    return float(seconds)


def check_points(name: str, n_points: float, value: object = None, bytes_per_point: float = 8.0, what: str = "") -> int:
    """:func:`check_allocation` for ``n_points`` points of ``bytes_per_point`` each; returns ``int(n_points)``."""
    check_allocation(name, float(n_points) * float(bytes_per_point), value, what)
    return int(n_points)


def cpu_count() -> int:
    """CPUs this process may use (affinity-aware)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS / Windows
        return os.cpu_count() or 1


def cap_workers(name: str, workers: int, force: bool = False) -> int:
    """``workers`` capped at the CPU count (with a warning) unless ``force`` or ``NEQSC_FORCE_WORKERS=1``."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InvalidParameter(name, workers, "an integer >= 1")
    force = force or os.environ.get(ENV_FORCE_WORKERS, "").strip() not in ("", "0")
    cpus = cpu_count()
    if workers > cpus and not force:
        warnings.warn(
            f"{name} = {workers} exceeds the {cpus} CPUs available; using {cpus} (set {ENV_FORCE_WORKERS}=1 to force)",
            WorkerCapWarning,
            stacklevel=2,
        )
        return cpus
    return workers
