"""``pvgraph serve``: open the store, build it if empty, run uvicorn."""

from __future__ import annotations

import click
import uvicorn

from pvgraph.build import build_project
from pvgraph.server.app import create_app
from pvgraph.settings import Settings
from pvgraph.store import open_store


def run_server(settings: Settings) -> None:
    store = open_store(settings)
    if store.is_empty():
        click.echo("the store is empty: building the graph first", err=True)
        report = build_project(settings, store, progress=lambda m: click.echo(m, err=True))
        click.echo(report.summary(), err=True)
    app = create_app(settings, store=store)
    click.echo(f"pvgraph serving on http://{settings.host}:{settings.port}/", err=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
