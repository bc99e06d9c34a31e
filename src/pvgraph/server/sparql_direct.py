"""``/sparql`` queries answered in front of FastAPI, by the route's own functions.

Why: a query that is not replayed (server/replay.py) went through FastAPI's layers, routing,
request objects and dependency solving before the route read it: 55 of the 80–100 µs pvgraph
spent on a computed ``ASK {}`` besides the query itself, and for a ``GET`` FastAPI also decodes
the URL's query for its own parameters (another 90–100 µs for a question of 2 kB; ``bench
route-cost``) — as much as the query itself once it runs in the server's process. This pure ASGI
layer, the innermost of those in front of FastAPI (:mod:`pvgraph.server.layers`), answers a plain
query request with the route's very functions — :func:`~pvgraph.server.sparql.read_request` (the
protocol), :func:`~pvgraph.server.sparql.plan_query` (form, SERVICE allow-list, negotiation, job,
validators) and :func:`~pvgraph.server.sparql.answer_query` (the cache or the runner, the
response, the replay) — so that there is one way to answer a query, and the same bytes either way.

Answered here: ``GET`` and ``POST`` (a form, or ``application/sparql-query`` with a declared
length) of a query to ``/sparql``. Left to the route, unchanged: anything else (``HEAD``,
``OPTIONS``, other methods, updates, the service description, a conditional request, a body
without a declared length), and every request the route would refuse before running anything (a
malformed request, a SERVICE refused, no acceptable format…, or a bug there): the route reads it
again (its body given again) and refuses it as it always did. An error once the query is under
way (the engine's syntax error, a timeout, busy workers) is answered by the app's own handlers
(:func:`pvgraph.server.errors.error_response`), in the request's language; a bug there gets the
app's 500 and is raised on, as under FastAPI, to :class:`~pvgraph.server.errors.SettledBugs`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request

from pvgraph.protocol import FORM, SPARQL_QUERY, media_type
from pvgraph.server import errors, sparql
from pvgraph.server.replay import buffer_body

PATH = "/sparql"
_BODY_TYPES = {FORM, SPARQL_QUERY}
_CONDITIONAL = {b"if-none-match", b"if-modified-since"}  # the route answers 304 or 200


class DirectQueryMiddleware:
    """Pure ASGI: a plain ``/sparql`` query answered here, anything else passed on."""

    def __init__(self, app: Any, app_ref: FastAPI) -> None:
        self.app = app
        self.app_ref = app_ref

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        taken, content_type = self.takes(scope)
        if not taken:
            await self.pass_on(scope, receive, send)
            return
        body = b""
        if scope["method"] == "POST":
            body, receive, complete = await buffer_body(receive)
            if not complete:  # the client left while sending: the route says so, as before
                await self.pass_on(scope, receive, send)
                return
        scope["app"] = self.app_ref  # as FastAPI puts itself there: the route's functions read it
        scope["route"] = sparql.ROUTE  # counted in the metrics under the route (FastAPI puts the same)
        request = Request(scope, receive)
        try:
            proto = sparql.read_request(scope["method"], scope.get("query_string", b""), content_type, body)
            planned = sparql.plan_query(request, proto) if proto.operation == "query" else None
        except Exception:  # refused (or broken) before anything runs: the route, which
            planned = None  # calls the same functions, refuses it (or meets the same bug) the same way
        if not isinstance(planned, sparql.PlannedQuery):  # (a 304 cannot come: conditional requests pass)
            await self.pass_on(scope, receive, send)
            return
        try:
            response = await sparql.answer_query(request, planned)
        except Exception as exc:
            response, bug = await errors.error_response(request, exc)
            await response(scope, receive, send)
            if bug:
                raise
            return
        await response(scope, receive, send)

    async def pass_on(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The request left to FastAPI (and its route)."""
        await self.app(scope, receive, send)

    def takes(self, scope: dict[str, Any]) -> tuple[bool, str | None]:
        """Whether this layer may answer the request, and its Content-Type (the first, as
        Starlette's ``request.headers`` reads it; None when there is none)."""
        if scope["type"] != "http" or scope.get("path") != PATH or scope.get("root_path"):
            return False, None
        method = scope.get("method")
        if method not in ("GET", "POST"):
            return False, None
        content_type: str | None = None
        length = None
        for name, value in scope.get("headers", ()):
            if name in _CONDITIONAL:
                return False, None
            if name == b"content-type" and content_type is None:
                content_type = value.decode("latin-1")
            elif name == b"content-length" and length is None:
                length = value
        if method == "POST" and (length is None or not length.isdigit()
                                 or media_type(content_type)[0] not in _BODY_TYPES):
            return False, None
        return True, content_type
