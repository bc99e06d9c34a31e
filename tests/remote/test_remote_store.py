"""RemoteStore: its pure helpers, its error translation, and its Store contract on Virtuoso."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.errors import QueryError, StoreError
from pvgraph.settings import load_settings
from pvgraph.sparql_text import chunks, insert_requests
from pvgraph.store import open_store
from pvgraph.store.remote import RemoteStore, results_from_json, term_from_json
from pvgraph.store.servers import free_port

from .conftest import Endpoints, only_on

G = "https://w3id.org/pvgraph/graph/test-remote"
TURTLE = """
@prefix ex: <http://example.org/> .
ex:a ex:label "Clémenciat"@fr , "quote \\" and\\nnewline" ;
     ex:flag true ; ex:n 42 ; ex:year "2023"^^<http://www.w3.org/2001/XMLSchema#gYear> ;
     ex:shape [ ex:path ex:p ; ex:list ( 1 2 3 ) ] .
ex:b ex:knows ex:a .
"""


def _triples(text: str = TURTLE) -> list[ox.Quad]:
    return list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))


# -- pure helpers -------------------------------------------------------------------------------


def test_chunks_keep_blank_node_components_together() -> None:
    triples = _triples()
    parts = chunks(triples, 2)
    assert sorted(map(str, (q for part in parts for q in part))) == sorted(map(str, triples))
    for part in parts:
        blanks = {t.value for q in part for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
        others = {t.value for p in parts if p is not part for q in p
                  for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}
        assert not blanks & others


def test_insert_requests_parse_as_sparql_updates() -> None:
    store = ox.Store()
    for text in insert_requests(G, _triples(), 3):
        store.update(text)
    assert len(store) == len(_triples())


def test_virtuoso_json_terms_are_read() -> None:
    body = json.dumps({"head": {"vars": ["x", "y"]}, "results": {"bindings": [
        {"x": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1"},
         "y": {"type": "bnode", "value": "nodeID://b10004"}},
        {"x": {"type": "literal", "xml:lang": "fr", "value": "é"}},
    ]}}).encode()
    result = results_from_json(body, "http://test/sparql")
    assert result.variables == ["x", "y"]
    assert result.rows[0][0] == ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    assert isinstance(result.rows[0][1], ox.BlankNode)
    assert result.rows[1] == (ox.Literal("é", language="fr"), None)
    assert results_from_json(b'{"head": {}, "boolean": true}', "u").boolean is True
    assert term_from_json({"type": "uri", "value": "http://x"}) == ox.NamedNode("http://x")


def test_results_that_are_not_sparql_json_are_a_store_error() -> None:
    with pytest.raises(StoreError, match="not SPARQL JSON"):
        results_from_json(b"<html>oops</html>", "http://test/sparql")


def test_an_unreachable_endpoint_is_a_store_error_naming_it() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    store = open_store(load_settings({"store": url}))
    assert isinstance(store, RemoteStore)
    with pytest.raises(StoreError, match=url) as caught:
        store.graphs()
    assert caught.value.hint


# -- the Store contract on each real engine ---------------------------------------------------------


@pytest.fixture
def remote(engine: Endpoints) -> RemoteStore:
    store = engine.store()
    store.drop_graph(G)
    return store


@pytest.mark.remote
def test_the_engine_is_recognised(engine: Endpoints) -> None:
    """``store_engine=auto`` finds the dialect from the endpoint's answer headers."""
    auto = RemoteStore(engine.query_url)
    assert auto.dialect.name == engine.engine
    assert auto.chunk_size == auto.dialect.chunk_size


@pytest.mark.remote
def test_replace_add_drop_and_version(remote: RemoteStore) -> None:
    before = remote.version()
    assert remote.replace_graph(G, _triples()) == len(_triples())
    after = remote.version()
    assert after != before
    assert remote.graphs()[G] == len(_triples())
    back = ox.Store()
    back.extend(remote.quads(G))
    reference = ox.Store()
    reference.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(G)) for q in _triples())
    assert len(back) == len(reference)
    assert set(map(str, back.quads_for_pattern(None, None, None)))  # readable quads
    remote.add_to_graph(G, _triples('<http://example.org/c> <http://example.org/p> "x" .'))
    assert remote.graphs()[G] == len(_triples()) + 1
    assert remote.version() != after
    remote.replace_graph(G, _triples('<http://example.org/c> <http://example.org/p> "y" .'))
    assert remote.graphs()[G] == 1
    remote.drop_graph(G)
    assert G not in remote.graphs()


