"""1D generalized time-dependent Ginzburg–Landau model of phase-slip centres (paper Appendix A).

Public API: :func:`simulate` (one run → Dataset), :func:`iv_curve` (I–V curves with continuation),
:class:`TDGLParameters`, :class:`Numerics`, :class:`State`, constants :data:`U_DEFAULT`, :data:`J_DEPAIRING`.
"""

from neqsc.tdgl.critical import retrapping_current, switching_current
from neqsc.tdgl.iv import hysteresis_report, iv_curve
from neqsc.tdgl.params import J_DEPAIRING, U_DEFAULT, Numerics, TDGLParameters
from neqsc.tdgl.simulate import State, run, simulate

__all__ = [
    "J_DEPAIRING",
    "U_DEFAULT",
    "Numerics",
    "State",
    "TDGLParameters",
    "hysteresis_report",
    "iv_curve",
    "retrapping_current",
    "run",
    "simulate",
    "switching_current",
]
