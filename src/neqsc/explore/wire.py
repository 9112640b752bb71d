"""Phase-slip-centre wire: one TDGL run (|Ψ|(x, t), V(t)), the I–V curve with both sweep directions, the phonon
spectrum and the energy books (Joule power and its parts against the emitted and absorbed phonon power).

Runs take seconds to minutes, so they start with the Run button (and when the page opens) in a background worker
with a progress bar and Cancel. Engine calls are in :mod:`neqsc.explore._wire_adapter`.
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
        "Generalized TDGL in reduced units (current j in j0, length in ξ(T), time in t0, voltage in ħ/(2e t0), "
        "η = 1 − T/Tc); the phonon spectra and energy books in W for the material and cross-section given. "
        "Press Run after changing values; runs go to a background worker (Cancel stops them)."
    )
    run_button = True
    params = (
        Param("material", "Material", "Al", options=PHONON_MATERIALS),
        Param("width", "width", 100.0, 1.0, 1e5, "nm", step=10.0),
        Param("thickness", "thickness", 10.0, 1.0, 1e4, "nm", step=1.0),
        Param("length", "length L", 10.0, 1.0, 200.0, "ξ", step=1.0),
        Param("eta", "η = 1 − T/Tc", 0.1, 0.01, 0.9, "", step=0.01),
        Param("delta", "δ = 2τ_εΔ0/ħ", 10.0, 0.0, 1000.0, "", step=1.0),
        Param("j", "current j", 0.45, 0.0, 10.0, "j0", step=0.05),
        Param("t_end", "run time", 400.0, 10.0, 1e6, "t0", step=100.0),
        Param("j_min", "I–V from", 0.2, 0.0, 10.0, "j0", step=0.05),
        Param("j_max", "I–V to", 0.8, 0.0, 10.0, "j0", step=0.05),
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
        ds = xr.Dataset(
            {
                "psi_abs": run["psi_abs"],
                "voltage": run["voltage"],
                "iv_voltage": (("direction", "j_iv"), iv["mean_voltage"].values, iv["mean_voltage"].attrs),
                "mean_flux": mean_flux.rename({"omega": "omega"}),
            },
            coords={"j_iv": ("j_iv", iv["j"].values, {"units": "j0"}), "direction": iv["direction"].values},
            attrs={"neqsc_kind": "explore.wire", **{f"books_{k}": float(v) for k, v in books.items()},
                   "period": float(run.attrs.get("period", np.nan)),
                   "mean_voltage": float(run.attrs.get("mean_voltage", np.nan))},
        )  # fmt: skip
        numbers = {
            "mean_voltage": ("run: mean voltage V̄", ds.attrs["mean_voltage"], "ħ/(2e t0)"),
            "period": ("run: phase-slip period", ds.attrs["period"], "t0"),
            "j_switch_up": ("I–V: switching current (up)", float(iv.attrs.get("j_switch_up", np.nan)), "j0"),
            "j_retrap_down": ("I–V: retrapping current (down)", float(iv.attrs.get("j_retrap_down", np.nan)), "j0"),
            "joule": ("Joule power J·V̄", books["joule_power_W"], "W"),
            "normal": ("  normal part", books["normal_power_W"], "W"),
            "interference": ("  interference part", books["interference_power_W"], "W"),
            "super": ("  condensate part", books["super_power_W"], "W"),
            "emitted": ("phonons emitted", books["phonon_emitted_W"], "W"),
            "absorbed": ("phonons absorbed", books["phonon_absorbed_W"], "W"),
            "net": ("phonon net (cycle mean, ≈ 0)", books["phonon_net_W"], "W"),
        }
        return Result(ds, numbers)

    def build_figures(self):
        kw = {"width": 430, "height": 280, "tools": "pan,wheel_zoom,box_zoom,reset,hover"}
        self.src_iv = ColumnDataSource({"j": [], "up": [], "down": []})
        self.src_v = ColumnDataSource({"t": [], "V": []})
        self.src_flux = ColumnDataSource({"w": [], "flux": []})
        self.mapper = LinearColorMapper(palette="Viridis256", low=0, high=1)
        self.src_psi = ColumnDataSource({"image": [], "x": [], "y": [], "dw": [], "dh": []})
        f_iv = figure(title="I–V (both sweep directions)", x_axis_label="j (j0)", y_axis_label="V̄ (ħ/2e t0)", **kw)
        f_iv.line("j", "up", source=self.src_iv, legend_label="up", line_width=2)
        f_iv.scatter("j", "up", source=self.src_iv, size=6)
        f_iv.line("j", "down", source=self.src_iv, legend_label="down", color="firebrick", line_dash="dashed")
        f_iv.scatter("j", "down", source=self.src_iv, color="firebrick", marker="triangle", size=6)
        f_iv.legend.location = "top_left"
        f_psi = figure(title="|Ψ|(x, t)", x_axis_label="x (ξ)", y_axis_label="t (t0)", **kw)
        f_psi.image("image", x="x", y="y", dw="dw", dh="dh", source=self.src_psi, color_mapper=self.mapper)
        f_psi.add_layout(ColorBar(color_mapper=self.mapper, width=8), "right")
        f_v = figure(title="V(t)", x_axis_label="t (t0)", y_axis_label="V (ħ/2e t0)", **kw)
        f_v.line("t", "V", source=self.src_v)
        f_fl = figure(title="Phonon spectrum (period mean)", x_axis_label="ħω/k_BT", y_axis_label="dW/dω̄ (W)", **kw)
        f_fl.line("w", "flux", source=self.src_flux, line_width=2, color="seagreen")
        return [f_iv, f_psi, f_v, f_fl]

    def draw(self, result):
        ds = result.dataset
        v = ds.iv_voltage
        self.src_iv.data = {"j": ds.j_iv.values, "up": v.sel(direction="up").values,
                            "down": v.sel(direction="down").values}  # fmt: skip
        self.src_v.data = {"t": ds.t.values, "V": ds.voltage.values}
        self.src_flux.data = {"w": ds.omega.values, "flux": ds.mean_flux.values}
        psi = ds.psi_abs.transpose("t", "x").values
        x, t = ds.x.values, ds.t.values
        self.mapper.high = float(np.nanmax(psi)) if psi.size else 1.0
        self.src_psi.data = {"image": [psi], "x": [x[0]], "y": [t[0]], "dw": [x[-1] - x[0]], "dh": [t[-1] - t[0]]}

    def figure_png(self, result):
        from matplotlib.figure import Figure

        ds = result.dataset
        fig = Figure(figsize=(10, 7), layout="constrained")
        ax = fig.subplots(2, 2)
        for d, style in (("up", "o-"), ("down", "v--")):
            ax[0, 0].plot(ds.j_iv.values, ds.iv_voltage.sel(direction=d).values, style, label=d)
        ax[0, 0].set(xlabel="j (j0)", ylabel="V̄ (ħ/2e t0)", title="I–V")
        ax[0, 0].legend()
        m = ax[0, 1].pcolormesh(ds.x.values, ds.t.values, ds.psi_abs.transpose("t", "x").values, shading="auto")
        fig.colorbar(m, ax=ax[0, 1], label="|Ψ|")
        ax[0, 1].set(xlabel="x (ξ)", ylabel="t (t0)")
        ax[1, 0].plot(ds.t.values, ds.voltage.values)
        ax[1, 0].set(xlabel="t (t0)", ylabel="V (ħ/2e t0)")
        ax[1, 1].plot(ds.omega.values, ds.mean_flux.values, color="seagreen")
        ax[1, 1].set(xlabel="ħω/k_BT", ylabel="dW/dω̄ (W)", title="phonon spectrum")
        return fig
