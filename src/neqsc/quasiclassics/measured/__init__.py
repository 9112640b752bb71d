"""Measured conductance: reading, symmetry decomposition and fits (Ryan et al. 2026, Sec. IV–V, Eqs. 16–19).

SI units (V, A, S, K, eV) on the data side.  ``io`` (CSV / netCDF loaders, :func:`load_conductance`,
:func:`to_csv`), ``symmetry`` (Eqs. 16–19), ``fitting`` (Dynes, charge-imbalance and supercurrent fits),
``fitresult`` (weighted least squares with 1σ), ``workflow`` (fits over measured Datasets).  The solvers of the
model live in the sibling subpackages; this side only evaluates them.
"""

from neqsc.quasiclassics.measured.io import COLUMNS, BiasUnitWarning, load_conductance, to_csv

__all__ = ["COLUMNS", "BiasUnitWarning", "load_conductance", "to_csv"]
