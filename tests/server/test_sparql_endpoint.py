"""/sparql against a live server: real clients, negotiation, the row cap, SERVICE, writes, CORS."""

from __future__ import annotations

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

from pvgraph.server.state import app_state
from tests.server.conftest import EX, Live, sample_quads

pytestmark = pytest.mark.live

COUNT_G1 = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}g1> {{ ?s ?p ?o }} }}"
CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{EX}g2> {{ ?s ?p ?o }} }}"


def _wrapper(live: Live, query: str, fmt: str, *, post: bool = False) -> object:
    sw = SPARQLWrapper(live.sparql)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if post:
        sw.setMethod(POST)
    return sw.query().convert()


# -- SPARQLWrapper, a real client ------------------------------------------------------------

@pytest.mark.parametrize("post", [False, True], ids=["get", "post"])
def test_sparqlwrapper_select_json(live: Live, post: bool) -> None:
    result = _wrapper(live, COUNT_G1, JSON, post=post)
    expected = sum(1 for q in sample_quads() if q.graph_name.value == EX + "g1")
    assert int(result["results"]["bindings"][0]["n"]["value"]) == expected


def test_sparqlwrapper_select_xml(live: Live) -> None:
    doc = _wrapper(live, COUNT_G1, XML)
    literal = doc.getElementsByTagName("literal")[0].firstChild.data
    assert int(literal) == sum(1 for q in sample_quads() if q.graph_name.value == EX + "g1")


@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_sparqlwrapper_select_csv_tsv(live: Live, fmt: str) -> None:
    text = _wrapper(live, COUNT_G1, fmt).decode()
    assert text.splitlines()[0].strip() in ("n", "?n")


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(live: Live, fmt: str) -> None:
    result = _wrapper(live, f"ASK {{ <{EX}thing/0> ?p ?o }}", fmt)
    if fmt == JSON:
        assert result["boolean"] is True
    else:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, XML, JSON])
def test_sparqlwrapper_construct(live: Live, fmt: str) -> None:
    result = _wrapper(live, CONSTRUCT, fmt)
    graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(data=result, format="turtle")
    labels = {str(o) for o in graph.objects(None, rdflib.URIRef(EX + "label"))}
    assert labels == {"<script>alert(1)</script>"}


