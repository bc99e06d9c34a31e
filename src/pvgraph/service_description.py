"""The SPARQL 1.1 Service Description of the endpoint, computed from the store as it is now.

rdflib-endpoint computes its description once at start-up, so its graph counts go stale after
the first update; here the description is rebuilt whenever the store's version changes (and
cached for that version), so the graphs and counts are always the current ones.
"""

from __future__ import annotations

import pyoxigraph as ox

import pvgraph.namespaces as ns
from pvgraph.formats import RESULT_FORMATS
from pvgraph.namespaces import SD, VOID

RDF_TYPE = ox.NamedNode(f"{ns.RDF}type")
FORMATS = str(ns.FORMATS)
_RESULT_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV",
}
_RDF_FORMAT_IRIS = ("Turtle", "N-Triples", "RDF_XML", "JSON-LD", "TriG", "N-Quads")


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(str(SD) + local)


def describe(endpoint: str, graphs: dict[str, int], *, update: bool, federation: bool) -> list[ox.Triple]:
    """The description's triples: the endpoint, languages, formats, features and the dataset."""
    service = ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
    ]
    if update:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    if federation:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    for fmt in RESULT_FORMATS:
        triples.append(ox.Triple(service, _sd("resultFormat"),
                                 ox.NamedNode(FORMATS + _RESULT_FORMAT_IRIS[fmt.name])))
    for name in _RDF_FORMAT_IRIS:
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + name)))
    dataset, default = ox.BlankNode(), ox.BlankNode()
    triples += [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
        ox.Triple(default, ox.NamedNode(str(VOID) + "triples"), _count(sum(graphs.values()))),
    ]
    for name, count in sorted(graphs.items()):
        named, graph = ox.BlankNode(), ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, RDF_TYPE, _sd("Graph")),
            ox.Triple(graph, ox.NamedNode(str(VOID) + "triples"), _count(count)),
        ]
    return triples


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(f"{ns.XSD}integer"))
