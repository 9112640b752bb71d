"""Photonic NDTC designer: source (resistor + Mattis–Bardeen film in series, or an NIS junction) and a resistor
drain joined by lossless lines; τ(ω), Q̇(T_S) with its NDTC windows, ∂Q̇/∂T_S and the heat balance T_S, T_D vs P_in.

Every number comes from :mod:`neqsc.photonic` (elements, ``transmission``, ``heat_current_map``, ``ndtc_windows``,
and ``design`` for the heat balance: the balance window, heater range, T_S and T_D vs P_in and ΔT_D). The
computation *is* the script shown in the "copy as Python" box: the worker executes that text, so the box reproduces
the page exactly.
"""

from __future__ import annotations

import collections
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed

import numpy as np
from bokeh.models import BoxAnnotation, ColumnDataSource
from bokeh.plotting import figure

from neqsc import materials
from neqsc.explore._app import Param, Result, View

__all__ = ["PhotonicView"]

TOPOLOGIES = ("resistor+film", "nis")
METALS = tuple(n for n in materials.names() if materials.get(n).kind == "normal" and materials.get(n).sigma_eph)
FILMS = tuple(n for n in materials.names() if materials.get(n).kind == "superconductor" and materials.get(n).sigma_eph)


def _default(material: str, field: str) -> float:
    return float(getattr(materials.get(material), field))


def script(v: dict) -> str:
    """The Python code that computes the view for parameter values ``v`` (units as in the widgets)."""
    return "".join(script_parts(v))


def script_parts(v: dict) -> tuple[str, str, str]:
    """:func:`script` in three consecutive parts: the prelude (imports, R_D, Tc), the Q̇ map with its windows and
    τ(ω), and the heat balance. The map and the balance each depend only on the prelude and their own text."""
    if v["topology"] == "nis":
        source = (
            f"source = NISJunction(R_N={v['r']!r} * R_D, C={v['C']!r}e-15, Tc=Tc, dynes={v['gamma']!r}, "
            f"gap_model={v['gap_model']!r})"
        )
    else:
        source = (
            f"source = Series(Resistor(R_D), MattisBardeenFilm(R_n={v['r']!r} * R_D, Tc=Tc, "
            f"gap_model={v['gap_model']!r}, dynes={v['gamma']!r}))"
        )
    if v["topology"] == "nis":
        balance = "balance = None  # design() covers the series-film source only\n"
    else:
        balance = f"""\
film = dict(material={v["film"]!r}, resistance={v["r"]!r} * R_D, volume={v["V_S"]!r}e-18, sigma_eph={v["sigma_S"]!r},
            Tc=Tc)  # Ω, m³, W m⁻³K⁻ⁿ, K
metal = dict(material={v["metal"]!r}, resistance=R_D, volume={v["V_N"]!r}e-18, sigma_eph={v["sigma_N"]!r})
balance = design(film, series=metal, drain=metal, T_bath={v["T_bath"]!r}e-3, gap_model={v["gap_model"]!r},
                 dynes={v["gamma"]!r}, n_points={int(v["n_balance"])!r})  # dimension P_in (W): T_S, T_D (K)
summary = design_summary(balance)  # the key numbers in mK and pW
"""
    prelude = f"""\
import numpy as np
from neqsc.photonic import (MattisBardeenFilm, NISJunction, Resistor, Series, design, design_summary,
                            heat_current_map, ndtc_windows, transmission)

R_D = {v["R_D"]!r}  # Ω: drain resistor (and the source's series resistor)
Tc = {v["Tc"]!r}  # K
"""
    q_map = f"""\
{source}
drain = Resistor(R_D)
T_D = {v["T_D"]!r}e-3  # K, drain temperature for Q̇(T_S)

# Q̇(T_S) at fixed T_D and ∂Q̇/∂T_S; the NDTC windows where ∂Q̇/∂T_S < 0 (edges located by ndtc_windows,
# bracketed by the sign of dQ_dTS on the grid)
T_S = np.linspace(0.2 * Tc, 1.5 * Tc, 105)  # K
Q, dQ_dTS, _ = (a[:, 0] for a in heat_current_map(source, drain, T_S, [T_D], derivatives=True))  # W, W/K
windows = ndtc_windows(source, drain, T_S, T_D, conductance=dQ_dTS)  # [(T_start, T_end)] in K

# transmission τ(ω) at T_S = 0.85 Tc
omega = 2 * np.pi * np.geomspace(1e8, 2e11, 300)  # rad/s
tau = transmission(source, drain, omega, 0.85 * Tc, T_D)

"""
    balance = f"""\
# heat balance (phonon bath T_bath) of the series-film device: neqsc.photonic.design finds the balance window,
# the heater-power range across it, T_S and T_D vs P_in and the drain cooling ΔT_D
{balance}"""
    return prelude, q_map, balance


