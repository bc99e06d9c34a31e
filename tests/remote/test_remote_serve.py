"""``pvgraph serve`` on a remote store: the real server, over each real engine of the session
(Virtuoso, Oxigraph's server, Fuseki: the ``engine`` fixture).

The project (with the referential slice of ``test_remote_build.project_copy``) is built into
the engine once per engine; then the pvgraph app is served by uvicorn on a loopback port with
``store`` set to the engine's query URL (and its update and Graph Store URLs and credentials), and
real clients (httpx, SPARQLWrapper) do what a user of a remote-backed pvgraph does: query,
ask named questions, read the linked-data pages, validate and submit, download the dumps.

The engine is shared by the whole session: this module starts by dropping every pvgraph graph
(so it does not depend on what ran before) and ends by dropping them again, submissions
included (so what runs after finds no graph it did not build).
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from pvgraph.build import build_project
from pvgraph.namespaces import INFERRED_GRAPH, META_GRAPH, STUDY_GRAPH
from pvgraph.queries import load_queries, read_page
from pvgraph.referential import Package
from pvgraph.server.app import create_app
from pvgraph.settings import PROJECT_ROOT, Settings, load_settings
from pvgraph.store import open_store
from pvgraph.store.remote import RemoteStore, results_from_json
from tests.live import serve_in_thread

from ..referential.conftest import FIXTURE_PACKAGE
from .conftest import Endpoints, only_on
from .test_remote_build import answer, project_copy

pytestmark = [pytest.mark.remote, pytest.mark.live, pytest.mark.slow]

TOKEN = "remote-serve-token-0123456789"
EXAMPLES = PROJECT_ROOT / "data" / "examples" / "submissions"
CONFORMING = EXAMPLES / "conforming.ttl"
PV = "https://w3id.org/pvgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
QUESTION = "case-studies"  # a named question that answers several rows on the built graph


@dataclass
class Served:
    """pvgraph serving an engine: its URL and settings, and a direct client of the same engine."""

    url: str
    settings: Settings
    store: RemoteStore  # pvgraph's own client of the engine, to look behind the server's back
    endpoints: Endpoints

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120)

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN}"}


def remote_settings(endpoints: Endpoints, root: Path, work: Path, **overrides: Any) -> Settings:
    """Settings naming the engine as the store, as a user writes them in pvgraph.toml."""
    values = {"root": str(root), **endpoints.settings(), "update_token": TOKEN,
              "submissions_dir": str(work / "submissions"), "publish_dir": str(work / "publish"),
              "query_timeout": 60, **overrides}
    return load_settings(values, settings_file=work / "absent.toml")


def drop_pvgraph_graphs(store: RemoteStore) -> None:
    for graph in store.graphs():
        store.drop_graph(graph)


@pytest.fixture(scope="module")
def served(engine: Endpoints, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = project_copy(tmp_path_factory.mktemp("remote-project")).root
    work = tmp_path_factory.mktemp("remote-serve")
    settings = remote_settings(engine, root, work)
    store = open_store(settings)
    assert isinstance(store, RemoteStore)
    drop_pvgraph_graphs(store)
    build_project(settings, store)
    try:
        with serve_in_thread(create_app(settings)) as url:  # the app opens the store itself
            yield Served(url, settings, store, engine)
    finally:
        drop_pvgraph_graphs(store)


def _json_error(response: httpx.Response) -> dict[str, Any]:
    """The one JSON error shape, and no traceback anywhere in it."""
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    assert body["error"] and body["message"], body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def _a_study_thing(served: Served) -> str:
    result = served.store.query(
        f"SELECT ?s WHERE {{ GRAPH <{STUDY_GRAPH}> {{ ?s a ?type }} "
        f"FILTER (STRSTARTS(STR(?s), 'https://w3id.org/pvgraph/id/study/')) }} ORDER BY ?s LIMIT 1")
    things = result.values("s")
    assert things and things[0], "the study graph holds no thing under id/study/"
    return things[0]


# -- pages ----------------------------------------------------------------------------------

def test_home_page_and_health(served: Served) -> None:
    with served.client() as client:
        home = client.get("/", headers={"Accept": "text/html"})
        assert home.status_code == 200
        assert home.headers["content-type"].startswith("text/html")
        assert '<html lang="fr"' in home.text
        assert client.get("/healthz").status_code == 200


def test_a_study_thing_as_html_and_turtle(served: Served) -> None:
    iri = _a_study_thing(served)
    path = "/" + iri.removeprefix(served.settings.public_base)
    with served.client() as client:
        html = client.get(path, headers={"Accept": "text/html"})
        turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    said = {(t.subject, t.predicate, t.object) for t in ox.parse(turtle.content, ox.RdfFormat.TURTLE)}
    stored = served.store.query(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ GRAPH <{STUDY_GRAPH}> {{ <{iri}> ?p ?o }} }}")
    assert stored.triples
    missing = {(t.subject, t.predicate, t.object) for t in stored.triples
               if not isinstance(t.object, ox.BlankNode)} - said
    assert missing == set(), "the Turtle page leaves out what Virtuoso holds about the thing"
    label = next((t.object.value for t in stored.triples
                  if t.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"), None)
    if label is not None:
        assert label.replace("'", "&#39;") in html.text or label in html.text


# -- /sparql ---------------------------------------------------------------------------------

def _wrapper(served: Served, query: str, fmt: str) -> SPARQLWrapper:
    wrapper = SPARQLWrapper(served.url + "/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    wrapper.setTimeout(60)
    return wrapper


def test_sparql_select_ask_construct_through_sparqlwrapper(served: Served) -> None:
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"
    rows = _wrapper(served, count, JSON).queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert int(rows[0]["n"]["value"]) == served.store.graphs()[str(INFERRED_GRAPH)]

    xml = _wrapper(served, count, XML).query().response.read()
    assert b"http://www.w3.org/2005/sparql-results#" in xml
    csv = _wrapper(served, count, CSV).query().response.read().decode()
    assert csv.splitlines()[0].strip() == "n"

    ask = f"ASK {{ GRAPH <{STUDY_GRAPH}> {{ ?s a <{PV}CaseStudy> }} }}"
    assert _wrapper(served, ask, JSON).queryAndConvert()["boolean"] is True  # type: ignore[index]
    never = f"ASK {{ GRAPH <{STUDY_GRAPH}> {{ ?s a <{PV}NoSuchClass> }} }}"
    assert _wrapper(served, never, JSON).queryAndConvert()["boolean"] is False  # type: ignore[index]

    construct = f"CONSTRUCT {{ ?s a <{PV}CaseStudy> }} WHERE {{ GRAPH <{STUDY_GRAPH}> {{ ?s a <{PV}CaseStudy> }} }}"
    body = _wrapper(served, construct, TURTLE).query().response.read()
    graph = list(ox.parse(body, ox.RdfFormat.TURTLE))
    assert graph and len(graph) == len(served.store.query(construct).triples)


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_sparql_select_is_negotiated(served: Served, accept: str, media: str) -> None:
    query = f"SELECT ?s WHERE {{ GRAPH <{STUDY_GRAPH}> {{ ?s a <{PV}CaseStudy> }} }}"
    with served.client() as client:
        response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)


@pytest.mark.parametrize(("accept", "media"), [("text/turtle", "text/turtle"),
                                                ("application/n-triples", "application/n-triples"),
                                                ("application/ld+json", "application/ld+json")])
def test_sparql_construct_is_negotiated(served: Served, accept: str, media: str) -> None:
    # Not CONSTRUCT WHERE { GRAPH … }: its short form takes triples only (SPARQL 1.1, 16.2.4);
    # Virtuoso accepted it, Oxigraph rightly refuses it.
    query = (f"CONSTRUCT {{ ?s a <{PV}CaseStudy> }} "
             f"WHERE {{ GRAPH <{STUDY_GRAPH}> {{ ?s a <{PV}CaseStudy> }} }}")
    with served.client() as client:
        response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    assert f"{PV}CaseStudy".encode() in response.content or b"pv:CaseStudy" in response.content


def test_sparql_syntax_error_is_a_clean_400(served: Served) -> None:
    with served.client() as client:
        response = client.post("/sparql", data={"query": "SELECT ?s WHERE { ?s ?p "})
    assert response.status_code == 400
    _json_error(response)
    with pytest.raises(QueryBadFormed):
        _wrapper(served, "SELECT ?s WHERE { ?s ?p ", JSON).query()


# A cross product counted row by row: the FILTER stops Virtuoso from multiplying the three counts
# (which it does in well under a second on a quiet machine, so the plain product sometimes
# finished inside the 1 s limits below). Row by row it takes tens of seconds, and each test
# below stops it after about one.
COSTLY = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?a ?b ?c }} "
          f"GRAPH <{INFERRED_GRAPH}> {{ ?d ?e ?f }} GRAPH <{META_GRAPH}> {{ ?g ?h ?i }} "
          f"FILTER (?c != ?f || ?i != ?a) }}")


def _timed_out(settings: Settings) -> httpx.Response:
    with serve_in_thread(create_app(settings)) as url:
        started = time.monotonic()
        response = httpx.post(url + "/sparql", data={"query": COSTLY}, timeout=60)
        assert time.monotonic() - started < 30
    return response


def test_a_query_past_pvgraphs_timeout_is_a_clean_json_error(served: Served, tmp_path: Path) -> None:
    """pvgraph stops waiting after ``query_timeout`` (1 s here), whatever Virtuoso does (which is
    told to give up after 5 s, so that the abandoned query does not hold a core for minutes)."""
    only_on(served.endpoints, "virtuoso")  # the others could not be told to give up (below)
    settings = remote_settings(served.endpoints, served.settings.root, tmp_path, query_timeout=1,
                               store=served.endpoints.query_url + "?timeout=5000")
    response = _timed_out(settings)
    assert response.status_code == 503, response.text
    assert _json_error(response)["error"] == "timeout"


def test_a_query_virtuoso_cuts_short_is_a_timeout_not_a_partial_answer(served: Served, tmp_path: Path) -> None:
    """Virtuoso stopped by its own limit (here ``?timeout=`` ms in the store URL) answers 200 with
    what it had (X-SQL-State: S1TAT); pvgraph must say "timeout", not serve that as the answer."""
    only_on(served.endpoints, "virtuoso")
    settings = remote_settings(served.endpoints, served.settings.root, tmp_path,
                               store=served.endpoints.query_url + "?timeout=1000")
    response = _timed_out(settings)
    assert response.status_code == 503, response.text
    body = _json_error(response)
    assert body["error"] == "timeout" and "réponse incomplète" in body["message"]  # French unless asked


# -- named questions -------------------------------------------------------------------------

def test_named_question_as_json_matches_the_engine(served: Served) -> None:
    question = load_queries(served.settings.root / "ontology" / "queries")[QUESTION]
    with served.client() as client:
        response = client.get(f"/queries/{QUESTION}", headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    served_rows = response.json()["results"]["bindings"]
    direct = served.store.query(question.sparql())
    assert len(served_rows) == len(direct.rows) > 1


def test_named_question_pages_and_html(served: Served) -> None:
    with served.client() as client:
        first = client.get(f"/queries/{QUESTION}", params={"limit": 1},
                           headers={"Accept": "application/sparql-results+json"})
        assert first.status_code == 200, first.text
        assert len(first.json()["results"]["bindings"]) == 1
        assert 'rel="next"' in first.headers["link"]
        second = client.get(f"/queries/{QUESTION}", params={"limit": 1, "offset": 1},
                            headers={"Accept": "application/sparql-results+json"})
        assert second.status_code == 200
        assert second.json()["results"]["bindings"] != first.json()["results"]["bindings"]
        html = client.get(f"/queries/{QUESTION}", headers={"Accept": "text/html"})
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        assert "<table" in html.text
        listing = client.get("/queries", headers={"Accept": "application/json"})
        assert QUESTION in {q["id"] for q in listing.json()["queries"]}


def test_every_named_question_answers_through_the_server_as_the_engine_does(served: Served) -> None:
    """The server's answer (its first page) is the engine's answer to the same page, row for row
    (compared as test_remote_build compares stores; the same text on the same store, so even
    GROUP_CONCAT's order, which SPARQL leaves open, has no reason to differ)."""
    catalogue = load_queries(served.settings.root / "ontology" / "queries")
    differ = []
    with served.client() as client:
        for name, question in catalogue.items():
            response = client.get(f"/queries/{name}", headers={"Accept": "application/sparql-results+json"})
            assert response.status_code == 200, (name, response.text)
            page = read_page(question, None, None, max_limit=served.settings.max_rows)
            text = question.sparql(limit=page.limit, offset=page.offset)
            through = results_from_json(response.content, served.url)
            if answer(through) != answer(served.store.query(text)):
                differ.append(name)
    assert differ == []


# -- validation and submissions ----------------------------------------------------------------

def _validate(served: Served, data: bytes, lang: str = "en") -> dict[str, Any]:
    with served.client() as client:
        response = client.post("/validate", content=data, params={"lang": lang},
                               headers={"Content-Type": "text/turtle", "Accept": "application/json"})
    assert response.status_code == 200, response.text
    return response.json()


def _components(report: dict[str, Any]) -> set[str]:
    return {r["component"].rsplit("#", 1)[-1] for r in report["results"]}


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.ttl")))
def test_validate_every_example(served: Served, example: str) -> None:
    report = _validate(served, (EXAMPLES / example).read_bytes())
    assert report["conforms"] is (example == "conforming.ttl"), report
    if example != "conforming.ttl":
        assert report["results"] and all(r["message"] for r in report["results"])


def test_a_missing_project_lead_is_named(served: Served) -> None:
    report = _validate(served, (EXAMPLES / "missing-project-lead.ttl").read_bytes())
    assert any(r["path"] == PV + "ledBy" for r in report["results"]), report


def test_commune_codes_are_read_from_the_remote_referential(served: Served) -> None:
    """``99999`` is refused because the engine's referential does not hold it; a code it holds passes."""
    refused = _validate(served, (EXAMPLES / "unknown-commune-code.ttl").read_bytes())
    assert refused["conforms"] is False
    assert "UnknownInseeCodeConstraintComponent" in _components(refused)
    assert any('"99999"' in (r["value"] or "") for r in refused["results"])
    known = Package.read(FIXTURE_PACKAGE).kept_communes()[0]["code"]
    fixed = (EXAMPLES / "unknown-commune-code.ttl").read_bytes().replace(b'"99999"', f'"{known}"'.encode())
    assert "UnknownInseeCodeConstraintComponent" not in _components(_validate(served, fixed))


def test_links_to_the_remote_referential_need_no_description(served: Served) -> None:
    """A project naming a commune and its territory by their referential IRIs only: their type
    and name are read from the engine's referential, so nothing is missing."""
    commune = Package.read(FIXTURE_PACKAGE).kept_communes()[0]
    project = f"""@prefix pv: <{PV}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/pvgraph/id/test/remote/projet> a pv:DigitalTerritoryProject ; rdfs:label "Projet"@fr ;
    pv:ledBy <https://w3id.org/pvgraph/id/organisation/{commune["siren"]}> ;
    pv:coversTerritory <https://w3id.org/pvgraph/id/territory/commune/{commune["code"]}> ;
    pv:period [ a pv:Period ; pv:startYear "2024"^^xsd:gYear ] .
"""
    report = _validate(served, project.encode())
    assert report["results"] == [], report
    unknown = _validate(served, project.replace(commune["siren"], "000000000").encode())
    assert _components(unknown) == {"UnknownReferentialIriConstraintComponent"}, unknown


def _submission_graphs(served: Served) -> dict[str, int]:
    return {g: n for g, n in served.store.graphs().items() if "/graph/submission/" in g}


def test_a_conforming_submission_is_stored_in_the_engine(served: Served) -> None:
    data = CONFORMING.read_bytes()
    before = served.store.graphs()
    with served.client() as client:
        assert client.post("/submissions", content=data, headers={"Content-Type": "text/turtle"}).status_code == 401
        response = client.post("/submissions", files={"file": ("conforming.ttl", data)}, headers=served.auth())
        assert response.status_code == 201, response.text
        body = response.json()
        status = client.get(response.headers["location"])
    assert status.status_code == 200 and status.json()["id"] == body["id"]
    assert status.json()["report"]["conforms"] is True
    graphs = served.store.graphs()
    expected = len(list(ox.parse(data, ox.RdfFormat.TURTLE)))
    assert graphs[body["graph"]] == expected == body["triples"]
    # Its entailments joined the inferred graph, and its scratch graph is gone.
    assert graphs[str(INFERRED_GRAPH)] > before[str(INFERRED_GRAPH)]
    cc = "https://w3id.org/pvgraph/id/example/submission/val-de-brume/cc-val-de-brume"
    entailed = served.store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ <{cc}> a <{PV}EPCI> }} }}")
    assert entailed.boolean is True
    assert not [g for g in graphs if g.startswith(f"{INFERRED_GRAPH}/")]
    # Its provenance, with its blank nodes (agent, checksum, SHACL report), is in the meta graph.
    meta = served.store.query(
        f"SELECT ?v ?who ?conforms WHERE {{ GRAPH <{META_GRAPH}> {{ <{body['graph']}> "
        f"<http://spdx.org/rdf/terms#checksum> [ <http://spdx.org/rdf/terms#checksumValue> ?v ] ; "
        f"<http://www.w3.org/ns/prov#wasAttributedTo> [ <http://xmlns.com/foaf/0.1/name> ?who ] ; "
        f"<{PV}validationReport> [ <http://www.w3.org/ns/shacl#conforms> ?conforms ] }} }}")
    assert [(r["v"].value, r["conforms"].value) for r in meta.records()] == [(body["sha256"], "true")]
    # The server answers with it at once (the cache is keyed by the store's version).
    with served.client() as client:
        ask = client.get("/sparql", params={"query": f"ASK {{ GRAPH <{body['graph']}> {{ <{cc}> ?p ?o }} }}"},
                         headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is True


def _large_submission() -> bytes:
    """conforming.ttl (IRIs of its own) with 1 500 more comments and a blank node: more triples
    than one request to Virtuoso may carry (a remote store's ``chunk_size``, 1 000)."""
    data = CONFORMING.read_bytes().replace(b"/val-de-brume/", b"/val-de-brume-grand/").decode()
    notes = "\n".join(f'sub:alliance rdfs:comment "Note fictive {i}"@fr .' for i in range(1500))
    anonymous = 'sub:alliance rdfs:seeAlso [ rdfs:label "Une note sans adresse (fictive)"@fr ] .'
    return f"{data}\n{notes}\n{anonymous}\n".encode()


def test_a_submission_larger_than_a_request_keeps_its_blank_node(served: Served) -> None:
    data = _large_submission()
    with served.client() as client:
        response = client.post("/submissions", content=data,
                               headers={"Content-Type": "text/turtle", **served.auth()})
    assert response.status_code == 201, response.text
    graph = response.json()["graph"]
    assert served.store.graphs()[graph] == len(list(ox.parse(data, ox.RdfFormat.TURTLE))) > 1500
    alliance = "https://w3id.org/pvgraph/id/example/submission/val-de-brume-grand/alliance"
    anonymous = served.store.query(
        f"SELECT ?label WHERE {{ GRAPH <{graph}> {{ <{alliance}> <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?b . "
        f"?b <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER isBlank(?b) }} }}")
    assert anonymous.values("label") == ["Une note sans adresse (fictive)"]


def test_a_failing_submission_is_422_and_leaves_nothing(served: Served) -> None:
    before = served.store.graphs()
    files = sorted(Path(served.settings.submissions_dir).glob("*")) \
        if Path(served.settings.submissions_dir).is_dir() else []
    with served.client() as client:
        response = client.post("/submissions", content=(EXAMPLES / "unknown-commune-code.ttl").read_bytes(),
                               headers={"Content-Type": "text/turtle", "Accept": "application/json",
                                        **served.auth()})
    assert response.status_code == 422
    assert response.json()["conforms"] is False
    assert served.store.graphs() == before
    after = sorted(Path(served.settings.submissions_dir).glob("*")) \
        if Path(served.settings.submissions_dir).is_dir() else []
    assert after == files


def test_an_update_virtuoso_refuses_is_a_502_not_the_submitters_400(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store refusing pvgraph's own update (here, as before the fix: blank nodes in INSERT
    DATA, SP031) is not the submitter's mistake: 502, and nothing left behind."""
    only_on(served.endpoints, "virtuoso")  # the others accept blank nodes in INSERT DATA
    from pvgraph.submissions import transaction
    from pvgraph.submissions.provenance import StoreUpdates, store_updates

    def old_style(record: transaction.Record, quads: list[ox.Quad], *args: object,
                  **kwargs: object) -> StoreUpdates:
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        updates = store_updates(record, quads, *args, **kwargs)  # type: ignore[arg-type]
        return StoreUpdates([f"INSERT DATA {{ GRAPH <{record.graph}> {{ {body}\n_:b <{PV}note> \"x\" . }} }}"],
                            updates.provenance, updates.marker)

    monkeypatch.setattr(transaction, "store_updates", old_style)
    before = served.store.graphs()
    with served.client() as client:
        response = client.post("/submissions", content=CONFORMING.read_bytes(),
                               headers={"Content-Type": "text/turtle", **served.auth()})
    assert response.status_code == 502, response.text
    body = _json_error(response)
    assert body["error"] == "store-error" and "SP031" in body["message"]
    assert served.store.graphs() == before


def test_a_crash_between_requests_is_taken_back_at_the_next_start(served: Served, tmp_path: Path) -> None:
    """All of a large submission's requests but the last reached the engine (the process died):
    the start-up reconciliation removes the partial graph, its provenance and its files."""
    from pvgraph.submissions import reconcile, records
    from pvgraph.submissions.provenance import store_updates

    quads = list(ox.parse(_large_submission(), ox.RdfFormat.TURTLE))
    sid = records.new_id()
    record = records.Record(id=sid, graph=records.graph_iri(sid), who="test", when=records.now(),
                            sha256="0" * 64, files=[], triples=len(quads), report={"conforms": True})
    report = rdflib.Graph()
    report.add((rdflib.BNode(), rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationReport")))
    records.write_new(tmp_path, record, [records.SubmittedFile("large.ttl", b"")])
    before = served.store.graphs()
    updates = store_updates(record, quads, report, chunk_size=min(served.store.chunk_size, 500))
    assert len(updates.data) > 2
    for update in [*updates.data, *updates.provenance]:  # the crash: before the marker
        served.store.update(update)
    assert served.store.graphs()[record.graph] == len(quads)
    assert reconcile(tmp_path, served.store).undone == [sid]
    after = served.store.graphs()
    assert record.graph not in after and after[str(META_GRAPH)] == before[str(META_GRAPH)]
    assert list(tmp_path.iterdir()) == []


# -- Graph Store writes through pvgraph -------------------------------------------------------

def test_graph_store_writes_with_blank_nodes_reach_the_engine(served: Served) -> None:
    graph = "https://w3id.org/pvgraph/graph/test-remote-serve-gsp"
    turtle = b'<http://example.org/a> <http://example.org/b> [ <http://example.org/c> "d" ] .'
    more = b'<http://example.org/a> <http://example.org/e> "f" .'
    with served.client() as client:
        put = client.put("/store", params={"graph": graph}, content=turtle,
                         headers={"Content-Type": "text/turtle", **served.auth()})
        assert put.status_code == 201, put.text
        post = client.post("/store", params={"graph": graph}, content=more,
                           headers={"Content-Type": "text/turtle", **served.auth()})
        assert post.status_code == 204, post.text
        got = client.get("/store", params={"graph": graph}, headers={"Accept": "application/n-triples"})
        assert got.status_code == 200
        triples = list(ox.parse(got.content, ox.RdfFormat.N_TRIPLES))
        assert len(triples) == 3 and sum(isinstance(t.object, ox.BlankNode) for t in triples) == 1
        assert client.delete("/store", params={"graph": graph}, headers=served.auth()).status_code == 204
    assert graph not in served.store.graphs()


def test_a_graph_store_write_larger_than_a_request_goes_in_chunks(served: Served) -> None:
    """6 000 triples (some with blank nodes) in one PUT: more than Virtuoso's parser takes in one
    update (it failed near 5 000); the server sends them in the engine's chunk_size, as it does
    submissions, and every triple arrives."""
    graph = "https://w3id.org/pvgraph/graph/test-remote-serve-gsp-large"
    lines = [f'<http://example.org/s{i}> <http://example.org/p> "v{i}" .' for i in range(5990)]
    lines += [f'<http://example.org/s{i}> <http://example.org/q> [ <http://example.org/r> {i} ] .'
              for i in range(5)]
    with served.client() as client:
        put = client.put("/store", params={"graph": graph}, content="\n".join(lines).encode(),
                         headers={"Content-Type": "text/turtle", **served.auth()})
        assert put.status_code == 201, put.text
    assert served.store.graphs()[graph] == 6000
    blank = served.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?b <http://example.org/r> ?o "
                               f"FILTER isBlank(?b) }} }}")
    assert blank.values("n") == ["5"]
    served.store.drop_graph(graph)


# -- publication ------------------------------------------------------------------------------

def _get_when_ready(client: httpx.Client, path: str, **kwargs: Any) -> httpx.Response:
    """GET, waiting while the server says the publication is being written (503)."""
    deadline = time.monotonic() + 120
    while True:
        response = client.get(path, **kwargs)
        if response.status_code != 503 or time.monotonic() > deadline:
            return response
        time.sleep(1)


def test_catalogue_and_a_dump_of_the_remote_store(served: Served) -> None:
    with served.client() as client:
        catalogue = _get_when_ready(client, "/catalog", headers={"Accept": "text/turtle"})
        assert catalogue.status_code == 200, catalogue.text
        assert b"http://www.w3.org/ns/dcat#" in catalogue.content or b"dcat:" in catalogue.content
        listing = _get_when_ready(client, "/dumps/", headers={"Accept": "application/json"})
        assert listing.status_code == 200, listing.text
        files = listing.json()["files"]
        whole = next(f for f in files if f["name"].startswith("pvgraph-") and f["name"].endswith(".nq.gz"))
        dump = client.get(f"/dumps/{whole['name']}")
    assert dump.status_code == 200
    quads = list(ox.parse(gzip.decompress(dump.content), ox.RdfFormat.N_QUADS))
    assert len(quads) == whole["triples"]
    by_graph: dict[str, int] = {}
    for quad in quads:
        by_graph[quad.graph_name.value] = by_graph.get(quad.graph_name.value, 0) + 1
    stored = served.store.graphs()
    assert {g: n for g, n in by_graph.items() if g in stored} == {g: stored[g] for g in by_graph if g in stored}
    assert str(STUDY_GRAPH) in by_graph  # the whole asserted graph: every source, no entailment


def test_a_failure_after_storing_takes_everything_back_out_of_the_engine(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data and its provenance (blank nodes included) were in Virtuoso when the reasoning
    failed: the undo removes them all, and the submitter gets a 500, not a 201."""
    from pvgraph.submissions import transaction

    def broken(*args: object) -> None:
        raise RuntimeError("reasoning failed (simulated)")

    monkeypatch.setattr(transaction, "_entailments", broken)
    before = served.store.graphs()
    variant = CONFORMING.read_bytes().replace(b"/val-de-brume/", b"/val-de-brume-undone/")
    with served.client() as client:
        response = client.post("/submissions", content=variant,
                               headers={"Content-Type": "text/turtle", **served.auth()})
    assert response.status_code == 500
    _json_error(response)
    assert served.store.graphs() == before
