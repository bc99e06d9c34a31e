"""/queries and /queries/{name}: the catalogue (JSON, escaped HTML) and runs with parameters."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.server.conftest import EX, Live, live_server, sample_quads

pytestmark = pytest.mark.live

ABOVE = f"""# id: values-above
# fr: Quelles choses dépassent le seuil ? <script>alert("x")</script>
# en: Which things are above the threshold?
# param: threshold integer — fr: le seuil / en: the threshold
SELECT ?s ?v WHERE {{
  GRAPH <{EX}g1> {{ ?s <{EX}value> ?v }}
  VALUES ?threshold {{ 25 }}
  FILTER (?v > ?threshold)
}} ORDER BY ?v
"""
LABELS = f"""# id: labels
# fr: Les étiquettes
# en: The labels
CONSTRUCT {{ ?s <{EX}label> ?l }} WHERE {{ ?s <{EX}label> ?l }}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    root = tmp_path_factory.mktemp("project")
    (root / "ontology" / "queries").mkdir(parents=True)
    (root / "ontology" / "queries" / "above.rq").write_text(ABOVE, encoding="utf-8")
    (root / "ontology" / "queries" / "labels.rq").write_text(LABELS, encoding="utf-8")
    with live_server(root, quads=sample_quads(), root=str(root)) as live:
        yield live


def _values(live: Live, threshold: int) -> list[int]:
    return sorted(int(q.object.value) for q in sample_quads()
                  if q.predicate.value == EX + "value" and int(q.object.value) > threshold)


def test_catalogue_as_json(server: Live) -> None:
    r = httpx.get(f"{server.url}/queries")
    assert r.status_code == 200
    items = {q["id"]: q for q in r.json()["queries"]}
    assert set(items) == {"values-above", "labels"}
    above = items["values-above"]
    assert above["question"]["en"] == "Which things are above the threshold?"
    assert above["parameters"][0]["name"] == "threshold" and above["parameters"][0]["default"] == "25"
    assert above["url"].endswith("/queries/values-above")
    assert r.headers["etag"]
    again = httpx.get(f"{server.url}/queries", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_catalogue_as_html_escapes_text(server: Live) -> None:
    r = httpx.get(f"{server.url}/queries", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;alert" in r.text
    assert "Which things are above the threshold?" in r.text


def test_run_with_default_and_given_parameter(server: Live) -> None:
    r = httpx.get(f"{server.url}/queries/values-above")
    assert [int(b["v"]["value"]) for b in r.json()["results"]["bindings"]] == _values(server, 25)
    r = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "27"})
    assert [int(b["v"]["value"]) for b in r.json()["results"]["bindings"]] == _values(server, 27)


@pytest.mark.parametrize(("params", "status"), [
    ({"threshold": "abc"}, 400),
    ({"threshold": "1 } UNION { ?s ?p ?o"}, 400),
    ({"other": "1"}, 400),
])
def test_bad_parameters(server: Live, params: dict[str, str], status: int) -> None:
    r = httpx.get(f"{server.url}/queries/values-above", params=params)
    assert r.status_code == status and r.json()["error"] == "bad-query"


def test_unknown_question(server: Live) -> None:
    r = httpx.get(f"{server.url}/queries/nope")
    assert r.status_code == 404 and "values-above" in r.json()["hint"]


def test_negotiated_like_sparql(server: Live) -> None:
    r = httpx.get(f"{server.url}/queries/values-above", headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    assert len(r.text.strip().splitlines()) == 1 + len(_values(server, 25))
    r = httpx.get(f"{server.url}/queries/values-above", params={"format": "tsv"})
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    r = httpx.get(f"{server.url}/queries/labels", headers={"Accept": "application/n-triples"})
    assert r.headers["content-type"].startswith("application/n-triples")
    assert "<script>alert(1)</script>" in r.text  # data in RDF is data: only HTML escapes it
    assert httpx.get(f"{server.url}/queries/labels", headers={"Accept": "text/csv"}).status_code == 406


def test_cache_follows_the_store_version(server: Live) -> None:
    first = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "20"})
    second = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "20"})
    assert second.headers["x-pvgraph-cache"] == "hit" and second.content == first.content
    fresh = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "20"},
                      headers={"Cache-Control": "no-cache"})
    assert fresh.headers["x-pvgraph-cache"] == "miss" and fresh.content == first.content
    update = f"INSERT DATA {{ GRAPH <{EX}g1> {{ <{EX}thing/new> <{EX}value> 1000 }} }}"
    httpx.post(server.sparql, content=update,
               headers={"Content-Type": "application/sparql-update", **server.auth()}).raise_for_status()
    third = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "20"})
    assert third.headers["x-pvgraph-cache"] == "miss"
    values = [int(b["v"]["value"]) for b in third.json()["results"]["bindings"]]
    assert values == [*_values(server, 20), 1000]


def test_a_browser_is_sent_to_the_editor(server: Live) -> None:
    r = httpx.get(f"{server.url}/queries/values-above", headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 303 and r.headers["location"] == "/editor?question=values-above"
    r = httpx.get(f"{server.url}/queries/values-above", params={"format": "csv"},
                  headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")


def test_conditional_get_of_a_question(server: Live) -> None:
    first = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "28"})
    again = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "28"},
                      headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
