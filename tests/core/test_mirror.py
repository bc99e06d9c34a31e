"""The store's in-memory copy holds exactly what the store holds, after every kind of write,
and is never read at a version it does not hold (pvgraph.store.mirror)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.formats import rdf_format
from pvgraph.loading import Document
from pvgraph.store import EmbeddedStore
from pvgraph.store.mirror import Mirror, repeatable_update, touched_graphs

EX = "https://example.org/mirror/"


def _quad(name: str, graph: str, value: str = "1") -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + name), ox.NamedNode(EX + "p"), ox.Literal(value), ox.NamedNode(graph))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "store")
    store.add_to_graph(EX + "g1", [_quad("a", EX + "g1"), _quad("b", EX + "g1")])
    yield store
    store.close()


def _ready(store: EmbeddedStore) -> Mirror:
    mirror = store.mirror()
    assert mirror is not None and mirror.wait_ready(30)
    return mirror


def _blank(term: object) -> str:
    return "_:" if isinstance(term, ox.BlankNode) else str(term)


def _shape(quads: Iterable[ox.Quad]) -> Counter[tuple[str, ...]]:
    """Quads with their blank nodes' labels left out: a full load gives blank nodes fresh labels."""
    return Counter((_blank(q.subject), str(q.predicate), _blank(q.object), str(q.graph_name)) for q in quads)


def _same(store: EmbeddedStore, mirror: Mirror, *, labels: bool = True) -> None:
    """The copy holds the store's version and exactly its quads (``labels``: blank nodes named
    the same too, as when nothing was loaded again since they were written)."""
    version = store.version()
    assert mirror.version() == version
    with mirror.reading(version) as engine:
        assert engine is not None
        if labels:
            assert set(engine) == set(store.quads())
        else:
            assert _shape(engine) == _shape(store.quads())


def test_the_copy_is_loaded_from_the_store(store: EmbeddedStore) -> None:
    mirror = _ready(store)
    _same(store, mirror)
    assert mirror.state() == "ready"


@pytest.mark.parametrize("write", [
    "replace_graph", "add_to_graph", "load_document", "drop_graph", "insert_data", "delete_where",
    "delete_insert_where", "clear_graph",
])
def test_every_write_is_replayed_without_loading_again(store: EmbeddedStore, write: str) -> None:
    mirror = _ready(store)
    writes = {
        "replace_graph": lambda: store.replace_graph(EX + "g1", [_quad("c", EX + "g1")]),
        "add_to_graph": lambda: store.add_to_graph(EX + "g2", [_quad("d", EX + "g2")]),
        "load_document": lambda: store.load_document(EX + "g3", Document(
            "inline.nt", f"<{EX}e> <{EX}p> \"5\" .".encode(), rdf_format("ntriples"))),
        "drop_graph": lambda: store.drop_graph(EX + "g1"),
        "insert_data": lambda: store.update(f"INSERT DATA {{ GRAPH <{EX}g4> {{ <{EX}f> <{EX}p> 7 }} }}"),
        "delete_where": lambda: store.update(f"DELETE WHERE {{ GRAPH <{EX}g1> {{ <{EX}a> ?p ?o }} }}"),
        "delete_insert_where": lambda: store.update(
            f"DELETE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }} INSERT {{ GRAPH ?g {{ ?s <{EX}q> ?o }} }} "
            f"WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}"),
        "clear_graph": lambda: store.update(f"CLEAR GRAPH <{EX}g1>"),
    }
    before = store.version()
    writes[write]()
    assert store.version() != before
    _same(store, mirror)
    assert mirror.loads == 1  # replayed, not loaded again


@pytest.mark.parametrize("update", [
    f"INSERT {{ GRAPH <{EX}g9> {{ ?s <{EX}made> [] }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    f"INSERT DATA {{ GRAPH <{EX}g9> {{ _:x <{EX}p> 1 }} }}",
    f"INSERT {{ GRAPH <{EX}g9> {{ <{EX}t> <{EX}at> ?now }} }} WHERE {{ BIND (NOW() AS ?now) }}",
    f"INSERT {{ GRAPH <{EX}g9> {{ <{EX}t> <{EX}id> ?id }} }} WHERE {{ BIND (STRUUID() AS ?id) }}",
    f"WITH <{EX}g1> DELETE {{ ?s <{EX}p> ?o }} INSERT {{ ?s <{EX}p> ?r }} WHERE {{ ?s <{EX}p> ?o BIND (RAND() AS ?r) }}",
    f"INSERT DATA {{ GRAPH <{EX}g9> {{ _:x <{EX}p> 1 }} }} ; DROP GRAPH <{EX}g1>",
], ids=["blank-template", "blank-data", "now", "struuid", "with-rand", "two-operations"])
def test_an_update_into_named_graphs_that_may_differ_when_run_again_copies_those_graphs(
        store: EmbeddedStore, update: str) -> None:
    """A submission's provenance is such an update (fresh blank nodes, into its own graph)."""
    mirror = _ready(store)
    store.update(update)
    _same(store, mirror)  # the store's own blank nodes, times and random numbers, labels and all
    assert mirror.loads == 1


