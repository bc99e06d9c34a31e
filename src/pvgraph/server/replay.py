"""Cached SPARQL answers replayed before FastAPI: a repeated request costs what HTTP costs.

Why: a repeated ``/sparql`` query is answered from the answer cache, but on the way it still went
through FastAPI's router, its request objects and dependency solving, the protocol parsing and the
negotiation — about twice the cost of the whole HTTP exchange (``bench overhead``). This pure ASGI
middleware keeps, for each request that ``/sparql`` answered from a repeatable query, the complete
response (status 200, headers, body), keyed by the store version and **every part of the request
that the route reads**: method, scheme, server, root path, path, query string, the ``Host``,
``Accept`` and ``Content-Type`` headers and the body. The same request at the same version gets the
same bytes back, marked ``X-Pvgraph-Cache: hit`` as the route would mark it, counted in the same
metrics (the request under its route, the query as a cache hit).

Never replayed: a request asking for a fresh answer (``Cache-Control: no-cache``), a conditional
request (``If-None-Match``, ``If-Modified-Since``: the route answers 304 or 200), a body without a
declared length or over :data:`MAX_BODY` bytes, anything but GET, HEAD and POST on ``/sparql``.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from typing import Any

from pvgraph.server import state as server_state

PATH = "/sparql"
MAX_BODY = 16_384  # bytes of a POSTed query read before deciding (longer ones go the usual way)

KEY = "pvgraph.replay_key"  # in the scope: the key the route's answer is kept under
_READ = {b"host", b"accept", b"content-type"}  # the request headers the route's answer depends on
_BYPASS = {b"if-none-match", b"if-modified-since"}  # conditional requests go to the route


def remember(scope: MutableMapping[str, Any], version: str, route: Any, headers: list[tuple[bytes, bytes]],
             body: bytes) -> None:
    """Called by the route with a 200 it answered from a repeatable query, and the store version
    read before answering: kept only when the request was keyed at that same version (a write in
    between may have changed the answer; it is then simply not kept)."""
    key = scope.get(KEY)
    if key is not None and key[0] == version:
        server_state.app_state(scope["app"]).replays.put(key, route, headers, body)


def request_key(scope: dict[str, Any], body: bytes, version: str) -> tuple[Any, ...] | None:
    """What the route's answer depends on, or None when this request must not be replayed."""
    if scope.get("method") not in ("GET", "HEAD", "POST") or scope.get("path") != PATH:
        return None
    read = []
    for name, value in scope.get("headers", ()):
        if name in _BYPASS or (name == b"cache-control" and b"no-cache" in value.lower()):
            return None
        if name in _READ:
            read.append((name, value))
    # ASGI lets "server" be any iterable (a list under Starlette's TestClient): hashed as a tuple.
    server = tuple(scope.get("server") or ())
    return (version, scope["method"], scope.get("scheme"), server, scope.get("root_path", ""),
            scope["path"], scope.get("query_string", b""), tuple(read), body)


def _declared_length(scope: dict[str, Any]) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class ReplayMiddleware:
    """Pure ASGI: answer a repeated ``/sparql`` request from the state's :class:`~pvgraph.server.replay_cache.Replays`, else pass it on."""

    def __init__(self, app: Any, app_ref: Any) -> None:
        self.app = app
        self.app_ref = app_ref

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") != PATH or scope.get("method") not in ("GET", "HEAD", "POST"):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        body = b""
        if scope["method"] == "POST":
            length = _declared_length(scope)
            if length is None or length > MAX_BODY:
                await self.app(scope, receive, send)
                return
            body, receive, _ = await buffer_body(receive)
        state = server_state.app_state(self.app_ref)
        key = request_key(scope, body, state.runner.read_version()) if state.store.makes_snapshots else None
        found = state.replays.get(key) if key is not None else None
        if found is None:
            if key is not None:
                scope[KEY] = key  # the route keeps its answer under it (see remember)
            await self.app(scope, receive, send)
            return
        route, headers, answer = found
        scope["route"] = route  # counted under its route, as the route would be
        state.answers.hits += 1
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer})  # uvicorn drops it for HEAD, as for the route
        state.metrics.query_seconds("sparql", "hit").observe(time.perf_counter() - start)


async def buffer_body(receive: Any) -> tuple[bytes, Any, bool]:
    """The whole (declared) body, a ``receive`` that gives it again to the app behind, and whether
    it came whole (False: the client left while sending it)."""
    chunks, messages = [], []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break

    async def again() -> dict[str, Any]:
        return messages.pop(0) if messages else await receive()

    return b"".join(chunks), again, messages[-1]["type"] == "http.request"
