"""Real-browser tests of ``neqsc explore``: each view loads, reacts to an input, shows the engines' numbers, refuses
bad input with a message, has no console errors, and leaves a non-blank screenshot in ``artifacts/explore/``."""

from __future__ import annotations

import numpy as np
import pytest

from tests.explore.helpers import (
    check_png,
    check_screenshot,
    download,
    no_console_errors,
    number,
    open_netcdf,
    set_input,
    wait_done,
)

pytestmark = pytest.mark.browser
pytest.importorskip("panel", reason='browser test: the explorer needs the explore extra (pip install -e ".[explore]")')

from neqsc.explore._app import fmt  # noqa: E402


def _photonic_windows(Tc: float, T_D_mK: float):
    from neqsc.photonic import MattisBardeenFilm, Resistor, Series, ndtc_windows

    source = Series(Resistor(2.857), MattisBardeenFilm(R_n=36 * 2.857, Tc=Tc, gap_model="tanh"))
    return ndtc_windows(source, Resistor(2.857), np.linspace(0.2 * Tc, 1.5 * Tc, 105), T_D_mK * 1e-3)


def test_photonic_view(server, page, artifacts):
    page.goto(server + "/photonic?T_D=30")
    gen = wait_done(page)
    # the page's window edges are those of neqsc.photonic.ndtc_windows on the same grid (shown to 4 digits in mK)
    ((a, b),) = _photonic_windows(0.4, 30.0)
    assert number(page, "window0_start") == fmt(a * 1e3)
    assert number(page, "window0_end") == fmt(b * 1e3)
    assert float(number(page, "dT_D")) > 0  # the Dey et al. device cools its drain (ΔT_D ~ 1 mK)
    set_input(page, "Tc", 0.45)
    wait_done(page, gen)
    ((a, b),) = _photonic_windows(0.45, 30.0)
    assert number(page, "window0_start") == fmt(a * 1e3)
    assert number(page, "window0_end") == fmt(b * 1e3)
    assert "Tc=0.45" in page.url  # the URL carries the parameters
    check_screenshot(page, artifacts / "photonic.png")
    # the downloads hold the view as shown: the window edges, ΔT_D and the curves (the data of the current values)
    ds = open_netcdf(download(page, "Data (netCDF)", artifacts / "photonic-download.nc"))
    assert number(page, "window0_start") == fmt(float(ds.window_start[0]) * 1e3)
    assert number(page, "window0_end") == fmt(float(ds.window_end[0]) * 1e3)
    assert number(page, "dT_D") == fmt(ds.attrs["balance_delta_T_D_mK"])
    assert ds.Q.attrs["units"] == "W" and ds.sizes["T_S"] == 105 and ds.sizes["P_in"] > 30
    assert float(ds.T_S.max()) == pytest.approx(1.5 * 0.45)  # the grid of Tc = 0.45 K, not of the first view
    check_png(download(page, "Figure (PNG)", artifacts / "photonic-download.png"))
    no_console_errors(page)


def test_photonic_refuses_out_of_range(server, page):
    page.goto(server + "/photonic")
    wait_done(page)
    set_input(page, "T_D", -5)
    alert = page.locator(".nq-error")
    alert.wait_for(timeout=10_000)
    assert "refused" in alert.inner_text()
    page.wait_for_function("() => !location.search.includes('T_D=-5')", timeout=10_000)  # URL restored
    assert page.locator(".nq-w-T_D input").input_value() == "30"
    no_console_errors(page)


def test_photonic_link_reproduces_view(server, page):
    """Opening a URL with parameters gives the view for those parameters (here Tc = 0.45 K, T_D = 50 mK)."""
    page.goto(server + "/photonic?Tc=0.45&T_D=50")
    wait_done(page)
    ((a, _),) = _photonic_windows(0.45, 50.0)
    assert number(page, "window0_start") == fmt(a * 1e3)
    assert page.locator(".nq-w-Tc input").input_value() == "0.45"
    no_console_errors(page)


