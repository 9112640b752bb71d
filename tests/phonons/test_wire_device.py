"""One source of truth: the phonon spectra and the cooler take material, geometry and T from the run's Wire.

The SI route must add no physics: a run carrying a Wire's attrs (or passed with ``wire=``) gives the same numbers as
the reduced run with the equivalent explicit material, cross-section and Eq. 14 geometry; a different explicit value
is refused. The synthetic PSC history stands in for a TDGL run (the tests check the bookkeeping, not the dynamics).
"""

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from neqsc import io, materials
from neqsc.cli import app
from neqsc.errors import InvalidParameter
from neqsc.phonons import PhononMaterial, cooler_from_run, electrical_power, phonon_spectra
from neqsc.phonons.params import tdgl_units
from neqsc.phonons.synthetic import synthetic_psc_run
from neqsc.tdgl import Wire

# Both routes evaluate the same expressions on the same doubles; 1e-12 leaves room for one reordered product.
RTOL = 1e-12
L_REDUCED = 30.0  # synthetic_psc_run's default length in ξ


def _wire(**film) -> Wire:
    """An Al wire at 0.9 Tc whose L/ξ and δ are those of the default synthetic run."""
    mat = materials.get("Al").with_overrides(**film)
    xi = mat.xi_gl(0.9 * mat.Tc)
    return Wire(mat, L_REDUCED * xi, "100 nm", "20 nm", "0.9 Tc", delta=10.0)


@pytest.fixture(scope="module")
def reduced():
    return synthetic_psc_run(nt=401)


def _with_wire_attrs(run: xr.Dataset, wire: Wire) -> xr.Dataset:
    out = run.copy()
    out.attrs = {**run.attrs, **wire.scales()}
    return out


@pytest.mark.parametrize("name", ["Al", "Nb", "Sn"])
@pytest.mark.parametrize("t", [0.5, 0.9, 0.99])
def test_tdgl_units_and_wire_share_one_computation(name, t):
    mat = materials.get(name)
    wire = Wire(name, "10 um", "100 nm", "20 nm", t * mat.Tc, delta=1.0)
    units = tdgl_units(PhononMaterial.from_table(name), t)
    for key in ("xi", "t0", "V0", "j0", "Delta0"):
        assert units[key] == pytest.approx(getattr(wire, key), rel=RTOL), key
    # and ξ is the dirty-limit GL length of the materials table
    assert units["xi"] == pytest.approx(mat.xi_gl(t * mat.Tc), rel=RTOL)


def test_film_values_travel_with_the_wire():
    wire = _wire(resistivity=6e-8, Tc=1.3)
    pm = PhononMaterial.from_table(wire.material)
    assert (pm.Tc, pm.resistivity, pm.diffusion) == (wire.Tc, wire.resistivity, wire.diffusion)
    assert tdgl_units(pm, 0.9)["xi"] == pytest.approx(wire.xi, rel=RTOL)


@pytest.mark.parametrize("film", [{}, {"resistivity": 6e-8, "Tc": 1.3}])
def test_wire_run_spectra_equal_reduced_run_with_explicit_inputs(reduced, film):
    wire = _wire(**film)
    explicit = PhononMaterial.from_table("Al", Tc=wire.Tc, resistivity=wire.resistivity, diffusion=wire.diffusion)
    ref = phonon_spectra(reduced, explicit, gamma=0.3, cross_section=wire.width * wire.thickness)
    for got in (
        phonon_spectra(_with_wire_attrs(reduced, wire), gamma=0.3),
        phonon_spectra(reduced, gamma=0.3, wire=wire),
    ):
        assert got.attrs["device_source"] == "wire" and ref.attrs["device_source"] == "explicit"
        np.testing.assert_allclose(got["flux"].values, ref["flux"].values, rtol=RTOL, atol=0.0)
        assert got.attrs["xi"] == pytest.approx(wire.xi, rel=RTOL)
        assert got.attrs["T"] == pytest.approx(wire.T, rel=RTOL)
        assert got.attrs["cross_section"] == pytest.approx(wire.width * wire.thickness, rel=RTOL)
    power = electrical_power(_with_wire_attrs(reduced, wire))
    assert power["mean_p_electrical_W"].item() == pytest.approx(
        electrical_power(reduced, explicit, wire.width * wire.thickness)["mean_p_electrical_W"].item(), rel=RTOL
    )


def test_wire_run_cooler_equals_reduced_run_with_explicit_inputs(reduced):
    wire = _wire()
    got = cooler_from_run(_with_wire_attrs(reduced, wire), p=0.9, a1=0.0)
    ref = cooler_from_run(
        reduced,
        "Al",
        p=0.9,
        a1=0.0,
        cross_section=wire.width * wire.thickness,
        thickness=wire.thickness,
        contact_area=wire.length * wire.width,
    )
    for key in ("kappa", "Q_c_W", "T_cold_K", "joule_power_W", "phonon_emitted_W", "criterion_threshold"):
        assert got[key].item() == pytest.approx(ref[key].item(), rel=RTOL), key
    assert got.attrs["T_b"] == pytest.approx(wire.T, rel=RTOL)
    assert got.attrs["thickness"] == wire.thickness and got.attrs["contact_area"] == wire.length * wire.width
    # explicit values that agree with the Wire are accepted
    same = cooler_from_run(
        _with_wire_attrs(reduced, wire), "Al", p=0.9, a1=0.0, T_b=wire.T, cross_section=wire.width * wire.thickness
    )
    assert same["kappa"].item() == got["kappa"].item()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda run: phonon_spectra(run, "Nb", gamma=0.3), "material"),
        (lambda run: phonon_spectra(run, gamma=0.3, cross_section=1e-16), "cross_section"),
        (lambda run: phonon_spectra(run, PhononMaterial.from_table("Al", resistivity=1e-7), gamma=0.3), "material."),
        (lambda run: electrical_power(run, cross_section=1e-16), "cross_section"),
        (lambda run: cooler_from_run(run, T_b=1.0), "T_b"),
        (lambda run: cooler_from_run(run, thickness=1e-8), "thickness"),
    ],
)
def test_values_contradicting_the_wire_are_refused(reduced, call, name):
    with pytest.raises(InvalidParameter) as err:
        call(_with_wire_attrs(reduced, _wire()))
    assert err.value.name.startswith(name)


