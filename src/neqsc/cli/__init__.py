"""The ``neqsc`` command line (typer).

The root app holds the core commands (``--version``, ``info``, ``materials``, ``demo``, ``reproduce``, ``plot``).
Each engine adds its own sub-commands in a module ``neqsc/cli/<engine>.py`` exposing ``register(app)``; every
module of this package is imported and registered here, so engines never edit this file.
"""

from __future__ import annotations

import importlib
import pkgutil

from neqsc.cli.core import app


def _register_engines() -> None:
    for module in pkgutil.iter_modules(__path__):
        if module.name == "core" or module.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{module.name}")
        if hasattr(mod, "register"):
            mod.register(app)


_register_engines()


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
