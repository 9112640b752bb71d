"""Phase-slip-centre wire: one TDGL run (|Ψ|(x, t), V(t)), the I–V curve with both sweep directions, the phonon
spectrum and the energy books (Joule power and its parts against the emitted and absorbed phonon power).

Runs take seconds to minutes, so they start with the Run button (and when the page opens) in a background worker
with a progress bar and Cancel. The wire is described in SI units with :class:`neqsc.tdgl.Wire`; engine calls are in
:mod:`neqsc.explore._wire_adapter`.
"""

from __future__ import annotations

import numpy as np
from bokeh.models import ColorBar, ColumnDataSource, LinearColorMapper
from bokeh.plotting import figure

from neqsc.explore._app import Param, Result, View
from neqsc.explore._wire_adapter import PHONON_MATERIALS, script

__all__ = ["WireView"]


class WireView(View):
    slug = "wire"
    title = "Phase-slip-centre wire"
    intro = (
        "Generalized TDGL for a wire in SI units (neqsc.tdgl.Wire: material, length, width, thickness, T, current); "
        "the run time is in t0 = πħ/(8u k_B(Tc − T)), δ = 2τ_εΔ0/ħ is the inelastic parameter. "
        "Press Run after changing values; runs go to a background worker (Cancel stops them)."
    )
    run_button = True
    params = (
        Param("material", "Material", "Al", options=PHONON_MATERIALS),
        Param("length", "length L", "4 um", 1e-8, 1e-3, quantity="m"),
        Param("width", "width", "100 nm", 1e-9, 1e-4, quantity="m"),
        Param("thickness", "thickness", "20 nm", 1e-9, 1e-5, quantity="m"),
        Param("T", "T (bath)", "1.05 K", 1e-3, 20.0, quantity="K"),
        Param("delta", "δ = 2τ_εΔ0/ħ", 10.0, 0.0, 1e5, "", step=1.0),
        Param("current", "current I", "6.5 uA", 0.0, 0.1, quantity="A"),
        Param("t_end", "run time", 1000.0, 10.0, 1e6, "t0", step=100.0),
        Param("I_min", "I–V from", "3 uA", 0.0, 0.1, quantity="A"),
        Param("I_max", "I–V to", "11 uA", 0.0, 0.1, quantity="A"),
        Param("n_iv", "I–V points", 8, 2, 200, "", integer=True),
    )

    def code(self, values):
        return "progress_run = progress_iv = None  # or callbacks progress(done, total)\n" + script(values)

    def compute(self, values, progress):
        import xarray as xr

        # the run is ~half the work, the I–V curve the other half: one bar over both
        def stage(offset):
            return lambda done, total: progress(offset + int(500 * done / max(total, 1)), 1000)

        ns = {"progress_run": stage(0), "progress_iv": stage(500)}
        exec(compile(script(values), "<wire view>", "exec"), ns)
        run, iv, spectra, books = ns["run"], ns["iv"], ns["spectra"], ns["books"]
        mean_flux = spectra["mean_flux"] if "mean_flux" in spectra else spectra["flux"].mean("t")
        run = run.assign_coords(x_um=("x", run["x_si"].values * 1e6), t_ns=("t", run["time"].values * 1e9))
        ds = xr.Dataset(
            {
                "psi_abs": run["psi_abs"],
                "voltage_si": run["voltage_si"],
                "iv_voltage": (("direction", "I_iv"), iv["voltage"].values, iv["voltage"].attrs),
                "mean_flux": mean_flux,
            },
            coords={"I_iv": ("I_iv", iv["current"].values, {"units": "A", "long_name": "bias current"}),
                    "direction": iv["direction"].values},
            attrs={"neqsc_kind": "explore.wire", **{f"books_{k}": float(v) for k, v in books.items()},
                   **{k: v for k, v in run.attrs.items() if k.endswith(("_m", "_s", "_V", "_A", "_ohm", "_K"))},
                   "period_si": float(run.attrs.get("period_si", np.nan)),
                   "mean_voltage_si": float(run.attrs.get("mean_voltage_si", np.nan))},
        )  # fmt: skip

        def amps(key):
            return float(iv.attrs.get(key, np.nan)) * 1e6

        numbers = {
            "mean_voltage": ("run: mean voltage ⟨V⟩", ds.attrs["mean_voltage_si"] * 1e6, "µV"),
            "period": ("run: phase-slip period", ds.attrs["period_si"] * 1e12, "ps"),
            "I_switch_up": ("I–V: switching current (up)", amps("I_switch_up_A"), "µA"),
            "I_retrap_down": ("I–V: retrapping current (down)", amps("I_retrap_down_A"), "µA"),
            "I0": ("current unit I0 = j0·w·d", float(run.attrs["I0_A"]) * 1e6, "µA"),
            "xi": ("ξ(T)", float(run.attrs["xi_m"]) * 1e9, "nm"),
            "joule": ("Joule power J·V̄", books["joule_power_W"], "W"),
            "normal": ("  normal part", books["normal_power_W"], "W"),
            "interference": ("  interference part", books["interference_power_W"], "W"),
            "super": ("  condensate part", books["super_power_W"], "W"),
            "emitted": ("phonons emitted", books["phonon_emitted_W"], "W"),
            "absorbed": ("phonons absorbed", books["phonon_absorbed_W"], "W"),
            "net": ("phonon net (window mean; 0 over a cycle)", books["phonon_net_W"], "W"),
            # 0 for a window that is an exact PSC cycle; a large value means the run has not reached its periodic
            # state yet (lengthen the run time) and the net above is not a cycle mean
            "cycle_residual": ("cycle residual (≈ 0: periodic)", float(spectra["cycle_residual"].item()), ""),
        }
        return Result(ds, numbers)

    def build_figures(self):
        kw = {"width": 430, "height": 280, "tools": "pan,wheel_zoom,box_zoom,reset,hover"}
        self.src_iv = ColumnDataSource({"I": [], "up": [], "down": []})
        self.src_v = ColumnDataSource({"t": [], "V": []})
        self.src_flux = ColumnDataSource({"w": [], "flux": []})
        self.mapper = LinearColorMapper(palette="Viridis256", low=0, high=1)
        self.src_psi = ColumnDataSource({"image": [], "x": [], "y": [], "dw": [], "dh": []})
        f_iv = figure(title="I–V (both sweep directions)", x_axis_label="I (µA)", y_axis_label="⟨V⟩ (µV)", **kw)
        f_iv.line("I", "up", source=self.src_iv, legend_label="up", line_width=2)
        f_iv.scatter("I", "up", source=self.src_iv, size=6)
        f_iv.line("I", "down", source=self.src_iv, legend_label="down", color="firebrick", line_dash="dashed")
        f_iv.scatter("I", "down", source=self.src_iv, color="firebrick", marker="triangle", size=6)
        f_iv.legend.location = "top_left"
        f_psi = figure(title="|Ψ|(x, t)", x_axis_label="x (µm)", y_axis_label="t (ns)", **kw)
        f_psi.image("image", x="x", y="y", dw="dw", dh="dh", source=self.src_psi, color_mapper=self.mapper)
        f_psi.add_layout(ColorBar(color_mapper=self.mapper, width=8), "right")
        f_v = figure(title="V(t)", x_axis_label="t (ns)", y_axis_label="V (µV)", **kw)
        f_v.line("t", "V", source=self.src_v)
        f_fl = figure(title="Phonon spectrum (period mean)", x_axis_label="ħω/k_BT", y_axis_label="dW/dω̄ (W)", **kw)
        f_fl.line("w", "flux", source=self.src_flux, line_width=2, color="seagreen")
        return [f_iv, f_psi, f_v, f_fl]

    def draw(self, result):
        ds = result.dataset
        v = ds.iv_voltage
        self.src_iv.data = {"I": ds.I_iv.values * 1e6, "up": v.sel(direction="up").values * 1e6,
                            "down": v.sel(direction="down").values * 1e6}  # fmt: skip
        self.src_v.data = {"t": ds.t_ns.values, "V": ds.voltage_si.values * 1e6}
        self.src_flux.data = {"w": ds.omega.values, "flux": ds.mean_flux.values}
        psi = ds.psi_abs.transpose("t", "x").values
        x, t = ds.x_um.values, ds.t_ns.values
        self.mapper.high = float(np.nanmax(psi)) if psi.size else 1.0
        self.src_psi.data = {"image": [psi], "x": [x[0]], "y": [t[0]], "dw": [x[-1] - x[0]], "dh": [t[-1] - t[0]]}

    def figure_png(self, result):
        from matplotlib.figure import Figure

        ds = result.dataset
        fig = Figure(figsize=(10, 7), layout="constrained")
        ax = fig.subplots(2, 2)
        for d, style in (("up", "o-"), ("down", "v--")):
            ax[0, 0].plot(ds.I_iv.values * 1e6, ds.iv_voltage.sel(direction=d).values * 1e6, style, label=d)
        ax[0, 0].set(xlabel="I (µA)", ylabel="⟨V⟩ (µV)", title="I–V")
        ax[0, 0].legend()
        m = ax[0, 1].pcolormesh(ds.x_um.values, ds.t_ns.values, ds.psi_abs.transpose("t", "x").values, shading="auto")
        fig.colorbar(m, ax=ax[0, 1], label="|Ψ|")
        ax[0, 1].set(xlabel="x (µm)", ylabel="t (ns)")
        ax[1, 0].plot(ds.t_ns.values, ds.voltage_si.values * 1e6)
        ax[1, 0].set(xlabel="t (ns)", ylabel="V (µV)")
        ax[1, 1].plot(ds.omega.values, ds.mean_flux.values, color="seagreen")
        ax[1, 1].set(xlabel="ħω/k_BT", ylabel="dW/dω̄ (W)", title="phonon spectrum")
        return fig
