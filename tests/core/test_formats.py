"""Content negotiation and the format table."""

from __future__ import annotations

import pytest

from pvgraph.errors import NotAcceptableError, UnsupportedFormatError
from pvgraph.formats import negotiate, parse_accept, rdf_format, rdf_format_for_path, result_format

OFFERED = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("application/sparql-results+xml;q=0.9, text/csv;q=0.5", "application/sparql-results+xml"),
        ("text/csv;q=0.9, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ],
    ids=["no-header", "anything", "exact", "q-order", "q-default-1", "wildcard-subtype", "q0-refuses"],
)
def test_negotiate_picks_the_best_offer(accept: str | None, expected: str) -> None:
    assert negotiate(accept, OFFERED) == expected


def test_negotiate_refuses_with_406_when_nothing_fits() -> None:
    with pytest.raises(NotAcceptableError) as info:
        negotiate("image/png", OFFERED)
    assert info.value.http_status == 406
    assert info.value.detail["available"] == OFFERED


def test_parse_accept_orders_specific_before_wildcards_at_equal_q() -> None:
    assert [m for m, _ in parse_accept("*/*, text/*, text/turtle")] == ["text/turtle", "text/*", "*/*"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("data.ttl", "turtle"), ("x.nt.gz", "ntriples"), ("a.jsonld", "jsonld"), ("a.TRIG", "trig"),
     ("o.owl", "rdfxml"), ("d.nq", "nquads")],
)
def test_format_from_extension(name: str, expected: str) -> None:
    assert rdf_format_for_path(name).name == expected


def test_unknown_extension_says_which_ones_work() -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        rdf_format_for_path("notes.docx")
    assert ".ttl" in str(info.value)


def test_lookup_by_media_type_and_alias() -> None:
    assert rdf_format("text/turtle; charset=utf-8").name == "turtle"
    assert result_format("application/json").name == "json"
    with pytest.raises(UnsupportedFormatError):
        result_format("text/html")
