"""The linked-data page model (pvgraph.resources), on the fictional fixture store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pvgraph.errors import InputError
from pvgraph.resources import describe, fetch_labels, resource_triples

from .conftest import ALPHA, AUTHORITY

PV = "https://w3id.org/pvgraph/ontology#"


def test_describe_gives_labels_in_the_readers_language(store):
    assert describe(store, ALPHA, "fr").label == "Projet Alpha"
    assert describe(store, ALPHA, "en").label == "Alpha project"
    # only a French label: English readers get it rather than nothing
    beta = "https://w3id.org/pvgraph/id/example/project/beta"
    assert describe(store, beta, "en").label == "Projet Bêta"


def test_describe_groups_properties_both_ways_with_labels(store):
    view = describe(store, AUTHORITY, "fr")
    assert [t.value for t in view.types] == [PV + "Authority"]
    assert view.types[0].label == "collectivité"
    incoming = {g.predicate.value: g for g in view.incoming}
    led_by = incoming[PV + "ledBy"]
    assert led_by.incoming is True
    assert led_by.predicate.label == "porté par"
    assert sorted(v.label for v in led_by.values) == ["Projet Alpha", "Projet Bêta"]
    outgoing = {g.predicate.value: g for g in view.outgoing}
    population = outgoing[PV + "population"].values[0]
    assert (population.kind, population.value, population.datatype) == ("literal", "12345", "xsd:integer")
    assert view.graphs == ("https://w3id.org/pvgraph/graph/examples",)


def test_literals_keep_their_text_and_language(store):
    view = describe(store, ALPHA, "fr")
    assert view.description.startswith("Un projet fictif <script>")
    labels = {(t.value, t.language) for t in view.labels}
    assert labels == {("Projet Alpha", "fr"), ("Alpha project", "en")}
    year = {g.predicate.value: g for g in view.outgoing}[PV + "startYear"].values[0]
    assert year.datatype == "xsd:gYear"


def test_unknown_iri_is_none_and_a_bad_iri_is_a_user_error(store):
    assert describe(store, "https://w3id.org/pvgraph/id/nothing") is None
    with pytest.raises(InputError):
        describe(store, "https://w3id.org/pvgraph/id/a b>")


def test_a_property_used_only_as_predicate_still_has_a_page(store):
    view = describe(store, PV + "startYear")
    assert view is not None and not view.outgoing


def test_values_are_cut_at_the_limit_and_say_so(store):
    view = describe(store, AUTHORITY, "fr", limit=1)
    assert view.truncated
    assert sum(len(g.values) for g in view.incoming) == 1
    assert view.incoming_total == 2


def test_resource_triples_hold_both_directions(store):
    triples = resource_triples(store, AUTHORITY)
    node = ox.NamedNode(AUTHORITY)
    assert any(t.subject == node for t in triples)
    assert {t.subject.value for t in triples if t.object == node} == {
        ALPHA, "https://w3id.org/pvgraph/id/example/project/beta"}
    assert resource_triples(store, "https://w3id.org/pvgraph/id/nothing") == []


def test_well_known_properties_get_french_names(store):
    labels = fetch_labels(store, ["http://www.w3.org/2000/01/rdf-schema#label"], "fr")
    assert labels["http://www.w3.org/2000/01/rdf-schema#label"] == "libellé"


def test_statements_only_the_reasoner_made_are_marked(store):
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    alpha = ox.NamedNode(ALPHA)
    store.add_to_graph("https://w3id.org/pvgraph/graph/inferred", [
        ox.Triple(alpha, rdf_type, ox.NamedNode(PV + "Project")),  # only inferred
        ox.Triple(alpha, rdf_type, ox.NamedNode(PV + "DigitalProject")),  # also asserted
        ox.Triple(ox.NamedNode(AUTHORITY), ox.NamedNode(PV + "leads"), alpha),  # incoming, inferred
    ])
    view = describe(store, ALPHA, "fr")
    assert {t.value: t.inferred for t in view.types} == {PV + "Project": True, PV + "DigitalProject": False}
    leads = {g.predicate.value: g for g in view.incoming}[PV + "leads"]
    assert [v.inferred for v in leads.values] == [True]
    led_by = {g.predicate.value: g for g in view.outgoing}[PV + "ledBy"]
    assert [v.inferred for v in led_by.values] == [False]
