"""``GET /healthz``: alive, and which version of the graph it serves.

The probe that monitors and load balancers send every few seconds should cost the least the
server can do. On a store that makes snapshots (an embedded store: its version is one point read,
done on the loop) it is answered by :class:`ProbeMiddleware`, a pure ASGI layer in front of
FastAPI (:mod:`pvgraph.server.layers`) — FastAPI's layers, routing, request objects and
dependency solving saved on each probe (``bench overhead``) — with the same bytes and headers as
the route, and counted under the same route in the metrics. The route itself answers for a
remote store, whose version may be a round trip (read in a thread), and is what the API
documentation describes.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from pvgraph.server.deps import StoreDep
from pvgraph.server.state import app_state

PATH = "/healthz"

router = APIRouter(tags=["operations"])


def content(version: str) -> dict[str, str]:
    """What the probe says."""
    return {"status": "ok", "version": version}


@router.get(PATH)
async def healthz(store: StoreDep) -> JSONResponse:
    """Alive, and which version of the graph it serves."""
    version = store.version() if store.makes_snapshots else await run_in_threadpool(store.version)
    return JSONResponse(content(version))


ROUTE = router.routes[0]  # requests answered before FastAPI are counted under it


class ProbeMiddleware:
    """Pure ASGI: ``GET /healthz`` on a store that makes snapshots, answered here."""

    def __init__(self, app: Any, app_ref: FastAPI) -> None:
        self.app = app
        self.app_ref = app_ref
        self._last: tuple[str, list[tuple[bytes, bytes]], bytes] | None = None  # the last version's answer

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("path") != PATH or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        store = app_state(self.app_ref).store
        if not store.makes_snapshots:
            await self.app(scope, receive, send)
            return
        version = store.version()
        if self._last is None or self._last[0] != version:
            # JSONResponse's own rendering, so that the bytes are the route's
            body = JSONResponse(content(version)).body
            self._last = (version, [(b"content-length", str(len(body)).encode()),
                                    (b"content-type", b"application/json")], bytes(body))
        _, headers, body = self._last
        scope["route"] = ROUTE
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
