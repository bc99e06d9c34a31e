"""A real server on a free loopback port, in a thread: uvicorn, the app, its worker processes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from pvgraph.server.app import create_app
from pvgraph.settings import Settings, load_settings
from pvgraph.store import EmbeddedStore
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


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A server over :func:`sample_quads`, with a row cap of 10 and a token."""
    with live_server(tmp_path_factory.mktemp("live"), quads=sample_quads(), max_rows=10) as server:
        yield server
