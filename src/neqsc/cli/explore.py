"""``neqsc explore``: start the browser explorer (needs the ``explore`` extra: ``pip install "neqsc[explore]"``)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("explore")
    def explore(
        port: int = typer.Option(5006, "--port", help="TCP port of the web server."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default: loopback only)."),
        show: bool = typer.Option(False, "--show/--no-show", help="Open a browser tab."),
    ) -> None:
        """Interactive explorer in the browser: photonic NDTC designer, nonlocal spectroscopy, PSC wire."""
        try:
            import panel  # noqa: F401
        except ImportError as exc:
            raise typer.BadParameter('needs Panel: pip install "neqsc[explore]"', param_hint="explore") from exc
        from neqsc.explore import VIEWS, serve

        typer.echo(f"neqsc explorer on http://{host}:{port}/ — views: {', '.join('/' + v for v in VIEWS)}")
        serve(port=port, host=host, show=show)
