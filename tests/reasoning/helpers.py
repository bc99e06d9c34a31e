"""Helpers for the reasoner's tests: stores loaded with an ontology and data, and the comparison
with owlrl (the oracle) on exactly the same triples."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
import rdflib

from pvgraph.loading import parse_file, to_rdflib_graph
from pvgraph.reasoning.oracle import new_in_scope
from pvgraph.store import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures"
ONTOLOGY = "https://w3id.org/pvgraph/graph/ontology"
INFERRED = "https://w3id.org/pvgraph/graph/inferred"


def graph_iri(name: str) -> str:
    return f"https://w3id.org/pvgraph/graph/{name}"


def quads_of(paths: Iterable[Path]) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for path in paths:
        quads.extend(parse_file(path).quads)
    return quads


def parse_turtle(text: str) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in ox.parse(text.encode(), ox.RdfFormat.TURTLE)]


def store_with(ontology: Sequence[ox.Quad], graphs: dict[str, Sequence[ox.Quad]]) -> EmbeddedStore:
    """A fresh in-memory store holding the ontology graph and the named data graphs."""
    store = EmbeddedStore()
    store.add_to_graph(ONTOLOGY, ontology)
    for name, quads in graphs.items():
        store.add_to_graph(graph_iri(name), quads)
    return store


def inferred_in_scope(store: EmbeddedStore, asserted: rdflib.Graph,
                      target: str = INFERRED) -> set[tuple]:
    """The in-scope, non-asserted triples of the inferred graph, as rdflib triples."""
    return new_in_scope(to_rdflib_graph(store.quads(target)), set(asserted))
