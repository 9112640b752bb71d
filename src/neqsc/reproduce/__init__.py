"""Registry of paper-figure recipes: ``neqsc reproduce NAME``.

A recipe is a function ``recipe(out: Path) -> RecipeResult`` registered with :func:`recipe`. It computes with the
physics subpackages, writes PNG + netCDF into ``out`` and returns the files and the key numbers the CLI prints.
Recipes live in modules of this package (``neqsc/reproduce/<engine>.py``); they are discovered by importing every
module here, so adding a recipe needs no edit elsewhere.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

from neqsc.errors import InvalidParameter


@dataclasses.dataclass
class RecipeResult:
    """What a recipe produced: written files and the key numbers (name → value or text).

    ``files``: the paths written; ``numbers``: key results by name (each name or the recipe's documentation states
    its unit; no units are implied here).
    """

    files: list[Path] = dataclasses.field(default_factory=list)
    numbers: dict[str, float | str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Recipe:
    name: str
    description: str
    func: Callable[[Path], RecipeResult]
    paper: str = ""


_REGISTRY: dict[str, Recipe] = {}


def recipe(name: str, description: str, paper: str = "") -> Callable:
    """Decorator registering ``func(out: Path) -> RecipeResult`` under ``name``.

    ``name``: the recipe's name on the command line; ``description``: a one-line description; ``paper``: the
    reproduced publication (authors, journal, year). Text arguments only, no units.
    """

    def decorate(func: Callable[[Path], RecipeResult]) -> Callable[[Path], RecipeResult]:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise RuntimeError(f"reproduction recipe {name!r} registered twice")
        _REGISTRY[name] = Recipe(name, description, func, paper)
        return func

    return decorate


def available() -> dict[str, Recipe]:
    """All registered recipes, by name (imports every module of this package first)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(_REGISTRY.items()))


def run(name: str, out: str | Path) -> RecipeResult:
    """Run recipe ``name`` writing into folder ``out`` (created if missing); no units."""
    recipes = available()
    if name not in recipes:
        raise InvalidParameter("NAME", name, "one of " + (", ".join(recipes) or "(none registered yet)"))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return recipes[name].func(out)
