"""The same rules, unchanged, on Virtuoso 7 through the RemoteStore (SPARQL 1.1 Protocol):
the result equals owlrl's closure (blank nodes compared up to renaming: Virtuoso relabels them)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import rdflib
from rdflib.compare import isomorphic

from pvgraph.loading import to_rdflib_graph
from pvgraph.reasoning import check_consistency, materialise, materialise_increment
from pvgraph.reasoning.oracle import owlrl_entailments
from pvgraph.store.remote import RemoteStore
from pvgraph.store.servers.virtuoso import PASSWORD, USER, find_binary, start_virtuoso

from .helpers import (
    FIXTURES,
    INFERRED,
    ONTOLOGY,
    graph_iri,
    inferred_in_scope,
    parse_turtle,
    quads_of,
)

pytestmark = [pytest.mark.virtuoso, pytest.mark.slow]


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    binary = find_binary()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is missing under CI=true: run `make system-deps`")
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    with start_virtuoso(tmp_path_factory.mktemp("virtuoso-reasoning"), binary=binary) as server:
        yield RemoteStore(server.query_url, update_url=server.update_url, user=USER,
                          password=PASSWORD)


def as_graph(triples) -> rdflib.Graph:
    graph = rdflib.Graph()
    for triple in triples:
        graph.add(triple)
    return graph


@pytest.mark.parametrize("data", ["data-basic.ttl", "data-chains.ttl"])
def test_virtuoso_equals_owlrl(remote, fixture_ontology, data):
    quads = quads_of([FIXTURES / data])
    remote.replace_graph(ONTOLOGY, fixture_ontology)
    remote.replace_graph(graph_iri("data"), quads)
    materialise(remote, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                target_graph=INFERRED)
    ontology, asserted = to_rdflib_graph(fixture_ontology), to_rdflib_graph(quads)
    # Virtuoso renames blank nodes: compare the asserted and inferred triples together
    mine = inferred_in_scope(remote, ontology + asserted)
    oracle = owlrl_entailments(ontology, asserted)
    assert len(mine) == len(oracle)
    stored = to_rdflib_graph(remote.quads(graph_iri("data")))
    assert isomorphic(as_graph(mine) + stored, as_graph(oracle) + asserted)
    assert [g for g in remote.graphs() if "/delta/" in g] == []


def test_virtuoso_increment_and_consistency(remote, fixture_ontology):
    remote.replace_graph(ONTOLOGY, fixture_ontology)
    remote.replace_graph(graph_iri("data"), quads_of([FIXTURES / "data-basic.ttl"]))
    remote.drop_graph(graph_iri("submission/v"))
    materialise(remote, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                target_graph=INFERRED)
    submission = parse_turtle(
        "@prefix pv: <https://w3id.org/pvgraph/ontology#> . "
        "@prefix org: <http://www.w3.org/ns/org#> . "
        "@prefix ex: <https://w3id.org/pvgraph/id/example/> . "
        "ex:m5 org:member ex:agglo ; org:organization ex:alliance . "
        "ex:pays-t pv:withinTerritory ex:monde-t .")
    remote.add_to_graph(graph_iri("submission/v"), submission)
    report = materialise_increment(remote, ontology_graph=ONTOLOGY,
                                   new_graph=graph_iri("submission/v"), target_graph=INFERRED,
                                   source_graphs=[graph_iri("data")])
    ask = (f"ASK {{ GRAPH <{INFERRED}> {{ <https://w3id.org/pvgraph/id/example/ville-t> "
           "<https://w3id.org/pvgraph/ontology#withinTerritory> "
           "<https://w3id.org/pvgraph/id/example/monde-t> } }")
    assert remote.query(ask).boolean
    assert report.added > 0
    problems = check_consistency(remote, ontology_graph=ONTOLOGY,
                                 graphs=[graph_iri("data"), INFERRED])
    assert problems == []
