"""SPARQL targets answered by Oxigraph select exactly the focus nodes pySHACL would select.

pvgraph replaces each SHACL-AF SPARQL target, in the copy of the shapes pySHACL is given, by the
focus nodes Oxigraph finds (validation/targets.py). Here, for the project's shapes on realistic
submissions and for SPARQL targets of the forms a shapes author may write, every shape's focus
nodes — asked of pySHACL itself — are the same in the shapes pvgraph hands over as in the shapes
as written, and the validation results equal plain pySHACL's. Where the two SPARQL engines read a
literal differently, the targets stay with pySHACL.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyshacl
import pytest
import rdflib
from pyshacl.graph_abstraction import DataGraph
from pyshacl.shapes_graph import ShapesGraph
from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from pvgraph.loading import to_rdflib_graph
from pvgraph.namespaces import SH
from pvgraph.settings import PROJECT_ROOT
from pvgraph.tabular.spec import workbook_spec
from pvgraph.tabular.validation import Spreadsheet, convert
from pvgraph.validation import Schema
from pvgraph.validation.engine import (
    PYSHACL_ARGUMENTS,
    copy_graph,
    explicit_sparql_targets,
    ontology_axioms,
    run_shacl,
)
from pvgraph.validation.targets import engines_may_differ, sparql_targets

from .conftest import FIXTURES, SUBMISSIONS, graph_of

TABULAR_FIXTURES = PROJECT_ROOT / "tests" / "tabular" / "fixtures"


def pyshacl_focus_nodes(shapes: rdflib.Graph, data: rdflib.Graph) -> dict[Node, set[Node]]:
    """Every shape's focus nodes, as pySHACL computes them (SHACL-AF on)."""
    graph = ShapesGraph(copy_graph(shapes))
    wrapped = DataGraph.from_rdflib(data)
    found = {}
    for shape in graph.shapes:
        shape.set_advanced(True)
        found[shape.node] = set(shape.focus_nodes(wrapped))
    return found


def pyshacl_data_graph(data: rdflib.Graph, ontology: rdflib.Graph | None) -> rdflib.Graph:
    """The graph pySHACL validates: the data with the ontology's axioms mixed in."""
    graph = copy_graph(data, simple=True)
    if ontology is not None:
        graph += ontology_axioms(ontology)
    return graph


def assert_same_focus_nodes(shapes: rdflib.Graph, data: rdflib.Graph, ontology: rdflib.Graph | None) -> rdflib.Graph:
    graph = pyshacl_data_graph(data, ontology)
    explicit = explicit_sparql_targets(copy_graph(shapes), graph)
    assert pyshacl_focus_nodes(explicit, graph) == pyshacl_focus_nodes(shapes, graph)
    return explicit


def spreadsheet_graph(name: str) -> rdflib.Graph:
    path = TABULAR_FIXTURES / name
    conversion = convert(Spreadsheet(name, path.read_bytes(), "xlsx"), workbook_spec(PROJECT_ROOT), "fr")
    return to_rdflib_graph(conversion.parsed.quads)


SUBMISSION_FILES = [FIXTURES / "failing.ttl", *sorted(SUBMISSIONS.glob("*.ttl"))]


@pytest.mark.parametrize("path", SUBMISSION_FILES, ids=lambda p: p.name)
def test_project_targets_equal_pyshacl_on_submissions(schema: Schema, path: Path) -> None:
    explicit = assert_same_focus_nodes(schema.shapes, graph_of(path), schema.ontology)
    assert (None, SH.target, None) not in explicit  # Oxigraph answered every SPARQL target


@pytest.mark.parametrize("name", ["conforming.xlsx", "shape-mistakes.xlsx", "table-mistakes.xlsx"])
def test_project_targets_equal_pyshacl_on_spreadsheets(schema: Schema, name: str) -> None:
    explicit = assert_same_focus_nodes(schema.shapes, spreadsheet_graph(name), schema.ontology)
    assert (None, SH.target, None) not in explicit