@pytest.mark.remote
def test_queries_see_the_union_of_the_graphs(remote: RemoteStore) -> None:
    """pvgraph's promise on every engine: without a dataset, the default graph is the union
    (Oxigraph's server is started without --union-default-graph: the dialect asks per request)."""
    remote.replace_graph(G, _triples('<http://example.org/u> <http://example.org/p> "in a named graph" .'))
    assert remote.query("ASK { <http://example.org/u> ?p ?o }").boolean is True
    named_only = remote.query("SELECT ?o WHERE { <http://example.org/u> ?p ?o }", default_graphs=[G])
    assert named_only.values("o") == ["in a named graph"]
    remote.drop_graph(G)


@pytest.mark.remote
def test_loading_by_graph_store_gives_the_same_triples(remote: RemoteStore, engine: Endpoints) -> None:
    gsp = engine.store(graph_store_url=engine.graph_store_url, gsp_chunk_size=3)
    gsp.replace_graph(G, _triples())
    plain = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G}> {{ ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }} }}"
    via_gsp = sorted(str(q) for q in gsp.query(plain).triples)
    remote.replace_graph(G, _triples())
    via_update = sorted(str(q) for q in remote.query(plain).triples)
    assert via_gsp == via_update
    assert remote.query(f"ASK {{ GRAPH <{G}> {{ ?s <http://example.org/label> \"Clémenciat\"@fr }} }}").boolean


@pytest.mark.remote
def test_a_bad_query_is_a_query_error_naming_the_endpoint(remote: RemoteStore, engine: Endpoints) -> None:
    with pytest.raises(QueryError, match=engine.query_url):
        remote.query("SELECT * WHERE { ?s ?p }")


@pytest.mark.remote
def test_virtuosos_refusals_are_translated(engine: Endpoints) -> None:
    """Virtuoso's own: digest credentials on /sparql-auth, and a read-only /sparql."""
    only_on(engine, "virtuoso")
    wrong = RemoteStore(engine.query_url, update_url=engine.update_url, user=engine.user, password="wrong")
    with pytest.raises(StoreError, match="credentials"):
        wrong.drop_graph(G)
    read_only = RemoteStore(engine.query_url)
    with pytest.raises(StoreError, match="store_update_url"):
        read_only.drop_graph(G)


@pytest.mark.remote
def test_update_runs_and_changes_the_version(remote: RemoteStore) -> None:
    before = remote.version()
    remote.update(f"INSERT DATA {{ GRAPH <{G}> {{ <http://example.org/u> <http://example.org/p> 1 }} }} ;\n")
    assert remote.version() != before
    assert remote.query(f"ASK {{ GRAPH <{G}> {{ <http://example.org/u> ?p ?o }} }}").boolean
    remote.drop_graph(G)


@pytest.mark.remote
def test_the_version_is_remembered_briefly_and_forgotten_on_a_write(engine: Endpoints,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    store = engine.store(version_ttl=60)
    other = engine.store(version_ttl=0)
    asked: list[str] = []
    real_query = RemoteStore.query
    monkeypatch.setattr(RemoteStore, "query", lambda self, text, **kw: asked.append(text) or real_query(self, text, **kw))
    first = store.version()
    assert store.version() == first and len(asked) == 1  # the second read is remembered
    other.add_to_graph(G, _triples())  # another process writes: seen only after the TTL...
    assert store.version() == first
    assert other.version() != first  # ...while a store with no TTL sees it at once
    store.drop_graph(G)  # a write through this object forgets the remembered version
    after = store.version()
    assert after != first and after == other.version()


@pytest.mark.remote
def test_a_remote_store_is_published_by_a_child_process(remote: RemoteStore, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from pvgraph.publish import generation

    remote.replace_graph(G, _triples())
    here = generation.generate_here(remote, tmp_path / "here", public_base="https://w3id.org/pvgraph/")

    def not_in_the_server(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the remote store was published in the server's own process")

    monkeypatch.setattr(generation, "generate_here", not_in_the_server)  # the child has its own copy
    made = generation.generate(remote, tmp_path / "child", public_base="https://w3id.org/pvgraph/")
    assert made.manifest == here.manifest and made.stats == here.stats
    remote.drop_graph(G)
