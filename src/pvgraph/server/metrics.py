"""``GET /metrics``: Prometheus counters for requests, errors, queries, timeouts and submissions.

Each app has its own registry (in its :class:`~pvgraph.server.state.ServerState`), not prometheus_client's global one, so
that several apps in one process (the tests) never share or clash. Requests are counted by a
pure ASGI middleware under their *route template* (``/queries/{name}``), never the raw path, so
that the number of series stays bounded whatever clients request.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from pvgraph.server.layers import LayeredApp
from pvgraph.server.state import app_state

router = APIRouter(tags=["operations"])

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    """The server's instruments, in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("pvgraph_http_requests", "HTTP requests answered.",
                                ["method", "route", "status"], registry=r)
        self.errors = Counter("pvgraph_http_errors", "HTTP answers with a 4xx or 5xx status.",
                              ["route", "status"], registry=r)
        self.request_seconds = Histogram("pvgraph_http_request_duration_seconds",
                                         "Time to answer an HTTP request.", ["route"],
                                         buckets=_BUCKETS, registry=r)
        self.queries = Histogram("pvgraph_query_duration_seconds",
                                 "Time to answer a SPARQL query (cache hits included).",
                                 ["endpoint", "cache"], buckets=_BUCKETS, registry=r)
        self.timeouts = Counter("pvgraph_query_timeouts", "Queries stopped at the timeout.",
                                registry=r)
        self.busy = Counter("pvgraph_query_rejected_busy", "Queries refused because every worker was busy.",
                            registry=r)
        self.truncated = Counter("pvgraph_query_truncated", "Answers cut at the row limit.", registry=r)
        self.submissions = Counter("pvgraph_submissions", "Submissions received, by outcome.",
                                   ["outcome"], registry=r)
        self.updates = Counter("pvgraph_updates", "SPARQL updates and Graph Store writes applied.",
                               registry=r)
        self.workers = Gauge("pvgraph_query_workers_busy", "Query workers running a query now.",
                             registry=r)
        self.lane = Gauge("pvgraph_query_lane_answers", "Queries answered in the server's process "
                          "from the store's in-memory copy since the start (pvgraph.query_lane), "
                          "on the event loop or in a thread.", ["path"], registry=r)
        self.mirror_ready = Gauge("pvgraph_store_mirror_ready", "1 when the store's in-memory copy "
                                  "holds the store's present version, else 0 (loading, or none).",
                                  registry=r)
        # The labelled children, by label values: ``labels()`` takes a lock and checks its
        # arguments on every call, a cost paid on every request otherwise. As bounded as the
        # series themselves (one entry per series).
        self._per_request: dict[tuple[str, str, str], tuple[Any, Any, Any]] = {}
        self._per_query: dict[tuple[str, str], Any] = {}

    def request_series(self, method: str, route: str, code: str) -> tuple[Any, Any, Any]:
        """(requests counter, errors counter or None, duration histogram) of one kind of answer."""
        key = (method, route, code)
        series = self._per_request.get(key)
        if series is None:
            errors = self.errors.labels(route, code) if int(code) >= 400 else None
            series = (self.requests.labels(method, route, code), errors, self.request_seconds.labels(route))
            self._per_request[key] = series
        return series

    def query_seconds(self, endpoint: str, cache: str) -> Any:
        """The query-duration histogram of one endpoint and cache outcome ("hit", "miss")."""
        key = (endpoint, cache)
        series = self._per_query.get(key)
        if series is None:
            series = self._per_query[key] = self.queries.labels(endpoint, cache)
        return series


def get_metrics(app: FastAPI) -> Metrics:
    """The app's metrics."""
    return app_state(app).metrics


def install(app: LayeredApp) -> None:
    """Count every request: the first of the layers in front of FastAPI (server/app.py adds the
    others before it), so that the answers given in front of FastAPI are counted too."""
    disable_created_metrics()  # the *_created series only add noise to a small server's page
    app.add_layer(RequestMetricsMiddleware, app_ref=app)


class RequestMetricsMiddleware:
    """Pure ASGI: the status of every answer, under the route that handled it."""

    def __init__(self, app: Any, app_ref: FastAPI) -> None:
        self.app = app
        self.metrics = get_metrics(app_ref)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def record(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            route = getattr(scope.get("route"), "path", None) or "(other)"
            requests, errors, seconds = self.metrics.request_series(
                scope.get("method", ""), route, str(status["code"]))
            requests.inc()
            if errors is not None:
                errors.inc()
            seconds.observe(time.perf_counter() - start)


@router.get("/metrics")
def metrics_text(request: Request) -> Response:
    """The Prometheus text exposition of this server's metrics."""
    metrics = get_metrics(request.app)
    runner = app_state(request.app).runner
    metrics.workers.set(runner.busy())
    lane = runner.lane
    if lane is not None:
        metrics.lane.labels("inline").set(lane.inline_answered)
        metrics.lane.labels("thread").set(lane.answered - lane.inline_answered)
        metrics.mirror_ready.set(int(lane.mirror.version() == runner.read_version()))
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