@pytest.mark.parametrize("update", [
    f"INSERT {{ ?s <{EX}made> [] }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    f"INSERT {{ GRAPH ?g {{ ?s <{EX}made> [] }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    f"INSERT {{ <{EX}t> <{EX}at> ?now }} WHERE {{ BIND (NOW() AS ?now) }}",
    "DROP ALL",
], ids=["default-graph", "graph-variable", "now-default-graph", "drop-all"])
def test_any_other_update_that_may_differ_when_run_again_loads_the_copy_again(store: EmbeddedStore, update: str) -> None:
    mirror = _ready(store)
    store.update(update)
    assert mirror.wait_ready(30)
    _same(store, mirror, labels=False)
    assert mirror.loads == 2


@pytest.mark.parametrize(("update", "graphs"), [
    (f"INSERT DATA {{ GRAPH <{EX}a> {{ _:b <{EX}p> 1 }} }}", {EX + "a"}),
    (f"BASE <{EX}> INSERT {{ GRAPH <b> {{ <s> <p> [] }} }} WHERE {{}}", {EX + "b"}),
    (f"WITH <{EX}c> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p [] }} WHERE {{ ?s ?p ?o }}", {EX + "c"}),
    (f"CLEAR GRAPH <{EX}d> ; LOAD <{EX}data> INTO GRAPH <{EX}e>", {EX + "d", EX + "e"}),
    (f"INSERT DATA {{ <{EX}s> <{EX}p> 1 }}", None),  # the default graph
    (f"INSERT {{ GRAPH ?g {{ ?s <{EX}p> 1 }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", None),
    ("CLEAR NAMED", None),
    (f"COPY <{EX}a> TO <{EX}b>", None),
    ("this is not SPARQL", None),
])
def test_which_graphs_an_update_writes(update: str, graphs: set[str] | None) -> None:
    assert touched_graphs(update) == (None if graphs is None else frozenset(graphs))


def test_a_new_build_loads_the_copy_again(store: EmbeddedStore) -> None:
    mirror = _ready(store)
    staged = EmbeddedStore(None)
    staged.add_to_graph(EX + "built", [_quad("z", EX + "built")])
    store.replace_contents(staged)
    assert mirror.wait_ready(30)
    _same(store, mirror, labels=False)
    with mirror.reading(store.version()) as engine:
        assert engine is not None and len(engine) == 1


def test_the_copy_is_never_read_at_another_version(store: EmbeddedStore) -> None:
    mirror = _ready(store)
    old = store.version()
    store.add_to_graph(EX + "g2", [_quad("d", EX + "g2")])
    with mirror.reading(old) as engine:
        assert engine is None  # a reader that must see the old version goes elsewhere
    with mirror.reading(store.version()) as engine:
        assert engine is not None


def test_writes_made_while_the_copy_loads_are_replayed_on_it(store: EmbeddedStore,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Each write is either in the checkpoint the copy is loaded from or replayed after it, never
    lost and never applied twice (a DELETE/INSERT that renames would be wrong twice)."""
    filling, go_on = threading.Event(), threading.Event()
    fill = Mirror._fill

    def slow_fill(self: Mirror, checkpoint: str) -> ox.Store:
        filling.set()
        assert go_on.wait(30)
        return fill(self, checkpoint)

    monkeypatch.setattr(Mirror, "_fill", slow_fill)
    mirror = store.mirror()
    assert mirror is not None and filling.wait(30)
    assert mirror.state() == "loading"
    store.add_to_graph(EX + "g2", [_quad("d", EX + "g2")])
    store.update(f"DELETE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }} INSERT {{ GRAPH ?g {{ ?s <{EX}q> ?o }} }} "
                 f"WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?o }} }}")
    with mirror.reading(store.version()) as engine:
        assert engine is None  # not loaded yet: readers go to the workers
    go_on.set()
    assert mirror.wait_ready(30)
    _same(store, mirror)
    assert mirror.loads == 1


def test_a_store_in_memory_or_read_only_has_no_copy(tmp_path: Path) -> None:
    assert EmbeddedStore(None).mirror() is None
    EmbeddedStore(tmp_path / "s").close()
    assert EmbeddedStore(tmp_path / "s", read_only=True).mirror() is None


@pytest.mark.parametrize(("update", "repeatable"), [
    ("INSERT DATA { <a:s> <a:p> 1 }", True),
    ("DELETE WHERE { ?s <a:p> ?o }", True),
    ('INSERT DATA { <a:s> <a:p> "x" }', True),
    ("INSERT DATA { _:b <a:p> 1 }", False),
    ("INSERT { ?s <a:p> [] } WHERE { ?s ?p ?o }", False),
    ("INSERT { ?s <a:p> ?n } WHERE { ?s ?p ?o BIND (bnode() AS ?n) }", False),
    ("INSERT { ?s <a:p> ?n } WHERE { BIND (uuid() AS ?n) }", False),
    ("INSERT { ?s <a:p> ?n } WHERE { BIND (now() AS ?n) }", False),
    ("LOAD <http://example.org/data.ttl>", False),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", False),
])
def test_which_updates_are_replayed(update: str, repeatable: bool) -> None:
    assert repeatable_update(update) is repeatable
