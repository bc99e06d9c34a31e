"""``pvgraph serve``."""

from __future__ import annotations

import click

from pvgraph.cli.options import settings_from, store_option


@click.command()
@store_option
@click.option("--host", default=None, help="Address to listen on. [setting: host]")
@click.option("--port", type=int, default=None, help="Port to listen on. [setting: port]")
def serve(store: str | None, host: str | None, port: int | None) -> None:
    """Serve the graph over HTTP (builds it first if the store is empty)."""
    from pvgraph.server.run import run_server  # the server is only imported when serving

    run_server(settings_from(store=store, host=host, port=port))