_CACHE: collections.OrderedDict[str, dict] = collections.OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def _run_parts(parts: tuple[str, str, str], progress) -> dict:
    """Execute the view's script part by part; a part whose text (with the prelude's) is unchanged since a recent
    run is not executed again: its names are taken from that run. So changing T_D recomputes only the Q̇ map, and
    changing an e–ph constant only the balance (the text determines the result: the engines are deterministic).
    Parts to execute run concurrently, each in a copy of the prelude's names (they are independent, and the
    Mattis–Bardeen kernel releases the GIL), so a change of R_D, r or Tc costs the longer part, not the sum."""
    prelude, *rest = parts
    ns: dict = {}
    exec(compile(prelude, "<photonic view>", "exec"), ns)

    def run(part: str) -> dict:
        local = dict(ns)
        exec(compile(part, "<photonic view>", "exec"), local)
        return {name: value for name, value in local.items() if name not in ns}

    hits: list = []
    for part in rest:
        with _CACHE_LOCK:
            hit = _CACHE.get(prelude + part)
            if hit is not None:
                _CACHE.move_to_end(prelude + part)
        hits.append(hit)
    todo = [k for k, hit in enumerate(hits) if hit is None]
    done = len(rest) - len(todo)
    if done:
        progress(done, len(rest))
    pool = ThreadPoolExecutor(max_workers=max(len(todo), 1))
    try:
        futures = {pool.submit(run, rest[k]): k for k in todo}
        for future in as_completed(futures):
            k = futures[future]
            hits[k] = future.result()
            with _CACHE_LOCK:
                _CACHE[prelude + rest[k]] = hits[k]
                while len(_CACHE) > _CACHE_SIZE:
                    _CACHE.popitem(last=False)
            done += 1
            progress(done, len(rest))  # raises when the user cancelled: return without waiting for the other part
    finally:
        pool.shutdown(wait=False)
    for hit in hits:
        ns.update(hit)
    return ns