# -- negotiation ---------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+xml;q=0.5, text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/*;q=0.9, application/sparql-results+xml;q=0.1", "text/csv"),
])
def test_select_negotiation(live: Live, accept: str, expected: str) -> None:
    r = httpx.get(live.sparql, params={"query": COUNT_G1}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == expected
    assert "accept" in r.headers["vary"].lower()


@pytest.mark.parametrize(("accept", "expected"), [
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml;q=0.2, text/turtle;q=0.8", "text/turtle"),
    ("application/n-quads", "application/n-quads"),
    ("application/trig", "application/trig"),
])
def test_describe_and_construct_negotiation(live: Live, accept: str, expected: str) -> None:
    for query in (CONSTRUCT, f"DESCRIBE <{EX}thing/0>"):
        r = httpx.get(live.sparql, params={"query": query}, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].split(";")[0] == expected


def test_not_acceptable(live: Live) -> None:
    r = httpx.get(live.sparql, params={"query": COUNT_G1}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.json()["detail"]["available"]
    r = httpx.get(live.sparql, params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406


def test_format_parameter_wins(live: Live) -> None:
    r = httpx.get(live.sparql, params={"query": COUNT_G1, "format": "tsv"},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    r = httpx.get(live.sparql, params={"query": CONSTRUCT, "format": "json"})
    assert r.headers["content-type"].startswith("application/ld+json")


def test_head(live: Live) -> None:
    r = httpx.head(live.sparql, params={"query": COUNT_G1}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv") and r.content == b""


# -- limits --------------------------------------------------------------------------------

def test_row_cap_says_so(live: Live) -> None:
    query = f"SELECT ?s WHERE {{ GRAPH <{EX}g1> {{ ?s ?p ?o }} }}"
    r = httpx.get(live.sparql, params={"query": query})
    body = r.json()
    assert len(body["results"]["bindings"]) == live.settings.max_rows
    assert r.headers["x-pvgraph-truncated"].startswith("true")
    assert body["truncated"] is True
    xml = httpx.get(live.sparql, params={"query": query, "format": "xml"}).text
    assert "truncatedResult" in xml
    small = httpx.get(live.sparql, params={"query": COUNT_G1})
    assert "x-pvgraph-truncated" not in small.headers and "truncated" not in small.json()


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://example.com/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x <http://p> ?e SERVICE ?e { ?s ?p ?o } }",
    "PREFIX ex: <http://example.com/> SELECT * WHERE { service ex:sparql { ?s ?p ?o } }",
])
def test_service_refused(live: Live, query: str) -> None:
    r = httpx.get(live.sparql, params={"query": query})
    assert r.status_code == 400
    assert "SERVICE" in r.json()["message"]


def test_service_word_in_a_literal_is_not_a_call(live: Live) -> None:
    r = httpx.get(live.sparql, params={"query": 'SELECT ("SERVICE <http://x/>" AS ?x) WHERE {}'})
    assert r.status_code == 200


def test_bad_query_says_where(live: Live) -> None:
    r = httpx.get(live.sparql, params={"query": "SELECT ?s WHERE {\n  ?s ?p \n}"})
    assert r.status_code == 400
    assert r.json()["location"]["line"] == 3


# -- writes need the token -----------------------------------------------------------------

def test_update_needs_a_token(live: Live) -> None:
    update = f"INSERT DATA {{ GRAPH <{EX}g3> {{ <{EX}a> <{EX}b> <{EX}c> }} }}"
    headers = {"Content-Type": "application/sparql-update"}
    r = httpx.post(live.sparql, content=update, headers=headers)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    r = httpx.post(live.sparql, content=update, headers={**headers, "Authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = httpx.put(f"{live.url}/store", params={"graph": f"{EX}g3"}, content=b"<a:b> <a:c> <a:d> .",
                  headers={"Content-Type": "text/turtle"})
    assert r.status_code == 401
    ask = f"ASK {{ GRAPH <{EX}g3> {{ ?s ?p ?o }} }}"
    assert httpx.get(live.sparql, params={"query": ask}).json()["boolean"] is False
    r = httpx.post(live.sparql, content=update, headers={**headers, **live.auth()})
    assert r.status_code == 204
    assert httpx.get(live.sparql, params={"query": ask}).json()["boolean"] is True


def test_service_description_is_current(live: Live) -> None:
    def count(graph: str) -> int | None:
        g = rdflib.Graph().parse(data=httpx.get(live.sparql, headers={"Accept": "text/turtle"}).text,
                                 format="turtle")
        sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
        for named in g.subjects(sd.name, rdflib.URIRef(graph)):
            return int(g.value(g.value(named, sd.graph), rdflib.URIRef("http://rdfs.org/ns/void#triples")))
        return None

    graph = f"{EX}sd-test"
    assert count(graph) is None
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <{EX}a> <{EX}b> 1, 2, 3 }} }}"
    httpx.post(live.sparql, content=update,
               headers={"Content-Type": "application/sparql-update", **live.auth()}).raise_for_status()
    assert count(graph) == 3


def test_updates_off_without_a_token(tmp_path) -> None:
    from tests.server.conftest import live_server

    with live_server(tmp_path, update_token=None) as server:
        r = httpx.post(server.sparql, data={"update": "CLEAR ALL"}, headers=server.auth())
        assert r.status_code == 403 and r.json()["error"] == "writes-disabled"
        sd = httpx.get(server.sparql, headers={"Accept": "text/turtle"}).text
        assert "SPARQL11Update" not in sd


# -- browsers and CORS ---------------------------------------------------------------------