def test_wire_given_with_another_wires_run_is_refused(reduced):
    hot = Wire("Al", "11 um", "100 nm", "20 nm", "0.8 Tc", delta=10.0)
    with pytest.raises(InvalidParameter, match="eta"):
        phonon_spectra(reduced, gamma=0.3, wire=hot)
    with pytest.raises(InvalidParameter, match="another Wire"):
        phonon_spectra(_with_wire_attrs(reduced, _wire()), gamma=0.3, wire=_wire(resistivity=6e-8))


def test_partial_wire_attrs_and_edited_eta_are_refused(reduced):
    run = _with_wire_attrs(reduced, _wire())
    partial = run.copy()
    partial.attrs = {k: v for k, v in run.attrs.items() if k != "wire_width_m"}
    with pytest.raises(InvalidParameter, match="wire_width_m"):
        phonon_spectra(partial, gamma=0.3)
    edited = run.copy()
    edited.attrs = {**run.attrs, "eta": 0.2}
    with pytest.raises(InvalidParameter) as err:
        phonon_spectra(edited, gamma=0.3)
    assert err.value.name == "tdgl_run.eta"


def test_reduced_runs_keep_their_explicit_defaults(reduced):
    a = phonon_spectra(reduced, gamma=0.3)
    b = phonon_spectra(reduced, "Al", gamma=0.3, cross_section=1e-16)
    assert a["mean_power_emitted"].item() == b["mean_power_emitted"].item()
    assert a.attrs["cross_section"] == 1e-16 and a.attrs["material"] == "Al"


def test_cli_reads_material_geometry_and_T_from_an_si_run(tmp_path):
    runner = CliRunner()
    wire = _wire()
    small = synthetic_psc_run(nt=201)
    si = io.save(_with_wire_attrs(small, wire), tmp_path / "si.nc")
    red = io.save(small, tmp_path / "red.nc")
    area = f"{wire.width * wire.thickness!r} m^2"
    common = ["--gamma", "0.3", "--n-omega", "40"]
    assert runner.invoke(app, ["psc", "spectrum", str(si), *common]).exit_code == 0
    r = runner.invoke(app, ["psc", "spectrum", str(red), *common, "--cross-section", area])
    assert r.exit_code == 0, r.output
    a, b = io.load(tmp_path / "si_spectra.nc"), io.load(tmp_path / "red_spectra.nc")
    np.testing.assert_allclose(a["flux"].values, b["flux"].values, rtol=RTOL, atol=0.0)

    r = runner.invoke(app, ["psc", "spectrum", str(si), *common, "--cross-section", "1e-16 m^2"])
    assert r.exit_code == 2 and "cross_section" in r.output

    out_si, out_red = tmp_path / "c_si.nc", tmp_path / "c_red.nc"
    opts = ["--p", "0.9", "--a1", "0"]
    r = runner.invoke(app, ["cooler", "run", "--tdgl", str(si), *opts, "--out", str(out_si)])
    assert r.exit_code == 0, r.output
    geometry = ["--cross-section", area, "--thickness", f"{wire.thickness!r} m"]
    geometry += ["--area", f"{wire.length * wire.width!r} m^2"]
    r = runner.invoke(app, ["cooler", "run", "--tdgl", str(red), *opts, *geometry, "--out", str(out_red)])
    assert r.exit_code == 0, r.output
    c_si, c_red = io.load(out_si), io.load(out_red)
    for key in ("kappa", "Q_c_W", "T_cold_K"):
        assert c_si[key].item() == pytest.approx(c_red[key].item(), rel=RTOL), key
    r = runner.invoke(app, ["cooler", "run", "--tdgl", str(si), *opts, "--t-b", "1.0 K"])
    assert r.exit_code == 2 and "T_b" in r.output


def test_relaxation_kinetics_take_the_wire_too():
    from neqsc.phonons.kinetics import relaxation_spectra

    wire = _wire()
    run = synthetic_psc_run(nt=201)
    small = {"n_xi": 32, "n_psi": 16, "n_out": 4}  # coarse grids: both routes share them, the comparison is exact
    got = relaxation_spectra(run, wire=wire, **small)
    ref = relaxation_spectra(run, "Al", cross_section=wire.width * wire.thickness, **small)
    np.testing.assert_allclose(got["mean_flux"].values, ref["mean_flux"].values, rtol=RTOL, atol=0.0)
    assert got["power_to_quasiparticles"].item() == pytest.approx(ref["power_to_quasiparticles"].item(), rel=RTOL)
