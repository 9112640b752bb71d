"""Sections of ``neqsc demo``: a quick (≤ 30 s) run of every implemented area on built-in defaults.

A section is ``section(out: Path) -> DemoResult`` registered with :func:`demo_section`; modules of this package
are imported on discovery, so each engine adds its own ``neqsc/demos/<engine>.py`` without touching the CLI.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path


@dataclasses.dataclass
class DemoResult:
    """Files written and summary rows ``(quantity, value, note)`` for the demo table."""

    files: list[Path] = dataclasses.field(default_factory=list)
    rows: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class DemoSection:
    name: str
    title: str
    order: int
    func: Callable[[Path], DemoResult]


_SECTIONS: dict[str, DemoSection] = {}


def demo_section(name: str, title: str, order: int = 50) -> Callable:
    """Register ``func(out: Path) -> DemoResult`` as a demo section (lower ``order`` runs first)."""

    def decorate(func: Callable[[Path], DemoResult]) -> Callable[[Path], DemoResult]:
        _SECTIONS[name] = DemoSection(name, title, order, func)
        return func

    return decorate


def sections() -> list[DemoSection]:
    """All demo sections in running order."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name))
