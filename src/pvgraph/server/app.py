"""``create_app(settings)``: one FastAPI app, one router per concern, one state, one lifespan.

No globals: everything the app keeps between requests is built here, at once, into one typed
:class:`~pvgraph.server.state.ServerState` (``app.state.pvgraph``) that the routes read through
:func:`~pvgraph.server.state.state_of`; and one lifespan (:func:`lifespan`) starts and stops what
needs it, in one place, instead of one per router.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from pvgraph import __version__
from pvgraph.publish.cache import PublishCache
from pvgraph.query_pool import AnswerCache
from pvgraph.server.catalog import PublishState
from pvgraph.server.layers import LayeredApp
from pvgraph.server.limits import BodyLimitMiddleware
from pvgraph.server.metrics import Metrics
from pvgraph.server.replay import ReplayMiddleware
from pvgraph.server.runner import make_runner
from pvgraph.server.sparql_direct import DirectQueryMiddleware
from pvgraph.server.state import ServerState, app_state
from pvgraph.settings import Settings
from pvgraph.stewards import TokenRegistry, tokens_path
from pvgraph.store import Store, open_store
from pvgraph.submissions.worker import SubmissionWorker

log = logging.getLogger("pvgraph.server")


def create_app(settings: Settings, *, store: Store | None = None) -> FastAPI:
    """The application, serving ``store`` (opened from the settings when not given)."""
    from pvgraph.server.api_docs import OPENAPI_PATH

    # /-/docs is pvgraph's own route (server/api_docs.py): FastAPI's loads Swagger UI from a CDN.
    app = LayeredApp(title="pvgraph", version=__version__, docs_url=None, redoc_url=None,
                     openapi_url=OPENAPI_PATH, lifespan=lifespan)
    app.state.pvgraph = new_state(settings, store if store is not None else open_store(settings))

    # One router per concern; each module exposes `router`.
    from pvgraph.server import (
        api_docs,
        errors,
        graph_store,
        health,
        linked_data,
        metrics,
        pages,
        queries,
        sparql,
        spreadsheets,
        submissions,
        templating,
    )

    # pvgraph's pure ASGI layers, in front of FastAPI (server/layers.py); a request meets them
    # in the reverse order: the metrics (which count every answer), the /healthz probe, the
    # replayed /sparql answers (which read a body of 16 kB at most), the body-size limit (an
    # over-large body refused before FastAPI reads it), the end of a bug once answered (the
    # connection stays open: server/errors.py), the plain /sparql queries answered by the
    # route's own functions (server/sparql_direct.py).
    app.add_layer(DirectQueryMiddleware, app_ref=app)
    app.add_layer(errors.SettledBugs, app_ref=app)
    app.add_layer(BodyLimitMiddleware, limit=app.state.pvgraph.settings.max_body_bytes,
                  lang=app.state.pvgraph.settings.lang)
    app.add_layer(ReplayMiddleware, app_ref=app)
    app.add_layer(health.ProbeMiddleware, app_ref=app)
    metrics.install(app)
    # The routes asked most (probes, the SPARQL endpoint) first: the router tries each in turn.
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(api_docs.router)
    from pvgraph.server import catalog as catalog_routes

    app.include_router(catalog_routes.router)
    app.include_router(graph_store.router)
    app.include_router(queries.router)
    app.include_router(spreadsheets.router)  # before submissions: /submissions/{id}/files/… are more specific
    app.include_router(submissions.router)
    app.include_router(metrics.router)
    app.include_router(pages.router)
    app.include_router(linked_data.router)
    errors.install(app)  # the one handler: the JSON error shape, HTML 404/405 pages for browsers
    templating.mount_static(app)
    return app


def new_state(settings: Settings, store: Store) -> ServerState:
    """Everything the app keeps between requests, made now."""
    from pvgraph.server.runner import make_runner

    return ServerState(settings=settings, store=store, runner=make_runner(settings, store),
                       answers=AnswerCache(), metrics=Metrics(), publish=new_publication(settings),
                       tokens=TokenRegistry(tokens_path(settings)), submission_worker=SubmissionWorker(store))


def new_publication(settings: Settings) -> PublishState:
    root = Path(settings.publish_dir)
    if not root.is_absolute():
        root = settings.root / root
    return PublishState(cache=PublishCache(root, public_base=settings.public_base))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The server's start and stop, in order.

    Start: take the submissions' writer lock and finish or undo what a crash cut short in them
    (before anything reads the store), start the query workers (so that the first query does not wait for them), count the
    graph for the home page in the background. Stop: the query workers, the publication
    child process (it must not outlive the server: it holds hundreds of MB on the national
    graph), the submissions' child process. A stopped runner, publication and child are replaced by fresh ones, so that the same app can
    be started again (tests do).
    """
    from pvgraph.server import pages, submissions

    state = app_state(app)
    async with submissions.serving_submissions(state):
        await state.runner.start()
        pages.warm_counts(state)
        try:
            yield
        finally:
            await state.runner.close()
            await asyncio.to_thread(state.publish.cache.close)
            await asyncio.to_thread(state.submission_worker.stop)
            state.runner = make_runner(state.settings, state.store)
            state.submission_worker = SubmissionWorker(state.store)
            state.publish = new_publication(state.settings)
