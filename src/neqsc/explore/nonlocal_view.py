"""Nonlocal NIS spectroscopy: g_nl(V_inj) of a superconducting wire with its charge-mode and mode-mixing parts, the
symmetry decomposition (Ryan, Beckmann & Chandrasekhar, arXiv:2604.26862, Eqs. 16–19) and the collision-free
charge-imbalance result Eq. 21 overlaid. All numbers from :mod:`neqsc.quasiclassics` through
:mod:`neqsc.explore._nonlocal_adapter`, whose code the worker executes and the page shows.
"""

from __future__ import annotations

import numpy as np
from bokeh.models import ColumnDataSource, Legend
from bokeh.plotting import figure

from neqsc.explore._app import Param, Result, View
from neqsc.explore._nonlocal_adapter import script

__all__ = ["NonlocalView"]


class NonlocalView(View):
    slug = "nonlocal"
    title = "Nonlocal spectroscopy"
    intro = (
        "Collision-free quasiclassical model at fixed Δ = Δ0 with the junctions and wire of Ryan et al. (Table 1). "
        "Energies in Δ0, lengths in ξ; conductances g_nl/(G_inj G_det) in Ω. The decomposition uses the maps at "
        "+∂xφ and −∂xφ."
    )
    params = (
        Param("gamma", "Dynes Γ/Δ0", 1.53e-3, 1e-5, 0.2, "", step=1e-4),
        Param("t", "t = k_BT/Δ0", 0.00786, 1e-4, 0.5, "", step=0.001),
        Param("phase_gradient", "∂xφ", 0.1, -0.6, 0.6, "1/ξ", step=0.05),
        Param("x_detector", "detector position", 4.62, 0.0, 80.0, "ξ", step=0.5),
        Param("v_max", "max eV_inj/Δ0", 3.0, 1.1, 10.0, "", step=0.5),
    )

    def code(self, values):
        return script(values)

    def compute(self, values, progress):
        import xarray as xr

        ns: dict = {}
        progress(0, 1)
        exec(compile(script(values), "<nonlocal view>", "exec"), ns)
        progress(1, 1)
        plus = ns["maps"][1.0]
        R = ns["dev"].R_xi
        parts = ns["parts"]
        sel = {"phase_gradient": values["phase_gradient"]} if "phase_gradient" in parts.dims else {}
        p = parts.sel(sel) if sel else parts
        ds = xr.Dataset(
            {
                "g_nl": ("v_inj", plus.g_nl.values * R, {"units": "ohm", "long_name": "g_nl/(G_inj G_det) at +∂xφ"}),
                "g_T": ("v_inj", plus.g_T.values * R, {"units": "ohm", "long_name": "charge-mode part"}),
                "g_L": ("v_inj", plus.g_L.values * R, {"units": "ohm", "long_name": "mode-mixing part"}),
                "g_ss": ("v_inj", p.g_ss.values, {"units": "ohm", "long_name": "Eq. 19"}),
                "g_sa": ("v_inj", p.g_sa.values, {"units": "ohm", "long_name": "Eq. 18"}),
                "g_a": ("v_inj", p.g_a.values if "g_a" in p else np.zeros_like(p.g_ss.values),
                        {"units": "ohm", "long_name": "Eq. 16"}),
                "g_eq21": ("v_inj", np.asarray(ns["g_eq21"]), {"units": "ohm", "long_name": "Eq. 21"}),
            },
            coords={"v_inj": ("v_inj", ns["v_inj"], {"units": "Delta0/e", "long_name": "eV_inj/Δ0"})},
            attrs={"neqsc_kind": "explore.nonlocal", **{k: float(v) for k, v in values.items()}, "R_xi": R},
        )  # fmt: skip
        v = ds.v_inj.values
        numbers = {
            "g_nl_peak": ("max g_nl", float(ds.g_nl.max()), "Ω"),
            "v_peak": ("at eV_inj/Δ0", float(v[int(np.argmax(ds.g_nl.values))]), ""),
            "g_eq21_peak": ("max Eq. 21", float(ds.g_eq21.max()), "Ω"),
            "g_T_max": ("max g_T (charge mode)", float(ds.g_T.max()), "Ω"),
            "g_a_max": ("max |g_a| (mode mixing, odd in I_s)", float(np.abs(ds.g_a).max()), "Ω"),
            "g_L_max": ("max |g_L|", float(np.abs(ds.g_L).max()), "Ω"),
        }
        return Result(ds, numbers)

    def build_figures(self):
        kw = {"width": 430, "height": 300, "tools": "pan,wheel_zoom,box_zoom,reset,hover"}
        self.src = ColumnDataSource({k: [] for k in ("v", "g_nl", "g_T", "g_L", "g_ss", "g_sa", "g_a", "g_eq21")})
        f1 = figure(title="g_nl(V_inj) and its parts (+∂xφ)", x_axis_label="eV_inj/Δ0", y_axis_label="Ω", **kw)
        f2 = figure(title="Symmetry decomposition (Eqs. 16–19)", x_axis_label="eV_inj/Δ0", y_axis_label="Ω", **kw)
        items1 = [
            ("g_nl", f1.line("v", "g_nl", source=self.src, line_width=2)),
            ("g_T charge", f1.line("v", "g_T", source=self.src, color="seagreen", line_dash="dashed")),
            ("g_L mixing", f1.line("v", "g_L", source=self.src, color="firebrick")),
            ("Eq. 21", f1.line("v", "g_eq21", source=self.src, color="black", line_dash="dotted", line_width=2)),
        ]
        items2 = [
            ("g_ss", f2.line("v", "g_ss", source=self.src, line_width=2)),
            ("g_sa", f2.line("v", "g_sa", source=self.src, color="darkorange")),
            ("g_a", f2.line("v", "g_a", source=self.src, color="firebrick")),
            ("Eq. 21", f2.line("v", "g_eq21", source=self.src, color="black", line_dash="dotted", line_width=2)),
        ]
        for f, items in ((f1, items1), (f2, items2)):
            f.add_layout(Legend(items=[(k, [r]) for k, r in items], click_policy="hide"), "right")
        return [f1, f2]

    def draw(self, result):
        ds = result.dataset
        self.src.data = {"v": ds.v_inj.values, **{k: ds[k].values for k in ("g_nl", "g_T", "g_L", "g_ss", "g_sa",
                                                                             "g_a", "g_eq21")}}  # fmt: skip

    def figure_png(self, result):
        from matplotlib.figure import Figure

        ds = result.dataset
        fig = Figure(figsize=(10, 4), layout="constrained")
        a, b = fig.subplots(1, 2)
        v = ds.v_inj.values
        for k, style in (("g_nl", "-"), ("g_T", "--"), ("g_L", "-"), ("g_eq21", ":")):
            a.plot(v, ds[k].values, style, label=k)
        for k, style in (("g_ss", "-"), ("g_sa", "-"), ("g_a", "-"), ("g_eq21", ":")):
            b.plot(v, ds[k].values, style, label=k)
        a.set(xlabel="eV_inj/Δ0", ylabel="g_nl/(G_inj G_det) (Ω)", title=f"∂xφ = {ds.attrs['phase_gradient']:g}/ξ")
        b.set(xlabel="eV_inj/Δ0", ylabel="Ω", title="symmetry decomposition")
        a.legend()
        b.legend()
        return fig
