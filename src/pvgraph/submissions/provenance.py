"""A submission in the store, as SPARQL Updates: its data, its provenance, its marker; and the undo.

The provenance (PROV-O, in ``graph/meta``) says who sent the graph (``prov:wasAttributedTo`` an
agent named by the steward's token name, ``prov:actedOnBehalfOf`` the authority they speak
for), when, the SHA-256 of the bytes received, which submission it replaces, and its SHACL
report. The submission's ``dct:identifier`` is the marker that says "accepted": it is written
last, after the entailments (see :mod:`pvgraph.submissions.transaction`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import rdflib

import pvgraph.namespaces as ns
from pvgraph.loading import from_rdflib_term
from pvgraph.namespaces import META_GRAPH, PV
from pvgraph.sparql_text import insert_requests
from pvgraph.store import Store
from pvgraph.submissions.records import Record, graph_iri

PROV = str(ns.PROV)
RDF_TYPE = f"{ns.RDF}type"
XSD = str(ns.XSD)
SPDX = str(ns.SPDX)
FOAF = str(ns.FOAF)
DCT = str(ns.DCTERMS)
MARKER = DCT + "identifier"


@dataclass(frozen=True)
class StoreUpdates:
    """The updates of one submission, in the order they are sent: the data, the provenance,
    then (after the entailments) the marker."""

    data: list[str]
    provenance: list[str]
    marker: str


def store_updates(record: Record, quads: list[ox.Quad], report: rdflib.Graph, *,
                  chunk_size: int | None = None) -> StoreUpdates:
    """The submission as SPARQL Updates.

    Plain triples go in ``INSERT DATA``; triples with blank nodes (the provenance's agent and
    checksum, the SHACL report, any in the data) in ``INSERT { … } WHERE {}``, whose blank nodes
    are fresh for each request and shared within it (SPARQL 1.1 Update, 3.1.3). Blank nodes in
    ``INSERT DATA`` are allowed by SPARQL 1.1 but refused by Virtuoso 7 (``SP031``), and the
    template form means the same on every store, the embedded one included: the stored graph
    holds the blank nodes that were validated, never IRIs made up for them.

    Without ``chunk_size``: one update for the data, one for the provenance (each one
    transaction on the embedded store). With it (a remote store's ``chunk_size``): requests of
    about that many triples, triples that share a blank node kept together — Virtuoso's SPARQL
    compiler refuses requests of a few thousand triples; a failure or a crash half-way is undone
    by :func:`remove_update`.
    """
    meta: list[ox.Quad | ox.Triple] = [ox.Triple(s, p, o) for s, p, o in provenance(record, report)]
    data: list[ox.Quad | ox.Triple] = list(quads)

    def requests(graph: str, triples: list[ox.Quad | ox.Triple]) -> list[str]:
        if not triples:
            return []
        parts = insert_requests(graph, triples, chunk_size)
        return parts if chunk_size is not None else [" ;\n".join(parts)]

    marker = ox.Triple(ox.NamedNode(record.graph), ox.NamedNode(MARKER), ox.Literal(record.id))
    return StoreUpdates(data=requests(record.graph, data), provenance=requests(str(META_GRAPH), meta),
                        marker=insert_requests(str(META_GRAPH), [marker], 1)[0])


# Any path, of any length, but never to the submission a replacement replaces (its provenance
# is its own, and stays).
_ANY_LINK = f"(<urn:pvgraph:any>|!<{PROV}wasRevisionOf>)*"


def _described_by(graph: str) -> str:
    """The pattern of a submission's description in meta: the graph's own triples and those of
    the blank nodes it leads to (agent, checksum, SHACL report)."""
    return (f"GRAPH <{META_GRAPH}> {{ <{graph}> {_ANY_LINK} ?s . ?s ?p ?o "
            f"FILTER (?s = <{graph}> || isBlank(?s)) }}")


def remove_update(graph: str) -> str:
    """The undo of :func:`store_updates`, as one SPARQL Update: the graph, and in meta the
    submission's description."""
    return (f"DROP SILENT GRAPH <{graph}> ;\n"
            f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ {_described_by(graph)} }}")


def described(store: Store, graphs: list[str]) -> list[ox.Triple]:
    """The provenance of these submission graphs, as it is in meta (for a build, which makes
    the meta graph anew, to carry it over)."""
    triples: list[ox.Triple] = []
    for graph in graphs:
        triples += store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_described_by(graph)} }}").triples
    return triples


def provenance(record: Record, report: rdflib.Graph) -> list[tuple[Any, Any, Any]]:
    """PROV-O about the submission graph (all but the marker): who, for whom, when, the bytes'
    checksum, what it replaces, the SHACL report."""
    g = ox.NamedNode(record.graph)
    agent, check = ox.BlankNode(), ox.BlankNode()
    triples: list[tuple[Any, Any, Any]] = [
        (g, _n(RDF_TYPE), _n(PROV + "Entity")),
        (g, _n(PROV + "generatedAtTime"), ox.Literal(record.when, datatype=_n(XSD + "dateTime"))),
        (g, _n(PROV + "wasAttributedTo"), agent),
        (agent, _n(RDF_TYPE), _n(PROV + "Agent")),
        (agent, _n(FOAF + "name"), ox.Literal(record.who)),
        (g, _n(SPDX + "checksum"), check),
        (check, _n(RDF_TYPE), _n(SPDX + "Checksum")),
        (check, _n(SPDX + "algorithm"), _n(SPDX + "checksumAlgorithm_sha256")),
        (check, _n(SPDX + "checksumValue"), ox.Literal(record.sha256)),
    ]
    if record.authority:
        triples.append((agent, _n(PROV + "actedOnBehalfOf"), _n(record.authority)))
    if record.replaces:
        triples.append((g, _n(PROV + "wasRevisionOf"), _n(graph_iri(record.replaces))))
    for file in record.files:
        triples.append((g, _n(DCT + "source"), ox.Literal(file["name"])))
    root = next(iter(report.subjects(rdflib.RDF.type,
                                     rdflib.URIRef(f"{ns.SH}ValidationReport"))), None)
    bnodes: dict[rdflib.BNode, ox.BlankNode] = {}

    def term(node: rdflib.term.Node) -> Any:
        if isinstance(node, rdflib.BNode):
            return bnodes.setdefault(node, ox.BlankNode())
        return from_rdflib_term(node)

    for s, p, o in report:
        triples.append((term(s), term(p), term(o)))
    if root is not None:
        triples.append((g, _n(str(PV["validationReport"])), term(root)))
    return triples


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)
