"""The ``/sparql`` queries answered in front of FastAPI (server/sparql_direct.py) answer exactly as
the route does — status, every header, body, metrics — and every other request falls through to it.

Each request is sent twice to a live server, the answer caches emptied before each: once as it
comes (the layer answers it, or leaves it), once with the layer stepping aside for every request
(the route answers). The layer's ``pass_on`` is watched to know which of the two answered.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest

from pvgraph.query_pool import AnswerCache
from pvgraph.server import sparql
from pvgraph.server.replay_cache import Replays
from pvgraph.server.sparql_direct import DirectQueryMiddleware
from pvgraph.server.state import app_state
from tests.server.conftest import EX, TOKEN, Live

pytestmark = pytest.mark.live

JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
SELECT = f"SELECT ?s ?v WHERE {{ GRAPH <{EX}g1> {{ ?s <{EX}value> ?v }} }} ORDER BY ?v"  # 30 rows: cut at 10
ASK = f"ASK {{ <{EX}thing/0> ?p ?o }}"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{EX}g2> {{ ?s ?p ?o }} }}"
DESCRIBE = f"DESCRIBE <{EX}thing/0>"
RANDOM = "ASK { FILTER(RAND() < 2) }"  # not repeatable (RAND), the same answer every time
BROKEN = "SELECT ?s WHERE { ?s ?p }"  # the engine's syntax error, once the query runs


def _get(query: str, **params: str) -> str:
    return "/sparql?" + "&".join([f"query={quote(query)}", *(f"{k}={quote(v)}" for k, v in params.items())])


def _form(**fields: str) -> bytes:
    return "&".join(f"{k}={quote(v)}" for k, v in fields.items()).encode()


# (method, URL, headers, body): each answered in front of FastAPI.
ANSWERED: dict[str, tuple[str, str, dict[str, str], bytes | None]] = {
    "get-select-json": ("GET", _get(SELECT), {"Accept": JSON}, None),
    "get-select-no-accept": ("GET", _get(SELECT), {}, None),
    "get-select-xml": ("GET", _get(SELECT), {"Accept": "application/sparql-results+xml"}, None),
    "get-select-csv-param": ("GET", _get(SELECT, format="csv"), {}, None),
    "get-select-tsv-q": ("GET", _get(SELECT), {"Accept": "text/csv;q=0.5, text/tab-separated-values"}, None),
    "get-ask": ("GET", _get(ASK), {"Accept": JSON}, None),
    "get-construct-turtle": ("GET", _get(CONSTRUCT), {"Accept": "text/turtle"}, None),
    "get-construct-format-json": ("GET", _get(CONSTRUCT, format="json"), {}, None),
    "get-describe-ntriples": ("GET", _get(DESCRIBE), {"Accept": "application/n-triples"}, None),
    "get-dataset": ("GET", _get("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": EX + "g2"}),
                    {"Accept": JSON}, None),
    "get-named-graphs": ("GET", _get("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                     **{"named-graph-uri": EX + "g2"}), {"Accept": JSON}, None),
    "get-no-cache": ("GET", _get(SELECT), {"Accept": JSON, "Cache-Control": "no-cache"}, None),
    "get-not-repeatable": ("GET", _get(RANDOM), {"Accept": JSON}, None),
    "get-relative-iri": ("GET", _get("SELECT (<x> AS ?x) WHERE {}"), {"Accept": JSON}, None),
    "get-engine-error-fr": ("GET", _get(BROKEN), {"Accept": JSON}, None),
    "get-engine-error-en": ("GET", _get(BROKEN), {"Accept": JSON, "Accept-Language": "en"}, None),
    "get-engine-error-lang-param": ("GET", _get(BROKEN, lang="en"), {"Accept": JSON}, None),
    "post-form": ("POST", "/sparql", {"Accept": JSON, "Content-Type": FORM}, _form(query=SELECT)),
    "post-form-dataset-and-format": ("POST", "/sparql?format=xml", {"Content-Type": FORM},
                                     _form(query="SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": EX + "g2"})),
    "post-form-charset": ("POST", "/sparql", {"Accept": JSON, "Content-Type": f"{FORM}; charset=UTF-8"},
                          _form(query=ASK)),
    "post-sparql-query": ("POST", "/sparql", {"Accept": JSON, "Content-Type": "application/sparql-query"},
                          SELECT.encode()),
    "post-sparql-query-charset": ("POST", "/sparql", {"Accept": "text/turtle",
                                                       "Content-Type": "application/sparql-query; charset=utf-8"},
                                  CONSTRUCT.encode()),
    "post-sparql-query-error": ("POST", "/sparql", {"Accept": JSON, "Content-Type": "application/sparql-query"},
                                BROKEN.encode()),
}

# Left to the route: the layer passes them on (after reading their body, for a POST).
PASSED: dict[str, tuple[str, str, dict[str, str], Any]] = {
    "head": ("HEAD", _get(SELECT), {"Accept": JSON}, None),
    "options": ("OPTIONS", "/sparql", {"Origin": "http://elsewhere.example"}, None),
    "put": ("PUT", "/sparql", {}, b""),
    "description": ("GET", "/sparql", {"Accept": "text/turtle"}, None),
    "description-browser": ("GET", "/sparql", {"Accept": "text/html"}, None),
    "if-none-match": ("GET", _get(SELECT), {"Accept": JSON, "If-None-Match": "*"}, None),
    "if-modified-since": ("GET", _get(SELECT), {"Accept": JSON,
                                                "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}, None),
    "not-acceptable": ("GET", _get(SELECT), {"Accept": "image/png"}, None),
    "bad-format-param": ("GET", _get(SELECT, format="png"), {}, None),
    "update-by-get": ("GET", "/sparql?update=" + quote("CLEAR ALL"), {}, None),
    "update-as-query": ("GET", _get(f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}"), {"Accept": JSON}, None),
    "update-without-token": ("POST", "/sparql", {"Content-Type": FORM}, _form(update="CLEAR ALL")),
    "update-wrong-token": ("POST", "/sparql", {"Content-Type": "application/sparql-update",
                                               "Authorization": "Bearer nope"}, b"CLEAR ALL"),
    "service-refused": ("GET", _get("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
                        {"Accept": JSON}, None),
    "two-queries": ("GET", _get(ASK) + "&query=" + quote(ASK), {"Accept": JSON}, None),
    "empty-query": ("GET", "/sparql?query=", {"Accept": JSON}, None),
    "bad-graph-iri": ("GET", _get(ASK, **{"default-graph-uri": "not an iri"}), {"Accept": JSON}, None),
    "query-in-url-and-body": ("POST", _get(ASK), {"Content-Type": "application/sparql-query"}, ASK.encode()),
    "form-without-query": ("POST", "/sparql", {"Content-Type": FORM}, _form(other="x")),
    "unknown-body-type": ("POST", "/sparql", {"Content-Type": "text/plain"}, ASK.encode()),
    "no-body-type": ("POST", "/sparql", {}, ASK.encode()),
    "bad-charset": ("POST", "/sparql", {"Content-Type": "application/sparql-query; charset=latin-1"}, ASK.encode()),
    "not-utf8": ("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b"ASK {} # \xff"),
    "chunked-body": ("POST", "/sparql", {"Accept": JSON, "Content-Type": FORM},
                     [b"query=", quote(ASK).encode()]),  # sent in chunks, with no declared length
    "other-path": ("GET", "/sparql/", {"Accept": JSON}, None),
}


@pytest.fixture
def passed_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The requests the layer left to FastAPI (method and path), as they happen."""
    seen: list[str] = []
    original = DirectQueryMiddleware.pass_on

    async def watched(self: DirectQueryMiddleware, scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(f"{scope.get('method')} {scope.get('path')}")
        await original(self, scope, receive, send)

    monkeypatch.setattr(DirectQueryMiddleware, "pass_on", watched)
    return seen


def _fresh(live: Live) -> None:
    """Empty the answer caches: each request below is computed."""
    state = app_state(live.app)
    state.replays = Replays()
    state.answers = AnswerCache()


def _send(live: Live, request: tuple[str, str, dict[str, str], Any]) -> httpx.Response:
    method, url, headers, body = request
    _fresh(live)
    with live.client() as client:
        return client.request(method, url, headers=headers, content=iter(body) if isinstance(body, list) else body)


def _seen(response: httpx.Response) -> tuple[int, list[tuple[str, str]], bytes]:
    """Everything the client gets, but the date (uvicorn's, of the second)."""
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "date"]
    return response.status_code, headers, response.content


