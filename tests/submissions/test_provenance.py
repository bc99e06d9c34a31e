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
from pvgraph.store import EmbeddedStore
from pvgraph.submissions import records
from pvgraph.submissions.provenance import StoreUpdates, remove_update, store_updates
from pvgraph.submissions.transaction import reconcile

EX = "http://example.org/"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _record() -> records.Record:
    sid = records.new_id()
    return records.Record(id=sid, graph=records.graph_iri(sid), who="tester", when=records.now(),
                          sha256="0" * 64, files=[{"name": "data.ttl", "format": "turtle", "bytes": 1}],
                          triples=0, report={"conforms": True},
                          authority="https://w3id.org/pvgraph/id/organisation/200000172")


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


def _all(updates: StoreUpdates) -> list[str]:
    """Every request, in the order they are sent."""
    return [*updates.data, *updates.provenance, updates.marker]


def _operations(updates: StoreUpdates) -> list[str]:
    return [op for text in _all(updates) for op in text.split(" ;\n")]


@pytest.mark.parametrize("chunk_size", [None, 5])
def test_blank_nodes_never_travel_in_insert_data(chunk_size: int | None) -> None:
    updates = store_updates(_record(), _data(), _report(), chunk_size=chunk_size)
    assert len(updates.data) == len(updates.provenance) == 1 if chunk_size is None else len(updates.data) > 2
    operations = _operations(updates)
    assert any("_:" in op for op in operations)  # the blank nodes are there, in templates
    assert all("_:" not in op for op in operations if op.startswith("INSERT DATA"))
    assert all(op.rstrip().endswith("WHERE {}") for op in operations if "_:" in op)


def _stored(updates: StoreUpdates | list[str]) -> EmbeddedStore:
    store = EmbeddedStore()
    for update in _all(updates) if isinstance(updates, StoreUpdates) else updates:
        store.update(update)
    return store


def _shape(store: EmbeddedStore, graph: str) -> tuple[int, int, int]:
    """Triples, distinct blank nodes, and triples linking a blank node to another."""
    triples = list(store.quads(graph))
    blanks = {t.value for q in triples for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
    chains = sum(isinstance(q.subject, ox.BlankNode) and isinstance(q.object, ox.BlankNode) for q in triples)
    return len(triples), len(blanks), chains


def test_one_update_and_chunks_store_the_same_graphs() -> None:
    record, data, report = _record(), _data(), _report()
    whole = _stored(store_updates(record, data, report))
    chunked = _stored(store_updates(record, data, report, chunk_size=5))
    for graph in (record.graph, str(META_GRAPH)):
        assert _shape(whole, graph) == _shape(chunked, graph)
    assert _shape(whole, record.graph) == (34, 2, 1)  # blank nodes kept as blank nodes, and linked
    assert whole.graphs()[record.graph] == len(data)
    agent = whole.query(
        f"ASK {{ GRAPH <{META_GRAPH}> {{ <{record.graph}> <http://www.w3.org/ns/prov#wasAttributedTo> ?a . "
        f"?a <http://xmlns.com/foaf/0.1/name> \"tester\" FILTER isBlank(?a) }} }}")
    assert agent.boolean is True
    on_behalf = whole.query(
        f"ASK {{ GRAPH <{META_GRAPH}> {{ <{record.graph}> <http://www.w3.org/ns/prov#wasAttributedTo> "
        f"[ <http://www.w3.org/ns/prov#actedOnBehalfOf> <{record.authority}> ] }} }}")
    assert on_behalf.boolean is True


def test_the_undo_of_a_replacement_keeps_the_provenance_of_the_one_it_replaces() -> None:
    """The new graph is ``prov:wasRevisionOf`` the old one: the undo must not follow that link
    into the old submission's provenance (its agent and report are blank nodes too)."""
    old = _record()
    new = records.Record(**{**old.__dict__, "id": "1" * 32, "graph": records.graph_iri("1" * 32),
                            "replaces": old.id})
    store = _stored(store_updates(old, _data(), _report()))
    before = store.graphs()[str(META_GRAPH)]
    for update in _all(store_updates(new, _data(), _report())):
        store.update(update)
    store.update(remove_update(new.graph))
    assert store.graphs()[str(META_GRAPH)] == before and old.graph in store.graphs()


def test_the_undo_takes_a_chunked_submission_back_out() -> None:
    record = _record()
    store = _stored(store_updates(record, _data(), _report(), chunk_size=5))
    assert store.graphs()[str(META_GRAPH)] > 5
    store.update(remove_update(record.graph))
    assert record.graph not in store.graphs()
    left = [q for q in store.quads(str(META_GRAPH)) if q.subject != ox.NamedNode(str(META_GRAPH))]
    assert left == []  # only the store's version triple, about the meta graph itself


def test_the_marker_goes_alone_and_marks_a_complete_submission() -> None:
    """The data and the provenance never carry the marker (``dct:identifier``): it is sent on
    its own, after the entailments (see pvgraph.submissions.transaction)."""
    updates = store_updates(_record(), _data(), _report(), chunk_size=5)
    assert "identifier" in updates.marker
    assert all("identifier" not in u for u in [*updates.data, *updates.provenance])


def test_a_crash_between_requests_is_undone_at_the_next_start(tmp_path: Path) -> None:
    """A crash between two requests (a remote store) leaves a partial graph in phase
    ``storing``: the next start takes it back out with its files; an accepted one stays."""
    partial, complete = _record(), _record()
    for record in (partial, complete):
        records.write_new(tmp_path, record, [records.SubmittedFile("data.ttl", b"<a> <b> <c> .")])
    records.write_state(tmp_path, complete.id, "accepted")
    updates = store_updates(partial, _data(), _report(), chunk_size=5)
    store = _stored(updates.data[:-1])  # the crash: some of the data's requests
    for update in _all(store_updates(complete, _data(), _report(), chunk_size=5)):
        store.update(update)
    done = reconcile(tmp_path, store)
    assert done.undone == [partial.id] and not done.withdrawn
    assert partial.graph not in store.graphs() and complete.graph in store.graphs()
    assert sorted(p.name for p in tmp_path.iterdir()) == [complete.id]
    described = {str(q.subject) for q in store.quads(str(META_GRAPH))}
    assert f"<{partial.graph}>" not in described and f"<{complete.graph}>" in described
