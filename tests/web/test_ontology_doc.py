"""The ontology's documentation model (pvgraph.ontology_doc)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from pvgraph.loading import parse_file
from pvgraph.ontology_doc import build_ontology_doc, ontology_doc

from .conftest import FIXTURES

PV = "https://w3id.org/pvgraph/ontology#"
REPO_ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


@pytest.fixture
def doc():
    return build_ontology_doc(parse_file(FIXTURES / "ontology.ttl").quads)


def test_metadata_in_both_languages(doc):
    assert doc.title.get("fr") == "Ontologie d'essai"
    assert doc.title.get("en") == "Test ontology"
    assert doc.version == "0.0.1"


def test_terms_are_sorted_into_sections(doc):
    assert [c.anchor for c in doc.classes] == ["Authority", "Project", "DigitalProject"]
    assert {p.anchor for p in doc.object_properties} == {"ledBy", "leads", "within"}
    assert [p.anchor for p in doc.datatype_properties] == ["population"]
    assert [s.term.anchor for s in doc.schemes] == ["ValueScheme"]
    assert {c.anchor for c in doc.concepts} == {"PoliticalValue", "ParticipationValue"}


def test_every_term_has_both_labels_and_definitions(doc):
    for term in doc.terms():
        assert term.label.has("fr") and term.label.has("en"), term.iri
        assert term.definition.has("fr") and term.definition.has("en"), term.iri


def test_hierarchies(doc):
    roots = {n.concept.anchor: n for n in doc.class_tree}
    assert set(roots) == {"Authority", "Project"}  # org:FormalOrganization is not ours
    assert [n.concept.anchor for n in roots["Project"].narrower] == ["DigitalProject"]
    authority = next(c for c in doc.classes if c.anchor == "Authority")
    assert authority.parents[0].anchor is None  # a reused term: no anchor on the page
    assert authority.parents[0].label.get("fr") == "organisation formelle"
    tree = doc.schemes[0].tree
    assert [n.concept.anchor for n in tree] == ["PoliticalValue"]
    assert [n.concept.anchor for n in tree[0].narrower] == ["ParticipationValue"]


def test_property_details(doc):
    led_by = next(p for p in doc.object_properties if p.anchor == "ledBy")
    assert [r.anchor for r in led_by.domain] == ["Project"]
    assert [r.anchor for r in led_by.range] == ["Authority"]
    assert [r.anchor for r in led_by.inverse] == ["leads"]
    leads = next(p for p in doc.object_properties if p.anchor == "leads")
    assert [r.anchor for r in leads.inverse] == ["ledBy"]  # declared on one side only
    within = next(p for p in doc.object_properties if p.anchor == "within")
    assert "page.ontology.transitive" in within.characteristics


def test_a_cycle_in_the_hierarchy_does_not_loop():
    a, b = ox.NamedNode(PV + "A"), ox.NamedNode(PV + "B")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    owl_class = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")
    sub = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    triples = [ox.Triple(a, rdf_type, owl_class), ox.Triple(b, rdf_type, owl_class),
               ox.Triple(a, sub, b), ox.Triple(b, sub, a)]
    doc = build_ontology_doc(triples)
    assert len(doc.classes) == 2


@pytest.mark.skipif(not any(REPO_ONTOLOGY.glob("*.ttl")), reason="the project's ontology is not written yet")
def test_the_projects_ontology_is_documented_entirely():
    """Every pv: class and property the ontology declares gets an entry (counted by SPARQL)."""
    store = ox.Store()
    for path in sorted(REPO_ONTOLOGY.glob("*.ttl")):
        store.extend(parse_file(path).quads)

    def count(kind: str) -> int:
        query = (f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a <{kind}> "
                 f'FILTER(STRSTARTS(STR(?t), "{PV}")) }}')
        return int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)

    doc = build_ontology_doc(store.quads_for_pattern(None, None, None, None))
    assert len(doc.classes) == count("http://www.w3.org/2002/07/owl#Class")
    assert len(doc.object_properties) == count("http://www.w3.org/2002/07/owl#ObjectProperty")
    assert len(doc.datatype_properties) == count("http://www.w3.org/2002/07/owl#DatatypeProperty")
    assert len(doc.schemes) == count("http://www.w3.org/2004/02/skos/core#ConceptScheme")


def test_ontology_doc_reads_the_ontology_graph_only(store):
    doc = ontology_doc(store)
    assert "DigitalProject" in {c.anchor for c in doc.classes}
    assert doc.triples == len(list(store.quads("https://w3id.org/pvgraph/graph/ontology")))


def test_concepts_follow_their_notation():
    pv, skos = PV, "http://www.w3.org/2004/02/skos/core#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    scheme = ox.NamedNode(pv + "S")
    triples = [ox.Triple(scheme, rdf_type, ox.NamedNode(skos + "ConceptScheme"))]
    for name, notation, label in (("A", "10", "alpha"), ("B", "2", "bêta"), ("C", "1", "gamma")):
        node = ox.NamedNode(pv + name)
        triples += [ox.Triple(node, ox.NamedNode(skos + "inScheme"), scheme),
                    ox.Triple(node, ox.NamedNode(skos + "notation"), ox.Literal(notation)),
                    ox.Triple(node, ox.NamedNode(skos + "prefLabel"), ox.Literal(label, language="fr"))]
    doc = build_ontology_doc(triples)
    assert [n.concept.anchor for n in doc.schemes[0].tree] == ["C", "B", "A"]
