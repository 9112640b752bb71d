"""The one place where the wire view calls the TDGL and phonon engines.

It describes the wire in SI units with :class:`neqsc.tdgl.Wire` (material, length, width, thickness, T; unit
strings) and runs it with ``Wire.simulate`` / ``Wire.iv_curve`` (currents in A, results with SI variables); the
phonon engine reads the material and the cross-section from the Wire's run.
:func:`script` returns the code that the view executes (with progress callbacks) and shows in its "copy as Python"
box (with ``progress_run = progress_iv = None``).
"""

from __future__ import annotations

__all__ = ["PHONON_MATERIALS", "save_every", "script"]

PHONON_MATERIALS = ("Al", "Sn", "Nb", "Ti")


def save_every(t_end: float) -> float:
    """Snapshot interval (t0) of the view's run: 0.25 t0 resolves PSC periods down to 1 t0 for the phonon spectra,
    coarser only where a long run would exceed 20 000 snapshots.

    ``t_end``: run time in t0.
    """
    return max(0.25, float(t_end) / 20000.0)


def script(v: dict) -> str:
    """Code of one PSC run (|Ψ|(x, t), V(t)), the I–V curve up and down, the phonon spectra and the energy books.

    ``v``: ``material``; ``length``, ``width``, ``thickness``, ``T``, ``current``, ``I_min``, ``I_max`` as unit
    strings (``"2 um"``, ``"1.05 K"``, ``"20 uA"``); ``delta`` (δ), ``t_end`` (t0), ``n_iv``.
    """
    return f"""\
from neqsc.phonons import electrical_power, energy_balance, phonon_spectra
from neqsc.tdgl import Wire

wire = Wire({v["material"]!r}, {v["length"]!r}, {v["width"]!r}, {v["thickness"]!r}, {v["T"]!r},
            delta={v["delta"]!r})  # δ = 2τ_εΔ0/ħ

# one run: voltage_si (t, V), coordinates time (s) and x_si (m)
run = wire.simulate({v["current"]!r}, t_end="{v["t_end"]!r} t0", save_every="{save_every(v["t_end"])!r} t0",
                    progress=progress_run)
iv = wire.iv_curve({(v["I_min"] + ":" + v["I_max"] + ":" + str(int(v["n_iv"])))!r}, direction="both", workers=1,
                   progress=progress_iv)  # "from:to:points"; current (A), voltage (V)
# the phonon engine reads the wire from the run: its material (film Tc, ρ, D), cross-section and T
spectra = phonon_spectra(run)  # dW/dω̄ (t, ω) in W
books = energy_balance(electrical_power(run), spectra)  # W
"""