def test_browser_without_query_goes_to_the_editor(live: Live) -> None:
    r = httpx.get(live.sparql, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["location"] == "/editor"


def test_cors_for_reads(live: Live) -> None:
    r = httpx.get(live.sparql, params={"query": COUNT_G1}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(live.sparql, headers={"Origin": "https://example.org",
                                             "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 204
    assert "authorization" not in pre.headers["access-control-allow-headers"].lower()


def test_metrics(live: Live) -> None:
    httpx.get(live.sparql, params={"query": COUNT_G1}).raise_for_status()
    httpx.get(live.sparql, params={"query": "SELEC"})
    text = httpx.get(f"{live.url}/metrics").text
    assert 'pvgraph_http_requests_total{method="GET",route="/sparql",status="200"}' in text
    assert 'pvgraph_http_errors_total{route="/sparql",status="400"}' in text
    assert "pvgraph_query_duration_seconds_bucket" in text
    assert "pvgraph_query_timeouts_total" in text


def test_memory_snapshots_follow_updates(tmp_path) -> None:
    from tests.server.conftest import live_server

    with live_server(tmp_path, quads=sample_quads(), query_snapshots="memory") as server:
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}g1> {{ ?s ?p ?o }} }}"

        def n() -> int:
            return int(httpx.get(server.sparql, params={"query": count}).json()
                       ["results"]["bindings"][0]["n"]["value"])

        before = n()
        assert before == sum(1 for q in sample_quads() if q.graph_name.value == EX + "g1")
        update = f"INSERT DATA {{ GRAPH <{EX}g1> {{ <{EX}new> <{EX}value> 1 }} }}"
        httpx.post(server.sparql, content=update,
                   headers={"Content-Type": "application/sparql-update", **server.auth()}).raise_for_status()
        assert n() == before + 1
        assert app_state(server.app).runner.snapshots.current().kind == "nquads"


def test_conditional_get_follows_the_data(live: Live) -> None:
    params = {"query": f"SELECT ?s WHERE {{ GRAPH <{EX}etag> {{ ?s ?p ?o }} }}"}
    first = httpx.get(live.sparql, params=params)
    etag = first.headers["etag"]
    assert httpx.get(live.sparql, params=params, headers={"If-None-Match": etag}).status_code == 304
    other = httpx.get(live.sparql, params=params, headers={"Accept": "text/csv"})
    assert other.headers["etag"] != etag  # another representation, another validator
    update = f"INSERT DATA {{ GRAPH <{EX}etag> {{ <{EX}x> <{EX}y> <{EX}z> }} }}"
    httpx.post(live.sparql, content=update,
               headers={"Content-Type": "application/sparql-update", **live.auth()}).raise_for_status()
    after = httpx.get(live.sparql, params=params, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["etag"] != etag
    assert len(after.json()["results"]["bindings"]) == 1


# -- the answer cache --------------------------------------------------------------------------

CACHE_GRAPH = f"{EX}cache-test"
COUNT_CACHE_GRAPH = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CACHE_GRAPH}> {{ ?s ?p ?o }} }}"


def _count(response: httpx.Response) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_a_repeated_query_is_answered_from_the_cache_until_the_data_changes(live: Live) -> None:
    ask = {"Accept": "application/sparql-results+json"}
    first = httpx.post(live.sparql, data={"query": COUNT_CACHE_GRAPH}, headers=ask)
    second = httpx.post(live.sparql, data={"query": COUNT_CACHE_GRAPH}, headers=ask)
    assert second.headers["x-pvgraph-cache"] == "hit" and second.content == first.content
    # Another format of the same query is another answer, computed once.
    as_csv = httpx.post(live.sparql, data={"query": COUNT_CACHE_GRAPH}, headers={"Accept": "text/csv"})
    assert as_csv.headers["x-pvgraph-cache"] == "miss" and as_csv.text.splitlines()[0] == "n"
    fresh = httpx.post(live.sparql, data={"query": COUNT_CACHE_GRAPH},
                       headers={**ask, "Cache-Control": "no-cache"})
    assert fresh.headers["x-pvgraph-cache"] == "miss" and fresh.content == first.content
    before = _count(first)
    update = f"INSERT DATA {{ GRAPH <{CACHE_GRAPH}> {{ <{EX}cached> <{EX}value> {before + 1} }} }}"
    httpx.post(live.sparql, content=update,
               headers={"Content-Type": "application/sparql-update", **live.auth()}).raise_for_status()
    after = httpx.post(live.sparql, data={"query": COUNT_CACHE_GRAPH}, headers=ask)
    assert after.headers["x-pvgraph-cache"] == "miss" and _count(after) == before + 1


def _metric(live: Live, line_start: str) -> float:
    for line in httpx.get(f"{live.url}/metrics").text.splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


