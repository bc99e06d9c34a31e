"""check_consistency returns the clashes as data, the same individuals owlrl complains about."""

from __future__ import annotations

import re

from pvgraph.loading import to_rdflib_graph
from pvgraph.reasoning import CONSISTENCY_RULES, check_consistency, materialise
from pvgraph.reasoning.oracle import owlrl_errors

from .helpers import FIXTURES, INFERRED, ONTOLOGY, graph_iri, parse_turtle, quads_of, store_with

PREFIXES = ("@prefix pv: <https://w3id.org/pvgraph/ontology#> . "
            "@prefix owl: <http://www.w3.org/2002/07/owl#> . "
            "@prefix ex: <https://w3id.org/pvgraph/id/example/> .\n")
EXTRA_AXIOMS = PREFIXES + """
pv:withinTerritory2 a owl:IrreflexiveProperty, owl:AsymmetricProperty .
pv:governs owl:propertyDisjointWith pv:partnerOf .
[] a owl:AllDisjointClasses ; owl:members ( pv:Project pv:Membership pv:Territory ) .
"""


def checked(ontology, data):
    store = store_with(ontology, {"data": data})
    materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                target_graph=INFERRED)
    return check_consistency(store, ontology_graph=ONTOLOGY, graphs=[graph_iri("data"), INFERRED])


def test_consistent_data_has_no_problem(fixture_ontology):
    for name in ("data-basic.ttl", "data-chains.ttl"):
        data = quads_of([FIXTURES / name])
        assert checked(fixture_ontology, data) == []
        assert owlrl_errors(to_rdflib_graph(fixture_ontology), to_rdflib_graph(data)) == []


def test_clashes_found_as_owlrl_finds_them(fixture_ontology):
    data = quads_of([FIXTURES / "data-clash.ttl"])
    problems = checked(fixture_ontology, data)
    assert {p.rule for p in problems} == {"cax-dw", "cls-nothing2", "eq-diff1"}
    mine = {p.focus for p in problems}
    theirs = set()
    for message in owlrl_errors(to_rdflib_graph(fixture_ontology), to_rdflib_graph(data)):
        theirs.update(re.findall(r"https://w3id\.org/pvgraph/id/example/\w+", message))
    assert "https://w3id.org/pvgraph/id/example/fine" not in mine
    assert mine <= theirs
    assert {iri for iri in theirs if not iri.endswith("/b")} <= mine  # eq-diff1 names one side


def test_property_clashes_and_all_disjoint_classes(fixture_ontology):
    ontology = [*fixture_ontology, *parse_turtle(EXTRA_AXIOMS)]
    data = parse_turtle(PREFIXES + """
        ex:loop pv:withinTerritory2 ex:loop .
        ex:x pv:withinTerritory2 ex:y . ex:y pv:withinTerritory2 ex:x .
        ex:o pv:governs ex:q ; pv:partnerOf ex:q .
        ex:thing a pv:Project, pv:Membership .
    """)
    problems = {(p.rule, p.focus.rsplit("/", 1)[-1]) for p in checked(ontology, data)}
    assert ("prp-irp", "loop") in problems
    assert {("prp-asyp", "x"), ("prp-asyp", "y")} <= problems
    assert ("prp-pdw", "o") in problems
    assert ("cax-dw", "thing") in problems
    assert {rule for rule, _ in problems} <= set(CONSISTENCY_RULES)
