"""Slow / optional: the psc-fig1 reproduction, and the cross-check against pyTDGL (``pip install tdgl``)."""

from __future__ import annotations

import math

import numpy as np
import pytest


@pytest.mark.slow
def test_psc_fig1_reproduction_has_unit_switching_current_and_single_central_slip(tmp_path):
    from neqsc.reproduce import run

    res = run("psc-fig1", tmp_path)
    n = res.numbers
    assert abs(n["J0 at chosen L (j0)"] - 1.0) < 0.03  # L chosen by interpolation of J0(L) to J0 = 1
    assert n["<V> * period / 2pi"] == pytest.approx(1.0, abs=1e-3)
    assert n["min |Psi(0)| after transient"] < 0.01  # |Ψ(0)| touches zero once per period (Fig. 1b)
    assert n["fraction of period with d|Psi(0)|/dt < 0"] > 0.5  # ∂τ|Ψ| < 0 most of the period (Fig. 2a)
    assert n["slip positions (unique, xi)"] == "0"


@pytest.mark.slow
@pytest.mark.optional
def test_probe_voltage_agrees_with_pytdgl_on_narrow_strip():
    pytest.importorskip("tdgl")
    from benchmarks.bench_tdgl_pytdgl import _neqsc_point, _pytdgl_point

    v_n, _ = _neqsc_point(0.5, 200.0)
    v_p, _ = _pytdgl_point(0.5, 200.0)
    # resistive state (τ ∈ [100, 200]): 1D wire vs 30ξ×1ξ strip on a 0.5ξ mesh agree to 0.03 % (MEASURED); 2 % allows
    # for platform differences in the transient
    assert v_n == pytest.approx(v_p, rel=0.02)
    v_n, _ = _neqsc_point(0.3, 200.0)
    v_p, _ = _pytdgl_point(0.3, 200.0)
    # below switching only the N–S conversion tails reach the probes: both ≪ Ohmic jL (MEASURED ratio 0.87)
    assert v_n < 0.05 * 0.3 * 24 and v_p < 0.05 * 0.3 * 24
    assert math.isclose(v_n, v_p, rel_tol=0.25)
    assert np.isfinite(v_n)


@pytest.mark.slow
@pytest.mark.optional
def test_pytdgl_on_the_equivalent_strip_converges_to_the_neqsc_probe_voltage():
    pytest.importorskip("tdgl")
    from benchmarks._tdgl_strip import pytdgl_run

    # neqsc converged values (tests/tdgl/test_strip_equivalence.py); pyTDGL on the end-edge-terminal, smoothed strip
    # at h = 0.5ξ MEASURED +0.69 % (j = 0.2) and −0.12 % (j = 0.6), at h = 0.125ξ −0.03 % and −0.07 %; 1.5 % allows
    # for platform differences of the mesh generator
    for j, converged in ((0.2, 0.105865), (0.6, 13.5983)):
        v = pytdgl_run(j, 0.5, 200.0)["VA"]
        assert v == pytest.approx(converged, rel=0.015)
