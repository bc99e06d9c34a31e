"""``GET /healthz``."""

from __future__ import annotations

from fastapi import APIRouter

from pvgraph.server.deps import StoreDep

router = APIRouter(tags=["operations"])


@router.get("/healthz")
def healthz(store: StoreDep) -> dict[str, str]:
    """Alive, and which version of the graph it serves."""
    return {"status": "ok", "version": store.version()}
