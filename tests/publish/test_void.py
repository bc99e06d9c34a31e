"""VoID: counts agree with the store and with the SPARQL service description."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import VOID

from pvgraph.publish.dumps import write_dumps
from pvgraph.publish.rdf import serialise
from pvgraph.publish.stats import statistics
from pvgraph.publish.void import build_void, void_iri
from pvgraph.service_description import describe
from pvgraph.store import EmbeddedStore

BASE_URL = "http://127.0.0.1:9/"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
PV = "https://w3id.org/pvgraph/ontology#"


def _void(store: EmbeddedStore, tmp_path: Path) -> rdflib.Graph:
    manifest = write_dumps(store, tmp_path)
    triples = build_void(statistics(store), manifest, BASE_URL)
    return rdflib.Graph().parse(data=serialise(triples, "turtle"), format="turtle")


def _int(graph: rdflib.Graph, node: rdflib.term.Node, predicate: rdflib.URIRef) -> int:
    return int(graph.value(node, predicate))


def test_totals_and_subsets_agree_with_the_store(tmp_path: Path, store: EmbeddedStore) -> None:
    graph = _void(store, tmp_path)
    root = rdflib.URIRef(void_iri())
    counts = store.graphs()
    assert _int(graph, root, VOID.triples) == sum(counts.values())
    subsets = {str(graph.value(s, SD.name)): _int(graph, s, VOID.triples)
               for s in graph.objects(root, VOID.subset)}
    assert subsets == counts
    partitions = [_int(graph, p, VOID.triples) for p in graph.objects(root, VOID.propertyPartition)]
    assert sum(partitions) == sum(counts.values())
    assert _int(graph, root, VOID.properties) == len(partitions)


def test_class_partitions_count_instances(tmp_path: Path, store: EmbeddedStore) -> None:
    graph = _void(store, tmp_path)
    root = rdflib.URIRef(void_iri())
    by_class = {str(graph.value(p, VOID["class"])): _int(graph, p, VOID.entities)
                for p in graph.objects(root, VOID.classPartition)}
    assert by_class[PV + "Territory"] == 2
    assert by_class[PV + "Project"] == 2  # the example, and the study project (inferred graph)
    assert _int(graph, root, VOID.classes) == len(by_class)


def test_agrees_with_the_service_description(tmp_path: Path, store: EmbeddedStore) -> None:
    graph = _void(store, tmp_path)
    root = rdflib.URIRef(void_iri())
    data = ox.serialize(describe(BASE_URL + "sparql", store.graphs(), update=False, federation=False),
                        format=ox.RdfFormat.N_TRIPLES)
    description = rdflib.Graph().parse(data=data, format="nt")
    default = next(description.objects(None, SD.defaultGraph))
    assert int(description.value(default, VOID.triples)) == _int(graph, root, VOID.triples)
    sd_named = {str(description.value(n, SD.name)): int(description.value(description.value(n, SD.graph), VOID.triples))
                for n in description.objects(None, SD.namedGraph)}
    void_named = {str(graph.value(s, SD.name)): _int(graph, s, VOID.triples)
                  for s in graph.objects(root, VOID.subset)}
    assert sd_named == void_named


def test_links_dumps_endpoint_and_uri_space(tmp_path: Path, store: EmbeddedStore) -> None:
    manifest = write_dumps(store, tmp_path / "d")
    graph = _void(store, tmp_path)
    root = rdflib.URIRef(void_iri())
    assert str(graph.value(root, VOID.sparqlEndpoint)) == BASE_URL + "sparql"
    assert str(graph.value(root, VOID.uriSpace)) == "https://w3id.org/pvgraph/id/"
    dumps = {str(u) for s in (root, *graph.objects(root, VOID.subset)) for u in graph.objects(s, VOID.dataDump)}
    assert dumps == {f"{BASE_URL}dumps/{f.name}" for f in manifest.files
                     if f.part != "concept-schemes"}
    vocabularies = {str(v) for v in graph.objects(root, VOID.vocabulary)}
    assert {PV, "http://www.w3.org/2000/01/rdf-schema#"} <= vocabularies
