"""Where IRIs lead on the server, and how the language is chosen (unit tests)."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from pvgraph.server.links import local_href
from pvgraph.server.templating import choose_language, format_number

BASE = "https://w3id.org/pvgraph/"


@pytest.mark.parametrize(("iri", "path"), [
    (BASE + "id/project/case-a", "/id/project/case-a"),
    (BASE + "graph/study", "/graph/study"),
    (BASE + "ontology", "/ontology"),
    (BASE + "ontology#Territory", "/ontology#Territory"),
    (BASE + "id/territory/commune/2A004", "/id/territory/commune/2A004"),
    (BASE + "id/x/é", "/id/x/%C3%A9"),
    (BASE + "catalog", "/resource?iri=https%3A%2F%2Fw3id.org%2Fpvgraph%2Fcatalog"),
    ("http://www.w3.org/ns/org#Membership", "/resource?iri=http%3A%2F%2Fwww.w3.org%2Fns%2Forg%23Membership"),
])
def test_local_href(iri, path):
    assert local_href(iri, BASE) == path


def _request(query: str = "", accept_language: str | None = None) -> Request:
    headers = [(b"accept-language", accept_language.encode())] if accept_language else []
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": query.encode(),
                    "headers": headers})


@pytest.mark.parametrize(("query", "header", "expected"), [
    ("", None, "fr"),
    ("lang=en", None, "en"),
    ("lang=en", "fr", "en"),  # the parameter wins over the header
    ("lang=de", None, "fr"),  # an unknown language is ignored
    ("", "en-US,en;q=0.9", "en"),
    ("", "de-DE,en;q=0.8,fr;q=0.9", "fr"),
    ("", "de-DE", "fr"),
    ("", "en;q=0.5,fr;q=0.5", "en"),  # equal weights: the first listed
])
def test_choose_language(query, header, expected):
    assert choose_language(_request(query, header)) == expected


def test_numbers_are_written_the_french_way_in_french():
    assert format_number(1047048, "fr") == "1\u202f047\u202f048"
    assert format_number(1047048, "en") == "1,047,048"
