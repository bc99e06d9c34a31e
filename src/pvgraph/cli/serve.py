"""``pvgraph serve``."""

from __future__ import annotations

import click

from pvgraph.cli.options import settings_from, store_option


@click.command()
@store_option
@click.option("--host", default=None, help="Address to listen on. [setting: host]")
@click.option("--port", type=int, default=None, help="Port to listen on. [setting: port]")
@click.option("--query-timeout", type=float, default=None,
              help="Seconds a query may run before it is stopped. [setting: query_timeout]")
@click.option("--workers", "max_concurrent_queries", type=int, default=None,
              help="Query worker processes (queries run at once). [setting: max_concurrent_queries]")
@click.option("--build/--no-build", default=True, show_default=True,
              help="Build the graph first when the store is empty.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log every request (off for benchmarks).")
def serve(store: str | None, host: str | None, port: int | None, query_timeout: float | None,
          max_concurrent_queries: int | None, build: bool, access_log: bool) -> None:
    """Serve the graph over HTTP: SPARQL endpoint, named questions, validation, pages.

    Writes (SPARQL Update, Graph Store, submissions) are on only when PVGRAPH_UPDATE_TOKEN is set.
    """
    from pvgraph.server.run import run_server  # the server is only imported when serving

    settings = settings_from(store=store, host=host, port=port, query_timeout=query_timeout,
                             max_concurrent_queries=max_concurrent_queries)
    run_server(settings, build=build, log_access=access_log)
