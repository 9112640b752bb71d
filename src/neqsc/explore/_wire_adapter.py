"""The one place where the wire view calls the TDGL and phonon engines.

It uses the reduced :mod:`neqsc.tdgl` API (current in j0, length in ξ(T), time in t0, η = 1 − T/Tc); the phonon
engine takes the material and the cross-section S = width × thickness in m². When an SI wire description
(material, length, width, thickness, T, current in SI units) exists in :mod:`neqsc.tdgl`, only :func:`script` changes.
:func:`script` returns the code that the view executes (with progress callbacks) and shows in its "copy as Python"
box (with ``progress_run = progress_iv = None``).
"""

from __future__ import annotations

__all__ = ["PHONON_MATERIALS", "script"]

PHONON_MATERIALS = ("Al", "Sn", "Nb", "Ti")


def script(v: dict) -> str:
    """Code of one PSC run (|Ψ|(x, t), V(t)), the I–V curve up and down, the phonon spectra and the energy books.

    ``v``: ``material``, ``width`` and ``thickness`` (nm), ``length`` (ξ), ``eta`` (1 − T/Tc), ``delta`` (δ),
    ``j`` (j0), ``t_end`` (t0), ``j_min``, ``j_max`` (j0), ``n_iv``.
    """
    return f"""\
import numpy as np
from neqsc.phonons import electrical_power, energy_balance, phonon_spectra
from neqsc.tdgl import iv_curve, simulate

material = {v["material"]!r}
S = {v["width"]!r}e-9 * {v["thickness"]!r}e-9  # m², wire cross-section (width × thickness)
model = dict(length={v["length"]!r}, delta={v["delta"]!r}, eta={v["eta"]!r})  # L in ξ(T), δ, η = 1 − T/Tc

run = simulate({v["j"]!r}, t_end={v["t_end"]!r}, progress=progress_run, **model)  # j in j0, t in t0
iv = iv_curve(np.linspace({v["j_min"]!r}, {v["j_max"]!r}, {int(v["n_iv"])!r}), direction="both", workers=1,
              progress=progress_iv, **model)
spectra = phonon_spectra(run, material, cross_section=S)  # dW/dω̄ (t, ω) in W
books = energy_balance(electrical_power(run, material, cross_section=S), spectra)  # W
"""
