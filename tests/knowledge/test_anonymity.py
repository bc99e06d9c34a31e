"""The study's cases stay anonymous, every study statement carries its source, and the illustrative
examples are marked as fictional and kept apart from the study.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from .helpers import PRESENTATION, PV, REPO, load_plain, turtle_files

STUDY_THINGS = ("https://w3id.org/pvgraph/id/study/", "https://w3id.org/pvgraph/id/case/",
                "https://w3id.org/pvgraph/id/project/")
EXAMPLE = "https://w3id.org/pvgraph/id/example/"
EXAMPLE_SOURCE = EXAMPLE + "source"

# Properties that would tie an anonymised case to a real territory or organisation, or put its
# figures among the national referential's (pv:population, pv:governs lead to census territories).
IDENTIFYING = {
    PV + "inseeCode", PV + "siren", PV + "populationYear", PV + "legalCategory", PV + "population",
    PV + "governs", PV + "governedBy", PV + "withinTerritory",
    "http://rdf.insee.fr/def/geo#codeINSEE", "http://www.w3.org/2002/07/owl#sameAs",
    "http://www.w3.org/2004/02/skos/core#exactMatch", "http://www.w3.org/2004/02/skos/core#closeMatch",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso", "http://www.w3.org/ns/adms#identifier",
    "http://purl.org/dc/terms/identifier", "http://www.w3.org/ns/org#identifier",
}


def _quads(directory: str) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for path in turtle_files(REPO / directory):
        with path.open("rb") as handle:
            quads += list(ox.parse(handle, format=ox.RdfFormat.TURTLE))
    return quads


@pytest.fixture(scope="module")
def study() -> list[ox.Quad]:
    return _quads("data/study")


@pytest.fixture(scope="module")
def examples() -> list[ox.Quad]:
    return _quads("data/examples")


def _subjects(quads: list[ox.Quad]) -> set[str]:
    return {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}


# --- the study ----------------------------------------------------------------------------------------

def test_study_things_carry_no_identifier_and_no_link_to_a_real_territory(study: list[ox.Quad]) -> None:
    offending = [(q.subject.value, q.predicate.value) for q in study if q.predicate.value in IDENTIFYING]
    assert not offending


def test_study_links_only_to_its_own_things_the_ontology_and_its_sources(study: list[ox.Quad]) -> None:
    allowed = (*STUDY_THINGS, PV, "https://w3id.org/pvgraph/id/source/", "http://www.w3.org/2001/XMLSchema#",
               "http://www.w3.org/1999/02/22-rdf-syntax-ns#")  # rdf:type as the predicate of a reified statement
    outside = {q.object.value for q in study if isinstance(q.object, ox.NamedNode)
               and q.predicate.value != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
               and not q.object.value.startswith(allowed)}
    assert not outside


def test_study_figures_are_bands_of_anonymised_territories(study: list[ox.Quad]) -> None:
    """The study's figures are population bands (pv:populationBand) of pv:AnonymisedTerritory nodes:
    neither a number nor the property and classes the national referential uses (pv:population,
    pv:CommuneTerritory…). test_reidentification.py proves that the bands single out no real place."""
    banded = {q.subject.value for q in study if q.predicate.value == PV + "populationBand"}
    anonymised = {q.subject.value for q in study if q.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                  and q.object.value == PV + "AnonymisedTerritory"}
    assert len(banded) == 7
    assert banded == anonymised
    assert all(q.object.value.startswith(PV + "PopulationBand") for q in study if q.predicate.value == PV + "populationBand")
    territory_classes = {PV + c for c in ("Territory", "CommuneTerritory", "EPCITerritory", "DepartementTerritory",
                                          "RegionTerritory")}
    assert not [q for q in study if q.object.value in territory_classes or q.object.value.startswith(
        "http://rdf.insee.fr/def/geo#")]


def test_every_study_thing_cites_the_presentation_or_the_law(study: list[ox.Quad]) -> None:
    """Every study resource cites the presentation, except the statements that rest on the law
    (the open syndicat mixte of case D): see test_attribution.py for the per-triple attribution."""
    sources: dict[str, set[str]] = {}
    for q in study:
        if q.predicate.value == "http://purl.org/dc/terms/source":
            sources.setdefault(q.subject.value, set()).add(q.object.value)
    assert set(sources) == _subjects(study)
    not_presentation = {s: v for s, v in sources.items() if PRESENTATION not in v}
    assert {s for s in not_presentation} == {"https://w3id.org/pvgraph/id/study/attribution-case-d-syndicat-mixte-ouvert"}


def test_study_has_nothing_illustrative_and_never_cites_the_examples(study: list[ox.Quad]) -> None:
    assert not [q for q in study if q.predicate.value == PV + "isIllustrative"]
    assert not [q for q in study if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(EXAMPLE)]


def test_study_asserts_no_label_claim_no_action_and_no_lever_for_a_difficulty(study: list[ox.Quad]) -> None:
    """What the presentation does not say, per case, is not asserted."""
    unsaid = {PV + p for p in ("claimsLabel", "hasAction", "actionOf", "createdByAction", "addressesDifficulty",
                               "respondsTo", "facesDifficulty", "hasContextFactor")}
    assert not [q for q in study if q.predicate.value in unsaid]


def test_study_epcis_kind_is_not_invented(study: list[ox.Quad]) -> None:
    kinds = {PV + k for k in ("Metropole", "CommunauteUrbaine", "CommunauteDAgglomeration", "CommunauteDeCommunes")}
    assert not [q for q in study if q.object.value in kinds]


# --- the examples -----------------------------------------------------------------------------------

def test_examples_live_under_the_example_namespace(examples: list[ox.Quad]) -> None:
    subjects = _subjects(examples) - {"https://w3id.org/pvgraph/graph/examples"}
    assert subjects and all(s.startswith(EXAMPLE) for s in subjects)


def test_every_example_is_flagged_illustrative_and_cites_the_example_source(examples: list[ox.Quad]) -> None:
    subjects = _subjects(examples) - {"https://w3id.org/pvgraph/graph/examples"}
    flagged = {q.subject.value for q in examples
               if q.predicate.value == PV + "isIllustrative" and q.object.value == "true"}
    sourced = {q.subject.value for q in examples
               if q.predicate.value == "http://purl.org/dc/terms/source" and q.object.value == EXAMPLE_SOURCE}
    assert subjects - flagged == set()
    assert subjects - sourced == {EXAMPLE_SOURCE}
    assert ("https://w3id.org/pvgraph/graph/examples", PV + "isIllustrative", "true") in {
        (q.subject.value, q.predicate.value, q.object.value) for q in examples}


def test_every_example_label_says_fictional(examples: list[ox.Quad]) -> None:
    labels = [q for q in examples if q.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"]
    assert labels
    for q in labels:
        word = {"fr": "fictif", "en": "fictional"}[q.object.language]
        assert word in q.object.value.lower() or (word == "fictif" and "fictive" in q.object.value.lower()), q


def test_examples_carry_no_real_identifier_and_never_cite_the_presentation(examples: list[ox.Quad]) -> None:
    assert not [q for q in examples if q.predicate.value in {PV + "inseeCode", PV + "siren",
                                                             "http://www.w3.org/2002/07/owl#sameAs"}]
    assert not [q for q in examples if q.object.value == PRESENTATION]


def test_examples_describe_no_study_thing(examples: list[ox.Quad]) -> None:
    assert not [q for q in examples if q.subject.value.startswith(STUDY_THINGS)
                or (isinstance(q.object, ox.NamedNode) and q.object.value.startswith(STUDY_THINGS))]


def test_no_query_result_mixes_up_study_and_examples() -> None:
    """In the union of the study and the examples, no study thing gains an illustrative flag."""
    store = load_plain((("ontology", "ontology"), ("data/study", "study"), ("data/examples", "examples")))
    assert not store.query("""ASK { ?s <https://w3id.org/pvgraph/ontology#isIllustrative> true .
        FILTER (STRSTARTS(STR(?s), "https://w3id.org/pvgraph/id/study/")
             || STRSTARTS(STR(?s), "https://w3id.org/pvgraph/id/case/")
             || STRSTARTS(STR(?s), "https://w3id.org/pvgraph/id/project/")) }""", use_default_graph_as_union=True)
