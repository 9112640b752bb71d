"""``neqsc explore``: an interactive explorer of the engines in the browser (Panel + Bokeh).

Views (one URL each; the parameters are in the page's query string, so a link reproduces the view):

* ``/photonic`` — photonic NDTC designer (:mod:`neqsc.explore.photonic`);
* ``/nonlocal`` — nonlocal NIS spectroscopy (:mod:`neqsc.explore.nonlocal_view`);
* ``/wire`` — phase-slip-centre wire (:mod:`neqsc.explore.wire`).

The app adds no physics: every number comes from the engines' public API, and each view shows the Python code that
reproduces it. Needs the optional extra ``pip install "neqsc[explore]"``.
"""

from __future__ import annotations

__all__ = ["VIEWS", "serve"]

VIEWS = ("photonic", "nonlocal", "wire")
LOOPBACK = ("127.0.0.1", "localhost")


def _view_classes() -> dict:
    from neqsc.explore.nonlocal_view import NonlocalView
    from neqsc.explore.photonic import PhotonicView
    from neqsc.explore.wire import WireView

    return {"photonic": PhotonicView, "nonlocal": NonlocalView, "wire": WireView}


def serve(port: int = 5006, host: str = "127.0.0.1", show: bool = False, start: bool = True):
    """Start the explorer's web server on ``host``:``port`` (0 picks a free port) and block until stopped.

    With ``start=False`` the server is returned unstarted-blocking (``threaded``), for tests.
    """
    import panel as pn

    from neqsc.explore import _app

    classes = _view_classes()
    _app.VIEW_LINKS[:] = [(slug, cls.title) for slug, cls in classes.items()]
    apps = {slug: (lambda cls=cls: cls().panel()) for slug, cls in classes.items()}
    pn.extension(notifications=False)
    return pn.serve(
        apps,
        port=port,
        address=host,
        # loopback: only pages served from this machine may connect; another --host is the user's explicit choice
        websocket_origin=[f"{host}:{port}", f"localhost:{port}"] if port and host in LOOPBACK else "*",
        show=show,
        start=start,
        title="neqsc explorer",
        threaded=not start,
    )