class PhotonicView(View):
    slug = "photonic"
    title = "Photonic NDTC designer"
    intro = (
        "Source and drain reservoirs joined by lossless lines. Q̇(T_S) at fixed T_D with the windows of negative "
        "differential thermal conductance shaded; heat balance with the phonon bath at T_bath. "
        "Changing the metal or film fills in its e–ph constant Σ from the materials table (editable)."
    )
    params = (
        Param("topology", "Source", "resistor+film", options=TOPOLOGIES),
        Param("R_D", "R_D", 2.857, 1e-3, 1e5, "Ω", step=0.1),
        Param("r", "r = R_n / R_D", 36.0, 1e-3, 1e5, "", step=1.0),
        Param("Tc", "Tc", 0.4, 0.01, 20.0, "K", step=0.05),
        Param("gap_model", "Gap model", "tanh", options=("tanh", "bcs")),
        Param("gamma", "Dynes γ", 0.0, 0.0, 0.1, "", step=1e-4),
        Param("C", "NIS capacitance C", 50.0, 1e-3, 1e6, "fF", step=10.0),
        Param("T_D", "T_D", 30.0, 1.0, 5000.0, "mK", step=5.0),
        Param("T_bath", "T_bath (phonons)", 30.0, 1.0, 5000.0, "mK", step=5.0),
        Param("metal", "Normal metal", "Cu", options=METALS),
        Param("sigma_N", "Σ_N", _default("Cu", "sigma_eph"), 1e6, 1e11, "W m⁻³K⁻⁵", step=1e8),
        Param("V_N", "V_N", 0.042, 1e-6, 1e3, "µm³", step=0.01),
        Param("film", "Superconductor", "Ti", options=FILMS),
        Param("sigma_S", "Σ_S", _default("Ti", "sigma_eph"), 1e6, 1e11, "W m⁻³K⁻⁵", step=1e8),
        Param("V_S", "V_S", 0.105, 1e-6, 1e3, "µm³", step=0.01),
        Param("n_balance", "balance points", 30, 10, 5000, "", integer=True, step=10),
    )

    def on_change(self, name, value):
        if name == "metal":
            self.set_value("sigma_N", _default(value, "sigma_eph"))
        elif name == "film":
            self.set_value("sigma_S", _default(value, "sigma_eph"))
            self.set_value("Tc", _default(value, "Tc"))

    def code(self, values):
        return script(values)

    def compute(self, values, progress):
        import xarray as xr

        ns = _run_parts(script_parts(values), progress)
        windows, bal = ns["windows"], ns["balance"]
        data = {
            "Q": ("T_S", ns["Q"], {"units": "W", "long_name": "heat current Q̇(T_S, T_D)"}),
            "dQ_dT_S": ("T_S", ns["dQ_dTS"], {"units": "W/K", "long_name": "∂Q̇/∂T_S"}),
            "tau": ("omega", ns["tau"], {"units": "1", "long_name": "transmission τ(ω) at T_S = 0.85 Tc"}),
            "window_start": ("window", [w[0] for w in windows], {"units": "K"}),
            "window_end": ("window", [w[1] for w in windows], {"units": "K"}),
        }
        coords = {"T_S": ("T_S", ns["T_S"], {"units": "K"}), "omega": ("omega", ns["omega"], {"units": "rad/s"})}
        attrs = {"neqsc_kind": "explore.photonic", "T_D": ns["T_D"]}
        if bal is not None:
            for name in ("T_S", "T_D", "delta_T_D"):
                data[f"balance_{name}"] = ("P_in", bal[name].values, bal[name].attrs)
            coords["P_in"] = ("P_in", bal.P_in.values, bal.P_in.attrs)
            attrs.update({f"balance_{k}": v for k, v in bal.attrs.items() if isinstance(v, int | float)})
        ds = xr.Dataset(data, coords=coords, attrs=attrs)
        numbers = {}
        for k, (a, b) in enumerate(windows):
            numbers[f"window{k}_start"] = (f"NDTC window {k + 1} of Q̇ at T_D: from", a * 1e3, "mK")
            numbers[f"window{k}_end"] = (f"NDTC window {k + 1} of Q̇ at T_D: to", b * 1e3, "mK")
        if not windows:
            numbers["windows"] = ("NDTC windows on the T_S grid", 0, "")
        if bal is None:
            numbers["balance"] = ("heat balance (design): series-film source only", np.nan, "")
        elif "window_P_in_start" in bal.attrs:
            a = bal.attrs
            numbers["balance_window_start"] = ("balance NDTC window in T_S: from", a["window_T_S_start"] * 1e3, "mK")
            numbers["balance_window_end"] = ("balance NDTC window in T_S: to", a["window_T_S_end"] * 1e3, "mK")
            numbers["P_start"] = ("heater power range: from", a["window_P_in_start"] * 1e12, "pW")
            numbers["P_end"] = ("heater power range: to", a["window_P_in_end"] * 1e12, "pW")
            numbers["T_D_max"] = ("max T_D (balance)", a["T_D_max"] * 1e3, "mK")
            numbers["dT_D"] = ("ΔT_D (drain cooling across the window)", a["delta_T_D_mK"], "mK")
        else:
            numbers["dT_D"] = ("ΔT_D (no NDTC in the balance)", 0.0, "mK")
        return Result(ds, numbers, {"windows": windows})

    def build_figures(self):
        kw = {"width": 430, "height": 280, "tools": "pan,wheel_zoom,box_zoom,reset,hover"}
        self.src_q = ColumnDataSource({"T": [], "Q": [], "dQ": []})
        self.src_tau = ColumnDataSource({"f": [], "tau": []})
        self.src_bal = ColumnDataSource({"P": [], "T_S": [], "T_D": []})
        f_tau = figure(title="Transmission τ(ω) at T_S = 0.85 Tc", x_axis_type="log", x_axis_label="f (GHz)",
                       y_axis_label="τ", **kw)  # fmt: skip
        f_tau.line("f", "tau", source=self.src_tau, line_width=2)
        f_q = figure(title="Heat current Q̇(T_S) (shaded: NDTC)", x_axis_label="T_S (mK)", y_axis_label="Q̇ (pW)", **kw)
        f_q.line("T", "Q", source=self.src_q, line_width=2)
        f_dq = figure(title="∂Q̇/∂T_S", x_axis_label="T_S (mK)", y_axis_label="∂Q̇/∂T_S (pW/K)", **kw)
        f_dq.line("T", "dQ", source=self.src_q, line_width=2, color="firebrick")
        self.boxes = []
        for fig in (f_q, f_dq):
            for _ in range(3):
                box = BoxAnnotation(left=0, right=0, fill_alpha=0.2, fill_color="orange", visible=False)
                fig.add_layout(box)
                self.boxes.append(box)
        f_ts = figure(title="Balance: T_S vs heater power (shaded: NDTC)", x_axis_label="P_in (pW)",
                      y_axis_label="T_S (mK)", **kw)  # fmt: skip
        f_ts.line("P", "T_S", source=self.src_bal, line_width=2, color="darkorange")
        f_td = figure(title="Balance: T_D vs heater power", x_axis_label="P_in (pW)", y_axis_label="T_D (mK)", **kw)
        f_td.line("P", "T_D", source=self.src_bal, line_width=2, color="seagreen")
        self.power_boxes = []
        for fig in (f_ts, f_td):  # the heater-power range of the balance NDTC window (design)
            box = BoxAnnotation(left=0, right=0, fill_alpha=0.2, fill_color="orange", visible=False)
            fig.add_layout(box)
            self.power_boxes.append(box)
        return [f_q, f_dq, f_tau, f_ts, f_td]

    def draw(self, result):
        ds = result.dataset
        self.src_q.data = {"T": ds.T_S.values * 1e3, "Q": ds.Q.values * 1e12, "dQ": ds.dQ_dT_S.values * 1e12}
        self.src_tau.data = {"f": ds.omega.values / (2 * np.pi) / 1e9, "tau": ds.tau.values}
        if "P_in" in ds.coords:
            self.src_bal.data = {"P": ds.P_in.values * 1e12, "T_S": ds.balance_T_S.values * 1e3,
                                 "T_D": ds.balance_T_D.values * 1e3}  # fmt: skip
        else:
            self.src_bal.data = {"P": [], "T_S": [], "T_D": []}
        a = ds.attrs
        for box in self.power_boxes:
            box.visible = "balance_window_P_in_start" in a
            if box.visible:
                box.left, box.right = a["balance_window_P_in_start"] * 1e12, a["balance_window_P_in_end"] * 1e12
        windows = result.extra["windows"][:3]
        for k, box in enumerate(self.boxes):
            w = windows[k % 3] if k % 3 < len(windows) else None
            box.visible = w is not None
            if w is not None:
                box.left, box.right = w[0] * 1e3, w[1] * 1e3

    def figure_png(self, result):
        from matplotlib.figure import Figure

        ds = result.dataset
        fig = Figure(figsize=(10, 6.5), layout="constrained")
        ax = fig.subplots(2, 2)
        T = ds.T_S.values * 1e3
        ax[0, 0].plot(T, ds.Q.values * 1e12)
        ax[0, 0].set(xlabel="T_S (mK)", ylabel="Q̇ (pW)", title=f"Q̇(T_S) at T_D = {ds.attrs['T_D'] * 1e3:g} mK")
        ax[0, 1].plot(T, ds.dQ_dT_S.values * 1e12, color="firebrick")
        ax[0, 1].set(xlabel="T_S (mK)", ylabel="∂Q̇/∂T_S (pW/K)")
        for a, b in result.extra["windows"]:
            for x in (ax[0, 0], ax[0, 1]):
                x.axvspan(a * 1e3, b * 1e3, color="orange", alpha=0.2)
        ax[1, 0].semilogx(ds.omega.values / (2 * np.pi) / 1e9, ds.tau.values)
        ax[1, 0].set(xlabel="f (GHz)", ylabel="τ", title="τ(ω) at T_S = 0.85 Tc")
        if "P_in" in ds.coords:
            P = ds.P_in.values * 1e12
            ax[1, 1].plot(P, ds.balance_T_D.values * 1e3, color="seagreen", label="T_D")
            title = f"ΔT_D = {ds.attrs['balance_delta_T_D_mK']:.3g} mK"
            ax[1, 1].set(xlabel="P_in (pW)", ylabel="T_D (mK)", title=title)
            twin = ax[1, 1].twinx()
            twin.plot(P, ds.balance_T_S.values * 1e3, color="darkorange")
            twin.set_ylabel("T_S (mK)", color="darkorange")
            if "balance_window_P_in_start" in ds.attrs:
                a = ds.attrs
                ax[1, 1].axvspan(a["balance_window_P_in_start"] * 1e12, a["balance_window_P_in_end"] * 1e12,
                                 color="orange", alpha=0.2)  # fmt: skip
        return fig
