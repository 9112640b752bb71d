"""``neqsc reproduce psc-fig2`` end to end (runs the TDGL solver: slow)."""

import pytest

from neqsc import reproduce


@pytest.mark.slow
def test_psc_fig2_reproduces_sign_change_near_twice_the_gap(tmp_path):
    res = reproduce.run("psc-fig2", tmp_path)
    assert all(p.exists() for p in res.files)
    n = res.numbers
    # corrected η₁ crosses zero within 0.2 k_BT of 2|Δ| for |Ψ| >= 0.5 (Fig. 2(b): "separated by ω = 2|Ψ|")
    for psi in ("0.5", "0.75", "1"):
        cross = n[f"crossing omega/kT at |Psi|={psi} (corrected)"]
        assert abs(cross - n[f"2|Delta|/kT at |Psi|={psi}"]) < 0.2
    assert n["as_printed min eta1 (>0: no sign change)"] > 0
    assert n["cycle residual max|<F>|/max<|F|>"] < 1e-2
