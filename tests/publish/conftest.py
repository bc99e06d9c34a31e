"""A small store built the way ``pvgraph build`` builds (graphs + provenance), from fixtures.

The fixtures are ours (tests/publish/fixtures/): exact assertions on them are safe while the
project's real data is still being written.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest

from pvgraph.build import parse_sources, provenance
from pvgraph.namespaces import INFERRED_GRAPH, META_GRAPH
from pvgraph.publish.portals import Harvester, interpreter
from pvgraph.server.app import create_app
from pvgraph.settings import Settings, load_settings
from pvgraph.store import EmbeddedStore
from tests.conftest import require_or_skip
from tests.live import serve_in_thread

FIXTURES = Path(__file__).parent / "fixtures"
PV = "https://w3id.org/pvgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def make_store(path: Path | None = None) -> EmbeddedStore:
    """A fresh store (in memory, or on disk at ``path``) holding the fixture graphs, an inferred
    triple and the build's provenance."""
    store = EmbeddedStore(path)
    sources = parse_sources(FIXTURES)
    for source in sources:
        store.replace_graph(source.graph, source.quads)
    inferred = ox.Triple(ox.NamedNode("https://w3id.org/pvgraph/id/project/case-a"),
                         ox.NamedNode(RDF_TYPE), ox.NamedNode(PV + "Project"))
    store.replace_graph(str(INFERRED_GRAPH), [inferred])
    store.replace_graph(str(META_GRAPH), provenance(FIXTURES, sources))
    return store


@pytest.fixture
def store() -> EmbeddedStore:
    return make_store()


@dataclass
class Live:
    """A running server on a loopback port, with the store and settings it serves."""

    url: str
    store: EmbeddedStore
    settings: Settings


@contextmanager
def live_server(tmp: Path, store: EmbeddedStore | None = None, **overrides: object) -> Iterator[Live]:
    """uvicorn in a thread, serving ``store`` (the fixture store on disk by default)."""
    store = store if store is not None else make_store(tmp / "store")
    settings = load_settings({"store": str(tmp / "store"), "publish_dir": str(tmp / "publish"),
                              "max_concurrent_queries": 1, **overrides},
                             settings_file=tmp / "absent.toml")
    app = create_app(settings, store=store)
    with serve_in_thread(app) as url:
        yield Live(url, store, settings)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("live")) as running:
        yield running


def require_harvester(harvester: Harvester) -> None:
    """Skip when a portal's harvester environment is missing (`make test` builds it with
    scripts/install-harvesters.sh); under CI=true that is a failure."""
    require_or_skip(interpreter(harvester) is not None,
                    f"the {harvester.name} harvester environment is not installed "
                    "(bash scripts/install-harvesters.sh)")


@contextmanager
def static_site(directory: Path) -> Iterator[str]:
    """A plain static host on loopback serving text as UTF-8 (what docs/publishing.md asks of the
    host of `pvgraph publish` output), for the harvest-check and portal tests."""
    handler = functools.partial(_Utf8Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Utf8Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ttl": "text/turtle; charset=utf-8", ".rdf": "application/rdf+xml",
        ".jsonld": "application/ld+json", ".nt": "application/n-triples",
        ".trig": "application/trig", ".html": "text/html; charset=utf-8"}

    def guess_type(self, path: str) -> str:  # .nt.gz is gzip as sent, whatever it holds
        return "application/gzip" if str(path).endswith(".gz") else super().guess_type(path)

    def log_message(self, format: str, *args: object) -> None:
        pass
