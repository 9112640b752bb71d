"""The quasiclassics SI device (Ryan et al., arXiv:2604.26862, Table 1) checked against the materials table."""

from __future__ import annotations

import math

import pytest

from neqsc import materials
from neqsc.constants import e, hbar, m_e
from neqsc.quasiclassics.device import PAPER_DEVICE

# Wire cross-section from the paper's Methods: w = 150 nm, deposited thickness d = 8 nm (a lower bound, Table 1 note).
WIDTH, THICKNESS = 150e-9, 8e-9


def _free_electron_dos(mat: materials.Material) -> float:
    k_F = math.sqrt(2.0 * m_e * mat.eps_F) / hbar
    return m_e * k_F / (2.0 * math.pi**2 * hbar**2)


def test_paper_coherence_length_and_mean_free_path():
    # Table 1: ξ = 65 nm from √(ħD/Δ0); ℓ = 2.49 nm = 3D/v_F with the tabulated free-electron v_F of Al (1 %: the
    # paper rounds to three digits).
    assert PAPER_DEVICE.xi == pytest.approx(65e-9, rel=0.01)
    assert 3.0 * PAPER_DEVICE.diffusion / materials.get("Al").fermi_velocity == pytest.approx(2.49e-9, rel=0.01)


def test_paper_rho_and_d_obey_einstein_with_the_free_electron_dos():
    # ρ from R, l, w, d; the paper's D follows from it with the free-electron N0 (from the tabulated ε_F) to 5 %.
    rho = PAPER_DEVICE.wire_resistance * WIDTH * THICKNESS / PAPER_DEVICE.wire_length
    assert rho == pytest.approx(1.58e-7, rel=0.01)
    al = materials.get("Al")
    assert 2 * e**2 * _free_electron_dos(al) * PAPER_DEVICE.diffusion * rho == pytest.approx(1.0, rel=0.05)
    # With the table's Sommerfeld N0 (which includes 1 + λ) the same ρ gives D smaller by N0/N0_free ≈ 1.48:
    film = materials.get("Al", resistivity=rho)
    assert PAPER_DEVICE.diffusion / film.diffusion == pytest.approx(al.dos / _free_electron_dos(al), rel=0.05)


def test_paper_gap_is_a_thin_film_gap():
    # Δ0 = 265 µeV exceeds bulk Al (178.6 µeV): thin films have a higher Tc; with BCS 1.764 k_BTc it implies
    # Tc ≈ 1.74 K, which the per-device override reproduces.
    al = materials.get("Al")
    film = al.with_overrides(Tc=al.Tc * PAPER_DEVICE.gap0 / al.gap0)
    assert film.gap0 == pytest.approx(PAPER_DEVICE.gap0, rel=1e-12)
    assert film.Tc == pytest.approx(1.74, rel=0.01)
