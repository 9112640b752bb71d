"""The ``neqsc`` command line (typer).

The root app holds the core commands (``--version``, ``info``, ``materials``, ``demo``, ``reproduce``, ``plot``).
Each engine adds its commands in a module ``neqsc/cli/<engine>.py``: either to a shared group of
:mod:`neqsc.cli._groups` (``psc``, ``cooler``, ``photonic``, ``thermal``, ``nonlocal``, ``sweep``) by decorating it,
or through a ``register(app)`` function. Every module of this package is imported here, so engines never edit
this file.
"""

from __future__ import annotations

import importlib
import pkgutil

from neqsc.cli.core import app


def _register_engines() -> None:
    from neqsc.cli._groups import GROUPS

    for module in pkgutil.iter_modules(__path__):
        if module.name == "core" or module.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{module.name}")
        if hasattr(mod, "register"):
            mod.register(app)
    for name, group in GROUPS.items():
        if group.registered_commands or group.registered_groups:
            app.add_typer(group, name=name)


_register_engines()


def main() -> None:
    """Console-script entry point (a last error boundary: one line, no traceback, unless ``NEQSC_DEBUG=1``)."""
    import os

    from neqsc.cli._common import report_error

    try:
        app()
    except Exception as exc:  # commands have their own boundary; this catches failures outside them
        raise SystemExit(report_error(exc, debug=os.environ.get("NEQSC_DEBUG", "") not in ("", "0"))) from None


__all__ = ["app", "main"]
