"""What the rule tables hold: the ontology's closure, what is reported unsupported, the schema
triples put into the inferred graph."""

from __future__ import annotations

from pvgraph.loading import to_rdflib_graph
from pvgraph.reasoning import derive_rules, materialise
from pvgraph.reasoning.rules import ChainStep

from .helpers import INFERRED, ONTOLOGY, graph_iri, parse_turtle, store_with

PV = "https://w3id.org/pvgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def test_tables_come_from_the_closure(fixture_ontology):
    rules = derive_rules(to_rdflib_graph(fixture_ontology))
    assert ORG + "Organization" in rules.superclasses[PV + "Metropole"]  # scm-sco, 4 levels up
    assert PV + "CommuneTerritory" in rules.superclasses["http://rdf.insee.fr/def/geo#Commune"]
    assert PV + "ledBy" in rules.superproperties[PV + "portePar"]  # scm-eqp1
    assert PV + "Project" in rules.domains[PV + "coLedBy"]  # scm-dom2
    assert (PV + "governedBy", PV + "governs") in rules.inverses
    assert (PV + "partnerOf", PV + "partnerOf") in rules.inverses
    chain = next(c for c in rules.chains if c.head == ORG + "memberOf")
    assert chain.steps == (ChainStep(ORG + "member", inverse=True), ChainStep(ORG + "organization"))
    assert all(not term.startswith("http://www.w3.org/2002/07/owl#")
               for supers in rules.superclasses.values() for term in supers)


def test_single_premise_rules_are_composed(fixture_ontology):
    """One triple's own consequences come in one pass: prp-spo1 then prp-inv, and back."""
    rules = derive_rules(to_rdflib_graph(fixture_ontology))
    assert {PV + "ledBy", PV + "portePar"} <= rules.forward[PV + "coLedBy"]
    assert PV + "leads" in rules.backward[PV + "coLedBy"]  # coLedBy ⊑ ledBy, inverse leads
    assert PV + "ledBy" in rules.backward[PV + "leads"]
    assert PV + "portePar" in rules.backward[PV + "leads"]  # leads⁻ = ledBy ≡ portePar
    assert PV + "Project" in rules.object_types[PV + "leads"]  # domain of ledBy, through inverse
    assert PV + "Territory" in rules.subject_types[PV + "governedBy"]  # range of governs
    assert rules.joined_properties() == {PV + "withinTerritory", PV + "ledBy", PV + "governs",
                                         ORG + "member", ORG + "organization"}


def test_unsupported_constructs_are_reported():
    ontology = parse_turtle("""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix ex: <https://example.org/> .
        ex:siren a owl:DatatypeProperty, owl:FunctionalProperty .
        ex:Big owl:equivalentClass [ a owl:Restriction ; owl:onProperty ex:size ;
                                     owl:hasValue "big" ] .
    """)
    notes = derive_rules(to_rdflib_graph(ontology)).unsupported
    assert any(n.startswith("prp-fp") and "siren" in n for n in notes)
    assert any(n.startswith("cls-hv") for n in notes)


def test_inferred_graph_holds_entailed_subsumptions_only(fixture_ontology):
    store = store_with(fixture_ontology, {"data": []})
    report = materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                         target_graph=INFERRED)
    entailed = f"<{PV}Metropole> <{SUBCLASS}> <{ORG}Organization>"
    stated = f"<{PV}Metropole> <{SUBCLASS}> <{PV}EPCIAFiscalitePropre>"
    assert store.query(f"ASK {{ GRAPH <{INFERRED}> {{ {entailed} }} }}").boolean
    assert not store.query(f"ASK {{ GRAPH <{INFERRED}> {{ {stated} }} }}").boolean
    assert report.schema_triples > 0
    # individuals of the ontology graph itself are reasoned about too (prp-symp here)
    symmetric = f"<{PV}MemberRole> <{PV}partnerOf> <{PV}CentralCityRole>"
    assert store.query(f"ASK {{ GRAPH <{INFERRED}> {{ {symmetric} }} }}").boolean


def test_rerun_replaces_the_target(fixture_ontology):
    data = parse_turtle("@prefix pv: <https://w3id.org/pvgraph/ontology#> . "
                        "<https://e.org/a> a pv:Metropole .")
    store = store_with(fixture_ontology, {"data": data})
    first = materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                        target_graph=INFERRED)
    second = materialise(store, ontology_graph=ONTOLOGY, source_graphs=[graph_iri("data")],
                         target_graph=INFERRED)
    assert first.added == second.added > 0
    assert store.graphs()[INFERRED] == first.added + first.schema_triples
