"""Reading and comparing the W3C SPARQL 1.1 query-evaluation tests (w3c/rdf-tests, sparql11/*).

Each test names a query, the data of its default graph and of its named graphs, and the expected
result (SPARQL XML, JSON, TSV or CSV results, a result set in RDF, or a graph). Answers are
compared the way the suite means them: solutions as a multiset, blank nodes up to a renaming,
xsd:string equal to a plain literal, language tags in any case, numbers by value within their
datatype (engines write canonical forms differently); order is not checked. A CSV answer is
compared as text rows, since CSV does not say what a term is.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic

BASE = "https://w3c.github.io/rdf-tests/sparql/sparql11/"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DAWGT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
XSD = "http://www.w3.org/2001/XMLSchema#"
EVALUATION = {MF.QueryEvaluationTest, MF.CSVResultFormatTest}
POSITIVE_SYNTAX = {MF.PositiveSyntaxTest11, MF.PositiveSyntaxTest}
NEGATIVE_SYNTAX = {MF.NegativeSyntaxTest11, MF.NegativeSyntaxTest}
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "nonPositiveInteger", "negativeInteger",
                             "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
                             "unsignedByte")}
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML,
               ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
RESULT_FORMATS = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON,
                  ".tsv": ox.QueryResultsFormat.TSV, ".csv": ox.QueryResultsFormat.CSV}

Term = tuple[str, ...]
Row = dict[str, Term]


@dataclass(frozen=True)
class EvaluationTest:
    id: str  # suite/name
    kind: str  # evaluation | positive-syntax | negative-syntax
    query: Path
    query_iri: str
    data: tuple[tuple[Path, str], ...] = ()  # default graph files and their IRIs
    graph_data: tuple[tuple[Path, str], ...] = ()  # one named graph per file, named by its IRI
    result: Path | None = None
    result_iri: str = ""

    @property
    def dataset(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return tuple(i for _, i in self.data), tuple(i for _, i in self.graph_data)


@dataclass(frozen=True)
class Answer:
    """A result brought to a comparable form: rows, a boolean, a graph, or CSV text rows."""

    kind: str  # rows | boolean | graph | csv
    variables: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None
    graph: rdflib.Graph | None = None
    csv_rows: tuple[tuple[str, ...], ...] = ()


def read_suite(root: Path, suite: str) -> list[EvaluationTest]:
    """The evaluation and syntax tests of one suite folder, in the manifest's order (federated
    ones, which need other endpoints, left out)."""
    manifest_iri = f"{BASE}{suite}/manifest.ttl"
    g = rdflib.Graph().parse(root / suite / "manifest.ttl", format="turtle", publicID=manifest_iri)

    def local(iri: object) -> tuple[Path, str]:
        text = str(iri)
        assert text.startswith(BASE), text
        return root / text[len(BASE):], text

    tests = []
    for entries in g.objects(rdflib.URIRef(manifest_iri), MF.entries):
        for entry in Collection(g, entries):
            types = set(g.objects(entry, rdflib.RDF.type))
            name = f"{suite}/{str(entry).rsplit('#', 1)[-1]}"
            if g.value(entry, DAWGT.approval) in (DAWGT.Withdrawn, DAWGT.Rejected):
                continue
            action, result = g.value(entry, MF.action), g.value(entry, MF.result)
            if types & (POSITIVE_SYNTAX | NEGATIVE_SYNTAX):
                query = local(action)
                kind = "positive-syntax" if types & POSITIVE_SYNTAX else "negative-syntax"
                tests.append(EvaluationTest(name, kind, query[0], query[1]))
                continue
            if not types & EVALUATION:
                continue
            if g.value(action, QT.serviceData) is not None or result is None:
                continue
            query = local(g.value(action, QT.query))
            tests.append(EvaluationTest(
                id=name, kind="evaluation", query=query[0], query_iri=query[1],
                data=tuple(sorted(local(d) for d in g.objects(action, QT.data))),
                graph_data=tuple(sorted(local(d) for d in g.objects(action, QT.graphData))),
                result=local(result)[0], result_iri=str(result),
            ))
    return tests


def read_data(path: Path, iri: str) -> list[ox.Triple]:
    """A data file's triples, parsed by pyoxigraph (which keeps every literal's lexical form)."""
    return [q.triple for q in ox.parse(path=str(path), format=RDF_FORMATS[path.suffix], base_iri=iri)]


def wanted_format(test: EvaluationTest) -> ox.QueryResultsFormat | None:
    """The results format to ask for: the expected file's, JSON for RDF result sets, None for graphs."""
    assert test.result is not None
    fmt = RESULT_FORMATS.get(test.result.suffix)
    if fmt is not None:
        return fmt
    expected = expected_answer(test)
    return None if expected.kind == "graph" else ox.QueryResultsFormat.JSON


