"""1D generalized time-dependent Ginzburg–Landau model of phase-slip centres (paper Appendix A).

Public API: :class:`Wire` (a wire in SI units: material, geometry, temperature → scales, SI runs and I–V curves),
:func:`simulate` (one run → Dataset, reduced units), :func:`iv_curve` (I–V curves with continuation),
:func:`reduced_units` (the SI scales ξ, t0, V0, j0, Δ0 at T, shared with the phonon engine), :class:`TDGLParameters`,
:class:`Numerics`, :class:`State`, :class:`UnresolvedCoreWarning`, constants :data:`U_DEFAULT`, :data:`J_DEPAIRING`.
"""

from neqsc.tdgl.critical import retrapping_current, switching_current
from neqsc.tdgl.iv import hysteresis_report, iv_curve
from neqsc.tdgl.params import J_DEPAIRING, U_DEFAULT, Numerics, TDGLParameters, UnresolvedCoreWarning
from neqsc.tdgl.simulate import State, run, simulate
from neqsc.tdgl.wire import Wire, reduced_units

__all__ = [
    "J_DEPAIRING",
    "U_DEFAULT",
    "Numerics",
    "State",
    "TDGLParameters",
    "UnresolvedCoreWarning",
    "Wire",
    "hysteresis_report",
    "iv_curve",
    "reduced_units",
    "retrapping_current",
    "run",
    "simulate",
    "switching_current",
]
