"""Reads while the server writes: a read that starts after a write's response sees the write; a
read during the write gets the version before it, whole — never a half-done write, and never the
previous answer passed off as current.

Against a real server (uvicorn in a thread, its query workers, an on-disk store).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pvgraph.query_worker import QueryJob
from pvgraph.settings import PROJECT_ROOT
from pvgraph.store import EmbeddedStore
from tests.server.conftest import EX, Live, live_server, sample_quads, started_pool

pytestmark = pytest.mark.live

COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}w> {{ ?s ?p ?o }} }}"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Live]:
    with live_server(tmp_path, quads=sample_quads()) as live:
        yield live


def _count(client: httpx.Client, method: str = "POST") -> tuple[int, httpx.Response]:
    if method == "POST":
        r = client.post("/sparql", data={"query": COUNT}, headers=JSON)
    else:
        r = client.get("/sparql", params={"query": COUNT}, headers=JSON)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"]), r


def _insert(client: httpx.Client, live: Live, n: int) -> None:
    r = client.post("/sparql", content=f"INSERT DATA {{ GRAPH <{EX}w> {{ <{EX}s{n}> <{EX}p> {n} }} }}".encode(),
                    headers={"Content-Type": "application/sparql-update", **live.auth()})
    assert r.status_code == 204, r.text


def test_a_read_after_a_write_s_response_sees_the_write_though_the_answer_was_cached(server: Live) -> None:
    with server.client() as client:
        for n in range(1, 9):
            before, _ = _count(client)
            again, r = _count(client)  # cached now, and replayed
            assert again == before == n - 1 and r.headers["X-Pvgraph-Cache"] == "hit"
            _insert(client, server, n)
            after, r = _count(client)
            assert after == n, f"write {n}: a read after the response saw {after} triples"
            assert r.headers["X-Pvgraph-Cache"] == "miss"
            assert _count(client, "GET")[0] == n


def test_a_read_after_a_submission_s_response_sees_it(server: Live) -> None:
    data = (PROJECT_ROOT / "data" / "examples" / "submissions" / "conforming.ttl").read_bytes()
    question = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER STRSTARTS(STR(?g), " \
               "'https://w3id.org/pvgraph/graph/submission/') }"
    with server.client() as client:
        def ask() -> int:
            r = client.post("/sparql", data={"query": question}, headers=JSON)
            return int(r.json()["results"]["bindings"][0]["n"]["value"])

        assert ask() == ask() == 0
        r = client.post("/submissions", content=data, headers={"Content-Type": "text/turtle", **server.auth()},
                        timeout=120)
        assert r.status_code == 201, r.text
        assert ask() == r.json()["triples"] > 0


def test_reads_during_a_write_get_the_version_before_it_whole_then_the_write(
    server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write's changes are in the store but the write is not done (its thread waits): reads
    get the version before it, with that version's ETag — not the store as it is meanwhile."""
    store = server.store
    update = store.update
    written, finish = threading.Event(), threading.Event()

    def update_then_wait(sparql: str) -> None:
        update(sparql)
        if f"<{EX}w>" in sparql:
            written.set()
            assert finish.wait(30)

    with server.client() as client:
        _insert(client, server, 1)
        before, first = _count(client, "GET")
        assert before == 1
        monkeypatch.setattr(store, "update", update_then_wait)
        writer = threading.Thread(target=_insert, args=(server.client(), server, 2))
        writer.start()
        try:
            assert written.wait(30)
            assert len(list(store.quads(f"{EX}w"))) == 2  # the store holds the write already
            for method in ("GET", "POST", "GET"):
                during, r = _count(client, method)
                assert during == 1, "a read during the write saw it before it was done"
            assert r.headers["ETag"] == first.headers["ETag"]
            conditional = client.get("/sparql", params={"query": COUNT},
                                     headers={**JSON, "If-None-Match": first.headers["ETag"]})
            assert conditional.status_code == 304  # unchanged for readers, truly
        finally:
            finish.set()
            writer.join(30)
        assert not writer.is_alive()
        after, r = _count(client, "GET")
        assert after == 2 and r.headers["ETag"] != first.headers["ETag"]
        stale = client.get("/sparql", params={"query": COUNT},
                           headers={**JSON, "If-None-Match": first.headers["ETag"]})
        assert stale.status_code == 200  # the old ETag is no longer current


def test_the_pool_holds_the_version_during_a_write_and_opens_the_new_one_before_it_is_published(
    tmp_path: Path,
) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.add_to_graph(EX + "g", sample_quads(3))
    job = QueryJob(COUNT, "json", None)

    def count(body: bytes) -> int:
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    async def scenario() -> None:
        async with started_pool(store, size=2) as pool:
            assert count((await pool.run(job, timeout=20)).body) == 0
            held = pool.read_version()
            await pool.hold()
            store.update(f"INSERT DATA {{ GRAPH <{EX}w> {{ <{EX}a> <{EX}p> 1 }} }}")
            assert pool.read_version() == held != store.version()
            assert count((await pool.run(job, timeout=20)).body) == 0  # the version before the write
            await pool.publish()
            assert pool.read_version() == store.version()
            idle = [w for w in pool._workers if w.snapshot.version == store.version()]
            assert idle, "an idle worker opened the new snapshot before it was published"
            assert count((await pool.run(job, timeout=20)).body) == 1

    asyncio.run(scenario())
    store.close()