def test_project_targets_select_something(schema: Schema) -> None:
    """The comparison above is not between empty sets: the failing fixture exercises the
    project's SPARQL targets (a period in the wrong order, French names tagged @en, territories
    with a population…)."""
    graph = pyshacl_data_graph(graph_of(FIXTURES / "failing.ttl"), schema.ontology)
    targets = sparql_targets(copy_graph(schema.shapes))
    explicit = explicit_sparql_targets(copy_graph(schema.shapes), graph)
    selected = {t.shape for t in targets if (t.shape, SH.targetNode, None) in explicit}
    assert len(targets) >= 5
    assert len(selected) >= 4, selected


SHAPES = """
@prefix ex: <http://example.org/ns#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:Prefixes a owl:Ontology ;
    sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/ns#"^^xsd:anyURI ] .

# A filter on numbers (with a value written "07"), and a property shape of the node shape.
ex:BigShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ;
                sh:select "SELECT ?this WHERE { ?this ex:size ?size . FILTER (?size > 5) }" ] ;
    sh:property [ sh:path ex:size ; sh:maxCount 1 ; sh:datatype xsd:integer ] .

# DISTINCT, a property path, NOT EXISTS, and a class target beside it.
ex:ReachShape a sh:NodeShape ;
    sh:targetClass ex:Hub ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ;
                sh:select \"\"\"SELECT DISTINCT ?this WHERE { ex:start ex:link+ ?this .
                                   FILTER NOT EXISTS { ?this ex:closed true } }\"\"\" ] ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .

# Literals as focus nodes, from a property shape's own target (STR of a normalised integer too).
ex:NameShape a sh:PropertyShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ;
                sh:select "SELECT ?this WHERE { { ?s ex:name ?this } UNION { ?s ex:size ?this . FILTER (STR(?this) = \\"7\\") } }" ] ;
    sh:path [ sh:inversePath ex:name ] ;
    sh:minCount 1 .

# A node the data does not hold, made up by the query; and two targets on one shape.
ex:GhostShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ; sh:select "SELECT ?this WHERE { BIND (ex:ghost AS ?this) }" ] ,
              [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ; sh:select "SELECT ?this WHERE { ?this a ex:Hub }" ] ;
    sh:class ex:Hub .

# Blank nodes as focus nodes; a label test with LANGMATCHES and REGEX; no answer at all.
ex:BlankShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ;
                sh:select "SELECT ?this WHERE { ?this ex:part ?x . FILTER (isBlank(?this)) }" ] ;
    sh:property [ sh:path ex:part ; sh:maxCount 1 ] .
ex:LabelShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ;
                sh:select \"\"\"SELECT ?this WHERE { ?this ex:label ?l .
                                   FILTER (LANGMATCHES(LANG(?l), "en") && REGEX(STR(?l), "^(le|la) ", "i")) }\"\"\" ] ;
    sh:property [ sh:path ex:label ; sh:maxCount 1 ] .
ex:NothingShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:prefixes ex:Prefixes ; sh:select "SELECT ?this WHERE { ?this ex:absent ?x }" ] ;
    sh:closed true .
"""

DATA = """
@prefix ex: <http://example.org/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:size 3 ; ex:name "a" .
ex:b ex:size 9 , 10 ; ex:name "b" .
ex:c ex:size "07"^^xsd:integer .
ex:start ex:link ex:a . ex:a ex:link ex:b . ex:b ex:link ex:c . ex:c ex:link ex:a .
ex:b ex:closed true .
ex:h a ex:Hub .
[] ex:part ex:a , ex:b .
[] ex:part ex:c .
ex:a ex:label "Le pont"@en , "The bridge"@en .
ex:b ex:label "la rue"@en-gb .
ex:c ex:label "La place"@fr .
"""


def _results(report: rdflib.Graph) -> Counter:
    def term(node: Node | None) -> str:
        return str(node) if isinstance(node, (URIRef, Literal)) else "_"

    return Counter(
        tuple(term(report.value(r, key)) for key in (SH.focusNode, SH.resultPath, SH.value,
                                                      SH.sourceConstraintComponent, SH.sourceShape))
        for r in report.objects(None, SH.result)
    )


