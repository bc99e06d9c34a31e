"""``GET /healthz``, answered before FastAPI on an embedded store: the route's very answer, the
store's present version, counted in the metrics like the route."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import pytest

from pvgraph.server import health
from pvgraph.server.state import app_state
from tests.server.conftest import EX, Live, live_server, sample_quads

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A server of its own: a test here writes to its store."""
    with live_server(tmp_path_factory.mktemp("health"), quads=sample_quads()) as server:
        yield server


def _route_answer(live: Live) -> tuple[bytes, dict[str, str]]:
    """What the route returns (FastAPI sends a returned response as it is)."""
    response = asyncio.run(health.healthz(live.store))
    return bytes(response.body), {k.decode(): v.decode() for k, v in response.raw_headers}


def _count(live: Live) -> float:
    text = httpx.get(f"{live.url}/metrics").text
    found = re.search(r'^pvgraph_http_requests_total\{method="GET",route="/healthz",status="200"\} (\S+)$',
                      text, re.M)
    return float(found.group(1)) if found else 0.0


def test_the_probe_answers_the_routes_bytes_and_headers(live: Live) -> None:
    fast = httpx.get(f"{live.url}/healthz")
    body, headers = _route_answer(live)
    assert fast.status_code == 200 and fast.content == body
    assert {k: v for k, v in fast.headers.items() if k not in ("date", "server")} == headers
    assert fast.json() == {"status": "ok", "version": live.store.version()}


def test_the_probe_says_the_stores_present_version_after_a_write(live: Live) -> None:
    before = httpx.get(f"{live.url}/healthz").json()["version"]
    update = f"INSERT DATA {{ GRAPH <{EX}health> {{ <{EX}h> <{EX}v> {len(before)} }} }}"
    httpx.post(live.sparql, content=update,
               headers={"Content-Type": "application/sparql-update", **live.auth()}).raise_for_status()
    after = httpx.get(f"{live.url}/healthz").json()["version"]
    assert after != before and after == app_state(live.app).store.version()


def test_the_probe_is_counted_under_its_route(live: Live) -> None:
    before = _count(live)
    for _ in range(3):
        httpx.get(f"{live.url}/healthz").raise_for_status()
    assert _count(live) == before + 3


def test_other_methods_still_go_to_fastapi(live: Live) -> None:
    refused = httpx.post(f"{live.url}/healthz")
    assert refused.status_code == 405 and refused.json()["error"] == "method-not-allowed"
