"""Unit tests of the pure parts: protocol request reading, SPARQL text checks and rewrites."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, quote_plus

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import QueryParams

from pvgraph.errors import QueryError, UnsupportedFormatError, UserError
from pvgraph.negotiation import choose, prefers_html
from pvgraph.protocol import parse_fields, parse_request, url_params
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


# -- the fields of a form or a URL query: parse_qsl's, read faster (protocol.parse_fields) -----

_FIELD_CHARS = st.sampled_from(["%", "%", "2", "0", "a", "F", "f", "C", "3", "A", "9", "g", "+", "=", "&", "\\",
                                " ", "x", "é", "ÿ", "\x00", "?", "{", "/", "€"])


def _compare(text: str, errors: str) -> None:
    try:
        expected: object = parse_qsl(text, keep_blank_values=True, errors=errors)
    except UnicodeDecodeError as exc:
        expected = (type(exc), str(exc))
    try:
        got: object = parse_fields(text, errors=errors)
    except UnicodeDecodeError as exc:
        got = (type(exc), str(exc))
    assert got == expected


@settings(max_examples=2000, deadline=None)
@given(st.lists(_FIELD_CHARS, max_size=40).map("".join), st.sampled_from(["replace", "strict"]))
def test_fields_are_parse_qsl_s_on_any_text(text: str, errors: str) -> None:
    _compare(text, errors)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["replace", "strict"]))
def test_fields_are_parse_qsl_s_on_encoded_text(value: str, errors: str) -> None:
    _compare(f"query={quote(value)}&format=json&x={quote_plus(value)}", errors)
    _compare(f"query={quote(value)}%", errors)  # a % that starts no escape


@pytest.mark.parametrize("text", [
    "", "&", "&&a", "a", "a=", "=b", "a=b=c", "a=%41%42", "a=%4", "a=%zz%41", "a=%%41", "a=%C3%A9", "a=%C3",
    "a=%FF&b=%C3%A9", "a=b+c%2B", "a=\\x41%41", "a=é%41", "query=" + quote("SELECT * WHERE { ?s ?p \"é\" }"),
])
def test_fields_on_chosen_texts(text: str) -> None:
    _compare(text, "replace")
    _compare(text, "strict")


def test_url_params_are_starlettes() -> None:
    raw = b"query=" + quote("ASK { ?s ?p \"\u00e9t\u00e9\" }").encode() + b"&format=json&lang=\xe9&bad=%FF&empty"
    assert url_params(raw) == QueryParams(raw).multi_items()
