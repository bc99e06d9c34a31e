"""pvgraph.sparql_text: the one tokenizer's reading of a text, and the one insert builder."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pvgraph.errors import QueryError
from pvgraph.sparql_text import insert_requests, page_query, query_form, sets_own_limit

HEADER = """# id: difficulties
# fr: Quelles difficultés la co-création rencontre-t-elle ? (INSERT, DELETE, CREATE in a comment)
PREFIX pv: <https://w3id.org/pvgraph/ontology#>
BASE <http://example.org/>
"""


@pytest.mark.parametrize(("text", "form"), [
    (HEADER + "SELECT * WHERE { ?s ?p ?o }", "select"),
    (HEADER + "ask{}", "ask"),
    (HEADER + "CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
    (HEADER + "DESCRIBE <x>", "describe"),
    (HEADER + "INSERT DATA { <a> <b> <c> }", "update"),
    ("PREFIX : <http://e/> DROP SILENT GRAPH :g", "update"),
])
def test_the_form_is_read_past_comments_and_the_prologue(text: str, form: str) -> None:
    assert query_form(text) == form


def test_a_text_that_is_no_query_is_a_query_error() -> None:
    with pytest.raises(QueryError):
        query_form("# SELECT in a comment only\nhello")


def test_limit_in_a_string_or_a_subquery_is_not_the_querys_own() -> None:
    text = 'SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p "LIMIT 3" } LIMIT 5 } }'
    assert not sets_own_limit(text)
    assert page_query(text, 10).rstrip().endswith("LIMIT 10")


def _triples() -> list[ox.Triple]:
    data = b"""<http://e/a> <http://e/p> "1" , "2" , "3" .
    <http://e/a> <http://e/q> [ <http://e/r> [ <http://e/s> "deep" ] ] ."""
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]


@pytest.mark.parametrize("graph", ["http://e/g", None])
@pytest.mark.parametrize("chunk_size", [None, 1, 2])
def test_inserts_keep_blank_nodes_whole_and_in_templates(graph: str | None, chunk_size: int | None) -> None:
    requests = insert_requests(graph, _triples(), chunk_size)
    # 3 plain triples, and one component of 3 triples linked by blank nodes, never split
    plain_requests = 1 if chunk_size is None else -(-3 // chunk_size)
    assert len(requests) == plain_requests + 1
    for text in requests:
        if "_:" in text:
            assert text.startswith("INSERT {") and text.endswith("WHERE {}")  # never INSERT DATA
    store = ox.Store()
    for text in requests:
        store.update(text)
    target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    stored = list(store.quads_for_pattern(None, None, None, target))
    assert len(stored) == len(_triples())
    deep = list(store.query('SELECT ?x WHERE { ?a <http://e/q> ?b . ?b <http://e/r> ?c . '
                            '?c <http://e/s> ?x }', use_default_graph_as_union=True))
    assert len(deep) == 1  # the chain of blank nodes arrived in one piece
