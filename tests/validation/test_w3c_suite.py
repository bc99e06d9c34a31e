"""The W3C SHACL test suite (core + SPARQL) through pvgraph's engine.

pvgraph does not run pySHACL quite as given: it copies the shapes and hoists node shapes' targets
onto their property shapes (engine.hoist_property_targets). This suite, with its nested shapes,
recursion and odd targets, checks that this never changes a result: for every test, pvgraph's
results equal the suite's expected results, except where plain pySHACL itself departs from them
(its known failures). The suite is copied under tests/conformance/shacl (SOURCE.md).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyshacl
import pytest
import rdflib
from rdflib import URIRef

from pvgraph.namespaces import SH
from pvgraph.validation.engine import PYSHACL_ARGUMENTS, ShaclEngineError, copy_graph, run_shacl

from ..conftest import CONFORMANCE_DIR

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
ROOT = CONFORMANCE_DIR / "shacl" / "tests" / "manifest.ttl"


def _path(iri: str) -> Path:
    return Path(unquote(urlparse(iri).path))


def _tests(manifest: Path) -> list[tuple[str, Path, Path, rdflib.Graph, rdflib.term.Node]]:
    graph = rdflib.Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    found = []
    for include in graph.objects(None, MF.include):
        found += _tests(_path(str(include)))
    for entries in graph.objects(None, MF.entries):
        for entry in graph.items(entries):
            action = graph.value(entry, MF.action)
            data, shapes = graph.value(action, SHT.dataGraph), graph.value(action, SHT.shapesGraph)
            found.append((str(entry), _path(str(data)), _path(str(shapes)), graph, graph.value(entry, MF.result)))
    return found


# core/complex/shacl-shacl validates the SHACL-for-SHACL shapes against themselves: 10 s alone, and
# the same shapes run on pvgraph's own shapes in test_lint.py.
SLOW = {"core/complex/shacl-shacl"}
TESTS = [t for t in _tests(ROOT) if t[0].rsplit("/tests/", 1)[-1] not in SLOW]


def _load(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())


def _results(report: rdflib.Graph) -> Counter:
    def term(node: rdflib.term.Node | None) -> str:
        return str(node) if isinstance(node, (URIRef, rdflib.Literal)) else "_"

    return Counter(
        (term(report.value(r, SH.focusNode)), term(report.value(r, SH.resultPath)),
         term(report.value(r, SH.sourceConstraintComponent)), term(report.value(r, SH.sourceShape)),
         term(report.value(r, SH.resultSeverity)))
        for r in report.objects(None, SH.result)
    )


def _expected(manifest: rdflib.Graph, expected_node: rdflib.term.Node) -> Counter:
    """The results a test expects: the ones under its mf:result."""
    expected: Counter = Counter()
    for result in manifest.objects(expected_node, SH.result):
        sub = rdflib.Graph()
        for p, o in manifest.predicate_objects(result):
            sub.add((rdflib.BNode("r"), p, o))
        sub.add((rdflib.BNode("report"), SH.result, rdflib.BNode("r")))
        expected += _results(sub)
    return expected


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t[0].rsplit("/tests/", 1)[-1])
def test_w3c_shacl_suite(test) -> None:
    name, data_path, shapes_path, manifest, expected_node = test
    data, shapes = _load(data_path), _load(shapes_path)
    if expected_node == SHT.Failure:
        with pytest.raises(ShaclEngineError):
            run_shacl(data, shapes=shapes, ontology=None)
        return
    expected = _expected(manifest, expected_node)
    try:
        _conforms, ours = run_shacl(data, shapes=shapes, ontology=None)
    except ShaclEngineError:
        # pySHACL lacks the feature (its known failure shapesGraph-001): plain pySHACL fails too.
        with pytest.raises(NotImplementedError):
            pyshacl.validate(data, shacl_graph=copy_graph(shapes), **PYSHACL_ARGUMENTS)
        return
    if _results(ours) == expected:
        return
    _c, plain, _t = pyshacl.validate(data, shacl_graph=copy_graph(shapes), **PYSHACL_ARGUMENTS)
    assert _results(plain) != expected, f"{name}: pvgraph differs from the suite where plain pySHACL does not"
    assert _results(ours) == _results(plain), f"{name}: pvgraph differs from plain pySHACL"


def test_suite_was_found() -> None:
    assert len(TESTS) >= 100
    assert all(t[1].is_file() and t[2].is_file() for t in TESTS)