def _nonlocal_reference(x_detector: float, dphi: float = 0.1, gamma: float = 1.53e-3, t: float = 0.00786):
    """max g_nl and max of Eq. 21 (Ω) from neqsc.quasiclassics directly, for the view's default grid."""
    from neqsc.quasiclassics import (
        Wire,
        ag_spectral_gap,
        charge_imbalance_conductance,
        energy_grid,
        nonlocal_map_fixed_gap,
        uniform_spectra,
    )
    from neqsc.quasiclassics.device import PAPER_DEVICE as dev
    from neqsc.quasiclassics.model import NonlocalModel

    zeta = 0.5 * dphi**2
    eps = energy_grid(ag_spectral_gap(1.0, zeta), gamma, 3.5)
    v = np.linspace(-3.0, 3.0, 121)
    model = NonlocalModel(eps=eps, wire=Wire(x_detector=x_detector), kappa_inj=dev.kappa_inj, t=t, t_inj=dev.t_inj,
                          gamma=gamma, phase_gradient=dphi)  # fmt: skip
    g = nonlocal_map_fixed_gap(model, v).g_nl.values * dev.R_xi
    g21 = charge_imbalance_conductance(uniform_spectra(eps, 1.0, gamma, zeta), dev.kappa_inj / 2, x_detector, v,
                                       dev.t_inj) * dev.R_xi  # fmt: skip
    return float(g.max()), float(np.max(g21))


def test_nonlocal_view(server, page, artifacts):
    page.goto(server + "/nonlocal")
    gen = wait_done(page)
    g_max, g21_max = _nonlocal_reference(4.62)
    assert number(page, "g_nl_peak") == fmt(g_max)
    assert number(page, "g_eq21_peak") == fmt(g21_max)
    set_input(page, "x_detector", 10)
    wait_done(page, gen)
    g_max, g21_max = _nonlocal_reference(10.0)
    assert number(page, "g_nl_peak") == fmt(g_max)
    assert number(page, "g_eq21_peak") == fmt(g21_max)
    assert "x_detector=10" in page.url
    check_screenshot(page, artifacts / "nonlocal.png")
    ds = open_netcdf(download(page, "Data (netCDF)", artifacts / "nonlocal-download.nc"))
    assert number(page, "g_nl_peak") == fmt(float(ds.g_nl.max()))
    assert number(page, "g_eq21_peak") == fmt(float(ds.g_eq21.max()))
    assert ds.attrs["x_detector"] == 10.0 and ds.g_nl.attrs["units"] == "ohm"
    check_png(download(page, "Figure (PNG)", artifacts / "nonlocal-download.png"))
    no_console_errors(page)


def test_wire_view_runs_fails_and_cancels(server, page, artifacts):
    from neqsc.tdgl import Wire
    from tests.explore.helpers import select

    page.goto(server + "/wire?t_end=300")
    gen = wait_done(page)
    # the page's mean voltage (µV, 4 digits) is that of the SI Wire API for the view's default wire
    wire = Wire("Al", "4 um", "100 nm", "20 nm", "1.05 K", delta=10.0)
    run = wire.simulate("6.5 uA", t_end="300 t0", save_every="0.25 t0")  # the view's snapshot interval
    assert number(page, "mean_voltage") == fmt(run.attrs["mean_voltage_si"] * 1e6)
    check_screenshot(page, artifacts / "wire.png")
    # a unit string of the wrong dimension is refused in the widget, which returns to the accepted value
    set_input(page, "length", "4 kg")
    page.locator(".nq-error").wait_for(timeout=10_000)
    assert "refused" in page.locator(".nq-error").inner_text()
    page.wait_for_function("() => !decodeURIComponent(location.search).includes('kg')", timeout=10_000)
    # a failing run (T = 1.05 K is above Tc of Ti) shows the Wire's message; the page stays usable
    select(page, "material", "Ti")
    page.get_by_role("button", name="Run").click()
    page.locator(".nq-failed").wait_for(timeout=60_000)
    assert "Tc" in page.locator(".nq-error").inner_text()
    # a long run is cancelled from the page
    select(page, "material", "Al")
    set_input(page, "t_end", 200000)
    page.get_by_role("button", name="Run").click()
    page.locator(".nq-busy").wait_for(timeout=10_000)
    page.get_by_role("button", name="Cancel").click()
    page.locator(".nq-cancelled").wait_for(timeout=30_000)
    set_input(page, "t_end", 300)
    page.get_by_role("button", name="Run").click()
    wait_done(page, gen)
    assert number(page, "mean_voltage") == fmt(run.attrs["mean_voltage_si"] * 1e6)
    ds = open_netcdf(download(page, "Data (netCDF)", artifacts / "wire-download.nc"))
    assert number(page, "mean_voltage") == fmt(ds.attrs["mean_voltage_si"] * 1e6)
    assert {"psi_abs", "voltage_si", "iv_voltage", "mean_flux"} <= set(ds.data_vars)
    check_png(download(page, "Figure (PNG)", artifacts / "wire-download.png"))
    no_console_errors(page)
