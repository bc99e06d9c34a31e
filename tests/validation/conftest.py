"""Fixtures of the validation tests: the repository's shapes and ontology, loaded once.

pySHACL is slow to start, so the expensive results (the report on all failing fixtures at once,
the example submissions) are computed once per session and shared.
"""

from __future__ import annotations

import gzip
import re
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


# pvgraph's own derived relations, stated by a submission (tests of their refusal, here and in
# tests/server and tests/core).
SUB = "https://w3id.org/pvgraph/id/example/submission/val-de-brume/"
STATED = {  # each relation, stated on the record it would be derived for, as a steward might
    str(PV.mostSpecificKind): ("cc-val-de-brume", f"<{PV.CommunauteDeCommunes}>"),
    str(PV.ledByEPCI): ("projet", f"<{SUB}alliance>"),
    str(PV.epciLeadFor): ("adhesion-cc", f"<{SUB}projet>"),
}


def stating(prop: str) -> bytes:
    """The conforming example submission with one more line: ``prop`` stated."""
    subject, value = STATED[prop]
    return (SUBMISSIONS / "conforming.ttl").read_bytes() + f"<{SUB}{subject}> <{prop}> {value} .\n".encode()


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
    store.add_to_graph(graph.value, [
        ox.Quad(commune, ox.NamedNode(str(rdflib.RDF.type)), ox.NamedNode(str(PV.CommuneTerritory)), graph),
        ox.Quad(commune, ox.NamedNode(str(PV.inseeCode)), ox.Literal(KNOWN_COMMUNE), graph),
        ox.Quad(organisation, ox.NamedNode(str(PV.siren)), ox.Literal(KNOWN_SIREN), graph),
    ])
    return store


REFERENTIAL_FILE = PROJECT_ROOT / "data" / "referential" / "referential-2026.nt.gz"
# A slice of the real referential (the département de l'Ain, its CA du Bassin de Bourg-en-Bresse
# and the source's description): real communes, as the build writes them, without loading 500 000 triples.
AIN = re.compile(r"^<https://w3id.org/pvgraph/id/(territory/commune/01|organisation/2101|organisation/200071751>"
                 r"|territory/epci/200071751>|source/)")


@pytest.fixture(scope="session")
def real_referential() -> EmbeddedStore:
    """The real referential's rows about the Ain, in the graph the build writes."""
    with gzip.open(REFERENTIAL_FILE, "rt", encoding="utf-8") as lines_in:
        lines = [line for line in lines_in if AIN.match(line)]
    store = EmbeddedStore(None)
    graph = ox.NamedNode(str(REFERENTIAL_GRAPH))
    store.add_to_graph(graph.value, ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES))
    return store
