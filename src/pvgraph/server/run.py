"""``pvgraph serve``: open the store, build it if empty, run uvicorn, close the store on exit.

One uvicorn process (the event loop) and ``max_concurrent_queries`` query worker processes that
it starts itself (see :mod:`pvgraph.query_pool`): run several uvicorn workers and each
would try to open the same RocksDB store for writing, which RocksDB refuses.
"""

from __future__ import annotations

import click
import uvicorn

from pvgraph.build import build_project
from pvgraph.server.app import create_app
from pvgraph.server.catalog import start_publication
from pvgraph.settings import Settings
from pvgraph.store import open_store


def run_server(settings: Settings, *, build: bool = True, access_log: bool = True) -> None:
    store = open_store(settings)
    try:
        if build and store.is_empty():
            click.echo("the store is empty: building the graph first", err=True)
            report = build_project(settings, store, progress=lambda m: click.echo(m, err=True))
            click.echo(report.summary(), err=True)
        app = create_app(settings, store=store)
        start_publication(app)
        click.echo(f"pvgraph serving on http://{settings.host}:{settings.port}/ "
                   f"(SPARQL: /sparql, {settings.max_concurrent_queries} query workers, "
                   f"timeout {settings.query_timeout:g} s, "
                   f"updates {'on (token)' if settings.update_token else 'off'})", err=True)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info",
                    access_log=access_log, timeout_graceful_shutdown=5)
    finally:
        store.close()  # flushes an embedded store
