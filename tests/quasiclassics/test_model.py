"""NonlocalModel / SelfConsistency: validation on construction, the SI → reduced step, one pipeline."""

import dataclasses
import warnings

import numpy as np
import pytest

from neqsc.errors import InvalidParameter
from neqsc.quasiclassics import (
    DEFAULT_GAMMA,
    DEFAULT_WIRE_GRID,
    NonlocalModel,
    SelfConsistency,
    UnresolvedGridWarning,
    Wire,
    gap_vs_injection,
    mirror_bias,
    nonlocal_map,
    nonlocal_map_fixed_gap,
    nonlocal_map_from_gap,
    uniform_energy_grid,
)
from neqsc.quasiclassics.device import PAPER_DEVICE as DEV

EPS = uniform_energy_grid(1 / 20, 10.0)
BASE = dict(eps=EPS, wire=Wire(0, 20, 4.6, h_min=0.5), kappa_inj=2e-3, t=0.01)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("eps", [0.0, 1.0]),  # fewer than 3 energies
        ("eps", [0.0, 2.0, 1.0]),  # not increasing
        ("eps", [0.0, np.nan, 1.0]),
        ("wire", (0, 20, 4.6)),
        ("kappa_inj", 0.0),
        ("kappa_inj", -1e-3),
        ("t", -0.01),
        ("t_inj", -0.01),
        ("t_det", np.inf),
        ("gamma", -1e-3),
        ("gamma", 0.0),  # singular BCS edge without depairing
        ("omega_D", 0.5),
        ("lambda_convention", "bogus"),
        ("gamma_ee", -1e-4),
        ("ee_exponent", 0.0),
        ("phase_gradient", np.nan),
    ],
)
def test_model_refuses_bad_fields_naming_them(field, value):
    with pytest.raises(InvalidParameter) as err:
        NonlocalModel(**{**BASE, field: value})
    assert err.value.name == field


def test_model_is_frozen_and_replace_validates_again():
    m = NonlocalModel(**BASE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.gamma = 0.01
    with pytest.raises(ValueError):
        m.eps[0] = 3.0  # the grid is stored read-only
    assert m.t_inj == m.t_det == 0.01 and m.gamma == DEFAULT_GAMMA  # electrode temperatures default to t
    assert m.replace(phase_gradient=0.3).zeta == pytest.approx(0.045, rel=1e-15)
    with pytest.raises(InvalidParameter, match="kappa_inj"):
        m.replace(kappa_inj=0.0)


@pytest.mark.parametrize(
    ("field", "value"),
    [("gap_profile", True), ("sweep", "sideways"), ("gap_tol", 0.0), ("max_iter", 0), ("max_iter", 2.5),
     ("max_steps", True), ("ds", 1e-5), ("ds_max", 0.01), ("v_weight", -1.0), ("fold_tol", 1.0)],
)  # fmt: skip
def test_options_refuse_bad_fields_naming_them(field, value):
    with pytest.raises(InvalidParameter) as err:
        SelfConsistency(**{field: value})
    assert err.value.name == field


def test_device_model_is_the_appendix_b_half_wire_in_reduced_units():
    m = DEV.model(EPS, gamma_ee=2e-4)
    assert m.wire == Wire(0.0, DEV.half_length, DEV.x_det, **DEFAULT_WIRE_GRID)
    assert m.kappa_inj == DEV.kappa_inj  # the whole junction: the solver feeds half of it into the half wire
    assert (m.t, m.t_inj, m.t_det) == (DEV.t, DEV.t_inj, DEV.t_det)
    assert (m.gamma, m.omega_D, m.lambda_convention, m.gamma_ee) == (0.005, 10.0, "paper", 2e-4)
    full = DEV.model(EPS, half_wire=False).wire
    assert (full.length_left, full.length_right, full.x_detector) == (DEV.half_length, DEV.half_length, DEV.x_det)
    with pytest.raises(TypeError):
        DEV.model(EPS, kappa_inj=1.0)  # the SI step owns κ_I and the temperatures


def test_solvers_refuse_keyword_forms_and_other_objects():
    with pytest.raises(InvalidParameter, match="model"):
        gap_vs_injection(DEV, [0.0])
    with pytest.raises(InvalidParameter, match="model"):
        nonlocal_map_fixed_gap(BASE, [0.0])
    with pytest.raises(InvalidParameter, match="v_inj"):
        nonlocal_map(NonlocalModel(**BASE), [-1.0, 0.0], [0.0])  # mirrored: only v_inj >= 0 without ∂xφ


def test_map_pipeline_equals_its_steps():
    model = NonlocalModel(**BASE, gamma=0.02)
    v, vd = np.linspace(0, 2, 5), [-0.5, 0.0, 0.5]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnresolvedGridWarning)
        m = nonlocal_map(model, v, vd)
        steps = nonlocal_map_from_gap(mirror_bias(gap_vs_injection(model, v)), vd, t_det=model.t_det)
    # the same arithmetic in the same order: bit-identical
    assert np.array_equal(m.g_nl.values, steps.g_nl.values)
    assert m.sizes["v_inj"] == 9 and m.attrs["t_det"] == model.t_det and m.attrs["gamma"] == 0.02
