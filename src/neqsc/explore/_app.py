"""Shared machinery of the explorer views: parameter widgets, refusal of bad input, a background worker with
progress and cancel, URL synchronisation, downloads (netCDF, PNG) and the "copy as Python" box.

A view subclasses :class:`View`: it declares its parameters (:class:`Param`), computes a :class:`Result` from a dict
of parameter values in a worker thread (engine calls only), draws the result into Bokeh figures, writes the Python
code that reproduces it and a Matplotlib figure for the PNG download. Nothing in this module knows any physics.
"""

from __future__ import annotations

import dataclasses
import html
import io
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import panel as pn
import xarray as xr

from neqsc.errors import NeqscError

__all__ = ["Cancelled", "Param", "Result", "View", "fmt"]


class Cancelled(Exception):
    """Raised inside a worker's progress callback when the user pressed Cancel or changed a parameter."""


@dataclasses.dataclass(frozen=True)
class Param:
    """One input of a view: ``name`` is its URL key and the keyword in the generated code.

    Numbers are refused outside [``lo``, ``hi``] (in the unit shown, ``unit``); ``options`` makes a selection.
    ``quantity`` (an SI unit, e.g. ``"m"``) makes a text input for a unit string (``"2 um"``) read by
    :func:`neqsc.units.parse_quantity`; then ``lo``, ``hi`` are in that SI unit.
    """

    name: str
    label: str
    default: Any
    lo: float | None = None
    hi: float | None = None
    unit: str = ""
    options: tuple[str, ...] = ()
    step: float | None = None
    integer: bool = False
    help: str = ""
    quantity: str = ""

    def check(self, value: Any) -> str | None:
        """None if ``value`` is allowed, else the refusal message."""
        if self.quantity:
            from neqsc.units import parse_quantity

            try:
                number = parse_quantity(value, self.quantity, self.name)
            except NeqscError as exc:
                return f"{self.label} = {value!r} refused: {exc}"
            if not np.isfinite(number) or not self.lo <= number <= self.hi:
                q = self.quantity
                return f"{self.label} = {value} refused: allowed {self.lo:g} … {self.hi:g} {q} (e.g. {self.default!r})"
            return None
        if self.options:
            return None if value in self.options else f"{self.label}: choose one of {', '.join(self.options)}"
        if value is None or not np.isfinite(value):
            return f"{self.label}: a number is required"
        if self.integer and value != int(value):
            return f"{self.label}: an integer is required"
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            unit = f" {self.unit}" if self.unit else ""
            return f"{self.label} = {value:g}{unit} refused: allowed {self.lo:g} … {self.hi:g}{unit}"
        return None

    def widget(self) -> pn.widgets.Widget:
        title = f"{self.label} [{self.unit}]" if self.unit else self.label
        if self.quantity:
            return pn.widgets.TextInput(name=title, value=self.default, width=220, css_classes=[f"nq-w-{self.name}"])
        if self.options:
            return pn.widgets.Select(
                name=title, options=list(self.options), value=self.default, width=220, css_classes=[f"nq-w-{self.name}"]
            )
        cls = pn.widgets.IntInput if self.integer else pn.widgets.FloatInput
        kw = {"step": self.step} if self.step is not None else {}
        return cls(name=title, value=self.default, width=220, css_classes=[f"nq-w-{self.name}"], **kw)


@dataclasses.dataclass
class Result:
    """What a computation returns: the dataset offered for download, the headline numbers shown on the page (and
    read by the tests), and anything the figures need."""

    dataset: xr.Dataset
    numbers: dict[str, tuple[str, float, str]]  # key → (label, value, unit)
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    seconds: float = 0.0


def fmt(value: float, digits: int = 4) -> str:
    """Number as shown on the page (and parsed back by the tests): ``digits`` significant figures."""
    if value is None or not np.isfinite(value):
        return "—"
    return f"{value:.{digits}g}"


