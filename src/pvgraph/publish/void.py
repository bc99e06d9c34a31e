"""The VoID description of what the SPARQL endpoint serves (``/.well-known/void``).

Why: VoID lets crawlers and federated query planners learn, without querying, how big the graph
is, which classes and properties it uses, where its dumps are and where to send SPARQL. Its
counts come from :mod:`pvgraph.publish.stats`, which takes the triples per graph from
``store.graphs()`` like the service description does, so the two agree.

Scope: the root dataset is everything the endpoint serves (every named graph, the build's
``meta`` graph included); one ``void:subset`` per named graph carries that graph's count and,
when the graph is published, its dumps. Nodes get IRIs (no blank node), so output is stable.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

import pvgraph.namespaces as ns
from pvgraph.namespaces import BASE, META_GRAPH
from pvgraph.publish.catalog import dataset_iri, dump_url
from pvgraph.publish.dumps import KINDS, Manifest
from pvgraph.publish.parts import LICENCE_OUVERTE, PARTS, WHOLE
from pvgraph.publish.rdf import Triples, plain, typed
from pvgraph.publish.stats import Statistics, vocabulary_of

VOID = str(ns.VOID)
DCT = str(ns.DCTERMS)
FOAF = str(ns.FOAF)
RDFS = str(ns.RDFS)
SD = str(ns.SD)
FORMATS = str(ns.FORMATS)
FEATURES = {"turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
            "nquads": "N-Quads", "trig": "TriG"}


def void_iri(public_base: str = BASE) -> str:
    """The root VoID dataset: everything the SPARQL endpoint serves."""
    return f"{public_base}id/void/pvgraph"


def build_void(
    stats: Statistics, manifest: Manifest | None, base_url: str, *, public_base: str = BASE
) -> list[ox.Triple]:
    """The VoID triples, sorted. ``manifest`` (the dumps) may be absent: no ``void:dataDump``."""
    t = Triples()
    root = void_iri(public_base)
    document = f"{base_url}.well-known/void"
    t.type(document, VOID + "DatasetDescription")
    t.text(document, DCT + "title", "Description VoID de pvgraph", "VoID description of pvgraph")
    t.add(document, FOAF + "primaryTopic", root)

    t.type(root, VOID + "Dataset")
    t.text(root, DCT + "title", "pvgraph — graphe servi par le point d'accès SPARQL",
           "pvgraph — graph served by the SPARQL endpoint")
    t.text(root, DCT + "description",
           "Tous les graphes nommés que sert le point d'accès SPARQL de pvgraph (leur union est le "
           "graphe par défaut), avec leurs comptes.",
           "Every named graph the pvgraph SPARQL endpoint serves (their union is the default "
           "graph), with their counts.")
    t.add(root, DCT + "license", LICENCE_OUVERTE)
    t.add(root, VOID + "sparqlEndpoint", f"{base_url}sparql")
    t.add(root, VOID + "uriSpace", plain(f"{public_base}id/"))
    t.add(root, VOID + "triples", typed(stats.triples, "integer"))
    t.add(root, VOID + "entities", typed(stats.entities, "integer"))
    t.add(root, VOID + "classes", typed(len(stats.classes), "integer"))
    t.add(root, VOID + "properties", typed(len(stats.properties), "integer"))
    t.add(root, VOID + "distinctSubjects", typed(stats.distinct_subjects, "integer"))
    t.add(root, VOID + "distinctObjects", typed(stats.distinct_objects, "integer"))
    for vocabulary in sorted({vocabulary_of(i) for i in (*stats.classes, *stats.properties)}):
        t.add(root, VOID + "vocabulary", vocabulary)
    for cls, count in stats.classes.items():
        node = f"{root}#class-{_short(cls)}"
        t.add(root, VOID + "classPartition", node)
        t.add(node, VOID + "class", cls)
        t.add(node, VOID + "entities", typed(count, "integer"))
    for prop, count in stats.properties.items():
        node = f"{root}#property-{_short(prop)}"
        t.add(root, VOID + "propertyPartition", node)
        t.add(node, VOID + "property", prop)
        t.add(node, VOID + "triples", typed(count, "integer"))

    parts_by_graph = {p.graphs[0]: p for p in PARTS if not p.concept_schemes_only}
    dumped = manifest.for_part if manifest else (lambda _key: [])
    for dump in dumped(WHOLE.key):
        t.add(root, VOID + "dataDump", dump_url(base_url, dump.name))
        t.add(root, VOID + "feature", FORMATS + FEATURES[dump.kind])
    for graph, count in stats.graphs.items():
        subset = f"{root}/graph/{graph.rstrip('/').rsplit('/', 1)[-1]}"
        t.add(root, VOID + "subset", subset)
        t.type(subset, VOID + "Dataset")
        t.add(subset, SD + "name", graph)
        t.add(subset, VOID + "triples", typed(count, "integer"))
        t.add(subset, VOID + "sparqlEndpoint", f"{base_url}sparql")
        if graph == str(META_GRAPH):
            t.text(subset, DCT + "description", "Provenance de la construction (PROV-O).",
                   "Provenance of the build (PROV-O).")
        current = parts_by_graph.get(graph)
        if current is None:
            continue
        t.text(subset, DCT + "title", current.title_fr, current.title_en)
        for dump in dumped(current.key):
            t.add(subset, VOID + "dataDump", dump_url(base_url, dump.name))
            t.add(subset, VOID + "feature", FORMATS + FEATURES[KINDS[dump.kind].name])
            t.add(subset, RDFS + "seeAlso", dataset_iri(current.key, public_base))
            if current.key == "inferred":
                t.add(root, VOID + "dataDump", dump_url(base_url, dump.name))
    return t.sorted()


def _short(iri: str) -> str:
    return hashlib.sha256(iri.encode()).hexdigest()[:12]
