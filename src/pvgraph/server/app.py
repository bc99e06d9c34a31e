"""``create_app(settings)``: one FastAPI app, one router per concern.

No globals: the settings and the store live on ``app.state`` and reach the routes through the
dependencies in :mod:`pvgraph.server.deps`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from pvgraph import __version__
from pvgraph.errors import UserError
from pvgraph.settings import Settings
from pvgraph.store import Store, open_store

log = logging.getLogger("pvgraph.server")


def create_app(settings: Settings, *, store: Store | None = None) -> FastAPI:
    """The application, serving ``store`` (opened from the settings when not given)."""
    from pvgraph.server.api_docs import OPENAPI_PATH

    # /-/docs is pvgraph's own route (server/api_docs.py): FastAPI's loads Swagger UI from a CDN.
    app = FastAPI(title="pvgraph", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url=OPENAPI_PATH)
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings)

    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> JSONResponse:
        from pvgraph.server.auth import CHALLENGE  # every 401 says how to authenticate (RFC 6750)

        headers = CHALLENGE if exc.http_status == 401 else None
        return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal-error",
                             "message": "internal error: this is a bug in pvgraph; it has been logged"},
                            status_code=500)

    # One router per concern; each module exposes `router`.
    from pvgraph.server import (
        api_docs,
        graph_store,
        health,
        html_errors,
        linked_data,
        metrics,
        pages,
        queries,
        sparql,
        spreadsheets,
        submissions,
        templating,
    )

    metrics.install(app)  # request counters and the body-size limit (pure ASGI middleware)
    app.include_router(health.router)
    app.include_router(api_docs.router)
    from pvgraph.server import catalog as catalog_routes

    app.include_router(catalog_routes.router)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(queries.router)
    app.include_router(spreadsheets.router)  # before submissions: /submissions/{id}/files/… are more specific
    app.include_router(submissions.router)
    app.include_router(metrics.router)
    app.include_router(pages.router)
    app.include_router(linked_data.router)
    html_errors.install(app)
    templating.mount_static(app)
    return app
