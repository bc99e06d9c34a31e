"""A small triple collector and the serialisation of the descriptions pvgraph publishes.

Why: the catalogue and VoID are built in code as lists of triples; writing them through one
helper keeps them stable (IRIs everywhere, and the few blank nodes a harvester needs, such as a
period of time that data.gouv.fr would otherwise try to download, get fixed labels) and
serialised in a sorted order with the project's prefixes, in every format harvesters ask for.
"""

from __future__ import annotations

import pyoxigraph as ox

import pvgraph.namespaces as ns
from pvgraph.formats import RdfFormat, rdf_format
from pvgraph.publish.prefixes import OUTPUT_PREFIXES, with_stable_header

XSD = str(ns.XSD)
RDF_TYPE = f"{ns.RDF}type"

Object = str | ox.Literal | ox.NamedNode | ox.BlankNode
Subject = str | ox.BlankNode

CATALOGUE_FORMATS = ("turtle", "rdfxml", "jsonld", "ntriples", "trig")
"""What ``/catalog`` offers, best first (all that data.gouv.fr's harvester reads but N3)."""


class Triples:
    """Collects triples; ``add(s, p, o)`` takes IRIs as strings and literals as ox.Literal."""

    def __init__(self) -> None:
        self._triples: set[ox.Triple] = set()

    def add(self, subject: Subject, predicate: str, obj: Object) -> None:
        if isinstance(obj, str):
            obj = ox.NamedNode(obj)
        node = ox.NamedNode(subject) if isinstance(subject, str) else subject
        self._triples.add(ox.Triple(node, ox.NamedNode(predicate), obj))

    def type(self, subject: Subject, *classes: str) -> None:
        for cls in classes:
            self.add(subject, RDF_TYPE, cls)

    def text(self, subject: Subject, predicate: str, fr: str | None, en: str | None = None) -> None:
        """A French and an English literal (French first)."""
        if fr:
            self.add(subject, predicate, ox.Literal(fr, language="fr"))
        if en:
            self.add(subject, predicate, ox.Literal(en, language="en"))

    def sorted(self) -> list[ox.Triple]:
        return sorted(self._triples, key=str)

    def __len__(self) -> int:
        return len(self._triples)


def typed(value: str | int, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))


def plain(value: str) -> ox.Literal:
    return ox.Literal(value)


def serialise(triples: list[ox.Triple], fmt: RdfFormat | str) -> bytes:
    """Triples in one RDF format, with the project's prefixes where the format has prefixes."""
    if isinstance(fmt, str):
        fmt = rdf_format(fmt)
    if fmt.datasets and fmt.name != "jsonld":
        data = ox.serialize([ox.Quad(t.subject, t.predicate, t.object) for t in triples],
                            format=fmt.oxigraph, prefixes=OUTPUT_PREFIXES)
        assert data is not None  # no output file given: the bytes are returned
        return with_stable_header(data)
    uses_prefixes = fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
    data = ox.serialize(triples, format=fmt.oxigraph,
                        prefixes=OUTPUT_PREFIXES if uses_prefixes else None)
    assert data is not None  # no output file given: the bytes are returned
    return with_stable_header(data)
