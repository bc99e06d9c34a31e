"""``GET /healthz``."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from pvgraph.server.deps import StoreDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz(store: StoreDep) -> JSONResponse:
    """Alive, and which version of the graph it serves.

    Async, and answered without FastAPI's response-model pass: the probe monitors and load
    balancers send every few seconds should cost the least the server can do. The version of an
    embedded store is one point read, done on the loop; a remote store's may be a round trip, so
    it is read in a thread.
    """
    version = store.version() if store.makes_snapshots else await run_in_threadpool(store.version)
    return JSONResponse({"status": "ok", "version": version})
