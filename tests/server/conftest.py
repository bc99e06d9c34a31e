"""A real server on a free loopback port, in a thread: uvicorn, the app, its worker processes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF

from pvgraph.loading import parse_file
from pvgraph.namespaces import (
    EXAMPLES_GRAPH,
    INFERRED_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    STUDY_GRAPH,
)
from pvgraph.query_pool import QueryPool
from pvgraph.query_worker import QueryAnswer, QueryJob
from pvgraph.reasoning import materialise
from pvgraph.server.app import create_app
from pvgraph.settings import PROJECT_ROOT, Settings, load_settings
from pvgraph.store import EmbeddedStore, Store
from tests.live import serve_in_thread

TOKEN = "test-token-0123456789"
EX = "http://example.org/"


@dataclass
class Live:
    """A running server: its base URL, app, store and settings."""

    url: str
    app: Any
    store: EmbeddedStore
    settings: Settings

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN}"}


@contextmanager
def live_server(tmp: Path, *, quads: list[ox.Quad] | None = None, **overrides: Any) -> Iterator[Live]:
    """Serve an on-disk store in ``tmp`` holding ``quads``, with these settings overrides."""
    values = {"store": str(tmp / "store"), "submissions_dir": str(tmp / "submissions"),
              "update_token": TOKEN, "max_concurrent_queries": 2, **overrides}
    settings = load_settings(values, settings_file=tmp / "absent.toml")
    store = EmbeddedStore(tmp / "store")
    if quads:
        graphs: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            graphs.setdefault(quad.graph_name.value, []).append(quad)
        for graph, items in graphs.items():
            store.add_to_graph(graph, items)
    app = create_app(settings, store=store)
    try:
        with serve_in_thread(app) as url:
            yield Live(url, app, store, settings)
    finally:
        store.close()


def triple(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o, ox.NamedNode(EX + g))


def sample_quads(rows: int = 30) -> list[ox.Quad]:
    """A small dataset of our own: ``rows`` things in graph g1, a label with markup in g2."""
    quads = [triple(f"thing/{i}", "value", ox.Literal(str(i), datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), "g1") for i in range(rows)]
    quads.append(triple("thing/0", "label", ox.Literal("<script>alert(1)</script>", language="fr"), "g2"))
    return quads


# -- the project's own sources, as a build leaves them ------------------------------------------

SOURCES = ((ONTOLOGY_GRAPH, "ontology"), (STUDY_GRAPH, "data/study"), (EXAMPLES_GRAPH, "data/examples"))


def source_quads() -> list[ox.Quad]:
    """The ontology, the study and the examples, each in its graph (the referential left out)."""
    quads = []
    for graph, directory in SOURCES:
        for path in sorted((PROJECT_ROOT / directory).glob("*.ttl")):
            quads += [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(str(graph)))
                      for q in parse_file(path).quads]
    return quads


def as_built(store: Store) -> None:
    """What a build adds to :func:`source_quads`: the inferred graph of the study and the
    examples, and its provenance in meta (an undone submission then leaves the graph as it found
    it; in a store without, an empty meta graph would stay behind)."""
    materialise(store, ontology_graph=str(ONTOLOGY_GRAPH), source_graphs=[str(STUDY_GRAPH), str(EXAMPLES_GRAPH)],
                target_graph=str(INFERRED_GRAPH))
    build = ox.NamedNode(str(META_GRAPH) + "/build")
    store.add_to_graph(str(META_GRAPH), [ox.Triple(build, ox.NamedNode(str(RDF.type)), build)])


# -- the query pool on its own -------------------------------------------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
"""A query that runs until it is stopped (on any graph of a few dozen triples)."""


@pytest.fixture
def sample_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """An on-disk store holding :func:`sample_quads` (all in graph ``g``), closed afterwards."""
    store = EmbeddedStore(tmp_path / "store")
    store.add_to_graph(EX + "g", sample_quads())
    yield store
    store.close()


@asynccontextmanager
async def started_pool(store: Store, *, size: int = 1) -> AsyncIterator[QueryPool]:
    """A :class:`QueryPool` over ``store``, started; closed (its workers stopped) at the end."""
    pool = QueryPool(store, size=size, queue_timeout=5)
    await pool.start()
    try:
        yield pool
    finally:
        await pool.close()


async def runaway_under_way(pool: QueryPool) -> asyncio.Task[QueryAnswer]:
    """:data:`RUNAWAY`, sent to the pool and running in a worker."""
    busy = asyncio.create_task(pool.run(QueryJob(RUNAWAY, "json", None), timeout=60))
    while pool.busy() < 1:
        await asyncio.sleep(0.05)
    return busy


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A server over :func:`sample_quads`, with a row cap of 10 and a token."""
    with live_server(tmp_path_factory.mktemp("live"), quads=sample_quads(), max_rows=10) as server:
        yield server
