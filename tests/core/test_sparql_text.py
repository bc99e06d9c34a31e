"""pvgraph.sparql_text: the one tokenizer's reading of a text, and the one insert builder."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pvgraph.errors import QueryError
from pvgraph.sparql_text import (
    insert_requests,
    is_repeatable,
    page_query,
    query_form,
    service_targets,
    sets_own_limit,
    tokens,
)

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


# -- the readers that skip the tokenizer where they can: the same answers as reading every token --

def _all_words(text: str) -> list[str]:
    return [tok.text.upper() for tok in tokens(text) if tok.kind == "word"]


def _form_by_all_tokens(text: str) -> str | None:
    items, i = list(tokens(text)), 0
    while i < len(items) and items[i].kind == "word" and items[i].text.upper() in ("PREFIX", "BASE"):
        i += 3 if items[i].text.upper() == "PREFIX" else 2
    first = items[i].text.upper() if i < len(items) and items[i].kind == "word" else ""
    return first.lower() if first in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") else (
        "update" if first in ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
        else None)


_PIECES = st.sampled_from([
    "SELECT", "ask", "PREFIX", "p:", "BASE", "<http://e/>", "<x>", " ", "\n", "{", "}", "?s", "now", "NOW()",
    "know", "rand", "Rand(", "uuid", "STRUUID", "bnode", "SERVICE", "service", "silent", "ſervice", "ß", "ı",
    "# SERVICE <http://e/>\n", "\"now\"", "'SERVICE'", "INSERT", "p:sparql", "e:", "PREFIX e: <http://e/>",
    "SERVICE e:x", "SERVICE ?v", "DESCRIBE", "WITH",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=12).map(" ".join))
def test_readers_agree_with_reading_every_token(text: str) -> None:
    volatile = {"NOW", "RAND", "UUID", "STRUUID", "BNODE", "SERVICE"}
    assert is_repeatable.__wrapped__(text) == (not volatile & set(_all_words(text)))
    if "SERVICE" not in _all_words(text):
        assert service_targets(text) == []
    else:
        assert len(service_targets(text)) == _all_words(text).count("SERVICE")
    expected = _form_by_all_tokens(text)
    if expected is None:
        with pytest.raises(QueryError):
            query_form.__wrapped__(text)
    else:
        assert query_form.__wrapped__(text) == expected
