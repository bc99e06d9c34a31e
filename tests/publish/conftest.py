"""A small store built the way ``pvgraph build`` builds (graphs + provenance), from fixtures.

The fixtures are ours (tests/publish/fixtures/): exact assertions on them are safe while the
project's real data is still being written.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.build import parse_sources, provenance
from pvgraph.namespaces import INFERRED_GRAPH, META_GRAPH
from pvgraph.store import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures"
PV = "https://w3id.org/pvgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def make_store() -> EmbeddedStore:
    """A fresh in-memory store holding the fixture graphs, an inferred triple and provenance."""
    store = EmbeddedStore(None)
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
