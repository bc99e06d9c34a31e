"""pvgraph's materialisation equals owlrl's OWL 2 RL closure, on the triples in scope.

Compared (see pvgraph.reasoning.oracle): the instance triples in the ontology's vocabulary
(``x a C``, ``x p y`` with C, p outside RDF/RDFS/OWL/XSD) that owlrl's closure of
ontology ∪ data adds, and the ones pvgraph's inferred graph adds. owlrl runs with all its rules;
the fixture ontology uses only constructs whose instance rules pvgraph supports:
cax-sco, cax-eqc1, cax-eqc2, prp-spo1, prp-eqp1, prp-eqp2, prp-inv1, prp-inv2, prp-symp,
prp-trp, prp-spo2, prp-dom, prp-rng.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pvgraph.loading import to_rdflib_graph
from pvgraph.reasoning import SUPPORTED_RULES, materialise
from pvgraph.reasoning.oracle import owlrl_entailments

from .helpers import (
    FIXTURES,
    INFERRED,
    ONTOLOGY,
    graph_iri,
    inferred_in_scope,
    parse_turtle,
    quads_of,
    store_with,
)

PV = "https://w3id.org/pvgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
EX = "https://w3id.org/pvgraph/id/example/"


def assert_equals_owlrl(ontology_quads, data_quads) -> None:
    store = store_with(ontology_quads, {"data": data_quads})
    report = materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                         target_graph=INFERRED)
    ontology, data = to_rdflib_graph(ontology_quads), to_rdflib_graph(data_quads)
    mine = inferred_in_scope(store, ontology + data)
    oracle = owlrl_entailments(ontology, data)
    assert sorted(oracle - mine) == [], "owlrl derives these, pvgraph does not"
    assert sorted(mine - oracle) == [], "pvgraph derives these, owlrl does not"
    assert report.added >= len(mine)


@pytest.mark.parametrize("data", ["data-basic.ttl", "data-chains.ttl", "data-clash.ttl"])
def test_fixture_data_equals_owlrl(fixture_ontology, data):
    assert_equals_owlrl(fixture_ontology, quads_of([FIXTURES / data]))


# One minimal case per supported rule: (rule, data, a triple the rule must add).
RULE_CASES = [
    ("cax-sco", "ex:a a pv:Metropole .", ("ex:a", "a", "org:Organization")),
    ("cax-eqc1", "ex:a a pv:CommuneTerritory .", ("ex:a", "a", "pv:TerritoireCommunal")),
    ("cax-eqc2", "ex:a a pv:TerritoireCommunal .", ("ex:a", "a", "pv:CommuneTerritory")),
    ("prp-spo1", "ex:p pv:coLedBy ex:o .", ("ex:p", "pv:ledBy", "ex:o")),
    ("prp-eqp1", "ex:p pv:ledBy ex:o .", ("ex:p", "pv:portePar", "ex:o")),
    ("prp-eqp2", "ex:p pv:portePar ex:o .", ("ex:p", "pv:ledBy", "ex:o")),
    ("prp-inv1", "ex:o pv:governs ex:t .", ("ex:t", "pv:governedBy", "ex:o")),
    ("prp-inv2", "ex:t pv:governedBy ex:o .", ("ex:o", "pv:governs", "ex:t")),
    ("prp-symp", "ex:a pv:partnerOf ex:b .", ("ex:b", "pv:partnerOf", "ex:a")),
    ("prp-trp", "ex:a pv:withinTerritory ex:b . ex:b pv:withinTerritory ex:c .",
     ("ex:a", "pv:withinTerritory", "ex:c")),
    ("prp-spo2", "ex:m org:member ex:a ; org:organization ex:b .", ("ex:a", "org:memberOf", "ex:b")),
    ("prp-dom", "ex:o pv:governs ex:t .", ("ex:o", "a", "org:FormalOrganization")),
    ("prp-rng", "ex:o pv:governs ex:t .", ("ex:t", "a", "pv:Territory")),
]
PREFIXES = f"@prefix pv: <{PV}> . @prefix org: <{ORG}> . @prefix ex: <{EX}> .\n"


def test_every_supported_rule_has_a_case():
    assert sorted({rule for rule, _, _ in RULE_CASES}) == sorted(SUPPORTED_RULES)


@pytest.mark.parametrize(("rule", "data", "expected"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_each_supported_rule(fixture_ontology, rule, data, expected):
    quads = parse_turtle(PREFIXES + data)
    store = store_with(fixture_ontology, {"data": quads})
    materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                target_graph=INFERRED)
    s, p, o = (term.replace("ex:", EX).replace("pv:", PV).replace("org:", ORG) for term in expected)
    if p == "a":
        p = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert store.query(f"ASK {{ GRAPH <{INFERRED}> {{ <{s}> <{p}> <{o}> }} }}").boolean, rule
    assert_equals_owlrl(fixture_ontology, quads)


INDIVIDUALS = [f"{EX}i{n}" for n in range(6)]
PROPERTIES = [PV + p for p in ("governs", "governedBy", "ledBy", "coLedBy", "portePar", "leads",
                               "withinTerritory", "directlyWithin", "partnerOf",
                               "projectTerritory")] + [ORG + "member", ORG + "organization"]
CLASSES = [PV + c for c in ("Commune", "CommuneTerritory", "TerritoireCommunal", "Metropole",
                            "Membership", "Project")]
edges = st.tuples(st.sampled_from(INDIVIDUALS), st.sampled_from(PROPERTIES),
                  st.sampled_from(INDIVIDUALS))
types = st.tuples(st.sampled_from(INDIVIDUALS), st.sampled_from(CLASSES))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edges, max_size=14), st.lists(types, max_size=5))
def test_random_graphs_equal_owlrl(fixture_ontology, edge_list, type_list):
    """Random small graphs over the fixture's properties: cycles, self-loops, chains of chains."""
    lines = [f"<{s}> <{p}> <{o}> ." for s, p, o in edge_list]
    lines += [f"<{s}> a <{c}> ." for s, c in type_list]
    assert_equals_owlrl(fixture_ontology, parse_turtle("\n".join(lines)))
