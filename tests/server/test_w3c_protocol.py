"""The W3C SPARQL 1.1 Protocol, Service Description and Graph Store Protocol tests, run against
a live server with the update token (the update tests run CLEAR ALL / DROP ALL: the server has
its own store). The requests and expectations are read from the W3C manifests."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.conftest import CONFORMANCE_DIR
from tests.server.conftest import TOKEN, Live, live_server
from tests.server.w3c_manifest import ManifestRequest, ManifestTest, read_manifest

SPARQL11 = CONFORMANCE_DIR / "sparql11"
BOOLEAN = {"application/sparql-results+xml", "application/sparql-results+json"}
TABULAR = BOOLEAN | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "text/plain"}
RDFLIB = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt",
          "text/plain": "nt", "application/ld+json": "json-ld"}
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


def _tests(relative: str) -> list[ManifestTest]:
    return read_manifest(SPARQL11 / relative)


PROTOCOL = _tests("protocol/manifest.ttl")
GSP = _tests("graph-store-protocol/manifest-indirect.ttl") + _tests("graph-store-protocol/manifest-direct.ttl")


def test_the_manifests_are_there() -> None:
    assert len(PROTOCOL) == 34 and len(GSP) == 13


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_server(tmp_path_factory.mktemp("w3c")) as live:
        yield live


@pytest.fixture(scope="module")
def client(server: Live) -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {TOKEN}"}) as c:
        yield c


def _ctype(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _boolean(response: httpx.Response) -> bool:
    if _ctype(response) == "application/sparql-results+json":
        return bool(json.loads(response.content)["boolean"])
    root = ET.fromstring(response.content)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text.strip() == "true"


def _graph(data: bytes | str, ctype: str, base: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=data, format=RDFLIB[ctype], publicID=base)
    return g


def _send(client: httpx.Client, url: str, req: ManifestRequest) -> httpx.Response:
    return client.request(req.method, url, headers=req.headers, content=req.body)


def _check(req: ManifestRequest, response: httpx.Response, url: str, variables: dict[str, str]) -> None:
    where = f"{req.method} {url[:100]}"
    assert req.status_ok(response.status_code), f"{where}: {response.status_code} {response.text[:300]}"
    if 400 <= response.status_code < 500:
        assert response.status_code != 500
    fmt = _ctype(response)
    if req.expect_format == "boolean":
        assert fmt in BOOLEAN, where
    elif req.expect_format == "tabular":
        assert fmt in TABULAR, where
    elif req.expect_format == "RDF":
        assert fmt in RDF_TYPES, where
    if req.expect_boolean is not None:
        assert _boolean(response) is req.expect_boolean, where
    if req.expect_location:
        assert response.headers.get("location"), where
        variables[req.expect_location] = response.headers["location"]
    for name, value in req.expect_headers.items():
        if name.lower() == "content-type":
            assert fmt == value.split(";")[0].strip().lower(), where
        else:
            assert response.headers.get(name) == value, where
    if req.expect_body is not None:
        expected = _graph(req.expect_body, "text/turtle", url)
        assert isomorphic(expected, _graph(response.content, fmt, url)), where


@pytest.mark.live
@pytest.mark.parametrize("test", PROTOCOL, ids=[t.id for t in PROTOCOL])
def test_protocol(server: Live, client: httpx.Client, test: ManifestTest) -> None:
    for graph, path in test.graph_data.items():
        quads = ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        server.store.replace_graph(graph, quads)
    variables: dict[str, str] = {}
    for req in test.requests:
        url = server.url + "/sparql" + req.path[len("/sparql/"):]
        _check(req, _send(client, url, req), url, variables)


@pytest.mark.live
@pytest.mark.parametrize("test", GSP, ids=[t.id for t in GSP])
def test_graph_store(server: Live, client: httpx.Client, test: ManifestTest) -> None:
    for req in test.requests:  # a clean slate for the graphs the test names (as the W3C runner does)
        if "$" not in req.path and req.path != "/gsp" and not req.path.endswith("?default"):
            client.delete(server.url + "/store" + req.path[len("/gsp"):])
    variables: dict[str, str] = {}
    for req in test.requests:
        path = req.path
        for name, value in variables.items():
            path = path.replace(name, value)
        url = server.url + "/store" + path[len("/gsp"):] if path.startswith("/gsp") else path
        _check(req, _send(client, url, req), url, variables)


@pytest.fixture(scope="module")
def description(server: Live) -> tuple[httpx.Response, rdflib.Graph]:
    response = httpx.get(server.sparql, headers={"Accept": "text/turtle, application/rdf+xml;q=0.9"})
    return response, _graph(response.content, _ctype(response), server.sparql)


@pytest.mark.live
def test_sd_returns_rdf(description: tuple[httpx.Response, rdflib.Graph]) -> None:
    response, graph = description
    assert response.status_code == 200 and _ctype(response) in RDF_TYPES and len(graph) > 0


@pytest.mark.live
def test_sd_has_endpoint_triple(server: Live, description: tuple[httpx.Response, rdflib.Graph]) -> None:
    _, graph = description
    assert (None, SD.endpoint, rdflib.URIRef(server.sparql)) in graph


@pytest.mark.live
def test_sd_conforms_to_schema(description: tuple[httpx.Response, rdflib.Graph]) -> None:
    _, graph = description
    named = list(graph.subjects(rdflib.RDF.type, SD.NamedGraph))
    assert all(graph.value(n, SD.name) is not None for n in named)


def test_fixture_files_are_local() -> None:
    for test in PROTOCOL:
        for path in test.graph_data.values():
            assert Path(path).is_file(), path
