"""Running queries on the embedded store and writing results."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from pvgraph import sparql_text
from pvgraph.errors import QueryError
from pvgraph.formats import rdf_format, result_format
from pvgraph.sparql import render_table, run_query, serialize_result
from pvgraph.sparql_text import query_form
from pvgraph.store import EmbeddedStore

EX = "http://example.org/"


@pytest.fixture
def store() -> EmbeddedStore:
    s = EmbeddedStore()
    s.add_to_graph(EX + "g1", [
        ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "name"), ox.Literal("Ville A", language="fr")),
        ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "pop"),
                  ox.Literal("150000", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ])
    s.add_to_graph(EX + "g2", [
        ox.Triple(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "name"), ox.Literal("B, \"quoted\"\tand tab")),
    ])
    return s


@pytest.mark.parametrize(
    ("text", "form"),
    [("SELECT * {}", "select"), ("# comment SELECT\nPREFIX a: <http://x#>\nask {}", "ask"),
     ("BASE <http://x/> CONSTRUCT WHERE {?s ?p ?o}", "construct"), ("DESCRIBE <http://x>", "describe"),
     ("PREFIX a: <http://x/#> INSERT DATA {}", "update"), ("CLEAR ALL", "update")],
)
def test_query_form(text: str, form: str) -> None:
    assert query_form(text) == form


def test_not_a_query() -> None:
    with pytest.raises(QueryError):
        query_form("hello")


def test_default_graph_is_the_union(store: EmbeddedStore) -> None:
    result = run_query(store, f"SELECT ?s WHERE {{ ?s <{EX}name> ?n }} ORDER BY ?s")
    assert result.values("s") == [EX + "a", EX + "b"]


def test_default_graph_uri_restricts(store: EmbeddedStore) -> None:
    result = run_query(store, f"SELECT ?s WHERE {{ ?s <{EX}name> ?n }}", default_graphs=[EX + "g2"])
    assert result.values("s") == [EX + "b"]


def test_row_cap_says_it_cut(store: EmbeddedStore) -> None:
    result = run_query(store, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", max_rows=2)
    assert len(result.rows) == 2 and result.truncated


def test_syntax_error_has_line_and_column(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, "SELECT * WHERE {\n ?s ?p \n}")
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.column) == (3, 2)


def test_update_is_not_run_as_a_query(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError):
        run_query(store, "CLEAR ALL")
    assert run_query(store, "ASK { ?s ?p ?o }").boolean is True


def test_json_results_follow_the_standard(store: EmbeddedStore) -> None:
    result = run_query(store, f"SELECT ?n ?p WHERE {{ <{EX}a> <{EX}name> ?n ; <{EX}pop> ?p }}")
    body = json.loads(serialize_result(result, result_format("json")))
    assert body["head"]["vars"] == ["n", "p"]
    binding = body["results"]["bindings"][0]
    assert binding["n"] == {"type": "literal", "value": "Ville A", "xml:lang": "fr"}
    assert binding["p"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_csv_and_tsv_escape_special_characters(store: EmbeddedStore) -> None:
    result = run_query(store, f"SELECT ?n WHERE {{ <{EX}b> <{EX}name> ?n }}")
    csv = serialize_result(result, result_format("csv")).decode()
    assert csv.splitlines()[1] == '"B, ""quoted""\tand tab"'
    tsv = serialize_result(result, result_format("tsv")).decode()
    assert tsv.splitlines()[1] == '"B, \\"quoted\\"\\tand tab"'


def test_ask_in_xml(store: EmbeddedStore) -> None:
    xml = serialize_result(run_query(store, "ASK { ?s ?p ?o }"), result_format("xml")).decode()
    assert "<boolean>true</boolean>" in xml


def test_construct_round_trips_in_every_rdf_format(store: EmbeddedStore) -> None:
    result = run_query(store, "CONSTRUCT WHERE { ?s ?p ?o }")
    for name in ("turtle", "ntriples", "rdfxml", "jsonld", "trig", "nquads"):
        fmt = rdf_format(name)
        data = serialize_result(result, fmt)
        assert len(list(ox.parse(data, fmt.oxigraph))) == len(result.triples), name


def test_select_cannot_be_written_as_turtle(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError):
        serialize_result(run_query(store, "SELECT * {}"), rdf_format("turtle"))


def test_table_uses_prefixes_and_counts_rows(store: EmbeddedStore) -> None:
    table = render_table(run_query(store, f"SELECT ?s WHERE {{ ?s <{EX}name> ?n }} ORDER BY ?s"))
    assert table.splitlines()[-1] == "(2 rows)"
    assert f"<{EX}a>" in table


def test_version_changes_on_every_write(store: EmbeddedStore) -> None:
    before = store.version()
    store.update(f"INSERT DATA {{ GRAPH <{EX}g3> {{ <{EX}c> <{EX}p> 1 }} }}")
    assert store.version() != before
    assert store.graphs()[EX + "g3"] == 1


@pytest.mark.parametrize(("text", "repeatable"), [
    ("SELECT * WHERE { ?s ?p ?o }", True),
    ("SELECT (NOW() AS ?t) WHERE {}", False),
    ("SELECT ?x WHERE { BIND (rand() AS ?x) }", False),
    ("SELECT (UUID() AS ?u) (STRUUID() AS ?v) WHERE {}", False),
    ("CONSTRUCT { ?s <urn:p> [] } WHERE { ?s ?p ?o }", True),  # [] in a template is not BNODE()
    ("SELECT (BNODE() AS ?b) WHERE {}", False),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", False),
    ('SELECT * WHERE { ?s ?p "NOW() and SERVICE in a literal" } # RAND() in a comment', True),
    ("SELECT * WHERE { ?s <http://example.org/now> ?o }", True),
])
def test_only_answers_that_depend_on_the_data_alone_may_be_reused(text: str, repeatable: bool) -> None:
    assert sparql_text.is_repeatable(text) is repeatable