class _Job:
    def __init__(self, compute: Callable[[dict, Callable[[int, int], None]], Result], values: dict, generation: int):
        self.values = dict(values)
        self.generation = generation
        self.cancel = threading.Event()
        self.done_total = (0, 0)
        self.result: Result | None = None
        self.error: str | None = None
        self.finished = False
        self.thread = threading.Thread(target=self._run, args=(compute,), daemon=True)

    def progress(self, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise Cancelled
        self.done_total = (int(done), int(total))

    def _run(self, compute) -> None:
        start = time.perf_counter()
        try:
            self.result = compute(self.values, self.progress)
            self.result.seconds = time.perf_counter() - start
        except Cancelled:
            self.error = "cancelled"
        except NeqscError as exc:  # InvalidParameter, ConvergenceError: the engine's own message
            self.error = str(exc)
        except Exception as exc:  # a failed run must leave the page usable: report, never raise into the server
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.finished = True


class View:
    """Base class of a page. Subclasses set ``slug``, ``title``, ``intro``, ``params`` and implement ``compute``,
    ``build_figures``, ``draw``, ``code`` and ``figure_png``."""

    slug = ""
    title = ""
    intro = ""
    params: tuple[Param, ...] = ()
    run_button = False  # True: long computations start on "Run" (and on page load) instead of on every change
    poll_ms = 100

    # ----------------------------------------------------------------- to implement
    def compute(self, values: dict, progress: Callable[[int, int], None]) -> Result:  # pragma: no cover
        raise NotImplementedError

    def build_figures(self) -> list:  # pragma: no cover
        raise NotImplementedError

    def draw(self, result: Result) -> None:  # pragma: no cover
        raise NotImplementedError

    def code(self, values: dict) -> str:  # pragma: no cover
        raise NotImplementedError

    def figure_png(self, result: Result):  # pragma: no cover
        """A matplotlib ``Figure`` of the result (drawn without pyplot, so it is thread-safe)."""
        raise NotImplementedError

    def on_change(self, name: str, value: Any) -> None:
        """Hook: a parameter changed (e.g. a material choice fills in its constants)."""

    # ----------------------------------------------------------------- machinery
    def __init__(self) -> None:
        self.widgets = {p.name: p.widget() for p in self.params}
        self.spec = {p.name: p for p in self.params}
        self.values = {p.name: p.default for p in self.params}
        self.result: Result | None = None
        self.job: _Job | None = None
        self.generation = 0
        self._reverting = False
        self.message = pn.pane.HTML("", visible=False, sizing_mode="stretch_width")
        self.status = pn.pane.HTML("", css_classes=["nq-status"], sizing_mode="stretch_width")
        self.numbers = pn.pane.HTML("", css_classes=["nq-numbers"], sizing_mode="stretch_width")
        self.code_box = pn.pane.HTML("", css_classes=["nq-code"], sizing_mode="stretch_width")
        self.progress_bar = pn.indicators.Progress(value=0, max=100, width=220, visible=False, bar_color="primary")
        self.cancel_button = pn.widgets.Button(name="Cancel", button_type="warning", width=100, disabled=True)
        self.cancel_button.on_click(lambda _event: self.cancel())
        self.run = pn.widgets.Button(name="Run", button_type="primary", width=100)
        self.run.on_click(lambda _event: self.start())
        self.download_nc = pn.widgets.FileDownload(
            callback=self._netcdf_bytes, filename=f"neqsc-{self.slug}.nc", label="Data (netCDF)", width=220
        )
        self.download_png = pn.widgets.FileDownload(
            callback=self._png_bytes, filename=f"neqsc-{self.slug}.png", label="Figure (PNG)", width=220
        )
        for name, w in self.widgets.items():
            w.param.watch(lambda event, name=name: self._changed(name, event), "value")

    def _changed(self, name: str, event) -> None:
        if self._reverting:
            return
        problem = self.spec[name].check(event.new)
        if problem is not None:
            self._show_message(problem)
            self._revert(name)
            return
        self._show_message(None)
        self.values[name] = event.new
        self.on_change(name, event.new)
        self._update_code()
        if not self.run_button:
            self.start()

    def _revert(self, name: str) -> None:
        """Put the last accepted value back into the widget (on the next tick: a value changed by the browser in the
        same round trip would not be sent back to it)."""

        def revert():
            self._reverting = True
            try:
                self.widgets[name].value = self.values[name]
            finally:
                self._reverting = False

        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None:
            doc.add_next_tick_callback(revert)
        else:
            revert()

    def set_value(self, name: str, value: Any) -> None:
        """Change a parameter from code (a hook filling in defaults); fires the usual update."""
        self.widgets[name].value = value

    def _show_message(self, text: str | None) -> None:
        self.message.object = (
            "<div class='nq-error' style='background:#f8d7da;color:#842029;border:1px solid #f5c2c7;"
            f"border-radius:4px;padding:6px 10px'>{html.escape(text or '')}</div>"
        )
        self.message.visible = bool(text)

    def _update_code(self) -> None:
        self.code_box.object = (
            "<b>Copy as Python</b> — the API calls that reproduce this view:"
            "<pre class='nq-code-text' style='font-size:11px;white-space:pre-wrap'>"
            f"{html.escape(self.code(self.values))}</pre>"
        )

    def start(self) -> None:
        """Start a computation with the current values in a worker thread (a running one is cancelled)."""
        if self.job is not None and not self.job.finished:
            self.job.cancel.set()
        self.generation += 1
        self.job = _Job(self.compute, self.values, self.generation)
        self.job.thread.start()
        self.status.object = f"<span class='nq-busy' data-generation='{self.generation}'>computing…</span>"
        self.progress_bar.value = 0
        self.progress_bar.visible = True
        self.cancel_button.disabled = False

    def cancel(self) -> None:
        if self.job is not None and not self.job.finished:
            self.job.cancel.set()

    def _poll(self) -> None:
        job = self.job
        if job is None:
            return
        done, total = job.done_total
        if total > 0:
            self.progress_bar.value = int(100 * done / total)
        if not job.finished or job.generation != self.generation or getattr(job, "shown", False):
            return
        job.shown = True
        self.progress_bar.visible = False
        self.cancel_button.disabled = True
        if job.error is not None:
            if job.error == "cancelled":
                self.status.object = "<span class='nq-cancelled'>cancelled — change a value or press Run</span>"
            else:
                self.status.object = "<span class='nq-failed'>run failed</span>"
                self._show_message(f"The computation failed: {job.error}")
            return
        self.result = job.result
        try:
            self.draw(job.result)
        except Exception as exc:  # drawing must not take the page down either
            self._show_message(f"Could not draw the result: {type(exc).__name__}: {exc}")
            return
        self._show_numbers(job.result)
        self.status.object = (
            f"<span class='nq-done' data-generation='{job.generation}' data-seconds='{job.result.seconds:.3f}'>"
            f"updated in {job.result.seconds:.2f} s</span>"
        )

    def _show_numbers(self, result: Result) -> None:
        rows = "".join(
            f"<tr><td>{html.escape(label)}</td><td><span class='nq-value' data-key='{key}'>{fmt(value)}</span> "
            f"{html.escape(unit)}</td></tr>"
            for key, (label, value, unit) in result.numbers.items()
        )
        self.numbers.object = f"<table class='nq-table'>{rows}</table>"

    def _netcdf_bytes(self):
        from neqsc import io as nio

        if self.result is None:
            return io.BytesIO(b"")
        with tempfile.TemporaryDirectory() as tmp:
            path = nio.save(self.result.dataset, Path(tmp) / "view.nc", parameters=dict(self.values))
            return io.BytesIO(path.read_bytes())

    def _png_bytes(self):
        if self.result is None:
            return io.BytesIO(b"")
        fig = self.figure_png(self.result)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=120)
        buf.seek(0)
        return buf

    def panel(self) -> pn.viewable.Viewable:
        """The page of one browser session: widgets, URL sync, polling of the worker, the first computation."""
        figures = self.build_figures()
        controls = pn.Column(
            *self.widgets.values(),
            pn.Row(self.run, self.cancel_button) if self.run_button else self.cancel_button,
            self.progress_bar,
            self.download_nc,
            self.download_png,
            width=250,
        )
        main = pn.Column(
            pn.pane.Markdown(f"## {self.title}\n{self.intro}", sizing_mode="stretch_width"),
            self.message,
            self.status,
            self.numbers,
            pn.GridBox(*figures, ncols=2),
            self.code_box,
            sizing_mode="stretch_width",
        )
        nav = pn.pane.HTML(
            " · ".join(f"<a href='./{slug}'>{title}</a>" for slug, title in VIEW_LINKS), sizing_mode="stretch_width"
        )
        page = pn.Column(nav, pn.Row(controls, main, sizing_mode="stretch_width"), sizing_mode="stretch_width")
        if pn.state.location is not None:
            for name, w in self.widgets.items():
                pn.state.location.sync(w, {"value": name})
        self._update_code()
        pn.state.onload(self._first_run)
        return page

    def _first_run(self) -> None:
        pn.state.add_periodic_callback(self._poll, period=self.poll_ms)
        self.start()


VIEW_LINKS: list[tuple[str, str]] = []
