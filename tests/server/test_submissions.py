"""POST /validate, POST /submissions and GET /submissions/{id}: reports, all or nothing, durable."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from pvgraph.namespaces import META_GRAPH
from pvgraph.settings import PROJECT_ROOT
from pvgraph.validation.derived import DERIVED
from tests.conftest import closed_store, wait_up
from tests.live import free_port
from tests.server.conftest import TOKEN, Live, live_server
from tests.validation.conftest import STATED, stating

pytestmark = pytest.mark.live

EXAMPLES = PROJECT_ROOT / "data" / "examples" / "submissions"
CONFORMING = EXAMPLES / "conforming.ttl"
REFUSED = EXAMPLES / "missing-project-lead.ttl"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("subs")) as live:
        yield live


def _submission_graphs(live: Live) -> set[str]:
    return {g for g in live.store.graphs() if "/graph/submission/" in g}


def _files(live: Live) -> list[Path]:
    root = Path(live.settings.submissions_dir)
    return sorted(root.iterdir()) if root.is_dir() else []


# -- /validate -----------------------------------------------------------------------------

@pytest.mark.parametrize(("accept", "media"), [
    ("application/json", "application/json"),
    ("text/html", "text/html"),
    ("text/csv", "text/csv"),
    ("text/turtle", "text/turtle"),
    ("text/plain", "text/plain"),  # the CLI's default report, over HTTP too (one table of formats)
    ("*/*", "application/json"),
])
def test_validate_negotiates_the_report(server: Live, accept: str, media: str) -> None:
    r = httpx.post(f"{server.url}/validate", content=REFUSED.read_bytes(),
                   headers={"Content-Type": "text/turtle", "Accept": accept}, timeout=120)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    if media == "application/json":
        assert r.json()["conforms"] is False


def test_validate_offers_every_report_format_the_cli_writes(server: Live) -> None:
    from pvgraph.validation import REPORT_FORMATS

    for name, media in REPORT_FORMATS.items():
        r = httpx.post(f"{server.url}/validate", params={"format": name}, content=REFUSED.read_bytes(),
                       headers={"Content-Type": "text/turtle"}, timeout=120)
        assert r.status_code == 200 and r.headers["content-type"].startswith(media.split(";")[0]), name


def test_validate_multipart_upload_with_language(server: Live) -> None:
    r = httpx.post(f"{server.url}/validate", files={"file": ("case.ttl", CONFORMING.read_bytes())},
                   data={"lang": "en"}, headers={"Accept": "application/json"}, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["conforms"] is True
    refused = httpx.post(f"{server.url}/validate", files={"file": ("case.ttl", REFUSED.read_bytes())},
                         data={"lang": "en"}, headers={"Accept": "text/html"}, timeout=120)
    assert '<html lang="en"' in refused.text
    # the report page: its content in <main>, a way back to the form, what produced it
    assert "<main" in refused.text and 'href="/validate?lang=en"' in refused.text
    assert "Report produced on" in refused.text and "pvgraph" in refused.text


@pytest.mark.parametrize(("lang", "title", "where"), [
    ("fr", "Le document n’a pas pu être validé", "broken.ttl, ligne 3"),
    ("en", "The document could not be validated", "broken.ttl, line 3"),
])
def test_a_browser_sending_an_unreadable_file_gets_a_page_not_json(server: Live, lang: str, title: str,
                                                                     where: str) -> None:
    r = httpx.post(f"{server.url}/validate",
                   files={"file": ("broken.ttl", b"@prefix ex: <http://example.org/> .\nex:a ex:b \n")},
                   data={"lang": lang}, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"},
                   timeout=120)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}"' in r.text and title in r.text and where in r.text
    as_json = httpx.post(f"{server.url}/validate",
                         files={"file": ("broken.ttl", b"@prefix ex: <http://example.org/> .\nex:a ex:b \n")},
                         data={"lang": lang}, headers={"Accept": "application/json"}, timeout=120)
    assert as_json.status_code == 400 and as_json.json()["location"]["line"] == 3
    # ?format=json wins over a browser's Accept: a program asking for JSON gets JSON, errors included
    asked = httpx.post(f"{server.url}/validate", params={"format": "json"},
                       files={"file": ("broken.ttl", b"@prefix ex: <http://example.org/> .\nex:a ex:b \n")},
                       data={"lang": lang}, headers={"Accept": "text/html"}, timeout=120)
    assert asked.status_code == 400 and asked.headers["content-type"].startswith("application/json")
    assert asked.json()["location"]["line"] == 3


@pytest.mark.parametrize(("content", "ctype", "status"), [
    (b"@prefix ex: <http://example.org/> .\nex:a ex:b \n", "text/turtle", 400),
    (b"\x00\x01\x02binary", "text/turtle", 400),
    (b"", "text/turtle", 400),
    (b"<a> <b> <c> .", "image/png", 415),
])
def test_validate_bad_input_is_a_4xx(server: Live, content: bytes, ctype: str, status: int) -> None:
    r = httpx.post(f"{server.url}/validate", content=content, headers={"Content-Type": ctype})
    assert r.status_code == status, r.text
    assert r.json()["error"]


def test_syntax_error_names_line(server: Live) -> None:
    r = httpx.post(f"{server.url}/validate", content=b"@prefix ex: <http://example.org/> .\nex:a ex:b \n",
                   headers={"Content-Type": "text/turtle"})
    assert r.json()["location"]["line"] in (2, 3)


# -- /submissions --------------------------------------------------------------------------

def test_submission_needs_the_token(server: Live) -> None:
    r = httpx.post(f"{server.url}/submissions", content=CONFORMING.read_bytes(),
                   headers={"Content-Type": "text/turtle"})
    assert r.status_code == 401
    r = httpx.post(f"{server.url}/submissions", content=CONFORMING.read_bytes(),
                   headers={"Content-Type": "text/turtle", "Authorization": "Bearer nope"})
    assert r.status_code == 403


def test_refused_submission_stores_nothing(server: Live) -> None:
    graphs, files = _submission_graphs(server), _files(server)
    r = httpx.post(f"{server.url}/submissions", content=REFUSED.read_bytes(),
                   headers={"Content-Type": "text/turtle", "Accept": "application/json", **server.auth()},
                   timeout=120)
    assert r.status_code == 422
    assert r.json()["conforms"] is False
    assert _submission_graphs(server) == graphs and _files(server) == files


@pytest.mark.parametrize("prop", sorted(STATED))
def test_a_submission_stating_a_derived_relation_is_refused_and_stores_nothing(server: Live, prop: str) -> None:
    """pv:mostSpecificKind, pv:ledByEPCI, pv:epciLeadFor are pvgraph's to compute: 422, the report
    names the record and the relation (French, English on request), nothing is written."""
    graphs, files, inferred = _submission_graphs(server), _files(server), server.store.graphs()
    for lang, words in (("fr", "calcule lui-même"), ("en", "computes itself")):
        r = httpx.post(f"{server.url}/submissions", params={"lang": lang}, content=stating(prop),
                       headers={"Content-Type": "text/turtle", "Accept": "application/json", **server.auth()},
                       timeout=120)
        assert r.status_code == 422, r.text
        [found] = [x for x in r.json()["results"] if x["component"] == DERIVED]
        assert found["path"] == prop and found["focus_node"].endswith(STATED[prop][0]) and words in found["message"]
    assert _submission_graphs(server) == graphs and _files(server) == files and server.store.graphs() == inferred


def test_accepted_submission_is_stored_with_provenance(server: Live) -> None:
    data = CONFORMING.read_bytes()
    r = httpx.post(f"{server.url}/submissions", files={"file": ("conforming.ttl", data)},
                   headers=server.auth(), timeout=120)
    assert r.status_code == 201, r.text
    body = r.json()
    graph, sub_id = body["graph"], body["id"]
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    expected = len(list(ox.parse(data, ox.RdfFormat.TURTLE, base_iri="http://x/")))
    assert server.store.graphs()[graph] == expected == body["triples"]
    meta = server.store.query(
        f"SELECT ?v WHERE {{ GRAPH <{META_GRAPH}> {{ <{graph}> <http://spdx.org/rdf/terms#checksum> "
        f"[ <http://spdx.org/rdf/terms#checksumValue> ?v ] ; <http://www.w3.org/ns/prov#wasAttributedTo> "
        f"[ <http://xmlns.com/foaf/0.1/name> ?who ] ; <https://w3id.org/pvgraph/ontology#validationReport> ?r }} }}"
    )
    assert meta.values("v") == [body["sha256"]]
    kept = [p for p in (Path(server.settings.submissions_dir) / sub_id).iterdir() if p.name not in ("record.json", "state.json")]
    assert [p.read_bytes() for p in kept] == [data]
    status = httpx.get(r.headers["location"])
    assert status.status_code == 200
    assert status.json()["status"] == "accepted" and status.json()["report"]["conforms"] is True
    assert httpx.get(f"{server.url}/submissions/{'0' * 32}").status_code == 404
    assert httpx.get(f"{server.url}/submissions/../../etc").status_code == 404


def test_a_failure_while_storing_leaves_nothing(server: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    from pvgraph.submissions.worker import SubmissionWorker

    def broken(*args: object) -> None:
        raise RuntimeError("reasoning failed (simulated)")

    monkeypatch.setattr(SubmissionWorker, "entailments", broken)  # the server's reasoner
    graphs, files = _submission_graphs(server), _files(server)
    r = httpx.post(f"{server.url}/submissions", content=CONFORMING.read_bytes(),
                   headers={"Content-Type": "text/turtle", **server.auth()}, timeout=120)
    assert r.status_code == 500
    assert _submission_graphs(server) == graphs and _files(server) == files
    orphans = server.store.query(
        f"ASK {{ GRAPH <{META_GRAPH}> {{ ?g <http://purl.org/dc/terms/identifier> ?id "
        f"FILTER (STRSTARTS(STR(?g), 'https://w3id.org/pvgraph/graph/submission/') "
        f"&& !EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }}) }} }}")
    assert orphans.boolean is False  # no provenance left behind for a graph that is not there


# -- durability: kill -9 right after the answer --------------------------------------------

def _start(store: Path, subs: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PVGRAPH_UPDATE_TOKEN": TOKEN, "PVGRAPH_SUBMISSIONS_DIR": str(subs),
           "PVGRAPH_MAX_CONCURRENT_QUERIES": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "pvgraph", "serve", "--store", str(store), "--port", str(port),
         "--no-build", "--no-access-log"],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )


@pytest.mark.slow
def test_acknowledged_submission_survives_kill_9(tmp_path: Path) -> None:
    store_dir, subs = tmp_path / "store", tmp_path / "subs"
    closed_store(store_dir, "http://example.org/seed", [ox.Triple(
        ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b"), ox.Literal("c"))])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    data = CONFORMING.read_bytes()
    proc = _start(store_dir, subs, port)
    try:
        wait_up(url, proc)
        r = httpx.post(f"{url}/submissions", content=data,
                       headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"},
                       timeout=120)
        os.killpg(proc.pid, signal.SIGKILL)  # right after the answer: no shutdown, no flush
        assert r.status_code == 201, r.text
        proc.wait(30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    body = r.json()
    proc = _start(store_dir, subs, port)
    try:
        wait_up(url, proc)
        status = httpx.get(f"{url}/submissions/{body['id']}")
        assert status.status_code == 200 and status.json()["sha256"] == hashlib.sha256(data).hexdigest()
        count = httpx.get(f"{url}/sparql", params={
            "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{body['graph']}> {{ ?s ?p ?o }} }}"})
        assert int(count.json()["results"]["bindings"][0]["n"]["value"]) == body["triples"]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    assert json.loads((subs / body["id"] / "record.json").read_text())["id"] == body["id"]
