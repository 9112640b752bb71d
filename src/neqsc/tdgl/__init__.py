"""1D generalized time-dependent Ginzburg–Landau model of phase-slip centres (paper Appendix A).

Public API: :func:`simulate` (one run → Dataset), :func:`iv_curve` (I–V curves with continuation),
:class:`TDGLParameters`, :class:`Numerics`, :class:`State`, constants :data:`U_DEFAULT`, :data:`J_DEPAIRING`.
"""

from neqsc.tdgl.params import J_DEPAIRING, U_DEFAULT, Numerics, TDGLParameters
from neqsc.tdgl.simulate import State, run, simulate

__all__ = ["J_DEPAIRING", "U_DEFAULT", "Numerics", "State", "TDGLParameters", "run", "simulate"]
