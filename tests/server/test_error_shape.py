"""One JSON error shape for every error of the endpoint, and never a 500 for a client's mistake."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request

from pvgraph.server import sparql
from pvgraph.server.errors import bug
from tests.server.conftest import EX, Live, live_server

pytestmark = pytest.mark.live

SHAPE_KEYS = {"error", "message", "hint", "location", "detail"}


def _assert_shape(r: httpx.Response, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) <= SHAPE_KEYS
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str) and body["message"]
    if code is not None:
        assert body["error"] == code
    return body


def test_shape_of_each_error(live: Live) -> None:
    s = live.sparql
    body = _assert_shape(httpx.get(s, params={"query": "SELECT * WHERE { ?s ?p }"}), 400, "bad-query")
    assert body["location"]["line"] == 1 and "column" in body["location"] and body["hint"]
    _assert_shape(httpx.get(s, params={"query": "ASK {}"}, headers={"Accept": "image/png"}), 406,
                  "not-acceptable")
    _assert_shape(httpx.post(s, data={"update": "CLEAR ALL"}), 401, "unauthorized")
    _assert_shape(httpx.post(s, data={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer no"}),
                  403, "forbidden")
    _assert_shape(httpx.put(s, params={"query": "ASK {}"}), 405, "method-not-allowed")
    _assert_shape(httpx.post(s, content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415,
                  "unsupported-format")
    _assert_shape(httpx.get(f"{live.url}/store", params={"graph": EX + "absent"}), 404, "not-found")
    _assert_shape(httpx.put(f"{live.url}/store", params={"graph": EX + "bad"}, content=b"<a> <b> .",
                            headers={"Content-Type": "text/turtle", **live.auth()}), 400, "syntax-error")


MALFORMED: list[tuple[str, dict]] = [
    ("GET", {"params": {"query": ""}}),
    ("GET", {"params": {"query": "\x00"}}),
    ("GET", {"params": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT -1"}}),
    ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}),
    ("GET", {"params": {"query": "ASK {}", "format": "nonsense"}}),
    ("GET", {"params": {"update": "CLEAR ALL"}}),
    ("GET", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}),
    ("GET", {"params": {"query": "ASK {}", "using-graph-uri": "http://x/"}}),
    ("GET", {"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}}),
    ("GET", {"params": {"query": "SELECT (<http://nope>(1) AS ?x) WHERE {}"}}),
    ("POST", {"content": b"\xff\xfe\x00", "headers": {"Content-Type": "application/sparql-query"}}),
    ("POST", {"content": b"query=%FF", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("POST", {"content": b"query=ASK+{}&update=CLEAR+ALL",
              "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("POST", {"content": b"", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}),
    ("POST", {"content": b"ASK {}", "headers": {"Content-Type": "application/sparql-query; charset=latin-1"}}),
    ("POST", {"content": b"ASK {}"}),
    ("POST", {"content": b"CLEAR XYZ", "headers": {"Content-Type": "application/sparql-update"}}),
]


@pytest.mark.parametrize(("method", "kwargs"), MALFORMED, ids=[str(i) for i in range(len(MALFORMED))])
def test_malformed_requests_get_4xx(live: Live, method: str, kwargs: dict) -> None:
    r = httpx.request(method, live.sparql, **kwargs)
    assert 400 <= r.status_code < 500 or r.status_code == 200, r.text
    if r.status_code >= 400:
        _assert_shape(r, r.status_code)


@pytest.mark.parametrize("kwargs", [
    {"params": {"graph": "not an iri"}},
    {"params": {"graph": ["http://a/", "http://b/"]}},
    {"params": {"default": "", "graph": "http://a/"}},
    {"params": {}},
])
def test_malformed_graph_store_requests_get_4xx(live: Live, kwargs: dict) -> None:
    r = httpx.get(f"{live.url}/store", **kwargs)
    _assert_shape(r, r.status_code)
    assert 400 <= r.status_code < 500


def test_the_frameworks_own_errors_have_the_one_shape(live: Live) -> None:
    """FastAPI answers an unknown address, a method a route lacks and a malformed parameter with
    ``{"detail": …}`` unless told otherwise: pvgraph's one handler gives them the project's shape."""
    body = _assert_shape(httpx.get(f"{live.url}/nothing/here"), 404, "not-found")
    assert "/nothing/here" in body["message"] and body["hint"]
    gone = httpx.delete(f"{live.url}/healthz")
    body = _assert_shape(gone, 405, "method-not-allowed")
    assert "GET" in gone.headers["allow"] and "GET" in body["hint"] and "DELETE" in body["message"]
    body = _assert_shape(httpx.get(f"{live.url}/resource"), 422, "invalid-request")
    assert body["detail"]["problems"] == [{"parameter": "iri", "in": "query", "problem": "Field required"}]
    assert "iri" in body["message"] and "/-/docs" in body["hint"]


def test_errors_are_told_in_the_requests_language(live: Live) -> None:
    """French unless the request asks for English (``Accept-Language`` or ``?lang=``): pvgraph's
    own errors (the SPARQL protocol's, the Graph Store's) and the framework's 404, 405 and 422
    alike; same code, status and shape in both."""
    cases = [
        ("GET", f"{live.url}/nothing/here", {}, 404, "il n'y a rien à l'adresse /nothing/here",
         "there is nothing at /nothing/here"),
        ("DELETE", f"{live.url}/healthz", {}, 405, "/healthz n'accepte pas la méthode DELETE",
         "/healthz does not accept DELETE"),
        ("GET", f"{live.url}/resource", {}, 422, "les paramètres de la demande ne conviennent pas",
         "the request's parameters are not right"),
        ("GET", live.sparql, {"update": "CLEAR ALL"}, 400,
         "une mise à jour SPARQL ne peut pas être envoyée par GET", "a SPARQL Update cannot be sent with GET"),
        ("PUT", live.sparql, {"query": "ASK {}"}, 405, "le point d'accès SPARQL n'accepte pas la méthode PUT",
         "the SPARQL endpoint does not accept PUT"),
        ("GET", f"{live.url}/store", {"graph": EX + "absent"}, 404, f"il n'y a pas de graphe <{EX}absent>",
         f"there is no graph <{EX}absent>"),
        ("GET", live.sparql, {"query": "SELECT * WHERE { ?s ?p }"}, 400, "la requête SPARQL ne se lit pas",
         "the SPARQL query does not parse"),
    ]
    for method, url, params, status, french, english in cases:
        fr = _assert_shape(httpx.request(method, url, params=params), status)
        en = _assert_shape(httpx.request(method, url, params=params, headers={"Accept-Language": "en-GB"}), status)
        asked = _assert_shape(httpx.request(method, url, params={**params, "lang": "en"}), status)
        assert fr["message"].startswith(french) and en["message"].startswith(english), (fr, en)
        assert asked["message"] == en["message"] and fr["error"] == en["error"] and set(fr) == set(en)
        assert fr["hint"] != en["hint"]


def test_browsers_still_get_a_page_for_the_frameworks_404_and_405(live: Live) -> None:
    html = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
    page = httpx.get(f"{live.url}/nothing/here", headers=html)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Page introuvable" in page.text
    page = httpx.delete(f"{live.url}/healthz", headers={**html, "Accept-Language": "en"})
    assert page.status_code == 405 and page.headers["content-type"].startswith("text/html")
    assert "GET" in page.headers["allow"]


def _pipelined(url: str, *paths: str) -> bytes:
    """Send GETs of ``paths`` in one write on one connection (as a client that sends its next
    request before the last answer is read); everything the server answers until it closes."""
    host, port = url.removeprefix("http://").split(":")
    requests = b"".join(f"GET {p} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode() for p in paths[:-1])
    requests += f"GET {paths[-1]} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(requests)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


@pytest.mark.parametrize("path", ["/-/test/broken", "/sparql?query=ASK%7B%7D"], ids=["route", "direct-sparql"])
def test_a_bug_is_answered_500_and_the_connection_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          path: str) -> None:
    """A bug in a route, or in a plain /sparql query answered in front of FastAPI: 500 in the one
    shape, logged, and the request the client had already sent on the same connection is
    answered too (uvicorn closed the connection after the 500, and that request was lost to the
    client — a steward's next submission among them)."""

    def broken() -> None:
        raise RuntimeError("a bug, on purpose")

    async def broken_answer(*args: object, **kwargs: object) -> None:
        broken()

    monkeypatch.setattr(sparql, "answer", broken_answer)
    with live_server(tmp_path) as server:
        server.app.add_api_route("/-/test/broken", broken)
        received = _pipelined(server.url, path, "/healthz")
    first, _, rest = received.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 500 ")
    assert b'"error":"internal-error"' in rest and b"a bug, on purpose" not in rest
    assert b"HTTP/1.1 200 " in rest, received  # the second request, answered


@pytest.mark.parametrize(("query", "headers", "told"), [
    (b"", [], "erreur interne"),
    (b"lang=en", [], "internal error"),
    (b"", [(b"accept-language", b"en-GB,en;q=0.9")], "internal error"),
    (b"lang=en", [(b"accept-language", b"fr")], "internal error"),
])
def test_a_bug_is_told_by_the_one_language_rule_even_without_the_apps_state(
        query: bytes, headers: list[tuple[bytes, bytes]], told: str) -> None:
    """The 500's words follow ``?lang=``, then ``Accept-Language``, then the setting (French), as
    every other error's — also when the bug left no app state to read the setting from (the
    request's own choice then still holds; it was French whatever the request asked)."""
    scope = {"type": "http", "method": "GET", "path": "/x", "query_string": query, "headers": headers}
    answer = asyncio.run(bug(Request(scope), RuntimeError("a bug, on purpose")))
    body = json.loads(answer.body)
    assert answer.status_code == 500 and body["error"] == "internal-error"
    assert body["message"].startswith(told)


def test_a_bug_is_told_in_the_setting_s_language(tmp_path: Path) -> None:
    def broken() -> None:
        raise RuntimeError("a bug, on purpose")

    with live_server(tmp_path, lang="en") as server:
        server.app.add_api_route("/-/test/broken", broken)
        english = httpx.get(f"{server.url}/-/test/broken")
        french = httpx.get(f"{server.url}/-/test/broken", headers={"Accept-Language": "fr"})
    assert english.status_code == french.status_code == 500
    assert english.json()["message"].startswith("internal error")
    assert french.json()["message"].startswith("erreur interne")
