"""Unit tests of the pure parts: protocol request reading, SPARQL text checks and rewrites."""

from __future__ import annotations

import pytest

from pvgraph.errors import QueryError, UnsupportedFormatError, UserError
from pvgraph.negotiation import choose, prefers_html
from pvgraph.protocol import parse_request
from pvgraph.sparql_text import add_using, check_services, service_targets


def test_get_query_with_dataset() -> None:
    req = parse_request("GET", [("query", "ASK {}"), ("default-graph-uri", "http://a/"),
                                ("named-graph-uri", "http://b/")], None, b"")
    assert (req.operation, req.text, req.default_graphs, req.named_graphs) == (
        "query", "ASK {}", ("http://a/",), ("http://b/",))


def test_no_query_is_the_description() -> None:
    assert parse_request("GET", [], None, b"").operation == "description"


def test_form_post_update() -> None:
    req = parse_request("POST", [("using-graph-uri", "http://a/")],
                        "application/x-www-form-urlencoded", b"update=CLEAR+ALL")
    assert req.operation == "update" and req.text == "CLEAR ALL" and req.using_graphs == ("http://a/",)


@pytest.mark.parametrize(("method", "params", "ctype", "body", "error"), [
    ("GET", [("update", "CLEAR ALL")], None, b"", UserError),
    ("GET", [("query", "ASK {}"), ("query", "ASK {}")], None, b"", UserError),
    ("POST", [], None, b"ASK {}", UserError),
    ("POST", [], "text/plain", b"ASK {}", UnsupportedFormatError),
    ("POST", [], "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"),
     UnsupportedFormatError),
    ("POST", [], "application/x-www-form-urlencoded", b"update=a&update=b", UserError),
    ("POST", [], "application/x-www-form-urlencoded", b"query=a&update=b", UserError),
    ("GET", [("query", "ASK {}"), ("default-graph-uri", "not an iri")], None, b"", UserError),
    ("PUT", [("query", "ASK {}")], None, b"", UserError),
])
def test_malformed(method: str, params: list, ctype: str | None, body: bytes, error: type) -> None:
    with pytest.raises(error) as info:
        parse_request(method, params, ctype, body)
    assert 400 <= info.value.http_status < 500


def test_service_targets_skip_strings_comments_and_variables_named_service() -> None:
    text = '''PREFIX ex: <http://ex.org/>
    # SERVICE <http://comment/>
    SELECT ?service WHERE { BIND("SERVICE <http://string/>" AS ?x)
      SERVICE SILENT ex:endpoint { ?s ?p ?o } SERVICE <http://b/sparql> {} SERVICE ?v {} }'''
    assert service_targets(text) == ["http://ex.org/endpoint", "http://b/sparql", None]


def test_allow_list() -> None:
    check_services("SELECT * WHERE { SERVICE <http://ok/sparql/> {} }", ["http://ok/sparql"])
    with pytest.raises(QueryError):
        check_services("SELECT * WHERE { SERVICE <http://other/> {} }", ["http://ok/sparql"])


def test_add_using_before_each_top_level_where() -> None:
    text = "INSERT { ?s ?p ?o } WHERE { { SELECT * WHERE { ?s ?p ?o } } } ; DELETE WHERE { ?a ?b ?c }"
    out = add_using(text, ["http://g/"], ["http://n/"])
    assert out.count("USING <http://g/> USING NAMED <http://n/> WHERE") == 1
    assert "SELECT * WHERE" in out and "DELETE WHERE" in out


def test_add_using_refuses_a_conflict() -> None:
    with pytest.raises(QueryError):
        add_using("WITH <http://a/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", [], ["http://n/"])
    assert add_using("WITH <http://a/> DELETE WHERE { ?s ?p ?o }", [], []) .startswith("WITH")


def test_negotiation_rules() -> None:
    assert choose("select", None, None).result_format == "json"
    assert choose("construct", None, None).rdf_format == "turtle"
    assert choose("describe", None, "xml").rdf_format == "rdfxml"
    assert choose("ask", "text/csv;q=0.1, application/sparql-results+xml", None).result_format == "xml"
    assert prefers_html("text/html,application/xhtml+xml,*/*;q=0.8")
    assert not prefers_html("application/sparql-results+json, text/html;q=0.5")
    assert not prefers_html(None)
