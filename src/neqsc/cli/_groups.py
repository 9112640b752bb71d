"""Command groups shared by several engines.

Two engines may add commands to the same group (``neqsc psc run`` comes from ``tdgl``, ``neqsc psc spectrum`` from
``phonons``), so the groups are defined here and each engine module decorates them::

    from neqsc.cli._groups import psc_app

    @psc_app.command("spectrum")
    def spectrum(...): ...

A group is added to the root app only if some engine gave it a command.
"""

from __future__ import annotations

import typer


def _group(help_text: str) -> typer.Typer:
    return typer.Typer(
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain help: bracketed text such as "[film]" must not be eaten as markup
    )


GROUPS: dict[str, typer.Typer] = {
    "psc": _group("Phase-slip centres in 1D wires (generalized TDGL): run, I–V curves, phonon spectra."),
    "cooler": _group("The phase-slip-centre cryocooler: cooling power, net-cooling criterion, T_cold."),
    "photonic": _group("Photon-mediated heat transport between reservoirs."),
    "thermal": _group("Heat-balance networks: steady states, continuation, responsivity."),
    "nonlocal": _group("Quasiclassical nonlocal NIS spectroscopy: spectra, conductances, fits."),
    "sweep": _group("Parameter sweeps over any model, locally or on a Dask cluster."),
}

psc_app = GROUPS["psc"]
cooler_app = GROUPS["cooler"]
photonic_app = GROUPS["photonic"]
thermal_app = GROUPS["thermal"]
nonlocal_app = GROUPS["nonlocal"]
sweep_app = GROUPS["sweep"]