REPLAY_QUERY = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}g1> {{ ?s ?p ?o }} FILTER(true) }}"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_replayed_answer_is_the_routes_answer_and_is_counted_alike(live: Live, method: str) -> None:
    ask = {"Accept": "application/sparql-results+json", "Origin": "https://elsewhere.example"}
    text = REPLAY_QUERY + f" # {method}"

    def send(**headers: str) -> httpx.Response:
        if method == "GET":
            return httpx.get(live.sparql, params={"query": text}, headers={**ask, **headers})
        return httpx.post(live.sparql, data={"query": text}, headers={**ask, **headers})

    first = send()
    assert first.headers["x-pvgraph-cache"] == "miss"
    requests = f'pvgraph_http_requests_total{{method="{method}",route="/sparql",status="200"}}'
    hits = 'pvgraph_query_duration_seconds_count{cache="hit",endpoint="sparql"}'
    before_requests, before_hits = _metric(live, requests), _metric(live, hits)
    kept = len(app_state(live.app).replays._data)
    second = send()
    assert second.headers["x-pvgraph-cache"] == "hit" and second.content == first.content
    same = {k: v for k, v in first.headers.items() if k not in ("date", "x-pvgraph-cache")}
    assert {k: v for k, v in second.headers.items() if k not in ("date", "x-pvgraph-cache")} == same
    assert "access-control-allow-origin" in same and same["vary"] == "Accept"
    assert ("etag" in same) == (method == "GET")  # a POST's answer has no validators
    assert len(app_state(live.app).replays._data) == kept  # answered from the replay, not kept again
    assert _metric(live, requests) == before_requests + 1
    assert _metric(live, hits) == before_hits + 1
    # Another Accept is another answer; a conditional request goes to the route (304).
    other = send(Accept="text/csv")
    assert other.headers["x-pvgraph-cache"] == "miss" and other.text.splitlines()[0] == "n"
    if method == "GET":
        assert send(**{"If-None-Match": first.headers["etag"]}).status_code == 304
        head = httpx.head(live.sparql, params={"query": text}, headers=ask)
        again = httpx.head(live.sparql, params={"query": text}, headers=ask)
        assert head.status_code == again.status_code == 200 and again.content == b""
        assert again.headers["x-pvgraph-cache"] == "hit"
        assert again.headers["content-length"] == first.headers["content-length"]


def test_a_write_makes_replayed_answers_unreachable(live: Live) -> None:
    ask = {"Accept": "application/sparql-results+json"}
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}replay-test> {{ ?s ?p ?o }} }}"
    first = httpx.get(live.sparql, params={"query": query}, headers=ask)
    assert httpx.get(live.sparql, params={"query": query}, headers=ask).headers["x-pvgraph-cache"] == "hit"
    update = f"INSERT DATA {{ GRAPH <{EX}replay-test> {{ <{EX}r> <{EX}v> 1 }} }}"
    httpx.post(live.sparql, content=update,
               headers={"Content-Type": "application/sparql-update", **live.auth()}).raise_for_status()
    after = httpx.get(live.sparql, params={"query": query}, headers=ask)
    assert after.headers["x-pvgraph-cache"] == "miss" and _count(after) == _count(first) + 1
    assert after.headers["etag"] != first.headers["etag"]


def test_the_cache_keeps_datasets_apart(live: Live) -> None:
    count_default = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = httpx.post(live.sparql, data={"query": count_default})
    only_g1 = httpx.post(live.sparql, data={"query": count_default, "default-graph-uri": f"{EX}g1"})
    assert only_g1.headers["x-pvgraph-cache"] == "miss"
    assert _count(only_g1) == sum(1 for q in sample_quads() if q.graph_name.value == EX + "g1")
    assert _count(union) > _count(only_g1)


def test_an_answer_that_may_change_by_itself_is_never_cached(live: Live) -> None:
    query = "SELECT (STRUUID() AS ?id) WHERE {}"
    first = httpx.post(live.sparql, data={"query": query})
    second = httpx.post(live.sparql, data={"query": query})
    assert first.headers["x-pvgraph-cache"] == second.headers["x-pvgraph-cache"] == "off"
    assert first.json()["results"]["bindings"] != second.json()["results"]["bindings"]