def expected_answer(test: EvaluationTest) -> Answer:
    assert test.result is not None
    data = test.result.read_bytes()
    fmt = RESULT_FORMATS.get(test.result.suffix)
    if fmt is not None:
        return parse_results(data, fmt)
    graph = rdflib.Graph().parse(data=data, format={".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}[test.result.suffix],
                                 publicID=test.result_iri)
    return _result_set(graph) or Answer("graph", graph=graph)


def parse_results(data: bytes, fmt: ox.QueryResultsFormat | None, *, rdf_media_type: str = "") -> Answer:
    """An answer in a results format (pyoxigraph's parsers; CSV as text) or in RDF (rdflib)."""
    if fmt is None:
        graph = rdflib.Graph().parse(data=data, format=_RDFLIB[rdf_media_type])
        return Answer("graph", graph=graph)
    if fmt == ox.QueryResultsFormat.CSV:
        records = list(csv.reader(io.StringIO(data.decode("utf-8").lstrip("\ufeff"), newline="")))
        return Answer("csv", variables=tuple(records[0]) if records else (),
                      csv_rows=tuple(tuple(r) for r in records[1:]))
    parsed = ox.parse_query_results(data, format=fmt)
    if isinstance(parsed, ox.QueryBoolean):
        return Answer("boolean", boolean=bool(parsed))
    variables = tuple(v.value for v in parsed.variables)
    rows = tuple({v: _term(s[v]) for v in variables if s[v] is not None} for s in parsed)
    return Answer("rows", variables=variables, rows=rows)


_RDFLIB = {"application/n-triples": "nt", "text/turtle": "turtle", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld", "text/plain": "nt"}


def _term(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("I", term.value)
    if isinstance(term, ox.BlankNode):
        return ("B", term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.datatype.value, term.language)
    raise TypeError(f"unexpected term {term!r}")


def _rdflib_term(term: object) -> Term:
    if isinstance(term, rdflib.URIRef):
        return ("I", str(term))
    if isinstance(term, rdflib.BNode):
        return ("B", str(term))
    if isinstance(term, rdflib.Literal):
        return _literal(str(term), str(term.datatype) if term.datatype else None, term.language)
    raise TypeError(f"unexpected term {term!r}")


def _literal(lexical: str, datatype: str | None, language: str | None) -> Term:
    if language:
        return ("L", lexical, "", language.lower())
    if datatype in (None, XSD + "string"):
        return ("L", lexical, "", "")
    if datatype in NUMERIC:
        try:
            value = repr(float(lexical)) if datatype in (XSD + "double", XSD + "float") else \
                str(Decimal(lexical.strip()).normalize())
            return ("N", value, datatype, "")
        except (InvalidOperation, ValueError):
            pass
    if datatype == XSD + "boolean" and lexical.strip() in ("0", "1", "true", "false"):
        return ("L", "true" if lexical.strip() in ("1", "true") else "false", datatype, "")
    return ("L", lexical, datatype, "")


def _result_set(graph: rdflib.Graph) -> Answer | None:
    """A result set written in the DAWG result-set vocabulary, if the graph holds one."""
    nodes = list(graph.subjects(rdflib.RDF.type, RS.ResultSet))
    if len(nodes) != 1:
        return None
    node = nodes[0]
    boolean = graph.value(node, RS.boolean)
    if boolean is not None:
        return Answer("boolean", boolean=bool(boolean.toPython()))
    rows = []
    for solution in graph.objects(node, RS.solution):
        rows.append({str(graph.value(b, RS.variable)): _rdflib_term(graph.value(b, RS.value))
                     for b in graph.objects(solution, RS.binding)})
    variables = tuple(str(v) for v in graph.objects(node, RS.resultVariable))
    return Answer("rows", variables=variables, rows=tuple(rows))


def same_answer(actual: Answer, expected: Answer) -> bool:
    """True when ``actual`` is the answer the suite expects (see the module docstring)."""
    if actual.kind != expected.kind:
        return False
    if expected.kind == "boolean":
        return actual.boolean == expected.boolean
    if expected.kind == "graph":
        assert actual.graph is not None and expected.graph is not None
        return isomorphic(actual.graph, expected.graph)
    if expected.kind == "csv":  # columns by name: SELECT * gives no order
        if sorted(actual.variables) != sorted(expected.variables):
            return False
        return _same_rows([{v: _csv_cell(c) for v, c in zip(actual.variables, r, strict=True)}
                           for r in actual.csv_rows],
                          [{v: _csv_cell(c) for v, c in zip(expected.variables, r, strict=True)}
                           for r in expected.csv_rows], csv_text=True)
    return _same_rows(list(actual.rows), list(expected.rows))


def _csv_cell(cell: str) -> str:
    """A CSV cell, numbers by value (1.0E6 and 1000000 are the same double)."""
    if _NUMBER.fullmatch(cell):
        return repr(float(cell))
    return cell


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _same_rows(actual: list[dict], expected: list[dict], *, csv_text: bool = False) -> bool:
    """Multiset equality of solutions up to a one-to-one renaming of blank nodes."""
    if len(actual) != len(expected):
        return False

    def blank(value: object) -> bool:
        return value[:2] == "_:" if csv_text else value[0] == "B"  # type: ignore[index]

    def plain(rows: Iterable[dict]) -> Counter:
        return Counter(tuple(sorted(r.items())) for r in rows if not any(blank(v) for v in r.values()))

    if plain(actual) != plain(expected):
        return False
    left = [r for r in actual if any(blank(v) for v in r.values())]
    right = [r for r in expected if any(blank(v) for v in r.values())]
    return _match(left, right, {}, {}, blank)


def _match(left: list[dict], right: list[dict], forward: dict, backward: dict, blank) -> bool:
    if not left:
        return not right
    first, rest = left[0], left[1:]
    for i, candidate in enumerate(right):
        if candidate.keys() != first.keys():
            continue
        fwd, bwd, ok = dict(forward), dict(backward), True
        for key, value in first.items():
            other = candidate[key]
            if blank(value) and blank(other):
                if fwd.setdefault(value, other) != other or bwd.setdefault(other, value) != value:
                    ok = False
                    break
            elif value != other:
                ok = False
                break
        if ok and _match(rest, right[:i] + right[i + 1:], fwd, bwd, blank):
            return True
    return False


def parses_in_pyoxigraph(test: EvaluationTest) -> bool:
    """Whether pyoxigraph's own parser accepts the query (a syntax test run in process)."""
    try:
        ox.Store().query(test.query.read_text(encoding="utf-8"), base_iri=test.query_iri)
    except SyntaxError:
        return False
    except (ValueError, OSError, RuntimeError):
        return True  # parsed, failed when evaluated (an unknown function, a SERVICE)
    return True


def run_in_pyoxigraph(test: EvaluationTest) -> Answer:
    """The test run by pyoxigraph itself, in process: what the engine under pvgraph answers."""
    store = ox.Store()
    for path, iri in test.data:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in read_data(path, iri))
    for path, iri in test.graph_data:
        store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri)) for t in read_data(path, iri))
    result = store.query(test.query.read_text(encoding="utf-8"), base_iri=test.query_iri)
    fmt = wanted_format(test)
    if isinstance(result, ox.QueryTriples):
        return parse_results(result.serialize(format=ox.RdfFormat.N_TRIPLES), None,
                             rdf_media_type="application/n-triples")
    return parse_results(result.serialize(format=fmt or ox.QueryResultsFormat.JSON),
                         fmt or ox.QueryResultsFormat.JSON)
