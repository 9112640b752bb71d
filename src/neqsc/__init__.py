"""neqsc — simulation of nonequilibrium superconducting devices.

Areas (each a subpackage, see ``docs/``):

* ``neqsc.tdgl`` — phase-slip centres in current-biased 1D wires (generalized TDGL);
* ``neqsc.phonons`` — PSC phonon emission and the PSC cryocooler;
* ``neqsc.photonic`` / ``neqsc.thermal`` — photon-mediated heat transport and heat balance;
* ``neqsc.quasiclassics`` — Usadel spectra and kinetic equations for nonlocal NIS spectroscopy.

The core (``constants``, ``units``, ``bcs``, ``materials``, ``errors``, ``io``) is shared by all of them.
Public functions take SI values (K, J, Ω, W, s, rad/s, A, V) unless a docstring says otherwise.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("neqsc")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

from neqsc.errors import ConvergenceError, InvalidParameter, NeqscError

__all__ = ["ConvergenceError", "InvalidParameter", "NeqscError", "__version__"]
