"""Fixtures of the web tests: a small store of fictional things, the app over it, a live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pvgraph.loading import parse_file
from pvgraph.namespaces import EXAMPLES_GRAPH, ONTOLOGY_GRAPH
from pvgraph.server.app import create_app
from pvgraph.settings import Settings, load_settings
from pvgraph.store import EmbeddedStore
from tests.live import serve_in_thread

FIXTURES = Path(__file__).parent / "fixtures"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ALPHA = "https://w3id.org/pvgraph/id/example/project/alpha"
AUTHORITY = "https://w3id.org/pvgraph/id/example/authority/one"


def fixture_store() -> EmbeddedStore:
    """The fictional ontology and things of tests/web/fixtures, in memory."""
    store = EmbeddedStore()
    store.replace_graph(str(ONTOLOGY_GRAPH), parse_file(FIXTURES / "ontology.ttl").quads)
    store.replace_graph(str(EXAMPLES_GRAPH), parse_file(FIXTURES / "things.ttl").quads)
    return store


@pytest.fixture
def web_root(tmp_path: Path) -> Path:
    """A project root whose only named question is the fixture's."""
    queries = tmp_path / "ontology" / "queries"
    queries.mkdir(parents=True)
    for rq in (FIXTURES / "queries").glob("*.rq"):
        shutil.copy(rq, queries / rq.name)
    return tmp_path


@pytest.fixture
def store() -> EmbeddedStore:
    return fixture_store()


@pytest.fixture
def settings(web_root: Path) -> Settings:
    return load_settings({"root": web_root, "store": ":memory:"})


@pytest.fixture
def app(settings: Settings, store: EmbeddedStore) -> FastAPI:
    return create_app(settings, store=store)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    """In-process client (no lifespan: the pages that run no query do not start the workers)."""
    return TestClient(app)


@pytest.fixture
def running_client(app: FastAPI) -> Iterator[TestClient]:
    """In-process client with the app's lifespan (its query workers) started."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def live_server(app: FastAPI, free_port: int) -> Iterator[str]:
    """The app served by uvicorn on a loopback port, in a thread; yields its base URL."""
    with serve_in_thread(app, port=free_port) as url:
        yield url
