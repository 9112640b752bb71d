"""Self-consistent gap (Eq. 8): λ conventions, Abrikosov–Gor'kov depairing, T_c."""

import numpy as np
import pytest

from neqsc.constants import euler_gamma
from neqsc.quasiclassics import ag_gap, coupling_constant, gap_vs_depairing, gap_vs_temperature, self_consistent_gap


def test_real_cutoff_convention_gives_unit_gap():
    # Δ = λΔ arccosh(ω_D/Δ) at Γ → 0; Dynes Γ lowers Δ by ≈ Γ
    assert self_consistent_gap(gamma=1e-7, lambda_convention="real_cutoff") == pytest.approx(1.0, abs=2e-7)


def test_paper_convention_gives_omega_over_sqrt_one_plus_omega_squared():
    wD = 10.0
    assert self_consistent_gap(gamma=1e-7, omega_D=wD, lambda_convention="paper") == pytest.approx(
        wD / np.sqrt(1 + wD**2), abs=2e-7
    )
    assert coupling_constant(wD, "paper") == pytest.approx(0.33353, abs=1e-5)
    assert coupling_constant(wD, "real_cutoff") == pytest.approx(0.33409, abs=1e-5)


def test_calibrated_convention_is_exact_on_its_grid():
    assert self_consistent_gap(gamma=5e-3, lambda_convention="calibrated") == pytest.approx(1.0, abs=1e-10)


def test_gap_vs_depairing_follows_abrikosov_gorkov():
    zeta = np.array([0.1, 0.3, np.exp(-np.pi / 4), 0.48, 0.51])
    ds = gap_vs_depairing(zeta, gamma=1e-5, omega_D=100.0, lambda_convention="calibrated")
    gap = ds.gap.values
    # gapped regime: grid + finite-Γ error ~1e-4 (measured 1.5e-5 .. 9e-5)
    assert np.allclose(gap[:2], ag_gap(zeta[:2]), atol=2e-4)
    # gapless onset ζ = Δ = e^{-π/4} = 0.4559
    assert gap[2] == pytest.approx(np.exp(-np.pi / 4), abs=3e-4)
    assert gap[3] == pytest.approx(ag_gap(0.48)[0], abs=1e-3)
    # Δ → 0 at ζ_c = Δ0/2
    assert gap[4] == 0.0


def test_weak_coupling_critical_temperature():
    tc = np.exp(euler_gamma) / np.pi  # 0.5669 for ω_D → ∞
    ds = gap_vs_temperature([tc - 0.002, tc + 0.002], gamma=1e-6, omega_D=100.0)
    assert ds.gap.values[0] > 0.05 and ds.gap.values[1] == 0.0


def test_depairing_critical_current_is_kupriyanov_lukichev():
    from neqsc.quasiclassics import supercurrent_curve

    pg = np.array([0.0, 0.05, 0.66, 0.70, 0.74])
    c = supercurrent_curve(pg, t=0.0, gamma=1e-4, omega_D=30.0)
    # linear response: I_s/I0 = (π/2)Δ ∂xφ at T = 0 (dirty-limit London kernel); grid error ~1e-3
    assert c.i_s.values[1] / 0.05 == pytest.approx(np.pi / 2 * c.gap.values[1], rel=3e-3)
    # self-consistent depairing current eR_ξ I_c/Δ0 = 1.491/2 = 0.7455 (Kupriyanov & Lukichev 1980),
    # at ∂xφ ≈ 0.7; sampling the flat maximum at 3 points and ω_D = 30 each cost < 1e-3
    assert c.i_s.max() == pytest.approx(0.7455, rel=5e-3)
