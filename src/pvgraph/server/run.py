"""``pvgraph serve``: open the store, build it if empty, run uvicorn, close the store on exit.

One uvicorn process (the event loop) and ``max_concurrent_queries`` query worker processes that
it starts itself (see :mod:`pvgraph.query_pool`): run several uvicorn workers and each
would try to open the same RocksDB store for writing, which RocksDB refuses.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

import click
import uvicorn

from pvgraph import messages
from pvgraph.build import build_project
from pvgraph.server import access_log
from pvgraph.server.app import create_app
from pvgraph.server.catalog import start_publication
from pvgraph.server.state import app_state
from pvgraph.settings import Settings
from pvgraph.store import open_store

STARTUP_FAILURE = 3  # uvicorn's exit status when the server could not start


def run_server(settings: Settings, *, build: bool = True, log_access: bool = True) -> None:
    store = open_store(settings)
    try:
        if build and store.is_empty():
            click.echo(messages.text("building.store-empty", settings.lang), err=True)
            report = build_project(settings, store, progress=lambda m: click.echo(m, err=True))
            click.echo(report.summary(settings.lang), err=True)
        app = create_app(settings, store=store)
        start_publication(app)
        app_state(app).submission_worker.warm(settings)  # the first submission need not wait for it
        updates = messages.text("serving.updates-on" if settings.update_token else "serving.updates-off",
                                settings.lang)
        click.echo(messages.text("serving.started", settings.lang, host=settings.host, port=settings.port,
                                 workers=settings.max_concurrent_queries, timeout=settings.query_timeout,
                                 updates=updates), err=True)
        # pvgraph's access log (server/access_log.py), not uvicorn's: the same line, written
        # after the response instead of before it.
        served = access_log.AccessLogMiddleware(app) if log_access else app
        config = uvicorn.Config(served, host=settings.host, port=settings.port, log_level="info",
                                access_log=False, timeout_graceful_shutdown=5)
        server = uvicorn.Server(config)
        serve(server)
        if not server.started:  # the port was taken, or the lifespan failed: as uvicorn.run
            sys.exit(STARTUP_FAILURE)
    finally:
        store.close()  # flushes an embedded store


def serve(server: uvicorn.Server) -> None:
    """Run the server until SIGTERM or Ctrl-C, and return after its graceful shutdown.

    uvicorn handles SIGTERM and SIGINT while it serves, then raises the signal again once it has
    shut down; with the default action the process would die right there, before the store is
    closed. While it runs, SIGTERM only asks it to stop (the same as its own handler, and
    harmless when raised again after the shutdown), and the ``KeyboardInterrupt`` of a Ctrl-C
    ends here, as in ``uvicorn.run``.
    """

    def stop(signum: int, frame: FrameType | None) -> None:
        server.should_exit = True

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
