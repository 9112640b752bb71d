"""Index layout of the parameter vectors and snapshot columns passed to the Numba kernels."""

# indices into the float parameter vector
P_H, P_U, P_DELTA, P_C1, P_C2, P_EPS2, P_J, P_JRATE, P_RTOL, P_ATOL, P_DTMAX, P_DTMIN, P_NOISE = range(13)
# indices into the int parameter vector
I_N, I_MODE, I_BC, I_ADAPTIVE, I_MAXSTEPS, I_STOP_ON_SLIP, I_ROTATION, I_METHOD, I_ORDER = range(9)
N_IPAR = 9
BC_BANKS, BC_NORMAL, BC_PINNED = 0, 1, 2
# scalar snapshot columns
S_V, S_VINT, S_THL, S_THR, S_DT, S_J = range(6)
N_SCALARS = 6
