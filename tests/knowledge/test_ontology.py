"""Quality checks of the ontology and of the terms the rest of the project uses.

- every Turtle source parses; the ontology has its metadata (licence, version IRI…) and no owl:imports;
- every pv: term used in data/, shapes/ and ontology/queries/ is declared in the ontology;
- every declared pv: term has labels and definitions in French and English, and no class, property
  or concept has two labels in one language;
- the ontology stays within what OWL 2 RL allows (no restrictions, unions, cardinalities…; the OWL
  API's profile checker and HermiT run in test_owl_tools.py);
- owlrl's closure of the ontology with the study and the examples is consistent (nothing typed
  owl:Nothing, no error reported), and it infers nothing the source does not state: no property
  chain turns a membership into a present org:memberOf, or an example into value creation.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

import owlrl
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .helpers import PV, REPO, turtle_files

ONTOLOGY_IRI = rdflib.URIRef("https://w3id.org/pvgraph/ontology")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
ERR = rdflib.Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
ETALAB = rdflib.URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
STUDY = "https://w3id.org/pvgraph/id/study/"
EXAMPLE = "https://w3id.org/pvgraph/id/example/"

MODULES = {"pvgraph.ttl", "territories.ttl", "projects.ttl", "value.ttl", "steering.ttl", "research.ttl",
           "alignments.ttl"}


def _graph(paths: list[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return _graph(turtle_files(REPO / "ontology"))


@pytest.fixture(scope="module")
def declared(ontology: rdflib.Graph) -> set[rdflib.URIRef]:
    """The pv: terms the ontology declares (anything it gives a type)."""
    return {s for s in ontology.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef) and str(s).startswith(PV)}


# --- files and metadata ---------------------------------------------------------------------------

def test_ontology_has_its_modules() -> None:
    assert {p.name for p in (REPO / "ontology").glob("*.ttl")} >= MODULES


@pytest.mark.parametrize(
    "path",
    sorted(p for d in ("ontology", "shapes", "data") for p in (REPO / d).rglob("*.ttl")),
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_every_turtle_file_parses(path: Path) -> None:
    with path.open("rb") as handle:
        assert list(ox.parse(handle, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))


def test_ontology_metadata(ontology: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert set(ontology.objects(ONTOLOGY_IRI, DCT.license)) == {ETALAB}
    assert set(ontology.objects(ONTOLOGY_IRI, OWL.versionIRI)) == {
        rdflib.URIRef("https://w3id.org/pvgraph/ontology/0.2.0")}
    assert set(ontology.objects(ONTOLOGY_IRI, OWL.versionInfo)) == {rdflib.Literal("0.2.0")}
    assert set(ontology.objects(ONTOLOGY_IRI, OWL.priorVersion)) == {
        rdflib.URIRef("https://w3id.org/pvgraph/ontology/0.1.0")}
    assert set(ontology.objects(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == {rdflib.Literal("pv")}
    assert set(ontology.objects(ONTOLOGY_IRI, VANN.preferredNamespaceUri)) == {rdflib.Literal(PV)}
    for prop in (DCT.title, DCT.description):
        assert {o.language for o in ontology.objects(ONTOLOGY_IRI, prop)} == {"fr", "en"}, prop
    for prop in (DCT.creator, DCT.created, DCT.modified):
        assert list(ontology.objects(ONTOLOGY_IRI, prop)), prop


def test_no_owl_imports(ontology: rdflib.Graph) -> None:
    assert not list(ontology.triples((None, OWL.imports, None)))


def test_the_storage_and_illustration_terms_are_declared(ontology: rdflib.Graph) -> None:
    assert (rdflib.URIRef(PV + "storeVersion"), RDF.type, OWL.DatatypeProperty) in ontology
    assert (rdflib.URIRef(PV + "isIllustrative"), RDF.type, OWL.DatatypeProperty) in ontology
    assert (rdflib.URIRef(PV + "isIllustrative"), RDFS.range, rdflib.XSD.boolean) in ontology


# --- every term used is declared -------------------------------------------------------------------

def _pv_terms_in_quads(quads) -> set[str]:
    return {t.value for q in quads for t in (q.subject, q.predicate, q.object)
            if isinstance(t, ox.NamedNode) and t.value.startswith(PV)}


def _used_in_data_and_shapes() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    files = turtle_files(REPO / "shapes") + turtle_files(REPO / "data")
    for path in files:
        with path.open("rb") as handle:
            for term in _pv_terms_in_quads(ox.parse(handle, format=ox.RdfFormat.TURTLE)):
                used.setdefault(term, set()).add(str(path.relative_to(REPO)))
    for path in sorted((REPO / "data").rglob("*.nt.gz")):
        with gzip.open(path, "rb") as handle:
            for term in _pv_terms_in_quads(ox.parse(handle, format=ox.RdfFormat.N_TRIPLES)):
                used.setdefault(term, set()).add(str(path.relative_to(REPO)))
    return used


def _used_in_queries() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in sorted((REPO / "ontology" / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        names = re.findall(r"(?<![\w#/])pv:(\w+)", text) + re.findall(r"<https://w3id\.org/pvgraph/ontology#(\w+)>", text)
        for name in names:
            used.setdefault(PV + name, set()).add(path.name)
    return used


def test_every_pv_term_used_in_data_shapes_and_queries_is_declared(declared: set[rdflib.URIRef]) -> None:
    used = _used_in_data_and_shapes()
    for term, files in _used_in_queries().items():
        used.setdefault(term, set()).update(files)
    assert used, "no pv: term found at all"
    undeclared = {term: sorted(files) for term, files in used.items() if rdflib.URIRef(term) not in declared}
    assert not undeclared


def test_every_pv_term_the_ontology_mentions_is_declared(ontology: rdflib.Graph, declared: set[rdflib.URIRef]) -> None:
    mentioned = {t for triple in ontology for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(PV)}
    assert mentioned - declared == set()


# --- labels and definitions ----------------------------------------------------------------------------

def _languages(graph: rdflib.Graph, subject: rdflib.URIRef, *props: rdflib.URIRef) -> Counter:
    return Counter(o.language for p in props for o in graph.objects(subject, p) if isinstance(o, rdflib.Literal))


def test_every_declared_term_has_labels_and_definitions_in_french_and_english(
    ontology: rdflib.Graph, declared: set[rdflib.URIRef]
) -> None:
    missing = {}
    for term in sorted(declared):
        labels = _languages(ontology, term, RDFS.label, SKOS.prefLabel)
        definitions = _languages(ontology, term, SKOS.definition)
        lacks = [f"label@{lang}" for lang in ("fr", "en") if not labels[lang]]
        lacks += [f"definition@{lang}" for lang in ("fr", "en") if not definitions[lang]]
        if lacks:
            missing[str(term)] = lacks
    assert not missing


def test_one_label_per_language(ontology: rdflib.Graph, declared: set[rdflib.URIRef]) -> None:
    """No class (nor property, concept or scheme) has two labels in the same language."""
    classes = {s for s in ontology.subjects(RDF.type, OWL.Class) if isinstance(s, rdflib.URIRef)}
    doubled = {}
    for term in sorted(classes | declared):
        for prop in (RDFS.label, SKOS.prefLabel, SKOS.definition):
            twice = [lang for lang, n in _languages(ontology, term, prop).items() if n > 1]
            if twice:
                doubled[(str(term), str(prop))] = twice
    assert not doubled


def test_terms_use_one_label_property(ontology: rdflib.Graph, declared: set[rdflib.URIRef]) -> None:
    """Classes and properties: rdfs:label; concepts and schemes: skos:prefLabel (never both)."""
    both = [t for t in declared if list(ontology.objects(t, RDFS.label)) and list(ontology.objects(t, SKOS.prefLabel))]
    assert not both
    for term in declared:
        kinds = set(ontology.objects(term, RDF.type))
        if kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}:
            assert list(ontology.objects(term, RDFS.label)), term
        else:
            assert list(ontology.objects(term, SKOS.prefLabel)), term


def test_every_term_is_defined_by_the_ontology(ontology: rdflib.Graph, declared: set[rdflib.URIRef]) -> None:
    assert {t for t in declared if (t, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology} == set()


def test_every_concept_is_in_a_declared_scheme(ontology: rdflib.Graph, declared: set[rdflib.URIRef]) -> None:
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    concept_classes = {s for s in ontology.transitive_subjects(RDFS.subClassOf, SKOS.Concept)}
    concepts = {s for c in concept_classes for s in ontology.subjects(RDF.type, c) if s in declared}
    assert len(concepts) >= 60
    for concept in concepts:
        in_schemes = set(ontology.objects(concept, SKOS.inScheme))
        assert in_schemes and in_schemes <= schemes, concept


def test_domains_and_ranges_name_known_classes_or_datatypes(ontology: rdflib.Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    for prop in (RDFS.domain, RDFS.range):
        for subject, target in ontology.subject_objects(prop):
            if str(target).startswith(str(rdflib.XSD)):
                continue
            assert target in classes, f"{subject} {prop} {target}: not a declared class"


# --- OWL 2 RL ------------------------------------------------------------------------------------------

ALLOWED_OWL = {OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
               OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.inverseOf, OWL.propertyChainAxiom,
               OWL.disjointWith, OWL.AllDisjointClasses, OWL.members, OWL.versionIRI, OWL.versionInfo,
               OWL.priorVersion}


def test_only_owl_2_rl_friendly_constructs(ontology: rdflib.Graph) -> None:
    """No restriction, union, intersection, enumeration, cardinality or equivalence: the ontology uses
    only axioms that OWL 2 RL (and pvgraph's reasoner) handle in every position."""
    used = {t for triple in ontology for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(str(OWL))}
    assert used <= ALLOWED_OWL, used - ALLOWED_OWL


def test_the_model_has_inverses_a_transitive_property_subproperties_and_no_chain(ontology: rdflib.Graph) -> None:
    """No property chain: the two the ontology had inferred what the source does not state (a
    membership that had ended became a present org:memberOf; the presentation's example of a value
    type became value created by every action of that kind)."""
    assert (rdflib.URIRef(PV + "withinTerritory"), RDF.type, OWL.TransitiveProperty) in ontology
    assert len(list(ontology.subject_objects(OWL.inverseOf))) >= 5
    assert len([s for s, o in ontology.subject_objects(RDFS.subPropertyOf) if str(o).startswith(PV)]) >= 4
    assert not list(ontology.subjects(OWL.propertyChainAxiom, None))


def test_no_range_outside_the_owl_2_rl_datatype_map(ontology: rdflib.Graph) -> None:
    """xsd:gYear and rdf:langString are not in OWL 2 RL's datatype map: the shapes check them."""
    ranges = set(ontology.objects(None, RDFS.range))
    assert not ranges & {rdflib.XSD.gYear, RDF.langString, rdflib.XSD.date}


# --- consistency and reasoning (owlrl) ------------------------------------------------------------

@pytest.fixture(scope="module")
def closure() -> rdflib.Graph:
    graph = _graph(turtle_files(REPO / "ontology") + turtle_files(REPO / "data" / "study")
                   + turtle_files(REPO / "data" / "examples"))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def test_the_closure_is_consistent(closure: rdflib.Graph) -> None:
    assert not list(closure.subjects(RDF.type, OWL.Nothing))
    assert not [str(m) for m in closure.objects(None, ERR.error)]
    clashes = [(a, b) for a, b in closure.subject_objects(OWL.differentFrom) if (a, OWL.sameAs, b) in closure]
    assert not clashes


def test_memberships_are_not_turned_into_member_of(closure: rdflib.Graph) -> None:
    """A membership says who belonged, and when (org:memberDuring); the closure does not restate it
    as a timeless org:memberOf (the fictional communauté de communes left its syndicat in 2022)."""
    derived = {(s, o) for s, o in closure.subject_objects(ORG.memberOf)
               if (None, ORG.member, s) in closure and str(s).startswith((STUDY, EXAMPLE))}
    asserted = _graph(turtle_files(REPO / "data" / "study") + turtle_files(REPO / "data" / "examples"))
    assert derived <= set(asserted.subject_objects(ORG.memberOf))
    ex = rdflib.Namespace(EXAMPLE)
    assert (ex["organisation-cc-fictive"], ORG.memberOf, ex["organisation-syndicat-numerique-fictif"]) not in closure


def test_nothing_infers_value_creation_from_an_example_or_a_kind(closure: rdflib.Graph) -> None:
    """The presentation's examples are illustrations (skos:example): no action, and no kind of
    initiative, is linked to a value type except through a value-creation statement."""
    value_types = set(closure.subjects(RDF.type, rdflib.URIRef(PV + "PublicValueType")))
    assert len(value_types) == 7
    kinds = set(closure.subjects(RDF.type, rdflib.URIRef(PV + "InitiativeKind")))
    actions = set(closure.subjects(RDF.type, rdflib.URIRef(PV + "Action")))
    links = {(s, p) for s, p, o in closure if o in value_types and (s in kinds or s in actions)}
    assert links == set()
    examples = {(s, o) for s, o in closure.subject_objects(SKOS.example) if s in value_types}
    assert (rdflib.URIRef(PV + "PoliticalValue"), rdflib.URIRef(PV + "ParticipatoryBudget")) in examples
    assert len(examples) == 7
    statements = set(closure.subjects(rdflib.URIRef(PV + "createdValueType"), None))
    assert statements and all(str(s).startswith(EXAMPLE) for s in statements)


def test_transitive_territories(closure: rdflib.Graph) -> None:
    ex = rdflib.Namespace("https://w3id.org/pvgraph/id/example/")
    within = rdflib.URIRef(PV + "withinTerritory")
    assert (ex["territory-ville-exemple"], within, ex["territory-departement-fictif"]) in closure


def test_organisations_are_never_territories(closure: rdflib.Graph) -> None:
    """The disjointness of organisations and territories holds on the study and the examples."""
    territories = set(closure.subjects(RDF.type, rdflib.URIRef(PV + "Territory")))
    organisations = set(closure.subjects(RDF.type, ORG.Organization))
    assert territories and organisations and not territories & organisations


def test_a_thing_typed_both_organisation_and_territory_is_inconsistent(ontology: rdflib.Graph) -> None:
    graph = rdflib.Graph()
    graph += ontology
    graph.parse(data="""@prefix pv: <https://w3id.org/pvgraph/ontology#> .
        <https://w3id.org/pvgraph/id/test/x> a pv:Commune , pv:CommuneTerritory .""", format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert list(graph.objects(None, ERR.error))
