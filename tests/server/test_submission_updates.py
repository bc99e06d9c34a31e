"""The updates that store an accepted submission: blank nodes only in templates, the same graph
whether sent as one update or in chunks, and an undo that takes all of it back.

Why it matters: Virtuoso 7 refuses blank nodes in ``INSERT DATA`` (SP031) and requests of a few
thousand triples; the embedded store must store exactly what a remote store stores
(tests/remote/test_remote_serve.py proves the Virtuoso side).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from pvgraph.namespaces import META_GRAPH
from pvgraph.server import submission_records as records
from pvgraph.store import EmbeddedStore

EX = "http://example.org/"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _record() -> records.Record:
    sid = records.new_id()
    return records.Record(id=sid, graph=records.graph_iri(sid), who="tester", when=records.now(),
                          sha256="0" * 64, files=[{"name": "data.ttl", "format": "TURTLE", "bytes": 1}],
                          triples=0, report={"conforms": True})


def _data() -> list[ox.Quad]:
    """30 plain triples and two blank nodes (one pointing to the other)."""
    thing, first, second = ox.NamedNode(EX + "thing"), ox.BlankNode(), ox.BlankNode()
    quads = [ox.Quad(thing, ox.NamedNode(EX + "note"), ox.Literal(f"note {i}")) for i in range(30)]
    quads += [ox.Quad(thing, ox.NamedNode(EX + "seeAlso"), first),
              ox.Quad(first, ox.NamedNode(EX + "label"), ox.Literal("anonymous")),
              ox.Quad(first, ox.NamedNode(EX + "next"), second),
              ox.Quad(second, ox.NamedNode(EX + "label"), ox.Literal("second"))]
    return quads


def _report() -> rdflib.Graph:
    report = rdflib.Graph()
    root = rdflib.BNode()
    report.add((root, rdflib.RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, rdflib.Literal(True)))
    return report


def _operations(updates: list[str]) -> list[str]:
    return [op for text in updates for op in text.split(" ;\n")]


@pytest.mark.parametrize("chunk_size", [None, 5])
def test_blank_nodes_never_travel_in_insert_data(chunk_size: int | None) -> None:
    updates = records.store_updates(_record(), _data(), _report(), chunk_size=chunk_size)
    assert len(updates) == 1 if chunk_size is None else len(updates) > 2
    operations = _operations(updates)
    assert any("_:" in op for op in operations)  # the blank nodes are there, in templates
    assert all("_:" not in op for op in operations if op.startswith("INSERT DATA"))
    assert all(op.rstrip().endswith("WHERE {}") for op in operations if "_:" in op)


def _stored(updates: list[str]) -> EmbeddedStore:
    store = EmbeddedStore()
    for update in updates:
        store.update(update)
    return store


def _shape(store: EmbeddedStore, graph: str) -> tuple[int, int, int]:
    """Triples, distinct blank nodes, and triples linking a blank node to another."""
    triples = list(store.triples(graph))
    blanks = {t.value for q in triples for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    chains = sum(isinstance(q.subject, ox.BlankNode) and isinstance(q.object, ox.BlankNode) for q in triples)
    return len(triples), len(blanks), chains


def test_one_update_and_chunks_store_the_same_graphs() -> None:
    record, data, report = _record(), _data(), _report()
    whole = _stored(records.store_updates(record, data, report))
    chunked = _stored(records.store_updates(record, data, report, chunk_size=5))
    for graph in (record.graph, str(META_GRAPH)):
        assert _shape(whole, graph) == _shape(chunked, graph)
    assert _shape(whole, record.graph) == (34, 2, 1)  # blank nodes kept as blank nodes, and linked
    assert whole.graphs()[record.graph] == len(data)
    agent = whole.query(
        f"ASK {{ GRAPH <{META_GRAPH}> {{ <{record.graph}> <http://www.w3.org/ns/prov#wasAttributedTo> ?a . "
        f"?a <http://xmlns.com/foaf/0.1/name> \"tester\" FILTER isBlank(?a) }} }}")
    assert agent.boolean is True


def test_the_undo_takes_a_chunked_submission_back_out() -> None:
    record = _record()
    store = _stored(records.store_updates(record, _data(), _report(), chunk_size=5))
    assert store.graphs()[str(META_GRAPH)] > 5
    store.update(records.remove_update(record))
    assert record.graph not in store.graphs()
    left = [q for q in store.triples(str(META_GRAPH)) if q.subject != ox.NamedNode(str(META_GRAPH))]
    assert left == []  # only the store's version triple, about the meta graph itself


def test_the_identifier_goes_last_and_marks_a_complete_submission(tmp_path: Path) -> None:
    """A crash between two requests (a remote store) leaves a graph without its identifier:
    the next start takes it back out with its files; a complete submission stays."""
    partial, complete = _record(), _record()
    for record in (partial, complete):
        records.write_files(tmp_path, record, [("data.ttl", b"<a> <b> <c> .")])
    updates = records.store_updates(partial, _data(), _report(), chunk_size=5)
    assert "identifier" in updates[-1] and all("identifier" not in u for u in updates[:-1])
    store = _stored(updates[:-1])  # the crash: everything but the last request
    for update in records.store_updates(complete, _data(), _report(), chunk_size=5):
        store.update(update)
    assert records.reconcile(tmp_path, store) == [partial.id]
    assert partial.graph not in store.graphs() and complete.graph in store.graphs()
    assert sorted(p.name for p in tmp_path.iterdir()) == [complete.id]
    described = {str(q.subject) for q in store.triples(str(META_GRAPH))}
    assert f"<{partial.graph}>" not in described and f"<{complete.graph}>" in described