@pytest.mark.parametrize("quirk", [False, True], ids=["oxigraph", "left-to-pyshacl"])
def test_sparql_targets_of_every_form_equal_pyshacl(quirk: bool) -> None:
    """Same focus nodes and same results as plain pySHACL, whether Oxigraph answers the targets
    or a literal leaves them to pySHACL (then a node shape with both a class target and a SPARQL
    target must keep its property shapes: they cannot carry the SPARQL target)."""
    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    data = rdflib.Graph().parse(data=DATA, format="turtle")
    if quirk:
        data.add((URIRef("http://example.org/ns#q"), URIRef("http://example.org/ns#note"), Literal(" 7")))
    explicit = assert_same_focus_nodes(shapes, data, None)
    assert ((None, SH.target, None) in explicit) is quirk
    assert len(list(explicit.objects(None, SH.targetNode))) >= (0 if quirk else 10)
    _c, ours = run_shacl(data, shapes=shapes, ontology=None)
    _c, plain, _t = pyshacl.validate(copy_graph(data), shacl_graph=copy_graph(shapes), **PYSHACL_ARGUMENTS)
    assert _results(ours) == _results(plain)
    assert sum(_results(ours).values()) >= 5


QUIRKS = [
    Literal(" 2024", datatype=XSD.gYear),  # Python's int() strips spaces, XSD does not
    Literal("2_024"),  # Python's int() reads underscores between digits
    Literal("٢٠٢٤"),  # and digits of other scripts
    Literal("inf"),  # float() reads it; xsd:double writes INF
    Literal("TRUE"),  # rdflib's xsd:boolean cast reads it; XSD does not
    Literal("projet de\n", lang="en"),  # Python's $ matches before a final newline
    Literal("Digital plan", lang="EN"),  # Oxigraph lowercases language tags
]
PLAIN = [Literal("2024", datatype=XSD.gYear), Literal("-1.5e3"), Literal("INF"), Literal("true"),
         Literal("Élan numérique", lang="fr"), Literal("NaN"), Literal("l'eau et le feu", lang="en"),
         Literal("une\nligne"), Literal("")]


@pytest.mark.parametrize("literal", QUIRKS, ids=repr)
def test_literals_the_engines_read_differently_leave_targets_to_pyshacl(schema: Schema, literal: Literal) -> None:
    assert engines_may_differ([literal])
    data = graph_of(FIXTURES / "failing.ttl")
    data.add((URIRef("https://w3id.org/pvgraph/id/test/quirk"), rdflib.RDFS.comment, literal))
    explicit = explicit_sparql_targets(copy_graph(schema.shapes), pyshacl_data_graph(data, schema.ontology))
    assert set(explicit.subject_objects(SH.target)) == set(schema.shapes.subject_objects(SH.target))
    assert set(explicit.subject_objects(SH.targetNode)) == set(schema.shapes.subject_objects(SH.targetNode))


def test_ordinary_literals_keep_the_fast_path() -> None:
    assert not engines_may_differ(PLAIN)


def test_periods_and_labels_the_engines_read_differently_get_pyshacls_results(schema: Schema) -> None:
    """A year written " 2024" and a French name ending with a newline: rdflib selects them as
    targets, Oxigraph would not; with the targets left to pySHACL, both get their results."""
    data = rdflib.Graph().parse(format="turtle", data="""
        @prefix pv: <https://w3id.org/pvgraph/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/pvgraph/id/test/p1> a pv:Period ; pv:startYear " 2024"^^xsd:gYear ; pv:endYear "2020"^^xsd:gYear .
        <https://w3id.org/pvgraph/id/test/o1> rdfs:label "projet de\\n"@en .
    """)
    _c, ours = run_shacl(data, shapes=schema.shapes, ontology=schema.ontology)
    _c, plain, _t = pyshacl.validate(copy_graph(data), shacl_graph=copy_graph(schema.shapes),
                                     ont_graph=schema.ontology, **PYSHACL_ARGUMENTS)
    assert _results(ours) == _results(plain)
    shapes = {shape for (_f, _p, _v, _c, shape) in _results(ours)}
    assert {"https://w3id.org/pvgraph/shapes#PeriodOrderShape",
            "https://w3id.org/pvgraph/shapes#FrenchTaggedEnglishShape"} <= shapes


def test_scratch_data_holds_the_same_triples_afterwards(schema: Schema) -> None:
    data = graph_of(FIXTURES / "failing.ttl")
    before = set(data)
    run_shacl(data, shapes=schema.shapes, ontology=schema.ontology, scratch=True)
    assert set(data) == before and len(data) == len(before)
    run_shacl(data, shapes=schema.shapes, ontology=schema.ontology)
    assert set(data) == before
