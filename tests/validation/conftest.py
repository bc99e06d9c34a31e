"""Fixtures of the validation tests: the repository's shapes and ontology, loaded once.

pySHACL is slow to start, so the expensive results (the report on all failing fixtures at once,
the example submissions) are computed once per session and shared.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from pvgraph.loading import parse_file, to_rdflib_graph
from pvgraph.namespaces import PV, REFERENTIAL_GRAPH
from pvgraph.settings import PROJECT_ROOT, Settings, load_settings
from pvgraph.store import EmbeddedStore
from pvgraph.validation import Schema, ValidationReport, load_schema, validate_graph

FIXTURES = Path(__file__).parent / "fixtures"
SUBMISSIONS = PROJECT_ROOT / "data" / "examples" / "submissions"
KNOWN_COMMUNE = "00001"  # a code only this test referential knows (no real commune is described)
KNOWN_SIREN = "130000003"


def graph_of(path: Path) -> rdflib.Graph:
    """A file parsed the way pvgraph parses every input."""
    return to_rdflib_graph(parse_file(path).quads)


@pytest.fixture(scope="session")
def schema() -> Schema:
    return load_schema(PROJECT_ROOT)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings({"store": ":memory:"})


@pytest.fixture(scope="session")
def failing_report(schema: Schema) -> ValidationReport:
    """The report on every failing fixture at once (one pySHACL run for ~90 cases)."""
    return validate_graph(graph_of(FIXTURES / "failing.ttl"), shapes=schema.shapes, ontology=schema.ontology)


@pytest.fixture(scope="session")
def referential() -> EmbeddedStore:
    """A tiny referential graph: one commune code and one SIREN, in the graph the build writes."""
    store = EmbeddedStore(None)
    graph = ox.NamedNode(str(REFERENTIAL_GRAPH))
    commune = ox.NamedNode("https://w3id.org/pvgraph/id/territory/commune/" + KNOWN_COMMUNE)
    organisation = ox.NamedNode("https://w3id.org/pvgraph/id/organisation/" + KNOWN_SIREN)
    store.oxigraph.extend([
        ox.Quad(commune, ox.NamedNode(str(rdflib.RDF.type)), ox.NamedNode(str(PV.CommuneTerritory)), graph),
        ox.Quad(commune, ox.NamedNode(str(PV.inseeCode)), ox.Literal(KNOWN_COMMUNE), graph),
        ox.Quad(organisation, ox.NamedNode(str(PV.siren)), ox.Literal(KNOWN_SIREN), graph),
    ])
    return store
