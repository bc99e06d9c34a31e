"""Reading the W3C SPARQL 1.1 Protocol and Graph Store Protocol manifests (HTTP-in-RDF).

The manifests (w3c/rdf-tests, sparql/sparql11/{protocol,graph-store-protocol}; W3C Test Suite
licence) describe each test as a list of ``ht:Request``s with the expected response. They are
copied, unmodified, under tests/conformance/sparql11 (SOURCE.md says from which commit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

STATUS = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}


@dataclass
class ManifestRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expect_status: list[str | int]
    expect_boolean: bool | None = None
    expect_format: str | None = None
    expect_location: str | None = None
    expect_headers: dict[str, str] = field(default_factory=dict)
    expect_body: str | None = None

    def status_ok(self, code: int) -> bool:
        return any(code == e if isinstance(e, int) else str(code)[0] == e[0] for e in self.expect_status)


@dataclass
class ManifestTest:
    id: str
    name: str
    requires: list[str]
    graph_data: dict[str, Path]  # graph name -> data file
    requests: list[ManifestRequest]


def read_manifest(path: Path) -> list[ManifestTest]:
    """Every test of a manifest, in the manifest's order."""
    g = rdflib.Graph()
    g.parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        requires = [str(r).rsplit("#", 1)[-1] for r in g.objects(entry, MF.requires)]
        graph_data = {}
        for data in g.objects(entry, UT.graphData):
            graph_data[str(g.value(data, RDFS.label))] = Path(str(g.value(data, UT.graph))[len("file://"):])
        action = g.value(entry, MF.action)
        requests = [_request(g, node) for node in Collection(g, g.value(action, HT.requests))]
        tests.append(ManifestTest(str(entry).rsplit("#", 1)[-1], str(g.value(entry, MF.name)),
                                  requires, graph_data, requests))
    return tests


def _headers(g: rdflib.Graph, node: rdflib.term.Node | None) -> dict[str, str]:
    if node is None:
        return {}
    return {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue)) for h in Collection(g, node)}


def _request(g: rdflib.Graph, node: rdflib.term.Node) -> ManifestRequest:
    body_node = g.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
    resp = g.value(node, HT.resp)
    expected: list[str | int] = []
    for status in g.objects(resp, MF.expectedStatus):
        local = str(status).rsplit("#", 1)[-1]
        expected.append(local[len("StatusCode"):] if local.startswith("StatusCode") else STATUS[local])
    boolean = g.value(resp, MF.expectedBoolean)
    fmt = g.value(resp, MF.expectedFormat)
    location = g.value(resp, MF.expectedLocation)
    resp_body = g.value(resp, HT.body)
    return ManifestRequest(
        method=str(g.value(node, HT.methodName)),
        path=str(g.value(node, HT.absolutePath)),
        headers=_headers(g, g.value(node, HT.headers)),
        body=body,
        expect_status=expected,
        expect_boolean=None if boolean is None else bool(boolean.toPython()),
        expect_format=None if fmt is None else str(fmt),
        expect_location=None if location is None else str(location),
        expect_headers=_headers(g, g.value(resp, HT.headers)),
        expect_body=None if resp_body is None else str(g.value(resp_body, CNT.chars)),
    )