def _counts(live: Live) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the request and query metrics, by name and labels."""
    found = {}
    for family in app_state(live.app).metrics.registry.collect():
        if family.name in ("pvgraph_http_requests", "pvgraph_http_errors", "pvgraph_query_duration_seconds",
                           "pvgraph_query_truncated", "pvgraph_http_request_duration_seconds"):
            for sample in family.samples:
                if sample.name.endswith(("_total", "_count")):
                    found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _answered(live: Live, request: tuple[str, str, dict[str, str], Any]) -> tuple[Any, dict[Any, float]]:
    """What the client gets, and by how much each metric moved."""
    before = _counts(live)
    seen = _seen(_send(live, request))
    after = _counts(live)
    return seen, {key: value - before.get(key, 0) for key, value in after.items() if value != before.get(key, 0)}


def _route_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The layer steps aside for every request: FastAPI's route answers all."""
    monkeypatch.setattr(DirectQueryMiddleware, "takes", lambda self, scope: (False, None))


@pytest.mark.parametrize("name", list(ANSWERED))
def test_answered_in_front_exactly_as_the_route(live: Live, name: str, passed_on: list[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    direct, direct_metrics = _answered(live, ANSWERED[name])
    assert passed_on == [], "the layer answered it itself"
    _route_only(monkeypatch)
    routed, routed_metrics = _answered(live, ANSWERED[name])
    assert passed_on == [f"{ANSWERED[name][0]} /sparql"], "the route answered it"
    assert direct == routed
    assert direct_metrics == routed_metrics
    assert direct_metrics  # (the request was counted)


@pytest.mark.parametrize("name", list(PASSED))
def test_odd_requests_fall_through_to_the_route(live: Live, name: str, passed_on: list[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    method, url, _, _ = PASSED[name]
    direct, direct_metrics = _answered(live, PASSED[name])
    assert passed_on == [f"{method} {url.split('?')[0]}"]
    _route_only(monkeypatch)
    routed, routed_metrics = _answered(live, PASSED[name])
    assert direct == routed
    assert direct_metrics == routed_metrics


def test_answered_answers_are_the_expected_ones(live: Live) -> None:
    """The cases above do what their names say (so that the comparison compares something)."""
    status, headers, body = _seen(_send(live, ANSWERED["get-select-json"]))
    assert status == 200 and dict(headers)["x-pvgraph-truncated"] == "true; max-rows=10"
    assert dict(headers)["etag"] and dict(headers)["x-pvgraph-cache"] == "miss"
    assert dict(_seen(_send(live, ANSWERED["get-not-repeatable"]))[1])["x-pvgraph-cache"] == "off"
    status, _, body = _seen(_send(live, ANSWERED["get-engine-error-en"]))
    assert status == 400 and b"error" in body
    assert _seen(_send(live, ANSWERED["get-engine-error-fr"]))[2] != body  # told in French
    assert _seen(_send(live, PASSED["if-none-match"]))[0] == 304
    assert _seen(_send(live, PASSED["update-without-token"]))[0] == 401


def test_a_repeated_query_is_then_replayed(live: Live, passed_on: list[str]) -> None:
    """The layer's answer is kept for replay (server/replay.py) as the route's was."""
    request = ANSWERED["post-form"]
    first = _send(live, request)
    with live.client() as client:
        again = client.request(*request[:2], headers=request[2], content=request[3])
    assert first.headers["x-pvgraph-cache"] == "miss" and again.headers["x-pvgraph-cache"] == "hit"
    assert again.content == first.content and passed_on == []


def test_a_bug_under_way_gets_the_apps_500_either_way(live: Live, monkeypatch: pytest.MonkeyPatch,
                                                     passed_on: list[str]) -> None:
    """An exception that is not a user error, once the query is under way: pvgraph's 500 shape
    (and the traceback in the log), from the layer as from the route."""

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(sparql, "answer", broken)
    direct, direct_metrics = _answered(live, ANSWERED["get-ask"])
    assert passed_on == []
    _route_only(monkeypatch)
    routed, routed_metrics = _answered(live, ANSWERED["get-ask"])
    assert direct == routed and direct[0] == 500 and b"internal-error" in direct[2]
    assert direct_metrics == routed_metrics


def test_writes_still_need_the_route(live: Live, passed_on: list[str]) -> None:
    """An update with the token goes to the route (204), and the layer's next answer sees it."""
    thing = f"<{EX}direct/new>"
    with live.client() as client:
        done = client.post("/sparql", data={"update": f"INSERT DATA {{ GRAPH <{EX}g3> {{ {thing} <{EX}p> 1 }} }}"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
        asked = client.get("/sparql", params={"query": f"ASK {{ {thing} ?p ?o }}"}, headers={"Accept": JSON})
        client.post("/sparql", data={"update": f"DROP GRAPH <{EX}g3>"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 204 and asked.json()["boolean"] is True
    assert passed_on == ["POST /sparql", "POST /sparql"]


def test_a_bug_before_the_query_runs_is_left_to_the_route(live: Live, monkeypatch: pytest.MonkeyPatch,
                                                         passed_on: list[str]) -> None:
    """A bug in the functions both share, before anything runs: the route meets it too, and
    answers it its way (the same 500, counted under the route)."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(sparql, "query_validators", broken)
    direct, direct_metrics = _answered(live, ANSWERED["get-ask"])
    assert passed_on == ["GET /sparql"]
    _route_only(monkeypatch)
    routed, routed_metrics = _answered(live, ANSWERED["get-ask"])
    assert direct == routed and direct[0] == 500 and b"internal-error" in direct[2]
    assert direct_metrics == routed_metrics
