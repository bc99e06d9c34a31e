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


def test_a_browser_gets_a_page_with_the_answer_and_a_form(server: Live) -> None:
    r = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "27"},
                  headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;alert" in r.text and "<script>alert" not in r.text
    assert 'name="threshold" value="27"' in r.text
    for v in _values(server, 27):
        assert f">{v}</span>" in r.text
    assert f">{_values(server, 25)[0]}</span>" not in r.text
    assert "/editor?question=values-above" in r.text
    r = httpx.get(f"{server.url}/queries/values-above", params={"format": "csv"},
                  headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")


def _links(response: httpx.Response) -> dict[str, str]:
    return {rel: link["url"] for rel, link in response.links.items()}


def test_answers_come_by_pages_with_next_links(server: Live) -> None:
    whole = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "0"}).json()
    every = [int(b["v"]["value"]) for b in whole["results"]["bindings"]]
    assert len(every) > 20
    seen: list[int] = []
    url = f"{server.url}/queries/values-above?threshold=0&limit=2"
    pages = 0
    while url:
        r = httpx.get(url)
        assert r.status_code == 200
        seen += [int(b["v"]["value"]) for b in r.json()["results"]["bindings"]]
        links = _links(r)
        url = f"{server.url}{links['next']}" if "next" in links else ""
        if pages:
            assert "offset=" not in links["first"] and "limit=2" in links["prev"]
        pages += 1
        assert pages <= len(every)
    assert seen == every
    assert pages == len(every) // 2 + 1  # a full last page points to an (empty) next one


def test_the_default_page_and_its_text(server: Live) -> None:
    r = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "0"})
    assert "link" not in r.headers  # 29 rows: one page of the default size, no next
    r = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "0", "limit": "3", "offset": "4"})
    assert [int(b["v"]["value"]) for b in r.json()["results"]["bindings"]] == _values(server, 0)[4:7]
    assert r.links["next"]["url"].endswith("offset=7") and r.links["prev"]["url"].endswith("offset=1")


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "-1"}, {"limit": "ten"}, {"offset": "-3"},
                                    {"limit": "100000000"}])
def test_bad_pages_are_refused(server: Live, params: dict[str, str]) -> None:
    r = httpx.get(f"{server.url}/queries/values-above", params=params)
    assert r.status_code == 400 and r.json()["error"] == "bad-query"


def test_the_html_page_has_a_pager(server: Live) -> None:
    html = {"Accept": "text/html"}
    r = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "0", "limit": "5"}, headers=html)
    assert 'rel="next"' in r.text and 'rel="prev"' not in r.text
    r = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "0", "limit": "5", "offset": "5"},
                  headers=html)
    assert 'rel="next"' in r.text and 'rel="prev"' in r.text and "6–10" in r.text


def test_conditional_get_of_a_question(server: Live) -> None:
    first = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "28"})
    again = httpx.get(f"{server.url}/queries/values-above", params={"threshold": "28"},
                      headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
